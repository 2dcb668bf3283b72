"use strict";
// What the fuzz calls: every constructor, method, getter and setter of the
// public API, each with a few plausible argument lists that the case generator
// then mutates. `extra: true` marks the addon's additions, which node lacks.
const { value, constant, generateFunction, generateObject, generateValue, SQL } = require("./fuzz-values");

const S = (s) => constant(JSON.stringify(s), s);
const B = (b) => constant(String(b), b);
const N = (n) => constant(String(n), n);

/** An options object with plausible values for `spec` keys (some missing, some odd). */
function options(random, spec) {
  const entries = [];
  for (const [key, candidates] of Object.entries(spec)) {
    if (random.chance(0.5)) continue;
    const pick = random.pick(candidates);
    entries.push([key, typeof pick === "function" ? pick(random) : pick]);
  }
  if (random.chance(0.3)) return generateObject(random, 1, Object.keys(spec));
  const label = `{${entries.map(([k, v]) => `${k}: ${v.label}`).join(", ")}}`;
  return value(label, (ctx) => Object.fromEntries(entries.map(([k, v]) => [k, v.make(ctx)])));
}

const BOOL = [B(true), B(false)];
const fn = (random) => generateFunction(random, 1);
const simpleFn = (ret) => value(`() => ${ret.label}`, (ctx) => () => ret.make(ctx));

const DB_OPTIONS = {
  open: BOOL,
  readOnly: BOOL,
  enableForeignKeyConstraints: BOOL,
  enableDoubleQuotedStringLiterals: BOOL,
  timeout: [N(0), N(10), N(-1)],
  readBigInts: BOOL,
  returnArrays: BOOL,
  allowBareNamedParameters: BOOL,
  allowUnknownNamedParameters: BOOL,
  defensive: BOOL,
  limits: [(r) => options(r, { length: [N(10), N(1e9), N(0)], attach: [N(0), N(1000)], variableNumber: [N(1), N(5)] })],
};
const PREPARE_OPTIONS = {
  readBigInts: BOOL,
  returnArrays: BOOL,
  allowBareNamedParameters: BOOL,
  allowUnknownNamedParameters: BOOL,
  persistent: BOOL,
};
const FUNCTION_OPTIONS = { deterministic: BOOL, directOnly: BOOL, useBigIntArguments: BOOL, varargs: BOOL };
const AGGREGATE_OPTIONS = {
  start: [N(0), S(""), constant("null", null), fn],
  step: [fn, fn, simpleFn(N(1))],
  result: [fn, simpleFn(N(2))],
  inverse: [fn],
  ...FUNCTION_OPTIONS,
};
const BACKUP_OPTIONS = { rate: [N(1), N(5), N(100)], source: [S("main"), S("temp")], target: [S("main")], progress: [fn] };
const APPLY_OPTIONS = { filter: [fn, simpleFn(B(true))], onConflict: [fn, simpleFn(N(1))] };

const sql = (random) => random.pick(SQL);
const params = (random) => {
  const out = [];
  if (random.chance(0.4)) out.push(options(random, { a: [N(1)], $a: [S("x")], ":b": [N(2)], "@c": [B(true)] }));
  for (let i = random.int(0, 3); i > 0; i--) out.push(generateValue(random, 1));
  return out;
};
const notATemplate = constant("null strings", null);
const templateArgs = (random) => [
  value("`SELECT ${x} AS a, ${y} AS b`", () => ((s) => s)`SELECT ${0} AS a, ${0} AS b`),
  generateValue(random, 1),
  generateValue(random, 1),
];

/** Follow-up SQL that exercises what a call registered. */
const USE_FUNCTION = ["SELECT f() AS v", "SELECT f(1) AS v", "SELECT f(1, 'a') AS v", "SELECT f(a, b, c) AS v FROM t"];
const USE_AGGREGATE = ["SELECT agg(a) AS v FROM t", "SELECT agg(a, b) AS v FROM t", "SELECT agg(a) OVER (ORDER BY a) AS v FROM t", "SELECT agg(a) AS v FROM t WHERE 0"];

const proto = (ctx, name) => ctx.sqlite[name].prototype;
const getterOf = (obj, key) => {
  for (let o = obj; o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d.get;
  }
  return undefined;
};

const TARGETS = [];

function method(name, { on, receiver, templates, extra = false, follow }) {
  TARGETS.push({
    name,
    extra,
    receiver,
    templates,
    follow,
    invoke(ctx, self, args) {
      const f = on(ctx);
      if (typeof f !== "function") throw new TypeError(`fuzz: ${name} is not a function here`);
      return Reflect.apply(f, self, args);
    },
  });
}

// ---- DatabaseSync ------------------------------------------------------------
const dbMethod = (key, templates, extra = {}) =>
  method(`db.${typeof key === "symbol" ? "[Symbol.dispose]" : key}`, {
    on: (ctx) => proto(ctx, "DatabaseSync")[key],
    receiver: (ctx) => ctx.db,
    templates,
    ...extra,
  });

