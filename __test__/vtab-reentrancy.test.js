"use strict";
// db.createModule(): rows() and the iterator re-entering the database (queries,
// re-running the stepped statement, closing it). Spec: api.md §1.10.
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { skip, invalidState, memdb, INT, HIDDEN } = require("./vtab-fixtures.js");

describe("createModule(): re-entrancy", { skip }, () => {
  const closers = {
    "rows()": (db) =>
      function* () {
        db.close();
        yield [1n];
      },
    "next()": (db) => () => ({
      next() {
        db.close();
        return { done: false, value: [1n] };
      },
    }),
    "a row getter": (db) => () => [
      {
        get 0() {
          db.close();
          return 1n;
        },
      },
    ],
    "an iterator's return()": (db) => () => ({
      next: () => ({ done: false, value: [1n] }),
      return() {
        db.close();
        return {};
      },
    }),
  };
  for (const [where, makeRows] of Object.entries(closers)) {
    test(`close() from ${where} throws ERR_INVALID_STATE; the connection stays usable`, () => {
      const db = memdb();
      db.createModule("closer", { columns: [INT("v")], rows: makeRows(db) });
      assertThrows(
        () => db.prepare("SELECT v FROM closer LIMIT 1").all(),
        Error,
        invalidState("database cannot be closed while in a callback"),
      );
      assert.equal(db.isOpen, true);
      assert.deepStrictEqual(db.prepare("SELECT 3 AS x").get(), { __proto__: null, x: 3 });
      db.close();
    });
  }

  test("rows() may query the database, including the same module", () => {
    const db = memdb();
    db.exec("CREATE TABLE src(x); INSERT INTO src VALUES (1), (2)");
    db.createModule("nested", {
      columns: [INT("v"), HIDDEN("depth")],
      *rows(depth) {
        if (depth > 0) {
          for (const { v } of db.prepare("SELECT v FROM nested(?)").iterate(depth - 1)) yield [BigInt(v * 10)];
        } else {
          for (const { x } of db.prepare("SELECT x FROM src").all()) yield [BigInt(x)];
        }
      },
    });
    assert.deepStrictEqual(
      db.prepare("SELECT v FROM nested(2)").all().map((r) => r.v),
      [100, 200],
    );
  });

  test("the statement being stepped cannot be re-run from inside rows()", () => {
    const db = memdb();
    let stmt;
    db.createModule("self", {
      columns: [INT("v")],
      *rows() {
        stmt.all();
        yield [1n];
      },
    });
    stmt = db.prepare("SELECT v FROM self");
    assertThrows(() => stmt.all(), Error, invalidState("statement is already being executed"));
  });
});
