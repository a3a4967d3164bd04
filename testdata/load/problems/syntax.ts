const a = {
  scopes: [
    { scope: "x" optional: false },
  ],
};
export default a;
