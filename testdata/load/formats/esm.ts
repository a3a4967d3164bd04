import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  scopes: [{ scope: 'asset.view', optional: false }],
};

export default irisAppManifest;
