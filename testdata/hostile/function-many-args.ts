// The Function constructor given 300,000 arguments: the guard that
// measures the code joined them one append at a time, quadratic in Go
// code the time budget cannot stop (200,000: 13 s). Now one copy, then
// too-complex.
const body = Function.apply(null, new Array(300000).fill('a'));
export default { scopes: [{ scope: 'asset.view', optional: false }], body };
