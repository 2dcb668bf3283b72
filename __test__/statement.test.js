"use strict";
// StatementSync class and iterate() (api.md §1.4, §2.3).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite, tmpPath } = require("./common");
const { invalidated, DONE, openDb, dbWithRows } = require("./statement-helpers");

const { DatabaseSync, StatementSync } = sqlite;

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
