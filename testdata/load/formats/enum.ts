import { IrisAppManifest, ScopeType } from '@trackunit/iris-app-api';
import * as sdk from '@trackunit/iris-app-sdk-react';

export default {
  customFieldDefinitions: [{ key: 'serial', scopeType: ScopeType.ACCOUNT_WRITE_GLOBAL_READ }],
  translated: sdk.Something.ELSE,
  scopes: [],
} satisfies IrisAppManifest;
