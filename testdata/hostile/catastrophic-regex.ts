// A backreference forces goja's backtracking engine; each match takes
// exponential time, and the loop never ends.
const re = /^(a+)+\1$/;
const s = 'a'.repeat(40) + 'b';
while (!re.test(s)) {
  // try again
}
export default { scopes: [] };
