"use strict";
// Reliability, lifecycle: every method of every class after close() of
// itself or of its database throws ERR_INVALID_STATE (or is the documented
// no-op); garbage collection of databases, statements, sessions and
// iterators in any order is safe and frees them; closing a database while
// statements, iterators, sessions and a backup are alive cleans them all up.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { sqlite, isAddon, tmpPath } = require("./common");

const { DatabaseSync, StatementSync, Session, backup } = sqlite;

function fixture(file = ":memory:") {
  const db = new DatabaseSync(file);
  db.exec("CREATE TABLE IF NOT EXISTS t(a INTEGER PRIMARY KEY, b)");
  db.exec("INSERT INTO t(b) VALUES (1), (2), (3)");
  const stmt = db.prepare("SELECT * FROM t WHERE a > ?");
  const itStmt = db.prepare("SELECT * FROM t");
  const it = itStmt.iterate();
  it.next();
  const session = db.createSession();
  db.exec("INSERT INTO t(b) VALUES (4)");
  const store = db.createTagStore();
  store.get`SELECT ${1} AS x`;
  return { db, stmt, itStmt, it, session, store, limits: db.limits, serialized: db.serialize() };
}

/** Plausible arguments, so that only the closed state can make a call fail. */
const ARGUMENTS = {
  prepare: ["SELECT 1"],
  exec: ["SELECT 1"],
  function: ["f", () => 1],
  aggregate: ["agg", { start: 0, step: (acc) => acc }],
  applyChangeset: [new Uint8Array(0)],
  enableLoadExtension: [false],
  enableDefensive: [true],
  loadExtension: ["/nonexistent/extension"],
  setAuthorizer: [null],
  all: [0],
  get: [0],
  run: [0],
  iterate: [0],
  stat: ["vmStep"],
  setAllowBareNamedParameters: [true],
  setAllowUnknownNamedParameters: [true],
  setReadBigInts: [true],
  setReturnArrays: [true],
};

/** Calls every enumerable method and accessor of `proto` on `target` (but open()). */
function everyMember(proto, target, f) {
  const outcomes = {};
  for (const key of Reflect.ownKeys(proto)) {
    if (key === "constructor" || key === "open") continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (!d.enumerable) continue; // extras are checked on their own below
    const name = typeof key === "symbol" ? "[Symbol.dispose]" : key;
    let args = ARGUMENTS[name] || [];
    if (name === "deserialize") args = [f.serialized];
    outcomes[name] = attempt(() => (d.get ? d.get.call(target) : d.value.apply(target, args)));
  }
  // node's instance accessors are own properties.
  for (const key of Object.keys(target)) {
    const d = Object.getOwnPropertyDescriptor(target, key);
    if (d.get) outcomes[key] = attempt(() => d.get.call(target));
  }
  return outcomes;
}

function attempt(fn) {
  try {
    const v = fn();
    return v === undefined ? "undefined" : `ok ${typeof v}`;
  } catch (e) {
    return `${e.constructor.name} ${e.code} ${e.message}`;
  }
}

const notOpen = "Error ERR_INVALID_STATE database is not open";
const finalized = "Error ERR_INVALID_STATE statement has been finalized";
const sessionClosed = "Error ERR_INVALID_STATE session is not open";

/** Each member's outcome: the given exceptions, ERR_INVALID_STATE otherwise. */
function expectAll(outcomes, error, exceptions) {
  const expected = {};
  for (const name of Object.keys(outcomes)) expected[name] = name in exceptions ? exceptions[name] : error;
  assert.deepStrictEqual(outcomes, expected);
}

