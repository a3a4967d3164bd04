// A manifest from before this workspace moved to TypeScript: plain CommonJS,
// no type import, no token callback (the app only calls the APIs from the
// browser, with the user's own token).
const nxPackageJson = require('../../package.json');
const packageJson = require('./package.json');

const readOnly = (names) => names.map((scope) => ({ scope, optional: false }));

module.exports = {
  specVersion: '1.1',
  moduleFederationName: packageJson.name,
  dependencies: nxPackageJson.dependencies || {},
  devDependencies: nxPackageJson.devDependencies || {},

  validDomains: ['site-board.acme.example'],

  installation: {
    pricingPlanPolicy: { ALL_PLANS: 'ON_DEMAND' },
  },

  marketplace: {
    showInMarketplace: false,
    name: 'Site Board',
    description: 'Every site in the account, and the machines on it.',
    fullDescriptionPath: 'description.md',
    tags: [],
    categories: [],
  },

  extensions: [
    {
      id: 'legacy-js-site-home-extension',
      type: 'SITE_HOME_EXTENSION',
      sourceRoot: 'apps/legacy-js/src',
      menuItem: { name: 'Site Board' },
    },
  ],

  scopes: readOnly(['account.view', 'asset.view']),
};
