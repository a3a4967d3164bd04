import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  installation: {
    pricingPlanPolicy: {
      ALL_PLANS: 'ON_DEMAND',
      LEAP: 'PREINSTALLED_REQUIRES_APPROVAL',
    },
  },
  scopes: [{ scope: 'asset.view', optional: false }],
};

export default irisAppManifest;
