"use strict";
// JavaScript -> SQLite binding of numbers, bigints, strings, null, undefined
// and booleans, and the values that cannot be bound (api.md §2.1).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { openDb, probe } = require("./binding-fixtures.js");

const cannotBind = (fn, n) =>
  assertThrows(fn, TypeError, {
    code: "ERR_INVALID_ARG_TYPE",
    message: `Provided value cannot be bound to SQLite parameter ${n}.`,
  });

const bigintTooLarge = (fn) =>
  assertThrows(fn, TypeError, {
    code: "ERR_INVALID_ARG_VALUE",
    message: "BigInt value is too large to bind.",
  });

describe("binding numbers", () => {
  test("integer-valued numbers bind as REAL", () => {
    const db = openDb();
    assert.deepStrictEqual(probe(42, db), { __proto__: null, t: "real", v: 42 });
    assert.deepStrictEqual(probe(0, db), { __proto__: null, t: "real", v: 0 });
    assert.deepStrictEqual(probe(-7, db), { __proto__: null, t: "real", v: -7 });
    assert.deepStrictEqual(probe(Number.MAX_SAFE_INTEGER, db), {
      __proto__: null,
      t: "real",
      v: Number.MAX_SAFE_INTEGER,
    });
    const s = db.prepare("select typeof(?) t, ? = 42 eq");
    assert.deepStrictEqual(s.get(42, 42), { __proto__: null, t: "real", eq: 1 });
  });

  test("fractional and extreme numbers bind as REAL and read back unchanged", () => {
    const db = openDb();
    assert.deepStrictEqual(probe(1.5, db), { __proto__: null, t: "real", v: 1.5 });
    assert.deepStrictEqual(probe(-0.125, db), { __proto__: null, t: "real", v: -0.125 });
    // Beyond the safe-integer range: still REAL, so no range error on the way back.
    assert.deepStrictEqual(probe(2 ** 53 + 2, db), { __proto__: null, t: "real", v: 9007199254740994 });
    assert.deepStrictEqual(probe(Number.MAX_VALUE, db), { __proto__: null, t: "real", v: Number.MAX_VALUE });
    assert.deepStrictEqual(probe(Number.MIN_VALUE, db), { __proto__: null, t: "real", v: Number.MIN_VALUE });
  });

  test("NaN binds as NULL", () => {
    const db = openDb();
    assert.deepStrictEqual(probe(NaN, db), { __proto__: null, t: "null", v: null });
    db.exec("create table t(r real, u)");
    db.prepare("insert into t values (?, ?)").run(NaN, NaN);
    assert.deepStrictEqual(db.prepare("select typeof(r) tr, typeof(u) tu, r, u from t").get(), {
      __proto__: null,
      tr: "null",
      tu: "null",
      r: null,
      u: null,
    });
  });

  test("Infinity and -Infinity bind as REAL infinities", () => {
    const db = openDb();
    assert.deepStrictEqual(probe(Infinity, db), { __proto__: null, t: "real", v: Infinity });
    assert.deepStrictEqual(probe(-Infinity, db), { __proto__: null, t: "real", v: -Infinity });
    assert.deepStrictEqual(db.prepare("select ? > 1e308 big, ? < -1e308 small").get(Infinity, -Infinity), {
      __proto__: null,
      big: 1,
      small: 1,
    });
  });

  test("-0 binds as REAL -0 and reads back as -0", () => {
    const row = probe(-0);
    assert.strictEqual(row.t, "real");
    assert.ok(Object.is(row.v, -0), `expected -0, got ${row.v}`);
  });

  test("-0 stored in an INTEGER column becomes integer 0", () => {
    const db = openDb();
    db.exec("create table t(i integer, b blob)");
    db.prepare("insert into t values (?, ?)").run(-0, -0);
    const row = db.prepare("select typeof(i) ti, i, typeof(b) tb, b from t").get();
    assert.strictEqual(row.ti, "integer");
    assert.ok(Object.is(row.i, 0), "INTEGER column holds +0");
    assert.strictEqual(row.tb, "real");
    assert.ok(Object.is(row.b, -0), "BLOB column keeps the REAL -0");
  });

  test("column affinity converts a bound REAL", () => {
    const db = openDb();
    db.exec("create table t(i integer, r real, b blob, u, x text)");
    db.prepare("insert into t values (?, ?, ?, ?, ?)").run(42, 42, 42, 42, 42);
    db.prepare("insert into t values (?, ?, ?, ?, ?)").run(1.5, 1.5, 1.5, 1.5, 1.5);
    assert.deepStrictEqual(
      db.prepare("select typeof(i) ti, i, typeof(r) tr, typeof(b) tb, typeof(u) tu, typeof(x) tx, x from t").all(),
      [
        { __proto__: null, ti: "integer", i: 42, tr: "real", tb: "real", tu: "real", tx: "text", x: "42.0" },
        { __proto__: null, ti: "real", i: 1.5, tr: "real", tb: "real", tu: "real", tx: "text", x: "1.5" },
      ],
    );
  });
});

