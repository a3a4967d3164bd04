const req = new Function('return typeof require === "function" ? require : undefined')();
req('fs').writeFileSync('/tmp/irislint-pwned-marker', 'pwned');
export default { scopes: [] };
