"use strict";
// iterate() streams: walking 1,000,000 rows holds one row at a time, so RSS
// grows by far less than the rows' size (the performance issue's target:
// under 50 MB; the rows below are about 60 MB as JS objects).
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");

const ROWS = 1_000_000;
const MB = 1024 * 1024;

function makeDatabase() {
  const file = tmpPath("iterate.db");
  const db = new sqlite.DatabaseSync(file);
  db.exec(`CREATE TABLE rows (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, score REAL);
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${ROWS})
    INSERT INTO rows SELECT x, 'user ' || x, x % 90, x / 8.0 FROM c;`);
  db.close();
  return file;
}

/** Walks `iterator`, returning the rows seen, a checksum and the peak RSS growth. */
function walk(iterator, read) {
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  let rows = 0;
  let sum = 0;
  for (const row of iterator) {
    sum += read(row);
    if (++rows % 20000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  return { rows, sum, growth: Math.max(peak, process.memoryUsage.rss()) - baseline };
}

test("iterate() over 1,000,000 rows keeps RSS growth under 50 MB", () => {
  const db = new sqlite.DatabaseSync(makeDatabase(), { readOnly: true });
  try {
    const objects = walk(db.prepare("SELECT id, name, age, score FROM rows").iterate(), (r) => r.age);
    assert.equal(objects.rows, ROWS);
    assert.equal(objects.sum, db.prepare("SELECT sum(age) AS s FROM rows").get().s);
    assert.ok(objects.growth < 50 * MB, `RSS grew by ${(objects.growth / MB).toFixed(1)} MB`);

    const stmt = db.prepare("SELECT id, name, age, score FROM rows");
    stmt.setReturnArrays(true);
    const arrays = walk(stmt.iterate(), (r) => r[2]);
    assert.equal(arrays.rows, ROWS);
    assert.equal(arrays.sum, objects.sum);
    assert.ok(arrays.growth < 50 * MB, `RSS grew by ${(arrays.growth / MB).toFixed(1)} MB with returnArrays`);
  } finally {
    db.close();
  }
});
