"use strict";
// The user guide /work/shared/spec/advanced-patterns.md, run as written where possible
// against a temporary directory. Deviations from the guide are marked "DEVIATION".
// This file: backups with db.backup(); `console` and `process` are local stubs.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { sqlite, tmpPath } = require("./common");
const { ADDON_ONLY, fromExample, mockConsole } = require("./pattern-helpers");

const { DatabaseSync } = sqlite;

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

  test("backupDatabase", async (t) => {
    const { backupDatabase } = fromExample("backup-progress.js");
    const lines = mockConsole(t);

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

  test("backupWithProgress", async (t) => {
    const { backupWithProgress } = fromExample("backup-progress.js");
    const lines = mockConsole(t);
    // Only the progress bar is captured: the test runner's own output goes on through.
    const writes = [];
    const write = process.stdout.write;
    t.mock.method(process.stdout, "write", function (chunk, ...rest) {
      if (typeof chunk === "string" && chunk.startsWith("\r[")) return writes.push(chunk) > 0;
      return write.call(this, chunk, ...rest);
    });

    const { file, pages } = sourceDatabase(250);
    assert.ok(pages > 200, `${pages} pages`);
    const target = tmpPath("progress.db");
    await backupWithProgress(file, target);
    // The example prints the file name only (a guide fix: the guide prints the whole path).
    assert.deepEqual(lines, [`Starting backup of ${path.basename(file)}...`, "\nBackup completed!"]);
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
