"use strict";
// @photostructure/sqlite extras: the `queryTimeout` constructor option and
// `db.interrupt()` (sqlite3_interrupt). Neither exists in node:sqlite, so every
// test here is addon-only.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, assertThrows, tmpPath } = require("./common");

const { DatabaseSync } = sqlite;
const addonOnly = { skip: isNode && "@photostructure/sqlite extra" };

// Never ends on its own.
const ENDLESS = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c";
const INTERRUPTED = { code: "ERR_SQLITE_ERROR", errcode: 9, errstr: "interrupted", message: "interrupted" };

function rows(n) {
  return `with recursive c(x) as (select 1 union all select x + 1 from c where x < ${n}) select x from c`;
}

function busyWait(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

describe("queryTimeout", addonOnly, () => {
  test("stops a long get(), all(), run() and exec(); the connection stays usable", () => {
    const db = new DatabaseSync(":memory:", { queryTimeout: 20 });
    db.exec("create table t(x)");
    assertThrows(() => db.prepare(ENDLESS).get(), Error, INTERRUPTED);
    assertThrows(() => db.prepare(ENDLESS).all(), Error, INTERRUPTED);
    assertThrows(() => db.prepare(`insert into t ${ENDLESS.replace("count(*)", "x")}`).run(), Error, INTERRUPTED);
    assertThrows(() => db.exec(ENDLESS), Error, INTERRUPTED);
    // The same statement runs again afterwards, and so does the connection.
    const stmt = db.prepare(ENDLESS);
    assertThrows(() => stmt.get(), Error, INTERRUPTED);
    assertThrows(() => stmt.get(), Error, INTERRUPTED);
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });
    db.close();
  });

  test("applies to each iterator step, not to the whole iteration", () => {
    const db = new DatabaseSync(":memory:", { queryTimeout: 300 });
    db.function("slow", (x) => {
      busyWait(40);
      return x;
    });
    // 10 rows of 40 ms: 400 ms in all, each next() well under the timeout.
    let count = 0;
    for (const row of db.prepare(rows(10).replace("select x from c", "select slow(x) x from c")).iterate()) {
      count += 1;
      assert.equal(row.x, count);
    }
    assert.equal(count, 10);
    // One next() that runs too long stops the iteration.
    const it = db.prepare(`select 1 union all select * from (${ENDLESS})`).iterate();
    assert.deepStrictEqual(it.next(), { __proto__: null, done: false, value: { __proto__: null, 1: 1 } });
    assertThrows(() => it.next(), Error, INTERRUPTED);
    assert.deepStrictEqual(it.next(), { __proto__: null, done: true, value: null });
    db.close();
  });

  test("0 (the default) means no timeout", () => {
    for (const options of [{}, { queryTimeout: 0 }]) {
      const db = new DatabaseSync(":memory:", options);
      db.function("slow", () => {
        busyWait(30);
        return 1;
      });
      assert.deepStrictEqual(db.prepare(`select sum(slow()) s from (${rows(3)})`).get(), { __proto__: null, s: 3 });
      db.close();
    }
  });

  test("holds after close() and open()", () => {
    const db = new DatabaseSync(tmpPath(), { queryTimeout: 20, open: false });
    db.open();
    assertThrows(() => db.prepare(ENDLESS).get(), Error, INTERRUPTED);
    db.close();
    db.open();
    assertThrows(() => db.prepare(ENDLESS).get(), Error, INTERRUPTED);
    db.close();
  });

  test("an interrupted write rolls back the open transaction; an interrupted read does not", () => {
    const db = new DatabaseSync(":memory:", { queryTimeout: 20 });
    db.exec("create table t(x)");
    db.exec("begin; insert into t values (1)");
    assertThrows(() => db.exec(`insert into t ${ENDLESS.replace("count(*)", "x")}`), Error, INTERRUPTED);
    assert.equal(db.isTransaction, false);
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });

    db.exec("begin; insert into t values (2)");
    assertThrows(() => db.prepare(ENDLESS).get(), Error, INTERRUPTED);
    assert.equal(db.isTransaction, true);
    db.exec("commit");
    assert.deepStrictEqual(db.prepare("select x from t").all(), [{ __proto__: null, x: 2 }]);
    db.close();
  });

  test("a statement run from a user function keeps the outer call's deadline", () => {
    const db = new DatabaseSync(":memory:", { queryTimeout: 50 });
    const inner = db.prepare("select 1 v");
    db.function("nested", () => inner.get().v);
    // Each inner call is short, but the outer statement as a whole is not.
    assertThrows(() => db.prepare(`select count(nested()) from (${ENDLESS.replace("count(*)", "x")})`).get(), Error, INTERRUPTED);
    db.close();
  });

  test("bad values the node way", () => {
    for (const bad of [1.5, "10", 10n, NaN, Infinity, null, true]) {
      assertThrows(() => new DatabaseSync(":memory:", { queryTimeout: bad }), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "options.queryTimeout" argument must be an integer.',
      });
    }
    assertThrows(() => new DatabaseSync(":memory:", { queryTimeout: -1 }), RangeError, {
      code: "ERR_OUT_OF_RANGE",
      message: 'The value of "options.queryTimeout" is out of range. It must be >= 0 && <= 2147483647. Received -1',
    });
    assertThrows(() => new DatabaseSync(":memory:", { queryTimeout: 2 ** 31 }), RangeError, {
      code: "ERR_OUT_OF_RANGE",
    });
  });
});

