"use strict";
// Reliability, busy and locking: two connections contending for a write lock
// honour `timeout` (waiting while the other holds the lock, failing with
// SQLITE_BUSY as node reports it once the timeout expires), and a backup is
// never deadlocked by locks: it waits for a lock that is released, and fails
// as node does (instead of waiting forever) on a lock its own caller holds.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { Worker } = require("node:worker_threads");
const { sqlite, isNode, addonPath, tmpPath } = require("./common");

const { DatabaseSync, backup } = sqlite;
const modulePath = isNode ? "node:sqlite" : addonPath;

/**
 * A worker that opens `file`, runs `sql` and reports "locked"; it runs
 * `release` (default COMMIT) when told "release" or after `holdMs`.
 */
async function lockHolder(file, { sql = "BEGIN IMMEDIATE; INSERT INTO t VALUES ('holder')", holdMs, release = "COMMIT" } = {}) {
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const { DatabaseSync } = require(workerData.modulePath);
     const db = new DatabaseSync(workerData.file);
     db.exec(workerData.sql);
     const done = () => { db.exec(workerData.release); db.close(); parentPort.postMessage("released"); };
     if (workerData.holdMs !== undefined) setTimeout(done, workerData.holdMs);
     parentPort.on("message", (m) => { if (m === "release") done(); });
     parentPort.postMessage("locked");`,
    { eval: true, workerData: { file, modulePath, sql, holdMs, release } },
  );
  const messages = [];
  const waiting = [];
  worker.on("message", (m) => (waiting.length ? waiting.shift().resolve(m) : messages.push(m)));
  worker.on("error", (e) => waiting.splice(0).forEach((w) => w.reject(e)));
  const next = () =>
    new Promise((resolve, reject) => {
      if (messages.length) resolve(messages.shift());
      else waiting.push({ resolve, reject });
    });
  assert.equal(await next(), "locked");
  return {
    released: () => next(),
    release: () => worker.postMessage("release"),
    stop: () => worker.terminate(),
  };
}

/** A database with `rows` rows in t(v), and about `pages` more pages of filler. */
function database(mode = "DELETE", rows = 1, pages = 0) {
  const file = tmpPath("busy.db");
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = ${mode}; CREATE TABLE t(v); CREATE TABLE filler(x)`);
  const insert = db.prepare("INSERT INTO t VALUES (?)");
  for (let i = 0; i < rows; i++) insert.run(`row ${i}`);
  db.prepare("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) INSERT INTO filler SELECT randomblob(3500) FROM c").run(pages);
  db.close();
  return file;
}

function assertBusy(fn, errcode = 5) {
  assert.throws(fn, (e) => {
    assert.equal(e.constructor, Error);
    assert.equal(e.code, "ERR_SQLITE_ERROR");
    assert.equal(e.message, "database is locked");
    assert.equal(e.errcode, errcode);
    assert.equal(e.errstr, "database is locked");
    return true;
  });
}

describe("two connections and one write lock", { timeout: 30000 }, () => {
  for (const mode of ["DELETE", "WAL"]) {
    test(`${mode}: a writer waits within its timeout until the other commits`, async () => {
      const file = database(mode);
      const holder = await lockHolder(file, { holdMs: 300 });
      const db = new DatabaseSync(file, { timeout: 10000 });
      const started = Date.now();
      db.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES ('waiter'); COMMIT");
      assert.ok(Date.now() - started >= 200, `did not wait (${Date.now() - started} ms)`);
      assert.equal(await holder.released(), "released");
      assert.deepStrictEqual(
        db.prepare("SELECT v FROM t WHERE v != 'row 0' ORDER BY rowid").all().map((r) => r.v),
        ["holder", "waiter"],
      );
      db.close();
      await holder.stop();
    });

    test(`${mode}: when the timeout expires the writer gets SQLITE_BUSY, as node reports it`, async () => {
      const file = database(mode);
      const holder = await lockHolder(file);
      const db = new DatabaseSync(file, { timeout: 150 });
      const started = Date.now();
      assertBusy(() => db.exec("BEGIN IMMEDIATE"));
      assert.ok(Date.now() - started >= 140, `gave up after ${Date.now() - started} ms`);
      assertBusy(() => db.prepare("INSERT INTO t VALUES ('late')").run());
      assert.equal(db.isTransaction, false);
      holder.release();
      await holder.released();
      // Free again: the same connection writes at once.
      db.exec("INSERT INTO t VALUES ('after')");
      assert.equal(db.prepare("SELECT count(*) AS c FROM t").get().c, 3);
      db.close();
      await holder.stop();
    });
  }

  test("timeout 0 fails at once; the lock of another connection in the same thread is never released by waiting", () => {
    const file = database();
    const a = new DatabaseSync(file);
    const b = new DatabaseSync(file, { timeout: 100 });
    const c = new DatabaseSync(file);
    a.exec("BEGIN IMMEDIATE");
    assertBusy(() => c.exec("BEGIN IMMEDIATE"));
    const started = Date.now();
    assertBusy(() => b.exec("BEGIN IMMEDIATE"));
    assert.ok(Date.now() - started >= 90);
    a.exec("COMMIT");
    b.exec("BEGIN IMMEDIATE; COMMIT");
    for (const db of [a, b, c]) db.close();
  });

  test("WAL: a read transaction that fell behind a commit cannot write (SQLITE_BUSY_SNAPSHOT)", () => {
    const file = database("WAL");
    const reader = new DatabaseSync(file, { timeout: 1000 });
    const writer = new DatabaseSync(file);
    reader.exec("BEGIN");
    reader.prepare("SELECT count(*) AS c FROM t").get();
    writer.exec("INSERT INTO t VALUES ('meanwhile')");
    // Waiting cannot help a stale snapshot: it fails at once.
    assertBusy(() => reader.exec("INSERT INTO t VALUES ('stale')"), 517);
    reader.exec("ROLLBACK");
    reader.exec("INSERT INTO t VALUES ('fresh')");
    assert.equal(reader.prepare("SELECT count(*) AS c FROM t").get().c, 3);
    reader.close();
    writer.close();
  });
});