dbMethod("open", () => [[]], { follow: ["SELECT 1 AS v"] });
dbMethod("close", () => [[]]);
dbMethod("prepare", (r) => [[sql(r)], [sql(r), options(r, PREPARE_OPTIONS)]], { follow: ["result.all()"] });
dbMethod("exec", (r) => [[sql(r)], [S("INSERT INTO t(b) VALUES ('z')")], [S("BEGIN; INSERT INTO t(b) VALUES (1)")]]);
dbMethod("function", (r) => [[S("f"), fn(r)], [S("f"), options(r, FUNCTION_OPTIONS), fn(r)]], { follow: USE_FUNCTION });
dbMethod("createTagStore", () => [[], [N(2)]], { follow: ["result.get`SELECT ${1} AS v`"] });
dbMethod("location", () => [[], [S("main")]]);
dbMethod("aggregate", (r) => [[S("agg"), options(r, AGGREGATE_OPTIONS)]], { follow: USE_AGGREGATE });
dbMethod("createSession", (r) => [[], [options(r, { table: [S("t")], db: [S("main")] })]], { follow: ["session use"] });
dbMethod("applyChangeset", (r) => [
  [value("valid changeset", (ctx) => ctx.changeset.slice())],
  [value("valid changeset", (ctx) => ctx.changeset.slice()), options(r, APPLY_OPTIONS)],
]);
dbMethod("enableLoadExtension", () => [[B(false)], [B(true)]]);
dbMethod("enableDefensive", () => [[B(true)], [B(false)]]);
// The fixture never allows extensions, so nothing is ever loaded.
dbMethod("loadExtension", () => [[S("/nonexistent/fuzz-ext")]]);
dbMethod("serialize", () => [[], [S("main")]]);
dbMethod("deserialize", (r) => [
  [value("serialized db", (ctx) => ctx.serialized.slice())],
  [value("serialized db", (ctx) => ctx.serialized.slice()), options(r, { dbName: [S("main"), S("temp")] })],
], { follow: ["SELECT count(*) AS v FROM t"] });
dbMethod("setAuthorizer", (r) => [[fn(r)], [constant("null", null)]], { follow: ["SELECT * FROM t", "INSERT INTO t(b) VALUES (1)"] });
dbMethod(Symbol.dispose, () => [[]]);

for (const key of ["isOpen", "isTransaction", "limits"]) {
  method(`db.${key} (get)`, { on: (ctx) => getterOf(ctx.db, key), receiver: (ctx) => ctx.db, templates: () => [[]] });
}
const LIMIT_NAMES = ["length", "sqlLength", "column", "exprDepth", "compoundSelect", "vdbeOp", "functionArg", "attach", "likePatternLength", "variableNumber", "triggerDepth"];
TARGETS.push({
  name: "db.limits[key] = value",
  templates: (r) => [[S(r.pick(LIMIT_NAMES)), generateValue(r, 1)], [S(r.pick(LIMIT_NAMES)), N(r.pick([0, 5, 100, Infinity]))]],
  receiver: (ctx) => ctx.db,
  invoke(ctx, self, [key, v]) {
    const limits = ctx.db.limits;
    limits[key] = v;
    return limits[key];
  },
});

// Addon extras on DatabaseSync.
dbMethod("backup", (r) => [[S("fuzz-backup.db")], [S("fuzz-backup.db"), options(r, BACKUP_OPTIONS)]], { extra: true });
dbMethod("getLimit", (r) => [[N(r.int(-1, 12))]], { extra: true });
dbMethod("setLimit", (r) => [[N(r.int(-1, 12)), N(r.pick([0, 1, 10, 2 ** 31]))]], { extra: true });
dbMethod("dispose", () => [[]], { extra: true });