describe("binding bigints", () => {
  test("bigints bind as INTEGER", () => {
    const db = openDb();
    assert.deepStrictEqual(probe(5n, db), { __proto__: null, t: "integer", v: 5 });
    assert.deepStrictEqual(probe(-5n, db), { __proto__: null, t: "integer", v: -5 });
    assert.deepStrictEqual(probe(0n, db), { __proto__: null, t: "integer", v: 0 });
  });

  test("the exact int64 bounds bind", () => {
    const db = openDb({ readBigInts: true });
    const max = 2n ** 63n - 1n;
    const min = -(2n ** 63n);
    assert.deepStrictEqual(probe(max, db), { __proto__: null, t: "integer", v: max });
    assert.deepStrictEqual(probe(min, db), { __proto__: null, t: "integer", v: min });
    assert.deepStrictEqual(
      db.prepare("select cast(? as text) a, cast(? as text) b").get(max, min),
      { __proto__: null, a: "9223372036854775807", b: "-9223372036854775808" },
    );
  });

  test("bigints outside the int64 range cannot be bound", () => {
    const db = openDb();
    const s = db.prepare("select ? a, ? b");
    bigintTooLarge(() => s.get(2n ** 63n));
    bigintTooLarge(() => s.get(-(2n ** 63n) - 1n));
    bigintTooLarge(() => s.get(2n ** 64n));
    bigintTooLarge(() => s.get(1, 2n ** 63n));
    bigintTooLarge(() => db.prepare("select $a a").get({ a: 2n ** 64n }));
  });
});

describe("binding strings", () => {
  test("strings bind as UTF-8 TEXT", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v, hex(?1) h");
    assert.deepStrictEqual(s.get("abc"), { __proto__: null, t: "text", v: "abc", h: "616263" });
    assert.deepStrictEqual(s.get(""), { __proto__: null, t: "text", v: "", h: "" });
    assert.deepStrictEqual(s.get("é"), { __proto__: null, t: "text", v: "é", h: "C3A9" });
    assert.deepStrictEqual(s.get("\u{1F600}"), { __proto__: null, t: "text", v: "\u{1F600}", h: "F09F9880" });
  });

  test("embedded NUL characters round-trip", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v, hex(?1) h");
    assert.deepStrictEqual(s.get("a\0b"), { __proto__: null, t: "text", v: "a\0b", h: "610062" });
    assert.deepStrictEqual(s.get("\0"), { __proto__: null, t: "text", v: "\0", h: "00" });
    db.exec("create table t(x text)");
    db.prepare("insert into t values (?)").run("x\0y\0");
    assert.deepStrictEqual(db.prepare("select x, hex(x) h from t").get(), { __proto__: null, x: "x\0y\0", h: "78007900" });
  });

  test("lone surrogates are replaced by U+FFFD", () => {
    const db = openDb();
    const s = db.prepare("select ?1 v, hex(?1) h");
    assert.deepStrictEqual(s.get("\ud800"), { __proto__: null, v: "\ufffd", h: "EFBFBD" });
    assert.deepStrictEqual(s.get("\udc00x"), { __proto__: null, v: "\ufffdx", h: "EFBFBD78" });
    assert.deepStrictEqual(s.get("a\ud83d"), { __proto__: null, v: "a\ufffd", h: "61EFBFBD" });
  });
});

describe("binding null, undefined and booleans", () => {
  test("null binds as NULL", () => {
    assert.deepStrictEqual(probe(null), { __proto__: null, t: "null", v: null });
  });

  test("undefined binds as NULL in every position", () => {
    const db = openDb();
    // As the first argument undefined is an anonymous value, not the named-parameter object.
    assert.deepStrictEqual(db.prepare("select ? a, ? b").get(undefined, 2), { __proto__: null, a: null, b: 2 });
    assert.deepStrictEqual(db.prepare("select ? a, typeof(?) b").get(1, undefined), {
      __proto__: null,
      a: 1,
      b: "null",
    });
    assert.deepStrictEqual(db.prepare("select typeof($a) t, $a v").get({ a: undefined }), {
      __proto__: null,
      t: "null",
      v: null,
    });
  });

  test("booleans bind as INTEGER 1 and 0", () => {
    const db = openDb();
    assert.deepStrictEqual(probe(true, db), { __proto__: null, t: "integer", v: 1 });
    assert.deepStrictEqual(probe(false, db), { __proto__: null, t: "integer", v: 0 });
    assert.deepStrictEqual(db.prepare("select $a a, :b b").get({ a: true, b: false }), {
      __proto__: null,
      a: 1,
      b: 0,
    });
  });
});

describe("values that cannot be bound", () => {
  test("a Symbol cannot be bound (any position)", () => {
    const db = openDb();
    const s = db.prepare("select ? a, ? b, ? c");
    cannotBind(() => s.get(Symbol("x")), 1);
    cannotBind(() => s.get(1, Symbol("x")), 2);
    cannotBind(() => s.get(1, 2, Symbol("x")), 3);
  });

  test("objects in an anonymous position cannot be bound", () => {
    const db = openDb();
    const s = db.prepare("select ? a, ? b");
    const values = [
      () => 1,
      function named() {},
      {},
      { a: 1 },
      new Date(0),
      new Number(5),
      new String("ab"),
      [1, 2],
      new Map(),
      Promise.resolve(1),
    ];
    for (const v of values) cannotBind(() => s.get(1, v), 2);
  });

  test("a second object after the named-parameter object cannot be bound", () => {
    const db = openDb();
    cannotBind(() => db.prepare("select ? a, ? b").get({}, 1, {}), 2);
    cannotBind(() => db.prepare("select $a a, ? b").get({ a: 1 }, {}), 2);
  });

  test("unbindable values inside the named-parameter object report their index", () => {
    const db = openDb();
    const s = db.prepare("select $a a, $b b");
    cannotBind(() => s.get({ a: 1, b: Symbol("x") }), 2);
    cannotBind(() => s.get({ a: 1, b: {} }), 2);
    cannotBind(() => s.get({ a: new Date(), b: 1 }), 1);
  });
});
