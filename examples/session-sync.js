"use strict";
// Sessions: record the changes made to one database as a changeset and
// replay them on a replica.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DatabaseSync } = require("@photostructure/sqlite");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
try {
  // The primary and the replica start out identical.
  for (const name of ["main.db", "replica.db"]) {
    const setup = new DatabaseSync(path.join(dir, name));
    setup.exec(`
      CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, email TEXT);
      INSERT INTO users VALUES (1, 'Alice', 'alice@example.com'), (2, 'Carol', 'carol@example.com'),
        (3, 'Dan', 'dan@example.com');
    `);
    setup.close();
  }

  const db = new DatabaseSync(path.join(dir, "main.db"));

  // Create a session to track changes to the users table
  const session = db.createSession({ table: "users" });

  // Make some changes
  db.prepare("UPDATE users SET name = ? WHERE id = ?").run("Alice Smith", 1);
  db.prepare("INSERT INTO users (name, email) VALUES (?, ?)").run("Bob", "bob@example.com");
  db.prepare("DELETE FROM users WHERE id = ?").run(3);

  // Get the changes as a changeset
  const changeset = session.changeset();
  console.log(`Changeset size: ${changeset.length} bytes`);

  // Close the session
  session.close();

  // Apply changes to another database
  const replicaDb = new DatabaseSync(path.join(dir, "replica.db"));
  const result = replicaDb.applyChangeset(changeset);
  // Guide fix: applyChangeset() returns true (applied) or false (aborted), not { changesApplied }.
  console.log(`Applied: ${result}`);

  const users = (conn) => conn.prepare("SELECT id, name, email FROM users ORDER BY id").all();
  console.log("Replica users:", users(replicaDb).map((u) => `${u.id}=${u.name}`).join(", "));
  assert.equal(result, true);
  assert.ok(changeset.length > 0);
  assert.deepEqual(users(db).map((u) => ({ ...u })), [
    { id: 1, name: "Alice Smith", email: "alice@example.com" },
    { id: 2, name: "Carol", email: "carol@example.com" },
    { id: 4, name: "Bob", email: "bob@example.com" },
  ]);
  assert.deepEqual(users(replicaDb), users(db));

  db.close();
  replicaDb.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
