"use strict";
// StatementSync behaviour: iterate(), stat()/resetStats(), close()/dispose,
// statements of a closed database, option setters, large results, long
// transactions and statement re-entrancy (api.md §1.4, §2.3, §2.13, §2.14).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite, isNode, tmpPath } = require("./common");

const { DatabaseSync, StatementSync } = sqlite;

const invalidState = (fn, message) => assertThrows(fn, Error, { code: "ERR_INVALID_STATE", message });
const finalized = (fn) => invalidState(fn, "statement has been finalized");
const invalidated = (fn) => invalidState(fn, "iterator was invalidated");
const DONE = Object.freeze({ __proto__: null, done: true, value: null });

function openDb(options) {
  return options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
}

function dbWithRows() {
  const db = openDb();
  db.exec("create table t(x); insert into t values (1), (2), (3)");
  return db;
}

const STAT_NAMES = [
  "fullscanStep",
  "sort",
  "autoindex",
  "vmStep",
  "reprepare",
  "run",
  "filterMiss",
  "filterHit",
  "memused",
];

const COUNT_10K = "with recursive c(i) as (select 1 union all select i + 1 from c where i < 10000) select i from c";

describe("StatementSync class", () => {
  test("cannot be constructed directly", () => {
    assertThrows(() => new StatementSync(), Error, {
      code: "ERR_ILLEGAL_CONSTRUCTOR",
      message: "Illegal constructor",
    });
  });

  test("prepare() returns StatementSync instances", () => {
    const s = openDb().prepare("select 1");
    assert.ok(s instanceof StatementSync);
  });
});

