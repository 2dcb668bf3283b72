"use strict";
// Conflict handling: sync a primary to a replica that has diverged, deciding
// per conflict what to do in onConflict.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DatabaseSync, constants } = require("@photostructure/sqlite");

// Names of the conflict types, for logging.
const CONFLICT_TYPES = ["DATA", "NOTFOUND", "CONFLICT", "CONSTRAINT", "FOREIGN_KEY"];
const conflictName = (type) =>
  CONFLICT_TYPES.find((name) => constants[`SQLITE_CHANGESET_${name}`] === type) ?? String(type);

const conflictsSeen = []; // the arguments onConflict received

function syncDatabases(primaryPath, replicaPath) {
  const primary = new DatabaseSync(primaryPath);
  const replica = new DatabaseSync(replicaPath);

  // Track all changes on primary
  const session = primary.createSession();

  // Make changes on primary
  primary.exec("UPDATE products SET price = price * 1.1"); // 10% price increase

  // Get changeset
  const changeset = session.changeset();
  session.close();

  // Apply to replica with conflict handling
  const result = replica.applyChangeset(changeset, {
    // Guide fix: onConflict receives the conflict type (a number such as
    // constants.SQLITE_CHANGESET_DATA), not an object with table/oldRow/newRow.
    onConflict: (conflictType) => {
      conflictsSeen.push(conflictType);
      console.log(`Conflict detected: SQLITE_CHANGESET_${conflictName(conflictType)}`);

      // Conflict resolution strategies:
      // - SQLITE_CHANGESET_OMIT: Skip this change
      // - SQLITE_CHANGESET_REPLACE: Apply the change anyway
      // - SQLITE_CHANGESET_ABORT: Stop applying changes

      return constants.SQLITE_CHANGESET_REPLACE; // Force update
    },
  });

  // Guide fix: the result is a boolean (false only if a handler returned ABORT), not { changesApplied }.
  console.log(`Sync complete: ${result}`);

  primary.close();
  replica.close();
  return result;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
try {
  const primaryPath = path.join(dir, "primary.db");
  const replicaPath = path.join(dir, "replica.db");
  for (const file of [primaryPath, replicaPath]) {
    const db = new DatabaseSync(file);
    db.exec(`
      CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT, price REAL);
      INSERT INTO products VALUES (1, 'pen', 10), (2, 'ink', 20), (3, 'pad', 5);
    `);
    db.close();
  }
  // Someone changed the ink price on the replica only: updating that row conflicts.
  const diverged = new DatabaseSync(replicaPath);
  diverged.exec("UPDATE products SET price = 99 WHERE id = 2");
  diverged.close();

  assert.equal(syncDatabases(primaryPath, replicaPath), true);
  // One conflict, for the diverged row, reported as a number.
  assert.deepEqual(conflictsSeen, [constants.SQLITE_CHANGESET_DATA]);

  // REPLACE made the replica agree with the primary.
  const prices = (file) => {
    const db = new DatabaseSync(file, { readOnly: true });
    const result = db.prepare("SELECT name, round(price, 2) AS price FROM products ORDER BY id").all();
    db.close();
    return result.map((p) => `${p.name}=${p.price}`).join(", ");
  };
  console.log("Replica prices:", prices(replicaPath));
  assert.equal(prices(replicaPath), prices(primaryPath));
  const rows = (file) => {
    const db = new DatabaseSync(file, { readOnly: true });
    const result = db.prepare("SELECT * FROM products ORDER BY id").all();
    db.close();
    return result;
  };
  assert.deepEqual(rows(primaryPath).map((p) => p.price), [10 * 1.1, 20 * 1.1, 5 * 1.1]);
  assert.deepEqual(rows(replicaPath), rows(primaryPath));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
