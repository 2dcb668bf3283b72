"use strict";
// db.createModule(): hidden columns as the parameters of a table-valued
// function (generate_series style). Spec: api.md §1.10.
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { skip, sqliteError, memdb, INT, HIDDEN } = require("./vtab-fixtures.js");

/** generate_series with optional start/stop/step parameters (hidden columns). */
function withSeries(db, name = "series", onRows = () => {}) {
  db.createModule(name, {
    columns: [INT("value"), HIDDEN("start"), HIDDEN("stop"), HIDDEN("step")],
    *rows(start, stop, step) {
      onRows(start, stop, step);
      start ??= 0;
      stop ??= 10;
      step ??= 1;
      for (let i = start; i <= stop; i += step) yield [i];
    },
  });
  return db;
}

describe("createModule(): hidden columns as table-valued function parameters", { skip }, () => {
  test("generate_series(1, 5, 1), as in node's documentation", () => {
    const db = withSeries(memdb(), "generate_series");
    assert.deepStrictEqual(db.prepare("SELECT * FROM generate_series(1, 5, 1)").all(), [
      { __proto__: null, value: 1 },
      { __proto__: null, value: 2 },
      { __proto__: null, value: 3 },
      { __proto__: null, value: 4 },
      { __proto__: null, value: 5 },
    ]);
  });

  test("rows() receives the arguments in declaration order, null for those not given", () => {
    const calls = [];
    const db = withSeries(memdb(), "series", (...args) => calls.push(args));
    db.prepare("SELECT value FROM series(0, 10, 3)").all();
    db.prepare("SELECT value FROM series(4)").all();
    db.prepare("SELECT value FROM series").all();
    db.prepare("SELECT value FROM series WHERE stop = 2").all();
    assert.deepStrictEqual(calls, [
      [0, 10, 3],
      [4, null, null],
      [null, null, null],
      [null, 2, null],
    ]);
  });

  test("arguments may be bound parameters and keep their SQLite types", () => {
    const seen = [];
    const db = memdb();
    db.createModule("echo", {
      columns: [{ name: "out", type: "ANY" }, { name: "arg", type: "ANY", hidden: true }],
      *rows(arg) {
        seen.push(arg);
        yield [typeof arg];
      },
    });
    const stmt = db.prepare("SELECT out FROM echo(?)");
    for (const value of [7, 2n, "text", new Uint8Array([1, 2]), null, 1.5]) stmt.get(value);
    assert.deepStrictEqual(seen, [7, 2, "text", new Uint8Array([1, 2]), null, 1.5]);
  });

  test("useBigIntArguments passes INTEGER arguments as bigints", () => {
    const db = memdb();
    const seen = [];
    db.createModule("big_args", {
      columns: [INT("v"), HIDDEN("p")],
      useBigIntArguments: true,
      *rows(p) {
        seen.push(p);
        yield [1n];
      },
    });
    db.prepare("SELECT * FROM big_args(42)").all();
    db.prepare("SELECT * FROM big_args(9223372036854775807)").all();
    db.prepare("SELECT * FROM big_args(1.5)").all();
    assert.deepStrictEqual(seen, [42n, 9223372036854775807n, 1.5]);
  });

  test("an integer argument beyond the safe range needs useBigIntArguments", () => {
    const db = memdb();
    db.createModule("unsafe_arg", { columns: [INT("v"), HIDDEN("p")], rows: () => [[1n]] });
    assertThrows(() => db.prepare("SELECT * FROM unsafe_arg(9007199254740993)").all(), RangeError, {
      code: "ERR_OUT_OF_RANGE",
      message: "Value is too large to be represented as a JavaScript number: 9007199254740993",
    });
  });

  test("a hidden column reads back the value it was constrained to", () => {
    const db = withSeries(memdb());
    assert.deepStrictEqual(db.prepare("SELECT start, stop, step, value FROM series(1, 2)").all(), [
      { __proto__: null, start: 1, stop: 2, step: null, value: 1 },
      { __proto__: null, start: 1, stop: 2, step: null, value: 2 },
    ]);
    // A re-check of a constraint SQLite already handed to rows() still matches.
    assert.deepStrictEqual(
      db.prepare("SELECT value FROM series(1, 3) WHERE start = 1").all().map((r) => r.value),
      [1, 2, 3],
    );
    assert.deepStrictEqual(db.prepare("SELECT * FROM series(5, 6)").all(), [
      { __proto__: null, value: 5 },
      { __proto__: null, value: 6 },
    ]);
  });

  test("parameters taken from a joined table re-run rows() per outer row", () => {
    const calls = [];
    const db = withSeries(memdb(), "series", (...args) => calls.push(args));
    db.exec("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (1), (2)");
    assert.deepStrictEqual(
      db.prepare("SELECT t.a, s.value FROM t, series(t.a, t.a + 1) AS s ORDER BY t.a, s.value").all(),
      [
        { __proto__: null, a: 1, value: 1 },
        { __proto__: null, a: 1, value: 2 },
        { __proto__: null, a: 2, value: 2 },
        { __proto__: null, a: 2, value: 3 },
      ],
    );
    assert.deepStrictEqual(calls, [
      [1, 2, null],
      [2, 3, null],
    ]);
  });

  test("a plan that cannot use a given parameter is refused instead of calling rows(null)", () => {
    const calls = [];
    const db = withSeries(memdb(), "m", (...args) => calls.push(args));
    db.exec("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (3), (7)");
    assert.deepStrictEqual(db.prepare("SELECT DISTINCT * FROM m(t.a) JOIN t ON t.a = m.value").all(), [
      { __proto__: null, value: 3, a: 3 },
      { __proto__: null, value: 7, a: 7 },
    ]);
    assert.deepStrictEqual(calls.map((args) => args[0]).sort(), [3, 7]);
  });

  test("more than 32 parameters map to the right arguments", () => {
    const db = memdb();
    const columns = [INT("value")];
    for (let i = 0; i < 40; i++) columns.push(HIDDEN(`p${i}`));
    let received;
    db.createModule("many", {
      columns,
      rows(...args) {
        received = args;
        return [[1n]];
      },
    });
    const args = Array.from({ length: 40 }, (_, i) => (i === 33 || i === 39 ? String(i) : "NULL"));
    db.prepare(`SELECT value FROM many(${args.join(", ")})`).all();
    assert.equal(received.length, 40);
    assert.deepStrictEqual(
      received.map((v, i) => [i, v]).filter(([, v]) => v !== null),
      [
        [33, 33],
        [39, 39],
      ],
    );
  });

  test("too many arguments is SQLite's error", () => {
    const db = withSeries(memdb());
    assertThrows(
      () => db.prepare("SELECT * FROM series(1, 2, 3, 4)"),
      Error,
      sqliteError("too many arguments on series() - max 3"),
    );
  });

  test("hidden columns are left out of SELECT * and of the row arrays", () => {
    const db = memdb();
    db.createModule("mixed", {
      columns: [HIDDEN("h1"), { name: "a", type: "TEXT" }, HIDDEN("h2"), { name: "b", type: "TEXT" }],
      rows: (h1, h2) => [[`a${h1}`, `b${h2}`]],
    });
    assert.deepStrictEqual(db.prepare("SELECT * FROM mixed(1, 2)").all(), [{ __proto__: null, a: "a1", b: "b2" }]);
    assert.deepStrictEqual(db.prepare("SELECT h1, a, h2, b FROM mixed(1, 2)").all(), [
      { __proto__: null, h1: 1, a: "a1", h2: 2, b: "b2" },
    ]);
  });
});
