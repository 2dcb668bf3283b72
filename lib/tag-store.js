"use strict";
// SQLTagStore, from db.createTagStore([maxSize]): tagged templates whose SQL
// (the template's strings joined with `?`) is prepared once and kept in an LRU
// cache of `capacity` statements; the template's values are bound as
// anonymous parameters.
const { types } = require("node:util");
const native = require("./native");
const { defineMethods } = require("./define");
const { invalidArgType, invalidArgValue, outOfRange, illegalConstructor, nodeError } = require("./errors");
const { newStatement } = require("./statement");

const DEFAULT_CAPACITY = 1000;
const MAX_CAPACITY = 2 ** 31 - 1;
const CAPACITY_MESSAGE = 'The "maxSize" argument must be a positive integer.';

const { dbPrepare, tagStoreCheckDb, stmtParameterCount, stmtGet, stmtAll, stmtRun } = native;

// A leading object would be read as the named-parameter object; binding an
// empty one first makes every template value anonymous, as node binds them.
const NO_NAMED_PARAMETERS = Object.freeze({});

const illegalInvocation = () => nodeError(TypeError, undefined, "Illegal invocation");

/** Attaches private state to objects made by a plain constructor function. */
class ReturnsItsArgument {
  constructor(target) {
    return target;
  }
}
class TagStoreState extends ReturnsItsArgument {
  #db;
  #capacity;
  /** SQL text -> { sql, handle, statement, parameters }, least recently used first. */
  #cache = new Map();
  /** The most recently used SQL text (no reordering needed for it). */
  #last;

  static attach(store, db, capacity) {
    const self = new TagStoreState(store);
    self.#db = db;
    self.#capacity = capacity;
  }

