function r(): number {
  return r() + 1;
}
export default { a: r() };
