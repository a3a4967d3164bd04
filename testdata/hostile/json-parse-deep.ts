const n = 3_000_000;
const v = JSON.parse('['.repeat(n) + ']'.repeat(n));
export default { scopes: [], v };
