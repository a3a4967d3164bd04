const slots = new Array(2 ** 32 - 1).map(() => 1);
export default { scopes: slots };
