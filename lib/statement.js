"use strict";
// StatementSync and its iterator. Each instance keeps the addon's handle for
// it in a private field, so a method call costs one property read plus one
// raw native call (no unwrap of `this`; design notes §2.4b).
const native = require("./native");
const { defineMethods, defineExtras, getterDescriptors } = require("./define");
const { illegalConstructor, nodeError } = require("./errors");

const kToken = Symbol("internal");

const illegalInvocation = () => nodeError(TypeError, undefined, "Illegal invocation");

const {
  stmtGet,
  stmtAll,
  stmtRun,
  stmtIterate,
  stmtColumns,
  stmtStat,
  stmtResetStats,
  stmtSetAllowBareNamedParameters,
  stmtSetAllowUnknownNamedParameters,
  stmtSetReadBigInts,
  stmtSetReturnArrays,
  stmtClose,
  stmtDispose,
  stmtSourceSQL,
  stmtExpandedSQL,
  iterNext,
  iterReturn,
} = native;

// %IteratorPrototype% (the global `Iterator` exists only on Node >= 22).
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

class StatementSyncIterator {
  #h;
  constructor(token, handle) {
    if (token !== kToken) throw illegalConstructor();
    this.#h = handle;
  }

  static handle(it) {
    if (it === null || typeof it !== "object" || !(#h in it)) throw illegalInvocation();
    return it.#h;
  }

  next() {
    return iterNext(StatementSyncIterator.handle(this));
  }

  return() {
    return iterReturn(StatementSyncIterator.handle(this));
  }
}

class StatementSync {
  #h;
  constructor(token, handle) {
    if (token !== kToken) throw illegalConstructor();
    this.#h = handle;
    Object.defineProperties(this, accessors);
  }

  static handle(stmt) {
    if (stmt === null || typeof stmt !== "object" || !(#h in stmt)) throw illegalInvocation();
    return stmt.#h;
  }

  iterate(...params) {
    return new StatementSyncIterator(kToken, stmtIterate(StatementSync.handle(this), ...params));
  }

  all(...params) {
    return stmtAll(StatementSync.handle(this), ...params);
  }

  get(...params) {
    return stmtGet(StatementSync.handle(this), ...params);
  }

  run(...params) {
    return stmtRun(StatementSync.handle(this), ...params);
  }

  columns() {
    return stmtColumns(StatementSync.handle(this));
  }

  stat(...args) {
    return stmtStat(StatementSync.handle(this), ...args);
  }

  resetStats() {
    return stmtResetStats(StatementSync.handle(this));
  }

  setAllowBareNamedParameters(...args) {
    return stmtSetAllowBareNamedParameters(StatementSync.handle(this), ...args);
  }

  setAllowUnknownNamedParameters(...args) {
    return stmtSetAllowUnknownNamedParameters(StatementSync.handle(this), ...args);
  }

  setReadBigInts(...args) {
    return stmtSetReadBigInts(StatementSync.handle(this), ...args);
  }

  setReturnArrays(...args) {
    return stmtSetReturnArrays(StatementSync.handle(this), ...args);
  }

  close() {
    return stmtClose(StatementSync.handle(this));
  }

  [Symbol.dispose]() {
    return stmtDispose(StatementSync.handle(this));
  }
}

const accessors = getterDescriptors({
  sourceSQL: {
    get() {
      return stmtSourceSQL(StatementSync.handle(this));
    },
  }.get,
  expandedSQL: {
    get() {
      return stmtExpandedSQL(StatementSync.handle(this));
    },
  }.get,
});
for (const { get } of Object.values(accessors)) Object.defineProperty(get, "name", { value: "" });

/** Re-lays out a class's prototype as node's: enumerable methods, length 0. */
function exposeMethods(Class) {
  const proto = Class.prototype;
  const methods = {};
  for (const key of Reflect.ownKeys(proto)) if (key !== "constructor") methods[key] = proto[key];
  defineMethods(proto, methods);
}
exposeMethods(StatementSync);
exposeMethods(StatementSyncIterator);
Object.defineProperty(StatementSync.prototype[Symbol.dispose], "name", { value: "" });

// better-sqlite3's name for close(), used by the user guide.
defineExtras(StatementSync.prototype, { finalize: StatementSync.prototype.close });

Object.setPrototypeOf(StatementSyncIterator.prototype, IteratorPrototype);
if (!(Symbol.toStringTag in IteratorPrototype)) {
  // Node 20 lacks Iterator helpers; keep `[object Iterator]` like node:sqlite.
  Object.defineProperty(StatementSyncIterator.prototype, Symbol.toStringTag, {
    value: "Iterator",
    configurable: true,
  });
}

/**
 * The exported constructors: calling them (with or without `new`) throws
 * node's "Illegal constructor"; instances come from `db.prepare()`.
 */
function publicConstructor(Class) {
  const ctor = {
    [Class.name]: function () {
      throw illegalConstructor();
    },
  }[Class.name];
  ctor.prototype = Class.prototype;
  Object.defineProperty(Class.prototype, "constructor", { value: ctor, writable: true, enumerable: false, configurable: true });
  return ctor;
}

const newStatement = (handle) => new StatementSync(kToken, handle);

module.exports = {
  StatementSync: publicConstructor(StatementSync),
  StatementSyncIterator: publicConstructor(StatementSyncIterator),
  newStatement,
};
