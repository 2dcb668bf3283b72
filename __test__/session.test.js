"use strict";
// Sessions and changesets: api.md §1.5, §2.8, §2.13, catalogue rows 48-52,
// plus the addon's extras (§1.8 and the task brief): changesetInvert,
// changesetConcat, the onConflict info argument and session.dispose().
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, tmpPath } = require("./common");

const { DatabaseSync, Session, constants } = sqlite;
const {
  SQLITE_CHANGESET_OMIT: OMIT,
  SQLITE_CHANGESET_REPLACE: REPLACE,
  SQLITE_CHANGESET_ABORT: ABORT,
  SQLITE_CHANGESET_DATA: DATA,
  SQLITE_CHANGESET_NOTFOUND: NOTFOUND,
  SQLITE_CHANGESET_CONFLICT: CONFLICT,
  SQLITE_CHANGESET_CONSTRAINT: CONSTRAINT,
  SQLITE_CHANGESET_FOREIGN_KEY: FOREIGN_KEY,
} = constants;

const ADDON_ONLY = isNode && "addon extra, not in node:sqlite";

// ---------------------------------------------------------------- helpers

function checkError(e, proto, code, message) {
  assert.equal(Object.getPrototypeOf(e), proto, `wrong class: ${e && e.constructor && e.constructor.name}`);
  assert.equal(e.code, code);
  assert.equal(e.message, message);
  return true;
}
const throwsType = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, TypeError.prototype, "ERR_INVALID_ARG_TYPE", message));
const throwsState = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, Error.prototype, "ERR_INVALID_STATE", message));
/** ERR_SQLITE_ERROR; errstr === undefined means "must have no errstr property". */
const throwsSqlite = (fn, message, errcode, errstr) =>
  assert.throws(fn, (e) => {
    checkError(e, Error.prototype, "ERR_SQLITE_ERROR", message);
    assert.equal(e.errcode, errcode);
    if (errstr === undefined) assert.equal("errstr" in e, false, "errstr must be absent");
    else assert.equal(e.errstr, errstr);
    return true;
  });

const all = (db, sql) => db.prepare(sql).all();
const row = (obj) => ({ __proto__: null, ...obj });
const rows = (...objs) => objs.map(row);

// Fixture used by most conflict tests: a table with a PK, a UNIQUE column and
// three base rows; the "source" changes update row 1, delete row 2, insert row 4.
const T_SCHEMA = "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, u TEXT UNIQUE)";
const T_BASE = "INSERT INTO t VALUES (1, 'a', 'u1'), (2, 'b', 'u2'), (3, 'c', 'u3')";
const T_CHANGES = "UPDATE t SET v = 'A' WHERE id = 1; DELETE FROM t WHERE id = 2; INSERT INTO t VALUES (4, 'd', 'u4')";
const T_BASE_ROWS = rows({ id: 1, v: "a", u: "u1" }, { id: 2, v: "b", u: "u2" }, { id: 3, v: "c", u: "u3" });
const T_FINAL_ROWS = rows({ id: 1, v: "A", u: "u1" }, { id: 3, v: "c", u: "u3" }, { id: 4, v: "d", u: "u4" });

function baseDb(extraSql) {
  const db = new DatabaseSync(":memory:");
  db.exec(T_SCHEMA);
  db.exec(T_BASE);
  if (extraSql) db.exec(extraSql);
  return db;
}
function tChangeset(kind = "changeset") {
  const src = baseDb();
  const session = src.createSession();
  src.exec(T_CHANGES);
  const out = session[kind]();
  session.close();
  src.close();
  return out;
}
const tRows = (db) => all(db, "SELECT * FROM t ORDER BY id");

/** Applies the fixture changeset to a target prepared with `setupSql`; records onConflict calls. */
function applyWithHandler(setupSql, handler, cs = tChangeset()) {
  const db = baseDb(setupSql);
  const types = [];
  const result = db.applyChangeset(cs, {
    onConflict: (type) => {
      types.push(type);
      return handler(type);
    },
  });
  return { db, types, result };
}

// ---------------------------------------------------------------- tests

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

