const manifest = {
  scopes: [{ scope: 'account.alert.view', optional: true }],
};
export = manifest;
