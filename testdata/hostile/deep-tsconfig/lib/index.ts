export const scopes = [];
