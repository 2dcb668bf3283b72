"use strict";
// StatementSync option setters, prepare() options, large results, long
// transactions and statement re-entrancy (api.md §2.14).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite, isNode, tmpPath } = require("./common");
const { invalidState, finalized, DONE, openDb, COUNT_10K } = require("./statement-helpers");

const { DatabaseSync } = sqlite;

describe("option setters and prepare() options", () => {
  test("setReadBigInts requires a boolean", () => {
    const s = openDb().prepare("select 1");
    for (const bad of [[], [1], ["x"], [null], [undefined], [1n]]) {
      assertThrows(() => s.setReadBigInts(...bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "readBigInts" argument must be a boolean.',
      });
    }
    assert.strictEqual(s.setReadBigInts(true), undefined);
  });

  test("setReturnArrays requires a boolean", () => {
    const s = openDb().prepare("select 1");
    for (const bad of [[], [0], ["x"], [null], [undefined]]) {
      assertThrows(() => s.setReturnArrays(...bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "returnArrays" argument must be a boolean.',
      });
    }
    assert.strictEqual(s.setReturnArrays(true), undefined);
  });

  test("prepare() validates readBigInts, returnArrays and persistent", () => {
    const db = openDb();
    for (const name of ["readBigInts", "returnArrays", "persistent"]) {
      for (const bad of [1, "yes", null]) {
        assertThrows(() => db.prepare("select 1", { [name]: bad }), TypeError, {
          code: "ERR_INVALID_ARG_TYPE",
          message: `The "options.${name}" argument must be a boolean.`,
        });
      }
    }
  });

  test("prepare() options object must be an object when given", () => {
    const db = openDb();
    for (const bad of [null, 5, "x"]) {
      assertThrows(() => db.prepare("select 1", bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "options" argument must be an object.',
      });
    }
    assert.deepStrictEqual(db.prepare("select 1 a", undefined).get(), { __proto__: null, a: 1 });
    assert.deepStrictEqual(db.prepare("select 1 a", {}).get(), { __proto__: null, a: 1 });
    assert.deepStrictEqual(db.prepare("select 1 a", { readBigInts: undefined }).get(), { __proto__: null, a: 1 });
  });

  test("persistent statements work like any other", () => {
    const db = openDb();
    const s = db.prepare("select ? a", { persistent: true });
    assert.deepStrictEqual(s.get(1), { __proto__: null, a: 1 });
    assert.deepStrictEqual(db.prepare("select 2 a", { persistent: false }).get(), { __proto__: null, a: 2 });
  });
});

