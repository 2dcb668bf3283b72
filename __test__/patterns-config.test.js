"use strict";
// The user guide /work/shared/spec/advanced-patterns.md, run as written where possible
// against a temporary directory. Deviations from the guide are marked "DEVIATION".
// This file: configuration (URI filenames, pragmas, connection pool).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");
const { fromExample, all, row } = require("./pattern-helpers");

const { DatabaseSync } = sqlite;

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
    const { DatabasePool, createSampleDatabase } = fromExample("connection-pool.js");

    const file = tmpPath("app.db");
    createSampleDatabase(file);

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
