'use strict';
// Runtime half of the bench stand-in: the one enum a manifest may use as a
// value. String enum: each member is its own name, as in the SDK.
Object.defineProperty(exports, '__esModule', { value: true });
exports.ScopeType = Object.freeze({
  ACCOUNT: 'ACCOUNT',
  ACCOUNT_WRITE_GLOBAL_READ: 'ACCOUNT_WRITE_GLOBAL_READ',
  GLOBAL: 'GLOBAL',
});