describe("every method after close()", () => {
  test("of the database: database methods", () => {
    const f = fixture();
    f.db.close();
    const outcomes = everyMember(DatabaseSync.prototype, f.db, f);
    assert.ok(Object.keys(outcomes).length >= 19, Object.keys(outcomes).join());
    // isOpen and the limits object stay readable; open() reopens it.
    expectAll(outcomes, notOpen, { "[Symbol.dispose]": "undefined", isOpen: "ok boolean", limits: "ok object" });
    f.db.open();
    assert.equal(f.db.isOpen, true);
  });

  test("of the database: its statements, iterators, sessions, tag stores and limits", () => {
    const f = fixture();
    f.db.close();
    expectAll(everyMember(StatementSync.prototype, f.stmt, f), finalized, { "[Symbol.dispose]": "undefined" });
    expectAll(everyMember(Object.getPrototypeOf(f.it), f.it, f), finalized, {});
    expectAll(everyMember(Session.prototype, f.session, f), notOpen, { "[Symbol.dispose]": "undefined" });
    // The store's own state (capacity, cache) needs no connection.
    const store = everyMember(Object.getPrototypeOf(f.store), f.store, f);
    for (const key of ["get", "all", "iterate", "run"]) {
      store[key] = attempt(() => f.store[key]`SELECT 1`);
    }
    expectAll(store, notOpen, { clear: "undefined", size: "ok number", capacity: "ok number", db: "ok object" });
    assert.equal(attempt(() => f.limits.attach), notOpen);
    assert.equal(
      attempt(() => {
        f.limits.attach = 1;
      }),
      notOpen,
    );
  });

  test("of the database, reopened: the old objects stay closed", () => {
    const f = fixture();
    f.db.close();
    f.db.open();
    assert.equal(attempt(() => f.stmt.get(0)), finalized);
    assert.equal(attempt(() => f.it.next()), finalized);
    assert.equal(attempt(() => f.session.changeset()), sessionClosed);
    assert.deepStrictEqual(f.db.prepare("SELECT 1 AS x").get(), { __proto__: null, x: 1 });
  });

  test("of the statement itself, and of an iterator's statement", () => {
    const f = fixture();
    f.stmt.close();
    expectAll(everyMember(StatementSync.prototype, f.stmt, f), finalized, { "[Symbol.dispose]": "undefined" });
    f.itStmt.close();
    expectAll(everyMember(Object.getPrototypeOf(f.it), f.it, f), finalized, {});
    // The database and its other objects are untouched.
    assert.deepStrictEqual(f.db.prepare("SELECT count(*) AS c FROM t").get(), { __proto__: null, c: 4 });
  });

  test("of the session itself", () => {
    const f = fixture();
    f.session.close();
    expectAll(everyMember(Session.prototype, f.session, f), sessionClosed, { "[Symbol.dispose]": "undefined" });
  });

  test("the addon's extra methods after close", { skip: !isAddon && "addon extras" }, () => {
    const f = fixture();
    f.db.close();
    assert.equal(attempt(() => f.db.getLimit(0)), notOpen);
    assert.equal(attempt(() => f.db.setLimit(0, 10)), notOpen);
    assert.equal(attempt(() => f.db.backup(tmpPath("extra.db"))), notOpen);
    assert.equal(attempt(() => f.db.dispose()), "undefined");
    assert.equal(attempt(() => f.stmt.finalize()), finalized);
    assert.equal(attempt(() => f.session.dispose()), "undefined");
  });
});

describe("garbage collection", () => {
  const script = path.resolve(__dirname, "..", "stress", "lib", "gc-order.js");

  for (const seed of [1, 2, 3]) {
    test(`databases, statements, iterators, sessions and stores dropped in random order (seed ${seed})`, () => {
      const dir = path.dirname(tmpPath());
      const res = spawnSync(process.execPath, ["--expose-gc", script, String(seed), "40", dir], {
        encoding: "utf8",
        env: process.env,
        timeout: 60000,
      });
      assert.equal(res.status, 0, `gc child failed (signal ${res.signal}):\n${res.stderr}`);
      const { rounds, objects, collected, openFiles } = JSON.parse(res.stdout);
      assert.equal(rounds, 40);
      // Everything was collected, and no connection kept its file open.
      assert.equal(collected, objects);
      if (openFiles !== null) assert.equal(openFiles, 0);
    });
  }
});

/** Descriptors of this process open on `file` (Linux); null elsewhere. */
function descriptorsOn(file) {
  let fds;
  try {
    fds = fs.readdirSync("/proc/self/fd");
  } catch {
    return null;
  }
  return fds.filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false;
    }
  }).length;
}

