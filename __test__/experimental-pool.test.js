"use strict";
// @photostructure/sqlite/experimental's DatabasePool (api.md §1.8): async
// run/get/all/batch on a fixed set of connections, off the JS thread. An
// addon extra: node:sqlite has no async API, so SQLITE_IMPL=node skips it.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { Worker } = require("node:worker_threads");
const { isNode, tmpPath, rejectsSqlite, checkError } = require("./common");

const SKIP = isNode && "addon extra, not in node:sqlite";
const { DatabasePool } = SKIP ? {} : require("../experimental");

/** A query that keeps one connection busy for a while (a few hundred ms). */
const SLOW = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) SELECT count(*) AS n FROM c";

const rejectsWith = (promise, proto, code, message) => assert.rejects(promise, (e) => checkError(e, proto, code, message));

/** Opens a pool that is closed when test `t` ends. */
async function openFor(t, location, options) {
  const pool = await DatabasePool.open(location, options);
  t.after(() => pool.close());
  return pool;
}

/** A pool over a fresh file database with table t(id INTEGER PRIMARY KEY, v). */
async function filePool(options = {}) {
  const path = tmpPath();
  const pool = await DatabasePool.open(path, {
    connections: 2,
    connectionSetup: [{ sql: "PRAGMA journal_mode=WAL" }, { sql: "PRAGMA busy_timeout=5000" }],
    ...options,
  });
  await pool.run("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
  return { pool, path };
}

describe("DatabasePool: results", { skip: SKIP }, () => {
  test("run, get and all resolve with node:sqlite's value rules", async (t) => {
    const pool = await openFor(t, ":memory:");
    assert.deepEqual(await pool.run("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"), { changes: 0 });
    const inserted = await pool.run("INSERT INTO t(v) VALUES (?), (?), (?)", [1.5, "text", null]);
    assert.deepEqual(inserted, { changes: 3 });
    assert.equal(Object.getPrototypeOf(inserted), Object.prototype);
    const row = await pool.get("SELECT id, v FROM t WHERE id = ?", [2n]);
    assert.equal(Object.getPrototypeOf(row), null);
    assert.deepEqual({ ...row }, { id: 2, v: "text" });
    assert.equal(await pool.get("SELECT * FROM t WHERE id = 99"), undefined);
    const rows = await pool.all("SELECT v FROM t ORDER BY id");
    assert.deepEqual(
      rows.map((r) => r.v),
      [1.5, "text", null],
    );
    assert.deepEqual(await pool.all("SELECT * FROM t WHERE id > 99"), []);
    // A number binds as REAL, as in node:sqlite.
    assert.equal((await pool.get("SELECT typeof(?) AS t", [1])).t, "real");
    assert.equal((await pool.get("SELECT typeof(?) AS t", [1n])).t, "integer");
  });

  test("named parameters with and without their prefix", async (t) => {
    const pool = await openFor(t, ":memory:");
    const row = await pool.get("SELECT :a AS a, $b AS b, @c AS c", { a: 1, $b: "two", c: null });
    assert.deepEqual({ ...row }, { a: 1, b: "two", c: null });
    // Positional values skip named parameters.
    const mixed = await pool.get("SELECT ? AS x, ?2 AS y", ["first", "second"]);
    assert.deepEqual({ ...mixed }, { x: "first", y: "second" });
  });

  test("BLOBs: a view's own bytes are copied when the call is made", async (t) => {
    const pool = await openFor(t, ":memory:");
    const backing = new Uint8Array([9, 1, 2, 3, 9]);
    const view = new Uint8Array(backing.buffer, 1, 3);
    const pending = pool.get("SELECT ? AS b, length(?) AS n", [view, new DataView(backing.buffer, 0, 2)]);
    backing.fill(0);
    const row = await pending;
    assert.ok(row.b instanceof Uint8Array);
    assert.deepEqual([...row.b], [1, 2, 3]);
    assert.equal(row.n, 2);
    const empty = await pool.get("SELECT ? AS b", [new Uint8Array(0)]);
    assert.deepEqual([...empty.b], []);
  });

  test("readBigInts and returnArrays", async (t) => {
    const pool = await openFor(t, ":memory:", { readBigInts: true, returnArrays: true });
    assert.deepEqual(await pool.run("CREATE TABLE t(a)"), { changes: 0n });
    assert.deepEqual(await pool.run("INSERT INTO t VALUES (1), (2)"), { changes: 2n });
    // Arrays keep every column of duplicate names.
    assert.deepEqual(await pool.all("SELECT 1 AS x, 2 AS x, 9007199254740993 AS y"), [[1n, 2n, 9007199254740993n]]);
    assert.deepEqual(await pool.get("SELECT 1.5, 'a', NULL"), [1.5, "a", null]);
  });

  test("an integer beyond the safe range rejects without readBigInts", async (t) => {
    const pool = await openFor(t, ":memory:");
    await rejectsWith(
      pool.get("SELECT 9007199254740993 AS big"),
      RangeError.prototype,
      "ERR_OUT_OF_RANGE",
      "Value is too large to be represented as a JavaScript number: 9007199254740993",
    );
    assert.deepEqual({ ...(await pool.get("SELECT 9007199254740991 AS ok")) }, { ok: 9007199254740991 });
  });

  test("a large result keeps every row", async (t) => {
    const pool = await openFor(t, ":memory:");
    const rows = await pool.all(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000) SELECT x, x * 2 AS y FROM c",
    );
    assert.equal(rows.length, 30000);
    assert.deepEqual({ ...rows[29999] }, { x: 30000, y: 60000 });
  });
});

