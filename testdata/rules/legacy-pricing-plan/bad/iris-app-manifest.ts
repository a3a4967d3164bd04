import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  installation: {
    policy: 'ONDEMAND',
    pricingPlans: ['EXPLORE_FLEET_OWNER', 'EXPAND_OEM', 'PLATINUM'],
  },
  scopes: [{ scope: 'asset.view', optional: false }],
};

export default irisAppManifest;
