"use strict";
// Fuzz cases: `generateCase(seed, index, mode)` picks, from the PRNG alone, a
// fixture plan and 1-4 calls (target, receiver, arguments); `runCase(sqlite,
// c)` builds a fresh fixture and performs the calls, returning per call an
// outcome, `ok:<kind of result>` or `<class>/<code>` (plus `/<errcode>` for
// SQLite errors), and the error message separately.
const { types } = require("node:util");
const { createRandom } = require("./prng");
const { FuzzError, constant, generateValue } = require("./fuzz-values");
const { TARGETS } = require("./fuzz-targets");

const STATEMENTS = [
  "SELECT * FROM t WHERE a > ?",
  "SELECT $a AS a, :b AS b, @c AS c",
  // (Into log: a callback that runs it during a scan of t must not feed the scan.)
  "INSERT INTO log VALUES (?)",
  "SELECT ?1 AS x, ?2 AS y",
  "SELECT f(a) AS v FROM t",
];

/** Disturbances of the fixture before the calls. */
const PRE = [
  ["advance iterator", (ctx) => ctx.it.next()],
  ["finish iterator", (ctx) => ctx.it.return()],
  ["close stmt", (ctx) => ctx.stmt.close()],
  ["close session", (ctx) => ctx.session.close()],
  ["begin transaction", (ctx) => ctx.db.exec("BEGIN; INSERT INTO t(b) VALUES ('in txn')")],
  ["authorizer", (ctx) => ctx.db.setAuthorizer(() => 0)],
  ["close db", (ctx) => ctx.db.close()],
];

function generateCase(seed, index, mode = "compare") {
  const random = createRandom(seed, mode, index);
  const targets = mode === "compare" ? TARGETS.filter((t) => !t.extra) : TARGETS;
  const plan = {
    statement: random.pick(STATEMENTS),
    pre: [],
  };
  for (const pre of PRE) if (random.chance(0.08)) plan.pre.push(pre);
  const steps = [];
  for (let i = random.weighted([[5, 1], [3, 2], [1, 3], [1, 4]]); i > 0; i--) {
    const target = random.pick(targets);
    const templates = target.templates(random);
    let args = random.pick(templates).slice();
    const how = random.weighted([[3, "as is"], [5, "one"], [1, "all"], [1, "drop"], [1, "append"]]);
    if (how === "one" && args.length) args[random.int(0, args.length - 1)] = generateValue(random);
    else if (how === "one" || how === "append") args.push(generateValue(random));
    else if (how === "all") args = args.map(() => generateValue(random));
    else if (how === "drop") args = args.slice(0, random.int(0, Math.max(0, args.length - 1)));
    const receiver = target.receiver && random.chance(0.1) ? generateValue(random) : undefined;
    const follow = target.follow && random.chance(0.8) ? random.pick(target.follow) : undefined;
    steps.push({ target, args, receiver, follow });
  }
  return { seed, index, mode, plan, steps };
}

/** A readable form of a case, for reports and reproduction. */
function describeCase(c) {
  const pre = c.plan.pre.length ? ` [${c.plan.pre.map((p) => p[0]).join(", ")}]` : "";
  const steps = c.steps.map((s) => {
    const self = s.receiver ? ` with this = ${s.receiver.label}` : "";
    const follow = s.follow ? ` then ${s.follow}` : "";
    return `${s.target.name}(${s.args.map((a) => a.label).join(", ")})${self}${follow}`;
  });
  return `stmt ${JSON.stringify(c.plan.statement)}${pre}: ${steps.join(" ; ")}`;
}

/** The kind of a result (a proxy counts as what it stands for, unless revoked). */
function kindOf(v) {
  try {
    return plainKindOf(v);
  } catch {
    return "revoked proxy";
  }
}

function plainKindOf(v) {
  if (v === null) return "null";
  const t = typeof v;
  if (t !== "object") return t;
  if (Array.isArray(v)) return "array";
  if (v instanceof Uint8Array) return "Uint8Array";
  if (types.isPromise(v)) return "promise";
  const p = Object.getPrototypeOf(v);
  if (p === null) return "null-prototype object";
  if (p === Object.prototype) return "object";
  return "instance";
}

