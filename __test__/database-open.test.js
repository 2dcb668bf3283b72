"use strict";
// Connection state: open(), close(), isOpen, [Symbol.dispose](), isTransaction,
// location() and the errors every method throws on a closed database.
// Reference: api.md §1.2, §1.3, §2.13 (catalogue rows 28–31).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { assertThrows, sqlite, tmpPath } = require("./common");
const { DatabaseSync } = sqlite;
const { notOpen, readonlyError, real, makeDbFile, withDb } = require("./database-fixtures");

describe("open(), close(), isOpen and [Symbol.dispose]()", () => {
  test("open() on an open database -> 'database is already open'", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.open(), Error, { code: "ERR_INVALID_STATE", message: "database is already open" });
      assert.equal(db.isOpen, true);
    });
  });

  test("close() returns undefined; a second close() throws", () => {
    const db = new DatabaseSync(":memory:");
    assert.equal(db.isOpen, true);
    assert.equal(db.close(), undefined);
    assert.equal(db.isOpen, false);
    assertThrows(() => db.close(), Error, notOpen);
  });

  test("a closed file database can be reopened and keeps its data", () => {
    const p = tmpPath("reopen.db");
    const db = new DatabaseSync(p);
    try {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (7)");
      db.close();
      db.open();
      assert.equal(db.isOpen, true);
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: 7 });
      assert.equal(db.location(), real(p));
    } finally {
      db.close();
    }
  });

  test("a reopened ':memory:' database is empty", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      db.close();
      db.open();
      assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM sqlite_schema").get(), { __proto__: null, n: 0 });
    });
  });

  test("reopen keeps readOnly", () => {
    const p = makeDbFile(tmpPath("reopen-ro.db"));
    withDb(p, { readOnly: true }, (db) => {
      db.close();
      db.open();
      assertThrows(() => db.exec("CREATE TABLE u(a)"), Error, readonlyError);
    });
  });

  test("statements of a closed database stay finalized after reopen", () => {
    withDb(":memory:", {}, (db) => {
      const stmt = db.prepare("SELECT 1");
      db.close();
      db.open();
      assertThrows(() => stmt.get(), Error, { code: "ERR_INVALID_STATE", message: "statement has been finalized" });
    });
  });

  test("closing inside a transaction discards it", () => {
    const p = tmpPath("close-in-tx.db");
    withDb(p, {}, (db) => {
      db.exec("CREATE TABLE t(a); BEGIN; INSERT INTO t VALUES (1)");
      db.close();
      db.open();
      assert.equal(db.isTransaction, false);
      assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM t").get(), { __proto__: null, n: 0 });
    });
  });

  test("[Symbol.dispose]() closes and is idempotent", () => {
    const db = new DatabaseSync(":memory:");
    assert.equal(db[Symbol.dispose](), undefined);
    assert.equal(db.isOpen, false);
    assert.equal(db[Symbol.dispose](), undefined);
    assert.equal(db.isOpen, false);
    const never = new DatabaseSync(":memory:", { open: false });
    assert.equal(never[Symbol.dispose](), undefined);
    assert.equal(never.isOpen, false);
  });
});

describe("isTransaction", () => {
  test("follows BEGIN / COMMIT / ROLLBACK and SAVEPOINT / RELEASE", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.isTransaction, false);
      db.exec("BEGIN");
      assert.equal(db.isTransaction, true);
      db.exec("INSERT INTO t VALUES (1); COMMIT");
      assert.equal(db.isTransaction, false);
      db.exec("SAVEPOINT sp");
      assert.equal(db.isTransaction, true);
      db.exec("RELEASE sp");
      assert.equal(db.isTransaction, false);
      db.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)");
      assert.equal(db.isTransaction, true);
      db.exec("ROLLBACK");
      assert.equal(db.isTransaction, false);
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").all(), [{ __proto__: null, a: 1 }]);
    });
  });

  test("throws ERR_INVALID_STATE when the database is closed or not yet opened", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("BEGIN");
    db.close();
    assertThrows(() => db.isTransaction, Error, notOpen);
    assertThrows(() => new DatabaseSync(":memory:", { open: false }).isTransaction, Error, notOpen);
  });
});

describe("location()", () => {
  test("main, temp, unknown and attached schema names", () => {
    const p = tmpPath("loc.db");
    const other = path.join(path.dirname(p), "other.db");
    withDb(p, {}, (db) => {
      assert.equal(db.location(), real(p));
      assert.equal(db.location(undefined), real(p));
      assert.equal(db.location("main"), real(p));
      assert.equal(db.location("temp"), null);
      db.exec("CREATE TEMP TABLE x(a)");
      assert.equal(db.location("temp"), null);
      assert.equal(db.location("nope"), null);
      db.exec(`ATTACH '${other}' AS other`);
      assert.equal(db.location("other"), real(other));
      db.exec("ATTACH ':memory:' AS mem");
      assert.equal(db.location("mem"), null);
    });
  });

  test("dbName must be a string", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "dbName" argument must be a string.' };
      assertThrows(() => db.location(5), TypeError, expected);
      assertThrows(() => db.location(null), TypeError, expected);
      assertThrows(() => db.location({}), TypeError, expected);
    });
  });
});

describe("closed database", () => {
  const calls = {
    close: [],
    prepare: ["SELECT 1"],
    exec: ["SELECT 1"],
    function: ["f", () => 1],
    createTagStore: [],
    location: [],
    aggregate: ["agg", { start: 0, step: () => 0 }],
    createSession: [],
    applyChangeset: [new Uint8Array(0)],
    enableLoadExtension: [true],
    enableDefensive: [true],
    loadExtension: ["x"],
    serialize: [],
    deserialize: [new Uint8Array(10)],
    setAuthorizer: [null],
  };

  test("every method throws 'database is not open'", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    for (const [name, args] of Object.entries(calls)) {
      assertThrows(() => db[name](...args), Error, notOpen, name);
    }
    assert.equal(db.isOpen, false);
  });

  test("the closed check comes before argument validation", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    assertThrows(() => db.prepare(5), Error, notOpen);
    assertThrows(() => db.prepare(""), Error, notOpen);
    assertThrows(() => db.exec(5), Error, notOpen);
    assertThrows(() => db.location(5), Error, notOpen);
    assertThrows(() => db.enableDefensive(5), Error, notOpen);
  });

  test("a never-opened database behaves the same", () => {
    const db = new DatabaseSync(":memory:", { open: false });
    assertThrows(() => db.prepare("SELECT 1"), Error, notOpen);
    assertThrows(() => db.exec("SELECT 1"), Error, notOpen);
    assertThrows(() => db.location(), Error, notOpen);
    assertThrows(() => db.close(), Error, notOpen);
  });
});