describe("closing a database with live dependents", () => {
  test("statements, iterators, sessions, tag stores and a running backup are all cleaned up", async () => {
    const file = tmpPath("live.db");
    const f = fixture(file);
    f.db.exec("CREATE TABLE big(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c LIMIT 300) INSERT INTO big SELECT randomblob(2000) FROM c");
    const its = [f.db.prepare("SELECT * FROM big").iterate(), f.db.prepare("SELECT * FROM t").iterate()];
    its[0].next();
    const target = tmpPath("live-backup.db");
    let progressCalls = 0;
    const copying = backup(f.db, target, { rate: 5, progress: () => progressCalls++ });
    f.db.close();

    assert.equal(attempt(() => f.stmt.all()), finalized);
    assert.equal(attempt(() => its[0].next()), finalized);
    assert.equal(attempt(() => its[1].next()), finalized);
    assert.equal(attempt(() => f.session.changeset()), notOpen);
    assert.equal(attempt(() => f.store.get`SELECT 1`), notOpen);

    // node keeps the source alive for the backup, which completes.
    const pages = await copying;
    assert.ok(pages > 100, `pages ${pages}`);
    assert.ok(progressCalls > 0);
    const copy = new DatabaseSync(target, { readOnly: true });
    assert.deepStrictEqual(copy.prepare("PRAGMA integrity_check").get(), { __proto__: null, integrity_check: "ok" });
    assert.deepStrictEqual(copy.prepare("SELECT count(*) AS c FROM big").get(), { __proto__: null, c: 300 });
    copy.close();

    // Nothing of the closed connection keeps its file open any more.
    const open = descriptorsOn(file);
    if (open !== null) assert.equal(open, 0);
  });

  test("a write transaction with live statements is rolled back by close()", () => {
    const file = tmpPath("rollback.db");
    const f = fixture(file);
    f.db.exec("BEGIN; INSERT INTO t(b) VALUES ('uncommitted')");
    const insert = f.db.prepare("INSERT INTO t(b) VALUES (?)");
    insert.run("also uncommitted");
    f.db.close();
    const db = new DatabaseSync(file);
    assert.deepStrictEqual(db.prepare("SELECT count(*) AS c FROM t WHERE b LIKE '%uncommitted'").get(), { __proto__: null, c: 0 });
    db.exec("BEGIN EXCLUSIVE; COMMIT"); // no lock left behind
    db.close();
  });
});

describe("the connection's registry of statements", { skip: !isAddon && "addon internals" }, () => {
  const native = isAddon ? require("../lib/native") : null;

  test("a statement leaves it when closed or collected; close() and deserialize() still end the rest", async () => {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE t(a)");
    const base = native.dbDependents(db);
    for (let i = 0; i < 1000; i++) db.prepare("SELECT * FROM t").close();
    assert.equal(native.dbDependents(db), base, "closed statements are not kept listed");
    for (let i = 0; i < 1000; i++) db.prepare("SELECT * FROM t")[Symbol.dispose]();
    assert.equal(native.dbDependents(db), base);

    const v8 = require("node:v8");
    v8.setFlagsFromString("--expose-gc");
    const collect = require("node:vm").runInNewContext("gc");
    (() => {
      for (let i = 0; i < 100; i++) db.prepare("SELECT * FROM t").all();
    })();
    for (let i = 0; i < 10 && native.dbDependents(db) > base; i++) {
      collect();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(native.dbDependents(db), base, "collected statements leave too");

    const live = [db.prepare("SELECT 1"), db.prepare("SELECT 2")];
    const session = db.createSession();
    assert.equal(native.dbDependents(db), base + 3);
    db.deserialize(db.serialize());
    assert.equal(native.dbDependents(db), base + 1, "deserialize() ends statements, keeps the session");
    for (const s of live) assert.throws(() => s.get(), { code: "ERR_INVALID_STATE" });
    db.close();
    assert.equal(native.dbDependents(db), 0);
    assert.throws(() => session.changeset(), { code: "ERR_INVALID_STATE" });
  });
});
