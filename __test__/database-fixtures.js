"use strict";
// Shared fixtures for the database-*.test.js files: expected error shapes,
// option and limit tables, and small helpers that open throwaway databases.
const fs = require("node:fs");
const path = require("node:path");
const { sqlite } = require("./common");
const { DatabaseSync } = sqlite;

const PATH_MESSAGE = 'The "path" argument must be a string, Uint8Array, or URL without null bytes.';
const pathError = { code: "ERR_INVALID_ARG_TYPE", message: PATH_MESSAGE };
const notOpen = { code: "ERR_INVALID_STATE", message: "database is not open" };
const readonlyError = {
  code: "ERR_SQLITE_ERROR",
  message: "attempt to write a readonly database",
  errcode: 8,
  errstr: "attempt to write a readonly database",
};
const lockedError = { code: "ERR_SQLITE_ERROR", message: "database is locked", errcode: 5, errstr: "database is locked" };
const cantOpen = {
  code: "ERR_SQLITE_ERROR",
  message: "unable to open database file",
  errcode: 14,
  errstr: "unable to open database file",
};

const BOOLEAN_OPTIONS = [
  "open",
  "readOnly",
  "enableForeignKeyConstraints",
  "enableDoubleQuotedStringLiterals",
  "allowExtension",
  "readBigInts",
  "returnArrays",
  "allowBareNamedParameters",
  "allowUnknownNamedParameters",
  "defensive",
];
const ALL_OPTIONS = [
  "open",
  "readOnly",
  "enableForeignKeyConstraints",
  "enableDoubleQuotedStringLiterals",
  "allowExtension",
  "timeout",
  "readBigInts",
  "returnArrays",
  "allowBareNamedParameters",
  "allowUnknownNamedParameters",
  "defensive",
  "limits",
];
const LIMIT_NAMES = [
  "length",
  "sqlLength",
  "column",
  "exprDepth",
  "compoundSelect",
  "vdbeOp",
  "functionArg",
  "attach",
  "likePatternLength",
  "variableNumber",
  "triggerDepth",
];
const DEFAULT_LIMITS = {
  length: 1000000000,
  sqlLength: 1000000000,
  column: 2000,
  exprDepth: 1000,
  compoundSelect: 500,
  vdbeOp: 250000000,
  functionArg: 1000,
  attach: 10,
  likePatternLength: 50000,
  variableNumber: 32766,
  triggerDepth: 1000,
};

/** The absolute path SQLite reports for `p` (symlinks in the directory resolved). */
function real(p) {
  return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
}

/** Creates a database file at `p` with table t(a) holding one row (1). */
function makeDbFile(p) {
  const db = new DatabaseSync(p);
  db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
  db.close();
  return p;
}

function withDb(pathOrOptions, options, fn) {
  const db = new DatabaseSync(pathOrOptions, options);
  try {
    return fn(db);
  } finally {
    if (db.isOpen) db.close();
  }
}

module.exports = {
  PATH_MESSAGE,
  pathError,
  notOpen,
  readonlyError,
  lockedError,
  cantOpen,
  BOOLEAN_OPTIONS,
  ALL_OPTIONS,
  LIMIT_NAMES,
  DEFAULT_LIMITS,
  real,
  makeDbFile,
  withDb,
};
