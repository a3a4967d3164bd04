const slots = new Array(2 ** 32 - 1).fill(0);
export default { scopes: slots };
