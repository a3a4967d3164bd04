// goja folds constant operators, and decides whether `L && R` is constant
// by evaluating L twice: compile time doubled with each link (22: 2.9 s)
export default {
  scopes: [{ scope: 'asset.veiw', optional: false }],
  x: 2 ** 2 ** 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1 && 1,
};
