const xs: number[] = [];
for (let i = 0; i < 300_000; i++) xs.push((i * 7919) % 1000003);
for (;;) xs.sort((a, b) => a - b).reverse();
export default { scopes: [] };
