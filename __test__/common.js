"use strict";
// Shared by every test file. SQLITE_IMPL=node runs the same tests against the
// real node:sqlite (Node >= 22.13), so each behaviour is checked against it.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const impl = process.env.SQLITE_IMPL === "node" ? "node" : "addon";
const sqlite = impl === "node" ? require("node:sqlite") : require("..");
const nodeMajor = Number(process.versions.node.split(".")[0]);

let tmpRoot;
/** A fresh path in a per-process temporary directory (removed at exit). */
function tmpPath(name = "test.db") {
  if (!tmpRoot) {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-test-"));
    process.on("exit", () => fs.rmSync(tmpRoot, { recursive: true, force: true }));
  }
  const dir = fs.mkdtempSync(path.join(tmpRoot, "t-"));
  return path.join(dir, name);
}

/**
 * Asserts that `fn` throws an instance of exactly `Class` (not a subclass)
 * whose listed properties equal `expected` (a property expected as undefined
 * must be absent or undefined). `label`, when given, starts each failure
 * message (which case of a loop failed). Returns the error.
 */
function assertThrows(fn, Class, expected, label) {
  const prefix = label === undefined ? "" : `${label}: `;
  let err;
  assert.throws(
    fn,
    (e) => {
      err = e;
      return true;
    },
    `${prefix}expected ${Class.name} to be thrown`,
  );
  assert.ok(err !== null && typeof err === "object", `${prefix}expected an object to be thrown, got ${String(err)}`);
  assert.strictEqual(
    Object.getPrototypeOf(err),
    Class.prototype,
    `${prefix}expected a ${Class.name}, got ${err.constructor && err.constructor.name}: ${err.message}`,
  );
  const actual = {};
  for (const key of Object.keys(expected)) actual[key] = err[key];
  assert.deepStrictEqual(actual, expected, label);
  return err;
}

/**
 * Asserts that `promise` rejects with a plain Error of code ERR_SQLITE_ERROR
 * whose message, errcode and errstr are the given ones.
 */
function rejectsSqlite(promise, message, errcode, errstr) {
  return assert.rejects(promise, (e) => {
    assert.equal(Object.getPrototypeOf(e), Error.prototype, `wrong class: ${e && e.constructor && e.constructor.name}: ${e && e.message}`);
    assert.equal(e.code, "ERR_SQLITE_ERROR");
    assert.equal(e.message, message);
    assert.equal(e.errcode, errcode);
    assert.equal(e.errstr, errstr);
    return true;
  });
}

/**
 * `e` is exactly of `proto`'s class with this `code` and, unless it is
 * undefined, this `message` (for assert.throws/rejects).
 */
function checkError(e, proto, code, message) {
  assert.equal(Object.getPrototypeOf(e), proto, `wrong class: ${e && e.constructor && e.constructor.name}: ${e && e.message}`);
  assert.equal(e.code, code);
  if (message !== undefined) assert.equal(e.message, message);
  return true;
}
const throwsType = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, TypeError.prototype, "ERR_INVALID_ARG_TYPE", message));
const throwsRange = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, RangeError.prototype, "ERR_OUT_OF_RANGE", message));
const throwsState = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, Error.prototype, "ERR_INVALID_STATE", message));

module.exports = {
  assertThrows,
  checkError,
  throwsType,
  throwsRange,
  throwsState,
  rejectsSqlite,
  sqlite,
  impl,
  isNode: impl === "node",
  isAddon: impl === "addon",
  nodeMajor,
  tmpPath,
  addonPath: path.resolve(__dirname, ".."),
};
