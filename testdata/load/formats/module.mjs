export default {
  scopes: [{ scope: "asset.view", optional: false }],
};
