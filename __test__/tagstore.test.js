"use strict";
// db.createTagStore([maxSize]) -> SQLTagStore.
// Spec: api.md §1.3, §1.6, §2.3, catalogue rows 16, 25, 58-60.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

const NOT_OPEN = { code: "ERR_INVALID_STATE", message: "database is not open" };
const INVALIDATED = { code: "ERR_INVALID_STATE", message: "iterator was invalidated" };

function seeded() {
  const db = new DatabaseSync(":memory:");
  db.exec("create table t(id integer primary key, name text)");
  return db;
}

describe("createTagStore(): execution methods", () => {
  test("run`` executes with the template values bound and returns {changes, lastInsertRowid}", () => {
    const db = seeded();
    const sql = db.createTagStore();
    const result = sql.run`insert into t (name) values (${"alice"})`;
    assert.strictEqual(Object.getPrototypeOf(result), Object.prototype);
    assert.deepStrictEqual(result, { changes: 1, lastInsertRowid: 1 });
    assert.deepStrictEqual(sql.run`insert into t (name) values (${"bob"})`, { changes: 1, lastInsertRowid: 2 });
    assert.deepStrictEqual(sql.run`update t set name = ${"z"} where id > ${0}`, { changes: 2, lastInsertRowid: 2 });
    db.close();
  });

  test("get`` returns the first row or undefined", () => {
    const db = seeded();
    db.exec("insert into t (name) values ('a'), ('b')");
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.get`select * from t where id = ${2}`, { __proto__: null, id: 2, name: "b" });
    assert.deepStrictEqual(sql.get`select * from t order by id`, { __proto__: null, id: 1, name: "a" });
    assert.strictEqual(sql.get`select * from t where id = ${99}`, undefined);
    db.close();
  });

  test("all`` returns every row, or []", () => {
    const db = seeded();
    db.exec("insert into t (name) values ('a'), ('b')");
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.all`select * from t where id >= ${1} order by id`, [
      { __proto__: null, id: 1, name: "a" },
      { __proto__: null, id: 2, name: "b" },
    ]);
    assert.deepStrictEqual(sql.all`select * from t where id > ${99}`, []);
    db.close();
  });

  test("iterate`` returns a row iterator", () => {
    const db = seeded();
    db.exec("insert into t (name) values ('a'), ('b'), ('c')");
    const sql = db.createTagStore();
    const it = sql.iterate`select name from t where id > ${1} order by id`;
    assert.strictEqual(typeof it.next, "function");
    assert.deepStrictEqual(it.next(), { __proto__: null, done: false, value: { __proto__: null, name: "b" } });
    assert.deepStrictEqual([...it], [{ __proto__: null, name: "c" }]);
    assert.deepStrictEqual(it.next(), { __proto__: null, done: true, value: null });
    db.close();
  });

  test("values of every supported type are bound as anonymous parameters", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assert.deepStrictEqual(
      sql.get`select ${1.5} a, ${"x"} b, ${null} c, ${7n} d, ${new Uint8Array([1, 2])} e, typeof(${1}) f, typeof(${1n}) g`,
      { __proto__: null, a: 1.5, b: "x", c: null, d: 7, e: new Uint8Array([1, 2]), f: "real", g: "integer" },
    );
    db.close();
  });

  test("an unbindable value throws the usual binding error", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assertThrows(() => sql.get`select ${1} a, ${Symbol("s")} b`, TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: "Provided value cannot be bound to SQLite parameter 2.",
    });
    db.close();
  });

  test("a plain array of strings is accepted in place of a template", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.get(["select ", " x"], 5), { __proto__: null, x: 5 });
    db.close();
  });

  test("a '?' inside a string literal or a bound value is not a parameter", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.get`select '?' a, ${"?"} b`, { __proto__: null, a: "?", b: "?" });
    db.close();
  });

  test("SQL errors propagate as ERR_SQLITE_ERROR", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assertThrows(() => sql.get`selec ${1}`, Error, {
      code: "ERR_SQLITE_ERROR",
      message: 'near "selec": syntax error',
      errcode: 1,
      errstr: "SQL logic error",
    });
    assert.strictEqual(sql.size, 0);
    db.close();
  });
});

