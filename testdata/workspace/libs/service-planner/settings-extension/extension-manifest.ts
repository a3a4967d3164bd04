import { IrisAppSettingsExtensionManifest } from '@trackunit/iris-app-api';

const settingsExtensionManifest: IrisAppSettingsExtensionManifest = {
  id: 'service-planner-settings-extension',
  type: 'IRIS_APP_SETTINGS_EXTENSION',
  sourceRoot: 'libs/service-planner/settings-extension/src',
};

export default settingsExtensionManifest;
