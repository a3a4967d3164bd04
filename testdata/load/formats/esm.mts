import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  scopes: [{ scope: 'account.view', optional: false }],
};

export default irisAppManifest;
