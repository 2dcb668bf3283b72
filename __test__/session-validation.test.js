"use strict";
// Argument validation for sessions and changesets, including the addon's
// inspection/validation extras (skipped on node:sqlite). Reference: api.md §1.5, §1.8, §2.13.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite } = require("./common");
const { DatabaseSync, Session } = sqlite;
const {
  OMIT,
  FOREIGN_KEY,
  ADDON_ONLY,
  throwsType,
  throwsState,
  throwsSqlite,
  row,
  rows,
  T_BASE_ROWS,
  baseDb,
  tChangeset,
  tRows,
} = require("./session-fixtures");

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