describe("iterate()", () => {
  test("next() returns null-prototype {done, value} results", () => {
    const db = dbWithRows();
    const it = db.prepare("select x from t order by x").iterate();
    const first = it.next();
    assert.strictEqual(Object.getPrototypeOf(first), null);
    assert.deepStrictEqual(Object.keys(first), ["done", "value"]);
    assert.deepStrictEqual(first, { __proto__: null, done: false, value: { __proto__: null, x: 1 } });
    assert.deepStrictEqual(it.next(), { __proto__: null, done: false, value: { __proto__: null, x: 2 } });
    assert.deepStrictEqual(it.next(), { __proto__: null, done: false, value: { __proto__: null, x: 3 } });
  });

  test("after exhaustion next() keeps returning {done: true, value: null}", () => {
    const db = dbWithRows();
    const it = db.prepare("select x from t").iterate();
    it.next();
    it.next();
    it.next();
    const end = it.next();
    assert.strictEqual(Object.getPrototypeOf(end), null);
    assert.deepStrictEqual(end, DONE);
    assert.strictEqual(end.value, null);
    assert.deepStrictEqual(it.next(), DONE);
    assert.deepStrictEqual(it.return(), DONE);
  });

  test("an empty result is done immediately", () => {
    const db = dbWithRows();
    const it = db.prepare("select x from t where 0").iterate();
    assert.deepStrictEqual(it.next(), DONE);
  });

  test("return() finishes the iterator and resets the statement", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t order by x");
    const it = s.iterate();
    it.next();
    const result = it.return();
    assert.strictEqual(Object.getPrototypeOf(result), null);
    assert.deepStrictEqual(result, DONE);
    assert.deepStrictEqual(it.next(), DONE);
    assert.deepStrictEqual(s.all(), [
      { __proto__: null, x: 1 },
      { __proto__: null, x: 2 },
      { __proto__: null, x: 3 },
    ]);
    // return() before the first next() also finishes it.
    const fresh = s.iterate();
    assert.deepStrictEqual(fresh.return(), DONE);
    assert.deepStrictEqual(fresh.next(), DONE);
  });

  test("the iterator is iterable and inherits from %IteratorPrototype%", () => {
    const db = dbWithRows();
    const it = db.prepare("select x from t order by x").iterate();
    assert.strictEqual(it[Symbol.iterator](), it);
    const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
    assert.ok(IteratorPrototype.isPrototypeOf(it));
    assert.strictEqual(typeof Object.getPrototypeOf(it).next, "function");
    assert.strictEqual(typeof Object.getPrototypeOf(it).return, "function");
    assert.deepStrictEqual(
      [...it].map((r) => r.x),
      [1, 2, 3],
    );
  });

  test("iterator helpers are inherited (engines with the Iterator global)", {
    skip: typeof Iterator !== "function" && "no Iterator global in this Node version",
  }, () => {
    const db = dbWithRows();
    const it = db.prepare("select x from t order by x").iterate();
    assert.ok(it instanceof Iterator); // eslint-disable-line no-undef
    assert.strictEqual(Object.prototype.toString.call(it), "[object Iterator]");
    assert.deepStrictEqual(
      it.map((r) => r.x * 2).toArray(),
      [2, 4, 6],
    );
  });

  test("the iterator class cannot be constructed", () => {
    const db = dbWithRows();
    const it = db.prepare("select x from t").iterate();
    const Ctor = Object.getPrototypeOf(it).constructor;
    assertThrows(() => new Ctor(), Error, { code: "ERR_ILLEGAL_CONSTRUCTOR", message: "Illegal constructor" });
  });

  test("iterate() binds parameters", () => {
    const db = dbWithRows();
    assert.deepStrictEqual([...db.prepare("select x from t where x > ? order by x").iterate(1)], [
      { __proto__: null, x: 2 },
      { __proto__: null, x: 3 },
    ]);
    assert.deepStrictEqual([...db.prepare("select x from t where x > $m").iterate({ m: 2 })], [
      { __proto__: null, x: 3 },
    ]);
  });

  test("iterate() honours returnArrays and readBigInts", () => {
    const db = dbWithRows();
    const s = db.prepare("select x, x * 1.5 y from t order by x", { returnArrays: true, readBigInts: true });
    assert.deepStrictEqual([...s.iterate()], [
      [1n, 1.5],
      [2n, 3],
      [3n, 4.5],
    ]);
  });

  test("running the statement again invalidates a live iterator", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t order by x");
    for (const rerun of [() => s.get(), () => s.all(), () => s.run(), () => s.iterate()]) {
      const it = s.iterate();
      it.next();
      rerun();
      invalidated(() => it.next());
      invalidated(() => it.next());
      // return() on an invalidated iterator does not throw.
      assert.deepStrictEqual(it.return(), DONE);
    }
  });

  test("an iterator that was never advanced is invalidated too", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t");
    const it = s.iterate();
    s.all();
    invalidated(() => it.next());
  });

  test("the newest iterator stays valid when another one is invalidated", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t order by x");
    const older = s.iterate();
    older.next();
    const newer = s.iterate();
    invalidated(() => older.next());
    assert.deepStrictEqual(newer.next(), { __proto__: null, done: false, value: { __proto__: null, x: 1 } });
  });

  test("an exhausted iterator stays done when the statement runs again", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t");
    const it = s.iterate();
    while (!it.next().done);
    s.get();
    assert.deepStrictEqual(it.next(), DONE);
  });

  test("columns() and the SQL getters do not invalidate iterators", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t order by x");
    const it = s.iterate();
    it.next();
    s.columns();
    void s.expandedSQL;
    void s.sourceSQL;
    assert.deepStrictEqual(it.next(), { __proto__: null, done: false, value: { __proto__: null, x: 2 } });
  });

  test("breaking out of for...of resets the statement", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t order by x");
    const seen = [];
    for (const row of s.iterate()) {
      seen.push(row.x);
      if (row.x === 2) break;
    }
    assert.deepStrictEqual(seen, [1, 2]);
    assert.deepStrictEqual(
      s.all().map((r) => r.x),
      [1, 2, 3],
    );
    assert.deepStrictEqual(
      [...s.iterate()].map((r) => r.x),
      [1, 2, 3],
    );
  });

  test("throwing out of for...of resets the statement", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t order by x");
    assert.throws(() => {
      for (const row of s.iterate()) {
        if (row.x === 1) throw new Error("stop");
      }
    }, /stop/);
    assert.deepStrictEqual(
      s.all().map((r) => r.x),
      [1, 2, 3],
    );
  });

  test("a broken-off iterator does not keep a read transaction open", () => {
    const file = tmpPath("iter.db");
    const db = new DatabaseSync(file);
    db.exec("create table t(x); insert into t values (1), (2)");
    const s = db.prepare("select x from t");
    for (const row of s.iterate()) {
      assert.strictEqual(row.x, 1);
      break;
    }
    // A second connection can write immediately (no lingering shared lock).
    const other = new DatabaseSync(file, { timeout: 0 });
    other.exec("insert into t values (3)");
    other.close();
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 3 });
    db.close();
  });

  test("two different statements can iterate at once", () => {
    const db = dbWithRows();
    const a = db.prepare("select x from t order by x").iterate();
    const b = db.prepare("select x * 10 y from t order by x desc").iterate();
    assert.deepStrictEqual(a.next().value, { __proto__: null, x: 1 });
    assert.deepStrictEqual(b.next().value, { __proto__: null, y: 30 });
    assert.deepStrictEqual(a.next().value, { __proto__: null, x: 2 });
    assert.deepStrictEqual(b.next().value, { __proto__: null, y: 20 });
    assert.deepStrictEqual(b.next().value, { __proto__: null, y: 10 });
    assert.deepStrictEqual(a.next().value, { __proto__: null, x: 3 });
    assert.deepStrictEqual(a.next(), DONE);
    assert.deepStrictEqual(b.next(), DONE);
  });

  test("other statements may write while an iteration is in progress", () => {
    const db = dbWithRows();
    db.exec("create table out(y)");
    const ins = db.prepare("insert into out values (?)");
    const seen = [];
    for (const row of db.prepare("select x from t order by x").iterate()) {
      seen.push(row.x);
      ins.run(row.x * 10);
    }
    assert.deepStrictEqual(seen, [1, 2, 3]);
    assert.deepStrictEqual(
      db
        .prepare("select y from out order by y")
        .all()
        .map((r) => r.y),
      [10, 20, 30],
    );
  });
});

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

