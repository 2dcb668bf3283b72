"use strict";
// A pool of worker threads, each with its own connection; queries queue until
// a worker is free and resolve with the rows.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { DatabaseSync } = require("@photostructure/sqlite");

// Guide fix: an eval worker resolves require() from the current directory, not
// from this file, so the worker is given the package's resolved path.
const SQLITE_MODULE = require.resolve("@photostructure/sqlite");

class DatabaseWorkerPool {
  constructor(dbPath, poolSize = os.cpus().length) {
    this.dbPath = dbPath;
    this.workers = [];
    this.queue = [];
    this.busyWorkers = new Set();

    // Create worker pool
    for (let i = 0; i < poolSize; i++) {
      this.createWorker();
    }
  }

  createWorker() {
    // Guide fix: JSON.stringify quotes the paths safely (e.g. Windows backslashes).
    const worker = new Worker(
      `
    const { parentPort } = require('worker_threads');
    const { DatabaseSync } = require(${JSON.stringify(SQLITE_MODULE)});

    const db = new DatabaseSync(${JSON.stringify(this.dbPath)});

    parentPort.on('message', ({ id, sql, params }) => {
      try {
        const stmt = db.prepare(sql);
        const result = stmt.all(...(params || []));
        // finalize() is an addon alias of close(); node:sqlite has only close().
        (stmt.finalize ?? stmt.close).call(stmt);
        parentPort.postMessage({ id, success: true, result });
      } catch (error) {
        parentPort.postMessage({ id, success: false, error: error.message });
      }
    });
    `,
      { eval: true },
    );

    worker.on("message", (message) => {
      this.busyWorkers.delete(worker);
      this.processQueue();
    });

    this.workers.push(worker);
  }

  async query(sql, params) {
    return new Promise((resolve, reject) => {
      const request = { sql, params, resolve, reject };
      this.queue.push(request);
      this.processQueue();
    });
  }

  processQueue() {
    if (this.queue.length === 0) return;

    const availableWorker = this.workers.find((w) => !this.busyWorkers.has(w));
    if (!availableWorker) return;

    const { sql, params, resolve, reject } = this.queue.shift();
    const id = Math.random().toString(36);

    this.busyWorkers.add(availableWorker);

    const handler = (message) => {
      if (message.id !== id) return;

      availableWorker.off("message", handler);

      if (message.success) {
        resolve(message.result);
      } else {
        reject(new Error(message.error));
      }
    };

    availableWorker.on("message", handler);
    availableWorker.postMessage({ id, sql, params });
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Creates the sample database the usage below (and the tests) query: orders, products. */
function createSampleDatabase(dbPath) {
  const db = new DatabaseSync(dbPath);
  db.exec(`
    CREATE TABLE orders(id INTEGER PRIMARY KEY, status TEXT, total REAL, date TEXT);
    INSERT INTO orders(status, total, date) VALUES
      ('pending', 10.5, '2023-12-31'), ('shipped', 20, '2024-02-01'), ('pending', 5, '2024-03-01');
    CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT, category TEXT);
    INSERT INTO products(name, category) VALUES ('phone', 'electronics'), ('novel', 'books'), ('tv', 'electronics');
  `);
  db.close();
}

module.exports = { DatabaseWorkerPool, createSampleDatabase };

async function main(dir) {
  const dbPath = path.join(dir, "app.db");
  createSampleDatabase(dbPath);

  // Usage
  const pool = new DatabaseWorkerPool(dbPath, 2);
  try {
    // Execute queries in parallel: two run at once, the third waits for a free worker.
    const results = await Promise.all([
      pool.query("SELECT COUNT(*) FROM orders WHERE status = ?", ["pending"]),
      pool.query("SELECT SUM(total) FROM orders WHERE date > ?", ["2024-01-01"]),
      pool.query("SELECT * FROM products WHERE category = ?", ["electronics"]),
    ]);
    console.log("Pending orders:", results[0][0]["COUNT(*)"]);
    console.log("Total since 2024:", results[1][0]["SUM(total)"]);
    console.log("Electronics:", results[2].map((p) => p.name).join(", "));
    assert.deepEqual(results[2], [
      { id: 1, name: "phone", category: "electronics" },
      { id: 3, name: "tv", category: "electronics" },
    ]);

    // A failing query rejects its promise.
    await assert.rejects(pool.query("SELECT * FROM missing_table"), { message: "no such table: missing_table" });
    console.log("Failed query rejected: no such table: missing_table");
  } finally {
    await pool.close();
  }
}

if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
  main(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