  static db(store) {
    if (store === null || typeof store !== "object" || !(#db in store)) throw illegalInvocation();
    return store.#db;
  }

  static capacity(store) {
    TagStoreState.db(store);
    return store.#capacity;
  }

  static cache(store) {
    TagStoreState.db(store);
    return store.#cache;
  }

  static clear(store) {
    TagStoreState.cache(store).clear();
    store.#last = undefined;
  }

  /**
   * The cached (or newly prepared) entry for a template call. The connection
   * is checked lazily: preparing and executing check it natively, and every
   * error path here checks it first, as node does before anything else.
   */
  static entry(store, strings, valueCount) {
    const db = TagStoreState.db(store);
    let sql;
    try {
      sql = templateSQL(strings, valueCount);
    } catch (err) {
      tagStoreCheckDb(db);
      throw err;
    }
    const cache = store.#cache;
    let entry = cache.get(sql);
    if (entry === undefined) {
      entry = prepare(db, sql);
      cache.set(sql, entry);
      if (cache.size > store.#capacity) cache.delete(cache.keys().next().value);
      store.#last = sql;
    } else if (store.#last !== sql) {
      // Most recently used goes last.
      cache.delete(sql);
      cache.set(sql, entry);
      store.#last = sql;
    }
    if (entry.parameters !== valueCount) {
      tagStoreCheckDb(db);
      throw invalidArgValue("SQLite parameters must be bound using template literal placeholders.");
    }
    return entry;
  }

  /**
   * After a failed call: node's connection errors first; then, if the cached
   * statement had been finalized (by close()/open() or deserialize()), it is
   * prepared anew and the call may be retried. Otherwise the error stands.
   */
  static recover(store, entry, err) {
    tagStoreCheckDb(store.#db);
    if (stmtParameterCount(entry.handle) !== -1) throw err;
    Object.assign(entry, prepare(store.#db, entry.sql));
  }
}

function prepare(db, sql) {
  const handle = dbPrepare.call(db, sql);
  return { sql, handle, statement: undefined, parameters: stmtParameterCount(handle) };
}

/** Template objects are frozen and unique per call site: their SQL is built once. */
const templateCache = new WeakMap();

function templateSQL(strings, valueCount) {
  const cached = templateCache.get(strings);
  if (cached !== undefined && valueCount === strings.length - 1) return cached;
  // node's check is V8's IsArray(), which a Proxy (even of an array) fails.
  if (types.isProxy(strings) || !Array.isArray(strings)) {
    throw invalidArgType("First argument must be an array of strings (template literal).");
  }
  let sql = "";
  for (let i = 0; i < strings.length; i++) {
    const part = strings[i];
    if (typeof part !== "string") throw invalidArgType("Template literal parts must be strings.");
    sql += part;
    if (i < valueCount) sql += "?";
  }
  if (valueCount === strings.length - 1 && Object.isFrozen(strings)) templateCache.set(strings, sql);
  return sql;
}

function anonymous(values) {
  const first = values[0];
  if ((typeof first === "object" && first !== null) || typeof first === "function") values.unshift(NO_NAMED_PARAMETERS);
  return values;
}

/** Runs `call(entry)`, once more on a fresh statement if the cached one was finalized. */
function execute(store, strings, values, call) {
  const entry = TagStoreState.entry(store, strings, values.length);
  const params = anonymous(values);
  try {
    return call(entry, params);
  } catch (err) {
    TagStoreState.recover(store, entry, err);
    return call(entry, params);
  }
}

const runEntry = (entry, params) => stmtRun(entry.handle, ...params);
const getEntry = (entry, params) => stmtGet(entry.handle, ...params);
const allEntry = (entry, params) => stmtAll(entry.handle, ...params);
const iterateEntry = (entry, params) => {
  if (entry.statement === undefined) entry.statement = newStatement(entry.handle);
  return entry.statement.iterate(...params);
};

/**
 * The store's own accessors, made per instance as node does (anonymous,
 * enumerable, not configurable).
 */
function instanceAccessors() {
  const getter = (read) =>
    function () {
      return read(this);
    };
  return {
    capacity: { get: getter(TagStoreState.capacity), set: undefined, enumerable: true, configurable: false },
    db: { get: getter(TagStoreState.db), set: undefined, enumerable: true, configurable: false },
    size: { get: getter((store) => TagStoreState.cache(store).size), set: undefined, enumerable: true, configurable: false },
  };
}

/** `maxSize` as node validates it: undefined -> 1000, else a positive int32. */
function validateCapacity(maxSize) {
  if (maxSize === undefined) return DEFAULT_CAPACITY;
  if (typeof maxSize !== "number") throw invalidArgType(CAPACITY_MESSAGE);
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > MAX_CAPACITY) throw outOfRange(CAPACITY_MESSAGE);
  return maxSize;
}

function isDatabase(db) {
  try {
    native.dbIsOpen.call(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * node:sqlite only makes these through db.createTagStore(); as in
 * @photostructure/sqlite, `new SQLTagStore(db[, capacity])` works too.
 * Anything else is node's "Illegal constructor".
 */
function SQLTagStore(db, capacity) {
  if (new.target === undefined || !isDatabase(db)) throw illegalConstructor();
  tagStoreCheckDb(db);
  capacity = validateCapacity(capacity);
  TagStoreState.attach(this, db, capacity);
  Object.defineProperties(this, instanceAccessors());
}
Object.defineProperty(SQLTagStore, "length", { value: 0 });

defineMethods(SQLTagStore.prototype, {
  get(strings, ...values) {
    return execute(this, strings, values, getEntry);
  },
  all(strings, ...values) {
    return execute(this, strings, values, allEntry);
  },
  iterate(strings, ...values) {
    return execute(this, strings, values, iterateEntry);
  },
  run(strings, ...values) {
    return execute(this, strings, values, runEntry);
  },
  clear() {
    TagStoreState.clear(this);
  },
});

// node's key order puts `constructor` after the methods.
delete SQLTagStore.prototype.constructor;
Object.defineProperty(SQLTagStore.prototype, "constructor", {
  value: SQLTagStore,
  writable: true,
  enumerable: false,
  configurable: true,
});

/** `db.createTagStore([maxSize])`. */
function createTagStore(maxSize) {
  if (!isDatabase(this)) throw illegalInvocation();
  tagStoreCheckDb(this);
  return new SQLTagStore(this, validateCapacity(maxSize));
}

module.exports = { SQLTagStore, createTagStore };
