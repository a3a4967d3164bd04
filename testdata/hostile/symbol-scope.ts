export default {
  scopes: [{ scope: Symbol('asset.view'), optional: false }],
};
