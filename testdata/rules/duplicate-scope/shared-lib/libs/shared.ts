// Shared by this case's manifest and other/: each needs asset.view.
export const baseScopes = [
  { scope: 'account.view', optional: true },
  { scope: 'asset.view', optional: false },
];
