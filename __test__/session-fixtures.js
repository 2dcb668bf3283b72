"use strict";
// Shared fixtures for the session-*.test.js files: conflict constants, error
// checks and the standard table t with its base rows and source changeset.
const assert = require("node:assert/strict");
const { sqlite, isNode, checkError, throwsType, throwsRange, throwsState } = require("./common");
const { DatabaseSync, constants } = sqlite;

const {
  SQLITE_CHANGESET_OMIT: OMIT,
  SQLITE_CHANGESET_REPLACE: REPLACE,
  SQLITE_CHANGESET_ABORT: ABORT,
  SQLITE_CHANGESET_DATA: DATA,
  SQLITE_CHANGESET_NOTFOUND: NOTFOUND,
  SQLITE_CHANGESET_CONFLICT: CONFLICT,
  SQLITE_CHANGESET_CONSTRAINT: CONSTRAINT,
  SQLITE_CHANGESET_FOREIGN_KEY: FOREIGN_KEY,
} = constants;

const ADDON_ONLY = isNode && "addon extra, not in node:sqlite";

/** ERR_SQLITE_ERROR; errstr === undefined means "must have no errstr property". */
const throwsSqlite = (fn, message, errcode, errstr) =>
  assert.throws(fn, (e) => {
    checkError(e, Error.prototype, "ERR_SQLITE_ERROR", message);
    assert.equal(e.errcode, errcode);
    if (errstr === undefined) assert.equal("errstr" in e, false, "errstr must be absent");
    else assert.equal(e.errstr, errstr);
    return true;
  });

const all = (db, sql) => db.prepare(sql).all();
const row = (obj) => ({ __proto__: null, ...obj });
const rows = (...objs) => objs.map(row);

// Fixture used by most conflict tests: a table with a PK, a UNIQUE column and
// three base rows; the "source" changes update row 1, delete row 2, insert row 4.
const T_SCHEMA = "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, u TEXT UNIQUE)";
const T_BASE = "INSERT INTO t VALUES (1, 'a', 'u1'), (2, 'b', 'u2'), (3, 'c', 'u3')";
const T_CHANGES = "UPDATE t SET v = 'A' WHERE id = 1; DELETE FROM t WHERE id = 2; INSERT INTO t VALUES (4, 'd', 'u4')";
const T_BASE_ROWS = rows({ id: 1, v: "a", u: "u1" }, { id: 2, v: "b", u: "u2" }, { id: 3, v: "c", u: "u3" });
const T_FINAL_ROWS = rows({ id: 1, v: "A", u: "u1" }, { id: 3, v: "c", u: "u3" }, { id: 4, v: "d", u: "u4" });

function baseDb(extraSql) {
  const db = new DatabaseSync(":memory:");
  db.exec(T_SCHEMA);
  db.exec(T_BASE);
  if (extraSql) db.exec(extraSql);
  return db;
}
function tChangeset(kind = "changeset") {
  const src = baseDb();
  const session = src.createSession();
  src.exec(T_CHANGES);
  const out = session[kind]();
  session.close();
  src.close();
  return out;
}
const tRows = (db) => all(db, "SELECT * FROM t ORDER BY id");

/** Applies the fixture changeset to a target prepared with `setupSql`; records onConflict calls. */
function applyWithHandler(setupSql, handler, cs = tChangeset()) {
  const db = baseDb(setupSql);
  const types = [];
  const result = db.applyChangeset(cs, {
    onConflict: (type) => {
      types.push(type);
      return handler(type);
    },
  });
  return { db, types, result };
}

module.exports = {
  OMIT,
  REPLACE,
  ABORT,
  DATA,
  NOTFOUND,
  CONFLICT,
  CONSTRAINT,
  FOREIGN_KEY,
  ADDON_ONLY,
  checkError,
  throwsType,
  throwsState,
  throwsSqlite,
  all,
  row,
  rows,
  T_SCHEMA,
  T_BASE,
  T_CHANGES,
  T_BASE_ROWS,
  T_FINAL_ROWS,
  baseDb,
  tChangeset,
  tRows,
  applyWithHandler,
};
