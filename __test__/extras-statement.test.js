"use strict";
// Statement extras of @photostructure/sqlite: the `reader` and `readonly`
// getters (better-sqlite3's names) and `readNullAsUndefined` (constructor
// option, prepare() option, stmt.setReadNullAsUndefined()). None exist in
// node:sqlite, so every test here is addon-only.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, assertThrows } = require("./common");

const { DatabaseSync, StatementSync } = sqlite;
const addonOnly = { skip: isNode && "@photostructure/sqlite extra" };

function fixture(options) {
  const db = options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
  db.exec("create table t(id integer primary key, a, b); insert into t values (1, null, 'x'), (2, 5, null)");
  return db;
}

describe("stmt.reader and stmt.readonly", addonOnly, () => {
  test("are non-enumerable accessors on the prototype, not own properties", () => {
    for (const name of ["reader", "readonly"]) {
      const d = Object.getOwnPropertyDescriptor(StatementSync.prototype, name);
      assert.equal(typeof d.get, "function");
      assert.equal(d.set, undefined);
      assert.equal(d.enumerable, false);
      assert.equal(d.configurable, true);
    }
    const db = fixture();
    const stmt = db.prepare("select 1");
    assert.deepStrictEqual(Object.keys(stmt), ["sourceSQL", "expandedSQL"]);
    assert.equal(Object.hasOwn(stmt, "reader"), false);
    assert.equal(Object.hasOwn(stmt, "readonly"), false);
    db.close();
  });

  test("report what the statement is", () => {
    const db = fixture();
    const cases = [
      ["select * from t", true, true],
      ["select 1 where 0", true, true],
      ["insert into t(a) values (1)", false, false],
      ["insert into t(a) values (1) returning id", true, false],
      ["update t set a = 1", false, false],
      ["delete from t returning *", true, false],
      ["create table u(x)", false, false],
      ["pragma user_version", true, true],
      ["begin", false, true],
    ];
    for (const [sql, reader, readonly] of cases) {
      const stmt = db.prepare(sql);
      assert.equal(stmt.reader, reader, `reader of ${sql}`);
      assert.equal(stmt.readonly, readonly, `readonly of ${sql}`);
    }
    db.close();
  });

  test("throw ERR_INVALID_STATE once finalized", () => {
    const db = fixture();
    const stmt = db.prepare("select 1");
    stmt.finalize();
    for (const read of [() => stmt.reader, () => stmt.readonly]) {
      assertThrows(read, Error, { code: "ERR_INVALID_STATE", message: "statement has been finalized" });
    }
    const other = db.prepare("select 1");
    db.close();
    assertThrows(() => other.reader, Error, { code: "ERR_INVALID_STATE", message: "statement has been finalized" });
  });

  test("refuse a foreign receiver", () => {
    const get = Object.getOwnPropertyDescriptor(StatementSync.prototype, "reader").get;
    assertThrows(() => get.call({}), TypeError, { message: "Illegal invocation" });
  });
});

