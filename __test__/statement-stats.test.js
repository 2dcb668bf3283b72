"use strict";
// StatementSync stat() and resetStats().
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite } = require("./common");
const { openDb, dbWithRows, STAT_NAMES } = require("./statement-helpers");

describe("stat() and resetStats()", () => {
  test("all nine counters are readable numbers", () => {
    const s = openDb().prepare("select 1 a union all select 2");
    for (const name of STAT_NAMES) {
      const value = s.stat(name);
      assert.strictEqual(typeof value, "number", name);
      assert.ok(Number.isInteger(value) && value >= 0, `${name} = ${value}`);
    }
  });

  test("a fresh statement has zero counters except memused", () => {
    const s = openDb().prepare("select 1 a union all select 2");
    for (const name of STAT_NAMES) {
      if (name === "memused") assert.ok(s.stat(name) > 0, "memused > 0");
      else assert.strictEqual(s.stat(name), 0, name);
    }
  });

  test("vmStep and run count executions", () => {
    const s = openDb().prepare("select 1 a union all select 2");
    s.all();
    assert.strictEqual(s.stat("run"), 1);
    const steps = s.stat("vmStep");
    assert.ok(steps > 0, `vmStep = ${steps}`);
    for (const name of ["fullscanStep", "sort", "autoindex", "reprepare", "filterMiss", "filterHit"]) {
      assert.strictEqual(s.stat(name), 0, name);
    }
    s.all();
    assert.strictEqual(s.stat("run"), 2);
    assert.strictEqual(s.stat("vmStep"), steps * 2);
  });

  test("get(), run() and a partial iterate() each count one run", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t");
    s.get();
    assert.strictEqual(s.stat("run"), 1);
    s.run();
    assert.strictEqual(s.stat("run"), 2);
    s.iterate().next();
    assert.strictEqual(s.stat("run"), 3);
  });

  test("sort, fullscanStep and autoindex", () => {
    const db = openDb();
    db.exec(`
      create table a(x); create table b(y);
      with recursive c(i) as (select 1 union all select i + 1 from c where i < 100)
        insert into a select i from c;
      insert into b select x from a;
    `);
    const sorted = db.prepare("select x from a order by x desc");
    sorted.all();
    assert.strictEqual(sorted.stat("sort"), 1);
    assert.ok(sorted.stat("fullscanStep") > 0);
    const joined = db.prepare("select count(*) n from a join b on a.x = b.y");
    assert.deepStrictEqual(joined.get(), { __proto__: null, n: 100 });
    assert.ok(joined.stat("autoindex") > 0, "an automatic index was built");
  });

  test("counters are per statement", () => {
    const db = openDb();
    const a = db.prepare("select 1");
    const b = db.prepare("select 2");
    a.all();
    a.all();
    assert.strictEqual(a.stat("run"), 2);
    assert.strictEqual(b.stat("run"), 0);
  });

  test("resetStats() zeroes every counter except memused", () => {
    const db = openDb();
    db.exec("create table t(x); insert into t values (3), (1), (2)");
    const s = db.prepare("select x from t order by x");
    s.all();
    const memused = s.stat("memused");
    assert.strictEqual(s.resetStats(), undefined);
    for (const name of STAT_NAMES) {
      if (name === "memused") assert.strictEqual(s.stat(name), memused);
      else assert.strictEqual(s.stat(name), 0, name);
    }
    s.all();
    assert.strictEqual(s.stat("run"), 1);
  });

  test("stat() requires a string counter name", () => {
    const s = openDb().prepare("select 1");
    for (const bad of [[], [5], [null], [undefined], [{ toString: () => "run" }]]) {
      assertThrows(() => s.stat(...bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "counter" argument must be a string.',
      });
    }
  });

  test("stat() rejects unknown counter names", () => {
    const s = openDb().prepare("select 1");
    for (const bad of ["nope", "", "VM_STEP", "vmstep", "SQLITE_STMTSTATUS_RUN", "memUsed"]) {
      assertThrows(() => s.stat(bad), TypeError, {
        code: "ERR_INVALID_ARG_VALUE",
        message: 'The "counter" argument is not a valid statistic name.',
      });
    }
  });
});
