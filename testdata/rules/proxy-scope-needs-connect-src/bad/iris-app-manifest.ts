import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  cspHeader: {
    'connect-src': ["'self'"],
  },
  scopes: [
    { scope: 'asset.view', optional: false },
    { scope: 'api.iris.app.proxy.fetch', optional: true },
  ],
};

export default irisAppManifest;
