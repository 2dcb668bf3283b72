"use strict";
// db.exec() and db.prepare(): argument checks, multi-statement SQL and the
// errors SQLite reports. Reference: api.md §1.3, §2.13.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite, isNode, nodeMajor } = require("./common");
const { withDb } = require("./database-fixtures");

describe("exec()", () => {
  test("runs several statements and returns undefined", () => {
    withDb(":memory:", {}, (db) => {
      const result = db.exec(`
        CREATE TABLE t(a);
        INSERT INTO t VALUES (1);
        INSERT INTO t VALUES (2);
        SELECT * FROM t;
      `);
      assert.equal(result, undefined);
      assert.deepStrictEqual(db.prepare("SELECT a FROM t ORDER BY a").all(), [
        { __proto__: null, a: 1 },
        { __proto__: null, a: 2 },
      ]);
    });
  });

  test("stops at the first failing statement", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assertThrows(
        () => db.exec("INSERT INTO t VALUES (1); INSERT INTO nope VALUES (2); INSERT INTO t VALUES (3)"),
        Error,
        { code: "ERR_SQLITE_ERROR", message: "no such table: nope", errcode: 1, errstr: "SQL logic error" },
      );
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").all(), [{ __proto__: null, a: 1 }]);
    });
  });

  test("syntax error", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.exec("SELEC 1"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: 'near "SELEC": syntax error',
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("empty and comment-only SQL are fine", () => {
    withDb(":memory:", {}, (db) => {
      assert.equal(db.exec(""), undefined);
      assert.equal(db.exec("-- nothing here"), undefined);
      assert.equal(db.exec(";;"), undefined);
    });
  });

  test("non-Latin text survives", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES ('héllo wörld 😀')");
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: "héllo wörld 😀" });
    });
  });

  test("sql must be a string", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "sql" argument must be a string.' };
      assertThrows(() => db.exec(), TypeError, expected);
      assertThrows(() => db.exec(5), TypeError, expected);
      assertThrows(() => db.exec(null), TypeError, expected);
      assertThrows(() => db.exec({}), TypeError, expected);
      assertThrows(() => db.exec(Buffer.from("SELECT 1")), TypeError, expected);
    });
  });
});

describe("prepare()", () => {
  test("compiles only the first statement; the rest is ignored", () => {
    withDb(":memory:", {}, (db) => {
      const stmt = db.prepare("SELECT 1 AS a; SELECT 2 AS b");
      assert.deepStrictEqual(stmt.all(), [{ __proto__: null, a: 1 }]);
      assert.equal(stmt.sourceSQL, "SELECT 1 AS a;");
      // Even garbage after the first statement is not looked at.
      assert.deepStrictEqual(db.prepare("SELECT 3 AS c; this is not sql").get(), { __proto__: null, c: 3 });
      // The second statement is never run.
      db.prepare("CREATE TABLE t(a); CREATE TABLE u(a)").run();
      assert.deepStrictEqual(db.prepare("SELECT name FROM sqlite_schema").all(), [{ __proto__: null, name: "t" }]);
    });
  });

  test("SQL without a statement -> ERR_INVALID_ARG_VALUE", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_VALUE", message: "The SQL query contains no statements." };
      for (const sql of ["", "   ", "-- just a comment", "/* block */", ";", " ; ;"]) {
        assertThrows(() => db.prepare(sql), TypeError, expected);
      }
    });
  });

  test("sql must be a string", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "sql" argument must be a string.' };
      assertThrows(() => db.prepare(), TypeError, expected);
      assertThrows(() => db.prepare(1), TypeError, expected);
      assertThrows(() => db.prepare(null), TypeError, expected);
    });
  });

  test("SQLite compile errors", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.prepare("SELEC 1"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: 'near "SELEC": syntax error',
        errcode: 1,
        errstr: "SQL logic error",
      });
      assertThrows(() => db.prepare("SELECT * FROM nope"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "no such table: nope",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("options must be an object or undefined", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "options" argument must be an object.' };
      assertThrows(() => db.prepare("SELECT 1", null), TypeError, expected);
      assertThrows(() => db.prepare("SELECT 1", 5), TypeError, expected);
      assertThrows(() => db.prepare("SELECT 1", "x"), TypeError, expected);
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a", undefined).get(), { __proto__: null, a: 1 });
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a", {}).get(), { __proto__: null, a: 1 });
    });
  });

  test("boolean options are validated", () => {
    withDb(":memory:", {}, (db) => {
      for (const name of ["readBigInts", "returnArrays", "allowBareNamedParameters", "allowUnknownNamedParameters"]) {
        for (const bad of [1, "yes", null]) {
          assertThrows(() => db.prepare("SELECT 1", { [name]: bad }), TypeError, {
            code: "ERR_INVALID_ARG_TYPE",
            message: `The "options.${name}" argument must be a boolean.`,
          });
        }
      }
    });
  });

  test(
    "persistent is validated as a boolean and accepted",
    { skip: isNode && nodeMajor < 26 && "node:sqlite before 26.8 ignores persistent" },
    () => {
      withDb(":memory:", {}, (db) => {
        assertThrows(() => db.prepare("SELECT 1", { persistent: 1 }), TypeError, {
          code: "ERR_INVALID_ARG_TYPE",
          message: 'The "options.persistent" argument must be a boolean.',
        });
        assert.deepStrictEqual(db.prepare("SELECT 1 AS a", { persistent: true }).get(), { __proto__: null, a: 1 });
        assert.deepStrictEqual(db.prepare("SELECT 1 AS a", { persistent: false }).get(), { __proto__: null, a: 1 });
      });
    },
  );

  test("options are validated before the SQL is compiled", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "options.readBigInts" argument must be a boolean.' };
      assertThrows(() => db.prepare("", { readBigInts: 1 }), TypeError, expected);
      assertThrows(() => db.prepare("SELEC", { readBigInts: 1 }), TypeError, expected);
    });
  });

  test(
    "prepare options are validated in node's order",
    { skip: isNode && nodeMajor < 26 && "persistent needs node:sqlite 26.8" },
    () => {
      const expectedOrder = [
        "returnArrays",
        "readBigInts",
        "allowBareNamedParameters",
        "allowUnknownNamedParameters",
        "persistent",
      ];
      withDb(":memory:", {}, (db) => {
        const seen = [];
        let remaining = [...expectedOrder];
        while (remaining.length > 0) {
          const options = {};
          for (const name of [...remaining].reverse()) options[name] = 1;
          let message;
          try {
            db.prepare("SELECT 1", options);
          } catch (e) {
            message = e.message;
          }
          const m = /"options\.(\w+)"/.exec(message);
          assert.ok(m, `unexpected outcome: ${message}`);
          seen.push(m[1]);
          remaining = remaining.filter((n) => n !== m[1]);
        }
        assert.deepStrictEqual(seen, expectedOrder);
      });
    },
  );
});
