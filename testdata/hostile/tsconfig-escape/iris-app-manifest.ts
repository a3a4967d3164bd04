import secret from '@out/secret';
export default secret;
