"use strict";
// db.function(): exceptions thrown by fn reach the caller of the statement.
// Spec: api.md §1.3, §2.2, §2.5, §2.13, catalogue rows 32-36 and 48.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { memdb } = require("./functions-fixtures.js");

describe("db.function(): exceptions thrown by fn", () => {
  test("the same error object propagates from get/all/run/iterate/exec", () => {
    const db = memdb();
    const boom = new RangeError("boom");
    boom.extra = { detail: 1 };
    db.function("thrower", () => {
      throw boom;
    });
    db.exec("create table t(x)");
    const attempts = [
      () => db.prepare("select thrower()").get(),
      () => db.prepare("select thrower()").all(),
      () => db.prepare("insert into t values (thrower())").run(),
      () => db.prepare("select thrower()").iterate().next(),
      () => db.exec("select thrower()"),
    ];
    for (const attempt of attempts) {
      let caught;
      assert.throws(attempt, (e) => {
        caught = e;
        return true;
      });
      assert.strictEqual(caught, boom);
      assert.strictEqual(caught.message, "boom");
      assert.deepStrictEqual(caught.extra, { detail: 1 });
      assert.strictEqual(caught.code, undefined);
    }
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });
    db.close();
  });

  test("custom error subclasses and non-Error values propagate unchanged", () => {
    const db = memdb();
    class MyError extends Error {}
    const mine = new MyError("mine");
    db.function("t1", () => {
      throw mine;
    });
    assert.throws(
      () => db.prepare("select t1()").get(),
      (e) => e === mine,
    );
    db.function("t2", () => {
      throw "a string";
    });
    assert.throws(
      () => db.prepare("select t2()").get(),
      (e) => e === "a string",
    );
    const obj = { not: "an error" };
    db.function("t3", () => {
      throw obj;
    });
    assert.throws(
      () => db.prepare("select t3()").get(),
      (e) => e === obj,
    );
    db.close();
  });

  test("an error on a later row stops the statement; the connection stays usable", () => {
    const db = memdb();
    const calls = [];
    db.function("fail_on_two", (x) => {
      calls.push(x);
      if (x === 2) throw new Error("two");
      return x;
    });
    assert.throws(
      () => db.prepare("select fail_on_two(x) v from (select 1 x union all select 2 union all select 3)").all(),
      { message: "two" },
    );
    assert.deepStrictEqual(calls, [1, 2]);
    assert.deepStrictEqual(db.prepare("select fail_on_two(5) v").get(), { __proto__: null, v: 5 });
    db.close();
  });

  test("a statement whose function threw can be executed again", () => {
    const db = memdb();
    let fail = true;
    db.function("maybe", () => {
      if (fail) throw new Error("nope");
      return "fine";
    });
    const stmt = db.prepare("select maybe() v");
    assert.throws(() => stmt.get(), { message: "nope" });
    fail = false;
    assert.deepStrictEqual(stmt.get(), { __proto__: null, v: "fine" });
    db.close();
  });
});
