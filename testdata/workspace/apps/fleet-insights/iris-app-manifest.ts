import { IrisAppManifest, ScopeType } from '@trackunit/iris-app-api';
import fleetExtension from '@acme/fleet-insights-fleet-extension';
import assetHomeExtension from '@acme/fleet-insights-asset-home-extension';
import { assetScopes, serviceManagementViews } from '@acme/shared-scopes';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const nxPackageJson = require('../../package.json');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const packageJson = require('./package.json');

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: packageJson.name,
  dependencies: nxPackageJson.dependencies || {},
  devDependencies: nxPackageJson.devDependencies || {},

  validDomains: ['fleet-insights.acme.example'],
  cspHeader: {
    'connect-src': ['https://api.acme.example', 'https://telemetry.acme.example'],
  },

  installation: {
    pricingPlanPolicy: { ALL_PLANS: 'ON_DEMAND' },
  },

  marketplace: {
    showInMarketplace: true,
    name: 'Fleet Insights',
    description: 'Utilisation and service readiness for every machine in your fleet.',
    fullDescriptionPath: 'description.md',
    tags: ['utilisation', 'service'],
    categories: [],
  },

  extensions: [fleetExtension, assetHomeExtension],

  customFieldDefinitions: [
    {
      key: 'acmeUtilisationTarget',
      entityType: 'ASSET',
      type: 'NUMBER',
      scopeType: ScopeType.ACCOUNT,
      translations: [
        {
          language: 'en',
          title: 'Utilisation target (%)',
          description: 'Share of working hours this machine is expected to run.',
        },
      ],
      uiEditable: true,
      uiVisible: true,
    },
  ],

  scopes: [
    ...assetScopes,
    { scope: 'account.view', optional: false },
    { scope: 'account.alert.view', optional: true },
    { scope: 'api.iris.app.proxy.fetch', optional: false },
    ...serviceManagementViews.map((scope) => ({ scope, optional: true })),
  ],

  tokenCallback: {
    url: 'https://fleet-insights.acme.example/trackunit/installed',
  },
};

export default irisAppManifest;
