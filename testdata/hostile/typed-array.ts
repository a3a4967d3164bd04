const buf = new Uint8Array(2 ** 32);
export default { scopes: [buf] };
