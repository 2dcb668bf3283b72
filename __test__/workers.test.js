"use strict";
// worker_threads: every worker loads its own copy of the module and opens its
// own connections; terminating a worker mid-query, or with connections,
// statements and iterators still open, must neither crash nor corrupt.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { Worker } = require("node:worker_threads");
const { sqlite, isNode, addonPath, tmpPath } = require("./common");

const { DatabaseSync } = sqlite;
const modulePath = isNode ? "node:sqlite" : addonPath;

/** Runs `body` (source of a function taking `{ sqlite, workerData, parentPort }`) in a worker. */
function startWorker(body, workerData) {
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const sqlite = require(${JSON.stringify(modulePath)});
    (${body})({ sqlite, workerData, parentPort });
  `;
  return new Worker(source, { eval: true, workerData });
}

function onceMessage(worker) {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

function exitCode(worker) {
  return new Promise((resolve) => worker.once("exit", resolve));
}

function seededFile(rows = 100) {
  const file = tmpPath("workers.db");
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  const insert = db.prepare("INSERT INTO t(v) VALUES (?)");
  db.exec("BEGIN");
  for (let i = 0; i < rows; i++) insert.run(`row ${i}`);
  db.exec("COMMIT");
  db.close();
  return file;
}

describe("worker threads", () => {
  test("a worker opens its own connection and answers queries by message", async () => {
    const file = seededFile();
    const worker = startWorker(
      `({ sqlite, workerData, parentPort }) => {
        const db = new sqlite.DatabaseSync(workerData.file);
        parentPort.on("message", ({ sql, params }) => {
          const stmt = db.prepare(sql);
          parentPort.postMessage(stmt.all(...params));
          stmt.close();
        });
      }`,
      { file },
    );
    worker.postMessage({ sql: "SELECT count(*) AS n FROM t WHERE id > ?", params: [90] });
    const rows = await onceMessage(worker);
    assert.deepStrictEqual(rows, [{ n: 10 }]);
    await worker.terminate();
  });

  test("the module loads in several workers at once, each with its own classes", async () => {
    const workers = Array.from({ length: 4 }, (_, i) =>
      startWorker(
        `({ sqlite, workerData, parentPort }) => {
          const db = new sqlite.DatabaseSync(":memory:");
          db.exec("CREATE TABLE t(x)");
          const insert = db.prepare("INSERT INTO t VALUES (?)");
          for (let i = 0; i < 1000; i++) insert.run(i * workerData.n);
          const { s } = db.prepare("SELECT sum(x) AS s FROM t").get();
          parentPort.postMessage({ s, isInstance: db instanceof sqlite.DatabaseSync });
        }`,
        { n: i + 1 },
      ),
    );
    const results = await Promise.all(workers.map(onceMessage));
    results.forEach((r, i) => assert.deepStrictEqual(r, { s: 499500 * (i + 1), isInstance: true }));
    await Promise.all(workers.map((w) => w.terminate()));
  });

  test("terminate() while a query calls into JS stops the worker cleanly", async () => {
    const file = seededFile();
    const worker = startWorker(
      `({ sqlite, workerData, parentPort }) => {
        const db = new sqlite.DatabaseSync(workerData.file);
        let calls = 0;
        db.function("slow", (x) => {
          if (++calls === 10) parentPort.postMessage("running");
          const until = Date.now() + 2;
          while (Date.now() < until);
          return x;
        });
        db.prepare(
          "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100000) SELECT sum(slow(x)) FROM c",
        ).get();
        parentPort.postMessage("finished");
      }`,
      { file },
    );
    assert.equal(await onceMessage(worker), "running");
    const started = Date.now();
    await worker.terminate();
    assert.ok(Date.now() - started < 5000, "terminate() waited for the whole query");
    // The database file is intact and usable afterwards.
    const db = new DatabaseSync(file);
    assert.deepStrictEqual(db.prepare("PRAGMA integrity_check").get(), { __proto__: null, integrity_check: "ok" });
    db.close();
  });

  test("a worker that exits with open connections, statements and iterators does not crash", async () => {
    const file = seededFile();
    for (let round = 0; round < 3; round++) {
      const workers = Array.from({ length: 4 }, () =>
        startWorker(
          `({ sqlite, workerData, parentPort }) => {
            // Several workers open the WAL file at once: wait out its brief locks.
            const dbs = [new sqlite.DatabaseSync(workerData.file, { timeout: 5000 }), new sqlite.DatabaseSync(":memory:")];
            const stmt = dbs[0].prepare("SELECT * FROM t");
            const it = stmt.iterate();
            it.next();
            dbs[1].exec("CREATE TABLE x(a); BEGIN; INSERT INTO x VALUES (1)");
            dbs[1].function("f", (a) => a);
            globalThis.keep = { dbs, stmt, it };
            parentPort.postMessage("ready");
          }`,
          { file },
        ),
      );
      await Promise.all(workers.map(onceMessage));
      await Promise.all(workers.map((w) => w.terminate()));
    }
    // A write lock left by a terminated worker is released with its connection.
    const db = new DatabaseSync(file, { timeout: 1000 });
    db.exec("INSERT INTO t(v) VALUES ('after')");
    assert.equal(db.prepare("SELECT count(*) AS n FROM t").get().n, 101);
    db.close();
  });

  test("a worker holding a write transaction releases it when terminated", async () => {
    const file = seededFile();
    const worker = startWorker(
      `({ sqlite, workerData, parentPort }) => {
        const db = new sqlite.DatabaseSync(workerData.file);
        db.exec("BEGIN IMMEDIATE; INSERT INTO t(v) VALUES ('uncommitted')");
        parentPort.postMessage("locked");
      }`,
      { file },
    );
    assert.equal(await onceMessage(worker), "locked");
    await worker.terminate();
    const db = new DatabaseSync(file, { timeout: 2000 });
    db.exec("BEGIN IMMEDIATE; COMMIT");
    assert.equal(db.prepare("SELECT count(*) AS n FROM t WHERE v = 'uncommitted'").get().n, 0);
    db.close();
  });

  test("process.exit() inside a worker with open connections ends it with that code", async () => {
    const worker = startWorker(
      `({ sqlite }) => {
        const db = new sqlite.DatabaseSync(":memory:");
        db.prepare("SELECT 1").iterate();
        process.exit(7);
      }`,
    );
    assert.equal(await exitCode(worker), 7);
  });
});
