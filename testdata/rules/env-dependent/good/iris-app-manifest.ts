import { IrisAppManifest } from '@trackunit/iris-app-api';

// Production asks for more, and calls back a production host.
const configuration = process.env['NX_TASK_TARGET_CONFIGURATION'];
const production = configuration === 'production';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'fleet-insights',
  scopes: [
    { scope: 'asset.view', optional: false },
    ...(production ? [{ scope: 'account.alert.view', optional: true }] : []),
  ],
  tokenCallback: {
    url: production ? 'https://fleet.acme.example/installed' : 'https://fleet.dev.acme.example/installed',
  },
};

export default irisAppManifest;
