import { scopes } from './lib';
export default { scopes };