describe("DatabasePool: concurrency", { skip: SKIP }, () => {
  test("the event loop keeps turning while a slow query runs", async (t) => {
    const pool = await openFor(t, ":memory:");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const row = await pool.get(SLOW);
      assert.equal(row.n, 1500000);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 5, `the event loop turned only ${ticks} times during the query`);
  });

  test("with two connections a quick read finishes while a slow one runs", async (t) => {
    const { pool } = await filePool();
    try {
      await pool.run("INSERT INTO t(v) VALUES ('x')");
      const order = [];
      const slow = pool.get(SLOW).then(() => order.push("slow"));
      const quick = pool.get("SELECT count(*) AS n FROM t").then((r) => order.push(`quick:${r.n}`));
      await Promise.all([slow, quick]);
      assert.deepEqual(order, ["quick:1", "slow"]);
    } finally {
      await pool.close();
    }
  });

  test("many calls in flight on a busy pool all settle, each with its own result", async (t) => {
    const { pool } = await filePool();
    try {
      const writes = [];
      for (let i = 0; i < 50; i++) writes.push(pool.run("INSERT INTO t(id, v) VALUES (?, ?)", [i, `v${i}`]));
      assert.deepEqual(
        (await Promise.all(writes)).map((r) => r.changes),
        Array(50).fill(1),
      );
      const reads = [];
      for (let i = 0; i < 50; i++) reads.push(pool.get("SELECT v FROM t WHERE id = ?", [i]));
      assert.deepEqual(
        (await Promise.all(reads)).map((r) => r.v),
        Array.from({ length: 50 }, (_, i) => `v${i}`),
      );
    } finally {
      await pool.close();
    }
  });
});

