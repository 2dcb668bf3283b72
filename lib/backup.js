"use strict";
// backup(sourceDb, path[, options]) and its extra method form db.backup():
// node's synchronous validation, then the addon's backup task on the libuv
// thread pool. Adds an AbortSignal option (`signal`).
const native = require("./native");
const { DatabaseSync, normalizePath } = require("./database");
const { invalidArgType, invalidState, outOfRange } = require("./errors");
const { defineExtras } = require("./define");
const { isObject, isInt32 } = require("./validate");

const SOURCE_MESSAGE = 'The "sourceDb" argument must be an object.';

/** Controls of the backups running in this thread, stopped when it exits. */
const running = new Set();
let exitHookInstalled = false;

function stopAllOnExit() {
  // The libuv pool joins its threads at exit: a backup must not wait for a
  // progress callback that will never run.
  for (const control of running) native.backupStop(control, true);
}

/** Whether `db` is open; anything but a DatabaseSync is node's TypeError (node crashes). */
function isOpen(db) {
  if (!isObject(db)) throw invalidArgType(SOURCE_MESSAGE);
  try {
    return native.dbIsOpen.call(db);
  } catch {
    throw invalidArgType(SOURCE_MESSAGE);
  }
}

function optionalString(options, key) {
  const value = options[key];
  if (value === undefined) return "main";
  if (typeof value !== "string") throw invalidArgType(`The "options.${key}" argument must be a string.`);
  return value;
}

/** Node's order: rate, source, target, progress; then the addon's signal. */
function parseOptions(options) {
  if (!isObject(options)) throw invalidArgType('The "options" argument must be an object.');
  let rate = options.rate;
  if (rate === undefined) {
    rate = 100;
  } else {
    if (!isInt32(rate) || Object.is(rate, -0)) throw invalidArgType('The "options.rate" argument must be an integer.');
    if (rate <= 0) throw outOfRange('The "options.rate" argument must be a positive integer.');
  }
  const source = optionalString(options, "source");
  const target = optionalString(options, "target");
  const progress = options.progress;
  if (progress !== undefined && typeof progress !== "function") {
    throw invalidArgType('The "options.progress" argument must be a function.');
  }
  const signal = options.signal;
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
    throw invalidArgType('The "options.signal" argument must be an AbortSignal.');
  }
  return { rate, source, target, progress, signal };
}

/** Node's AbortError: `name` 'AbortError', `code` 'ABORT_ERR', the signal's reason as `cause`. */
function abortError(signal) {
  const err = new Error("The operation was aborted", signal === undefined ? undefined : { cause: signal.reason });
  err.code = "ABORT_ERR";
  err.name = "AbortError";
  return err;
}

function startBackup(sourceDb, path, options, hasOptions) {
  if (!isOpen(sourceDb)) throw invalidState("database is not open");
  const location = normalizePath(path);
  const { rate, source, target, progress, signal } = hasOptions
    ? parseOptions(options)
    : { rate: 100, source: "main", target: "main", progress: undefined, signal: undefined };
  if (signal !== undefined && signal.aborted) return Promise.reject(abortError(signal));

  // node calls progress with a null receiver and a fresh plain object.
  const onProgress =
    progress === undefined
      ? undefined
      : (totalPages, remainingPages) => {
          Reflect.apply(progress, null, [{ totalPages, remainingPages }]);
        };
  const control = {};
  const promise = native.backupRun(sourceDb, location, rate, source, target, onProgress, control);

  running.add(control);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", stopAllOnExit);
  }
  const onAbort = () => native.backupStop(control, false);
  if (signal !== undefined) signal.addEventListener("abort", onAbort, { once: true });
  const done = () => {
    running.delete(control);
    if (signal !== undefined) signal.removeEventListener("abort", onAbort);
  };
  return promise.then(
    (pages) => {
      done();
      // A backup stopped by the signal resolves natively without a count.
      if (pages === undefined) throw abortError(signal);
      return pages;
    },
    (err) => {
      done();
      throw err;
    },
  );
}

/**
 * Copies `sourceDb` into the database file at `path`, on the libuv thread
 * pool. Resolves with the number of pages copied.
 * @param {DatabaseSync} sourceDb
 * @param {string | Uint8Array | URL} path
 * @param {{ rate?: number, source?: string, target?: string,
 *   progress?: (info: { totalPages: number, remainingPages: number }) => void,
 *   signal?: AbortSignal }} [options]
 * @returns {Promise<number>}
 */
function backup(sourceDb, path, options = undefined) {
  return startBackup(sourceDb, path, options, arguments.length > 2);
}

defineExtras(DatabaseSync.prototype, {
  /** `backup(this, path, options)` as a method (@photostructure/sqlite). */
  backup(path, options = undefined) {
    return startBackup(this, path, options, arguments.length > 1);
  },
});

module.exports = { backup };
