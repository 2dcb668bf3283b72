"use strict";
// JavaScript -> SQLite binding (api.md §2.1) and parameter binding rules (§2.4).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite } = require("./common");

const { DatabaseSync } = sqlite;

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

const unknownNamed = (fn, key) =>
  assertThrows(fn, Error, {
    code: "ERR_INVALID_STATE",
    message: `Unknown named parameter '${key}'`,
  });

const columnIndexOutOfRange = (fn) =>
  assertThrows(fn, Error, {
    code: "ERR_SQLITE_ERROR",
    message: "column index out of range",
    errcode: 25,
    errstr: "column index out of range",
  });

function openDb(options) {
  return options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
}

/** Binds `value` as ?1 and reports its SQLite storage class and value. */
function probe(value, db = openDb()) {
  return db.prepare("select typeof(?1) t, ?1 v").get(value);
}

/** Bytes of any view as a fresh Uint8Array. */
function bytesOf(view) {
  return Uint8Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

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

describe("binding binary data", () => {
  test("Uint8Array binds as a BLOB", () => {
    const row = probe(new Uint8Array([1, 2, 255]));
    assert.deepStrictEqual(row, { __proto__: null, t: "blob", v: new Uint8Array([1, 2, 255]) });
  });

  test("Buffer binds its own bytes (byteOffset respected)", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, hex(?1) h");
    assert.deepStrictEqual(s.get(Buffer.from("hi")), { __proto__: null, t: "blob", h: "6869" });
    const big = Buffer.from([9, 8, 7, 6, 5]);
    const sub = big.subarray(1, 4);
    assert.deepStrictEqual(s.get(sub), { __proto__: null, t: "blob", h: "080706" });
  });

  test("every TypedArray binds exactly the bytes of its view", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v");
    const ctors = [
      [Int8Array, [1, -1]],
      [Uint8Array, [1, 255]],
      [Uint8ClampedArray, [0, 255]],
      [Int16Array, [1, 256]],
      [Uint16Array, [0x0102, 0xffff]],
      [Int32Array, [-2, 0x01020304]],
      [Uint32Array, [0xdeadbeef, 7]],
      [Float32Array, [1.5, -2]],
      [Float64Array, [Math.PI, -0]],
      [BigInt64Array, [-1n, 0x0102030405060708n]],
      [BigUint64Array, [2n ** 64n - 1n, 3n]],
    ];
    if (typeof Float16Array === "function") ctors.push([Float16Array, [1.5, -2]]); // eslint-disable-line no-undef
    for (const [Ctor, values] of ctors) {
      const bpe = Ctor.BYTES_PER_ELEMENT;
      // A view in the middle of a larger buffer, with garbage around it.
      const backing = new ArrayBuffer(bpe * 4);
      new Uint8Array(backing).fill(0xaa);
      const view = new Ctor(backing, bpe, 2);
      view.set(values);
      const row = s.get(view);
      assert.strictEqual(row.t, "blob", Ctor.name);
      assert.deepStrictEqual(row.v, bytesOf(view), Ctor.name);
      assert.strictEqual(row.v.length, bpe * 2, Ctor.name);
    }
  });

  test("Int16Array [1, 256] binds bytes 01 00 00 01", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select hex(?) h").get(new Int16Array([1, 256])), {
      __proto__: null,
      h: "01000001",
    });
  });

  test("DataView binds its byteOffset/byteLength window", () => {
    const db = openDb();
    const buf = new Uint8Array([9, 8, 7, 6, 5]).buffer;
    assert.deepStrictEqual(db.prepare("select typeof(?1) t, hex(?1) h").get(new DataView(buf, 2, 2)), {
      __proto__: null,
      t: "blob",
      h: "0706",
    });
    assert.deepStrictEqual(db.prepare("select hex(?1) h").get(new DataView(buf)), {
      __proto__: null,
      h: "0908070605",
    });
  });

  test("an empty view binds a zero-length BLOB, not NULL", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, length(?1) l, ?1 v");
    const empties = [
      new Uint8Array(0),
      Buffer.alloc(0),
      new Float64Array(0),
      new Uint8Array(new ArrayBuffer(8), 8),
      new DataView(new ArrayBuffer(4), 4),
      new DataView(new ArrayBuffer(0)),
    ];
    for (const view of empties) {
      assert.deepStrictEqual(s.get(view), { __proto__: null, t: "blob", l: 0, v: new Uint8Array(0) }, view.constructor.name);
    }
  });

  test("ArrayBuffer binds the whole buffer as a BLOB", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v");
    const u8 = new Uint8Array([7, 8, 9]);
    assert.deepStrictEqual(s.get(u8.buffer), { __proto__: null, t: "blob", v: new Uint8Array([7, 8, 9]) });
    // The whole buffer, even when it came from a narrower view.
    const view = new Uint8Array(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2);
    assert.deepStrictEqual(s.get(view.buffer).v, new Uint8Array([1, 2, 3, 4]));
  });

  test("SharedArrayBuffer binds the whole buffer as a BLOB", () => {
    const db = openDb();
    const sab = new SharedArrayBuffer(3);
    new Uint8Array(sab).set([1, 2, 3]);
    assert.deepStrictEqual(db.prepare("select typeof(?1) t, ?1 v").get(sab), {
      __proto__: null,
      t: "blob",
      v: new Uint8Array([1, 2, 3]),
    });
  });

  test("an empty ArrayBuffer or SharedArrayBuffer binds NULL", () => {
    // Observed on Node 26.10 (unlike empty views, which give a zero-length BLOB).
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v");
    assert.deepStrictEqual(s.get(new ArrayBuffer(0)), { __proto__: null, t: "null", v: null });
    assert.deepStrictEqual(s.get(new SharedArrayBuffer(0)), { __proto__: null, t: "null", v: null });
  });

  test("binary values are accepted as named parameter values", () => {
    const db = openDb();
    assert.deepStrictEqual(
      db.prepare("select hex($a) a, hex($b) b, hex($c) c").get({
        a: new Uint16Array([0x0102]),
        b: new Uint8Array([5, 6]).buffer,
        c: new DataView(new Uint8Array([1, 2, 3]).buffer, 1),
      }),
      { __proto__: null, a: "0201", b: "0506", c: "0203" },
    );
  });

  test("bound bytes are copied at bind time", () => {
    const db = openDb();
    db.exec("create table t(b blob)");
    const u8 = new Uint8Array([1, 2, 3]);
    db.prepare("insert into t values (?)").run(u8);
    u8[0] = 99;
    assert.deepStrictEqual(db.prepare("select b from t").get().b, new Uint8Array([1, 2, 3]));
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

describe("named parameters", () => {
  test("prefixed keys bind $, : and @ parameters", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select $a a").get({ $a: 1 }), { __proto__: null, a: 1 });
    assert.deepStrictEqual(db.prepare("select :a a").get({ ":a": 2 }), { __proto__: null, a: 2 });
    assert.deepStrictEqual(db.prepare("select @a a").get({ "@a": 3 }), { __proto__: null, a: 3 });
  });

  test("bare keys bind parameters of every prefix by default", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select $a a, :b b, @c c").get({ a: 1, b: "two", c: null }), {
      __proto__: null,
      a: 1,
      b: "two",
      c: null,
    });
    assert.deepStrictEqual(db.prepare("select $a a, :b b").get({ $a: 1, b: 2 }), { __proto__: null, a: 1, b: 2 });
  });

  test("a prefixed key must match the prefix used in SQL", () => {
    const db = openDb();
    unknownNamed(() => db.prepare("select :a a").get({ $a: 1 }), "$a");
    unknownNamed(() => db.prepare("select $a a").get({ "@a": 1 }), "@a");
    unknownNamed(() => db.prepare("select @a a").get({ ":a": 1 }), ":a");
  });

  test("an array is taken as the named-parameter object", () => {
    const db = openDb();
    unknownNamed(() => db.prepare("select ? a, ? b").get([1, 2]), "0");
    unknownNamed(() => db.prepare("select $a a").get([1]), "0");
    // An empty array has no keys, so it binds nothing; later values are anonymous.
    assert.deepStrictEqual(db.prepare("select ? a").get([]), { __proto__: null, a: null });
    assert.deepStrictEqual(db.prepare("select ? a").get([], 5), { __proto__: null, a: 5 });
  });

  test("inherited properties are ignored", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select $a a").get(Object.create({ a: 1 })), { __proto__: null, a: null });
    assert.deepStrictEqual(db.prepare("select $a a").get(Object.create({ $a: 1 })), { __proto__: null, a: null });
    class Params {
      constructor() {
        this.b = 2;
      }
      get a() {
        return 1;
      }
    }
    assert.deepStrictEqual(db.prepare("select $a a, $b b").get(new Params()), { __proto__: null, a: null, b: 2 });
  });

  test("non-enumerable own properties are ignored", () => {
    const db = openDb();
    const obj = Object.defineProperty({}, "a", { value: 1, enumerable: false });
    assert.deepStrictEqual(db.prepare("select $a a").get(obj), { __proto__: null, a: null });
  });

  test("own enumerable getters are read", () => {
    const db = openDb();
    const obj = {
      get a() {
        return 9;
      },
    };
    assert.deepStrictEqual(db.prepare("select $a a").get(obj), { __proto__: null, a: 9 });
  });

  test("symbol keys are ignored", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select $a a").get({ [Symbol("a")]: 1, a: 2 }), { __proto__: null, a: 2 });
    assert.deepStrictEqual(db.prepare("select $a a").get({ [Symbol("zz")]: 1 }), { __proto__: null, a: null });
  });

  test("a Map binds nothing", () => {
    const db = openDb();
    const map = new Map([
      ["a", 1],
      ["$a", 2],
    ]);
    assert.deepStrictEqual(db.prepare("select $a a").get(map), { __proto__: null, a: null });
    assert.deepStrictEqual(db.prepare("select ? a").get(map), { __proto__: null, a: null });
  });

  test("allowBareNamedParameters: false rejects bare keys", () => {
    const db = openDb();
    const s = db.prepare("select $a a", { allowBareNamedParameters: false });
    unknownNamed(() => s.get({ a: 1 }), "a");
    assert.deepStrictEqual(s.get({ $a: 1 }), { __proto__: null, a: 1 });
  });

  test("setAllowBareNamedParameters toggles bare keys", () => {
    const db = openDb();
    const s = db.prepare("select $a a");
    assert.strictEqual(s.setAllowBareNamedParameters(false), undefined);
    unknownNamed(() => s.get({ a: 1 }), "a");
    assert.deepStrictEqual(s.get({ $a: 1 }), { __proto__: null, a: 1 });
    assert.strictEqual(s.setAllowBareNamedParameters(true), undefined);
    assert.deepStrictEqual(s.get({ a: 1 }), { __proto__: null, a: 1 });
  });

  test("conflicting bare names throw when any object is bound", () => {
    // Each check uses a fresh statement: Node 26.10 caches a partially built
    // bare-name map after the first failure, so only the first object binding
    // of a statement is checked here.
    const db = openDb();
    const conflict = (args, sql = "select $a a, :a b", first = "$a", second = ":a") =>
      assertThrows(() => db.prepare(sql).get(...args), Error, {
        code: "ERR_INVALID_STATE",
        message: `Cannot create bare named parameter 'a' because of conflicting names '${first}' and '${second}'.`,
      });
    conflict([{ a: 1 }]);
    conflict([{ $a: 1, ":a": 2 }]);
    conflict([{}]);
    conflict([{}, 1], "select $a a, :a b, ? c");
    conflict([{ a: 1 }], "select :a a, $a b", ":a", "$a");
    conflict([{ a: 1 }], "select @a a, $a b", "@a", "$a");
    // Without a named-parameter object nothing needs to be resolved.
    assert.deepStrictEqual(db.prepare("select $a a, :a b").get(), { __proto__: null, a: null, b: null });
    assert.deepStrictEqual(db.prepare("select $a a, :a b, ? c").get(3), {
      __proto__: null,
      a: null,
      b: null,
      c: 3,
    });
  });

  test("conflicting names are fine with allowBareNamedParameters off", () => {
    const db = openDb();
    const s = db.prepare("select $a a, :a b", { allowBareNamedParameters: false });
    assert.deepStrictEqual(s.get({ $a: 1, ":a": 2 }), { __proto__: null, a: 1, b: 2 });
    unknownNamed(() => s.get({ a: 1 }), "a");
  });

  test("unknown keys throw by default", () => {
    const db = openDb();
    const s = db.prepare("select $a a");
    unknownNamed(() => s.get({ $a: 1, $zz: 2 }), "$zz");
    unknownNamed(() => s.get({ a: 1, zz: 2 }), "zz");
    unknownNamed(() => s.get({ "a b": 1 }), "a b");
    unknownNamed(() => s.get({ "": 1 }), "");
  });

  test("unknown keys are ignored with allowUnknownNamedParameters", () => {
    const db = openDb();
    const s = db.prepare("select $a a", { allowUnknownNamedParameters: true });
    assert.deepStrictEqual(s.get({ a: 1, zz: 2 }), { __proto__: null, a: 1 });
    assert.deepStrictEqual(s.get({ $zz: 2 }), { __proto__: null, a: null });
  });

  test("setAllowUnknownNamedParameters toggles unknown keys", () => {
    const db = openDb();
    const s = db.prepare("select $a a");
    assert.strictEqual(s.setAllowUnknownNamedParameters(true), undefined);
    assert.deepStrictEqual(s.get({ zz: 1, a: 3 }), { __proto__: null, a: 3 });
    assert.strictEqual(s.setAllowUnknownNamedParameters(false), undefined);
    unknownNamed(() => s.get({ zz: 1, a: 3 }), "zz");
  });

  test("an object passed to a statement with only ? parameters", () => {
    const db = openDb();
    unknownNamed(() => db.prepare("select ? a").get({ a: 1 }), "a");
    assert.deepStrictEqual(db.prepare("select ? a").get({}), { __proto__: null, a: null });
    assert.deepStrictEqual(db.prepare("select ? a").get({}, 7), { __proto__: null, a: 7 });
    assert.deepStrictEqual(db.prepare("select ? a", { allowUnknownNamedParameters: true }).get({ a: 1 }), {
      __proto__: null,
      a: null,
    });
  });

  test("missing named parameters are NULL", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select $a a, $b b").get({ b: 2 }), { __proto__: null, a: null, b: 2 });
    assert.deepStrictEqual(db.prepare("select $a a, $b b").get({}), { __proto__: null, a: null, b: null });
  });

  test("named object plus anonymous values", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select $a a, ? b").get({ a: 1 }, 2), { __proto__: null, a: 1, b: 2 });
    assert.deepStrictEqual(db.prepare("select ? b, $a a, ? c").get({ a: 1 }, 2, 3), {
      __proto__: null,
      b: 2,
      a: 1,
      c: 3,
    });
  });

  test("a repeated name binds the same value everywhere", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select $a a, $a + 1 b, :x c, :x d").get({ a: 1, x: "q" }), {
      __proto__: null,
      a: 1,
      b: 2,
      c: "q",
      d: "q",
    });
    assert.deepStrictEqual(db.prepare("select @n a, @n b").get({ "@n": 5n }), { __proto__: null, a: 5, b: 5 });
    db.exec("create table t(x, y)");
    db.prepare("insert into t values ($v, $v)").run({ v: "same" });
    assert.deepStrictEqual(db.prepare("select x, y from t").get(), { __proto__: null, x: "same", y: "same" });
  });
});

