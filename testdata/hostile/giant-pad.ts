export default { scopes: [''.padStart(2 ** 31, 'x')] };
