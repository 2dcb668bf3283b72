"use strict";
// db.setAuthorizer(callback | null).
// Spec: api.md §1.3, §1.9 (authorizer constants), §2.7, §2.13, catalogue rows 44-48.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, assertThrows } = require("./common");

const { DatabaseSync, constants } = sqlite;
const { SQLITE_OK, SQLITE_DENY, SQLITE_IGNORE } = constants;

const NOT_AUTHORIZED = { code: "ERR_SQLITE_ERROR", message: "not authorized", errcode: 23, errstr: "authorization denied" };
const IN_AUTHORIZER = { code: "ERR_INVALID_STATE", message: "database cannot be accessed from an authorizer callback" };

function seeded() {
  const db = new DatabaseSync(":memory:");
  db.exec("create table t(a, b); insert into t values (1, 2)");
  return db;
}

describe("setAuthorizer(): callback arguments", () => {
  test("returns undefined; a SELECT calls (SELECT, ...) then (READ, table, column, 'main', null)", () => {
    const db = seeded();
    const calls = [];
    assert.strictEqual(
      db.setAuthorizer((...args) => {
        calls.push(args);
        return SQLITE_OK;
      }),
      undefined,
    );
    db.prepare("select a from t");
    assert.deepStrictEqual(calls, [
      [constants.SQLITE_SELECT, null, null, null, null],
      [constants.SQLITE_READ, "t", "a", "main", null],
    ]);
    assert.strictEqual(constants.SQLITE_SELECT, 21);
    assert.strictEqual(constants.SQLITE_READ, 20);
    db.close();
  });

  test("the callback runs when SQL is compiled, not when a prepared statement executes", () => {
    const db = seeded();
    let count = 0;
    db.setAuthorizer(() => {
      count++;
      return SQLITE_OK;
    });
    const stmt = db.prepare("select a from t");
    const afterPrepare = count;
    assert.ok(afterPrepare > 0);
    assert.deepStrictEqual(stmt.all(), [{ __proto__: null, a: 1 }]);
    assert.deepStrictEqual(stmt.get(), { __proto__: null, a: 1 });
    assert.strictEqual(count, afterPrepare);
    db.close();
  });

  test("INSERT, function calls, and reads through a view report their details", () => {
    const db = seeded();
    db.exec("create temp view v as select a from t");
    const calls = [];
    db.setAuthorizer((...args) => {
      calls.push(args);
      return SQLITE_OK;
    });
    db.exec("insert into t values (3, 4)");
    assert.deepStrictEqual(calls, [[constants.SQLITE_INSERT, "t", null, "main", null]]);

    calls.length = 0;
    db.prepare("select abs(1)");
    assert.deepStrictEqual(calls, [
      [constants.SQLITE_SELECT, null, null, null, null],
      [constants.SQLITE_FUNCTION, null, "abs", null, null],
    ]);

    calls.length = 0;
    db.prepare("select * from v");
    assert.deepStrictEqual(calls, [
      [constants.SQLITE_SELECT, null, null, null, null],
      [constants.SQLITE_READ, "t", "a", "main", "v"],
      [constants.SQLITE_READ, "v", "a", "temp", null],
      [constants.SQLITE_SELECT, null, null, null, "v"],
    ]);
    db.close();
  });

  test("other action codes: CREATE TABLE, DROP TABLE, PRAGMA, BEGIN, UPDATE, DELETE", () => {
    const db = seeded();
    function callsFor(sql) {
      const calls = [];
      db.setAuthorizer((...args) => {
        calls.push(args);
        return SQLITE_OK;
      });
      db.prepare(sql);
      db.setAuthorizer(null);
      return calls;
    }
    const has = (calls, expected) =>
      assert.ok(
        calls.some((c) => JSON.stringify(c) === JSON.stringify(expected)),
        `${JSON.stringify(expected)} not in ${JSON.stringify(calls)}`,
      );
    has(callsFor("create table n(x)"), [constants.SQLITE_CREATE_TABLE, "n", null, "main", null]);
    has(callsFor("drop table t"), [constants.SQLITE_DROP_TABLE, "t", null, "main", null]);
    assert.deepStrictEqual(callsFor("pragma user_version"), [[constants.SQLITE_PRAGMA, "user_version", null, null, null]]);
    assert.deepStrictEqual(callsFor("begin"), [[constants.SQLITE_TRANSACTION, "BEGIN", null, null, null]]);
    assert.deepStrictEqual(callsFor("update t set a = 1"), [[constants.SQLITE_UPDATE, "t", "a", "main", null]]);
    assert.deepStrictEqual(callsFor("delete from t"), [[constants.SQLITE_DELETE, "t", null, "main", null]]);
    db.close();
  });
});

