import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  cspHeader: { 'connect-src': ['https://api.example.com'] },
  scopes: [
    { scope: 'api.iris.app.proxy.fetch', optional: false },
    { scope: 'account.iris.app.store-secret', optional: false },
  ],
};

export default irisAppManifest;
