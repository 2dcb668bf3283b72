"use strict";
// Session lifecycle: close() and [Symbol.dispose](), closing the database under
// a session, and closing either from inside callbacks. Reference: api.md §1.5,
// §2.13 (catalogue rows 48-49).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");
const { DatabaseSync } = sqlite;
const {
  REPLACE,
  checkError,
  throwsState,
  row,
  T_SCHEMA,
  T_CHANGES,
  T_FINAL_ROWS,
  baseDb,
  tChangeset,
  tRows,
} = require("./session-fixtures");

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
