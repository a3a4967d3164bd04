export default {
  // CRLF line endings
  scopes: [
    { scope: "asset.veiw", optional: false },
  ],
};
