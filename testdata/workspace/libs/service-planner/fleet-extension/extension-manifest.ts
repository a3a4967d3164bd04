import { FleetExtensionManifest } from '@trackunit/iris-app-api';

const fleetExtensionManifest: FleetExtensionManifest = {
  id: 'service-planner-fleet-extension',
  type: 'FLEET_EXTENSION',
  sourceRoot: 'libs/service-planner/fleet-extension/src',

  menuItem: {
    name: 'Service Planner',
    icon: 'Wrench',
  },
};

export default fleetExtensionManifest;
