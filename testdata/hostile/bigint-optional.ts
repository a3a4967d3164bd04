export default {
  scopes: [{ scope: 'asset.view', optional: 10n }],
};
