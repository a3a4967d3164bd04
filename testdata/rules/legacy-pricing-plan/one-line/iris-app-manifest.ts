import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  installation: { pricingPlanPolicy: { EXPLORE_FLEET_OWNER: 'ON_DEMAND', 'EXPLORE_OEM': 'PREINSTALED' } },
  scopes: [{ scope: 'asset.view', optional: false }],
};

export default irisAppManifest;