describe("createTagStore(): getters and caching", () => {
  test("default capacity 1000, size 0, db is the owning database", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assert.strictEqual(sql.capacity, 1000);
    assert.strictEqual(sql.size, 0);
    assert.strictEqual(sql.db, db);
    db.close();
  });

  test("createTagStore(n) sets the capacity; undefined means the default", () => {
    const db = new DatabaseSync(":memory:");
    assert.strictEqual(db.createTagStore(5).capacity, 5);
    assert.strictEqual(db.createTagStore(1).capacity, 1);
    assert.strictEqual(db.createTagStore(undefined).capacity, 1000);
    db.close();
  });

  test("each call returns a new, independent store", () => {
    const db = new DatabaseSync(":memory:");
    const a = db.createTagStore();
    const b = db.createTagStore();
    assert.notStrictEqual(a, b);
    a.get`select 1`;
    assert.strictEqual(a.size, 1);
    assert.strictEqual(b.size, 0);
    db.close();
  });

  test("statements are cached by SQL text: same template -> one entry regardless of values or method", () => {
    const db = seeded();
    const sql = db.createTagStore();
    sql.run`insert into t (name) values (${"a"})`;
    sql.run`insert into t (name) values (${"b"})`;
    assert.strictEqual(sql.size, 1);
    sql.get`select * from t where id = ${1}`;
    sql.all`select * from t where id = ${2}`;
    sql.iterate`select * from t where id = ${3}`;
    assert.strictEqual(sql.size, 2);
    db.close();
  });

  test("the cache key is case-sensitive", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    sql.get`select 1 x`;
    sql.get`SELECT 1 x`;
    sql.get`select 1 x`;
    assert.strictEqual(sql.size, 2);
    db.close();
  });

  test("clear() empties the cache; the store keeps working", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    sql.get`select 1`;
    sql.get`select 2`;
    assert.strictEqual(sql.size, 2);
    assert.strictEqual(sql.clear(), undefined);
    assert.strictEqual(sql.size, 0);
    assert.deepStrictEqual(sql.get`select ${3} x`, { __proto__: null, x: 3 });
    assert.strictEqual(sql.size, 1);
    db.close();
  });

  test("LRU: size never exceeds capacity", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore(2);
    sql.get`select 1`;
    sql.get`select 2`;
    sql.get`select 3`;
    assert.strictEqual(sql.size, 2);
    sql.get`select 3`;
    assert.strictEqual(sql.size, 2);
    sql.get`select 4`;
    assert.strictEqual(sql.size, 2);
    db.close();
  });

  test("a cached statement that runs again invalidates its live iterator", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const it = sql.iterate`select 1 x union all select 2`;
    assert.deepStrictEqual(it.next().value, { __proto__: null, x: 1 });
    sql.all`select 1 x union all select 2`;
    assertThrows(() => it.next(), Error, INVALIDATED);
    db.close();
  });

  test("LRU: the least recently used statement is evicted (its old iterator keeps working)", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore(2);
    const it = sql.iterate`select 1 x union all select 2`; // A
    assert.deepStrictEqual(it.next().value, { __proto__: null, x: 1 });
    sql.get`select 'B'`;
    sql.get`select 'C'`; // evicts A
    sql.get`select 1 x union all select 2`; // A again: a new statement
    assert.deepStrictEqual(it.next(), { __proto__: null, done: false, value: { __proto__: null, x: 2 } });
    assert.strictEqual(sql.size, 2);
    db.close();
  });

  test("LRU: a cache hit makes the statement most recently used", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore(2);
    sql.get`select 1 x union all select 2`; // A
    sql.get`select 'B'`; // order: A, B
    const it = sql.iterate`select 1 x union all select 2`; // hit on A -> order: B, A
    assert.deepStrictEqual(it.next().value, { __proto__: null, x: 1 });
    sql.get`select 'C'`; // evicts B, keeps A
    sql.get`select 1 x union all select 2`; // still cached: re-runs the same statement
    assertThrows(() => it.next(), Error, INVALIDATED);
    db.close();
  });
});

