"use strict";
// DatabaseSync: node's constructor contract and property layout, over the
// addon's connection functions.
const { types } = require("node:util");
const native = require("./native");
const { invalidArgType, nodeError, outOfRange } = require("./errors");
const { defineMethods, defineExtras, getterDescriptors } = require("./define");
const { validateOptionsObject, validateBoolean, optionalBoolean, isInt32 } = require("./validate");
const { parseLimitsOption, createLimits } = require("./limits");
const { defineFunction, defineAggregate } = require("./functions");
const { createModule } = require("./vtab");
const { newStatement } = require("./statement");
const { createTagStore } = require("./tag-store");
require("./diagnostics");

const { dbExecHandle, dbPrepareHandle } = native;

/** Returns its argument from a constructor: lets a subclass stamp private fields on any object. */
class Stamp {
  constructor(target) {
    return target;
  }
}

/**
 * The connection handle of each DatabaseSync, in a private field that the
 * native constructor fills through `attachHandle`: the hot methods read it
 * instead of having the addon unwrap `this` (design notes §2.4b).
 */
class DbHandle extends Stamp {
  #h;
  constructor(db, handle) {
    super(db);
    this.#h = handle;
  }

  static of(db) {
    // Reading a private field of anything else throws: that is the check.
    try {
      return db.#h;
    } catch {
      throw nodeError(TypeError, undefined, "Illegal invocation");
    }
  }
}

function attachHandle(db, handle) {
  new DbHandle(db, handle);
}

/** `db.prepare(sql[, options])`: the addon compiles; the facade wraps the handle. */
function prepare(sql, options) {
  return newStatement(dbPrepareHandle(DbHandle.of(this), sql, options));
}

/** `db.exec(sql)`. */
function exec(sql) {
  return dbExecHandle(DbHandle.of(this), sql);
}

const kSqliteType = Symbol.for("sqlite-type");
const limitsOf = new WeakMap();

const PATH_MESSAGE = 'The "path" argument must be a string, Uint8Array, or URL without null bytes.';

// Intrinsics, so that a hostile subclass or proxy cannot change the checks.
const byteLengthOf = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "byteLength").get;
const includesByte = Uint8Array.prototype.includes;

/**
 * A string or bytes for SQLite's filename, from node's accepted path forms:
 * a string, a Uint8Array (V8's IsUint8Array: no proxies), or any object whose
 * `href` is a string (a URL; node reads `href` and nothing else, and a getter
 * that throws only makes the path invalid).
 */
function normalizePath(path) {
  if (typeof path === "string") {
    if (path.includes("\0")) throw invalidArgType(PATH_MESSAGE);
    return path;
  }
  if (types.isUint8Array(path)) {
    // A view of a detached buffer has no bytes: the empty path, as in node.
    if (byteLengthOf.call(path) !== 0 && includesByte.call(path, 0)) throw invalidArgType(PATH_MESSAGE);
    return path;
  }
  if (path !== null && (typeof path === "object" || typeof path === "function")) {
    let href;
    try {
      href = path.href;
    } catch {
      throw invalidArgType(PATH_MESSAGE);
    }
    if (typeof href === "string") return sqliteUriOf(href);
  }
  throw invalidArgType(PATH_MESSAGE);
}

/**
 * A file: URL's href as node hands it to SQLite: a URI whose query parameters
 * apply (SQLite decodes the percent-escapes), without the fragment.
 */
function sqliteUriOf(href) {
  if (!href.startsWith("file:")) {
    throw nodeError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file:");
  }
  const hash = href.indexOf("#");
  return hash === -1 ? href : href.slice(0, hash);
}

