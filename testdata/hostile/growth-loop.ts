const big = 'x'.repeat(8 << 20);
const chunks: string[] = [];
for (;;) {
  chunks.push(big + chunks.length);
}
export default { scopes: chunks };