describe("backups and locks", { timeout: 30000 }, () => {
  test("a backup waits for an exclusive lock of another connection, within the source's timeout", async () => {
    const file = database("DELETE", 200, 50);
    const holder = await lockHolder(file, { sql: "BEGIN EXCLUSIVE; INSERT INTO t VALUES ('x')", holdMs: 300 });
    const db = new DatabaseSync(file, { timeout: 10000 });
    const target = tmpPath("copy.db");
    const started = Date.now();
    const pages = await backup(db, target);
    assert.ok(Date.now() - started >= 200, "the backup did not wait for the lock");
    assert.ok(pages > 0);
    await holder.released();
    const copy = new DatabaseSync(target);
    assert.deepStrictEqual(copy.prepare("PRAGMA integrity_check").get(), { __proto__: null, integrity_check: "ok" });
    // It copied the committed state, after the lock holder's commit.
    assert.equal(copy.prepare("SELECT count(*) AS c FROM t").get().c, 201);
    copy.close();
    db.close();
    await holder.stop();
  });

  test("a backup started inside the source's own write transaction fails instead of deadlocking", async () => {
    const db = new DatabaseSync(database("DELETE", 10));
    db.exec("BEGIN; INSERT INTO t VALUES ('uncommitted')");
    // node reports the (empty) error of the destination: 'not an error', errcode 0.
    await assert.rejects(backup(db, tmpPath("copy.db")), (e) => {
      assert.equal(e.code, "ERR_SQLITE_ERROR");
      assert.equal(e.message, "not an error");
      assert.equal(e.errcode, 0);
      return true;
    });
    db.exec("COMMIT");
    assert.equal(await backup(db, tmpPath("copy2.db")) > 0, true);
    db.close();
  });

  test("a backup of a source locked by another connection, with no timeout, fails at once", async () => {
    const file = database("DELETE", 10);
    const holder = await lockHolder(file, { sql: "BEGIN EXCLUSIVE; INSERT INTO t VALUES ('x')" });
    const db = new DatabaseSync(file);
    await assert.rejects(backup(db, tmpPath("copy.db")), { code: "ERR_SQLITE_ERROR", message: "not an error", errcode: 0 });
    holder.release();
    await holder.released();
    assert.ok((await backup(db, tmpPath("copy2.db"))) > 0);
    db.close();
    await holder.stop();
  });

  test("a backup into a destination that another connection has locked fails at once", async () => {
    const db = new DatabaseSync(database("DELETE", 10));
    const target = tmpPath("locked-target.db");
    const holder = await lockHolder(target, { sql: "CREATE TABLE z(x); BEGIN EXCLUSIVE; INSERT INTO z VALUES (1)" });
    await assert.rejects(backup(db, target), { code: "ERR_SQLITE_ERROR", message: "not an error", errcode: 0 });
    holder.release();
    await holder.released();
    assert.ok((await backup(db, target)) > 0);
    db.close();
    await holder.stop();
  });

  test("writes through the source connection during a backup end up in the copy", async () => {
    const db = new DatabaseSync(database("WAL", 300, 60));
    const target = tmpPath("copy.db");
    let calls = 0;
    const pages = await backup(db, target, {
      rate: 2,
      progress: () => {
        if (++calls <= 5) db.exec(`INSERT INTO t VALUES ('during ${calls}')`);
      },
    });
    assert.ok(pages > 0 && calls > 5);
    const copy = new DatabaseSync(target);
    assert.equal(copy.prepare("SELECT count(*) AS c FROM t").get().c, 305);
    copy.close();
    db.close();
  });

  test("a backup while a worker keeps committing to the source completes once the writes stop", async () => {
    const file = database("WAL", 300, 60);
    const writer = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const { DatabaseSync } = require(workerData.modulePath);
       const db = new DatabaseSync(workerData.file, { timeout: 5000 });
       let n = 0;
       const until = Date.now() + 400;
       while (Date.now() < until) db.exec("INSERT INTO t VALUES ('w" + n++ + "')");
       db.close();
       parentPort.postMessage(n);`,
      { eval: true, workerData: { file, modulePath } },
    );
    const written = new Promise((resolve) => writer.once("message", resolve));
    const db = new DatabaseSync(file, { timeout: 5000 });
    const pages = await backup(db, tmpPath("copy.db"), { rate: 1 });
    assert.ok(pages > 0);
    const n = await written;
    assert.ok(n > 0);
    db.close();
    await writer.terminate();
  });
});
