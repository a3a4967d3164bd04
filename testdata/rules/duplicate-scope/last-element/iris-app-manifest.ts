import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [
    { scope: 'asset.view', optional: false },
    { scope: 'account.view', optional: true },
    { scope: 'asset.view', optional: false }
  ],
};

export default irisAppManifest;
