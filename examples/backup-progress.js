"use strict";
// Online backups with db.backup(): a plain one, then one that draws a
// progress bar. The copy runs off the main thread; the promise resolves when done.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DatabaseSync } = require("@photostructure/sqlite");

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

async function backupWithProgress(sourcePath, backupPath) {
  const db = new DatabaseSync(sourcePath);

  console.log(`Starting backup of ${path.basename(sourcePath)}...`);

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

module.exports = { backupDatabase, backupWithProgress };

async function main(dir) {
  // A source database of about 250 pages, so the progress bar moves a few times.
  const sourcePath = path.join(dir, "production.db");
  const db = new DatabaseSync(sourcePath);
  db.exec(`
    CREATE TABLE photos(id INTEGER PRIMARY KEY, data BLOB);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
    INSERT INTO photos(data) SELECT randomblob(3000) FROM n;
  `);
  db.close();

  const plainCopy = path.join(dir, "backup-2024-01-15.db");
  await backupDatabase(sourcePath, plainCopy);
  await backupWithProgress(sourcePath, path.join(dir, "backup-with-progress.db"));

  // Each copy is a complete, consistent database.
  for (const file of [plainCopy, path.join(dir, "backup-with-progress.db")]) {
    const copy = new DatabaseSync(file, { readOnly: true });
    const { integrity_check } = copy.prepare("PRAGMA integrity_check").get();
    const { rows } = copy.prepare("SELECT count(*) AS rows FROM photos").get();
    console.log(`${path.basename(file)}: ${rows} rows, integrity ${integrity_check}`);
    assert.equal(integrity_check, "ok");
    assert.equal(rows, 250);
    copy.close();
  }

  // A failed backup is reported, not thrown, by backupDatabase().
  await backupDatabase(sourcePath, path.join(dir, "no-such-dir", "backup.db"));
}

if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
  main(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
