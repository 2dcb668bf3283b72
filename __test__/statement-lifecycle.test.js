"use strict";
// StatementSync close()/[Symbol.dispose]() and statements of a closed database (api.md §2.13).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite } = require("./common");
const { finalized, openDb, dbWithRows } = require("./statement-helpers");

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
