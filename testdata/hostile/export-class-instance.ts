class Manifest {
  get scopes() {
    return [{ scope: 'asset.view', optional: false }];
  }
}
export default new Manifest();
