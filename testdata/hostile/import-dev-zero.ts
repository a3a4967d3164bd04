import zero from './links/zero';
export default { scopes: [zero] };
