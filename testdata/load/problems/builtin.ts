import fs from "fs";
export default { a: fs.readFileSync("/etc/passwd", "utf8") };
