import { scopes } from './lib/broken';
export default { scopes };
