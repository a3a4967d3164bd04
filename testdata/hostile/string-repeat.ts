export default {
  scopes: [{ scope: 'x'.repeat(2 ** 40), optional: false }],
};
