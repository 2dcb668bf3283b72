"use strict";
// Worker threads: two workers, each with its own connection to the same file,
// answer queries sent by message. The worker code is in db-worker.js.
const assert = require("node:assert/strict");
const { once } = require("node:events");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { DatabaseSync } = require("@photostructure/sqlite");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
const dbPath = path.join(dir, "app.db");

async function main() {
  // Some data for the workers to read.
  const db = new DatabaseSync(dbPath);
  db.exec(`
    CREATE TABLE large_table(id INTEGER PRIMARY KEY, category TEXT);
    INSERT INTO large_table(category) VALUES ('electronics'), ('books'), ('electronics'), ('toys');
  `);
  db.close();

  // Create multiple workers for parallel database operations
  const worker1 = new Worker(path.join(__dirname, "db-worker.js"), { workerData: { dbPath } });
  const worker2 = new Worker(path.join(__dirname, "db-worker.js"), { workerData: { dbPath } });
  try {
    // Send queries to workers
    worker1.postMessage({
      sql: "SELECT COUNT(*) as count FROM large_table WHERE category = ?",
      params: ["electronics"],
    });
    worker2.postMessage({ sql: "SELECT COUNT(*) as count FROM large_table" });

    // Guide fix: wait for the replies; the guide terminates the workers before they can answer.
    const [[result1], [result2]] = await Promise.all([once(worker1, "message"), once(worker2, "message")]);
    console.log("Worker 1 result:", result1);
    console.log("Worker 2 result:", result2);
    assert.deepEqual(result1, { success: true, result: [{ count: 2 }] });
    assert.deepEqual(result2, { success: true, result: [{ count: 4 }] });

    // SQL errors come back as messages, with the error code.
    worker1.postMessage({ sql: "SELECT * FROM missing_table" });
    const [failure] = await once(worker1, "message");
    console.log("Worker 1 error:", failure.code, failure.error);
    assert.equal(failure.success, false);
  } finally {
    // Clean up
    await Promise.all([worker1.terminate(), worker2.terminate()]);
  }
}

main().finally(() => fs.rmSync(dir, { recursive: true, force: true }));
