"use strict";
// Shared helpers for the db.createModule() tests (__test__/vtab-*.test.js):
// the skip condition for node:sqlite without createModule(), expected-error
// shapes, and column-definition shorthands.
const assert = require("node:assert/strict");
const { sqlite } = require("./common");

const { DatabaseSync } = sqlite;

const skip = typeof DatabaseSync.prototype.createModule !== "function" && "node:sqlite 26.10 has no createModule()";

const invalidState = (message) => ({ code: "ERR_INVALID_STATE", message });

const sqliteError = (message, errcode = 1, errstr = "SQL logic error") => ({
  code: "ERR_SQLITE_ERROR",
  message,
  errcode,
  errstr,
});

/** Asserts that fn throws exactly `thrown` (the same value, unchanged). */
function assertRethrows(fn, thrown) {
  assert.throws(fn, (e) => e === thrown);
}

const memdb = () => new DatabaseSync(":memory:");

const INT = (name) => ({ name, type: "INTEGER" });

const HIDDEN = (name) => ({ name, type: "INTEGER", hidden: true });

module.exports = { skip, invalidState, sqliteError, assertRethrows, memdb, INT, HIDDEN };
