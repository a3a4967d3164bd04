const n = 300_000;
const f = new Function('return ' + '['.repeat(n) + ']'.repeat(n));
export default { scopes: [], f: f() };