// ---- constructors and module functions ------------------------------------------
TARGETS.push({
  name: "new DatabaseSync",
  templates: (r) => [
    [S(":memory:")],
    [S(":memory:"), options(r, DB_OPTIONS)],
    [value("URL file", () => require("node:url").pathToFileURL("fuzz-ctor.db")), options(r, DB_OPTIONS)],
    [S("fuzz-ctor.db"), options(r, DB_OPTIONS)],
  ],
  follow: ["ctor use"],
  invoke: (ctx, self, args) => new ctx.sqlite.DatabaseSync(...args),
});
TARGETS.push({ name: "DatabaseSync()", templates: () => [[S(":memory:")]], invoke: (ctx, self, args) => ctx.sqlite.DatabaseSync(...args) });
TARGETS.push({ name: "new StatementSync", templates: () => [[]], invoke: (ctx, self, args) => new ctx.sqlite.StatementSync(...args) });
TARGETS.push({ name: "StatementSync()", templates: () => [[]], invoke: (ctx, self, args) => ctx.sqlite.StatementSync(...args) });
TARGETS.push({ name: "new Session", templates: () => [[]], invoke: (ctx, self, args) => new ctx.sqlite.Session(...args) });
TARGETS.push({
  name: "new iterator constructor",
  templates: () => [[]],
  invoke: (ctx, self, args) => new (Object.getPrototypeOf(ctx.it).constructor)(...args),
});
TARGETS.push({
  name: "new tag store constructor",
  templates: () => [[], [value("ctx.db", (ctx) => ctx.db), N(2)]],
  invoke: (ctx, self, args) => new (Object.getPrototypeOf(ctx.store).constructor)(...args),
});
TARGETS.push({
  name: "backup()",
  templates: (r) => [
    [value("ctx.db", (ctx) => ctx.db), S("fuzz-backup.db")],
    [value("ctx.db", (ctx) => ctx.db), S("fuzz-backup.db"), options(r, BACKUP_OPTIONS)],
  ],
  invoke: (ctx, self, args) => ctx.sqlite.backup(...args),
});
for (const name of ["changesetInvert", "changesetConcat", "changesetInspect", "enhance", "isEnhanced"]) {
  TARGETS.push({
    name: `${name}()`,
    extra: true,
    templates: () => [
      [value("valid changeset", (ctx) => ctx.changeset.slice()), value("valid changeset", (ctx) => ctx.changeset.slice())],
      [value("ctx.db", (ctx) => ctx.db)],
    ],
    invoke: (ctx, self, args) => ctx.sqlite[name](...args),
  });
}

// ---- StatementSync ------------------------------------------------------------------
const stmtMethod = (key, templates, extra = {}) =>
  method(`stmt.${typeof key === "symbol" ? "[Symbol.dispose]" : key}`, {
    on: (ctx) => proto(ctx, "StatementSync")[key],
    receiver: (ctx) => ctx.stmt,
    templates,
    ...extra,
  });
for (const key of ["all", "get", "run"]) stmtMethod(key, (r) => [params(r), [N(1)], []]);
stmtMethod("iterate", (r) => [params(r), [N(0)]], { follow: ["iterate result"] });
stmtMethod("columns", () => [[]]);
stmtMethod("stat", () => [[S("vmStep")], [S("memused")]]);
stmtMethod("resetStats", () => [[]]);
for (const key of ["setAllowBareNamedParameters", "setAllowUnknownNamedParameters", "setReadBigInts", "setReturnArrays"]) {
  stmtMethod(key, () => [[B(true)], [B(false)]], { follow: ["SELECT * FROM t"] });
}
stmtMethod("close", () => [[]]);
stmtMethod(Symbol.dispose, () => [[]]);
stmtMethod("finalize", () => [[]], { extra: true });
for (const key of ["sourceSQL", "expandedSQL"]) {
  method(`stmt.${key} (get)`, { on: (ctx) => getterOf(ctx.stmt, key), receiver: (ctx) => ctx.stmt, templates: () => [[]] });
}

// ---- iterator ---------------------------------------------------------------------------
for (const key of ["next", "return"]) {
  method(`it.${key}`, { on: (ctx) => Object.getPrototypeOf(ctx.it)[key], receiver: (ctx) => ctx.it, templates: () => [[]] });
}

// ---- Session ------------------------------------------------------------------------
const sessionMethod = (key, templates, extra = {}) =>
  method(`session.${typeof key === "symbol" ? "[Symbol.dispose]" : key}`, {
    on: (ctx) => proto(ctx, "Session")[key],
    receiver: (ctx) => ctx.session,
    templates,
    ...extra,
  });
for (const key of ["changeset", "patchset", "close", Symbol.dispose]) sessionMethod(key, () => [[]]);
sessionMethod("dispose", () => [[]], { extra: true });
sessionMethod("changesetInvert", () => [[value("valid changeset", (ctx) => ctx.changeset.slice())]], { extra: true });

// ---- SQLTagStore --------------------------------------------------------------------
for (const key of ["run", "get", "all", "iterate"]) {
  method(`store.${key}`, {
    on: (ctx) => Object.getPrototypeOf(ctx.store)[key],
    receiver: (ctx) => ctx.store,
    templates: (r) => [templateArgs(r), [notATemplate]],
  });
}
method("store.clear", { on: (ctx) => Object.getPrototypeOf(ctx.store).clear, receiver: (ctx) => ctx.store, templates: () => [[]] });
for (const key of ["size", "capacity", "db"]) {
  method(`store.${key} (get)`, { on: (ctx) => getterOf(ctx.store, key), receiver: (ctx) => ctx.store, templates: () => [[]] });
}

module.exports = { TARGETS, USE_FUNCTION, USE_AGGREGATE };
