import { IrisAppManifest } from '@trackunit/iris-app-api';

// Saved by an editor that writes a byte-order mark and CRLF line ends.
const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  cspHeader: { 'connect-src': ['https://api.example.com'] },
  scopes: [
    { scope: 'api.iris.app.proxy.fetch', optional: false },
    { scope: 'account.irisx.proxy.store-secret', optional: false },
    { scope: 'api.iris.app.proxy.fetch', optional: false }
  ],
};

export default irisAppManifest;