describe("applyChangeset results and conflicts", () => {
  test("a zero-length changeset returns true", () => {
    const db = baseDb();
    assert.equal(db.applyChangeset(new Uint8Array(0)), true);
    assert.equal(db.applyChangeset(Buffer.alloc(0)), true);
    assert.deepEqual(tRows(db), T_BASE_ROWS);
    db.close();
  });

  test("options may be omitted, undefined, or an empty object", () => {
    for (const args of [[], [undefined], [{}], [{ onConflict: undefined }]]) {
      const db = baseDb();
      assert.equal(db.applyChangeset(tChangeset(), ...args), true);
      assert.deepEqual(tRows(db), T_FINAL_ROWS);
      db.close();
    }
  });

  test("default conflict handling aborts: returns false and leaves the target unchanged", () => {
    // Row 1 diverged: the UPDATE conflicts. Other changes must be rolled back too.
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const before = tRows(db);
    assert.equal(db.applyChangeset(tChangeset()), false);
    assert.deepEqual(tRows(db), before);
    assert.equal(db.isTransaction, false);
    db.close();
  });

  test("applying the same changeset twice: the second run conflicts", () => {
    const db = baseDb();
    const cs = tChangeset();
    assert.equal(db.applyChangeset(cs), true);
    assert.equal(db.applyChangeset(cs), false);
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    db.close();
  });

  test("onConflict is called with SQLITE_CHANGESET_DATA for a diverged UPDATE", () => {
    const setup = "UPDATE t SET v = 'zz' WHERE id = 1";
    const omit = applyWithHandler(setup, () => OMIT);
    assert.deepEqual(omit.types, [DATA]);
    assert.equal(omit.result, true);
    assert.deepEqual(tRows(omit.db), rows({ id: 1, v: "zz", u: "u1" }, { id: 3, v: "c", u: "u3" }, { id: 4, v: "d", u: "u4" }));

    const replace = applyWithHandler(setup, () => REPLACE);
    assert.deepEqual(replace.types, [DATA]);
    assert.equal(replace.result, true);
    assert.deepEqual(tRows(replace.db), T_FINAL_ROWS);

    const abort = applyWithHandler(setup, () => ABORT);
    assert.deepEqual(abort.types, [DATA]);
    assert.equal(abort.result, false);
    assert.deepEqual(tRows(abort.db), rows({ id: 1, v: "zz", u: "u1" }, ...T_BASE_ROWS.slice(1)));
  });

  test("onConflict is called with SQLITE_CHANGESET_DATA for a diverged DELETE", () => {
    const setup = "UPDATE t SET v = 'zz' WHERE id = 2";
    const omit = applyWithHandler(setup, () => OMIT);
    assert.deepEqual(omit.types, [DATA]);
    assert.equal(omit.result, true);
    assert.deepEqual(tRows(omit.db), rows({ id: 1, v: "A", u: "u1" }, { id: 2, v: "zz", u: "u2" }, { id: 3, v: "c", u: "u3" }, { id: 4, v: "d", u: "u4" }));

    const replace = applyWithHandler(setup, () => REPLACE);
    assert.deepEqual(replace.types, [DATA]);
    assert.equal(replace.result, true);
    assert.deepEqual(tRows(replace.db), T_FINAL_ROWS);
  });

  test("onConflict is called with SQLITE_CHANGESET_NOTFOUND for a missing row", () => {
    const setup = "DELETE FROM t WHERE id = 1";
    const omit = applyWithHandler(setup, () => OMIT);
    assert.deepEqual(omit.types, [NOTFOUND]);
    assert.equal(omit.result, true);
    assert.deepEqual(tRows(omit.db), rows({ id: 3, v: "c", u: "u3" }, { id: 4, v: "d", u: "u4" }));

    const abort = applyWithHandler(setup, () => ABORT);
    assert.deepEqual(abort.types, [NOTFOUND]);
    assert.equal(abort.result, false);
    assert.deepEqual(tRows(abort.db), T_BASE_ROWS.slice(1));
  });

  test("REPLACE is not a valid answer to NOTFOUND: misuse error, target unchanged", () => {
    const db = baseDb("DELETE FROM t WHERE id = 1");
    const types = [];
    throwsSqlite(
      () => db.applyChangeset(tChangeset(), { onConflict: (type) => (types.push(type), REPLACE) }),
      "bad parameter or other API misuse",
      21,
    );
    assert.deepEqual(types, [NOTFOUND]);
    assert.deepEqual(tRows(db), T_BASE_ROWS.slice(1));
    db.close();
  });

  test("onConflict is called with SQLITE_CHANGESET_CONFLICT for an INSERT on an existing key", () => {
    const setup = "INSERT INTO t VALUES (4, 'other', 'u9')";
    const omit = applyWithHandler(setup, () => OMIT);
    assert.deepEqual(omit.types, [CONFLICT]);
    assert.equal(omit.result, true);
    assert.deepEqual(tRows(omit.db), [...T_FINAL_ROWS.slice(0, 2), row({ id: 4, v: "other", u: "u9" })]);

    const replace = applyWithHandler(setup, () => REPLACE);
    assert.deepEqual(replace.types, [CONFLICT]);
    assert.equal(replace.result, true);
    assert.deepEqual(tRows(replace.db), T_FINAL_ROWS);
  });

  test("onConflict is called with SQLITE_CHANGESET_CONSTRAINT for a UNIQUE violation", () => {
    const setup = "INSERT INTO t VALUES (5, 'other', 'u4')";
    const omit = applyWithHandler(setup, () => OMIT);
    assert.deepEqual(omit.types, [CONSTRAINT]);
    assert.equal(omit.result, true);
    assert.deepEqual(tRows(omit.db), [...T_FINAL_ROWS.slice(0, 2), row({ id: 5, v: "other", u: "u4" })]);

    const abort = applyWithHandler(setup, () => ABORT);
    assert.deepEqual(abort.types, [CONSTRAINT]);
    assert.equal(abort.result, false);
    assert.deepEqual(tRows(abort.db), [...T_BASE_ROWS, row({ id: 5, v: "other", u: "u4" })]);
  });

  describe("SQLITE_CHANGESET_FOREIGN_KEY", () => {
    const FK_SCHEMA =
      "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id))";
    function fkChangeset() {
      const src = new DatabaseSync(":memory:");
      src.exec(FK_SCHEMA);
      src.exec("INSERT INTO p VALUES (1)");
      const session = src.createSession({ table: "c" });
      src.exec("INSERT INTO c VALUES (10, 1)");
      const cs = session.changeset();
      src.close();
      return cs; // applying it to a db without parent row 1 violates the FK
    }
    function fkTarget(options = {}) {
      const db = new DatabaseSync(":memory:", options);
      db.exec(FK_SCHEMA);
      return db;
    }

    test("OMIT commits despite the violation", () => {
      const db = fkTarget();
      const types = [];
      assert.equal(db.applyChangeset(fkChangeset(), { onConflict: (type) => (types.push(type), OMIT) }), true);
      assert.deepEqual(types, [FOREIGN_KEY]);
      assert.deepEqual(all(db, "SELECT * FROM c"), rows({ id: 10, pid: 1 }));
      db.close();
    });

    test("ABORT (and the default) throws 'constraint failed' errcode 19 and rolls back", () => {
      const db = fkTarget();
      const types = [];
      throwsSqlite(
        () => db.applyChangeset(fkChangeset(), { onConflict: (type) => (types.push(type), ABORT) }),
        "constraint failed",
        19,
      );
      assert.deepEqual(types, [FOREIGN_KEY]);
      assert.deepEqual(all(db, "SELECT * FROM c"), []);
      throwsSqlite(() => db.applyChangeset(fkChangeset()), "constraint failed", 19);
      assert.deepEqual(all(db, "SELECT * FROM c"), []);
      assert.equal(db.isTransaction, false);
      db.close();
    });

    test("no FOREIGN_KEY conflict when foreign keys are disabled", () => {
      const db = fkTarget({ enableForeignKeyConstraints: false });
      const types = [];
      assert.equal(db.applyChangeset(fkChangeset(), { onConflict: (type) => (types.push(type), ABORT) }), true);
      assert.deepEqual(types, []);
      assert.deepEqual(all(db, "SELECT * FROM c"), rows({ id: 10, pid: 1 }));
      db.close();
    });
  });

  test("onConflict runs inside the apply transaction and may use the database", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    let seen;
    const result = db.applyChangeset(tChangeset(), {
      onConflict: () => {
        seen = { inTx: db.isTransaction, v: db.prepare("SELECT v FROM t WHERE id = 1").get().v };
        db.exec("INSERT INTO t VALUES (50, 'from callback', 'u50')");
        return OMIT;
      },
    });
    assert.equal(result, true);
    assert.deepEqual(seen, { inTx: true, v: "zz" });
    assert.deepEqual(all(db, "SELECT id FROM t ORDER BY id"), rows({ id: 1 }, { id: 3 }, { id: 4 }, { id: 50 }));
    db.close();
  });

  test("an invalid onConflict result is a misuse error (errcode 21, no errstr)", () => {
    // 1.0 and 2.0 are the integers 1 and 2 and count as valid.
    for (const bad of [42, -1, 3, 1.5, undefined, null, true, "1", 0n, {}]) {
      const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
      const before = tRows(db);
      throwsSqlite(
        () => db.applyChangeset(tChangeset(), { onConflict: () => bad }),
        "bad parameter or other API misuse",
        21,
      );
      assert.deepEqual(tRows(db), before, `target changed for ${String(bad)}`);
      db.close();
    }
  });

  test("garbage input is 'database disk image is malformed' (errcode 11, no errstr)", () => {
    for (const garbage of [new Uint8Array([1, 2, 3, 4, 5]), new Uint8Array(100), Buffer.from([0x54, 0x02, 0x01, 0x00])]) {
      const db = baseDb();
      throwsSqlite(() => db.applyChangeset(garbage), "database disk image is malformed", 11);
      assert.deepEqual(tRows(db), T_BASE_ROWS);
      db.close();
    }
  });
});