describe("db.interrupt()", addonOnly, () => {
  test("is a non-enumerable prototype method", () => {
    const d = Object.getOwnPropertyDescriptor(DatabaseSync.prototype, "interrupt");
    assert.equal(typeof d.value, "function");
    assert.equal(d.enumerable, false);
    assert.ok(!Object.keys(DatabaseSync.prototype).includes("interrupt"));
  });

  test("from a user function stops the running statement", () => {
    const db = new DatabaseSync(":memory:");
    db.function("stopAt", (x) => {
      if (x === 5) db.interrupt();
      return x;
    });
    assertThrows(() => db.prepare(rows(100).replace("select x", "select stopAt(x)")).all(), Error, INTERRUPTED);
    assertThrows(() => db.exec(`select count(stopAt(x)) from (${rows(100)})`), Error, INTERRUPTED);
    assert.deepStrictEqual(db.prepare("select 1 v").get(), { __proto__: null, v: 1 });
    db.close();
  });

  test("from an aggregate step stops the running statement", () => {
    const db = new DatabaseSync(":memory:");
    db.aggregate("sumUntil", {
      start: 0,
      step: (acc, x) => {
        if (x === 5) db.interrupt();
        return acc + x;
      },
    });
    assertThrows(() => db.prepare(`select sumUntil(x) from (${rows(100)})`).get(), Error, INTERRUPTED);
    assert.deepStrictEqual(db.prepare(`select sumUntil(x) s from (${rows(3)})`).get(), { __proto__: null, s: 6 });
    db.close();
  });

  test("from the authorizer makes the statement being prepared fail", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table t(x)");
    db.setAuthorizer((action, table) => {
      if (table === "t") db.interrupt();
      return sqlite.constants.SQLITE_OK;
    });
    assertThrows(() => db.prepare("select x from t"), Error, INTERRUPTED);
    assertThrows(() => db.exec("insert into t values (1)"), Error, INTERRUPTED);
    // Statements the authorizer lets through are unaffected.
    assert.deepStrictEqual(db.prepare("select 1 v").get(), { __proto__: null, v: 1 });
    db.setAuthorizer(null);
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });
    db.close();
  });

  test("with nothing running, affects nothing", () => {
    const db = new DatabaseSync(":memory:");
    assert.equal(db.interrupt(), undefined);
    assert.deepStrictEqual(db.prepare("select 1 v").get(), { __proto__: null, v: 1 });
    db.close();
  });

  test("after close() throws ERR_INVALID_STATE; a foreign receiver throws", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    assertThrows(() => db.interrupt(), Error, { code: "ERR_INVALID_STATE", message: "database is not open" });
    assertThrows(() => DatabaseSync.prototype.interrupt.call({}), TypeError, { message: "Illegal invocation" });
  });
});