// Node's validation order.
const OPTIONS = [
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

// node 26.10 reads these four and goes on with the default when the read
// throws (a throwing getter or proxy trap); the exception is dropped.
const OPTIONS_READ_LENIENTLY = new Set([
  "readBigInts",
  "returnArrays",
  "allowBareNamedParameters",
  "allowUnknownNamedParameters",
]);

function readOption(options, name) {
  if (!OPTIONS_READ_LENIENTLY.has(name)) return options[name];
  try {
    return options[name];
  } catch {
    return undefined;
  }
}

function parseOptions(options) {
  const parsed = { __proto__: null };
  for (const name of OPTIONS) {
    const value = readOption(options, name);
    if (name === "timeout") {
      if (value !== undefined && !isInt32(value)) {
        throw invalidArgType('The "options.timeout" argument must be an integer.');
      }
      parsed.timeout = value;
    } else if (name === "limits") {
      if (value !== undefined) parsed.limits = parseLimitsOption(value);
    } else {
      // Each option is read once (a getter runs once, as in node).
      if (value !== undefined) validateBoolean(value, `options.${name}`);
      parsed[name] = value;
    }
  }
  // Extra: the key of the SQLCipher build (checked by the addon).
  const encryptionKey = options.encryptionKey;
  if (encryptionKey !== undefined) parsed.encryptionKey = encryptionKey;
  // Extras (@photostructure/sqlite).
  const queryTimeout = optionalCount(options, "queryTimeout");
  if (queryTimeout !== undefined) parsed.queryTimeout = queryTimeout;
  const statementCache = optionalCount(options, "statementCache");
  if (statementCache !== undefined) parsed.statementCache = statementCache;
  parsed.readNullAsUndefined = optionalBoolean(options, "readNullAsUndefined");
  return parsed;
}

/** An extra's integer option in 0..2^31-1, rejected the node way. */
function optionalCount(options, name) {
  const value = options[name];
  if (value === undefined) return undefined;
  if (!Number.isInteger(value)) {
    throw invalidArgType(`The "options.${name}" argument must be an integer.`);
  }
  if (value < 0 || value > 2147483647) {
    throw outOfRange(`The value of "options.${name}" is out of range. It must be >= 0 && <= 2147483647. Received ${value}`);
  }
  return value;
}

const instanceAccessors = getterDescriptors({
  isOpen: native.dbIsOpen,
  isTransaction: native.dbIsTransaction,
  limits: {
    limits() {
      let limits = limitsOf.get(this);
      if (limits === undefined) {
        native.dbIsOpen.call(this); // refuses a foreign receiver
        limits = createLimits(this);
        limitsOf.set(this, limits);
      }
      return limits;
    },
  }.limits,
});
Object.defineProperty(instanceAccessors.limits.get, "name", { value: "" });

const DatabaseSync = native.DatabaseSync;

/**
 * Called by the native constructor (which has checked `new`): validates the
 * arguments in node's order, lays out the instance, and returns what the
 * connection needs. `argc` tells an explicit `undefined` options apart.
 */
function prepareDatabase(db, argc, path, options) {
  const location = normalizePath(path);
  let parsed = { __proto__: null };
  if (argc > 1) {
    validateOptionsObject(options);
    parsed = parseOptions(options);
  }
  Object.defineProperties(db, instanceAccessors);
  db[kSqliteType] = "node:sqlite";
  return [location, parsed, attachHandle];
}

defineMethods(DatabaseSync.prototype, {
  open: native.dbOpen,
  close: native.dbClose,
  prepare,
  exec,
  function: defineFunction,
  createTagStore,
  location: native.dbLocation,
  aggregate: defineAggregate,
  createSession: native.dbCreateSession,
  applyChangeset: native.dbApplyChangeset,
  enableLoadExtension: native.dbEnableLoadExtension,
  enableDefensive: native.dbEnableDefensive,
  loadExtension: native.dbLoadExtension,
  serialize: native.dbSerialize,
  deserialize: native.dbDeserialize,
  setAuthorizer: native.dbSetAuthorizer,
  [Symbol.dispose]: native.dbDispose,
});

defineExtras(DatabaseSync.prototype, {
  /** `db.createModule(name, options)`: JS virtual tables (node 26.11; not in 26.10's layout). */
  createModule,
  /** Alias of `[Symbol.dispose]()` (@photostructure/sqlite). */
  dispose: native.dbDispose,
  /** Re-encrypts with a new key (the SQLCipher build only). */
  rekey: native.dbRekey,
  /** `sqlite3_limit(id, -1)` by numeric id (@photostructure/sqlite). */
  getLimit(id) {
    return native.dbGetLimit(this, id);
  },
  /** Sets a limit by numeric id; returns the previous value (@photostructure/sqlite). */
  setLimit(id, value) {
    return native.dbSetLimit(this, id, value);
  },
  /** `sqlite3_interrupt`: stops the statement running on this connection (@photostructure/sqlite). */
  interrupt() {
    return native.dbInterrupt(this);
  },
});

module.exports = { DatabaseSync, prepareDatabase, kSqliteType, normalizePath, sqliteUriOf };
