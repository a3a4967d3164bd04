export default {
  get scopes() {
    for (;;) {}
  },
};
