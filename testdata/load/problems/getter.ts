export default {
  get scopes() {
    throw new Error("getter failed");
  },
};