describe("filter", () => {
  const SCHEMA = "CREATE TABLE a(id INTEGER PRIMARY KEY, v); CREATE TABLE b(id INTEGER PRIMARY KEY, v)";
  function abChangeset() {
    const src = new DatabaseSync(":memory:");
    src.exec(SCHEMA);
    const session = src.createSession();
    src.exec("INSERT INTO a VALUES (1, 'x'), (2, 'y'); INSERT INTO b VALUES (1, 'z')");
    const cs = session.changeset();
    src.close();
    return cs;
  }
  function target() {
    const db = new DatabaseSync(":memory:");
    db.exec(SCHEMA);
    return db;
  }
  const counts = (db) => [db.prepare("SELECT count(*) AS n FROM a").get().n, db.prepare("SELECT count(*) AS n FROM b").get().n];

  test("is called once per table, with the table name as its only argument", () => {
    const db = target();
    const calls = [];
    assert.equal(db.applyChangeset(abChangeset(), { filter: (...args) => (calls.push(args), true) }), true);
    assert.deepEqual(calls, [["a"], ["b"]]);
    assert.deepEqual(counts(db), [2, 1]);
    db.close();
  });

  test("selects which tables are applied", () => {
    const db = target();
    assert.equal(db.applyChangeset(abChangeset(), { filter: (name) => name === "b" }), true);
    assert.deepEqual(counts(db), [0, 1]);
    db.close();
  });

  test("truthy and falsy return values", () => {
    const truthy = [true, 1, "x", "false", {}, [], 1n, -1, Infinity];
    const falsy = [false, 0, "", null, undefined, NaN, 0n];
    for (const value of truthy) {
      const db = target();
      assert.equal(db.applyChangeset(abChangeset(), { filter: () => value }), true);
      assert.deepEqual(counts(db), [2, 1], `truthy ${String(value)}`);
      db.close();
    }
    for (const value of falsy) {
      const db = target();
      assert.equal(db.applyChangeset(abChangeset(), { filter: () => value }), true);
      assert.deepEqual(counts(db), [0, 0], `falsy ${String(value)}`);
      db.close();
    }
  });

  test("works together with onConflict", () => {
    const db = target();
    db.exec("INSERT INTO a VALUES (1, 'existing')");
    const types = [];
    const result = db.applyChangeset(abChangeset(), {
      filter: (name) => name === "a",
      onConflict: (type) => (types.push(type), REPLACE),
    });
    assert.equal(result, true);
    assert.deepEqual(types, [CONFLICT]);
    assert.deepEqual(all(db, "SELECT * FROM a ORDER BY id"), rows({ id: 1, v: "x" }, { id: 2, v: "y" }));
    assert.deepEqual(counts(db), [2, 0]);
    db.close();
  });
});

