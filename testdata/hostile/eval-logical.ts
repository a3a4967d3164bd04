// the same chain handed to eval, compiled while the manifest runs
const code = '2 ** 2 ** 1' + ' && 1'.repeat(40);
export default { scopes: [], x: (0, eval)(code) };
