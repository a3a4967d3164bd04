import secret from './links/outside';
export default secret;
