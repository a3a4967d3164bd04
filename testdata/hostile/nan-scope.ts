export default {
  scopes: [{ scope: NaN, optional: false }],
};
