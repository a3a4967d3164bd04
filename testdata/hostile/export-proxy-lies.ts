// ownKeys reports a key the target cannot have: the Proxy invariant check
// throws when the keys are read.
const target = Object.preventExtensions({ scopes: [] });
export default new Proxy(target, {
  ownKeys: () => ['scopes', 'tokenCallback'],
});
