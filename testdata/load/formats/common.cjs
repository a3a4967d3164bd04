exports.scopes = [{ scope: "asset.view", optional: false }];
