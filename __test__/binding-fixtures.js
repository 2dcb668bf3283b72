"use strict";
// Shared helpers for the binding tests (__test__/binding-*.test.js).
const { assertThrows, sqlite } = require("./common");

const { DatabaseSync } = sqlite;

const unknownNamed = (fn, key) =>
  assertThrows(fn, Error, {
    code: "ERR_INVALID_STATE",
    message: `Unknown named parameter '${key}'`,
  });

function openDb(options) {
  return options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
}

/** Binds `value` as ?1 and reports its SQLite storage class and value. */
function probe(value, db = openDb()) {
  return db.prepare("select typeof(?1) t, ?1 v").get(value);
}

module.exports = { unknownNamed, openDb, probe };
