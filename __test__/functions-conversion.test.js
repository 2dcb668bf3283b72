"use strict";
// db.function(): SQLite -> JavaScript argument conversion and JavaScript ->
// SQLite return value conversion.
// Spec: api.md §1.3, §2.2, §2.5, §2.13, catalogue rows 32-36 and 48.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { sqliteError, memdb } = require("./functions-fixtures.js");

describe("db.function(): SQLite -> JavaScript argument conversion", () => {
  function capture(db) {
    const seen = [];
    db.function("cap", (x) => {
      seen.push(x);
      return null;
    });
    return seen;
  }

  test("INTEGER, REAL, TEXT and NULL arguments", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare(
      "select cap(1), cap(-7), cap(1.5), cap(2.0), cap('text'), cap(null), cap(9007199254740991), cap(-9007199254740991)",
    ).get();
    assert.deepStrictEqual(seen, [1, -7, 1.5, 2, "text", null, 9007199254740991, -9007199254740991]);
    db.close();
  });

  test("TEXT with embedded NUL is preserved", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(char(97, 0, 98))").get();
    assert.deepStrictEqual(seen, ["a\0b"]);
    db.close();
  });

  test("bound JavaScript values reach the function", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(?), cap(?), cap(?), cap(?)").get(3, "s", 10n, null);
    assert.deepStrictEqual(seen, [3, "s", 10, null]);
    db.close();
  });

  test("-0.0 arrives as -0", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(?)").get(-0);
    assert.ok(Object.is(seen[0], -0));
    db.close();
  });

  test("BLOB arguments are Uint8Arrays (not Buffers) with their own ArrayBuffer", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(x'01ff02'), cap(zeroblob(0))").get();
    const [blob, empty] = seen;
    assert.strictEqual(Object.getPrototypeOf(blob), Uint8Array.prototype);
    assert.strictEqual(Buffer.isBuffer(blob), false);
    assert.deepStrictEqual(Array.from(blob), [1, 255, 2]);
    assert.strictEqual(blob.byteOffset, 0);
    assert.strictEqual(blob.buffer.byteLength, 3);
    assert.strictEqual(Object.getPrototypeOf(empty), Uint8Array.prototype);
    assert.strictEqual(empty.length, 0);
    db.close();
  });

  test("an unsafe INTEGER argument throws ERR_OUT_OF_RANGE out of the query without calling fn", () => {
    const db = memdb();
    let calls = 0;
    db.function("f", (x) => {
      calls++;
      return x;
    });
    for (const [sql, text] of [
      ["select f(9007199254740992) v", "9007199254740992"],
      ["select f(9007199254740993) v", "9007199254740993"],
      ["select f(-9007199254740992) v", "-9007199254740992"],
      ["select f(-9223372036854775808) v", "-9223372036854775808"],
    ]) {
      assertThrows(() => db.prepare(sql).get(), RangeError, {
        code: "ERR_OUT_OF_RANGE",
        message: `Value is too large to be represented as a JavaScript number: ${text}`,
      });
    }
    assert.strictEqual(calls, 0);
    db.close();
  });

  test("ERR_OUT_OF_RANGE from a later row stops all() after earlier calls", () => {
    const db = memdb();
    let calls = 0;
    db.function("f", (x) => {
      calls++;
      return x;
    });
    assertThrows(
      () => db.prepare("select f(x) v from (select 1 x union all select 9007199254740993)").all(),
      RangeError,
      { code: "ERR_OUT_OF_RANGE", message: "Value is too large to be represented as a JavaScript number: 9007199254740993" },
    );
    assert.strictEqual(calls, 1);
    db.close();
  });
});

