const n = 300_000;
const v = eval('['.repeat(n) + ']'.repeat(n));
export default { scopes: [], v };
