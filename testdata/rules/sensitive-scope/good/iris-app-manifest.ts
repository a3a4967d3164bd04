import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [
    { scope: 'asset.view', optional: false },
    { scope: 'account.delete', optional: true },
    { scope: 'account.billing.manage', optional: true },
  ],
};

export default irisAppManifest;
