"use strict";
// A connection pool: several connections to one file, lent out one at a time.
// All connections live on this thread and their calls are synchronous, so the
// pool helps when `fn` awaits something between queries; for parallel work on
// several cores, see worker-pool.js.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DatabaseSync } = require("@photostructure/sqlite");

class DatabasePool {
  constructor(dbPath, poolSize = 5) {
    this.dbPath = dbPath;
    this.connections = [];
    this.available = [];

    // Create pool
    for (let i = 0; i < poolSize; i++) {
      const conn = new DatabaseSync(dbPath);
      this.connections.push(conn);
      this.available.push(conn);
    }
  }

  acquire() {
    if (this.available.length === 0) {
      throw new Error("No connections available");
    }
    return this.available.pop();
  }

  release(conn) {
    if (!this.connections.includes(conn)) {
      throw new Error("Connection not from this pool");
    }
    this.available.push(conn);
  }

  async withConnection(fn) {
    const conn = this.acquire();
    try {
      return await fn(conn);
    } finally {
      this.release(conn);
    }
  }

  close() {
    for (const conn of this.connections) {
      conn.close();
    }
  }
}

/** Creates the sample database the usage below (and the tests) query: users, orders, products. */
function createSampleDatabase(dbPath) {
  const setup = new DatabaseSync(dbPath);
  setup.exec(`
    CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ann'), (2, 'bob');
    CREATE TABLE orders(id INTEGER PRIMARY KEY, user_id INTEGER); INSERT INTO orders VALUES (10, 1);
    CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT);
  `);
  setup.close();
}

module.exports = { DatabasePool, createSampleDatabase };

async function main(dir) {
  const dbPath = path.join(dir, "app.db");
  createSampleDatabase(dbPath);

  // Usage
  const pool = new DatabasePool(dbPath, 10);
  try {
    // Execute queries using pool
    const results = await Promise.all([
      pool.withConnection((db) => db.prepare("SELECT * FROM users").all()),
      pool.withConnection((db) => db.prepare("SELECT * FROM orders").all()),
      pool.withConnection((db) => db.prepare("SELECT * FROM products").all()),
    ]);
    console.log("Rows per table:", results.map((rows) => rows.length).join(", "));
    assert.deepEqual(results.map((rows) => rows.length), [2, 1, 0]);

    // A write through one connection is visible through the others.
    await pool.withConnection((db) => db.exec("INSERT INTO products(name) VALUES ('pen')"));
    const counts = pool.connections.map((conn) => conn.prepare("SELECT count(*) AS n FROM products").get().n);
    console.log("Products seen by each connection:", counts.join(" "));
    assert.ok(counts.every((n) => n === 1));
    console.log("Available after use:", pool.available.length);
    assert.equal(pool.available.length, 10);
  } finally {
    pool.close();
  }
}

if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
  main(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
