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
  stmtRunInto,
  stmtRunScratch,
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

// run() reports changes and lastInsertRowid through this buffer: as doubles,
// or as int64s when stmtRunInto returns true (readBigInts). Building the
// result object here is much cheaper than the addon calling a JS factory.
const runScratch = new ArrayBuffer(16);
const runNumbers = new Float64Array(runScratch);
const runBigInts = new BigInt64Array(runScratch);
stmtRunScratch(runScratch);

function runResult(bigints) {
  return bigints
    ? { changes: runBigInts[0], lastInsertRowid: runBigInts[1] }
    : { changes: runNumbers[0], lastInsertRowid: runNumbers[1] };
}

// %IteratorPrototype% (the global `Iterator` exists only on Node >= 22).
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

class StatementSyncIterator {
  #h;
  constructor(token, handle) {
    if (token !== kToken) throw illegalConstructor();
    this.#h = handle;
  }

  static handle(it) {
    // Reading a private field of anything else throws: that is the check.
    try {
      return it.#h;
    } catch {
      throw illegalInvocation();
    }
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
    // Node's layout: both are own accessors. Literal descriptors are several
    // times faster than defineProperties() with a shared descriptor map.
    Object.defineProperty(this, "sourceSQL", { get: getSourceSQL, enumerable: true, configurable: false });
    Object.defineProperty(this, "expandedSQL", { get: getExpandedSQL, enumerable: true, configurable: false });
  }

  static handle(stmt) {
    try {
      return stmt.#h;
    } catch {
      throw illegalInvocation();
    }
  }

  // The execution methods forward up to three arguments without a rest
  // array and spread, which cost more than the rest of a simple call.
  iterate() {
    const h = StatementSync.handle(this);
    let it;
    switch (arguments.length) {
      case 0: it = stmtIterate(h); break;
      case 1: it = stmtIterate(h, arguments[0]); break;
      case 2: it = stmtIterate(h, arguments[0], arguments[1]); break;
      case 3: it = stmtIterate(h, arguments[0], arguments[1], arguments[2]); break;
      default: it = stmtIterate(h, ...arguments);
    }
    return new StatementSyncIterator(kToken, it);
  }

  all() {
    const h = StatementSync.handle(this);
    switch (arguments.length) {
      case 0: return stmtAll(h);
      case 1: return stmtAll(h, arguments[0]);
      case 2: return stmtAll(h, arguments[0], arguments[1]);
      case 3: return stmtAll(h, arguments[0], arguments[1], arguments[2]);
      default: return stmtAll(h, ...arguments);
    }
  }

  get() {
    const h = StatementSync.handle(this);
    switch (arguments.length) {
      case 0: return stmtGet(h);
      case 1: return stmtGet(h, arguments[0]);
      case 2: return stmtGet(h, arguments[0], arguments[1]);
      case 3: return stmtGet(h, arguments[0], arguments[1], arguments[2]);
      default: return stmtGet(h, ...arguments);
    }
  }

  run() {
    const h = StatementSync.handle(this);
    switch (arguments.length) {
      case 0: return runResult(stmtRunInto(h));
      case 1: return runResult(stmtRunInto(h, arguments[0]));
      case 2: return runResult(stmtRunInto(h, arguments[0], arguments[1]));
      case 3: return runResult(stmtRunInto(h, arguments[0], arguments[1], arguments[2]));
      default: return runResult(stmtRunInto(h, ...arguments));
    }
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
const { get: getSourceSQL } = accessors.sourceSQL;
const { get: getExpandedSQL } = accessors.expandedSQL;

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
defineExtras(StatementSync.prototype, {
  finalize: StatementSync.prototype.close,
  /** Extra: SQL NULL reads as `undefined` in rows (@photostructure/sqlite). */
  setReadNullAsUndefined(enabled) {
    return native.stmtSetReadNullAsUndefined(StatementSync.handle(this), enabled);
  },
});

// Extras (better-sqlite3's names): non-enumerable prototype accessors, so
// node's own layout (two own enumerable accessors) stays intact.
Object.defineProperties(StatementSync.prototype, {
  reader: {
    get: {
      reader() {
        return native.stmtReader(StatementSync.handle(this));
      },
    }.reader,
    enumerable: false,
    configurable: true,
  },
  readonly: {
    get: {
      readonly() {
        return native.stmtReadonly(StatementSync.handle(this));
      },
    }.readonly,
    enumerable: false,
    configurable: true,
  },
});

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
