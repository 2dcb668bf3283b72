"use strict";
// The workloads. Each `setup(ctx)` builds its data in a database of its own
// and returns the operation to time:
//   kind "sync":    op(i) runs one operation (i counts up, for varying keys);
//                   optional `beforeRun()` runs untimed before each measurement.
//   kind "each":    op() is timed one call at a time, `beforeEach()` untimed.
//   kind "async":   like "each", but op() returns a promise; the event loop's
//                   ticks during it are counted.
//   kind "workers": handled by child.js (worker threads reading one file).
// ctx = { mod, driver, fixtures: { readDb, backupDb }, tmp }. The returned
// state keeps `db` referenced: a driver may finalize the statements of a
// collected connection (@photostructure/sqlite 2.6 does).
const fs = require("node:fs");
const path = require("node:path");

const USERS = 1000;

function createUsers(db, count = USERS) {
  db.exec(`CREATE TABLE users (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, age INTEGER NOT NULL, score REAL NOT NULL)`);
  const insert = db.prepare("INSERT INTO users (id, name, email, age, score) VALUES (?, ?, ?, ?, ?)");
  db.exec("BEGIN");
  for (let i = 1; i <= count; i++) insert.run(i, `user ${i}`, `user${i}@example.com`, 18 + (i % 60), i * 1.25);
  db.exec("COMMIT");
}

const WIDE_COLUMNS = 40;

/** A table of 40 columns (id + 13 each of integers, reals and text). */
function createWide(db, rows = 100) {
  const cols = [];
  for (let c = 1; c < WIDE_COLUMNS; c++) cols.push(`c${c} ${["INTEGER", "REAL", "TEXT"][c % 3]}`);
  db.exec(`CREATE TABLE wide (id INTEGER PRIMARY KEY, ${cols.join(", ")})`);
  const insert = db.prepare(`INSERT INTO wide VALUES (${Array(WIDE_COLUMNS).fill("?").join(", ")})`);
  db.exec("BEGIN");
  for (let i = 1; i <= rows; i++) {
    const values = [i];
    for (let c = 1; c < WIDE_COLUMNS; c++) values.push([i * c, i + c / 8, `value ${i}.${c}`][c % 3]);
    insert.run(...values);
  }
  db.exec("COMMIT");
}

function memory(ctx, options) {
  return ctx.driver.open(ctx.mod, ":memory:", options);
}

// Keeps results observable so that no engine can drop the work.
let sink;

/** prepare, get() one 40-column row, close(): the prepare-per-query pattern. */
function preparePerQuery(ctx, options) {
  const db = memory(ctx, options);
  createWide(db);
  return {
    db,
    op: (i) => {
      const stmt = db.prepare("SELECT * FROM wide WHERE id = ?");
      sink = stmt.get((i % 100) + 1);
      ctx.driver.closeStatement(stmt);
    },
  };
}