describe("anonymous parameters", () => {
  test("values fill ? parameters in order", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select ? a, ? b, ? c").get(1, "x", null), {
      __proto__: null,
      a: 1,
      b: "x",
      c: null,
    });
  });

  test("?NNN parameters are positional", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select ?2 a, ?1 b").get(1, 2), { __proto__: null, a: 2, b: 1 });
    assert.deepStrictEqual(db.prepare("select ?1 a, ?1 b").get(7), { __proto__: null, a: 7, b: 7 });
    assert.deepStrictEqual(db.prepare("select ?1 a, ? b").get(7, 8), { __proto__: null, a: 7, b: 8 });
    assert.deepStrictEqual(db.prepare("select ?3 a").get(1, 2, 3), { __proto__: null, a: 3 });
    assert.deepStrictEqual(db.prepare("select ?3 a").get(1), { __proto__: null, a: null });
  });

  test("fewer values than parameters leave the rest NULL", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select ? a, ? b, ? c").get(1), { __proto__: null, a: 1, b: null, c: null });
    assert.deepStrictEqual(db.prepare("select ? a, ? b").get(), { __proto__: null, a: null, b: null });
  });

  test("more values than parameters throw 'column index out of range'", () => {
    const db = openDb();
    columnIndexOutOfRange(() => db.prepare("select ? a").get(1, 2));
    columnIndexOutOfRange(() => db.prepare("select 1 a").get(1));
    columnIndexOutOfRange(() => db.prepare("select $a a").get({ a: 1 }, 2));
  });

  test("named parameters cannot be bound positionally", () => {
    const db = openDb();
    columnIndexOutOfRange(() => db.prepare("select $a a, $b b").get(1, 2));
    columnIndexOutOfRange(() => db.prepare("select :a a").get(1));
  });

  test("anonymous values skip named parameters", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select ? a, $n n, ? b").get({ n: "N" }, 1, 2), {
      __proto__: null,
      a: 1,
      n: "N",
      b: 2,
    });
  });
});