describe("setAuthorizer(): return codes", () => {
  test("SQLITE_DENY fails compilation with 'not authorized' (errcode 23)", () => {
    const db = seeded();
    db.setAuthorizer((code) => (code === constants.SQLITE_INSERT ? SQLITE_DENY : SQLITE_OK));
    assertThrows(() => db.exec("insert into t values (3, 4)"), Error, NOT_AUTHORIZED);
    assertThrows(() => db.prepare("insert into t values (3, 4)"), Error, NOT_AUTHORIZED);
    // Other statements are still allowed, and nothing was inserted.
    assert.deepStrictEqual(db.prepare("select a, b from t").all(), [{ __proto__: null, a: 1, b: 2 }]);
    db.close();
  });

  test("the 'not authorized' error has exactly code, errcode and errstr as own enumerable props", () => {
    const db = seeded();
    db.setAuthorizer(() => SQLITE_DENY);
    const err = assertThrows(() => db.prepare("select 1"), Error, NOT_AUTHORIZED);
    assert.deepStrictEqual(Object.keys(err), ["code", "errcode", "errstr"]);
    db.close();
  });

  test("SQLITE_IGNORE on a READ makes that column read as NULL", () => {
    const db = seeded();
    db.exec("insert into t values (3, 4)");
    db.setAuthorizer((code, table, column) =>
      code === constants.SQLITE_READ && column === "b" ? SQLITE_IGNORE : SQLITE_OK,
    );
    assert.deepStrictEqual(db.prepare("select a, b from t order by a").all(), [
      { __proto__: null, a: 1, b: null },
      { __proto__: null, a: 3, b: null },
    ]);
    db.close();
  });

  test("integers outside {0, 1, 2} -> RangeError without code", () => {
    const db = seeded();
    for (const value of [99, 3, -1]) {
      db.setAuthorizer(() => value);
      const err = assertThrows(() => db.prepare("select 1"), RangeError, {
        code: undefined,
        message: "Authorizer callback returned a invalid authorization code",
      });
      assert.strictEqual("code" in err, false);
    }
    db.close();
  });

  test("non-integers -> TypeError without code", () => {
    const db = seeded();
    for (const value of ["x", "0", 0n, 1.5, NaN, undefined, null, true, {}, 2 ** 32]) {
      db.setAuthorizer(() => value);
      const err = assertThrows(() => db.prepare("select 1"), TypeError, {
        code: undefined,
        message: "Authorizer callback must return an integer authorization code",
      });
      assert.strictEqual("code" in err, false);
    }
    db.close();
  });

  test("a callback without a return statement is rejected", () => {
    const db = seeded();
    db.setAuthorizer(() => {});
    assertThrows(() => db.exec("select 1"), TypeError, {
      code: undefined,
      message: "Authorizer callback must return an integer authorization code",
    });
    db.close();
  });

  test("1.0 counts as SQLITE_DENY and a computed 0 as SQLITE_OK", () => {
    const db = seeded();
    db.setAuthorizer(() => 1.0);
    assertThrows(() => db.prepare("select 1"), Error, NOT_AUTHORIZED);
    db.setAuthorizer(() => Math.sqrt(0));
    assert.deepStrictEqual(db.prepare("select 1 x").get(), { __proto__: null, x: 1 });
    db.close();
  });

  test("an error thrown by the callback propagates unchanged from prepare() and exec()", () => {
    const db = seeded();
    const boom = new Error("auth failed");
    boom.extra = "x";
    db.setAuthorizer(() => {
      throw boom;
    });
    for (const attempt of [() => db.prepare("select 1"), () => db.exec("select 1")]) {
      let caught;
      assert.throws(attempt, (e) => {
        caught = e;
        return true;
      });
      assert.strictEqual(caught, boom);
      assert.strictEqual(caught.extra, "x");
    }
    db.close();
  });
});

