"use strict";
// Hostile argument values for the fuzz. A value is a recipe `{ label, make(ctx) }`:
// generating it consumes randomness (so a case is fixed by its seed), making it
// consumes none (so both implementations see the very same behaviour). `ctx`
// is the case's fixture (see fuzz-cases.js), which callbacks and getters may
// close, re-enter or otherwise disturb.
const { pathToFileURL } = require("node:url");

/** What hostile callbacks and proxies throw: its class shows in the outcomes. */
class FuzzError extends Error {}

const value = (label, make) => ({ label, make });
const constant = (label, v) => value(label, () => v);

const PRIMITIVES = [
  constant("undefined", undefined),
  constant("null", null),
  constant("true", true),
  constant("false", false),
  constant("0", 0),
  constant("-0", -0),
  constant("1", 1),
  constant("-1", -1),
  constant("1.5", 1.5),
  constant("NaN", NaN),
  constant("Infinity", Infinity),
  constant("-Infinity", -Infinity),
  constant("2**31-1", 2 ** 31 - 1),
  constant("2**31", 2 ** 31),
  constant("-(2**31)", -(2 ** 31)),
  constant("2**32", 2 ** 32),
  constant("2**53", 2 ** 53),
  constant("-(2**53)", -(2 ** 53)),
  constant("MAX_VALUE", Number.MAX_VALUE),
  constant("MIN_VALUE", Number.MIN_VALUE),
  constant("1e21", 1e21),
  constant("0n", 0n),
  constant("1n", 1n),
  constant("-1n", -1n),
  constant("2n**63n-1n", 2n ** 63n - 1n),
  constant("2n**63n", 2n ** 63n),
  constant("-(2n**63n)", -(2n ** 63n)),
  constant("-(2n**63n)-1n", -(2n ** 63n) - 1n),
  constant("2n**64n", 2n ** 64n),
  constant("2n**1000n", 2n ** 1000n),
  constant("Symbol()", Symbol("fuzz")),
  constant("Symbol.iterator", Symbol.iterator),
];

const STRINGS = [
  constant('""', ""),
  constant('"a\\0b"', "a\0b"),
  constant('"\\0"', "\0"),
  constant('"\\uD800"', "\uD800"),
  constant('"x\\uDC00y"', "x\uDC00y"),
  constant('"😀"', "😀"),
  constant('"main"', "main"),
  constant('"temp"', "temp"),
  constant('"t"', "t"),
  constant('"nope"', "nope"),
  constant('"f"', "f"),
  constant('"vmStep"', "vmStep"),
  constant('"memused"', "memused"),
  constant('"1"', "1"),
  constant('":memory:"', ":memory:"),
  constant('"fuzz.db"', "fuzz.db"),
  constant('"file:fuzz-uri.db?mode=memory"', "file:fuzz-uri.db?mode=memory"),
  constant('"SELECT 1"', "SELECT 1"),
  constant('"SELECT ?"', "SELECT ?"),
  constant('"SELECT ?1, ?2"', "SELECT ?1, ?2"),
  constant('"SELECT $a, :b, @c"', "SELECT $a, :b, @c"),
  constant('"SELECT $a, :a"', "SELECT $a, :a"),
  constant('"SELECT * FROM t"', "SELECT * FROM t"),
  constant('"SELECT f(a) FROM t"', "SELECT f(a) FROM t"),
  constant('"INSERT INTO t(b) VALUES (?)"', "INSERT INTO t(b) VALUES (?)"),
  constant('"BEGIN"', "BEGIN"),
  constant('"SELEC oops"', "SELEC oops"),
  constant('"-- only a comment"', "-- only a comment"),
  constant('"SELECT 1\\0garbage"', "SELECT 1\0garbage"),
  constant('"x".repeat(100000)', "x".repeat(100000)),
  constant('"SELECT 1;".repeat(1000)', "SELECT 1;".repeat(1000)),
];

