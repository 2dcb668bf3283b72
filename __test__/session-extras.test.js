"use strict";
// The addon's session extras (api.md §1.8): changesetInvert, changesetConcat,
// the onConflict info argument and session.dispose().
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite } = require("./common");
const {
  OMIT,
  DATA,
  NOTFOUND,
  CONFLICT,
  CONSTRAINT,
  ADDON_ONLY,
  throwsState,
  row,
  T_CHANGES,
  T_BASE_ROWS,
  T_FINAL_ROWS,
  baseDb,
  tChangeset,
  tRows,
} = require("./session-fixtures");

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
