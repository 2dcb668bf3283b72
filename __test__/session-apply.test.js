"use strict";
// db.applyChangeset(): results, onConflict handling for each conflict type
// and the filter option. Reference: api.md §1.5, §2.8.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite } = require("./common");
const { DatabaseSync } = sqlite;
const {
  OMIT,
  REPLACE,
  ABORT,
  DATA,
  NOTFOUND,
  CONFLICT,
  CONSTRAINT,
  FOREIGN_KEY,
  throwsSqlite,
  all,
  row,
  rows,
  T_BASE_ROWS,
  T_FINAL_ROWS,
  baseDb,
  tChangeset,
  tRows,
  applyWithHandler,
} = require("./session-fixtures");

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
