import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [{ scope: 'asset.view', optional: false }],
  tokenCallback: {
    url: 'https://install.example.com/callback',
  },
};

export default irisAppManifest;
