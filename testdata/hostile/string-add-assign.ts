// s += s: each step doubles the string, in one copy the heap watcher
// may not see the middle of
let s = 'xy';
while (true) s += s;
export default { scopes: [s] };