describe("createTagStore(): database defaults", () => {
  test("without options rows are null-prototype objects and integers are numbers", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.get`select 1 a, ${2n} b`, { __proto__: null, a: 1, b: 2 });
    db.close();
  });

  test("readBigInts and returnArrays set on the database apply to tag-store statements", () => {
    const db = new DatabaseSync(":memory:", { readBigInts: true, returnArrays: true });
    const sql = db.createTagStore();
    assert.deepStrictEqual(sql.get`select 1 a, ${2n} b`, [1n, 2n]);
    // A bound JS number is REAL, so it stays a number.
    assert.deepStrictEqual(sql.get`select ${1} a`, [1]);
    assert.deepStrictEqual(sql.all`select 1 a union all select 2`, [[1n], [2n]]);
    sql.run`create table q(x)`;
    assert.deepStrictEqual(sql.run`insert into q values (${1})`, { changes: 1n, lastInsertRowid: 1n });
    db.close();
  });
});

describe("createTagStore(): validation", () => {
  test("maxSize: non-numbers -> TypeError ERR_INVALID_ARG_TYPE", () => {
    const db = new DatabaseSync(":memory:");
    for (const value of ["5", null, 5n, true, {}]) {
      assertThrows(() => db.createTagStore(value), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "maxSize" argument must be a positive integer.',
      });
    }
    db.close();
  });

  test("maxSize: zero, negative, fractional or non-finite -> RangeError ERR_OUT_OF_RANGE", () => {
    const db = new DatabaseSync(":memory:");
    for (const value of [0, -1, 1.5, NaN, Infinity]) {
      assertThrows(() => db.createTagStore(value), RangeError, {
        code: "ERR_OUT_OF_RANGE",
        message: 'The "maxSize" argument must be a positive integer.',
      });
    }
    db.close();
  });

  test("a string instead of a template -> TypeError ERR_INVALID_ARG_TYPE", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const expected = {
      code: "ERR_INVALID_ARG_TYPE",
      message: "First argument must be an array of strings (template literal).",
    };
    for (const method of ["get", "all", "run", "iterate"]) {
      assertThrows(() => sql[method]("select 1"), TypeError, expected);
    }
    db.close();
  });

  test("a '?' parameter written in the template -> TypeError ERR_INVALID_ARG_VALUE", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const expected = {
      code: "ERR_INVALID_ARG_VALUE",
      message: "SQLite parameters must be bound using template literal placeholders.",
    };
    assertThrows(() => sql.get`select ${1} a, ? b`, TypeError, expected);
    assertThrows(() => sql.run`select ?`, TypeError, expected);
    assertThrows(() => sql.all`select :named`, TypeError, expected);
    assertThrows(() => sql.iterate`select ?1`, TypeError, expected);
    db.close();
  });

  test("an empty or comment-only template -> TypeError ERR_INVALID_ARG_VALUE", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const expected = { code: "ERR_INVALID_ARG_VALUE", message: "The SQL query contains no statements." };
    assertThrows(() => sql.get``, TypeError, expected);
    assertThrows(() => sql.all`   `, TypeError, expected);
    assertThrows(() => sql.run`-- nothing`, TypeError, expected);
    db.close();
  });
});

describe("createTagStore(): closed database", () => {
  test("createTagStore() on a closed database throws 'database is not open'", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    assertThrows(() => db.createTagStore(), Error, NOT_OPEN);
  });

  test("run/get/all/iterate throw 'database is not open' after db.close(); getters still work", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore(10);
    sql.get`select 1`;
    db.close();
    assertThrows(() => sql.run`select 1`, Error, NOT_OPEN);
    assertThrows(() => sql.get`select 1`, Error, NOT_OPEN);
    assertThrows(() => sql.all`select 2`, Error, NOT_OPEN);
    assertThrows(() => sql.iterate`select 3`, Error, NOT_OPEN);
    assert.strictEqual(sql.capacity, 10);
    assert.strictEqual(sql.db, db);
    assert.strictEqual(sql.clear(), undefined);
  });
});
