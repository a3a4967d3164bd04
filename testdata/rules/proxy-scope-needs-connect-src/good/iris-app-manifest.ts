import { IrisAppManifest } from '@trackunit/iris-app-api';
import { apiHosts } from './hosts';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  cspHeader: {
    'connect-src': ["'self'", ...apiHosts],
  },
  scopes: [
    { scope: 'asset.view', optional: false },
    { scope: 'api.iris.app.proxy.fetch', optional: true },
  ],
};

export default irisAppManifest;
