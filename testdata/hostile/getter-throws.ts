export default {
  get scopes() {
    throw new TypeError('no scopes for you');
  },
};
