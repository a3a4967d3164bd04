export default {
  scopes: [{ scope: "asset.veiw", optional: false }],
};
