"use strict";
// One worker lifetime of the workers scenario: its own connection to the
// shared WAL database, then a random mix of reads, writes, prepared
// statements, iterators, functions, sessions, tag stores and backups until
// the main thread terminates it (or it decides to end by itself).
//
// Every transaction inserts `n` rows sharing one `txn` id, each row carrying
// `n`, so the main thread can check atomicity; a committed transaction is
// reported with postMessage only after COMMIT has returned. Rolled-back
// transactions use negative ids and must never be visible.
const { parentPort, workerData } = require("node:worker_threads");
const path = require("node:path");
const { createRandom } = require("./prng");

const { file, modulePath, lifetime, seed, tmpDir, backups } = workerData;
const sqlite = require(modulePath);
const { DatabaseSync, backup } = sqlite;
const random = createRandom(seed, "worker", lifetime);

let txnCounter = 0;
const nextTxn = () => lifetime * 100000 + ++txnCounter;

function isBusy(err) {
  return err && err.code === "ERR_SQLITE_ERROR" && (err.errcode & 0xff) === 5;
}

function report(type, data) {
  parentPort.postMessage({ type, lifetime, ...data });
}

const db = new DatabaseSync(file, { timeout: 20000 });
// A second connection of the same worker, for reads while the first writes.
const reader = random.chance(0.5) ? new DatabaseSync(file, { timeout: 20000, readOnly: true }) : db;

let udfCalls = 0;
db.function("spin", { deterministic: true }, (x) => {
  udfCalls++;
  // A little JS work per row, so that terminate() often lands inside SQLite.
  let acc = 0;
  for (let i = 0; i < 200; i++) acc = (acc + i * x) % 1000003;
  return acc >= 0 ? x : -x;
});
db.aggregate("total", { start: 0, step: (acc, v) => acc + (v ?? 0) });
reader.function("spin", (x) => x);

const insert = db.prepare("INSERT INTO rows(txn, seq, n, worker, payload) VALUES (?, ?, ?, ?, ?)");
const countRows = reader.prepare("SELECT count(*) AS c, total(seq) AS s FROM rows");
const recent = reader.prepare("SELECT txn, seq, n, payload FROM rows WHERE txn > ? ORDER BY txn, seq");
const sql = db.createTagStore(8);

function writeTransaction({ useSession = false, rollback = false } = {}) {
  const n = random.int(1, 12);
  const txn = rollback ? -nextTxn() : nextTxn();
  const session = useSession ? db.createSession({ table: "rows" }) : undefined;
  db.exec(random.chance(0.5) ? "BEGIN IMMEDIATE" : "BEGIN");
  try {
    for (let seq = 0; seq < n; seq++) {
      const payload = random.chance(0.3) ? new Uint8Array(random.int(0, 4096)).fill(seq & 0xff) : null;
      if (random.chance(0.2)) {
        sql.run`INSERT INTO rows(txn, seq, n, worker, payload) VALUES (${txn}, ${seq}, ${n}, ${lifetime}, spin(${seq}))`;
      } else {
        insert.run(txn, seq, n, lifetime, payload);
      }
    }
    if (random.chance(0.2)) {
      // A savepoint rolled back inside the transaction leaves no trace.
      db.exec("SAVEPOINT inner");
      insert.run(txn, 1000, n, lifetime, null);
      db.exec("ROLLBACK TO inner; RELEASE inner");
    }
    if (rollback) {
      db.exec("ROLLBACK");
      return;
    }
    db.exec("COMMIT");
  } catch (err) {
    if (db.isOpen && db.isTransaction) db.exec("ROLLBACK");
    throw err;
  } finally {
    if (session) {
      const changes = session.changeset();
      if (!rollback && !(changes instanceof Uint8Array)) throw new Error("changeset is not a Uint8Array");
      session.close();
    }
  }
  report("commit", { txn, n });
}

function readMix() {
  switch (random.int(0, 4)) {
    case 0: {
      const { c } = countRows.get();
      if (typeof c !== "number") throw new Error("bad count");
      break;
    }
    case 1: {
      // Partly consumed iterators, left open on purpose.
      const it = recent.iterate(random.int(0, lifetime * 100000));
      for (let i = random.int(0, 50); i > 0 && !it.next().done; i--);
      if (random.chance(0.5)) it.return();
      break;
    }
    case 2:
      reader.prepare("SELECT sum(spin(seq)) AS s FROM rows WHERE txn % 7 = ?").get(random.int(0, 6));
      break;
    case 3:
      db.prepare("SELECT total(seq) AS t, count(*) AS c FROM rows WHERE worker = ?").all(random.int(0, lifetime));
      break;
    default: {
      // Statements prepared and dropped (some closed, some left to the GC).
      for (let i = random.int(1, 20); i > 0; i--) {
        const s = db.prepare("SELECT ? + 1 AS x, spin(?) AS y", { persistent: random.chance(0.5) });
        s.get(i, i);
        if (random.chance(0.5)) s.close?.();
      }
    }
  }
}

async function backupOnce() {
  const target = path.join(tmpDir, `backup-${lifetime}-${txnCounter}.db`);
  let progressCalls = 0;
  const pages = await backup(db, target, { rate: random.int(1, 20), progress: () => progressCalls++ });
  if (!(pages > 0)) throw new Error(`backup copied ${pages} pages`);
  report("backup", { pages, progressCalls });
}

async function main() {
  report("ready", {});
  const ops = random.int(20, 400);
  for (let i = 0; i < ops; i++) {
    try {
      const op = random.weighted([
        [5, "write"],
        [1, "session"],
        [1, "rollback"],
        [5, "read"],
        [backups ? 0.3 : 0, "backup"],
        [1, "yield"],
      ]);
      if (op === "write") writeTransaction();
      else if (op === "session") writeTransaction({ useSession: true });
      else if (op === "rollback") writeTransaction({ rollback: true });
      else if (op === "read") readMix();
      else if (op === "backup") await backupOnce();
      else await new Promise((resolve) => setImmediate(resolve));
    } catch (err) {
      if (isBusy(err)) {
        report("busy", { errcode: err.errcode });
        continue;
      }
      report("error", { message: String(err && err.stack), code: err && err.code });
      return;
    }
  }
  // Some lifetimes end by themselves: closing everything, or just returning.
  if (random.chance(0.5)) {
    sql.clear();
    if (reader !== db) reader.close();
    db.close();
  }
  report("done", { udfCalls });
  parentPort.close();
}

main();