const SQL = STRINGS.filter((s) => /^"(SELECT|INSERT|BEGIN|SELEC|--)/.test(s.label));

/** Keys that the methods read from option and parameter objects. */
const KEYS = [
  "open", "readOnly", "enableForeignKeyConstraints", "enableDoubleQuotedStringLiterals", "allowExtension",
  "timeout", "readBigInts", "returnArrays", "allowBareNamedParameters", "allowUnknownNamedParameters",
  "defensive", "limits", "persistent", "deterministic", "directOnly", "useBigIntArguments", "varargs",
  "start", "step", "result", "inverse", "table", "db", "filter", "onConflict", "dbName", "rate", "source",
  "target", "progress", "length", "attach", "variableNumber", "a", "$a", ":b", "@c", "0",
];

function bytes(...list) {
  return new Uint8Array(list);
}

/** Recipes that build a fresh object per case. */
const OBJECTS = [
  value("{}", () => ({})),
  value("Object.create(null)", () => Object.create(null)),
  value("[]", () => []),
  value("[1, 2]", () => [1, 2]),
  value("sparse array", () => {
    const a = [];
    a.length = 1e6;
    return a;
  }),
  value("many keys", () => {
    const o = {};
    for (let i = 0; i < 5000; i++) o[`$k${i}`] = i;
    return o;
  }),
  value("Uint8Array[3]", () => bytes(1, 2, 3)),
  value("Uint8Array(0)", () => new Uint8Array(0)),
  value("Buffer", () => Buffer.from("file:fuzz-buf.db?mode=memory")),
  value("Int16Array", () => new Int16Array([1, 256])),
  value("Float64Array", () => new Float64Array([1.5])),
  value("BigInt64Array", () => new BigInt64Array([1n])),
  value("subarray", () => bytes(0, 1, 2, 3, 4).subarray(2, 4)),
  value("DataView", () => new DataView(new ArrayBuffer(4), 1, 2)),
  value("ArrayBuffer", () => new ArrayBuffer(3)),
  value("SharedArrayBuffer", () => new SharedArrayBuffer(3)),
  value("detached ArrayBuffer", () => {
    const buf = new ArrayBuffer(16);
    structuredClone(buf, { transfer: [buf] });
    return buf;
  }),
  value("view of detached buffer", () => {
    const view = new Uint8Array(16);
    structuredClone(view.buffer, { transfer: [view.buffer] });
    return view;
  }),
  value("Date", () => new Date(0)),
  value("RegExp", () => /x/g),
  value("Map", () => new Map([["a", 1]])),
  value("Promise", () => Promise.resolve(1)),
  value("Number object", () => new Number(1)),
  value("String object", () => new String("main")),
  value("Error", () => new Error("not thrown")),
  value("URL file", () => pathToFileURL("fuzz-url.db")),
  value("URL file ?mode=memory", () => new URL(`${pathToFileURL("fuzz-url2.db").href}?mode=memory`)),
  value("URL http", () => new URL("http://example.com/x.db")),
  value("proxy that throws", () => throwingProxy({})),
  value("function proxy that throws", () => throwingProxy(function () {})),
  value("revoked proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  }),
  value("throwing toPrimitive", () => ({
    [Symbol.toPrimitive]() {
      throw new FuzzError("toPrimitive");
    },
  })),
  value("garbage changeset", () => bytes(0x54, 0x02, 0x01, 0xff, 0xff, 0x7f, 0x00, 0x12)),
  value("valid changeset", (ctx) => ctx.changeset.slice()),
  value("serialized db", (ctx) => ctx.serialized.slice()),
  value("template strings", () => ((s) => s)`SELECT ${0} AS a, ${0} AS b`),
  value("globalThis-like", () => ({ process: undefined, require: undefined })),
];

const throwingHandler = {};
for (const trap of [
  "get", "set", "has", "ownKeys", "getOwnPropertyDescriptor", "defineProperty", "deleteProperty",
  "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions", "apply", "construct",
]) {
  throwingHandler[trap] = () => {
    throw new FuzzError(`proxy ${trap}`);
  };
}
function throwingProxy(target) {
  return new Proxy(target, throwingHandler);
}

/** The fixture's own objects (and look-alikes without native state). */
const FIXTURE_REFS = [
  value("ctx.db", (ctx) => ctx.db),
  value("ctx.otherDb", (ctx) => ctx.otherDb),
  value("ctx.closedDb", (ctx) => ctx.closedDb),
  value("ctx.stmt", (ctx) => ctx.stmt),
  value("ctx.it", (ctx) => ctx.it),
  value("ctx.session", (ctx) => ctx.session),
  value("ctx.store", (ctx) => ctx.store),
  value("fake DatabaseSync", (ctx) => Object.create(ctx.sqlite.DatabaseSync.prototype)),
  value("fake StatementSync", (ctx) => Object.create(ctx.sqlite.StatementSync.prototype)),
  value("fake Session", (ctx) => Object.create(ctx.sqlite.Session.prototype)),
];

/**
 * Things a hostile callback or getter does, chosen when the case is generated.
 * Each runs inside whatever call invoked it.
 */
const DISTURBANCES = [
  ["close db", (ctx) => ctx.db.close()],
  ["dispose db", (ctx) => ctx.db[Symbol.dispose]()],
  ["open db", (ctx) => ctx.db.open()],
  // Into another table: rows added to t while a query scans t would never end.
  ["exec on db", (ctx) => ctx.db.exec("INSERT INTO log VALUES ('reentrant')")],
  ["prepare on db", (ctx) => ctx.db.prepare("SELECT 1").get()],
  ["run ctx.stmt", (ctx) => ctx.stmt.all(0)],
  ["close ctx.stmt", (ctx) => ctx.stmt.close()],
  ["next ctx.it", (ctx) => ctx.it.next()],
  ["return ctx.it", (ctx) => ctx.it.return()],
  ["close session", (ctx) => ctx.session.close()],
  ["changeset", (ctx) => ctx.session.changeset()],
  ["serialize", (ctx) => ctx.db.serialize()],
  ["deserialize", (ctx) => ctx.db.deserialize(ctx.serialized)],
  ["tag store get", (ctx) => ctx.store.get`SELECT ${1} AS x`],
  ["clear authorizer", (ctx) => ctx.db.setAuthorizer(null)],
  ["redefine f", (ctx) => ctx.db.function("f", () => 1)],
  ["call f recursively", (ctx) => (ctx.depth++ < 3 ? ctx.db.prepare("SELECT f(1) AS v").get() : null)],
  ["read limits", (ctx) => ctx.db.limits.length],
  ["set limit", (ctx) => (ctx.db.limits.variableNumber = 1)],
  ["is transaction", (ctx) => ctx.db.isTransaction],
  ["throw", () => {
    throw new FuzzError("disturbance");
  }],
];

/** The disturbances most likely to pull the ground from under a native call come up more often. */
const DISTURBANCE_WEIGHTS = { "close db": 4, deserialize: 3, "close ctx.stmt": 2, "close session": 2 };
const WEIGHTED_DISTURBANCES = DISTURBANCES.map((d) => [DISTURBANCE_WEIGHTS[d[0]] || 1, d]);
const pickDisturbance = (random) => random.weighted(WEIGHTED_DISTURBANCES);

/** A function with a fixed behaviour: disturb (maybe), then return or throw. */
function generateFunction(random, depth) {
  const steps = [];
  const count = random.weighted([[4, 0], [4, 1], [1, 2]]);
  for (let i = 0; i < count; i++) steps.push(pickDisturbance(random));
  const returns = random.chance(0.15) ? null : generateValue(random, depth + 1, { functions: false });
  const length = random.weighted([[8, null], [1, 0], [1, 1], [1, 2], [1, 3], [0.3, 1001], [0.3, 1.5], [0.3, -1], [0.3, "x"]]);
  const label = `fn(${[...steps.map((s) => s[0]), returns ? `return ${returns.label}` : "throw"].join("; ")}${
    length === null ? "" : `; length ${length}`
  })`;
  return value(label, (ctx) => {
    const fn = function fuzzCallback() {
      for (const [, act] of steps) act(ctx);
      if (!returns) throw new FuzzError("callback");
      return returns.make(ctx);
    };
    if (length !== null) Object.defineProperty(fn, "length", { value: length });
    return fn;
  });
}

/** An object with some keys set to values, getters that disturb, or throwing getters. */
function generateObject(random, depth, keys = KEYS) {
  const entries = [];
  for (let i = random.int(0, 4); i > 0; i--) {
    const key = random.pick(keys);
    const kind = random.weighted([[5, "value"], [2, "disturbing getter"], [1, "throwing getter"]]);
    if (kind === "value") entries.push({ key, kind, v: generateValue(random, depth + 1) });
    else if (kind === "disturbing getter") entries.push({ key, kind, act: pickDisturbance(random), v: generateValue(random, depth + 1) });
    else entries.push({ key, kind });
  }
  const label = `{${entries
    .map((e) => (e.kind === "value" ? `${e.key}: ${e.v.label}` : e.kind === "throwing getter" ? `get ${e.key}() throws` : `get ${e.key}() { ${e.act[0]}; ${e.v.label} }`))
    .join(", ")}}`;
  return value(label, (ctx) => {
    const o = {};
    for (const e of entries) {
      if (e.kind === "value") {
        Object.defineProperty(o, e.key, { value: e.v.make(ctx), enumerable: true, configurable: true, writable: true });
      } else if (e.kind === "throwing getter") {
        Object.defineProperty(o, e.key, { enumerable: true, configurable: true, get() { throw new FuzzError(`getter ${e.key}`); } });
      } else {
        Object.defineProperty(o, e.key, {
          enumerable: true,
          configurable: true,
          get() {
            e.act[1](ctx);
            return e.v.make(ctx);
          },
        });
      }
    }
    return o;
  });
}

/** Any value; `options.functions: false` leaves out callbacks (for return values). */
function generateValue(random, depth = 0, { functions = true } = {}) {
  const kind = random.weighted([
    [5, "primitive"],
    [4, "string"],
    [4, "object"],
    [depth < 2 ? 2 : 0, "structured"],
    [functions && depth < 2 ? 2 : 0, "function"],
    [1.5, "fixture"],
  ]);
  switch (kind) {
    case "primitive":
      return random.pick(PRIMITIVES);
    case "string":
      return random.pick(STRINGS);
    case "object":
      return random.pick(OBJECTS);
    case "structured":
      return generateObject(random, depth);
    case "function":
      return generateFunction(random, depth);
    default:
      return random.pick(FIXTURE_REFS);
  }
}

module.exports = {
  FuzzError,
  value,
  constant,
  generateValue,
  generateObject,
  generateFunction,
  throwingProxy,
  STRINGS,
  SQL,
  KEYS,
  DISTURBANCES,
};
