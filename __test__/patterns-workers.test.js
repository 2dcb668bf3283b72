"use strict";
// The user guide /work/shared/spec/advanced-patterns.md, run as written where possible
// against a temporary directory. Deviations from the guide are marked "DEVIATION".
// This file: worker threads.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");
const { fromExample, exampleWorker, nextMessage } = require("./pattern-helpers");

const { DatabaseSync } = sqlite;

describe("worker threads", () => {
  /** worker-pool.js's orders and products, plus the guide's large_table. */
  function sharedDatabase() {
    const file = tmpPath("app.db");
    fromExample("worker-pool.js").createSampleDatabase(file);
    const db = new DatabaseSync(file);
    db.exec(`
      CREATE TABLE large_table(id INTEGER PRIMARY KEY, category TEXT);
      INSERT INTO large_table(category) VALUES ('electronics'), ('books'), ('electronics'), ('toys'), ('electronics');
    `);
    return { file, db };
  }

  test("a worker with its own connection answers a query by message (db-worker.js)", { timeout: 30000 }, async () => {
    const { file, db } = sharedDatabase();
    const worker1 = exampleWorker("db-worker.js", { workerData: { dbPath: file } });
    try {
      const reply = nextMessage(worker1);
      worker1.postMessage({
        sql: "SELECT COUNT(*) as count FROM large_table WHERE category = ?",
        params: ["electronics"],
      });
      // Rows come back structured-cloned: ordinary objects.
      assert.deepEqual(await reply, { success: true, result: [{ count: 3 }] });

      // Errors are reported with message and code.
      const failure = nextMessage(worker1);
      worker1.postMessage({ sql: "SELECT * FROM nope" });
      assert.deepEqual(await failure, { success: false, error: "no such table: nope", code: "ERR_SQLITE_ERROR" });

      // The worker writes to the shared file; the main thread sees it.
      const write = nextMessage(worker1);
      worker1.postMessage({ sql: "INSERT INTO large_table(category) VALUES (?)", params: ["electronics"] });
      assert.deepEqual(await write, { success: true, result: [] });
      assert.equal(db.prepare("SELECT COUNT(*) AS count FROM large_table WHERE category = ?").get("electronics").count, 4);
    } finally {
      await worker1.terminate();
      db.close();
    }
  });

  test("DatabaseWorkerPool with 2 workers answers concurrent queries", { timeout: 30000 }, async () => {
    const { file, db } = sharedDatabase();
    const { DatabaseWorkerPool } = fromExample("worker-pool.js");

    const pool = new DatabaseWorkerPool(file, 2);
    try {
      assert.equal(pool.workers.length, 2);
      const pending = Promise.all([
        pool.query("SELECT COUNT(*) FROM orders WHERE status = ?", ["pending"]),
        pool.query("SELECT SUM(total) FROM orders WHERE date > ?", ["2024-01-01"]),
        pool.query("SELECT * FROM products WHERE category = ?", ["electronics"]),
        pool.query("SELECT name FROM products ORDER BY name"),
        pool.query("SELECT COUNT(*) AS n FROM large_table"),
      ]);
      // Two requests are in flight, three wait in the queue.
      assert.equal(pool.busyWorkers.size, 2);
      assert.equal(pool.queue.length, 3);
      const results = await pending;
      assert.deepEqual(results, [
        [{ "COUNT(*)": 2 }],
        [{ "SUM(total)": 25 }],
        [
          { id: 1, name: "phone", category: "electronics" },
          { id: 3, name: "tv", category: "electronics" },
        ],
        [{ name: "novel" }, { name: "phone" }, { name: "tv" }],
        [{ n: 5 }],
      ]);
      assert.equal(pool.queue.length, 0);
      assert.equal(pool.busyWorkers.size, 0);
      await assert.rejects(pool.query("SELECT * FROM nope"), { name: "Error", message: "no such table: nope" });
    } finally {
      await pool.close();
      db.close();
    }
  });
});

// ---------------------------------------------------------------- backups
