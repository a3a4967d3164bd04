import { spawn } from "node:child_process";
export default { a: spawn };
