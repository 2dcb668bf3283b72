"use strict";
// The experimental async API (`@photostructure/sqlite/experimental`):
// DatabasePool, a fixed set of connections whose SQL runs on the libuv thread
// pool. This file validates arguments, copies them out of JS when a call is
// made, and schedules: each connection ("slot") gets one request at a time,
// the rest wait here in FIFO order, so waiting calls hold no libuv thread.
require("../index"); // the addon's facade setup (row factories and helpers)
const native = require("./native");
const { sqliteUriOf } = require("./database");
const { rowFactory, arrayFactory } = require("./rows");
const { invalidArgType, invalidState, illegalConstructor } = require("./errors");

const CONSTRUCT = Symbol("DatabasePool construct");
const OPTION_KEYS = new Set(["connections", "authorizer", "readBigInts", "returnArrays", "allowExtension", "connectionSetup"]);
const KINDS = { run: 0, get: 1, all: 2 };
const TRANSACTIONS = new Set(["deferred", "immediate", "exclusive"]);
// Values per pushRows() call: stays well below the engine's argument limit.
const PUSH_CHUNK = 8192;
const asyncDispose = Symbol.asyncDispose || Symbol.for("nodejs.asyncDispose");

let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // libuv waits for its threads at exit: stop statements still running there.
  process.on("exit", () => native.poolInterruptAll());
}

/** The location as SQLite will read it: a string or a copy of the bytes. */
function snapshotLocation(location) {
  if (typeof location === "string") {
    if (location.includes("\0")) throw invalidArgType('The "location" argument must not contain null bytes.');
    return location;
  }
  if (location instanceof Uint8Array) {
    if (location.includes(0)) throw invalidArgType('The "location" argument must not contain null bytes.');
    return Uint8Array.prototype.slice.call(location);
  }
  // Handed to SQLite as a URI, as the synchronous API does.
  if (location instanceof URL) return sqliteUriOf(location.href);
  throw invalidArgType('The "location" argument must be a string, Buffer, or URL.');
}

/** In-memory and temporary databases are private to one connection. */
function isPrivateLocation(location) {
  const text = typeof location === "string" ? location : Buffer.from(location).toString();
  if (text === "" || text === ":memory:") return true;
  if (!text.startsWith("file:")) return false;
  const q = text.indexOf("?");
  const file = q === -1 ? text : text.slice(0, q);
  if (file === "file:" || file.toLowerCase() === "file::memory:") return true;
  if (q === -1) return false;
  return new URLSearchParams(text.slice(q)).get("mode")?.toLowerCase() === "memory";
}

function checkValue(value, label) {
  if (value === null || typeof value === "number" || typeof value === "bigint" || typeof value === "string") return;
  if (ArrayBuffer.isView(value)) return;
  throw invalidArgType(`The ${label} bind parameter must be null, a number, bigint, string, or ArrayBufferView.`);
}

/** Parameters must be an array or a plain object of bindable values. */
function checkParams(params, label) {
  if (params === undefined) return;
  if (Array.isArray(params)) {
    params.forEach((value, i) => checkValue(value, `${label}[${i}]`));
    return;
  }
  if (params === null || typeof params !== "object" || ArrayBuffer.isView(params)) {
    throw invalidArgType(`The ${label} parameters must be an array or object.`);
  }
  const proto = Object.getPrototypeOf(params);
  if (proto !== Object.prototype && proto !== null) {
    throw invalidArgType(`The ${label} parameters must be a plain object.`);
  }
  for (const key of Object.keys(params)) checkValue(params[key], `${label}.${key}`);
}

/** `[kind, sql, params]` for the addon, after checking a descriptor. */
function operation(op, index, setup) {
  const what = setup ? "connectionSetup entry" : "operation descriptor";
  if (op === null || typeof op !== "object" || Array.isArray(op)) {
    throw invalidArgType(`The ${what} ${index} must be an object.`);
  }
  const kind = setup ? "run" : op.kind;
  if (typeof kind !== "string" || !Object.hasOwn(KINDS, kind)) {
    throw invalidArgType(`The operation descriptor ${index} kind must be "run", "get", or "all".`);
  }
  const sql = op.sql;
  if (typeof sql !== "string") throw invalidArgType(`The ${what} ${index} sql must be a string.`);
  const params = op.params;
  checkParams(params, `operation ${index}`);
  return [KINDS[kind], sql, params];
}