describe("exceptions thrown from callbacks", () => {
  test("an error thrown by filter propagates as the same object; nothing is applied", () => {
    for (const thrown of [new Error("boom"), new RangeError("range"), Symbol("sym"), "a string", 42]) {
      const db = baseDb();
      assert.throws(
        () => db.applyChangeset(tChangeset(), { filter: () => { throw thrown; } }),
        (e) => e === thrown,
      );
      assert.deepEqual(tRows(db), T_BASE_ROWS);
      assert.equal(db.isTransaction, false);
      db.close();
    }
  });

  test("an error thrown by onConflict propagates as the same object; the target is unchanged", () => {
    for (const thrown of [new TypeError("conflict!"), Symbol("sym"), { custom: true }]) {
      const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
      const before = tRows(db);
      assert.throws(
        () => db.applyChangeset(tChangeset(), { onConflict: () => { throw thrown; } }),
        (e) => e === thrown,
      );
      assert.deepEqual(tRows(db), before);
      assert.equal(db.isTransaction, false);
      db.close();
    }
  });

  // node 26.10: its authorizer, which SQLite runs again before the apply
  // ends, replaces a pending callback exception, and the apply's SQLite
  // error replaces an authorizer's.
  test("with an authorizer, an error thrown by filter is lost: the table is skipped and the result is true", () => {
    const db = baseDb();
    const actions = [];
    db.setAuthorizer((action) => (actions.push(action), constants.SQLITE_OK));
    let filterCalls = 0;
    const filter = () => {
      filterCalls++;
      throw new Error("boom");
    };
    assert.equal(db.applyChangeset(tChangeset(), { filter }), true);
    assert.equal(filterCalls, 1);
    assert.ok(actions.includes(constants.SQLITE_SAVEPOINT));
    db.setAuthorizer(null);
    assert.deepEqual(tRows(db), T_BASE_ROWS);
    assert.equal(db.isTransaction, false);
    db.close();
  });

  test("with an authorizer, an error thrown by onConflict is lost: the apply aborts and the result is false", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const before = tRows(db);
    db.setAuthorizer(() => constants.SQLITE_OK);
    const onConflict = () => {
      throw new TypeError("conflict!");
    };
    assert.equal(db.applyChangeset(tChangeset(), { onConflict }), false);
    db.setAuthorizer(null);
    assert.deepEqual(tRows(db), before);
    assert.equal(db.isTransaction, false);
    db.close();
  });

  test("an authorizer that throws or returns an invalid code gives 'authorization denied'", () => {
    const authorizers = [
      () => {
        throw new Error("authorizer boom");
      },
      () => "not a code",
      () => 99,
      () => constants.SQLITE_DENY,
    ];
    for (const authorizer of authorizers) {
      const db = baseDb();
      db.setAuthorizer(authorizer);
      throwsSqlite(() => db.applyChangeset(tChangeset()), "authorization denied", 23, undefined);
      db.setAuthorizer(null);
      assert.deepEqual(tRows(db), T_BASE_ROWS);
      db.close();
    }
    // The same when the authorizer fails only after filter threw.
    const db = baseDb();
    let filterThrew = false;
    db.setAuthorizer(() => {
      if (filterThrew) throw new Error("authorizer boom");
      return constants.SQLITE_OK;
    });
    const filter = () => {
      filterThrew = true;
      throw new Error("filter boom");
    };
    throwsSqlite(() => db.applyChangeset(tChangeset(), { filter }), "authorization denied", 23, undefined);
    db.close();
  });

  test("after an authorizer throws, it is still asked about the rollback, which ends the transaction", () => {
    for (const failAt of [1, 2, 3]) {
      const db = baseDb();
      const seen = [];
      let calls = 0;
      db.setAuthorizer((action, arg1) => {
        seen.push(`${action}:${arg1}`);
        if (++calls === failAt) throw new Error("authorizer boom");
        return constants.SQLITE_OK;
      });
      throwsSqlite(() => db.applyChangeset(tChangeset()), "authorization denied", 23, undefined);
      db.setAuthorizer(null);
      assert.equal(db.isTransaction, false, `failing call ${failAt}`);
      assert.deepEqual(seen.slice(-2), [`${constants.SQLITE_SAVEPOINT}:ROLLBACK`, `${constants.SQLITE_SAVEPOINT}:RELEASE`]);
      assert.deepEqual(tRows(db), T_BASE_ROWS);
      db.close();
    }
  });

  test("an authorizer that refuses table_info pragmas does not disturb onConflict, and is never asked", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const asked = [];
    db.setAuthorizer((action, arg1) => {
      asked.push(arg1);
      if (arg1 === "table_info" || arg1 === "pragma_table_info") throw new Error("no table_info");
      return constants.SQLITE_OK;
    });
    const types = [];
    const onConflict = (type) => (types.push(type), constants.SQLITE_CHANGESET_REPLACE);
    assert.equal(db.applyChangeset(tChangeset(), { onConflict }), true);
    db.setAuthorizer(null);
    assert.deepEqual(types, [constants.SQLITE_CHANGESET_DATA]);
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    // node reads no column names; the addon's lookup for the extra info argument is invisible.
    assert.deepEqual(asked.filter((a) => /table_info/.test(String(a))), []);
    db.close();
  });
});

