import { view } from './lib/deep-view';
export default { scopes: [], view };