describe("large results and long transactions", () => {
  test("10,000 rows through all(), get() and iterate()", () => {
    const db = openDb();
    const s = db.prepare(COUNT_10K);
    const rows = s.all();
    assert.strictEqual(rows.length, 10000);
    assert.deepStrictEqual(rows[0], { __proto__: null, i: 1 });
    assert.deepStrictEqual(rows[9999], { __proto__: null, i: 10000 });
    assert.ok(rows.every((r, idx) => r.i === idx + 1));
    assert.deepStrictEqual(s.get(), { __proto__: null, i: 1 });
    let count = 0;
    let sum = 0;
    for (const row of s.iterate()) {
      count++;
      sum += row.i;
    }
    assert.strictEqual(count, 10000);
    assert.strictEqual(sum, 50005000);
    s.setReturnArrays(true);
    const arrays = s.all();
    assert.strictEqual(arrays.length, 10000);
    assert.deepStrictEqual(arrays[4999], [5000]);
  });

  test("BEGIN IMMEDIATE + 10,000 inserts + COMMIT", () => {
    const file = tmpPath("bulk.db");
    const db = new DatabaseSync(file);
    db.exec("create table m(id integer primary key, sensor integer, value real, label text)");
    db.exec("BEGIN IMMEDIATE");
    assert.strictEqual(db.isTransaction, true);
    const stmt = db.prepare("insert into m(sensor, value, label) values (?, ?, ?)");
    let last;
    for (let i = 0; i < 10000; i++) {
      last = stmt.run(i % 100, i / 4, `row ${i}`);
    }
    assert.deepStrictEqual(last, { changes: 1, lastInsertRowid: 10000 });
    stmt.close();
    db.exec("COMMIT");
    assert.strictEqual(db.isTransaction, false);
    assert.deepStrictEqual(db.prepare("select count(*) n, sum(value) s, max(label) l from m").get(), {
      __proto__: null,
      n: 10000,
      s: 12498750,
      l: "row 9999",
    });
    db.close();
    // Committed data is visible to a new connection.
    const again = new DatabaseSync(file, { readOnly: true });
    assert.deepStrictEqual(again.prepare("select count(*) n from m where sensor = 7").get(), {
      __proto__: null,
      n: 100,
    });
    again.close();
  });

  test("a failed bulk insert can be rolled back", () => {
    const db = openDb();
    db.exec("create table m(id integer primary key, v not null)");
    db.exec("BEGIN IMMEDIATE");
    const stmt = db.prepare("insert into m(v) values (?)");
    assertThrows(
      () => {
        for (let i = 0; i < 10000; i++) stmt.run(i === 5000 ? null : i);
      },
      Error,
      { code: "ERR_SQLITE_ERROR", message: "NOT NULL constraint failed: m.v", errcode: 1299 },
    );
    assert.strictEqual(db.isTransaction, true);
    db.exec("ROLLBACK");
    assert.strictEqual(db.isTransaction, false);
    assert.deepStrictEqual(db.prepare("select count(*) n from m").get(), { __proto__: null, n: 0 });
    // The statement is still usable after the failure.
    assert.deepStrictEqual(stmt.run(1), { changes: 1, lastInsertRowid: 1 });
  });

  test("finalize() is an alias of close() (addon extra)", { skip: isNode && "finalize() is an addon extra" }, () => {
    const db = openDb();
    db.exec("create table m(id integer primary key, v)");
    db.exec("BEGIN IMMEDIATE");
    const stmt = db.prepare("insert into m(v) values (?)");
    for (let i = 0; i < 10000; i++) stmt.run(i);
    assert.strictEqual(typeof stmt.finalize, "function");
    assert.strictEqual(stmt.finalize(), undefined);
    db.exec("COMMIT");
    finalized(() => stmt.run(1));
    finalized(() => stmt.finalize());
    finalized(() => stmt.close());
    assert.deepStrictEqual(db.prepare("select count(*) n from m").get(), { __proto__: null, n: 10000 });
  });
});

describe("re-entrancy", () => {
  test("re-running the executing statement from a user function throws", () => {
    const db = openDb();
    let stmt;
    let inner;
    let reenter = true;
    db.function("reenter", (x) => {
      try {
        if (reenter) stmt.get(0);
      } catch (err) {
        inner = err;
        throw err;
      }
      return x;
    });
    stmt = db.prepare("select reenter(?) a");
    invalidState(() => stmt.get(1), "statement is already being executed");
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");

    // Every way of re-entering is refused; other statements are fine.
    let action;
    db.function("probe", () => {
      try {
        return String(action());
      } catch (err) {
        return `${err.constructor.name}|${err.code}|${err.message}`;
      }
    });
    const own = db.prepare("select probe() r");
    const other = db.prepare("select 42 v");
    const busy = "Error|ERR_INVALID_STATE|statement is already being executed";
    for (const fn of [() => own.get(), () => own.all(), () => own.run(), () => own.iterate(), () => own.close()]) {
      action = fn;
      assert.deepStrictEqual(own.get(), { __proto__: null, r: busy });
    }
    action = () => other.get().v;
    assert.deepStrictEqual(own.get(), { __proto__: null, r: "42" });
    action = () => own.sourceSQL;
    assert.deepStrictEqual(own.get(), { __proto__: null, r: "select probe() r" });

    // Advancing the statement's own iterator from inside its execution.
    let it;
    action = () => it.next();
    it = db.prepare("select probe() r").iterate();
    assert.deepStrictEqual(it.next(), {
      __proto__: null,
      done: false,
      value: { __proto__: null, r: "Error|ERR_INVALID_STATE|statement is already being executed" },
    });

    assert.deepStrictEqual(it.return(), DONE);

    // The statement is still usable once the outer execution has finished.
    reenter = false;
    assert.deepStrictEqual(stmt.get(2), { __proto__: null, a: 2 });
  });
});