describe("readNullAsUndefined", addonOnly, () => {
  test("is off by default: NULL reads as null", () => {
    const db = fixture();
    assert.deepStrictEqual(db.prepare("select a, b from t where id = 1").get(), { __proto__: null, a: null, b: "x" });
    db.close();
  });

  test("the constructor option applies to get, all and iterate, objects and arrays", () => {
    const db = fixture({ readNullAsUndefined: true });
    const stmt = db.prepare("select a, b from t order by id");
    const rows = [
      { __proto__: null, a: undefined, b: "x" },
      { __proto__: null, a: 5, b: undefined },
    ];
    assert.deepStrictEqual(stmt.get(), rows[0]);
    assert.deepStrictEqual(stmt.all(), rows);
    assert.deepStrictEqual([...stmt.iterate()], rows);
    // The keys are still there, holding undefined.
    assert.deepStrictEqual(Object.keys(stmt.get()), ["a", "b"]);
    stmt.setReturnArrays(true);
    assert.deepStrictEqual(stmt.get(), [undefined, "x"]);
    assert.deepStrictEqual(stmt.all(), [
      [undefined, "x"],
      [5, undefined],
    ]);
    assert.deepStrictEqual([...stmt.iterate()], [
      [undefined, "x"],
      [5, undefined],
    ]);
    db.close();
  });

  test("the prepare() option overrides the connection default", () => {
    const db = fixture({ readNullAsUndefined: true });
    assert.deepStrictEqual(db.prepare("select null v", { readNullAsUndefined: false }).get(), { __proto__: null, v: null });
    db.close();
    const plain = fixture();
    assert.deepStrictEqual(plain.prepare("select null v", { readNullAsUndefined: true }).get(), {
      __proto__: null,
      v: undefined,
    });
    plain.close();
  });

  test("setReadNullAsUndefined() toggles it per statement", () => {
    const db = fixture();
    const stmt = db.prepare("select null v");
    assert.equal(stmt.setReadNullAsUndefined(true), undefined);
    assert.deepStrictEqual(stmt.get(), { __proto__: null, v: undefined });
    stmt.setReadNullAsUndefined(false);
    assert.deepStrictEqual(stmt.get(), { __proto__: null, v: null });
    // Another statement keeps the connection default.
    assert.deepStrictEqual(db.prepare("select null v").get(), { __proto__: null, v: null });
    db.close();
  });

  test("combines with readBigInts and touches only NULL", () => {
    const db = fixture({ readNullAsUndefined: true, readBigInts: true });
    assert.deepStrictEqual(db.prepare("select 1 i, 1.5 f, 'x' s, x'01' bl, null n").get(), {
      __proto__: null,
      i: 1n,
      f: 1.5,
      s: "x",
      bl: new Uint8Array([1]),
      n: undefined,
    });
    db.close();
  });

  test("user functions and aggregates still receive null", () => {
    const db = fixture({ readNullAsUndefined: true });
    const seen = [];
    db.function("probe", (v) => {
      seen.push(v);
      return v;
    });
    db.aggregate("collect", {
      start: () => [],
      step: (acc, v) => {
        acc.push(v);
        return acc;
      },
      result: (acc) => JSON.stringify(acc),
    });
    // The function's null result is a NULL column: undefined in the row.
    assert.deepStrictEqual(db.prepare("select probe(null) p").get(), { __proto__: null, p: undefined });
    assert.deepStrictEqual(seen, [null]);
    assert.deepStrictEqual(db.prepare("select collect(a) c from t").get(), { __proto__: null, c: "[null,5]" });
    db.close();
  });

  test("does not change run() or the bound parameters", () => {
    const db = fixture({ readNullAsUndefined: true });
    assert.deepStrictEqual(db.prepare("insert into t(a) values (?)").run(null), { changes: 1, lastInsertRowid: 3 });
    assert.deepStrictEqual(db.prepare("select a is null n from t where id = 3").get(), { __proto__: null, n: 1 });
    db.close();
  });

  test("bad input the node way", () => {
    assertThrows(() => new DatabaseSync(":memory:", { readNullAsUndefined: 1 }), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: 'The "options.readNullAsUndefined" argument must be a boolean.',
    });
    const db = fixture();
    assertThrows(() => db.prepare("select 1", { readNullAsUndefined: "yes" }), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: 'The "options.readNullAsUndefined" argument must be a boolean.',
    });
    const stmt = db.prepare("select 1");
    for (const bad of [undefined, 1, "true", null]) {
      assertThrows(() => stmt.setReadNullAsUndefined(bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "enabled" argument must be a boolean.',
      });
    }
    stmt.finalize();
    assertThrows(() => stmt.setReadNullAsUndefined(true), Error, {
      code: "ERR_INVALID_STATE",
      message: "statement has been finalized",
    });
    db.close();
  });

  test("setReadNullAsUndefined is a non-enumerable prototype method", () => {
    const d = Object.getOwnPropertyDescriptor(StatementSync.prototype, "setReadNullAsUndefined");
    assert.equal(typeof d.value, "function");
    assert.equal(d.enumerable, false);
    assert.ok(!Object.keys(StatementSync.prototype).includes("setReadNullAsUndefined"));
  });
});
