"use strict";
// Child of the crash scenario: writes transactions into the database named in
// argv until it is killed. Each transaction inserts `n` rows sharing a `txn`
// id (each row carrying `n`) and sets meta.last; after COMMIT returns, the id
// is written to stdout synchronously, before the next transaction starts.
const fs = require("node:fs");
const { createRandom } = require("./prng");
const { load } = require("./impl");

const [file, firstTxn, seed] = process.argv.slice(2);
const { DatabaseSync } = load();
const random = createRandom(seed, "crash-child", firstTxn);

const db = new DatabaseSync(file);
// A tiny page cache makes big transactions spill into the database file (or
// the WAL) before COMMIT, and frequent checkpoints get interrupted too.
db.exec("PRAGMA cache_size = 8; PRAGMA wal_autocheckpoint = 20");
const insert = db.prepare("INSERT INTO rows(txn, seq, n, payload) VALUES (?, ?, ?, ?)");
const setLast = db.prepare("UPDATE meta SET last = ?");

fs.writeSync(1, "ready\n");
for (let txn = Number(firstTxn); ; txn++) {
  const n = random.weighted([
    [6, random.int(1, 10)],
    [2, random.int(10, 200)],
    [1, random.int(200, 1500)],
  ]);
  db.exec(random.chance(0.5) ? "BEGIN IMMEDIATE" : "BEGIN");
  for (let seq = 0; seq < n; seq++) {
    if (random.chance(0.1)) {
      db.exec(`INSERT INTO rows(txn, seq, n, payload) VALUES (${txn}, ${seq}, ${n}, randomblob(${random.int(0, 3000)}))`);
    } else {
      insert.run(txn, seq, n, random.chance(0.5) ? new Uint8Array(random.int(0, 2000)).fill(seq & 0xff) : `row ${seq}`);
    }
    if (random.chance(0.02)) {
      db.exec("SAVEPOINT s");
      insert.run(txn, -1 - seq, n, null);
      db.exec("ROLLBACK TO s; RELEASE s");
    }
  }
  setLast.run(txn);
  if (random.chance(0.05)) db.exec(`DELETE FROM rows WHERE txn < ${txn - 200}`);
  db.exec("COMMIT");
  fs.writeSync(1, `${txn}\n`);
}
