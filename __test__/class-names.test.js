"use strict";
// The class names of node's next release (26.11): `Database` and `Statement`,
// with `DatabaseSync` (DEP0210) and `StatementSync` (DEP0211) as aliases of the
// same classes. Spec: api.md §1.10. Node 26.10 exports only the ...Sync names,
// so these tests are skipped on node:sqlite 26.10.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { pathToFileURL } = require("node:url");
const path = require("node:path");
const { sqlite, isNode, isAddon, addonPath } = require("./common");

const { DatabaseSync, StatementSync } = sqlite;
const skip = !("Database" in sqlite) && "node:sqlite 26.10 has no Database/Statement exports";

describe("Database and Statement", { skip }, () => {
  test("are the same classes as DatabaseSync and StatementSync", () => {
    assert.equal(sqlite.Database, DatabaseSync);
    assert.equal(sqlite.Statement, StatementSync);
  });

  test("instanceof works under either name", () => {
    const { Database, Statement } = sqlite;
    const db = new Database(":memory:");
    const old = new DatabaseSync(":memory:");
    try {
      for (const d of [db, old]) {
        assert.ok(d instanceof Database);
        assert.ok(d instanceof DatabaseSync);
        const stmt = d.prepare("SELECT 1 AS x");
        assert.ok(stmt instanceof Statement);
        assert.ok(stmt instanceof StatementSync);
        assert.deepStrictEqual(stmt.get(), { __proto__: null, x: 1 });
      }
      assert.equal(Object.getPrototypeOf(db), Database.prototype);
    } finally {
      db.close();
      old.close();
    }
  });

  test("the constructors keep their contracts under the new names", () => {
    const { Database, Statement } = sqlite;
    assert.throws(() => Database(":memory:"), {
      name: "TypeError",
      code: "ERR_CONSTRUCT_CALL_REQUIRED",
      message: "Cannot call constructor without `new`",
    });
    assert.throws(() => new Statement(), { name: "Error", code: "ERR_ILLEGAL_CONSTRUCTOR", message: "Illegal constructor" });
  });

  test(
    "the addon keeps node 26.10's names: DatabaseSync and StatementSync",
    { skip: isNode && "node 26.11 itself names the classes Database and Statement" },
    () => {
      const db = new sqlite.Database(":memory:");
      try {
        assert.equal(sqlite.Database.name, "DatabaseSync");
        assert.equal(sqlite.Statement.name, "StatementSync");
        assert.equal(db.constructor.name, "DatabaseSync");
        assert.equal(db.prepare("SELECT 1").constructor.name, "StatementSync");
      } finally {
        db.close();
      }
    },
  );

  test("the ESM entry exports both names as the same classes", async () => {
    const specifier = isAddon ? pathToFileURL(path.join(addonPath, "index.mjs")).href : "node:sqlite";
    const esm = await import(specifier);
    assert.equal(esm.Database, esm.DatabaseSync);
    assert.equal(esm.Statement, esm.StatementSync);
    assert.equal(esm.Database, sqlite.DatabaseSync);
    assert.equal(esm.default.Database, sqlite.DatabaseSync);
    assert.equal(esm.default.Statement, sqlite.StatementSync);
  });
});

describe("node 26.10's names", () => {
  test("DatabaseSync and StatementSync stay exported under their names", () => {
    assert.equal(typeof DatabaseSync, "function");
    assert.equal(typeof StatementSync, "function");
    assert.equal(DatabaseSync.name, isNode && "Database" in sqlite ? "Database" : "DatabaseSync");
    assert.equal(StatementSync.name, isNode && "Statement" in sqlite ? "Statement" : "StatementSync");
  });
});
