"use strict";
// serialize()/deserialize() beyond serialize.test.js: what counts as a
// Uint8Array and as options, schema names, sessions across deserialize(), and
// deserialize() inside a transaction. Spec: api.md §2.9, catalogue rows 53-55.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

const NOT_AN_ERROR = { code: "ERR_SQLITE_ERROR", message: "not an error", errcode: 0, errstr: "not an error" };

function image() {
  const db = new DatabaseSync(":memory:");
  db.exec("create table t(a primary key, b); insert into t values (1, 'one')");
  const bytes = db.serialize();
  db.close();
  return bytes;
}

describe("deserialize() arguments", () => {
  test("other typed arrays are refused, a Uint8Array over a SharedArrayBuffer is accepted", () => {
    const db = new DatabaseSync(":memory:");
    const bytes = image();
    for (const Kind of [Uint8ClampedArray, Int8Array]) {
      assertThrows(() => db.deserialize(new Kind(bytes.buffer)), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "buffer" argument must be a Uint8Array.',
      });
    }
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    db.deserialize(shared);
    assert.deepStrictEqual(db.prepare("select b from t").get(), { __proto__: null, b: "one" });
    db.close();
  });

  test("the buffer is checked before the options", () => {
    const db = new DatabaseSync(":memory:");
    assertThrows(() => db.deserialize("x", 5), TypeError, { code: "ERR_INVALID_ARG_TYPE", message: 'The "buffer" argument must be a Uint8Array.' });
    assertThrows(() => db.deserialize(new Uint8Array(0), 5), TypeError, { code: "ERR_INVALID_ARG_VALUE" });
    db.close();
  });

  test("any object is an options object; dbName may be inherited", () => {
    const db = new DatabaseSync(":memory:");
    db.deserialize(image(), () => {});
    db.deserialize(image(), []);
    db.deserialize(image(), { dbName: undefined });
    assertThrows(() => db.deserialize(image(), Object.create({ dbName: "nope" })), Error, NOT_AN_ERROR);
    db.close();
  });

  test("'temp' cannot be deserialized into", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create temp table x(y)");
    assertThrows(() => db.deserialize(image(), { dbName: "temp" }), Error, NOT_AN_ERROR);
    db.close();
  });

  test("a schema name ends at its first NUL, as SQLite reads it", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table m(x)");
    assertThrows(() => db.serialize("ma\0in"), Error, NOT_AN_ERROR);
    assert.deepStrictEqual(db.serialize("main\0ignored"), db.serialize());
    assertThrows(() => db.serialize(""), Error, NOT_AN_ERROR);
    db.close();
  });
});

describe("deserialize() and the connection", () => {
  test("sessions keep recording on the new contents", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table t(a primary key, b)");
    const session = db.createSession();
    db.exec("insert into t values (5, 'five')");
    assert.ok(session.changeset().length > 0);
    db.deserialize(image());
    assert.strictEqual(session.changeset().length, 0);
    db.exec("insert into t values (2, 'two')");
    const changes = session.changeset();
    assert.ok(changes.length > 0);
    const copy = new DatabaseSync(":memory:");
    copy.deserialize(image());
    assert.strictEqual(copy.applyChangeset(changes), true);
    assert.deepStrictEqual(copy.prepare("select a from t order by a").all(), [
      { __proto__: null, a: 1 },
      { __proto__: null, a: 2 },
    ]);
    session.close();
    copy.close();
    db.close();
  });

  test("inside an open transaction it fails with 'database is locked' (statements are finalized anyway)", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table old(x)");
    const stmt = db.prepare("select 1");
    // A transaction that has written (a bare BEGIN holds no lock yet).
    db.exec("begin; insert into old values (1)");
    assertThrows(() => db.deserialize(image()), Error, {
      code: "ERR_SQLITE_ERROR",
      message: "database is locked",
      errcode: 5,
      errstr: "database is locked",
    });
    assertThrows(() => stmt.get(), Error, { code: "ERR_INVALID_STATE", message: "statement has been finalized" });
    assert.strictEqual(db.isTransaction, true);
    db.exec("rollback");
    db.deserialize(image());
    assert.deepStrictEqual(db.prepare("select name from sqlite_master").all(), [
      { __proto__: null, name: "t" },
      { __proto__: null, name: "sqlite_autoindex_t_1" },
    ]);
    db.close();
  });

  test("from a user-defined function -> 'database cannot be deserialized while in a callback'", () => {
    const db = new DatabaseSync(":memory:");
    const bytes = image();
    let inner;
    db.function("swap", () => {
      try {
        db.deserialize(bytes);
      } catch (e) {
        inner = e;
      }
      return 1;
    });
    assert.deepStrictEqual(db.prepare("select swap() r").get(), { __proto__: null, r: 1 });
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");
    assert.strictEqual(inner.message, "database cannot be deserialized while in a callback");
    assert.strictEqual(db.isOpen, true);
    db.close();
  });

  test("serialize() works from a user-defined function", () => {
    const db = new DatabaseSync(":memory:");
    db.function("size", () => db.serialize().length);
    assert.deepStrictEqual(db.prepare("select size() n").get(), { __proto__: null, n: 4096 });
    db.close();
  });
});
