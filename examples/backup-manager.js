"use strict";
// A backup manager: timestamped backups with db.backup(), keeping only the
// newest few, optionally on a timer.
const assert = require("node:assert/strict");
const fs = require("fs").promises;
const os = require("os");
const path = require("path");
const { DatabaseSync } = require("@photostructure/sqlite");

class DatabaseBackupManager {
  constructor(dbPath, backupDir, options = {}) {
    this.dbPath = dbPath;
    this.backupDir = backupDir;
    this.maxBackups = options.maxBackups || 7;
    this.backupInterval = options.interval || 24 * 60 * 60 * 1000; // 24 hours
  }

  async createBackup() {
    const timestamp = new Date().toISOString().replace(/:/g, "-").split(".")[0];
    const backupName = `backup-${timestamp}.db`;
    const backupPath = path.join(this.backupDir, backupName);

    // Ensure backup directory exists
    await fs.mkdir(this.backupDir, { recursive: true });

    // Create backup
    const db = new DatabaseSync(this.dbPath);
    try {
      await db.backup(backupPath);
      console.log(`Backup created: ${backupName}`);

      // Clean old backups
      await this.cleanOldBackups();
    } finally {
      db.close();
    }

    return backupPath;
  }

  async cleanOldBackups() {
    const files = await fs.readdir(this.backupDir);
    const backups = files
      .filter((f) => f.startsWith("backup-") && f.endsWith(".db"))
      .sort()
      .reverse();

    // Remove old backups
    for (const backup of backups.slice(this.maxBackups)) {
      await fs.unlink(path.join(this.backupDir, backup));
      console.log(`Removed old backup: ${backup}`);
    }
  }

  startAutoBackup() {
    // Guide fix: catch a failure of the initial backup too, and return its
    // promise so callers can wait for it.
    const initial = this.createBackup().catch(console.error); // Initial backup
    this.intervalId = setInterval(() => {
      this.createBackup().catch(console.error);
    }, this.backupInterval);
    return initial;
  }

  stopAutoBackup() {
    if (this.intervalId) {
      clearInterval(this.intervalId);
    }
  }
}

module.exports = { DatabaseBackupManager };

async function main(dir) {
  const dbPath = path.join(dir, "app.db");
  const db = new DatabaseSync(dbPath);
  db.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('a'), ('b'), ('c');");
  db.close();

  // Five backups from an earlier run are already there.
  const backupDir = path.join(dir, "backups");
  await fs.mkdir(backupDir);
  for (let day = 1; day <= 5; day++) {
    await fs.writeFile(path.join(backupDir, `backup-2020-01-0${day}T00-00-00.db`), "");
  }

  // Usage
  const backupManager = new DatabaseBackupManager(dbPath, backupDir, {
    maxBackups: 3,
    interval: 6 * 60 * 60 * 1000, // 6 hours
  });

  await backupManager.startAutoBackup();
  backupManager.stopAutoBackup(); // a real application would keep it running

  const kept = (await fs.readdir(backupDir)).sort();
  console.log(`Kept ${kept.length} backups`);
  assert.equal(kept.length, 3);
  const newest = new DatabaseSync(path.join(backupDir, kept[kept.length - 1]), { readOnly: true });
  const { n } = newest.prepare("SELECT count(*) AS n FROM notes").get();
  console.log(`Newest backup has ${n} notes`);
  assert.equal(n, 3);
  newest.close();
}

if (require.main === module) {
  fs.mkdtemp(path.join(os.tmpdir(), "sqlite-example-")).then((dir) =>
    main(dir).finally(() => fs.rm(dir, { recursive: true, force: true })),
  );
}
