let n = 0;
for (;;) n++;
export default { scopes: [], n };
