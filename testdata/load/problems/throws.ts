function f(n: number): number {
  if (n > 3) throw new Error("boom at " + n);
  return f(n + 1);
}
export default { scopes: f(0) };