function booleanOption(options, name) {
  const value = options[name];
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw invalidArgType(`The "options.${name}" argument must be a boolean.`);
  return value;
}

function normalizeOptions(options) {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalidArgType('The "options" argument must be an object.');
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw invalidArgType(`Unknown DatabasePool option "${key}".`);
  }
  const connections = options.connections === undefined ? 1 : options.connections;
  if (!Number.isSafeInteger(connections) || connections <= 0) {
    throw invalidArgType('The "options.connections" argument must be a positive safe integer.');
  }
  const authorizer = options.authorizer === undefined ? "strict" : options.authorizer;
  if (authorizer !== "strict" && authorizer !== "none") {
    throw invalidArgType('The "options.authorizer" argument must be "strict" or "none".');
  }
  const setup = options.connectionSetup === undefined ? [] : options.connectionSetup;
  if (!Array.isArray(setup)) throw invalidArgType('The "options.connectionSetup" argument must be an array.');
  return {
    connections,
    strict: authorizer === "strict",
    readBigInts: booleanOption(options, "readBigInts"),
    returnArrays: booleanOption(options, "returnArrays"),
    allowExtension: booleanOption(options, "allowExtension"),
    setup: setup.map((op, i) => operation(op, i, true)),
  };
}

function transactionOf(options) {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalidArgType('The "batch options" argument must be an object.');
  }
  for (const key of Object.keys(options)) {
    if (key !== "transaction") throw invalidArgType(`Unknown batch option "${key}".`);
  }
  const transaction = options.transaction;
  if (transaction !== undefined && !TRANSACTIONS.has(transaction)) {
    throw invalidArgType(
      'The "batch options.transaction" argument must be "deferred", "immediate", or "exclusive".',
    );
  }
  return transaction;
}

/** One result from the addon's `[kind, changes, names, values]`. */
function shapeResult([kind, changes, names, values], returnArrays) {
  if (kind === KINDS.run) return { changes };
  const factory = returnArrays ? arrayFactory(names.length) : rowFactory(names);
  if (kind === KINDS.get) return values.length === 0 && names.length === 0 ? undefined : factory.row(...values);
  const rows = [];
  if (names.length === 0) return rows;
  const chunk = PUSH_CHUNK - (PUSH_CHUNK % names.length) || names.length;
  for (let i = 0; i < values.length; i += chunk) factory.pushRows(rows, ...values.slice(i, i + chunk));
  return rows;
}

/**
 * A fixed-size pool of SQLite connections whose work runs on the libuv thread
 * pool. Create one with `await DatabasePool.open(location, options)`.
 */
class DatabasePool {
  #slots;
  #idle;
  #returnArrays;
  #pending = [];
  #inFlight = 0;
  /** "open", "closing" (draining accepted work), or "closed". */
  #state = "open";
  #closed;
  #closing = false;

  constructor(token, slots, returnArrays) {
    if (token !== CONSTRUCT) throw illegalConstructor();
    this.#slots = slots;
    this.#idle = [...slots];
    this.#returnArrays = returnArrays;
  }

  /**
   * Opens `options.connections` connections (one by one), runs
   * `connectionSetup` on each, and resolves with the pool.
   * @param {string | Buffer | Uint8Array | URL} location
   * @param {object} [options]
   * @returns {Promise<DatabasePool>}
   */
  static async open(location, options = undefined) {
    const path = snapshotLocation(location);
    const o = normalizeOptions(options);
    if (o.connections > 1 && isPrivateLocation(path)) {
      throw invalidArgType("In-memory and temporary databases require exactly one pool connection.");
    }
    installExitHook();
    const slots = [];
    try {
      for (let i = 0; i < o.connections; i++) {
        slots.push(await native.poolOpen(path, o.strict, o.allowExtension, o.readBigInts, o.setup));
      }
    } catch (err) {
      await Promise.allSettled(slots.map((slot) => native.poolClose(slot)));
      throw err;
    }
    return new DatabasePool(CONSTRUCT, slots, o.returnArrays);
  }

