// ESM view of index.d.ts, mirroring index.mjs: the same named exports, and
// the whole module as the default export. (__test__/types.test.js checks that
// this list matches what index.mjs exports.)
export type * from "./index.js";
export {
  Database,
  DatabaseSync,
  Statement,
  StatementSync,
  Session,
  constants,
  backup,
  changesetInvert,
  changesetConcat,
  changesetInspect,
  SQLTagStore,
  enhance,
  isEnhanced,
} from "./index.js";
import sqlite from "./index.js";
export default sqlite;
