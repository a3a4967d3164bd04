import * as fs from 'fs';
fs.writeFileSync('/tmp/irislint-pwned-marker', 'pwned');
export default { scopes: [] };
