let s = 'xy';
for (;;) {
  s = s + s;
}
export default { scopes: [s] };
