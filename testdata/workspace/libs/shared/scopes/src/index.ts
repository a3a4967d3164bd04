// Scope lists shared by every app in the workspace. Each app spreads the
// lists it needs into its manifest's `scopes`.

/** Every app shows machines, so every app reads assets. */
export const assetScopes = [{ scope: 'asset.view', optional: false }] as const;

/** Read-only service-management scopes; apps map them to optional entries. */
export const serviceManagementViews = [
  'account.service-management.network.view',
  'account.service-management.service-plan.view',
  'account.service-management.service-plan.assignment.view',
] as const;
