import secret from '../hostile-outside/secret';
export default secret;
