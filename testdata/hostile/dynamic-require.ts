const name = ['f', 's'].join('');
const fs = require(name);
fs.writeFileSync('/tmp/irislint-pwned-marker', 'pwned');
export default { scopes: [] };
