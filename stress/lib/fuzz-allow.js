"use strict";
// Intentional differences between the addon and node:sqlite in the fuzz
// outcomes, each with its reason and category:
//   extra      the addon documents behaviour that node lacks;
//   node-crash node:sqlite crashes or reads foreign memory here, the addon throws;
//   node-bug   node:sqlite loses an error that the addon reports;
//   node24     Node 24's node:sqlite differs from Node 26's, which the addon follows.
// `match(call, addon, reference)` gets the differing call (`call.step` with
// its target and argument labels, `call.case`) and both sides' `{ outcome,
// message }`; `reference` limits a rule to one comparison ('node' = node:sqlite
// on Node 26, 'node24' = on Node 24).

const DATABASE_LABELS = new Set(["ctx.db", "ctx.otherDb", "ctx.closedDb"]);
const targetIs = (call, name) => call.step.target.name === name;
const argLabels = (call) => call.step.args.map((a) => a.label);
const thrown = (side) => !side.outcome.startsWith("ok") && !side.outcome.startsWith("resolved");

const ALLOWED = [
  {
    id: "tag-store-constructor",
    category: "extra",
    reason:
      "SQLTagStore is exported and `new SQLTagStore(db[, capacity])` builds a store (README extras); " +
      "node:sqlite's constructor always throws ERR_ILLEGAL_CONSTRUCTOR, the addon validates db and capacity instead.",
    match: (call) => targetIs(call, "new tag store constructor"),
  },
  {
    id: "backup-foreign-source",
    category: "node-crash",
    reason:
      "backup(sourceDb) with an object that is not a DatabaseSync: node:sqlite unwraps it blindly and aborts " +
      "(FATAL ERROR: Internal field out of bounds) or, for other native objects, reads the wrong struct " +
      "('database is not open', or returns undefined); the addon throws the TypeError node uses for non-objects.",
    match: (call, addon) =>
      targetIs(call, "backup()") &&
      !DATABASE_LABELS.has(argLabels(call)[0]) &&
      addon.outcome === "TypeError/ERR_INVALID_ARG_TYPE" &&
      addon.message === 'The "sourceDb" argument must be an object.',
  },
  {
    id: "aggregate-step-error-lost",
    category: "node-bug",
    reason:
      "An aggregate whose step() throws while result() is a function: node:sqlite drops the exception " +
      "(the query succeeds, or fails with an empty ERR_SQLITE_ERROR); the addon rethrows step()'s error.",
    match: (call, addon, node) => {
      if (!targetIs(call, "db.aggregate") || !/result: (fn|\(\) =>)/.test(argLabels(call)[1] || "")) return false;
      const [aCall, aThen] = addon.outcome.split(" then ");
      const [nCall, nThen] = node.outcome.split(" then ");
      return aCall === nCall && aThen !== undefined && !aThen.startsWith("ok") &&
        (nThen.startsWith("ok") || (nThen === "Error/ERR_SQLITE_ERROR/1" && node.message === ""));
    },
  },
];

module.exports = { ALLOWED, thrown };