describe("db.function(): JavaScript -> SQLite return value conversion", () => {
  function probe(db, value) {
    db.function("ret", () => value);
    const stmt = db.prepare("select typeof(ret()) t, ret() v");
    stmt.setReadBigInts(true);
    return stmt.get();
  }

  test("number -> REAL (even integral numbers)", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, 42), { __proto__: null, t: "real", v: 42 });
    assert.deepStrictEqual(probe(db, 1.5), { __proto__: null, t: "real", v: 1.5 });
    assert.deepStrictEqual(probe(db, Infinity), { __proto__: null, t: "real", v: Infinity });
    const negZero = probe(db, -0);
    assert.strictEqual(negZero.t, "real");
    assert.ok(Object.is(negZero.v, -0));
    db.close();
  });

  test("NaN -> NULL", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, NaN), { __proto__: null, t: "null", v: null });
    db.close();
  });

  test("bigint -> INTEGER, including both int64 limits", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, 42n), { __proto__: null, t: "integer", v: 42n });
    assert.deepStrictEqual(probe(db, 2n ** 63n - 1n), { __proto__: null, t: "integer", v: 9223372036854775807n });
    assert.deepStrictEqual(probe(db, -(2n ** 63n)), { __proto__: null, t: "integer", v: -9223372036854775808n });
    db.close();
  });

  test("a returned INTEGER reads back as a number without readBigInts", () => {
    const db = memdb();
    db.function("ret", () => 7n);
    assert.deepStrictEqual(db.prepare("select ret() v").get(), { __proto__: null, v: 7 });
    db.close();
  });

  test("string -> TEXT (embedded NUL kept)", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, "hello"), { __proto__: null, t: "text", v: "hello" });
    assert.deepStrictEqual(probe(db, ""), { __proto__: null, t: "text", v: "" });
    assert.deepStrictEqual(probe(db, "a\0b"), { __proto__: null, t: "text", v: "a\0b" });
    db.close();
  });

  test("null and undefined -> NULL", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, null), { __proto__: null, t: "null", v: null });
    assert.deepStrictEqual(probe(db, undefined), { __proto__: null, t: "null", v: null });
    db.function("noreturn", () => {});
    assert.deepStrictEqual(db.prepare("select noreturn() v").get(), { __proto__: null, v: null });
    db.close();
  });

  test("Uint8Array, Buffer, other TypedArrays and DataView -> BLOB of the view's bytes", () => {
    const db = memdb();
    const cases = [
      [new Uint8Array([1, 2, 3]), [1, 2, 3]],
      [Buffer.from("ab"), [97, 98]],
      [new Int16Array([1, 256]), [1, 0, 0, 1]],
      [new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2), [8, 7]],
      [new Uint8Array([5, 6, 7, 8]).subarray(1, 3), [6, 7]],
      [new Uint8Array(0), []],
    ];
    for (const [value, bytes] of cases) {
      const row = probe(db, value);
      assert.strictEqual(row.t, "blob");
      assert.strictEqual(Object.getPrototypeOf(row.v), Uint8Array.prototype);
      assert.deepStrictEqual(Array.from(row.v), bytes);
    }
    db.close();
  });

  test("boolean -> 'Returned JavaScript value cannot be converted to a SQLite value'", () => {
    const db = memdb();
    for (const value of [true, false]) {
      db.function("ret", () => value);
      assertThrows(
        () => db.prepare("select ret() v").get(),
        Error,
        sqliteError("Returned JavaScript value cannot be converted to a SQLite value"),
      );
    }
    db.close();
  });

  test("object, array, Date, symbol and function return values are rejected", () => {
    const db = memdb();
    for (const value of [{}, [1], new Date(0), Symbol("s"), () => 1, new Number(1)]) {
      db.function("ret", () => value);
      assertThrows(
        () => db.prepare("select ret() v").get(),
        Error,
        sqliteError("Returned JavaScript value cannot be converted to a SQLite value"),
      );
    }
    db.close();
  });

  test("a Promise (async function) is rejected", () => {
    const db = memdb();
    db.function("asyncf", async () => 1);
    assertThrows(
      () => db.prepare("select asyncf() v").get(),
      Error,
      sqliteError("Asynchronous user-defined functions are not supported"),
    );
    db.function("prom", () => Promise.resolve(1));
    assertThrows(
      () => db.prepare("select prom() v").get(),
      Error,
      sqliteError("Asynchronous user-defined functions are not supported"),
    );
    db.close();
  });

  test("a bigint outside int64 is rejected", () => {
    const db = memdb();
    for (const value of [2n ** 64n, 2n ** 63n, -(2n ** 63n) - 1n]) {
      db.function("ret", () => value);
      assertThrows(
        () => db.prepare("select ret() v").get(),
        Error,
        sqliteError("BigInt value is too large for SQLite"),
      );
    }
    db.close();
  });

  test("conversion errors surface from exec(), run() and all() too", () => {
    const db = memdb();
    db.exec("create table t(x)");
    db.function("bad", () => ({}));
    const expected = sqliteError("Returned JavaScript value cannot be converted to a SQLite value");
    assertThrows(() => db.exec("select bad()"), Error, expected);
    assertThrows(() => db.prepare("insert into t values (bad())").run(), Error, expected);
    assertThrows(() => db.prepare("select bad() v").all(), Error, expected);
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });
    db.close();
  });
});
