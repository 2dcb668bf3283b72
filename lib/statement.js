"use strict";
// StatementSync and its iterator: classes whose hot methods are the addon's
// raw functions, installed on the prototypes as they are.
const native = require("./native");
const { defineMethods, defineExtras, getterDescriptors } = require("./define");

const statementAccessors = getterDescriptors({
  sourceSQL: native.stmtSourceSQL,
  expandedSQL: native.stmtExpandedSQL,
});

// Native classes: `new StatementSync()` throws node's "Illegal constructor".
const StatementSync = native.StatementSync;
const initStatement = (stmt) => Object.defineProperties(stmt, statementAccessors);

defineMethods(StatementSync.prototype, {
  iterate: native.stmtIterate,
  all: native.stmtAll,
  get: native.stmtGet,
  run: native.stmtRun,
  columns: native.stmtColumns,
  stat: native.stmtStat,
  resetStats: native.stmtResetStats,
  setAllowBareNamedParameters: native.stmtSetAllowBareNamedParameters,
  setAllowUnknownNamedParameters: native.stmtSetAllowUnknownNamedParameters,
  setReadBigInts: native.stmtSetReadBigInts,
  setReturnArrays: native.stmtSetReturnArrays,
  close: native.stmtClose,
  [Symbol.dispose]: native.stmtDispose,
});
// better-sqlite3's name for close(), used by the user guide.
defineExtras(StatementSync.prototype, { finalize: native.stmtClose });

// %IteratorPrototype% (the global `Iterator` exists only on Node >= 22).
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

const StatementSyncIterator = native.StatementSyncIterator;
Object.setPrototypeOf(StatementSyncIterator.prototype, IteratorPrototype);
defineMethods(StatementSyncIterator.prototype, {
  next: native.iterNext,
  return: native.iterReturn,
});
if (!(Symbol.toStringTag in IteratorPrototype)) {
  // Node 20 lacks Iterator helpers; keep `[object Iterator]` like node:sqlite.
  Object.defineProperty(StatementSyncIterator.prototype, Symbol.toStringTag, {
    value: "Iterator",
    configurable: true,
  });
}

module.exports = { StatementSync, StatementSyncIterator, initStatement };
