"use strict";
// db.function(): fn that re-enters the database (Node 26 behaviour).
// Spec: api.md §1.3, §2.2, §2.5, §2.13, catalogue rows 32-36 and 48.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { memdb } = require("./functions-fixtures.js");

describe("db.function(): re-entrancy (Node 26)", () => {
  test("db.close() inside a function throws ERR_INVALID_STATE and the db keeps working", () => {
    const db = memdb();
    db.function("closer", () => {
      db.close();
      return 1;
    });
    const err = assertThrows(() => db.prepare("select closer() x").get(), Error, {
      code: "ERR_INVALID_STATE",
      message: "database cannot be closed while in a callback",
    });
    assert.strictEqual(Object.keys(err).join(), "code");
    assert.strictEqual(db.isOpen, true);
    assert.deepStrictEqual(db.prepare("select 1 x").get(), { __proto__: null, x: 1 });
    db.close();
    assert.strictEqual(db.isOpen, false);
  });

  test("the close() error can be caught inside the function", () => {
    const db = memdb();
    let inner;
    db.function("closer", () => {
      try {
        db.close();
      } catch (e) {
        inner = e;
      }
      return "survived";
    });
    assert.deepStrictEqual(db.prepare("select closer() x").get(), { __proto__: null, x: "survived" });
    assert.ok(inner instanceof Error);
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");
    assert.strictEqual(inner.message, "database cannot be closed while in a callback");
    assert.strictEqual(db.isOpen, true);
    db.close();
  });

  test("db[Symbol.dispose]() inside a function does not throw and leaves the db open (Node 26)", () => {
    const db = memdb();
    let result = "not called";
    db.function("disposer", () => {
      result = db[Symbol.dispose]();
      return 1;
    });
    assert.deepStrictEqual(db.prepare("select disposer() x").get(), { __proto__: null, x: 1 });
    assert.strictEqual(result, undefined);
    assert.strictEqual(db.isOpen, true);
    assert.deepStrictEqual(db.prepare("select 2 x").get(), { __proto__: null, x: 2 });
    db.close();
  });

  test("deserialize() inside a function throws ERR_INVALID_STATE", () => {
    const db = memdb();
    db.exec("create table keep(x); insert into keep values (1)");
    const image = memdb().serialize();
    db.function("deser", () => {
      db.deserialize(image);
      return 1;
    });
    const expected = { code: "ERR_INVALID_STATE", message: "database cannot be deserialized while in a callback" };
    assertThrows(() => db.prepare("select deser() x").get(), Error, expected);
    assertThrows(() => db.exec("select deser()"), Error, expected);
    assert.deepStrictEqual(db.prepare("select x from keep").all(), [{ __proto__: null, x: 1 }]);
    db.close();
  });

  test("other statements can be prepared and run from inside a function", () => {
    const db = memdb();
    db.exec("create table t(v); insert into t values (10), (20)");
    const sum = db.prepare("select sum(v) s from t");
    db.function("total", () => sum.get().s);
    db.function("add_row", (v) => db.prepare("insert into t values (?)").run(v).changes);
    assert.deepStrictEqual(db.prepare("select total() x").get(), { __proto__: null, x: 30 });
    assert.deepStrictEqual(db.prepare("select add_row(5) x").get(), { __proto__: null, x: 1 });
    assert.deepStrictEqual(db.prepare("select total() x").get(), { __proto__: null, x: 35 });
    db.close();
  });

  test("re-running the executing statement from its own function throws 'statement is already being executed'", () => {
    const db = memdb();
    let stmt;
    let inner;
    db.function("reenter", () => {
      try {
        stmt.get();
      } catch (e) {
        inner = e;
      }
      return "done";
    });
    stmt = db.prepare("select reenter() x");
    assert.deepStrictEqual(stmt.get(), { __proto__: null, x: "done" });
    assert.ok(inner instanceof Error);
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");
    assert.strictEqual(inner.message, "statement is already being executed");
    db.close();
  });
});
