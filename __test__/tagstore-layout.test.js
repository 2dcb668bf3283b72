"use strict";
// SQLTagStore beyond the basics of tagstore.test.js: node's property layout,
// receivers and constructor, template edge cases, statements finalized under
// the store, re-entrancy, and the exported class (@photostructure/sqlite extra).
// Spec: api.md §1.6, §1.8, §2.7, catalogue rows 8, 9, 58-60.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const util = require("node:util");
const { sqlite, isNode, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

const ILLEGAL_INVOCATION = { code: undefined, message: "Illegal invocation" };
const ILLEGAL_CONSTRUCTOR = { code: "ERR_ILLEGAL_CONSTRUCTOR", message: "Illegal constructor" };
const MISMATCH = {
  code: "ERR_INVALID_ARG_VALUE",
  message: "SQLite parameters must be bound using template literal placeholders.",
};
const FINALIZED = { code: "ERR_INVALID_STATE", message: "statement has been finalized" };

describe("SQLTagStore layout", () => {
  test("prototype: get, all, iterate, run, clear as node lays out methods", () => {
    const db = new DatabaseSync(":memory:");
    const proto = Object.getPrototypeOf(db.createTagStore());
    assert.strictEqual(Object.getPrototypeOf(proto), Object.prototype);
    assert.deepStrictEqual(Reflect.ownKeys(proto), ["get", "all", "iterate", "run", "clear", "constructor"]);
    for (const name of ["get", "all", "iterate", "run", "clear"]) {
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      assert.deepStrictEqual(
        [typeof desc.value, desc.writable, desc.enumerable, desc.configurable, desc.value.name, desc.value.length],
        ["function", true, true, true, name, 0],
        name,
      );
    }
    const ctor = Object.getOwnPropertyDescriptor(proto, "constructor");
    assert.deepStrictEqual([ctor.enumerable, ctor.writable, ctor.configurable], [false, true, true]);
    assert.strictEqual(ctor.value.name, "SQLTagStore");
    assert.strictEqual(ctor.value.length, 0);
    db.close();
  });

  test("instance: own enumerable getters capacity, db, size (anonymous, per instance)", () => {
    const db = new DatabaseSync(":memory:");
    const a = db.createTagStore(3);
    const b = db.createTagStore(3);
    assert.deepStrictEqual(Reflect.ownKeys(a), ["capacity", "db", "size"]);
    for (const name of ["capacity", "db", "size"]) {
      const desc = Object.getOwnPropertyDescriptor(a, name);
      assert.deepStrictEqual(
        [typeof desc.get, desc.set, desc.enumerable, desc.configurable, desc.get.name, desc.get.length],
        ["function", undefined, true, false, "", 0],
        name,
      );
      assert.notStrictEqual(desc.get, Object.getOwnPropertyDescriptor(b, name).get);
    }
    assert.strictEqual(util.inspect(a), "SQLTagStore { capacity: [Getter], db: [Getter], size: [Getter] }");
    assert.strictEqual(Object.prototype.toString.call(a), "[object Object]");
    db.close();
  });

  test("structuredClone() refuses a tag store", () => {
    const db = new DatabaseSync(":memory:");
    assert.throws(() => structuredClone(db.createTagStore()), (e) => e instanceof DOMException && e.name === "DataCloneError");
    db.close();
  });
});

describe("SQLTagStore receivers and constructor", () => {
  test("methods and getters refuse foreign receivers with a bare 'Illegal invocation'", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const proto = Object.getPrototypeOf(sql);
    for (const name of ["get", "all", "iterate", "run"]) {
      assertThrows(() => proto[name].call({}, ["select 1"]), TypeError, ILLEGAL_INVOCATION);
    }
    assertThrows(() => proto.clear.call(db), TypeError, ILLEGAL_INVOCATION);
    for (const name of ["capacity", "db", "size"]) {
      const { get } = Object.getOwnPropertyDescriptor(sql, name);
      assertThrows(() => get.call({}), TypeError, ILLEGAL_INVOCATION);
      assertThrows(() => get.call(undefined), TypeError, ILLEGAL_INVOCATION);
    }
    assertThrows(() => db.createTagStore.call({}), TypeError, ILLEGAL_INVOCATION);
    db.close();
  });

  test("the constructor reached through the prototype is illegal without a database", () => {
    const db = new DatabaseSync(":memory:");
    const Ctor = db.createTagStore().constructor;
    assertThrows(() => new Ctor(), Error, ILLEGAL_CONSTRUCTOR);
    assertThrows(() => Ctor(), Error, ILLEGAL_CONSTRUCTOR);
    assertThrows(() => Ctor(db), Error, ILLEGAL_CONSTRUCTOR);
    assertThrows(() => new Ctor({}), Error, ILLEGAL_CONSTRUCTOR);
    db.close();
  });

  test("createTagStore() checks the connection before maxSize", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    for (const value of [-1, "x"]) {
      assertThrows(() => db.createTagStore(value), Error, { code: "ERR_INVALID_STATE", message: "database is not open" });
    }
  });

  test("maxSize must fit an int32", () => {
    const db = new DatabaseSync(":memory:");
    assert.strictEqual(db.createTagStore(2 ** 31 - 1).capacity, 2 ** 31 - 1);
    assertThrows(() => db.createTagStore(2 ** 31), RangeError, {
      code: "ERR_OUT_OF_RANGE",
      message: 'The "maxSize" argument must be a positive integer.',
    });
    db.close();
  });
});