describe("bindings are cleared between executions", () => {
  test("anonymous values", () => {
    const db = openDb();
    const s = db.prepare("select ? a, ? b");
    assert.deepStrictEqual(s.get(1, 2), { __proto__: null, a: 1, b: 2 });
    assert.deepStrictEqual(s.get(3), { __proto__: null, a: 3, b: null });
    assert.deepStrictEqual(s.get(), { __proto__: null, a: null, b: null });
  });

  test("named values", () => {
    const db = openDb();
    const s = db.prepare("select $a a, $b b");
    assert.deepStrictEqual(s.get({ a: 1, b: 2 }), { __proto__: null, a: 1, b: 2 });
    assert.deepStrictEqual(s.get({ b: 3 }), { __proto__: null, a: null, b: 3 });
    assert.deepStrictEqual(s.all(), [{ __proto__: null, a: null, b: null }]);
  });

  test("after run() and iterate()", () => {
    const db = openDb();
    db.exec("create table t(x, y)");
    const ins = db.prepare("insert into t values (?, ?)");
    ins.run(1, 2);
    ins.run(3);
    assert.deepStrictEqual(db.prepare("select x, y from t order by rowid").all(), [
      { __proto__: null, x: 1, y: 2 },
      { __proto__: null, x: 3, y: null },
    ]);
    const s = db.prepare("select ? a");
    assert.deepStrictEqual([...s.iterate(5)], [{ __proto__: null, a: 5 }]);
    assert.deepStrictEqual([...s.iterate()], [{ __proto__: null, a: null }]);
  });
});

