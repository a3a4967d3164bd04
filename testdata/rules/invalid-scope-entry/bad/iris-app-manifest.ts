import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [
    'asset.view',
    { scope: 'account.view', optional: 'false' },
    { scope: 'account.alert.view', Optional: true },
  ],
};

export default irisAppManifest;
