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
      "node:sqlite's constructor always throws ERR_ILLEGAL_CONSTRUCTOR; the addon does too unless the first " +
      "argument is a database, and then validates the capacity.",
    match: (call) => targetIs(call, "new tag store constructor") && DATABASE_LABELS.has(argLabels(call)[0]),
  },
  {
    id: "backup-foreign-source",
    category: "node-crash",
    reason:
      "backup(sourceDb) with an object that is not a DatabaseSync: node:sqlite unwraps it blindly and aborts " +
      "(FATAL ERROR: Internal field out of bounds) or, for other native objects, reads the wrong struct " +
      "('database is not open', or returns undefined, after running the options' getters); the addon throws " +
      "the TypeError node uses for non-objects at once. Later calls of such a case are not compared.",
    match: (call, addon) =>
      (targetIs(call, "backup()") &&
        !DATABASE_LABELS.has(argLabels(call)[0]) &&
        addon.outcome === "TypeError/ERR_INVALID_ARG_TYPE" &&
        addon.message === 'The "sourceDb" argument must be an object.') ||
      call.case.steps.slice(0, call.index).some((s) => s.target.name === "backup()" && !DATABASE_LABELS.has((s.args[0] || { label: "" }).label)),
  },
  {
    id: "aggregate-step-error-lost",
    category: "node-bug",
    reason:
      "An aggregate whose step() throws while result() is a function: node:sqlite calls result() into V8 " +
      "with step()'s exception still pending, which drops it; the statement then fails with no error to " +
      "throw, so get(), all() and run() return undefined (all() and run() against their contract), " +
      "iterate()'s next() returns undefined, and exec() succeeds, or result()'s own error or a " +
      "conversion error is thrown. The addon rethrows step()'s error, as node does when result is absent.",
    match: (call, addon, node) => {
      if (!targetIs(call, "db.aggregate") || !/result: (fn|\(\) =>)/.test(argLabels(call)[1] || "")) return false;
      const [aCall, aThen] = addon.outcome.split(" then ");
      const [nCall, nThen] = node.outcome.split(" then ");
      return aCall === nCall && aThen !== undefined && nThen !== undefined && !aThen.startsWith("ok");
    },
  },
  // Node 24 (reported by `npm run stress`; the addon follows Node 26, spec §2.17).
  {
    id: "node24-missing-statement-methods",
    category: "node24",
    reference: "node24",
    reason: "StatementSync close(), [Symbol.dispose](), stat() and resetStats() arrived in Node 26.8; Node 24 lacks them.",
    match: (call, addon, node) =>
      /is not a function here$|^ctx\.stmt\.close is not a function$/.test(node.message || "") ||
      (node.outcome.startsWith("fixture") && /close is not a function/.test(node.message || "")),
  },
  {
    id: "node24-no-reentrancy-guards",
    category: "node24",
    reference: "node24",
    reason:
      "Node 24 has no callback re-entrancy guards (closing, deserializing or using the connection from its own " +
      "callbacks): it recurses, reports SQLite's misuse errors or crashes where Node 26 and the addon throw ERR_INVALID_STATE.",
    match: (call, addon) =>
      /database cannot be (accessed from an authorizer callback|closed while in a callback|deserialized while in a callback)|session cannot be closed while in a callback|statement is already being executed/.test(
        addon.message || "",
      ),
  },
  {
    id: "node24-undefined-binding",
    category: "node24",
    reference: "node24",
    reason: "Binding undefined gives NULL since Node 26.10 (PR #65709); Node 24 refuses it.",
    match: (call, addon, node) =>
      argLabels(call).includes("undefined") && /^Provided value cannot be bound/.test(node.message || ""),
  },
  {
    id: "node24-no-integer-checks",
    category: "node24",
    reference: "node24",
    reason:
      "Node 24 lacks Node 26's integer checks: a non-integer function/step/inverse length is accepted, and " +
      "run() counts, INT64_MIN and other unsafe integers are returned as lossy numbers instead of ERR_OUT_OF_RANGE.",
    match: (call, addon, node) =>
      /^(The "(function|options\.step|options\.inverse)\.length" property must be an integer\.|Value is too large to be represented as a JavaScript number)/.test(
        addon.message || "",
      ) || (/RangeError\/ERR_OUT_OF_RANGE/.test(addon.outcome) && /(^| then )ok/.test(node.outcome)),
  },
  {
    id: "node24-createSession-checks-options-first",
    category: "node24",
    reference: "node24",
    reason: "createSession(options) on a closed database: Node 24 validates the options first, Node 26 the database state.",
    match: (call, addon) => targetIs(call, "db.createSession") && addon.message === "database is not open",
  },
];

/**
 * Cases in which node:sqlite itself is known to crash (the whole process):
 * a backup() whose sourceDb is an object but not a DatabaseSync.
 */
const KNOWN_NODE_CRASHES = [
  {
    id: "backup-foreign-source",
    match: (c) => c.steps.some((s) => s.target.name === "backup()" && !DATABASE_LABELS.has((s.args[0] || { label: "" }).label)),
  },
];
const knownNodeCrash = (c) => KNOWN_NODE_CRASHES.find((k) => k.match(c));

module.exports = { ALLOWED, KNOWN_NODE_CRASHES, knownNodeCrash, thrown };
