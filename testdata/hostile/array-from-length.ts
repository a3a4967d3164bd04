export default { scopes: Array.from({ length: 2 ** 31 }) };
