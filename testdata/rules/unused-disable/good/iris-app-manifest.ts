import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [
    // irislint-disable-next-line unknown-scope -- the backend team's beta name, see ACME-1234
    { scope: 'asset.veiw', optional: false },
    { scope: 'account.delete', optional: false }, // irislint-disable-line sensitive-scope
  ],
};

export default irisAppManifest;
