// A short tour of the main job: worker threads with their own connections,
// an online backup with progress that leaves the event loop free, and a
// changeset round trip between two databases.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { DatabaseSync, backup } = require("..");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "photostructure-sqlite-demo-"));
const file = path.join(dir, "app.db");

async function main() {
  // 1. A file database with some rows, written in one transaction.
  const db = new DatabaseSync(file);
  db.exec(`
    PRAGMA journal_mode = WAL;
    CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT, price REAL);
  `);
  const insert = db.prepare("INSERT INTO products(name, category, price) VALUES (?, ?, ?)");
  db.exec("BEGIN");
  for (let i = 0; i < 20000; i++) {
    insert.run(`product ${i}`, ["books", "electronics", "garden"][i % 3], Math.round(i * 1.7) / 100);
  }
  db.exec("COMMIT");
  console.log("1. wrote", db.prepare("SELECT count(*) AS n FROM products").get().n, "rows to", path.basename(file));

  // 2. Four worker threads, each with its own connection, answer queries.
  const workerCode = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { DatabaseSync } = require(${JSON.stringify(path.resolve(__dirname, ".."))});
    const db = new DatabaseSync(workerData.file, { readOnly: true });
    parentPort.on("message", ({ category }) => {
      const stmt = db.prepare("SELECT count(*) AS n, round(sum(price), 2) AS total FROM products WHERE category = ?");
      parentPort.postMessage({ category, ...stmt.get(category) });
      stmt.finalize();
    });
  `;
  const categories = ["books", "electronics", "garden", "books"];
  const workers = categories.map(() => new Worker(workerCode, { eval: true, workerData: { file } }));
  const answers = await Promise.all(
    workers.map(
      (worker, i) =>
        new Promise((resolve, reject) => {
          worker.once("message", resolve);
          worker.once("error", reject);
          worker.postMessage({ category: categories[i] });
        }),
    ),
  );
  await Promise.all(workers.map((w) => w.terminate()));
  console.log("2. workers answered:");
  for (const a of answers) console.log(`   ${a.category.padEnd(12)} ${a.n} rows, total ${a.total}`);

  // 3. An online backup on the libuv thread pool, with progress; timers keep
  //    firing meanwhile.
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const progress = [];
  const target = path.join(dir, "backup.db");
  const pages = await backup(db, target, {
    rate: 10,
    progress: ({ totalPages, remainingPages }) => progress.push(totalPages - remainingPages),
  });
  clearInterval(timer);
  const copy = new DatabaseSync(target, { readOnly: true });
  console.log(
    `3. backup: ${pages} pages, ${progress.length} progress calls, ${ticks} timer ticks during it,`,
    "integrity", copy.prepare("PRAGMA integrity_check").get().integrity_check + ",",
    copy.prepare("SELECT count(*) AS n FROM products").get().n, "rows in the copy",
  );
  copy.close();

  // 4. A changeset round trip: record changes on one database, apply them to
  //    the backup, then undo them there with the inverted changeset.
  const replica = new DatabaseSync(target);
  const session = db.createSession({ table: "products" });
  db.prepare("UPDATE products SET price = price * 2 WHERE category = ?").run("garden");
  db.prepare("DELETE FROM products WHERE id <= ?").run(10);
  db.prepare("INSERT INTO products(name, category, price) VALUES (?, ?, ?)").run("new thing", "books", 9.99);
  const changeset = session.changeset();
  session.close();
  const sum = (d) => d.prepare("SELECT count(*) AS n, round(sum(price), 2) AS total FROM products").get();
  console.log(`4. changeset of ${changeset.length} bytes; primary now`, { ...sum(db) });
  console.log("   replica before:", { ...sum(replica) });
  replica.applyChangeset(changeset);
  console.log("   replica after: ", { ...sum(replica) });
  const { changesetInvert } = require("..");
  replica.applyChangeset(changesetInvert(changeset));
  console.log("   after undo:    ", { ...sum(replica) });

  replica.close();
  db.close();
}

main()
  .then(() => fs.rmSync(dir, { recursive: true, force: true }))
  .catch((err) => {
    fs.rmSync(dir, { recursive: true, force: true });
    console.error(err);
    process.exitCode = 1;
  });
