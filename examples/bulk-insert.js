"use strict";
// Bulk inserts: one prepared statement, many runs, one IMMEDIATE transaction
// (rolled back as a whole if any row fails).
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DatabaseSync } = require("@photostructure/sqlite");

// Efficient bulk insert
function bulkInsert(db, data) {
  db.exec("BEGIN IMMEDIATE");

  try {
    const stmt = db.prepare("INSERT INTO measurements (timestamp, sensor_id, value) VALUES (?, ?, ?)");

    for (const record of data) {
      stmt.run(record.timestamp, record.sensorId, record.value);
    }

    stmt.finalize(); // an alias of stmt.close() (an extra: node:sqlite has only close())
    db.exec("COMMIT");

    console.log(`Inserted ${data.length} records`);
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
try {
  const db = new DatabaseSync(path.join(dir, "sensors.db"));
  db.exec("CREATE TABLE measurements(timestamp INTEGER, sensor_id INTEGER, value REAL NOT NULL)");
  const count = () => db.prepare("SELECT count(*) AS n FROM measurements").get().n;

  // Usage with performance timing
  const data = Array.from({ length: 100000 }, (_, i) => ({
    timestamp: Date.now() + i,
    sensorId: Math.floor(Math.random() * 100),
    value: Math.random() * 100,
  }));

  const start = Date.now();
  bulkInsert(db, data);
  const duration = Math.max(Date.now() - start, 1); // Guide fix: at least 1 ms, so the rate below never divides by 0

  console.log(`Bulk insert completed in ${duration}ms`);
  console.log(`Rate: ${((data.length / duration) * 1000).toFixed(0)} records/second`);
  assert.equal(count(), 100000);

  // One bad record (value is NOT NULL) rolls the whole batch back.
  const batch = data.slice(0, 1000).map((r) => ({ ...r }));
  batch[500].value = null;
  try {
    bulkInsert(db, batch);
    assert.fail("the batch should have failed");
  } catch (error) {
    console.log(`Batch rolled back: ${error.message}; still ${count()} records`);
    assert.equal(count(), 100000);
    assert.equal(db.isTransaction, false);
  }

  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
