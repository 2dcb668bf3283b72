"use strict";
// Pragmas: tune memory use per connection, then read the settings back.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DatabaseSync } = require("@photostructure/sqlite");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
try {
  // Memory-mapped I/O for large databases
  const large = new DatabaseSync(path.join(dir, "large.db"));
  large.exec("PRAGMA mmap_size = 268435456"); // 256MB memory map
  console.log("mmap_size:", large.prepare("PRAGMA mmap_size").get().mmap_size);
  large.close();

  const db = new DatabaseSync(path.join(dir, "app.db"));

  // Set cache size (negative value = KB, positive = pages)
  db.exec("PRAGMA cache_size = -64000"); // 64MB cache

  // Keep temporary tables and indices in memory
  db.exec("PRAGMA temp_store = MEMORY");
  // Guide fix: SQLite has no temp_store_max_size pragma; unknown pragmas are silently ignored.

  // Guide fix: there is no cache_stats pragma either (its statement returns no row),
  // so read the settings back instead.
  const settings = {
    cache_size: db.prepare("PRAGMA cache_size").get().cache_size,
    temp_store: db.prepare("PRAGMA temp_store").get().temp_store, // 2 = MEMORY
    page_size: db.prepare("PRAGMA page_size").get().page_size,
  };
  console.log("Settings:", JSON.stringify(settings));
  assert.equal(settings.cache_size, -64000);
  assert.equal(settings.temp_store, 2);
  assert.equal(db.prepare("PRAGMA cache_stats").get(), undefined);

  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
