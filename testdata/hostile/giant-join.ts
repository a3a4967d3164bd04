const big = 'x'.repeat(1 << 20);
export default { scopes: [new Array(4000).fill(big).join('')] };
