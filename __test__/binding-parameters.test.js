"use strict";
// Parameter binding rules (api.md §2.4): named and anonymous parameters, and
// bindings cleared between executions.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { unknownNamed, openDb } = require("./binding-fixtures.js");

const columnIndexOutOfRange = (fn) =>
  assertThrows(fn, Error, {
    code: "ERR_SQLITE_ERROR",
    message: "column index out of range",
    errcode: 25,
    errstr: "column index out of range",
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
