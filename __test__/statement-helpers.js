"use strict";
// Helpers shared by the statement*.test.js files.
const { assertThrows, sqlite } = require("./common");

const { DatabaseSync, StatementSync } = sqlite;

const invalidState = (fn, message) => assertThrows(fn, Error, { code: "ERR_INVALID_STATE", message });
const finalized = (fn) => invalidState(fn, "statement has been finalized");
const invalidated = (fn) => invalidState(fn, "iterator was invalidated");
const DONE = Object.freeze({ __proto__: null, done: true, value: null });

function openDb(options) {
  return options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
}

function dbWithRows() {
  const db = openDb();
  db.exec("create table t(x); insert into t values (1), (2), (3)");
  return db;
}

const STAT_NAMES = [
  "fullscanStep",
  "sort",
  "autoindex",
  "vmStep",
  "reprepare",
  "run",
  "filterMiss",
  "filterHit",
  "memused",
];

const COUNT_10K = "with recursive c(i) as (select 1 union all select i + 1 from c where i < 10000) select i from c";

module.exports = { invalidState, finalized, invalidated, DONE, openDb, dbWithRows, STAT_NAMES, COUNT_10K };
