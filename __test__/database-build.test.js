"use strict";
// SQL-visible checks of how the bundled SQLite is built: JSON, FTS5, R*Tree,
// math, percentile and dbstat are present, soundex() is not. Reference: api.md §2.15.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { withDb } = require("./database-fixtures");

describe("SQL-visible build", () => {
  test("JSON functions", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(
        db
          .prepare(
            `SELECT json_extract('{"a":[1,2]}', '$.a[1]') AS v, json_array(1, 'x') AS arr,
                    '{"b":3}' ->> '$.b' AS op, json_valid('{') AS bad`,
          )
          .get(),
        { __proto__: null, v: 2, arr: '[1,"x"]', op: 3, bad: 0 },
      );
    });
  });

  test("FTS5", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE VIRTUAL TABLE f USING fts5(body); INSERT INTO f VALUES ('hello world'), ('goodbye moon')");
      assert.deepStrictEqual(db.prepare("SELECT body FROM f WHERE f MATCH 'hello'").all(), [
        { __proto__: null, body: "hello world" },
      ]);
    });
  });

  test("R*Tree", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx); INSERT INTO r VALUES (1, 0, 10), (2, 20, 30)");
      assert.deepStrictEqual(db.prepare("SELECT id FROM r WHERE minx <= 5 AND maxx >= 5").all(), [
        { __proto__: null, id: 1 },
      ]);
    });
  });

  test("math functions", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT sqrt(16) AS s, pow(2, 10) AS p, floor(2.7) AS f, log10(1000) AS l").get(), {
        __proto__: null,
        s: 4,
        p: 1024,
        f: 2,
        l: 3,
      });
    });
  });

  test("percentile extension (median, percentile)", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(
        db
          .prepare(
            "SELECT median(x) AS m, percentile(x, 25) AS p FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 10)",
          )
          .get(),
        { __proto__: null, m: 2.5, p: 1.75 },
      );
    });
  });

  test("dbstat virtual table", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
      assert.deepStrictEqual(db.prepare("SELECT name, pageno FROM dbstat WHERE name = 't'").get(), {
        __proto__: null,
        name: "t",
        pageno: 2,
      });
    });
  });

  test("soundex() is not available", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.prepare("SELECT soundex('Robert')"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "no such function: soundex",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("x'61' LIKE 'a' is 1", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT x'61' LIKE 'a' AS v").get(), { __proto__: null, v: 1 });
    });
  });
});