function describeError(e) {
  if (types.isProxy(e)) return [`throw proxy`, ""];
  if (e instanceof FuzzError) return ["FuzzError", e.message];
  if (e === null || (typeof e !== "object" && typeof e !== "function")) return [`throw ${typeof e}`, String(e)];
  const name = e.constructor && typeof e.constructor.name === "string" ? e.constructor.name : "?";
  const code = e.code === undefined ? "" : `/${e.code}`;
  const errcode = e.errcode === undefined ? "" : `/${e.errcode}`;
  return [`${name}${code}${errcode}`, String(e.message).slice(0, 200)];
}

function makeFixture(sqlite, plan) {
  const { DatabaseSync } = sqlite;
  const schema = "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c BLOB)";
  const source = new DatabaseSync(":memory:");
  source.exec(schema);
  const recorder = source.createSession();
  source.exec("INSERT INTO t VALUES (1, 'x', x'00ff'), (10, 'cs', NULL)");
  const changeset = recorder.changeset();
  recorder.close();
  source.close();

  const db = new DatabaseSync(":memory:");
  db.exec(`${schema}; INSERT INTO t VALUES (1, 'x', x'00ff'), (2, NULL, NULL), (3, 'z', zeroblob(2)); CREATE TABLE log(x)`);
  db.function("f", { varargs: true }, (x) => x ?? 0);
  const ctx = {
    sqlite,
    db,
    otherDb: new DatabaseSync(":memory:"),
    closedDb: new DatabaseSync(":memory:"),
    serialized: db.serialize(),
    changeset,
    stmt: db.prepare(plan.statement),
    it: db.prepare("SELECT * FROM t").iterate(),
    session: db.createSession(),
    store: db.createTagStore(2),
    depth: 0,
    created: [],
  };
  ctx.closedDb.close();
  for (const [, act] of plan.pre) act(ctx);
  return ctx;
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((resolve) => (timer = setTimeout(() => resolve("__timeout__"), ms))),
  ]);
}

async function followUp(ctx, follow, result) {
  switch (follow) {
    case "result.all()":
      return result.all();
    case "result.get`SELECT ${1} AS v`":
      return result.get`SELECT ${1} AS v`;
    case "session use":
      ctx.db.exec("INSERT INTO t(b) VALUES ('recorded')");
      return result.changeset();
    case "iterate result":
      result.next();
      result.next();
      return result.return();
    case "ctor use":
      return result.prepare("SELECT 1 AS v").get();
    default:
      return ctx.db.prepare(follow).all();
  }
}

async function runStep(ctx, step) {
  let self;
  let args;
  try {
    self = step.receiver ? step.receiver.make(ctx) : step.target.receiver ? step.target.receiver(ctx) : undefined;
    args = step.args.map((a) => a.make(ctx));
  } catch (e) {
    return ["fuzz-setup-failed", String(e && e.message)];
  }
  let result;
  try {
    result = step.target.invoke(ctx, self, args);
  } catch (e) {
    return describeError(e);
  }
  if (!types.isProxy(result) && result instanceof ctx.sqlite.DatabaseSync) ctx.created.push(result);
  let outcome = `ok:${kindOf(result)}`;
  let message = "";
  if (types.isPromise(result)) {
    try {
      const settled = await withTimeout(result, 20000);
      outcome = settled === "__timeout__" ? "timeout" : `resolved:${kindOf(settled)}`;
    } catch (e) {
      const [o, m] = describeError(e);
      outcome = `rejected:${o}`;
      message = m;
    }
  }
  if (step.follow && outcome.startsWith("ok")) {
    try {
      outcome += ` then ok:${kindOf(await followUp(ctx, step.follow, result))}`;
    } catch (e) {
      const [o, m] = describeError(e);
      outcome += ` then ${o}`;
      message = m;
    }
  }
  return [outcome, message];
}

function cleanup(ctx) {
  for (const db of [ctx.db, ctx.otherDb, ...ctx.created]) {
    try {
      if (db.isOpen) db.close();
    } catch {
      // A database left in an odd state by the case: the GC takes it.
    }
  }
}

/** Runs a case on `sqlite`; resolves with `{ outcome, message }`. */
async function runCase(sqlite, c) {
  let ctx;
  try {
    ctx = makeFixture(sqlite, c.plan);
  } catch (e) {
    const [o, m] = describeError(e);
    return { outcomes: [`fixture ${o}`], messages: [m] };
  }
  const outcomes = [];
  const messages = [];
  for (const step of c.steps) {
    const [o, m] = await runStep(ctx, step);
    outcomes.push(o);
    messages.push(m);
  }
  cleanup(ctx);
  return { outcomes, messages };
}

module.exports = { generateCase, runCase, describeCase, constant };