describe("validation", () => {
  test("createSession options (catalogue row 50)", () => {
    const db = new DatabaseSync(":memory:");
    throwsType(() => db.createSession({ table: 5 }), 'The "options.table" argument must be a string.');
    throwsType(() => db.createSession({ table: null }), 'The "options.table" argument must be a string.');
    throwsType(() => db.createSession({ db: 5 }), 'The "options.db" argument must be a string.');
    throwsType(() => db.createSession(5), 'The "options" argument must be an object.');
    throwsType(() => db.createSession(null), 'The "options" argument must be an object.');
    throwsType(() => db.createSession("t"), 'The "options" argument must be an object.');
    // An explicit undefined is rejected, unlike an omitted argument.
    throwsType(() => db.createSession(undefined), 'The "options" argument must be an object.');
    // A present-but-undefined property is also rejected (verified on Node 26.10).
    throwsType(() => db.createSession({ table: undefined }), 'The "options.table" argument must be a string.');
    throwsType(() => db.createSession({ db: undefined }), 'The "options.db" argument must be a string.');
    assert.ok(db.createSession() instanceof Session);
    assert.ok(db.createSession({}) instanceof Session);
    db.close();
  });

  test("applyChangeset arguments (catalogue row 51)", () => {
    const db = baseDb();
    const cs = tChangeset();
    for (const bad of ["abc", undefined, null, 5, [1, 2], cs.buffer, new DataView(cs.buffer), new Uint16Array(2)]) {
      throwsType(() => db.applyChangeset(bad), 'The "changeset" argument must be a Uint8Array.');
    }
    throwsType(() => db.applyChangeset(), 'The "changeset" argument must be a Uint8Array.');
    throwsType(() => db.applyChangeset(cs, 5), 'The "options" argument must be an object.');
    throwsType(() => db.applyChangeset(cs, null), 'The "options" argument must be an object.');
    throwsType(() => db.applyChangeset(cs, { onConflict: 5 }), 'The "options.onConflict" argument must be a function.');
    throwsType(() => db.applyChangeset(cs, { onConflict: null }), 'The "options.onConflict" argument must be a function.');
    throwsType(() => db.applyChangeset(cs, { filter: 5 }), 'The "options.filter" argument must be a function.');
    throwsType(() => db.applyChangeset(cs, { filter: null }), 'The "options.filter" argument must be a function.');
    // Asymmetry verified on Node 26.10: {filter: undefined} is rejected, {onConflict: undefined} is not.
    throwsType(() => db.applyChangeset(cs, { filter: undefined }), 'The "options.filter" argument must be a function.');
    // Nothing was applied by the failed calls.
    assert.deepEqual(tRows(db), T_BASE_ROWS);
    db.close();
  });

  test("createSession and applyChangeset on a closed database (catalogue row 12)", () => {
    const db = baseDb();
    db.close();
    throwsState(() => db.createSession(), "database is not open");
    throwsState(() => db.applyChangeset(new Uint8Array(0)), "database is not open");
  });

  test("Session methods with a foreign receiver throw 'Illegal invocation'", () => {
    assert.throws(() => Session.prototype.changeset.call({}), (e) => {
      assert.equal(Object.getPrototypeOf(e), TypeError.prototype);
      assert.equal(e.message, "Illegal invocation");
      return true;
    });
  });
});

describe("session lifecycle", () => {
  test("close() returns undefined; a closed session throws 'session is not open' (row 49)", () => {
    const db = baseDb();
    const session = db.createSession();
    assert.equal(session.close(), undefined);
    throwsState(() => session.changeset(), "session is not open");
    throwsState(() => session.patchset(), "session is not open");
    throwsState(() => session.close(), "session is not open");
    // [Symbol.dispose]() is a no-op on a closed session.
    assert.equal(session[Symbol.dispose](), undefined);
    db.close();
  });

  test("[Symbol.dispose]() closes the session and can be repeated", () => {
    const db = baseDb();
    const session = db.createSession();
    assert.equal(session[Symbol.dispose](), undefined);
    throwsState(() => session.changeset(), "session is not open");
    assert.equal(session[Symbol.dispose](), undefined);
    throwsState(() => session.close(), "session is not open");
    db.close();
  });

  test("closing one session does not affect another", () => {
    const db = baseDb();
    const s1 = db.createSession();
    const s2 = db.createSession();
    s1.close();
    db.exec(T_CHANGES);
    const target = baseDb();
    assert.equal(target.applyChangeset(s2.changeset()), true);
    assert.deepEqual(tRows(target), T_FINAL_ROWS);
    db.close();
    target.close();
  });

  test("after db.close() session methods throw 'database is not open'", () => {
    const db = baseDb();
    const session = db.createSession();
    db.exec("INSERT INTO t VALUES (9, 'x', 'x')");
    db.close();
    throwsState(() => session.changeset(), "database is not open");
    throwsState(() => session.patchset(), "database is not open");
    throwsState(() => session.close(), "database is not open");
    assert.equal(session[Symbol.dispose](), undefined);
  });

  test("after db.close() and db.open() the old session is 'session is not open'", () => {
    const file = tmpPath("reopen.db");
    const db = new DatabaseSync(file);
    db.exec(T_SCHEMA);
    const session = db.createSession();
    db.close();
    db.open();
    throwsState(() => session.changeset(), "session is not open");
    throwsState(() => session.close(), "session is not open");
    assert.equal(session[Symbol.dispose](), undefined);
    db.close();
  });

  test("closing a session inside filter throws 'session cannot be closed while in a callback' (row 48)", () => {
    const db = baseDb();
    const session = db.createSession();
    let closeError;
    let disposeError;
    const result = db.applyChangeset(tChangeset(), {
      filter: () => {
        try { session.close(); } catch (e) { closeError = e; }
        try { session[Symbol.dispose](); } catch (e) { disposeError = e; }
        return true;
      },
    });
    assert.equal(result, true);
    checkError(closeError, Error.prototype, "ERR_INVALID_STATE", "session cannot be closed while in a callback");
    checkError(disposeError, Error.prototype, "ERR_INVALID_STATE", "session cannot be closed while in a callback");
    // The session is still open and recorded the applied changes.
    assert.ok(session.changeset().length > 0);
    session.close();
    db.close();
  });

  test("closing a session inside onConflict throws the same error", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const session = db.createSession();
    let closeError;
    const result = db.applyChangeset(tChangeset(), {
      onConflict: () => {
        try { session.close(); } catch (e) { closeError = e; }
        return REPLACE;
      },
    });
    assert.equal(result, true);
    checkError(closeError, Error.prototype, "ERR_INVALID_STATE", "session cannot be closed while in a callback");
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    session.close();
    db.close();
  });

  test("closing a session inside a user-defined function throws the same error", () => {
    const db = baseDb();
    const session = db.createSession();
    let closeError;
    db.function("closer", () => {
      try { session.close(); } catch (e) { closeError = e; }
      return 1;
    });
    db.prepare("SELECT closer()").get();
    checkError(closeError, Error.prototype, "ERR_INVALID_STATE", "session cannot be closed while in a callback");
    session.close();
    db.close();
  });

  test("a session of another, idle database may be closed from a callback", () => {
    // Verified on Node 26.10: the guard is per database connection.
    const db = baseDb();
    const other = baseDb();
    const otherSession = other.createSession();
    let closeError = null;
    db.applyChangeset(tChangeset(), {
      filter: () => {
        try { otherSession.close(); } catch (e) { closeError = e; }
        return true;
      },
    });
    assert.equal(closeError, null);
    throwsState(() => otherSession.changeset(), "session is not open");
    db.close();
    other.close();
  });

  test("closing the database inside filter throws 'database cannot be closed while in a callback'", () => {
    const db = baseDb();
    let closeError;
    const result = db.applyChangeset(tChangeset(), {
      filter: () => {
        try { db.close(); } catch (e) { closeError = e; }
        return true;
      },
    });
    assert.equal(result, true);
    checkError(closeError, Error.prototype, "ERR_INVALID_STATE", "database cannot be closed while in a callback");
    assert.equal(db.isOpen, true);
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    db.close();
  });
});

