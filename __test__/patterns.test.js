"use strict";
// The user guide /work/shared/spec/advanced-patterns.md, run as written where
// possible against a temporary directory. `console` (and `process` for the
// progress bar) are replaced by local stubs so the output can be checked.
// Deviations from the guide are marked "DEVIATION".
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { sqlite, isNode, tmpPath, addonPath } = require("./common");

const { DatabaseSync } = sqlite;

const ADDON_ONLY = isNode && "uses an addon extra that node:sqlite lacks";

/** A class from examples/, where the guide's code lives; under SQLITE_IMPL=node the example's
 *  require("@photostructure/sqlite") is redirected to node:sqlite, as examples.test.js does. */
function fromExample(name) {
  if (isNode) require("./use-node-sqlite.js");
  return require(path.join("..", "examples", name));
}

const all = (db, sql) => db.prepare(sql).all();
const row = (obj) => ({ __proto__: null, ...obj });

/** A console stand-in that records lines. */
function recorder() {
  const lines = [];
  return {
    lines,
    console: {
      log: (...args) => lines.push(args.join(" ")),
      error: (...args) => lines.push(`error: ${args.join(" ")}`),
    },
  };
}

/** The module specifier a worker must use: the package name may not resolve from eval workers. */
const WORKER_REQUIRE = `require(process.env.SQLITE_IMPL === "node" ? "node:sqlite" : ${JSON.stringify(addonPath)})`;
// DEVIATION: the guide's workers call stmt.finalize(), an addon alias of close()
// that node:sqlite lacks; under node the workers call close() instead.
const WORKER_FINALIZE = `(process.env.SQLITE_IMPL === "node" ? "close" : "finalize")`;

function nextMessage(worker) {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    worker.once("error", onError);
    worker.once("message", (m) => {
      worker.off("error", onError);
      resolve(m);
    });
  });
}

// ---------------------------------------------------------------- worker threads

