"use strict";
// db.createModule(): large tables are streamed row by row rather than
// materialised. Spec: api.md §1.10.
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { skip, memdb, INT } = require("./vtab-fixtures.js");

describe("createModule(): large tables stream", { skip }, () => {
  const ROWS = 1_000_000;

  test("1,000,000 generated rows are pulled one at a time, never buffered", () => {
    const db = memdb();
    let produced = 0;
    let maxAhead = 0;
    db.createModule("big", {
      columns: [INT("v"), { name: "s", type: "TEXT" }],
      *rows() {
        for (let i = 0; i < ROWS; i++) {
          produced++;
          yield [i, "x"];
        }
      },
    });
    let consumed = 0;
    db.function("consume", { deterministic: false }, (v) => {
      consumed++;
      maxAhead = Math.max(maxAhead, produced - consumed);
      return v;
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const result = db.prepare("SELECT count(*) AS n, sum(consume(v)) AS total, max(length(s)) AS len FROM big").get();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    assert.deepStrictEqual(result, { __proto__: null, n: ROWS, total: (ROWS * (ROWS - 1)) / 2, len: 1 });
    assert.equal(produced, ROWS);
    // SQLite consumed each row before the generator produced the next one.
    assert.equal(maxAhead, 0);
    // Generous bound: buffering a million row arrays would take far more.
    assert.ok(heapGrowth < 64 * 1024 * 1024, `heap grew by ${heapGrowth} bytes`);
  });

  test("iterate() over a large table holds one row at a time", () => {
    const db = memdb();
    let produced = 0;
    db.createModule("big_iter", {
      columns: [INT("v")],
      *rows() {
        for (let i = 0; i < ROWS; i++) {
          produced++;
          yield [i];
        }
      },
    });
    const it = db.prepare("SELECT v FROM big_iter").iterate();
    assert.deepStrictEqual(it.next().value, { __proto__: null, v: 0 });
    assert.deepStrictEqual(it.next().value, { __proto__: null, v: 1 });
    assert.equal(produced, 2);
    it.return();
  });
});
