import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [
    // irislint-disable-next-line unknown-scope, duplicate-scope
    { scope: 'asset.veiw', optional: false },
    { scope: 'account.view', optional: false }, // irislint-disable-line
  ],
};

export default irisAppManifest;
