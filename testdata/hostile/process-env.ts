// process.env is empty: nothing of the CI's environment is visible.
export default {
  scopes: [{ scope: 'asset.view', optional: false }],
  // (the read itself is env-dependent's to report; here it is the value)
  // irislint-disable-next-line env-dependent
  tokenCallback: { url: process.env.HOME },
};
