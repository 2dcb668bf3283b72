"use strict";
// URI filenames: open options passed as query parameters of a file: URI.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { DatabaseSync } = require("@photostructure/sqlite");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
try {
  const referencePath = path.join(dir, "reference.db");
  const setup = new DatabaseSync(referencePath);
  setup.exec("CREATE TABLE countries(code TEXT PRIMARY KEY, name TEXT); INSERT INTO countries VALUES ('FR', 'France'), ('JP', 'Japan');");
  setup.close();

  // Guide fix: the guide's URIs are relative ("file:reference.db?..."); pathToFileURL()
  // builds an absolute one, encoded correctly on every platform.
  const uri = (file, params) => `${pathToFileURL(file).href}?${params}`;

  // High-performance read-only configuration
  const readOnlyDb = new DatabaseSync(uri(referencePath, "mode=ro&immutable=1&nolock=1"));
  const names = readOnlyDb.prepare("SELECT name FROM countries ORDER BY code").all().map((c) => c.name);
  console.log("Read-only database:", names.join(", "));
  assert.deepEqual(names, ["France", "Japan"]);
  try {
    readOnlyDb.exec("INSERT INTO countries VALUES ('DE', 'Germany')");
    assert.fail("the write should have been refused");
  } catch (error) {
    console.log("Write refused:", error.message);
    assert.equal(error.errstr, "attempt to write a readonly database");
  }
  readOnlyDb.close();

  // Optimized for write-heavy workloads (mode=rwc creates the file if needed)
  const dataPath = path.join(dir, "data.db");
  const writeDb = new DatabaseSync(uri(dataPath, "mode=rwc&cache=private&psow=0"));
  writeDb.exec("CREATE TABLE events(id INTEGER PRIMARY KEY, kind TEXT); INSERT INTO events(kind) VALUES ('start');");
  // location() is the plain file path, without the URI parameters.
  console.log("Created:", path.basename(writeDb.location()), fs.existsSync(dataPath));
  assert.equal(path.basename(writeDb.location()), "data.db");
  writeDb.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
