import { IrisAppManifest } from '@trackunit/iris-app-api';
import { proxyScopes } from '@case/scopes';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  cspHeader: { 'connect-src': ['https://api.example.com'] },
  scopes: [{ scope: 'asset.view', optional: false }, ...proxyScopes],
};

export default irisAppManifest;
