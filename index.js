"use strict";
// @photostructure/sqlite: a drop-in replacement for node:sqlite.
const native = require("./lib/native");
const rows = require("./lib/rows");
const { StatementSync } = require("./lib/statement");
const { DatabaseSync, prepareDatabase } = require("./lib/database");
const { Session, changesetInvert, changesetConcat, changesetInspect } = require("./lib/session");
const { constants } = require("./lib/constants");
const { backup } = require("./lib/backup");
const { SQLTagStore } = require("./lib/tag-store");
const { enhance, isEnhanced } = require("./lib/enhance");
const { types } = require("node:util");

native.setup({
  prepareDatabase,
  rowFactory: rows.rowFactory,
  arrayFactory: rows.arrayFactory,
  doneResult: rows.doneResult,
  runResult: rows.runResult,
  columnInfo: rows.columnInfo,
  sharedArrayBufferView: (value) => (types.isSharedArrayBuffer(value) ? new Uint8Array(value) : undefined),
});

// Written name by name so that ESM `import { DatabaseSync } from` sees them.
// node's next release (26.11) names the classes Database and Statement, with
// the ...Sync names as deprecated aliases (DEP0210, DEP0211): the same classes.
exports.Database = DatabaseSync;
exports.DatabaseSync = DatabaseSync;
exports.Statement = StatementSync;
exports.StatementSync = StatementSync;
exports.Session = Session;
exports.constants = constants;
exports.backup = backup;
// Changeset utilities (@photostructure/sqlite extras).
exports.changesetInvert = changesetInvert;
exports.changesetConcat = changesetConcat;
exports.changesetInspect = changesetInspect;
// better-sqlite3-style helpers and the tag store class (@photostructure/sqlite extras).
exports.SQLTagStore = SQLTagStore;
exports.enhance = enhance;
exports.isEnhanced = isEnhanced;
exports.default = exports;
