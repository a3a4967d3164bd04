// This manifest is broken on purpose: testdata/workspace/README.md lists
// what irislint reports for each line.
import { IrisAppManifest } from '@trackunit/iris-app-api';
import plannerFleetExtension from '@acme/service-planner-fleet-extension';
import plannerSettingsExtension from '@acme/service-planner-settings-extension';
import { plannerScopes } from '@acme/planner-scopes';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const nxPackageJson = require('../../package.json');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const packageJson = require('./package.json');

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: packageJson.name,
  dependencies: nxPackageJson.dependencies || {},
  devDependencies: nxPackageJson.devDependencies || {},

  validDomains: ['planner.acme.example'],
  cspHeader: {
    'connect-src': ['https://planner-api.acme.example'],
  },

  installation: {
    pricingPlanPolicy: { ALL_PLANS: 'ON_DEMAND' },
  },

  marketplace: {
    showInMarketplace: false,
    name: 'Service Planner',
    description: 'Plan workshop and field service from your service plans.',
    fullDescriptionPath: 'description.md',
    tags: ['service'],
    categories: [],
  },

  extensions: [plannerFleetExtension, plannerSettingsExtension],

  scopes: [
    { scope: 'account.view', optional: false },
    { scope: 'asset.veiw', optional: false },
    { scope: 'account.service-management.service-plan.view', optional: false },
    { scope: 'api.iris.app.proxy.fetch', optional: false },
    { scope: 'account.irisx.proxy.store-secret', optional: false },
    { scope: 'account.service-management.network.view', optional: 'yes' },
    { scope: 'account.alert.view', optional: true },
    { scope: 'account.view', optional: true },
    ...plannerScopes,
  ],

  tokenCallback: {
    url: 'http://planner.acme.example/install',
  },
};

export default irisAppManifest;
