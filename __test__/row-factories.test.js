"use strict";
// The row factories (lib/rows.js) are compiled per column list; when code
// generation fails they fall back to generic builders that are several times
// slower. This checks that the compiled ones are what runs, and that the rows
// they build have node:sqlite's shape for awkward column names.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isAddon } = require("./common");

describe("compiled row factories", { skip: !isAddon && "addon internals" }, () => {
  const { rowFactory, arrayFactory } = require("../lib/rows");

  test("row, next and pushRows are compiled, with one parameter per column", () => {
    const f = rowFactory(["id", "name", "__proto__"]);
    assert.equal(f.row.length, 3);
    assert.equal(f.next.length, 3);
    assert.equal(f.pushRows.name, "pushRows");
    assert.equal(arrayFactory(4).row.length, 4);
  });

  test("pushRows appends several rows given back to back", () => {
    const rows = [];
    rowFactory(["a", "b"]).pushRows(rows, 1, 2, 3, 4);
    assert.deepEqual(rows.map((r) => ({ ...r })), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
    assert.ok(rows.every((r) => Object.getPrototypeOf(r) === null));
  });
});

test("rows keep column order, null prototypes and own data properties for awkward names", () => {
  const db = new sqlite.DatabaseSync(":memory:");
  const cases = [
    ["SELECT 1 AS a, 2 AS a, 3 AS b", [["a", 2], ["b", 3]]],
    ['SELECT 1 AS "__proto__", 2 AS x', [["__proto__", 1], ["x", 2]]],
    ['SELECT 1 AS "b", 2 AS "0", 3 AS "1.5", 4 AS "constructor", 5 AS "\u2028"', [["0", 2], ["b", 1], ["1.5", 3], ["constructor", 4], ["\u2028", 5]]],
    ['SELECT 1 AS "toString", 2 AS "hasOwnProperty"', [["toString", 1], ["hasOwnProperty", 2]]],
  ];
  for (const [sql, expected] of cases) {
    for (const row of [db.prepare(sql).get(), db.prepare(sql).all()[0], db.prepare(sql).iterate().next().value]) {
      assert.equal(Object.getPrototypeOf(row), null, sql);
      assert.deepEqual(Reflect.ownKeys(row), expected.map(([k]) => k), sql);
      for (const [key, value] of expected) {
        assert.deepEqual(Object.getOwnPropertyDescriptor(row, key), { value, writable: true, enumerable: true, configurable: true }, sql);
      }
    }
  }
  const result = db.prepare("SELECT 1 AS a").iterate().next();
  assert.equal(Object.getPrototypeOf(result), null);
  assert.deepEqual(Reflect.ownKeys(result), ["done", "value"]);
  db.close();
});
