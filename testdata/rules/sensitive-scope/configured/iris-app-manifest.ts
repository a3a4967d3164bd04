import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [
    { scope: 'account.delete', optional: false },
    { scope: 'account.asset.manage', optional: false },
  ],
};

export default irisAppManifest;
