"use strict";
// The user guide /work/shared/spec/advanced-patterns.md, run as written where possible
// against a temporary directory. Deviations from the guide are marked "DEVIATION".
// This file: bulk insert with BEGIN IMMEDIATE; `console` is a local stub.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");
const { ADDON_ONLY, row, recorder } = require("./pattern-helpers");

const { DatabaseSync } = sqlite;

describe("bulk insert with BEGIN IMMEDIATE", () => {
  const SCHEMA = "CREATE TABLE measurements(id INTEGER PRIMARY KEY, timestamp INTEGER, sensor_id INTEGER, value REAL NOT NULL)";
  const makeData = (length) =>
    Array.from({ length }, (_, i) => ({
      timestamp: Date.now() + i,
      sensorId: Math.floor(Math.random() * 100),
      value: Math.random() * 100,
    }));

  function checkInserted(db, data) {
    const stats = db.prepare("SELECT count(*) AS n, sum(sensor_id) AS s FROM measurements").get();
    assert.equal(stats.n, data.length);
    assert.equal(stats.s, data.reduce((acc, r) => acc + r.sensorId, 0));
    const pick = db.prepare("SELECT timestamp, sensor_id, value FROM measurements WHERE id = ?");
    for (const i of [0, 1, 4999, data.length - 1]) {
      const r = data[i];
      assert.deepEqual(pick.get(i + 1), row({ timestamp: r.timestamp, sensor_id: r.sensorId, value: r.value }));
    }
  }

  // The guide's function calls stmt.finalize(); `finish` selects close() under node.
  function makeBulkInsert(console, finish) {
    return function bulkInsert(db, data) {
      db.exec("BEGIN IMMEDIATE");

      try {
        const stmt = db.prepare("INSERT INTO measurements (timestamp, sensor_id, value) VALUES (?, ?, ?)");

        for (const record of data) {
          stmt.run(record.timestamp, record.sensorId, record.value);
        }

        finish(stmt);
        db.exec("COMMIT");

        console.log(`Inserted ${data.length} records`);
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    };
  }

  test("100,000 rows (node-compatible version calling stmt.close())", () => {
    const { console, lines } = recorder();
    const bulkInsert = makeBulkInsert(console, (stmt) => stmt.close());
    const db = new DatabaseSync(tmpPath("large.db"));
    db.exec(SCHEMA);
    const data = makeData(100000);
    bulkInsert(db, data);
    assert.deepEqual(lines, ["Inserted 100000 records"]);
    assert.equal(db.isTransaction, false);
    checkInserted(db, data);
    db.close();
  });

  test("a failing record rolls the whole batch back", () => {
    const { console, lines } = recorder();
    const bulkInsert = makeBulkInsert(console, (stmt) => stmt.close());
    const db = new DatabaseSync(tmpPath("large.db"));
    db.exec(SCHEMA);
    const data = makeData(1000);
    data[500].value = null; // violates NOT NULL
    assert.throws(() => bulkInsert(db, data), (e) => {
      assert.equal(e.code, "ERR_SQLITE_ERROR");
      assert.equal(e.message, "NOT NULL constraint failed: measurements.value");
      assert.equal(e.errcode, 1299);
      return true;
    });
    assert.deepEqual(lines, []);
    assert.equal(db.isTransaction, false);
    assert.equal(db.prepare("SELECT count(*) AS n FROM measurements").get().n, 0);
    db.close();
  });

  test("100,000 rows as written, with stmt.finalize()", { skip: ADDON_ONLY }, () => {
    const { console, lines } = recorder();
    let finalized;
    const bulkInsert = makeBulkInsert(console, (stmt) => {
      finalized = stmt;
      stmt.finalize();
    });
    const db = new DatabaseSync(tmpPath("large.db"));
    db.exec(SCHEMA);
    const data = makeData(100000);
    bulkInsert(db, data);
    assert.deepEqual(lines, ["Inserted 100000 records"]);
    checkInserted(db, data);
    // finalize() is an alias of close().
    assert.throws(() => finalized.run(1, 2, 3), { code: "ERR_INVALID_STATE", message: "statement has been finalized" });
    db.close();
  });
});
