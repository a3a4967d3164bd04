import { IrisAppManifest } from '@trackunit/iris-app-api';
import { baseScopes } from '../libs/shared';

const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture-other',
  scopes: [...baseScopes],
};

export default irisAppManifest;
