let i = 0;
for (;;) i++;
export default {};
