const os = require('os');
export default { scopes: [{ scope: os.userInfo().username, optional: false }] };