describe("SQLTagStore templates", () => {
  test("a `?` is written after a part only when a value follows it", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.get(["select 1", " x"]), { __proto__: null, x: 1 });
    assert.deepStrictEqual(sql.get(["select ", " x, 2 y"], 5), { __proto__: null, x: 5, y: 2 });
    // Two values after one part: "select ??".
    assertThrows(() => sql.get(["select ", ""], 1, 2), Error, { code: "ERR_SQLITE_ERROR", message: 'near "?": syntax error' });
    db.close();
  });

  test("template parts must be strings", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assertThrows(() => sql.get(["select 1", 5]), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: "Template literal parts must be strings.",
    });
    assertThrows(() => sql.all({ length: 1, 0: "select 1" }), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: "First argument must be an array of strings (template literal).",
    });
    db.close();
  });

  test("objects and arrays are values, never named-parameter objects", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    for (const value of [{ a: 1 }, [1, 2], {}]) {
      assertThrows(() => sql.get`select ${value} v`, TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: "Provided value cannot be bound to SQLite parameter 1.",
      });
    }
    assert.deepStrictEqual(sql.get`select ${new Uint8Array([7])} v, ${null} n`, {
      __proto__: null,
      v: new Uint8Array([7]),
      n: null,
    });
    db.close();
  });

  test("a statement whose parameters do not match is still cached", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assertThrows(() => sql.get`select ${1} a, ? b`, TypeError, MISMATCH);
    assert.strictEqual(sql.size, 1);
    assertThrows(() => sql.get`select ${1} a, ? b`, TypeError, MISMATCH);
    assert.strictEqual(sql.size, 1);
    db.close();
  });
});

describe("SQLTagStore and the connection's lifecycle", () => {
  test("after close() and open() cached statements are prepared anew", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.get`select ${1} x`, { __proto__: null, x: 1 });
    db.close();
    db.open();
    assert.deepStrictEqual(sql.get`select ${2} x`, { __proto__: null, x: 2 });
    assert.deepStrictEqual(sql.all`select ${3} x`, [{ __proto__: null, x: 3 }]);
    assert.strictEqual(sql.size, 1);
    db.close();
  });

  test("after deserialize() too; an iterator of the old statement is finalized", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const it = sql.iterate`select 1 x union all select 2`;
    it.next();
    db.deserialize(new DatabaseSync(":memory:").serialize());
    assertThrows(() => it.next(), Error, FINALIZED);
    assert.deepStrictEqual([...sql.iterate`select 1 x union all select 2`], [
      { __proto__: null, x: 1 },
      { __proto__: null, x: 2 },
    ]);
    db.close();
  });

  test("inside the authorizer, createTagStore() and tag-store calls are refused", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const errors = [];
    db.setAuthorizer(() => {
      for (const fn of [() => db.createTagStore(), () => sql.get`select 1`]) {
        try {
          fn();
          errors.push(null);
        } catch (e) {
          errors.push(e.code + ": " + e.message);
        }
      }
      return 0;
    });
    db.prepare("select 1");
    db.setAuthorizer(null);
    assert.ok(errors.length >= 2);
    for (const e of errors) assert.strictEqual(e, "ERR_INVALID_STATE: database cannot be accessed from an authorizer callback");
    db.close();
  });

  test("re-entering the executing cached statement from a UDF is refused; other templates work", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    db.function("inner", () => sql.get`select ${5} v`.v);
    db.function("again", () => {
      try {
        sql.get`select again() x`;
        return "no error";
      } catch (e) {
        return e.message;
      }
    });
    assert.deepStrictEqual(sql.get`select inner() x`, { __proto__: null, x: 5 });
    assert.deepStrictEqual(sql.get`select again() x`, { __proto__: null, x: "statement is already being executed" });
    db.close();
  });
});

describe("the exported SQLTagStore class", { skip: isNode && "@photostructure/sqlite extra (api.md §1.8)" }, () => {
  test("new SQLTagStore(db[, capacity]) makes a working store", () => {
    const { SQLTagStore } = sqlite;
    const db = new DatabaseSync(":memory:");
    const sql = new SQLTagStore(db, 2);
    assert.ok(sql instanceof SQLTagStore);
    assert.strictEqual(Object.getPrototypeOf(db.createTagStore()), SQLTagStore.prototype);
    assert.strictEqual(sql.capacity, 2);
    assert.strictEqual(sql.db, db);
    assert.deepStrictEqual(sql.get`select ${1} x`, { __proto__: null, x: 1 });
    assert.strictEqual(new SQLTagStore(db).capacity, 1000);
    assertThrows(() => new SQLTagStore(db, 0), RangeError, { code: "ERR_OUT_OF_RANGE" });
    assertThrows(() => new SQLTagStore({}), Error, ILLEGAL_CONSTRUCTOR);
    db.close();
    assertThrows(() => new SQLTagStore(db), Error, { code: "ERR_INVALID_STATE", message: "database is not open" });
  });
});
