import { FleetExtensionManifest } from '@trackunit/iris-app-api';

const fleetExtensionManifest: FleetExtensionManifest = {
  id: 'fleet-insights-fleet-extension',
  type: 'FLEET_EXTENSION',
  sourceRoot: 'libs/fleet-insights/fleet-extension/src',

  menuItem: {
    name: 'Fleet Insights',
    icon: 'ChartBar',
  },
};

export default fleetExtensionManifest;