// ---------------------------------------------------------------- addon extras

describe("addon extras", () => {
  test("session.changesetInvert(cs) inverts a changeset", { skip: ADDON_ONLY }, () => {
    const src = baseDb();
    const session = src.createSession();
    src.exec(T_CHANGES);
    const cs = session.changeset();
    const inverse = session.changesetInvert(cs);
    assert.equal(Object.getPrototypeOf(inverse), Uint8Array.prototype);
    assert.ok(inverse.length > 0);
    // Applying the inverse on the source undoes the recorded changes.
    assert.equal(src.applyChangeset(inverse), true);
    assert.deepEqual(tRows(src), T_BASE_ROWS);
    // On a replica: apply, then undo.
    const replica = baseDb();
    assert.equal(replica.applyChangeset(cs), true);
    assert.deepEqual(tRows(replica), T_FINAL_ROWS);
    assert.equal(replica.applyChangeset(inverse), true);
    assert.deepEqual(tRows(replica), T_BASE_ROWS);
    session.close();
    src.close();
    replica.close();
  });

  test("module-level changesetInvert(cs) gives the same inverse", { skip: ADDON_ONLY }, () => {
    assert.equal(typeof sqlite.changesetInvert, "function");
    const src = baseDb();
    const session = src.createSession();
    src.exec(T_CHANGES);
    const cs = session.changeset();
    const inverse = sqlite.changesetInvert(cs);
    assert.equal(Object.getPrototypeOf(inverse), Uint8Array.prototype);
    assert.deepEqual(inverse, session.changesetInvert(cs));
    // Inverting twice gives back an equivalent changeset.
    const replica = baseDb();
    assert.equal(replica.applyChangeset(sqlite.changesetInvert(inverse)), true);
    assert.deepEqual(tRows(replica), T_FINAL_ROWS);
    assert.equal(replica.applyChangeset(inverse), true);
    assert.deepEqual(tRows(replica), T_BASE_ROWS);
    session.close();
    src.close();
    replica.close();
  });

  test("module-level changesetConcat(a, b) equals applying a then b", { skip: ADDON_ONLY }, () => {
    assert.equal(typeof sqlite.changesetConcat, "function");
    const src = baseDb();
    const s1 = src.createSession();
    src.exec(T_CHANGES);
    const a = s1.changeset();
    s1.close();
    const s2 = src.createSession();
    src.exec("UPDATE t SET v = 'D' WHERE id = 4; DELETE FROM t WHERE id = 3; INSERT INTO t VALUES (5, 'e', 'u5')");
    const b = s2.changeset();
    s2.close();
    const expected = tRows(src);

    const stepwise = baseDb();
    assert.equal(stepwise.applyChangeset(a), true);
    assert.equal(stepwise.applyChangeset(b), true);
    assert.deepEqual(tRows(stepwise), expected);

    const combined = sqlite.changesetConcat(a, b);
    assert.equal(Object.getPrototypeOf(combined), Uint8Array.prototype);
    const once = baseDb();
    assert.equal(once.applyChangeset(combined), true);
    assert.deepEqual(tRows(once), expected);
    for (const db of [src, stepwise, once]) db.close();
  });

  describe("onConflict(type, info)", { skip: ADDON_ONLY }, () => {
    function captureInfo(setupSql) {
      const calls = [];
      const target = baseDb(setupSql);
      target.applyChangeset(tChangeset(), {
        onConflict: (...args) => {
          calls.push(args);
          return OMIT;
        },
      });
      target.close();
      assert.equal(calls.length, 1);
      const [type, info] = calls[0];
      assert.equal(typeof info, "object");
      assert.notEqual(info, null);
      assert.equal(info.type, type);
      return info;
    }

    test("DATA on UPDATE: old values of key + changed columns, new changed columns, current row", () => {
      const info = captureInfo("UPDATE t SET v = 'zz' WHERE id = 1");
      assert.equal(info.type, DATA);
      assert.equal(info.table, "t");
      assert.equal(info.operation, "UPDATE");
      assert.deepEqual(info.oldRow, row({ id: 1, v: "a" }));
      assert.deepEqual(info.newRow, row({ v: "A" }));
      assert.deepEqual(info.conflictingRow, row({ id: 1, v: "zz", u: "u1" }));
    });

    test("DATA on DELETE: full old row, no new row, current row", () => {
      const info = captureInfo("UPDATE t SET v = 'zz' WHERE id = 2");
      assert.equal(info.type, DATA);
      assert.equal(info.table, "t");
      assert.equal(info.operation, "DELETE");
      assert.deepEqual(info.oldRow, row({ id: 2, v: "b", u: "u2" }));
      assert.equal(info.newRow, null);
      assert.deepEqual(info.conflictingRow, row({ id: 2, v: "zz", u: "u2" }));
    });

    test("NOTFOUND on UPDATE: no conflicting row", () => {
      const info = captureInfo("DELETE FROM t WHERE id = 1");
      assert.equal(info.type, NOTFOUND);
      assert.equal(info.table, "t");
      assert.equal(info.operation, "UPDATE");
      assert.deepEqual(info.oldRow, row({ id: 1, v: "a" }));
      assert.deepEqual(info.newRow, row({ v: "A" }));
      assert.equal(info.conflictingRow, null);
    });

    test("CONFLICT on INSERT: the new row and the existing row", () => {
      const info = captureInfo("INSERT INTO t VALUES (4, 'other', 'u9')");
      assert.equal(info.type, CONFLICT);
      assert.equal(info.table, "t");
      assert.equal(info.operation, "INSERT");
      assert.equal(info.oldRow, null);
      assert.deepEqual(info.newRow, row({ id: 4, v: "d", u: "u4" }));
      assert.deepEqual(info.conflictingRow, row({ id: 4, v: "other", u: "u9" }));
    });

    test("CONSTRAINT on INSERT: the new row, no conflicting row", () => {
      const info = captureInfo("INSERT INTO t VALUES (5, 'other', 'u4')");
      assert.equal(info.type, CONSTRAINT);
      assert.equal(info.table, "t");
      assert.equal(info.operation, "INSERT");
      assert.equal(info.oldRow, null);
      assert.deepEqual(info.newRow, row({ id: 4, v: "d", u: "u4" }));
      assert.equal(info.conflictingRow, null);
    });
  });

  test("session.dispose() is an alias of [Symbol.dispose]()", { skip: ADDON_ONLY }, () => {
    const db = baseDb();
    const session = db.createSession();
    assert.equal(typeof session.dispose, "function");
    assert.equal(session.dispose(), undefined);
    throwsState(() => session.changeset(), "session is not open");
    assert.equal(session.dispose(), undefined);
    db.close();
  });
});

