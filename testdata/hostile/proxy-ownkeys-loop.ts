export default new Proxy(
  {},
  {
    ownKeys() {
      for (;;) {}
    },
  },
);