describe("worker threads", () => {
  function sharedDatabase() {
    const file = tmpPath("app.db");
    const db = new DatabaseSync(file);
    db.exec(`
      CREATE TABLE large_table(id INTEGER PRIMARY KEY, category TEXT);
      INSERT INTO large_table(category) VALUES ('electronics'), ('books'), ('electronics'), ('toys'), ('electronics');
      CREATE TABLE orders(id INTEGER PRIMARY KEY, status TEXT, total REAL, date TEXT);
      INSERT INTO orders(status, total, date) VALUES
        ('pending', 10.5, '2023-12-31'), ('shipped', 20, '2024-02-01'), ('pending', 5, '2024-03-01');
      CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT, category TEXT);
      INSERT INTO products(name, category) VALUES ('phone', 'electronics'), ('novel', 'books'), ('tv', 'electronics');
    `);
    return { file, db };
  }

  test("a worker with its own connection answers a query by message (db-worker.js)", { timeout: 30000 }, async () => {
    const { file, db } = sharedDatabase();
    // db-worker.js from the guide, as an eval worker.
    const source = `
      const { parentPort } = require("worker_threads");
      const { DatabaseSync } = ${WORKER_REQUIRE};

      // Each worker creates its own database connection
      const db = new DatabaseSync(${JSON.stringify(file)});

      parentPort.on("message", ({ sql, params }) => {
        try {
          const stmt = db.prepare(sql);
          const result = stmt.all(...(params || []));
          stmt[${WORKER_FINALIZE}]();
          parentPort.postMessage({ success: true, result });
        } catch (error) {
          parentPort.postMessage({
            success: false,
            error: error.message,
            code: error.code,
          });
        }
      });

      // Cleanup on exit
      process.on("exit", () => {
        db.close();
      });
    `;
    const worker1 = new Worker(source, { eval: true });
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

    class DatabaseWorkerPool {
      constructor(dbPath, poolSize = require("os").cpus().length) {
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
        // DEVIATION: the require line and finalize() (see WORKER_REQUIRE / WORKER_FINALIZE).
        const worker = new Worker(
          `
    const { parentPort } = require('worker_threads');
    const { DatabaseSync } = ${WORKER_REQUIRE};

    const db = new DatabaseSync('${this.dbPath}');

    parentPort.on('message', ({ id, sql, params }) => {
      try {
        const stmt = db.prepare(sql);
        const result = stmt.all(...(params || []));
        stmt[${WORKER_FINALIZE}]();
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

describe("backups with db.backup()", { skip: ADDON_ONLY }, () => {
  function sourceDatabase(rows = 10) {
    const file = tmpPath("production.db");
    const db = new DatabaseSync(file);
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, x)");
    db.prepare(
      "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) INSERT INTO t(x) SELECT randomblob(3000) FROM c",
    ).run(rows);
    const pages = db.prepare("PRAGMA page_count").get().page_count;
    db.close();
    return { file, pages };
  }
  function checkCopy(file, rows) {
    const copy = new DatabaseSync(file);
    assert.equal(copy.prepare("PRAGMA integrity_check").get().integrity_check, "ok");
    assert.equal(copy.prepare("SELECT count(*) AS n FROM t").get().n, rows);
    copy.close();
  }

  test("backupDatabase", async () => {
    const { console, lines } = recorder();
    async function backupDatabase(sourcePath, backupPath) {
      const db = new DatabaseSync(sourcePath);

      try {
        await db.backup(backupPath);
        console.log("Backup completed successfully");
      } catch (error) {
        console.error("Backup failed:", error.message);
      } finally {
        db.close();
      }
    }

    const { file } = sourceDatabase();
    const target = path.join(path.dirname(file), "backup-2024-01-15.db");
    assert.equal(await backupDatabase(file, target), undefined);
    assert.deepEqual(lines, ["Backup completed successfully"]);
    checkCopy(target, 10);

    // A failing backup is logged, not thrown.
    lines.length = 0;
    await backupDatabase(file, path.join(path.dirname(file), "missing", "x.db"));
    assert.deepEqual(lines, ["error: Backup failed: unable to open database file"]);
  });

  test("backupWithProgress", async () => {
    const { console, lines } = recorder();
    const writes = [];
    const process = { stdout: { write: (s) => writes.push(s) } };
    async function backupWithProgress(sourcePath, backupPath) {
      const db = new DatabaseSync(sourcePath);

      console.log(`Starting backup of ${sourcePath}...`);

      await db.backup(backupPath, {
        rate: 100, // Pages per iteration
        progress: ({ totalPages, remainingPages }) => {
          const completed = totalPages - remainingPages;
          const percent = ((completed / totalPages) * 100).toFixed(1);
          const progressBar = "=".repeat(Math.floor(percent / 2)).padEnd(50);

          process.stdout.write(`\r[${progressBar}] ${percent}%`);
        },
      });

      console.log("\nBackup completed!");
      db.close();
    }

    const { file, pages } = sourceDatabase(250);
    assert.ok(pages > 200, `${pages} pages`);
    const target = tmpPath("progress.db");
    await backupWithProgress(file, target);
    assert.deepEqual(lines, [`Starting backup of ${file}...`, "\nBackup completed!"]);
    const expected = [];
    for (let remaining = pages - 100; remaining > 0; remaining -= 100) {
      const percent = (((pages - remaining) / pages) * 100).toFixed(1);
      expected.push(`\r[${"=".repeat(Math.floor(percent / 2)).padEnd(50)}] ${percent}%`);
    }
    assert.deepEqual(writes, expected);
    checkCopy(target, 250);
  });

  test("DatabaseBackupManager.createBackup and cleanOldBackups", async (t) => {
    const fs = require("fs").promises;
    const { DatabaseBackupManager } = fromExample("backup-manager.js");
    const lines = [];
    // The example logs to the global console; t.mock restores it when the test ends.
    t.mock.method(console, "log", (...args) => lines.push(args.join(" ")));

    const { file } = sourceDatabase();
    const backupDir = path.join(path.dirname(file), "backups");
    // Older backups (and an unrelated file) already in the directory.
    await fs.mkdir(backupDir);
    const old = [1, 2, 3, 4, 5].map((d) => `backup-2020-01-0${d}T00-00-00.db`);
    for (const name of [...old, "notes.txt"]) await fs.writeFile(path.join(backupDir, name), "old");

    const manager = new DatabaseBackupManager(file, backupDir, { maxBackups: 3 });
    assert.equal(manager.backupInterval, 24 * 60 * 60 * 1000);
    const created = await manager.createBackup();
    const name = path.basename(created);
    assert.match(name, /^backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.db$/);
    checkCopy(created, 10);
    assert.deepEqual(lines, [
      `Backup created: ${name}`,
      "Removed old backup: backup-2020-01-03T00-00-00.db",
      "Removed old backup: backup-2020-01-02T00-00-00.db",
      "Removed old backup: backup-2020-01-01T00-00-00.db",
    ]);
    assert.deepEqual((await fs.readdir(backupDir)).sort(), [old[3], old[4], name, "notes.txt"].sort());
  });
});

// ---------------------------------------------------------------- sessions

describe("sessions and changesets", () => {
  // Replicating a session's changeset (applyChangeset returns a boolean) and
  // onConflict (its argument is a number) are asserted by examples/session-sync.js
  // and examples/conflict-handling.js, run by examples.test.js on node:sqlite too.

  test("UndoRedoManager: undo and redo", { skip: ADDON_ONLY }, () => {
    const { UndoRedoManager } = fromExample("undo-redo.js");

    const db = new DatabaseSync(tmpPath("document.db"));
    db.exec("CREATE TABLE document(id INTEGER PRIMARY KEY, content TEXT); INSERT INTO document VALUES (1, 'Original')");
    const docs = () => all(db, "SELECT * FROM document ORDER BY id");
    const original = [row({ id: 1, content: "Original" })];
    const afterUpdate = [row({ id: 1, content: "New content" })];
    const afterInsert = [...afterUpdate, row({ id: 2, content: "Another document" })];

    const undoRedo = new UndoRedoManager(db);
    assert.equal(undoRedo.undo(), false);
    assert.equal(undoRedo.redo(), false);

    // Track a change
    undoRedo.startTracking();
    db.prepare("UPDATE document SET content = ? WHERE id = ?").run("New content", 1);
    undoRedo.endTracking("Update document content");
    assert.deepEqual(docs(), afterUpdate);

    // Track another change
    undoRedo.startTracking();
    db.prepare("INSERT INTO document (content) VALUES (?)").run("Another document");
    undoRedo.endTracking("Add new document");
    assert.deepEqual(docs(), afterInsert);
    assert.deepEqual(undoRedo.getHistory(), { undo: ["Update document content", "Add new document"], redo: [] });

    // Undo last change
    assert.equal(undoRedo.undo(), true);
    assert.deepEqual(docs(), afterUpdate);
    assert.deepEqual(undoRedo.getHistory(), { undo: ["Update document content"], redo: ["Add new document"] });

    // Redo
    assert.equal(undoRedo.redo(), true);
    assert.deepEqual(docs(), afterInsert);

    // Undo everything, then redo everything.
    assert.equal(undoRedo.undo(), true);
    assert.equal(undoRedo.undo(), true);
    assert.deepEqual(docs(), original);
    assert.equal(undoRedo.undo(), false);
    assert.deepEqual(undoRedo.getHistory(), { undo: [], redo: ["Add new document", "Update document content"] });
    assert.equal(undoRedo.redo(), true);
    assert.equal(undoRedo.redo(), true);
    assert.deepEqual(docs(), afterInsert);

    // A tracked period without changes records nothing; a new change clears redo.
    undoRedo.startTracking();
    undoRedo.endTracking("nothing");
    assert.equal(undoRedo.undoStack.length, 2);
    undoRedo.undo();
    undoRedo.startTracking();
    db.exec("DELETE FROM document WHERE id = 1");
    undoRedo.endTracking("Delete first document");
    assert.deepEqual(undoRedo.getHistory(), { undo: ["Update document content", "Delete first document"], redo: [] });
    assert.deepEqual(docs(), []);
    undoRedo.undo();
    assert.deepEqual(docs(), afterUpdate);
    db.close();
  });
});

// ---------------------------------------------------------------- configuration

describe("configuration", () => {
  test("URI filename: file:...?mode=ro&immutable=1&nolock=1 opens read-only", () => {
    const ref = tmpPath("reference.db");
    const setup = new DatabaseSync(ref);
    setup.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('ref')");
    setup.close();

    // High-performance read-only configuration
    const readOnlyDb = new DatabaseSync(`file:${ref}?mode=ro&immutable=1&nolock=1`);
    assert.deepEqual(all(readOnlyDb, "SELECT * FROM t"), [row({ x: "ref" })]);
    assert.equal(readOnlyDb.location(), ref);
    assert.throws(() => readOnlyDb.exec("INSERT INTO t VALUES ('no')"), (e) => {
      assert.equal(Object.getPrototypeOf(e), Error.prototype);
      assert.equal(e.code, "ERR_SQLITE_ERROR");
      assert.equal(e.message, "attempt to write a readonly database");
      assert.equal(e.errcode, 8);
      assert.equal(e.errstr, "attempt to write a readonly database");
      return true;
    });
    readOnlyDb.close();
  });

  test("URI filename: mode=ro on a missing file fails to open", () => {
    const missing = tmpPath("missing.db");
    assert.throws(() => new DatabaseSync(`file:${missing}?mode=ro`), (e) => {
      assert.equal(e.code, "ERR_SQLITE_ERROR");
      assert.equal(e.errcode, 14);
      assert.equal(e.errstr, "unable to open database file");
      return true;
    });
  });

  test("URI filename: file:...?mode=rwc&cache=private&psow=0 creates the database", () => {
    const file = tmpPath("data.db");
    // Optimized for write-heavy workloads
    const writeDb = new DatabaseSync(`file:${file}?mode=rwc&cache=private&psow=0`);
    writeDb.exec("CREATE TABLE d(x); INSERT INTO d VALUES (1)");
    assert.equal(writeDb.location(), file);
    writeDb.close();
    const check = new DatabaseSync(file);
    assert.deepEqual(all(check, "SELECT * FROM d"), [row({ x: 1 })]);
    check.close();
  });

  test("pragmas: mmap_size, cache_size, temp_store; unknown pragmas are silently ignored", () => {
    // Memory-mapped I/O for large databases
    const large = new DatabaseSync(tmpPath("large.db"));
    large.exec("PRAGMA mmap_size = 268435456"); // 256MB memory map
    assert.deepEqual(large.prepare("PRAGMA mmap_size").get(), row({ mmap_size: 268435456 }));
    large.close();

    const db = new DatabaseSync(tmpPath("app.db"));
    // Set cache size (negative value = KB, positive = pages)
    db.exec("PRAGMA cache_size = -64000"); // 64MB cache
    assert.deepEqual(db.prepare("PRAGMA cache_size").get(), row({ cache_size: -64000 }));

    // Set memory limit for temp storage
    db.exec("PRAGMA temp_store = MEMORY");
    assert.deepEqual(db.prepare("PRAGMA temp_store").get(), row({ temp_store: 2 }));
    // temp_store_max_size is not an SQLite pragma: accepted and ignored.
    db.exec("PRAGMA temp_store_max_size = 67108864"); // 64MB
    assert.deepEqual(all(db, "PRAGMA temp_store_max_size"), []);

    // Monitor memory usage: cache_stats is not an SQLite pragma either, so the
    // guide's statement returns no row.
    const memoryUsed = db.prepare("PRAGMA cache_stats").get();
    assert.equal(memoryUsed, undefined);
    assert.deepEqual(all(db, "PRAGMA cache_stats"), []);
    assert.deepEqual(db.prepare("PRAGMA cache_stats").columns(), []);
    db.close();
  });

  test("DatabasePool.withConnection", async () => {
    const { DatabasePool } = fromExample("connection-pool.js");

    const file = tmpPath("app.db");
    const setup = new DatabaseSync(file);
    setup.exec(`
      CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ann'), (2, 'bob');
      CREATE TABLE orders(id INTEGER PRIMARY KEY, user_id INTEGER); INSERT INTO orders VALUES (10, 1);
      CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT);
    `);
    setup.close();

    const pool = new DatabasePool(file, 10);
    const results = await Promise.all([
      pool.withConnection((db) => db.prepare("SELECT * FROM users").all()),
      pool.withConnection((db) => db.prepare("SELECT * FROM orders").all()),
      pool.withConnection((db) => db.prepare("SELECT * FROM products").all()),
    ]);
    assert.deepEqual(results, [
      [row({ id: 1, name: "ann" }), row({ id: 2, name: "bob" })],
      [row({ id: 10, user_id: 1 })],
      [],
    ]);
    assert.equal(pool.available.length, 10);

    // A write through one pooled connection is seen by the others.
    await pool.withConnection((db) => db.exec("INSERT INTO products VALUES (1, 'pen')"));
    const counts = await Promise.all(
      pool.connections.map((conn) => pool.withConnection(() => conn.prepare("SELECT count(*) AS n FROM products").get().n)),
    );
    assert.deepEqual(counts, new Array(10).fill(1));

    // Errors from fn propagate and the connection is released.
    await assert.rejects(
      pool.withConnection((db) => db.prepare("SELECT * FROM nope").all()),
      { code: "ERR_SQLITE_ERROR", message: "no such table: nope" },
    );
    assert.equal(pool.available.length, 10);
    assert.throws(() => pool.release(new DatabaseSync(":memory:")), { message: "Connection not from this pool" });
    pool.close();
    assert.ok(pool.connections.every((c) => c.isOpen === false));

    // An exhausted pool.
    const small = new DatabasePool(file, 1);
    let release;
    const first = small.withConnection(() => new Promise((resolve) => { release = resolve; }));
    await assert.rejects(small.withConnection(() => 1), { message: "No connections available" });
    release("done");
    assert.equal(await first, "done");
    assert.equal(await small.withConnection((db) => db.prepare("SELECT 7 AS n").get().n), 7);
    small.close();
  });
});

// ---------------------------------------------------------------- bulk insert

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
