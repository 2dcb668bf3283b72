"use strict";
// Extension loading beyond extensions.test.js: the order of node's checks, the
// enabled state across close()/open(), and what counts as an entry point.
// Spec: api.md §1.2 (allowExtension), §1.3, catalogue rows 39-42.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { sqlite, tmpPath, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

const NOT_ALLOWED = { code: "ERR_INVALID_STATE", message: "extension loading is not allowed" };
const NOT_OPEN = { code: "ERR_INVALID_STATE", message: "database is not open" };
const missing = () => path.join(path.dirname(tmpPath()), "missing-extension");

describe("order of the checks", () => {
  test("loadExtension(): open, then allowed, then the path's type", () => {
    const db = new DatabaseSync(":memory:");
    assertThrows(() => db.loadExtension(5), Error, NOT_ALLOWED);
    db.close();
    assertThrows(() => db.loadExtension(5), Error, NOT_OPEN);
  });

  test("enableLoadExtension(): open, then the argument's type, then allowExtension", () => {
    const db = new DatabaseSync(":memory:");
    assertThrows(() => db.enableLoadExtension(1), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: 'The "allow" argument must be a boolean.',
    });
    db.close();
    assertThrows(() => db.enableLoadExtension(1), Error, NOT_OPEN);
  });

  test("a database opened with open: false must be opened first", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true, open: false });
    assertThrows(() => db.loadExtension(missing()), Error, NOT_OPEN);
    assertThrows(() => db.enableLoadExtension(false), Error, NOT_OPEN);
    db.open();
    assertThrows(() => db.loadExtension(missing()), Error, { code: "ERR_LOAD_SQLITE_EXTENSION" });
    db.close();
  });
});

describe("enabled state and entry points", () => {
  test("enableLoadExtension(false) lasts across close() and open()", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    db.enableLoadExtension(false);
    db.close();
    db.open();
    assertThrows(() => db.loadExtension(missing()), Error, NOT_ALLOWED);
    db.enableLoadExtension(true);
    db.close();
    db.open();
    assertThrows(() => db.loadExtension(missing()), Error, { code: "ERR_LOAD_SQLITE_EXTENSION" });
    db.close();
  });

  test("a non-string entry point means the default one (no type error)", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    const file = missing();
    const plain = assertThrows(() => db.loadExtension(file), Error, { code: "ERR_LOAD_SQLITE_EXTENSION" });
    for (const entry of [5, null, undefined, {}]) {
      assertThrows(() => db.loadExtension(file, entry), Error, {
        code: "ERR_LOAD_SQLITE_EXTENSION",
        message: plain.message,
      });
    }
    db.close();
  });

  test("the failure message is the loader's, naming the file", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    const file = missing();
    const err = assertThrows(() => db.loadExtension(file), Error, { code: "ERR_LOAD_SQLITE_EXTENSION" });
    assert.ok(err.message.includes(file), err.message);
    assert.deepStrictEqual(Object.keys(err), ["code"]);
    db.close();
  });

  test("loadExtension() may be called from a user-defined function", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    db.function("load", () => {
      try {
        db.loadExtension(missing());
        return "loaded";
      } catch (e) {
        return e.code;
      }
    });
    assert.deepStrictEqual(db.prepare("select load() r").get(), { __proto__: null, r: "ERR_LOAD_SQLITE_EXTENSION" });
    db.close();
  });
});
