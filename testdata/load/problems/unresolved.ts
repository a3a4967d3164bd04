import x from "@acme/missing";
import y from "./nothere";
export default { x, y };
