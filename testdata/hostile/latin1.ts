export default {
  scopes: [{ scope: "asset.viéw", optional: false }],
};
