"use strict";
// The Session class and producing changesets/patchsets: createSession(),
// changeset(), patchset() and their round trips through applyChangeset().
// Reference: api.md §1.5, §2.8 (catalogue rows 48-52).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite } = require("./common");
const { DatabaseSync, Session } = sqlite;
const {
  ABORT,
  DATA,
  checkError,
  all,
  row,
  rows,
  T_FINAL_ROWS,
  baseDb,
  tChangeset,
  tRows,
  applyWithHandler,
} = require("./session-fixtures");

describe("Session class", () => {
  test("createSession() returns a Session with the documented prototype", () => {
    const db = new DatabaseSync(":memory:");
    const session = db.createSession();
    assert.ok(session instanceof Session);
    for (const name of ["changeset", "patchset", "close"]) {
      assert.equal(typeof Session.prototype[name], "function", name);
    }
    assert.equal(typeof Session.prototype[Symbol.dispose], "function");
    session.close();
    db.close();
  });

  test("Session cannot be constructed directly", () => {
    assert.throws(() => new Session(), (e) => checkError(e, Error.prototype, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor"));
  });

  test("a session with no recorded change yields zero-length Uint8Arrays", () => {
    const db = baseDb();
    const session = db.createSession();
    const cs = session.changeset();
    const ps = session.patchset();
    assert.equal(Object.getPrototypeOf(cs), Uint8Array.prototype);
    assert.equal(Object.getPrototypeOf(ps), Uint8Array.prototype);
    assert.equal(cs.length, 0);
    assert.equal(ps.length, 0);
    session.close();
    db.close();
  });

  test("rolled-back changes and net-zero changes are not recorded", () => {
    const db = baseDb();
    const session = db.createSession();
    db.exec("BEGIN; INSERT INTO t VALUES (10, 'x', 'x'); ROLLBACK");
    assert.equal(session.changeset().length, 0);
    db.exec("INSERT INTO t VALUES (11, 'y', 'y'); DELETE FROM t WHERE id = 11");
    assert.equal(session.changeset().length, 0);
    db.close();
  });

  test("changeset() is repeatable and keeps accumulating later changes", () => {
    const db = baseDb();
    const session = db.createSession();
    db.exec("INSERT INTO t VALUES (10, 'x', 'x')");
    const first = session.changeset();
    assert.ok(first.length > 0);
    assert.deepEqual(session.changeset(), first);
    db.exec("INSERT INTO t VALUES (11, 'y', 'y')");
    assert.ok(session.changeset().length > first.length);
    db.close();
  });
});

describe("round trips", () => {
  test("INSERT, UPDATE and DELETE replay on a second database", () => {
    const cs = tChangeset();
    assert.equal(Object.getPrototypeOf(cs), Uint8Array.prototype);
    assert.ok(cs.length > 0);
    const target = baseDb();
    assert.equal(target.applyChangeset(cs), true);
    assert.deepEqual(tRows(target), T_FINAL_ROWS);
    target.close();
  });

  test("a Buffer is accepted as a changeset", () => {
    const target = baseDb();
    assert.equal(target.applyChangeset(Buffer.from(tChangeset())), true);
    assert.deepEqual(tRows(target), T_FINAL_ROWS);
    target.close();
  });

  test("all value types survive a round trip", () => {
    const schema = "CREATE TABLE v(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n)";
    const src = new DatabaseSync(":memory:");
    src.exec(schema);
    const session = src.createSession();
    src.prepare("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)").run(1, 2 ** 40, 1.5, "héllo", new Uint8Array([0, 1, 255]), null);
    const target = new DatabaseSync(":memory:");
    target.exec(schema);
    assert.equal(target.applyChangeset(session.changeset()), true);
    assert.deepEqual(all(target, "SELECT * FROM v"), [
      row({ id: 1, i: 2 ** 40, r: 1.5, s: "héllo", b: new Uint8Array([0, 1, 255]), n: null }),
    ]);
    src.close();
    target.close();
  });

  test("tables created after the session started are recorded", () => {
    const src = new DatabaseSync(":memory:");
    const session = src.createSession();
    src.exec("CREATE TABLE later(id INTEGER PRIMARY KEY, w); INSERT INTO later VALUES (7, 'l')");
    const target = new DatabaseSync(":memory:");
    target.exec("CREATE TABLE later(id INTEGER PRIMARY KEY, w)");
    assert.equal(target.applyChangeset(session.changeset()), true);
    assert.deepEqual(all(target, "SELECT * FROM later"), rows({ id: 7, w: "l" }));
    src.close();
    target.close();
  });

  test("tables without a primary key are not recorded", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE nopk(a, b); CREATE TABLE withpk(id INTEGER PRIMARY KEY, a)");
    const session = db.createSession();
    db.exec("INSERT INTO nopk VALUES (1, 2)");
    assert.equal(session.changeset().length, 0);
    assert.equal(session.patchset().length, 0);
    db.exec("INSERT INTO withpk VALUES (1, 'x')");
    const cs = session.changeset();
    const target = new DatabaseSync(":memory:");
    target.exec("CREATE TABLE nopk(a, b); CREATE TABLE withpk(id INTEGER PRIMARY KEY, a)");
    assert.equal(target.applyChangeset(cs), true);
    assert.deepEqual(all(target, "SELECT * FROM nopk"), []);
    assert.deepEqual(all(target, "SELECT * FROM withpk"), rows({ id: 1, a: "x" }));
    db.close();
    target.close();
  });

  test("{table} restricts recording to one table (case-insensitively)", () => {
    const schema = "CREATE TABLE a(id INTEGER PRIMARY KEY, v); CREATE TABLE b(id INTEGER PRIMARY KEY, v)";
    const db = new DatabaseSync(":memory:");
    db.exec(schema);
    const onlyA = db.createSession({ table: "a" });
    const onlyB = db.createSession({ table: "B" });
    const none = db.createSession({ table: "missing" });
    db.exec("INSERT INTO a VALUES (1, 'a1'); INSERT INTO b VALUES (1, 'b1')");
    assert.equal(none.changeset().length, 0);
    for (const [session, expectA, expectB] of [
      [onlyA, [{ id: 1, v: "a1" }], []],
      [onlyB, [], [{ id: 1, v: "b1" }]],
    ]) {
      const target = new DatabaseSync(":memory:");
      target.exec(schema);
      assert.equal(target.applyChangeset(session.changeset()), true);
      assert.deepEqual(all(target, "SELECT * FROM a"), expectA.map(row));
      assert.deepEqual(all(target, "SELECT * FROM b"), expectB.map(row));
      target.close();
    }
    db.close();
  });

  test("{db} records an attached schema; an unknown schema is accepted and records nothing", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("ATTACH ':memory:' AS aux");
    db.exec("CREATE TABLE aux.t(id INTEGER PRIMARY KEY, x); CREATE TABLE main.t(id INTEGER PRIMARY KEY, x)");
    const auxSession = db.createSession({ db: "aux" });
    const mainSession = db.createSession({ db: "main" });
    const nope = db.createSession({ db: "nope" });
    db.exec("INSERT INTO aux.t VALUES (1, 'aux'); INSERT INTO main.t VALUES (2, 'main')");
    assert.equal(nope.changeset().length, 0);
    for (const [session, expected] of [
      [auxSession, { id: 1, x: "aux" }],
      [mainSession, { id: 2, x: "main" }],
    ]) {
      const target = new DatabaseSync(":memory:");
      target.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, x)");
      assert.equal(target.applyChangeset(session.changeset()), true);
      assert.deepEqual(all(target, "SELECT * FROM t"), [row(expected)]);
      target.close();
    }
    db.close();
  });

  test("changes made by applyChangeset are recorded by the target's own session", () => {
    const cs = tChangeset();
    const target = baseDb();
    const session = target.createSession();
    assert.equal(target.applyChangeset(cs), true);
    const again = baseDb();
    assert.equal(again.applyChangeset(session.changeset()), true);
    assert.deepEqual(tRows(again), T_FINAL_ROWS);
    target.close();
    again.close();
  });
});

describe("patchsets", () => {
  test("a patchset is smaller than the changeset and applies the same changes", () => {
    const cs = tChangeset();
    const ps = tChangeset("patchset");
    assert.equal(Object.getPrototypeOf(ps), Uint8Array.prototype);
    assert.ok(ps.length > 0 && ps.length < cs.length, `${ps.length} < ${cs.length}`);
    const target = baseDb();
    assert.equal(target.applyChangeset(ps), true);
    assert.deepEqual(tRows(target), T_FINAL_ROWS);
    target.close();
  });

  test("a patchset does not compare old values, so diverged rows do not conflict", () => {
    const ps = tChangeset("patchset");
    const cs = tChangeset();
    const diverge = "UPDATE t SET v = 'zz' WHERE id = 1; UPDATE t SET v = 'other' WHERE id = 2";
    // The full changeset sees DATA conflicts and aborts by default ...
    const strict = baseDb(diverge);
    assert.equal(strict.applyChangeset(cs), false);
    // ... the patchset just applies.
    const { db, types, result } = applyWithHandler(diverge, () => ABORT, ps);
    assert.equal(result, true);
    assert.deepEqual(types, []);
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    strict.close();
    db.close();
  });
});
