const entry: any = { scope: 'asset.view', optional: false };
entry.self = entry;
export default {
  scopes: [entry],
};
