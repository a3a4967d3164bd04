import { IrisAppManifest } from '@trackunit/iris-app-api';

// A good manifest linted beside the hostile ones: it must come out clean.
const irisAppManifest: IrisAppManifest = {
  scopes: [
    { scope: 'asset.view', optional: false },
    { scope: 'account.alert.view', optional: true },
  ],
  tokenCallback: { url: 'https://good.acme.example/installed' },
};

export default irisAppManifest;
