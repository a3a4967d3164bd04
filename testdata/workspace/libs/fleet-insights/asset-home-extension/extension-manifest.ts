import { AssetHomeExtensionManifest } from '@trackunit/iris-app-api';

const assetHomeExtensionManifest: AssetHomeExtensionManifest = {
  id: 'fleet-insights-asset-home-extension',
  type: 'ASSET_HOME_EXTENSION',
  sourceRoot: 'libs/fleet-insights/asset-home-extension/src',

  menuItem: {
    name: 'Utilisation',
  },
};

export default assetHomeExtensionManifest;
