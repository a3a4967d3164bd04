function down(n: number): number {
  return down(n + 1) + 1;
}
export default { scopes: [], depth: down(0) };