describe("close() and [Symbol.dispose]()", () => {
  /** Every method and getter of a finalized statement throws. */
  function assertAllFinalized(s) {
    finalized(() => s.run());
    finalized(() => s.get());
    finalized(() => s.all());
    finalized(() => s.iterate());
    finalized(() => s.columns());
    finalized(() => s.stat("run"));
    finalized(() => s.stat(5));
    finalized(() => s.resetStats());
    finalized(() => s.setReadBigInts(true));
    finalized(() => s.setReadBigInts(1));
    finalized(() => s.setReturnArrays(true));
    finalized(() => s.setAllowBareNamedParameters(true));
    finalized(() => s.setAllowUnknownNamedParameters(true));
    finalized(() => s.sourceSQL);
    finalized(() => s.expandedSQL);
    finalized(() => s.close());
  }

  test("close() finalizes the statement", () => {
    const s = openDb().prepare("select 1 a");
    assert.deepStrictEqual(s.get(), { __proto__: null, a: 1 });
    assert.strictEqual(s.close(), undefined);
    assertAllFinalized(s);
  });

  test("a second close() throws", () => {
    const s = openDb().prepare("select 1");
    s.close();
    finalized(() => s.close());
  });

  test("[Symbol.dispose]() finalizes and is idempotent", () => {
    const db = openDb();
    const s = db.prepare("select 1 a");
    assert.strictEqual(typeof s[Symbol.dispose], "function");
    assert.strictEqual(s[Symbol.dispose](), undefined);
    assert.strictEqual(s[Symbol.dispose](), undefined);
    assertAllFinalized(s);
    const closed = db.prepare("select 1");
    closed.close();
    assert.strictEqual(closed[Symbol.dispose](), undefined);
  });

  test("live iterators of a closed statement throw", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t");
    const it = s.iterate();
    it.next();
    s.close();
    finalized(() => it.next());
    finalized(() => it.return());
  });

  test("closing one statement leaves the database and other statements usable", () => {
    const db = dbWithRows();
    const a = db.prepare("select count(*) n from t");
    const b = db.prepare("select count(*) n from t");
    a.close();
    assert.deepStrictEqual(b.get(), { __proto__: null, n: 3 });
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 3 });
    db.exec("insert into t values (4)");
    assert.strictEqual(db.isOpen, true);
  });
});

describe("statements of a closed database", () => {
  test("every method and getter throws 'statement has been finalized'", () => {
    const db = dbWithRows();
    const s = db.prepare("select x from t");
    s.get();
    db.close();
    finalized(() => s.run());
    finalized(() => s.get());
    finalized(() => s.all());
    finalized(() => s.iterate());
    finalized(() => s.columns());
    finalized(() => s.stat("run"));
    finalized(() => s.resetStats());
    finalized(() => s.setReadBigInts(true));
    finalized(() => s.setReturnArrays(true));
    finalized(() => s.setAllowBareNamedParameters(true));
    finalized(() => s.setAllowUnknownNamedParameters(true));
    finalized(() => s.sourceSQL);
    finalized(() => s.expandedSQL);
    finalized(() => s.close());
    assert.strictEqual(s[Symbol.dispose](), undefined);
  });

  test("iterators of a closed database throw", () => {
    const db = dbWithRows();
    const it = db.prepare("select x from t").iterate();
    it.next();
    db.close();
    finalized(() => it.next());
    finalized(() => it.return());
  });

  test("re-opening the database does not revive old statements", () => {
    const db = openDb();
    const s = db.prepare("select 1 a");
    db.close();
    db.open();
    finalized(() => s.get());
    assert.deepStrictEqual(db.prepare("select 1 a").get(), { __proto__: null, a: 1 });
    db.close();
  });

  test("statements closed before the database was closed stay finalized", () => {
    const db = openDb();
    const s = db.prepare("select 1");
    s.close();
    db.close();
    finalized(() => s.close());
    assert.strictEqual(s[Symbol.dispose](), undefined);
  });
});

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
