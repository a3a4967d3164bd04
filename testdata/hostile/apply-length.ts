const fake = { length: 2 ** 31 } as unknown as number[];
export default { scopes: [Math.max.apply(null, fake)] };