describe("DatabasePool: errors", { skip: SKIP }, () => {
  test("SQLite errors reject with the synchronous API's shape", async (t) => {
    const pool = await openFor(t, ":memory:");
    await rejectsSqlite(pool.run("SELEC 1"), 'near "SELEC": syntax error', 1, "SQL logic error");
    await rejectsSqlite(pool.all("SELECT * FROM missing"), "no such table: missing", 1, "SQL logic error");
    await pool.run("CREATE TABLE t(id INTEGER PRIMARY KEY, v NOT NULL)");
    await pool.run("INSERT INTO t VALUES (1, 'a')");
    await rejectsSqlite(pool.run("INSERT INTO t VALUES (1, 'b')"), "UNIQUE constraint failed: t.id", 1555, "constraint failed");
    await rejectsSqlite(pool.run("INSERT INTO t VALUES (2, NULL)"), "NOT NULL constraint failed: t.v", 1299, "constraint failed");
    await rejectsSqlite(pool.get("SELECT ?", [1, 2]), "column index out of range", 25, "column index out of range");
    // The pool still works after errors.
    assert.equal((await pool.get("SELECT count(*) AS n FROM t")).n, 1);
  });

  test("bad parameters reject with node-style errors", async (t) => {
    const pool = await openFor(t, ":memory:");
    await rejectsWith(pool.get("SELECT ?", [true]), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.get("SELECT ?", [undefined]), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.get("SELECT :a", { a: {} }), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.get("SELECT ?", "nope"), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.get("SELECT ?", new Map()), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.get(42), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(
      pool.get("SELECT ?", [2n ** 63n]),
      TypeError.prototype,
      "ERR_INVALID_ARG_VALUE",
      "BigInt value is too large to bind.",
    );
    await rejectsWith(
      pool.get("SELECT :a", { b: 1 }),
      Error.prototype,
      "ERR_INVALID_STATE",
      "Unknown named parameter 'b'",
    );
  });

  test("an operation must be exactly one statement", async (t) => {
    const pool = await openFor(t, ":memory:");
    await pool.run("CREATE TABLE t(a)");
    await assert.rejects(pool.run("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"), {
      message: "Operation contains multiple statements; exactly one SQL statement is required",
    });
    await assert.rejects(pool.run("  -- only a comment"), {
      message: "Each operation must contain exactly one SQL statement",
    });
    assert.equal((await pool.get("SELECT count(*) AS n FROM t")).n, 0, "nothing of the refused SQL ran");
    // A trailing comment or semicolon is no second statement.
    assert.deepEqual(await pool.run("INSERT INTO t VALUES (1); -- done"), { changes: 1 });
  });

  test("the strict authorizer refuses connection-local SQL; 'none' allows it", async (t) => {
    const strict = await DatabasePool.open(":memory:");
    try {
      for (const sql of ["PRAGMA user_version", "BEGIN", "SAVEPOINT s", "CREATE TEMP TABLE x(a)", "ATTACH ':memory:' AS x"]) {
        await rejectsSqlite(strict.run(sql), "not authorized", 23, "authorization denied");
      }
      for (const fn of ["last_insert_rowid", "changes", "total_changes"]) {
        // SQLite reports a refused function as a plain SQLITE_ERROR.
        const message = `not authorized to use function: ${fn}`;
        await rejectsSqlite(strict.get(`SELECT ${fn}()`), message, 1, "SQL logic error");
      }
      // Ordinary reads and writes of the main schema are fine.
      assert.deepEqual(await strict.run("CREATE TABLE t(a)"), { changes: 0 });
    } finally {
      await strict.close();
    }
    const open = await openFor(t, ":memory:", { authorizer: "none" });
    assert.deepEqual({ ...(await open.get("PRAGMA user_version")) }, { user_version: 0 });
    // A transaction left open by one call is rolled back and reported.
    await assert.rejects(open.run("BEGIN"), {
      message: "Operation left the connection in a transaction; it was rolled back to restore autocommit",
    });
    assert.deepEqual(await open.run("CREATE TABLE t(a)"), { changes: 0 });
  });
});

describe("DatabasePool: batch", { skip: SKIP }, () => {
  test("runs operations in order on one connection", async (t) => {
    const pool = await openFor(t, ":memory:");
    await pool.run("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
    const results = await pool.batch(
      [
        { kind: "run", sql: "INSERT INTO t(v) VALUES (?)", params: ["a"] },
        { kind: "get", sql: "SELECT count(*) AS n FROM t" },
        { kind: "all", sql: "SELECT v FROM t" },
        { kind: "get", sql: "SELECT * FROM t WHERE id = 99" },
      ],
      { transaction: "immediate" },
    );
    assert.equal(results.length, 4);
    assert.deepEqual(results[0], { changes: 1 });
    assert.equal(results[1].n, 1);
    assert.deepEqual(
      results[2].map((r) => r.v),
      ["a"],
    );
    assert.equal(results[3], undefined);
    assert.deepEqual(await pool.batch([]), []);
  });

  test("a failing transaction rolls back everything; without one earlier work stays", async (t) => {
    const pool = await openFor(t, ":memory:");
    await pool.run("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
    await pool.run("INSERT INTO t VALUES (1, 'keep')");
    const failing = [
      { kind: "run", sql: "INSERT INTO t VALUES (2, 'new')" },
      { kind: "run", sql: "UPDATE t SET v = 'changed' WHERE id = 1" },
      { kind: "run", sql: "INSERT INTO t VALUES (1, 'duplicate')" },
      { kind: "run", sql: "INSERT INTO t VALUES (3, 'never')" },
    ];
    for (const transaction of ["deferred", "immediate", "exclusive"]) {
      await rejectsSqlite(pool.batch(failing, { transaction }), "UNIQUE constraint failed: t.id", 1555, "constraint failed");
      assert.deepEqual(
        (await pool.all("SELECT id, v FROM t ORDER BY id")).map((r) => ({ ...r })),
        [{ id: 1, v: "keep" }],
        `${transaction} transaction rolled back`,
      );
    }
    await rejectsSqlite(pool.batch(failing), "UNIQUE constraint failed: t.id", 1555, "constraint failed");
    assert.deepEqual(
      (await pool.all("SELECT id, v FROM t ORDER BY id")).map((r) => ({ ...r })),
      [
        { id: 1, v: "changed" },
        { id: 2, v: "new" },
      ],
    );
    // The connection is back in autocommit: a later transaction works.
    await pool.batch([{ kind: "run", sql: "DELETE FROM t" }], { transaction: "immediate" });
    assert.equal((await pool.get("SELECT count(*) AS n FROM t")).n, 0);
  });

  test("bad descriptors and options reject before anything runs", async (t) => {
    const pool = await openFor(t, ":memory:");
    await pool.run("CREATE TABLE t(a)");
    const ok = { kind: "run", sql: "INSERT INTO t VALUES (1)" };
    await rejectsWith(pool.batch("nope"), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.batch([ok, { kind: "exec", sql: "SELECT 1" }]), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.batch([ok, { kind: "run" }]), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.batch([ok, null]), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.batch([ok], { transaction: "later" }), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    await rejectsWith(pool.batch([ok], { other: 1 }), TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    assert.equal((await pool.get("SELECT count(*) AS n FROM t")).n, 0);
  });
});

describe("DatabasePool: open and close", { skip: SKIP }, () => {
  test("open() validates its arguments and rejects", async (t) => {
    const cases = [
      [42, undefined],
      ["x.db", null],
      ["x.db", { unknown: true }],
      ["x.db", { connections: 0 }],
      ["x.db", { connections: 1.5 }],
      ["x.db", { authorizer: "loose" }],
      ["x.db", { readBigInts: 1 }],
      ["x.db", { connectionSetup: "PRAGMA foreign_keys=ON" }],
      ["x.db", { connectionSetup: [{ sql: 1 }] }],
      [":memory:", { connections: 2 }],
      ["file::memory:?cache=shared", { connections: 2 }],
      ["file:x?mode=memory", { connections: 3 }],
      ["bad\0path", undefined],
    ];
    for (const [location, options] of cases) {
      const opened = DatabasePool.open(location, options);
      assert.ok(opened instanceof Promise);
      await rejectsWith(opened, TypeError.prototype, "ERR_INVALID_ARG_TYPE");
    }
    assert.throws(() => new DatabasePool(), { code: "ERR_ILLEGAL_CONSTRUCTOR" });
  });

  test("open() rejects when opening or connection setup fails", async (t) => {
    await rejectsSqlite(
      DatabasePool.open(tmpPath("missing-dir/x/y.db")),
      "unable to open database file",
      14,
      "unable to open database file",
    );
    await rejectsSqlite(
      DatabasePool.open(tmpPath(), { connections: 2, connectionSetup: [{ sql: "SELEC 1" }] }),
      'near "SELEC": syntax error',
      1,
      "SQL logic error",
    );
    await assert.rejects(DatabasePool.open(":memory:", { connectionSetup: [{ sql: "BEGIN" }] }), {
      message: "Connection setup left a transaction open; autocommit is required",
    });
  });

  test("connectionSetup runs on every connection, with parameters", async (t) => {
    const path = tmpPath();
    const pool = await openFor(t, path, {
      connections: 2,
      connectionSetup: [
        { sql: "PRAGMA journal_mode=WAL" },
        { sql: "CREATE TABLE IF NOT EXISTS opened(at)" },
        { sql: "INSERT INTO opened VALUES (?)", params: ["open"] },
      ],
    });
    assert.equal((await pool.get("SELECT count(*) AS n FROM opened")).n, 2);
  });

  test("close() waits for work in flight, then later calls reject", async (t) => {
    const { pool } = await filePool();
    const slow = pool.get(SLOW);
    const queued = [pool.get("SELECT 1 AS one"), pool.get("SELECT 2 AS two"), pool.get("SELECT 3 AS three")];
    let closed = false;
    const closing = pool.close();
    closing.then(() => (closed = true));
    assert.equal(pool.close(), closing, "repeated close() calls share one promise");
    await rejectsWith(pool.run("SELECT 1"), Error.prototype, "ERR_INVALID_STATE", "DatabasePool is closing");
    assert.equal((await slow).n, 1500000);
    assert.deepEqual(
      (await Promise.all(queued)).map((r) => Object.values(r)[0]),
      [1, 2, 3],
    );
    await closing;
    assert.ok(closed);
    await rejectsWith(pool.all("SELECT 1"), Error.prototype, "ERR_INVALID_STATE", "DatabasePool is closed");
    await rejectsWith(pool.batch([]), Error.prototype, "ERR_INVALID_STATE", "DatabasePool is closed");
    assert.equal(await pool.close(), undefined);
  });

  test("[Symbol.asyncDispose]() closes the pool (await using)", async () => {
    const pool = await DatabasePool.open(":memory:");
    const dispose = pool[Symbol.asyncDispose];
    assert.equal(typeof dispose, "function");
    const closing = dispose.call(pool);
    assert.equal(closing, pool.close());
    await closing;
    await rejectsWith(pool.run("SELECT 1"), Error.prototype, "ERR_INVALID_STATE", "DatabasePool is closed");
  });

  test("a closed pool releases its file: another pool can open it exclusively", async (t) => {
    const { pool, path } = await filePool();
    await pool.run("INSERT INTO t(v) VALUES (1)");
    await pool.close();
    const other = await openFor(t, path, { connectionSetup: [{ sql: "PRAGMA locking_mode=EXCLUSIVE" }] });
    await other.batch([{ kind: "run", sql: "INSERT INTO t(v) VALUES (2)" }], { transaction: "exclusive" });
    assert.equal((await other.get("SELECT count(*) AS n FROM t")).n, 2);
  });
});

describe("DatabasePool: worker threads", { skip: SKIP }, () => {
  const workerCode = (slow) => `
    const { parentPort, workerData } = require("node:worker_threads");
    const { DatabasePool } = require(workerData.entry);
    (async () => {
      const pool = await DatabasePool.open(workerData.path, { connections: 2, connectionSetup: [{ sql: "PRAGMA busy_timeout=5000" }] });
      const quick = await pool.get("SELECT count(*) AS n FROM t");
      parentPort.postMessage({ n: quick.n });
      const slow = pool.get(${JSON.stringify(slow)});
      pool.get(${JSON.stringify(slow)}).catch(() => {});
      pool.run("INSERT INTO t(v) VALUES ('from worker')").catch(() => {});
      parentPort.postMessage("running");
      await slow;
      await pool.close();
      parentPort.postMessage("finished");
    })();
  `;

  async function runWorker(path, { terminate }) {
    const worker = new Worker(workerCode(SLOW), {
      eval: true,
      workerData: { path, entry: require.resolve("../experimental") },
    });
    const messages = [];
    const exited = new Promise((resolve, reject) => {
      worker.on("error", reject);
      worker.on("exit", resolve);
    });
    await new Promise((resolve) =>
      worker.on("message", (m) => {
        messages.push(m);
        if (m === (terminate ? "running" : "finished")) resolve();
      }),
    );
    if (terminate) await worker.terminate();
    return { code: await exited, messages };
  }

  test("a worker uses its own pool", async (t) => {
    const { pool, path } = await filePool();
    await pool.run("INSERT INTO t(v) VALUES ('main')");
    const { code, messages } = await runWorker(path, { terminate: false });
    assert.equal(code, 0);
    assert.deepEqual(messages, [{ n: 1 }, "running", "finished"]);
    assert.equal((await pool.get("SELECT count(*) AS n FROM t")).n, 2);
    await pool.close();
  });

  test("terminating a worker mid-query does not crash; the main pool carries on", async (t) => {
    const { pool, path } = await filePool();
    for (let i = 0; i < 3; i++) {
      const { code, messages } = await runWorker(path, { terminate: true });
      assert.equal(code, 1, "terminated");
      assert.equal(messages.at(-1), "running");
    }
    await pool.batch([{ kind: "run", sql: "DELETE FROM t" }], { transaction: "exclusive" });
    assert.equal((await pool.get("SELECT count(*) AS n FROM t")).n, 0);
    await pool.close();
    // The terminated workers' connections are closed: a connection in
    // exclusive locking mode can write (any other open one would block it).
    const alone = await DatabasePool.open(path, { connectionSetup: [{ sql: "PRAGMA locking_mode=EXCLUSIVE" }] });
    await alone.run("INSERT INTO t(v) VALUES ('alone')");
    await alone.close();
  });
});
