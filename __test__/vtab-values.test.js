"use strict";
// db.createModule(): how row values yielded by rows() map to SQLite values.
// Spec: api.md §1.10.
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { skip, sqliteError, memdb, INT } = require("./vtab-fixtures.js");

describe("createModule(): values", { skip }, () => {
  test("numbers are REAL and bigints INTEGER whatever the declared type (no affinity)", () => {
    const db = memdb();
    db.createModule("kinds", {
      columns: [INT("n"), INT("b"), { name: "r", type: "REAL" }, { name: "t", type: "TEXT" }, { name: "x", type: "BLOB" }],
      rows: () => [[1, 2n, 3n, 4, "5"]],
    });
    assert.deepStrictEqual(
      db.prepare("SELECT typeof(n) n, typeof(b) b, typeof(r) r, typeof(t) t, typeof(x) x FROM kinds").get(),
      { __proto__: null, n: "real", b: "integer", r: "integer", t: "real", x: "text" },
    );
    assert.deepStrictEqual(db.prepare("SELECT * FROM kinds").get(), { __proto__: null, n: 1, b: 2, r: 3, t: 4, x: "5" });
  });

  test("strings, bytes, null and undefined; missing and extra elements", () => {
    const db = memdb();
    db.createModule("vals", {
      columns: ["a", "b", "c"].map((name) => ({ name, type: "ANY" })),
      rows: () => [
        ["héllo ✓", new Uint8Array([1, 2, 3]), null],
        [undefined, Buffer.from("xy"), new DataView(new Uint8Array([9]).buffer)],
        ["only"],
        [1, 2, 3, 4, 5],
      ],
    });
    assert.deepStrictEqual(db.prepare("SELECT a, b, c, typeof(b) tb FROM vals").all(), [
      { __proto__: null, a: "héllo ✓", b: new Uint8Array([1, 2, 3]), c: null, tb: "blob" },
      { __proto__: null, a: null, b: new Uint8Array([120, 121]), c: new Uint8Array([9]), tb: "blob" },
      { __proto__: null, a: "only", b: null, c: null, tb: "null" },
      { __proto__: null, a: 1, b: 2, c: 3, tb: "real" },
    ]);
  });

  test("a row is read by index: array-like objects work, primitives read as NULLs", () => {
    const db = memdb();
    db.createModule("shapes", {
      columns: [INT("a"), INT("b")],
      rows: () => [{ 0: 1n, 1: 2n }, { a: 3n, b: 4n }, 5, "xy", null],
    });
    assert.deepStrictEqual(db.prepare("SELECT rowid, a, b FROM shapes").all(), [
      { __proto__: null, rowid: 1, a: 1, b: 2 },
      { __proto__: null, rowid: 2, a: null, b: null },
      { __proto__: null, rowid: 3, a: null, b: null },
      { __proto__: null, rowid: 4, a: null, b: null },
      { __proto__: null, rowid: 5, a: null, b: null },
    ]);
  });

  test("only the columns a query reads are read from the row", () => {
    const db = memdb();
    const reads = [];
    db.createModule("lazy", {
      columns: [INT("a"), INT("b")],
      rows: () => [
        {
          get 0() {
            reads.push(0);
            return 1n;
          },
          get 1() {
            reads.push(1);
            return 2n;
          },
        },
      ],
    });
    db.prepare("SELECT b FROM lazy").all();
    assert.deepStrictEqual(reads, [1]);
  });

  test("values SQLite cannot store fail the statement with node's function-result errors", () => {
    const db = memdb();
    const cases = [
      [true, "Returned JavaScript value cannot be converted to a SQLite value"],
      [{}, "Returned JavaScript value cannot be converted to a SQLite value"],
      [Symbol("s"), "Returned JavaScript value cannot be converted to a SQLite value"],
      [() => 1, "Returned JavaScript value cannot be converted to a SQLite value"],
      // (An ArrayBuffer is a BLOB, as a function result is in node 26.10.)
      [2n ** 63n, "BigInt value is too large for SQLite"],
      [Promise.resolve(1), "Asynchronous user-defined functions are not supported"],
    ];
    for (const [value, message] of cases) {
      db.createModule("badval", { columns: [{ name: "v", type: "ANY" }], rows: () => [[value]] });
      assertThrows(() => db.prepare("SELECT v FROM badval").all(), Error, sqliteError(message));
    }
  });
});
