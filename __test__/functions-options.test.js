"use strict";
// db.function(): the options deterministic, directOnly and useBigIntArguments.
// Spec: api.md §1.3, §2.2, §2.5, §2.13, catalogue rows 32-36 and 48.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { sqliteError, memdb } = require("./functions-fixtures.js");

describe("db.function(): options", () => {
  test("deterministic is required for index expressions", () => {
    const db = memdb();
    db.exec("create table t(a)");
    db.function("nondet", (x) => x);
    assertThrows(
      () => db.exec("create index i1 on t(nondet(a))"),
      Error,
      sqliteError("non-deterministic functions prohibited in index expressions"),
    );
    db.function("det", { deterministic: true }, (x) => x * 2);
    db.exec("create index i2 on t(det(a)); insert into t values (1), (2)");
    assert.deepStrictEqual(db.prepare("select a from t where det(a) = 4").all(), [{ __proto__: null, a: 2 }]);
    db.close();
  });

  test("directOnly: usable directly but not from a view", () => {
    const db = memdb();
    db.function("g", { directOnly: true }, (x) => x * 2);
    assert.deepStrictEqual(db.prepare("select g(2) x").get(), { __proto__: null, x: 4 });
    db.exec("create view v as select g(3) x");
    assertThrows(() => db.prepare("select * from v"), Error, sqliteError("unsafe use of g()"));
    db.close();
  });

  test("directOnly: not usable from a trigger", () => {
    const db = memdb();
    db.function("g", { directOnly: true }, (x) => x * 2);
    db.exec(`
      create table src(a);
      create table dst(b);
      create trigger trg after insert on src begin insert into dst values (g(new.a)); end;
    `);
    assertThrows(() => db.prepare("insert into src values (1)").run(), Error, sqliteError("unsafe use of g()"));
    assert.deepStrictEqual(db.prepare("select count(*) n from dst").get(), { __proto__: null, n: 0 });
    db.close();
  });

  test("without directOnly the function works in views and triggers", () => {
    const db = memdb();
    db.function("g", (x) => x * 2);
    db.exec(`
      create view v as select g(3) x;
      create table src(a);
      create table dst(b);
      create trigger trg after insert on src begin insert into dst values (g(new.a)); end;
    `);
    assert.deepStrictEqual(db.prepare("select * from v").get(), { __proto__: null, x: 6 });
    db.prepare("insert into src values (5)").run();
    assert.deepStrictEqual(db.prepare("select b from dst").all(), [{ __proto__: null, b: 10 }]);
    db.close();
  });

  test("useBigIntArguments: INTEGER arguments arrive as bigint, other types unchanged", () => {
    const db = memdb();
    db.function("types", { useBigIntArguments: true, varargs: true }, (...args) =>
      args.map((a) => (a === null ? "null" : typeof a)).join(","),
    );
    assert.deepStrictEqual(
      db.prepare("select types(1, 2.5, 'x', null, x'00', -9223372036854775808, 9223372036854775807) v").get(),
      { __proto__: null, v: "bigint,number,string,null,object,bigint,bigint" },
    );
    let seen;
    db.function("capture", { useBigIntArguments: true }, (a) => {
      seen = a;
      return null;
    });
    db.prepare("select capture(9223372036854775807)").get();
    assert.strictEqual(seen, 9223372036854775807n);
    db.prepare("select capture(?)").get(5n);
    assert.strictEqual(seen, 5n);
    db.close();
  });

  test("useBigIntArguments: false gives numbers", () => {
    const db = memdb();
    db.function("ty", { useBigIntArguments: false }, (a) => typeof a);
    assert.deepStrictEqual(db.prepare("select ty(1) v").get(), { __proto__: null, v: "number" });
    db.close();
  });
});
