const secret = require('../hostile-outside/secret.json');
export default { scopes: [{ scope: secret.token, optional: false }] };
