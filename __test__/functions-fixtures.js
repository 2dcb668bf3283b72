"use strict";
// Shared helpers for the db.function() tests (__test__/functions-*.test.js).
const { sqlite } = require("./common");

const { DatabaseSync } = sqlite;

function sqliteError(message, errcode = 1, errstr = "SQL logic error") {
  return { code: "ERR_SQLITE_ERROR", message, errcode, errstr };
}

function memdb(options) {
  return options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
}

module.exports = { sqliteError, memdb };
