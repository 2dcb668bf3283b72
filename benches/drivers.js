"use strict";
// The drivers under comparison, behind the few calls whose spelling differs.
// Workloads call the driver's own statement methods (get/all/iterate/run)
// directly, so no adapter code sits inside a timed loop.
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** node:sqlite-shaped drivers: node:sqlite itself, this addon, @photostructure/sqlite 2.6. */
function nodeShaped(load) {
  return {
    load,
    // `statementCache` is this addon's option; node:sqlite and 2.6 ignore unknown options.
    open(mod, file, { readOnly = false, statementCache } = {}) {
      return new mod.DatabaseSync(file, statementCache === undefined ? { readOnly } : { readOnly, statementCache });
    },
    arrays(stmt) {
      stmt.setReturnArrays(true);
      return stmt;
    },
    closeStatement(stmt) {
      stmt.close?.();
    },
    defineFunction(db, name, fn) {
      db.function(name, { deterministic: true }, fn);
    },
    backup(mod, db, dest) {
      return mod.backup(db, dest);
    },
  };
}

const DRIVERS = {
  "node:sqlite": { label: "node:sqlite", ...nodeShaped(() => require("node:sqlite")) },
  addon: { label: "this addon", ...nodeShaped(() => require(root)) },
  "better-sqlite3": {
    label: "better-sqlite3",
    load: () => require("better-sqlite3"),
    open(Database, file, { readOnly = false } = {}) {
      return new Database(file, { readonly: readOnly });
    },
    arrays(stmt) {
      return stmt.raw(true);
    },
    // better-sqlite3 statements have no close(): the GC finalizes them.
    closeStatement() {},
    defineFunction(db, name, fn) {
      db.function(name, { deterministic: true }, fn);
    },
    backup(_mod, db, dest) {
      return db.backup(dest);
    },
  },
  "ps-sqlite": { label: "@photostructure/sqlite 2.6.0", ...nodeShaped(() => require("ps-sqlite")) },
};

/** The A/A control: node:sqlite again, in a process of its own. */
DRIVERS["node:sqlite (A/A)"] = { ...DRIVERS["node:sqlite"], label: "node:sqlite, 2nd process (A/A)" };

module.exports = { DRIVERS, BASELINE: "node:sqlite", CONTROL: "node:sqlite (A/A)" };