  /** Runs one statement and resolves with `{ changes }`. */
  run(sql, params = undefined) {
    return this.#single("run", sql, params);
  }

  /** Runs one statement and resolves with its first row, or undefined. */
  get(sql, params = undefined) {
    return this.#single("get", sql, params);
  }

  /** Runs one statement and resolves with all its rows. */
  all(sql, params = undefined) {
    return this.#single("all", sql, params);
  }

  /**
   * Runs `operations` (`{ kind: "run" | "get" | "all", sql, params }`) in
   * order on one connection; with `{ transaction }` inside BEGIN ... COMMIT,
   * rolled back on any error.
   */
  batch(operations, options = undefined) {
    try {
      if (!Array.isArray(operations)) throw invalidArgType('The "operations" argument must be an array.');
      const ops = operations.map((op, i) => operation(op, i, false));
      const transaction = transactionOf(options);
      return this.#submit(ops, transaction, false);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Stops accepting work, lets accepted work finish, then closes every
   * connection. Repeated calls share the same promise.
   */
  close() {
    if (this.#closed === undefined) {
      this.#closed = withResolvers();
      if (this.#state === "open") this.#state = "closing";
      this.#dispatch();
    }
    return this.#closed.promise;
  }

  [asyncDispose]() {
    return this.close();
  }

  #single(kind, sql, params) {
    try {
      return this.#submit([operation({ kind, sql, params }, 0, false)], undefined, true);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #submit(ops, transaction, single) {
    if (this.#state !== "open") {
      return Promise.reject(invalidState(`DatabasePool is ${this.#state}`));
    }
    // Parameters are copied now: later changes to a buffer do not reach SQL.
    const request = native.poolRequest(ops, transaction);
    return new Promise((resolve, reject) => {
      this.#pending.push({ request, single, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch() {
    while (this.#idle.length > 0 && this.#pending.length > 0) {
      const slot = this.#idle.shift();
      const job = this.#pending.shift();
      this.#inFlight++;
      let running;
      try {
        running = native.poolExecute(slot, job.request);
      } catch (err) {
        running = Promise.reject(err);
      }
      running.then(
        (results) => {
          let shaped;
          try {
            shaped = results.map((r) => shapeResult(r, this.#returnArrays));
          } catch (err) {
            job.reject(err);
            return this.#release(slot);
          }
          job.resolve(job.single ? shaped[0] : shaped);
          this.#release(slot);
        },
        (err) => {
          job.reject(err);
          if (err !== null && typeof err === "object" && err.fatal === true) this.#fail(err);
          this.#release(slot);
        },
      );
    }
    if (this.#state !== "open" && this.#pending.length === 0 && this.#inFlight === 0) this.#closeSlots();
  }

  #release(slot) {
    this.#inFlight--;
    this.#idle.push(slot);
    this.#dispatch();
  }

  /** A connection could not leave a transaction: the pool stops. */
  #fail(err) {
    if (this.#state === "closed") return;
    this.#state = "closing";
    for (const job of this.#pending.splice(0)) job.reject(err);
    if (this.#closed === undefined) {
      this.#closed = withResolvers();
      this.#closed.promise.catch(() => {});
    }
  }

  #closeSlots() {
    if (this.#closing) return;
    this.#closing = true;
    Promise.allSettled(this.#slots.map((slot) => native.poolClose(slot))).then((outcomes) => {
      this.#state = "closed";
      const failed = outcomes.find((o) => o.status === "rejected");
      if (failed) this.#closed.reject(failed.reason);
      else this.#closed.resolve();
    });
  }
}

function withResolvers() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

Object.defineProperty(DatabasePool.prototype, Symbol.toStringTag, { value: "DatabasePool", configurable: true });

module.exports = { DatabasePool };
