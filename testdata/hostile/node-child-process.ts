import { execSync } from 'node:child_process';
execSync('touch /tmp/irislint-pwned-marker');
export default { scopes: [] };
