import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  cspHeader: {
    'connect-src': ['https://api.example.com'],
    'default-src': ['https://legacy-api.example.com'],
  },
  scopes: [{ scope: 'asset.view', optional: false }],
};

export default irisAppManifest;