const WORKLOADS = [
  {
    id: "select1",
    title: "`SELECT 1` via get()",
    about: "`db.prepare('SELECT 1 AS x').get()`: the fixed cost of one statement call.",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      const stmt = db.prepare("SELECT 1 AS x");
      return { db, op: () => (sink = stmt.get()) };
    },
  },
  {
    id: "get-pk",
    title: "get() one row by primary key",
    about: "`SELECT * FROM users WHERE id = ?` over 1,000 rows of 5 columns (integer, 2 text, integer, real).",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      createUsers(db);
      const stmt = db.prepare("SELECT * FROM users WHERE id = ?");
      return { db, op: (i) => (sink = stmt.get((i % USERS) + 1)) };
    },
  },
  {
    id: "all-100",
    title: "all(): 100 rows × 5 columns",
    about: "`SELECT * FROM users LIMIT 100` as an array of row objects.",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      createUsers(db);
      const stmt = db.prepare("SELECT * FROM users LIMIT 100");
      return { db, op: () => (sink = stmt.all()) };
    },
  },
  {
    id: "iterate-100",
    title: "iterate(): 100 rows × 5 columns",
    about: "The same 100 rows through `for (const row of stmt.iterate())`.",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      createUsers(db);
      const stmt = db.prepare("SELECT * FROM users LIMIT 100");
      return {
        db,
        op: () => {
          for (const row of stmt.iterate()) sink = row;
        },
      };
    },
  },
  {
    id: "all-arrays",
    title: "all() with returnArrays: 100 rows",
    about: "The same 100 rows as arrays (`setReturnArrays(true)`; better-sqlite3: `raw(true)`).",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      createUsers(db);
      const stmt = ctx.driver.arrays(db.prepare("SELECT * FROM users LIMIT 100"));
      return { db, op: () => (sink = stmt.all()) };
    },
  },
  {
    id: "blob-1mb",
    title: "get() of a 1 MB BLOB",
    about: "One row holding a 1 MiB BLOB, read into a fresh Uint8Array/Buffer each call.",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      db.exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
      db.exec("INSERT INTO blobs (id, data) VALUES (1, randomblob(1048576))");
      const stmt = db.prepare("SELECT data FROM blobs WHERE id = 1");
      return { db, op: () => (sink = stmt.get()) };
    },
  },
  {
    id: "function-10k",
    title: "scalar JS function × 10,000 in one query",
    about: "`SELECT sum(twice(n)) FROM nums` over 10,000 rows, `twice` a deterministic JS function.",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      db.exec(`CREATE TABLE nums (n INTEGER PRIMARY KEY);
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) INSERT INTO nums SELECT x FROM c;`);
      ctx.driver.defineFunction(db, "twice", (x) => x * 2);
      const stmt = db.prepare("SELECT sum(twice(n)) AS total FROM nums");
      return { db, op: () => (sink = stmt.get()) };
    },
  },
  {
    id: "exec-small",
    title: "exec() of a small statement",
    about: "`db.exec('UPDATE counter SET n = n + 1 WHERE id = 1')`: compile and run per call.",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      db.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)");
      return { db, op: () => db.exec("UPDATE counter SET n = n + 1 WHERE id = 1") };
    },
  },
  {
    id: "insert-run",
    title: "single-row INSERT via run()",
    about: "`INSERT INTO log (a, b, c) VALUES (?, ?, ?)` with an integer, a text and a real (autocommit, in memory).",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      db.exec("CREATE TABLE log (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL)");
      const stmt = db.prepare("INSERT INTO log (a, b, c) VALUES (?, ?, ?)");
      return {
        db,
        beforeRun: () => db.exec("DELETE FROM log"),
        op: (i) => (sink = stmt.run(i, "some text", i * 0.5)),
      };
    },
  },
  {
    id: "insert-tx-100",
    title: "100 INSERTs in a transaction",
    about: "`BEGIN`, 100 × run() of the insert above, `COMMIT`; one operation = the whole transaction.",
    kind: "sync",
    setup(ctx) {
      const db = memory(ctx);
      db.exec("CREATE TABLE log (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL)");
      const stmt = db.prepare("INSERT INTO log (a, b, c) VALUES (?, ?, ?)");
      return {
        db,
        beforeRun: () => db.exec("DELETE FROM log"),
        op: (i) => {
          db.exec("BEGIN");
          for (let j = 0; j < 100; j++) stmt.run(j, "some text", j * 0.5);
          db.exec("COMMIT");
        },
      };
    },
  },
  {
    id: "bulk-100k",
    title: "bulk INSERT of 100,000 rows",
    about: "`BEGIN IMMEDIATE`, 100,000 × run() of a 4-column insert, `COMMIT`, into a file database (WAL).",
    kind: "each",
    setup(ctx) {
      const file = path.join(ctx.tmp, "bulk.db");
      const db = ctx.driver.open(ctx.mod, file);
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
      db.exec("CREATE TABLE bulk (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL)");
      const stmt = db.prepare("INSERT INTO bulk (a, b, c) VALUES (?, ?, ?)");
      return {
        db,
        beforeEach: () => db.exec("DELETE FROM bulk; PRAGMA wal_checkpoint(TRUNCATE)"),
        op: () => {
          db.exec("BEGIN IMMEDIATE");
          for (let j = 0; j < 100000; j++) stmt.run(j, "row text", j * 0.25);
          db.exec("COMMIT");
        },
      };
    },
  },
  {
    id: "backup-50mb",
    title: "async backup of a 50 MB database",
    about:
      "`backup(db, path)` (better-sqlite3: `db.backup(path)`) of a 50 MB file, default 100 pages per step; " +
      "the event loop's ticks while it runs are counted.",
    kind: "async",
    setup(ctx) {
      const db = ctx.driver.open(ctx.mod, ctx.fixtures.backupDb, { readOnly: true });
      let n = 0;
      let dest;
      return {
        db,
        beforeEach: () => {
          if (dest) fs.rmSync(dest, { force: true });
          dest = path.join(ctx.tmp, `backup-${n++}.db`);
        },
        op: () => ctx.driver.backup(ctx.mod, db, dest),
        teardown: () => dest && fs.rmSync(dest, { force: true }),
      };
    },
  },
  {
    id: "workers-1",
    title: "get() by primary key, 1 worker thread",
    about: "One worker thread reading a file database by primary key (the baseline for the row below).",
    kind: "workers",
    threads: 1,
  },
  {
    id: "workers-4",
    title: "get() by primary key, 4 worker threads",
    about: "Four worker threads, one connection each, reading the same file concurrently; total throughput.",
    kind: "workers",
    threads: 4,
  },
  {
    id: "prepare-40col",
    title: "prepare, get, close: 40-column row",
    about:
      "Per operation: `prepare('SELECT * FROM wide WHERE id = ?')`, get() one row of 40 columns, close() the statement " +
      "(better-sqlite3 has no close(); its statements are left to the GC).",
    kind: "sync",
    setup: (ctx) => preparePerQuery(ctx),
  },
  {
    id: "prepare-40col-cache",
    title: "prepare, get, close: 40-column row, `statementCache: 100`",
    about:
      "As prepare-40col, on a connection opened with this addon's `statementCache: 100`, which reuses the compiled " +
      "statement that close() hands back (the other drivers have no such option and compile every time).",
    kind: "sync",
    setup: (ctx) => preparePerQuery(ctx, { statementCache: 100 }),
  },
  {
    id: "drizzle-40col",
    title: "drizzle-style: prepare and get per query, never close, `statementCache: 100`",
    about:
      "What drizzle's node-sqlite driver does: `prepare(sql)` for every query and no close(), so statements are " +
      "finalized (or, with the cache, handed back) only by the garbage collector. One operation is one request of 20 " +
      "such queries followed by a turn of the event loop, as in a server, so that finalizers get to run. No GC is " +
      "forced between operations: node:sqlite finalizes collected statements inside the GC and Node-API addons on " +
      "the next turn, so a forced GC outside the timed operation would leave one driver's finalization out of the " +
      "time and count the other's.",
    kind: "async",
    setup(ctx) {
      const db = memory(ctx, { statementCache: 100 });
      createWide(db);
      let n = 0;
      return {
        db,
        gcBeforeEach: false,
        op: async () => {
          for (let q = 0; q < 20; q++) sink = db.prepare("SELECT * FROM wide WHERE id = ?").get((n++ % 100) + 1);
          await new Promise((resolve) => setImmediate(resolve));
        },
      };
    },
  },
];

module.exports = { WORKLOADS, createUsers, createWide, USERS, sinkValue: () => sink };
