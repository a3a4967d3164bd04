const scopes = [];
throw new Error('manifest refuses to build');
export default { scopes };
