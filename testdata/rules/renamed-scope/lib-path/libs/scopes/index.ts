// Scopes every proxy-calling app of the workspace needs.
export const proxyScopes = [
  { scope: 'api.iris.app.proxy.fetch', optional: false },
  { scope: 'account.irisx.proxy.store-secret', optional: false },
] as const;