describe("setAuthorizer(): install, replace, clear", () => {
  test("setAuthorizer(null) removes the authorizer", () => {
    const db = seeded();
    let calls = 0;
    db.setAuthorizer(() => {
      calls++;
      return SQLITE_DENY;
    });
    assert.throws(() => db.prepare("select a from t"), { message: "not authorized" });
    const before = calls;
    assert.strictEqual(db.setAuthorizer(null), undefined);
    assert.deepStrictEqual(db.prepare("select a from t").get(), { __proto__: null, a: 1 });
    assert.strictEqual(calls, before);
    db.close();
  });

  test("a new callback replaces the previous one", () => {
    const db = seeded();
    let first = 0;
    db.setAuthorizer(() => {
      first++;
      return SQLITE_DENY;
    });
    db.setAuthorizer(() => SQLITE_OK);
    const before = first;
    assert.deepStrictEqual(db.prepare("select a from t").get(), { __proto__: null, a: 1 });
    assert.strictEqual(first, before);
    db.close();
  });

  test("the authorizer is per connection", () => {
    const a = seeded();
    const b = seeded();
    a.setAuthorizer(() => SQLITE_DENY);
    assert.deepStrictEqual(b.prepare("select a from t").get(), { __proto__: null, a: 1 });
    assert.throws(() => a.prepare("select a from t"), { message: "not authorized" });
    a.close();
    b.close();
  });

  test("argument must be a function or null", () => {
    const db = seeded();
    const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "callback" argument must be a function or null.' };
    for (const value of [5, undefined, "x", {}, false]) {
      assertThrows(() => db.setAuthorizer(value), TypeError, expected);
    }
    assertThrows(() => db.setAuthorizer(), TypeError, expected);
    db.close();
  });

  test("throws 'database is not open' on a closed database", () => {
    const db = seeded();
    db.close();
    assertThrows(() => db.setAuthorizer(() => SQLITE_OK), Error, {
      code: "ERR_INVALID_STATE",
      message: "database is not open",
    });
    assertThrows(() => db.setAuthorizer(null), Error, { code: "ERR_INVALID_STATE", message: "database is not open" });
  });
});

describe("setAuthorizer(): re-entrancy (Node 26)", () => {
  /**
   * Runs `action` from inside the authorizer (first call only) while preparing
   * a statement, and returns what it threw (or { value } if it did not throw).
   */
  function fromInside(db, action) {
    let outcome;
    db.setAuthorizer(() => {
      if (outcome === undefined) {
        try {
          outcome = { value: action() };
        } catch (e) {
          outcome = { error: e };
        }
      }
      return SQLITE_OK;
    });
    db.prepare("select a from t");
    db.setAuthorizer(null);
    return outcome;
  }

  function assertInvalidState(outcome, message) {
    assert.ok(outcome && outcome.error, `expected an error, got ${outcome && JSON.stringify(outcome.value)}`);
    assert.strictEqual(Object.getPrototypeOf(outcome.error), Error.prototype);
    assert.strictEqual(outcome.error.code, "ERR_INVALID_STATE");
    assert.strictEqual(outcome.error.message, message);
  }

  test("prepare(), exec() and setAuthorizer() on the same connection throw", () => {
    const db = seeded();
    assertInvalidState(
      fromInside(db, () => db.prepare("select 2")),
      IN_AUTHORIZER.message,
    );
    assertInvalidState(
      fromInside(db, () => db.exec("select 2")),
      IN_AUTHORIZER.message,
    );
    assertInvalidState(
      fromInside(db, () => db.setAuthorizer(null)),
      IN_AUTHORIZER.message,
    );
    db.close();
  });

  test("executing an existing statement throws", () => {
    const db = seeded();
    const stmt = db.prepare("select 1 x");
    for (const action of [() => stmt.get(), () => stmt.all(), () => stmt.run(), () => stmt.iterate()]) {
      assertInvalidState(fromInside(db, action), IN_AUTHORIZER.message);
    }
    assert.deepStrictEqual(stmt.get(), { __proto__: null, x: 1 });
    db.close();
  });

  test("tag store calls throw", () => {
    const db = seeded();
    const sql = db.createTagStore();
    assertInvalidState(
      fromInside(db, () => sql.get`select ${1} x`),
      IN_AUTHORIZER.message,
    );
    db.close();
  });

  test("close() and deserialize() throw their callback errors", () => {
    const db = seeded();
    const image = db.serialize();
    assertInvalidState(
      fromInside(db, () => db.close()),
      "database cannot be closed while in a callback",
    );
    assertInvalidState(
      fromInside(db, () => db.deserialize(image)),
      "database cannot be deserialized while in a callback",
    );
    assert.strictEqual(db.isOpen, true);
    db.close();
  });

  test("an uncaught access error propagates out of prepare(); the db stays usable", () => {
    const db = seeded();
    db.setAuthorizer(() => {
      db.exec("select 1");
      return SQLITE_OK;
    });
    assertThrows(() => db.prepare("select a from t"), Error, IN_AUTHORIZER);
    db.setAuthorizer(null);
    assert.deepStrictEqual(db.prepare("select a from t").get(), { __proto__: null, a: 1 });
    db.close();
  });

  test("isOpen can be read and another connection can be used", () => {
    const db = seeded();
    const other = new DatabaseSync(":memory:");
    assert.deepStrictEqual(fromInside(db, () => db.isOpen), { value: true });
    assert.deepStrictEqual(
      fromInside(db, () => other.prepare("select 5 y").get()),
      { value: { __proto__: null, y: 5 } },
    );
    other.close();
    db.close();
  });
});

