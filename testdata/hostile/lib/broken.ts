export const scopes = [
  { scope: 'asset.view' optional: false },
];