describe("option setters validate their argument", () => {
  test("setAllowBareNamedParameters requires a boolean", () => {
    const db = openDb();
    const s = db.prepare("select $a a");
    for (const bad of [[], [1], ["true"], [null], [undefined]]) {
      assertThrows(() => s.setAllowBareNamedParameters(...bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "allowBareNamedParameters" argument must be a boolean.',
      });
    }
  });

  test("setAllowUnknownNamedParameters requires a boolean", () => {
    const db = openDb();
    const s = db.prepare("select $a a");
    for (const bad of [[], [0], ["false"], [null], [undefined]]) {
      assertThrows(() => s.setAllowUnknownNamedParameters(...bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "enabled" argument must be a boolean.',
      });
    }
  });
});

describe("database defaults and prepare() options", () => {
  test("statements inherit the database defaults", () => {
    const db = openDb({ allowBareNamedParameters: false, allowUnknownNamedParameters: true });
    const s = db.prepare("select $a a");
    // The bare key 'a' is unknown, and unknown keys are ignored.
    assert.deepStrictEqual(s.get({ a: 1 }), { __proto__: null, a: null });
    assert.deepStrictEqual(s.get({ $a: 2, $zz: 3 }), { __proto__: null, a: 2 });
  });

  test("allowBareNamedParameters: false on the database", () => {
    const db = openDb({ allowBareNamedParameters: false });
    unknownNamed(() => db.prepare("select $a a").get({ a: 1 }), "a");
  });

  test("prepare() options override the database defaults", () => {
    const db = openDb({ allowBareNamedParameters: false, allowUnknownNamedParameters: true });
    const s = db.prepare("select $a a", { allowBareNamedParameters: true, allowUnknownNamedParameters: false });
    assert.deepStrictEqual(s.get({ a: 1 }), { __proto__: null, a: 1 });
    unknownNamed(() => s.get({ a: 1, zz: 1 }), "zz");

    const db2 = openDb();
    const s2 = db2.prepare("select $a a", { allowBareNamedParameters: false, allowUnknownNamedParameters: true });
    assert.deepStrictEqual(s2.get({ a: 1 }), { __proto__: null, a: null });
    assert.deepStrictEqual(s2.get({ $a: 1 }), { __proto__: null, a: 1 });
  });

  test("a prepare() option that is omitted keeps the database default", () => {
    const db = openDb({ allowBareNamedParameters: false });
    const s = db.prepare("select $a a", { allowUnknownNamedParameters: true });
    assert.deepStrictEqual(s.get({ a: 1 }), { __proto__: null, a: null });
  });

  test("setters override prepare() options", () => {
    const db = openDb();
    const s = db.prepare("select $a a", { allowBareNamedParameters: false });
    s.setAllowBareNamedParameters(true);
    assert.deepStrictEqual(s.get({ a: 4 }), { __proto__: null, a: 4 });
  });

  test("changing database-level defaults does not affect other statements", () => {
    const db = openDb();
    const a = db.prepare("select $a a");
    const b = db.prepare("select $a a");
    a.setAllowBareNamedParameters(false);
    unknownNamed(() => a.get({ a: 1 }), "a");
    assert.deepStrictEqual(b.get({ a: 1 }), { __proto__: null, a: 1 });
  });

  test("prepare() binding options are validated", () => {
    const db = openDb();
    for (const name of ["allowBareNamedParameters", "allowUnknownNamedParameters"]) {
      for (const bad of [1, "x", null]) {
        assertThrows(() => db.prepare("select 1", { [name]: bad }), TypeError, {
          code: "ERR_INVALID_ARG_TYPE",
          message: `The "options.${name}" argument must be a boolean.`,
        });
      }
    }
  });

  test("database binding options are validated", () => {
    for (const name of ["allowBareNamedParameters", "allowUnknownNamedParameters"]) {
      assertThrows(() => new DatabaseSync(":memory:", { [name]: 1 }), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: `The "options.${name}" argument must be a boolean.`,
      });
    }
  });
});
