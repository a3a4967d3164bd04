import { IrisAppManifest } from '@trackunit/iris-app-api';
import { baseScopes } from './libs/shared';

// asset.view here, and again from the lib: a duplicate for this app. The
// lib's entry cannot go: other/iris-app-manifest.ts has asset.view only
// from the lib.
const irisAppManifest: IrisAppManifest = {
  specVersion: '1.1',
  moduleFederationName: 'rule-fixture',
  scopes: [{ scope: 'asset.view', optional: false }, ...baseScopes],
};

export default irisAppManifest;