// ---------------------------------------------------------------- more (added with the implementation)

describe("concurrency and callbacks", () => {
  test("applyChangeset runs concurrently in several workers on one file", async () => {
    const { Worker } = require("node:worker_threads");
    const { addonPath } = require("./common");
    const file = tmpPath("shared.db");
    const setup = new DatabaseSync(file);
    setup.exec("PRAGMA journal_mode = WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    setup.close();
    const source = `
      const { parentPort, workerData } = require("node:worker_threads");
      const { DatabaseSync } = require(workerData.module);
      const db = new DatabaseSync(workerData.file, { timeout: 10000 });
      const scratch = new DatabaseSync(":memory:");
      scratch.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      let applied = 0;
      for (let round = 0; round < 20; round++) {
        const session = scratch.createSession();
        const insert = scratch.prepare("INSERT INTO t VALUES (?, ?)");
        for (let i = 0; i < 10; i++) {
          const id = workerData.index * 1000 + round * 10 + i;
          insert.run(id, "w" + workerData.index);
        }
        const cs = session.changeset();
        session.close();
        // A deferred transaction could not wait for the write lock (SQLITE_BUSY).
        db.exec("BEGIN IMMEDIATE");
        if (db.applyChangeset(cs, { onConflict: () => 0 })) applied++;
        db.exec("COMMIT");
      }
      db.close();
      parentPort.postMessage(applied);
    `;
    const module = isNode ? "node:sqlite" : addonPath;
    const results = await Promise.all(
      [0, 1, 2, 3].map(
        (index) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(source, { eval: true, workerData: { file, index, module } });
            worker.once("message", resolve);
            worker.once("error", reject);
          }),
      ),
    );
    assert.deepEqual(results, [20, 20, 20, 20]);
    const db = new DatabaseSync(file);
    assert.deepEqual(all(db, "SELECT v, count(*) AS n FROM t GROUP BY v ORDER BY v"), [
      row({ v: "w0", n: 200 }),
      row({ v: "w1", n: 200 }),
      row({ v: "w2", n: 200 }),
      row({ v: "w3", n: 200 }),
    ]);
    db.close();
  });

  test("closing the database inside onConflict is refused; the apply goes on", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    let closeError;
    const result = db.applyChangeset(tChangeset(), {
      onConflict: () => {
        try { db.close(); } catch (e) { closeError = e; }
        return REPLACE;
      },
    });
    assert.equal(result, true);
    checkError(closeError, Error.prototype, "ERR_INVALID_STATE", "database cannot be closed while in a callback");
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    db.close();
  });

  test("callbacks are called with a null receiver", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const receivers = [];
    db.applyChangeset(tChangeset(), {
      filter: function () { "use strict"; receivers.push(this); return true; },
      onConflict: function () { "use strict"; receivers.push(this); return OMIT; },
    });
    assert.deepEqual(receivers, [null, null]);
    db.close();
  });

  test("after a throwing filter, later tables are neither filtered nor applied", () => {
    const schema = "CREATE TABLE a(id INTEGER PRIMARY KEY); CREATE TABLE b(id INTEGER PRIMARY KEY)";
    const src = new DatabaseSync(":memory:");
    src.exec(schema);
    const session = src.createSession();
    src.exec("INSERT INTO a VALUES (1); INSERT INTO b VALUES (1)");
    const target = new DatabaseSync(":memory:");
    target.exec(schema);
    const seen = [];
    const boom = new Error("boom");
    assert.throws(
      () => target.applyChangeset(session.changeset(), { filter: (name) => { seen.push(name); throw boom; } }),
      (e) => e === boom,
    );
    assert.deepEqual(seen, ["a"]);
    assert.deepEqual(all(target, "SELECT * FROM a"), []);
    assert.deepEqual(all(target, "SELECT * FROM b"), []);
    src.close();
    target.close();
  });
});

