// ESM entry: the same module as index.js.
import sqlite from "./index.js";

export const {
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
} = sqlite;
export default sqlite;
