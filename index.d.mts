// ESM view of index.d.ts, mirroring index.mjs: the same named exports, and
// the whole module as the default export.
export type * from "./index.js";
export {
  DatabaseSync,
  StatementSync,
  Session,
  constants,
  backup,
} from "./index.js";
import sqlite from "./index.js";
export default sqlite;