describe("authorizer constants", () => {
  test("result codes", () => {
    assert.strictEqual(constants.SQLITE_OK, 0);
    assert.strictEqual(constants.SQLITE_DENY, 1);
    assert.strictEqual(constants.SQLITE_IGNORE, 2);
  });

  test("action codes", () => {
    const expected = {
      SQLITE_CREATE_INDEX: 1,
      SQLITE_CREATE_TABLE: 2,
      SQLITE_CREATE_TEMP_INDEX: 3,
      SQLITE_CREATE_TEMP_TABLE: 4,
      SQLITE_CREATE_TEMP_TRIGGER: 5,
      SQLITE_CREATE_TEMP_VIEW: 6,
      SQLITE_CREATE_TRIGGER: 7,
      SQLITE_CREATE_VIEW: 8,
      SQLITE_DELETE: 9,
      SQLITE_DROP_INDEX: 10,
      SQLITE_DROP_TABLE: 11,
      SQLITE_DROP_TEMP_INDEX: 12,
      SQLITE_DROP_TEMP_TABLE: 13,
      SQLITE_DROP_TEMP_TRIGGER: 14,
      SQLITE_DROP_TEMP_VIEW: 15,
      SQLITE_DROP_TRIGGER: 16,
      SQLITE_DROP_VIEW: 17,
      SQLITE_INSERT: 18,
      SQLITE_PRAGMA: 19,
      SQLITE_READ: 20,
      SQLITE_SELECT: 21,
      SQLITE_TRANSACTION: 22,
      SQLITE_UPDATE: 23,
      SQLITE_ATTACH: 24,
      SQLITE_DETACH: 25,
      SQLITE_ALTER_TABLE: 26,
      SQLITE_REINDEX: 27,
      SQLITE_ANALYZE: 28,
      SQLITE_CREATE_VTABLE: 29,
      SQLITE_DROP_VTABLE: 30,
      SQLITE_FUNCTION: 31,
      SQLITE_SAVEPOINT: 32,
      SQLITE_COPY: 0,
      SQLITE_RECURSIVE: 33,
    };
    for (const [name, value] of Object.entries(expected)) {
      assert.strictEqual(constants[name], value, name);
    }
  });

  test("a read-only policy built from the constants", () => {
    const db = seeded();
    const allowed = new Set([constants.SQLITE_SELECT, constants.SQLITE_READ, constants.SQLITE_FUNCTION]);
    db.setAuthorizer((code) => (allowed.has(code) ? SQLITE_OK : SQLITE_DENY));
    assert.deepStrictEqual(db.prepare("select a, length(b) l from t").get(), { __proto__: null, a: 1, l: 1 });
    for (const sql of ["insert into t values (1, 1)", "update t set a = 5", "delete from t", "create table x(y)", "drop table t"]) {
      assertThrows(() => db.prepare(sql), Error, NOT_AUTHORIZED);
    }
    db.close();
  });
});
