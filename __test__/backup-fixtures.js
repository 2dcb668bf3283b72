"use strict";
// Shared fixtures for the backup-*.test.js files: error checks and sample
// databases to copy.
const assert = require("node:assert/strict");
const { sqlite, isNode, checkError, throwsType, throwsRange, throwsState } = require("./common");
const { DatabaseSync } = sqlite;

const ADDON_ONLY = isNode && "addon extra, not in node:sqlite";


const all = (db, sql) => db.prepare(sql).all();
const pageCount = (db) => db.prepare("PRAGMA page_count").get().page_count;

/** Inserts `count` rows of `size` random bytes into table `t` (created if needed). */
function fill(db, count, size) {
  db.exec("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, x)");
  db.prepare(
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) INSERT INTO t(x) SELECT randomblob(?) FROM c",
  ).run(count, size);
}

/** A database of exactly 52 pages (4096-byte pages): checked by the tests using it. */
function db52() {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(x)");
  const insert = db.prepare("INSERT INTO t VALUES (?)");
  db.exec("BEGIN");
  for (let i = 0; i < 50; i++) insert.run("x".repeat(3000));
  db.exec("COMMIT");
  return db;
}

/** A small database with a table, an index and a view. */
function sampleDb(location = ":memory:") {
  const db = new DatabaseSync(location);
  db.exec(`
    CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, photo BLOB);
    CREATE INDEX people_name ON people(name);
    CREATE VIEW adults AS SELECT name FROM people WHERE age >= 18;
    INSERT INTO people VALUES (1, 'Ann', 34, x'00ff'), (2, 'Bob', 12, NULL), (3, 'Cy', 18, x'');
  `);
  return db;
}

function openCopy(file) {
  const copy = new DatabaseSync(file);
  assert.deepEqual(all(copy, "PRAGMA integrity_check"), [{ __proto__: null, integrity_check: "ok" }]);
  return copy;
}

module.exports = {
  ADDON_ONLY,
  checkError,
  throwsType,
  throwsRange,
  throwsState,
  all,
  pageCount,
  fill,
  db52,
  sampleDb,
  openCopy,
};
