"use strict";
// db.limits (read, write, reset, validation) and enableDefensive().
// Reference: api.md §1.3, §2.14 (catalogue rows 61, 64).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite } = require("./common");
const { DatabaseSync } = sqlite;
const { notOpen, LIMIT_NAMES, DEFAULT_LIMITS, withDb } = require("./database-fixtures");

describe("db.limits", () => {
  const typeError = { code: "ERR_INVALID_ARG_TYPE", message: "Limit value must be a non-negative integer or Infinity." };
  const rangeError = { code: "ERR_OUT_OF_RANGE", message: "Limit value must be non-negative." };

  test("the same object every time, with the 11 names in order and the default values", () => {
    withDb(":memory:", {}, (db) => {
      const limits = db.limits;
      assert.equal(db.limits, limits);
      assert.deepStrictEqual(Object.keys(limits), LIMIT_NAMES);
      assert.deepStrictEqual({ ...limits }, DEFAULT_LIMITS);
      assert.equal(JSON.stringify(limits), JSON.stringify(DEFAULT_LIMITS));
      for (const name of LIMIT_NAMES) {
        assert.equal(Object.getOwnPropertyDescriptor(limits, name).enumerable, true, name);
      }
      assert.equal("nope" in limits, false);
      assert.equal(limits.nope, undefined);
    });
  });

  test("setting a limit changes it; SQLite clamps values", () => {
    withDb(":memory:", {}, (db) => {
      const limits = db.limits;
      limits.attach = 3;
      assert.equal(limits.attach, 3);
      limits.attach = 1000;
      assert.equal(limits.attach, 10);
      limits.length = 10;
      assert.equal(limits.length, 30);
      limits.column = 0;
      assert.equal(limits.column, 0);
      assert.equal(Reflect.set(limits, "column", 5), true);
      assert.equal(limits.column, 5);
    });
  });

  test("Infinity sets the compile-time maximum", () => {
    withDb(":memory:", {}, (db) => {
      for (const name of LIMIT_NAMES) db.limits[name] = 0;
      for (const name of LIMIT_NAMES) db.limits[name] = Infinity;
      assert.deepStrictEqual({ ...db.limits }, DEFAULT_LIMITS);
    });
  });

  test("a limit takes effect immediately", () => {
    withDb(":memory:", {}, (db) => {
      db.limits.attach = 0;
      assertThrows(() => db.exec("ATTACH ':memory:' AS other"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "too many attached databases - max 0",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("invalid values are rejected and leave the limit unchanged", () => {
    withDb(":memory:", {}, (db) => {
      db.limits.column = 100;
      for (const bad of ["5", 1.5, null, undefined, NaN, -Infinity, 5n, true, 2 ** 31, new Number(5)]) {
        assertThrows(
          () => {
            db.limits.column = bad;
          },
          TypeError,
          typeError,
        );
      }
      assertThrows(
        () => {
          db.limits.column = -1;
        },
        RangeError,
        rangeError,
      );
      assert.equal(db.limits.column, 100);
    });
  });

  test("unknown properties are ordinary expandos", () => {
    withDb(":memory:", {}, (db) => {
      db.limits.custom = 5;
      assert.equal(db.limits.custom, 5);
    });
  });

  test("reading or writing a limit on a closed database throws", () => {
    const db = new DatabaseSync(":memory:");
    const limits = db.limits;
    db.close();
    assert.equal(db.limits, limits);
    assertThrows(() => limits.length, Error, notOpen);
    assertThrows(
      () => {
        limits.length = 5;
      },
      Error,
      notOpen,
    );
    assertThrows(() => new DatabaseSync(":memory:", { open: false }).limits.attach, Error, notOpen);
  });

  test("db.limits cannot be replaced", () => {
    withDb(":memory:", {}, (db) => {
      const limits = db.limits;
      assertThrows(
        () => {
          db.limits = {};
        },
        TypeError,
        { code: undefined, message: "Cannot set property limits of #<DatabaseSync> which has only a getter" },
      );
      assert.equal(db.limits, limits);
    });
  });
});

describe("enableDefensive()", () => {
  test("toggles defensive mode and returns undefined", () => {
    withDb(":memory:", { defensive: false }, (db) => {
      db.exec("CREATE TABLE t(a); PRAGMA writable_schema = 1");
      assert.equal(db.enableDefensive(true), undefined);
      assertThrows(() => db.exec("UPDATE sqlite_schema SET name = name"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "table sqlite_master may not be modified",
        errcode: 1,
        errstr: "SQL logic error",
      });
      assert.equal(db.enableDefensive(false), undefined);
      db.exec("UPDATE sqlite_schema SET name = name");
    });
  });

  test("active must be a boolean", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "active" argument must be a boolean.' };
      assertThrows(() => db.enableDefensive(), TypeError, expected);
      assertThrows(() => db.enableDefensive(1), TypeError, expected);
      assertThrows(() => db.enableDefensive("true"), TypeError, expected);
    });
  });
});
