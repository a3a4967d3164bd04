// An ownKeys trap whose result has a length but no elements: goja
// dereferences nil building the key list (found by FuzzLoad), which once
// crashed the whole run with a Go stack trace. Now an "eval" diagnostic.
const keys = new Proxy({}, { ownKeys: () => (a: unknown) => [] });
export default { scopes: Object.keys(keys) };