describe("addon extras: inspection and validation", { skip: ADDON_ONLY }, () => {
  const INSPECT_SCHEMA = "CREATE TABLE t(id INTEGER PRIMARY KEY, v, b BLOB, big INTEGER)";
  function inspectFixture(kind) {
    const db = new DatabaseSync(":memory:");
    db.exec(INSPECT_SCHEMA);
    db.exec("INSERT INTO t VALUES (1, 'a', x'00', 1), (2, 'b', NULL, 2)");
    const session = db.createSession();
    db.exec("UPDATE t SET v = 'A' WHERE id = 1; DELETE FROM t WHERE id = 2");
    db.prepare("INSERT INTO t VALUES (3, 1.5, x'ff01', ?)").run(2n ** 60n);
    const out = session[kind]();
    db.close();
    return out;
  }
  const change = (obj) => ({ __proto__: null, table: "t", indirect: false, primaryKey: [true, false, false, false], ...obj });

  test("changesetInspect(changeset) lists each change with its old and new values", () => {
    assert.equal(typeof sqlite.changesetInspect, "function");
    assert.deepEqual(sqlite.changesetInspect(inspectFixture("changeset")), [
      change({ operation: "UPDATE", oldValues: [1, "a", undefined, undefined], newValues: [undefined, "A", undefined, undefined] }),
      change({ operation: "DELETE", oldValues: [2, "b", null, 2], newValues: null }),
      change({ operation: "INSERT", oldValues: null, newValues: [3, 1.5, new Uint8Array([0xff, 1]), 2n ** 60n] }),
    ]);
  });

  test("changesetInspect(patchset): old values are the primary key only", () => {
    assert.deepEqual(sqlite.changesetInspect(inspectFixture("patchset")), [
      change({ operation: "UPDATE", oldValues: [1, undefined, undefined, undefined], newValues: [undefined, "A", undefined, undefined] }),
      change({ operation: "DELETE", oldValues: [2, undefined, undefined, undefined], newValues: null }),
      change({ operation: "INSERT", oldValues: null, newValues: [3, 1.5, new Uint8Array([0xff, 1]), 2n ** 60n] }),
    ]);
  });

  test("empty input: no changes, an empty inverse, an empty concatenation", () => {
    const empty = new Uint8Array(0);
    assert.deepEqual(sqlite.changesetInspect(empty), []);
    assert.deepEqual(sqlite.changesetInvert(empty), new Uint8Array(0));
    assert.deepEqual(sqlite.changesetConcat(empty, empty), new Uint8Array(0));
  });

  test("the inverse of a changeset lists the opposite operations", () => {
    const ops = sqlite.changesetInspect(sqlite.changesetInvert(inspectFixture("changeset"))).map((c) => c.operation);
    assert.deepEqual(ops.sort(), ["DELETE", "INSERT", "UPDATE"]);
  });

  test("arguments must be Uint8Arrays", () => {
    const cs = inspectFixture("changeset");
    for (const bad of [undefined, "x", 5, cs.buffer, new Uint16Array(2)]) {
      throwsType(() => sqlite.changesetInvert(bad), 'The "changeset" argument must be a Uint8Array.');
      throwsType(() => sqlite.changesetInspect(bad), 'The "changeset" argument must be a Uint8Array.');
      throwsType(() => sqlite.changesetConcat(bad, cs), 'The "changesetA" argument must be a Uint8Array.');
      throwsType(() => sqlite.changesetConcat(cs, bad), 'The "changesetB" argument must be a Uint8Array.');
    }
    const db = baseDb();
    const session = db.createSession();
    throwsType(() => session.changesetInvert("x"), 'The "changeset" argument must be a Uint8Array.');
    assert.throws(() => Session.prototype.changesetInvert.call({}, cs), { name: "TypeError", message: "Illegal invocation" });
    db.close();
  });

  test("garbage is 'database disk image is malformed' (errcode 11)", () => {
    const garbage = new Uint8Array([0x54, 0x02, 0x01, 0x00]);
    for (const fn of [() => sqlite.changesetInvert(garbage), () => sqlite.changesetInspect(garbage)]) {
      throwsSqlite(fn, "database disk image is malformed", 11, "database disk image is malformed");
    }
  });

  test("SQLITE_CHANGESET_FOREIGN_KEY info names no table or rows", () => {
    const FK = "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id))";
    const src = new DatabaseSync(":memory:");
    src.exec(FK);
    src.exec("INSERT INTO p VALUES (1)");
    const session = src.createSession({ table: "c" });
    src.exec("INSERT INTO c VALUES (10, 1)");
    const target = new DatabaseSync(":memory:");
    target.exec(FK);
    const infos = [];
    assert.equal(target.applyChangeset(session.changeset(), { onConflict: (type, info) => (infos.push(info), OMIT) }), true);
    assert.deepEqual(infos, [
      { __proto__: null, table: null, type: FOREIGN_KEY, operation: null, oldRow: null, newRow: null, conflictingRow: null },
    ]);
    src.close();
    target.close();
  });

  test("conflict rows keep SQL NULLs as null and omit the columns a change does not carry", () => {
    const db = baseDb("UPDATE t SET v = NULL WHERE id = 1");
    let info;
    db.applyChangeset(tChangeset(), { onConflict: (type, i) => ((info = i), OMIT) });
    assert.deepEqual(info.conflictingRow, row({ id: 1, v: null, u: "u1" }));
    assert.deepEqual(info.oldRow, row({ id: 1, v: "a" }));
    assert.deepEqual(Object.keys(info), ["table", "type", "operation", "oldRow", "newRow", "conflictingRow"]);
    db.close();
  });

  test("the extras are non-enumerable on Session.prototype and exported by index.mjs", async () => {
    for (const name of ["dispose", "changesetInvert"]) {
      assert.equal(Object.getOwnPropertyDescriptor(Session.prototype, name).enumerable, false, name);
    }
    const { addonPath } = require("./common");
    const path = require("node:path");
    const { pathToFileURL } = require("node:url");
    const esm = await import(pathToFileURL(path.join(addonPath, "index.mjs")).href);
    for (const name of ["changesetInvert", "changesetConcat", "changesetInspect"]) {
      assert.equal(esm[name], sqlite[name], name);
    }
  });
});
