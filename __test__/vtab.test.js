"use strict";
// db.createModule(name, options): read-only virtual tables backed by JS.
// Spec: api.md §1.10 (node 26.11; node PRs #65787, #66195, #66215). Node 26.10
// has no createModule(), so every test here is skipped on node:sqlite 26.10
// and runs against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const { Worker } = require("node:worker_threads");
const { sqlite, isNode, addonPath, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

const skip = typeof DatabaseSync.prototype.createModule !== "function" && "node:sqlite 26.10 has no createModule()";

const argType = (message) => ({ code: "ERR_INVALID_ARG_TYPE", message });
const argValue = (message) => ({ code: "ERR_INVALID_ARG_VALUE", message });
const invalidState = (message) => ({ code: "ERR_INVALID_STATE", message });
const sqliteError = (message, errcode = 1, errstr = "SQL logic error") => ({
  code: "ERR_SQLITE_ERROR",
  message,
  errcode,
  errstr,
});

/** Asserts that fn throws exactly `thrown` (the same value, unchanged). */
function assertRethrows(fn, thrown) {
  assert.throws(fn, (e) => e === thrown);
}

const memdb = () => new DatabaseSync(":memory:");
const INT = (name) => ({ name, type: "INTEGER" });
const HIDDEN = (name) => ({ name, type: "INTEGER", hidden: true });

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

/** A module `name` over a generator that counts its `finally` runs in `state.cleanups`. */
function withCleanup(db, name, state, count = 1000) {
  db.createModule(name, {
    columns: [INT("v")],
    *rows() {
      try {
        for (let i = 0; i < count; i++) yield [i];
      } finally {
        state.cleanups++;
      }
    },
  });
}

describe("createModule(): validation, in node's order", { skip }, () => {
  const ok = () => ({ columns: [{ name: "x", type: "TEXT" }], rows() {} });

  test("a closed database is refused before anything else", () => {
    const db = memdb();
    db.close();
    assertThrows(() => db.createModule(), Error, invalidState("database is not open"));
  });

  test("name must be a string", () => {
    const db = memdb();
    for (const name of [undefined, 1, null, Symbol("s"), {}]) {
      assertThrows(() => db.createModule(name, ok()), TypeError, argType('The "name" argument must be a string.'));
    }
  });

  test("options must be an object", () => {
    const db = memdb();
    for (const options of [undefined, null, 1, "x", true]) {
      assertThrows(() => db.createModule("m", options), TypeError, argType('The "options" argument must be an object.'));
    }
  });

  test("options.columns must be a non-empty array", () => {
    const db = memdb();
    // V8's IsArray(): a Proxy, even of an array, is not one.
    for (const columns of [undefined, "x", { length: 1, 0: INT("a") }, new Set(), new Proxy([INT("a")], {})]) {
      assertThrows(
        () => db.createModule("m", { columns, rows() {} }),
        TypeError,
        argType('The "options.columns" argument must be an array.'),
      );
    }
    assertThrows(
      () => db.createModule("m", { columns: [], rows() {} }),
      TypeError,
      argValue('The "options.columns" array must not be empty.'),
    );
  });

  test("the number of columns is read once, before options.rows and the flags", () => {
    const db = memdb();
    const shrinking = [INT("a"), INT("b")];
    const shrink = {
      columns: shrinking,
      rows: () => [],
      get directOnly() {
        shrinking.length = 1;
        return undefined;
      },
    };
    assertThrows(() => db.createModule("m", shrink), TypeError, argType('Each column in "options.columns" must be an object.'));
    const growing = [INT("a"), INT("b")];
    const grow = {
      columns: growing,
      get rows() {
        growing.push({ name: "late", type: "BAD" });
        return () => [[1, 2]];
      },
    };
    db.createModule("grown", grow);
    assert.deepStrictEqual(db.prepare("SELECT * FROM grown").all(), [{ __proto__: null, a: 1, b: 2 }]);
  });

  test("options.rows must be a function, checked before the column definitions", () => {
    const db = memdb();
    for (const rows of [undefined, "x", {}, [[1]]]) {
      assertThrows(
        () => db.createModule("m", { columns: [5], rows }),
        TypeError,
        argType('The "options.rows" argument must be a function.'),
      );
    }
  });

  test("directOnly, then useBigIntArguments, must be booleans when given", () => {
    const db = memdb();
    assertThrows(
      () => db.createModule("m", { columns: [5], rows() {}, directOnly: 1, useBigIntArguments: 1 }),
      TypeError,
      argType('The "options.directOnly" argument must be a boolean.'),
    );
    assertThrows(
      () => db.createModule("m", { columns: [5], rows() {}, directOnly: null }),
      TypeError,
      argType('The "options.directOnly" argument must be a boolean.'),
    );
    assertThrows(
      () => db.createModule("m", { columns: [5], rows() {}, directOnly: false, useBigIntArguments: "yes" }),
      TypeError,
      argType('The "options.useBigIntArguments" argument must be a boolean.'),
    );
  });

  test("each column: an object, then name, type and hidden, then the type's value", () => {
    const db = memdb();
    const cases = [
      [null, argType('Each column in "options.columns" must be an object.')],
      ["INTEGER", argType('Each column in "options.columns" must be an object.')],
      [{ type: "TEXT" }, argType('The column "name" property must be a string.')],
      [{ name: 1, type: 1 }, argType('The column "name" property must be a string.')],
      [{ name: "x" }, argType('The column "type" property must be a string.')],
      [{ name: "x", type: 1, hidden: 1 }, argType('The column "type" property must be a string.')],
      [{ name: "x", type: "TEXT", hidden: "yes" }, argType('The column "hidden" property must be a boolean.')],
      [{ name: "x", type: "TEXT", hidden: null }, argType('The column "hidden" property must be a boolean.')],
      // The type's value is checked after `hidden`.
      [{ name: "x", type: "BAD", hidden: 1 }, argType('The column "hidden" property must be a boolean.')],
    ];
    for (const [column, expected] of cases) {
      assertThrows(() => db.createModule("m", { columns: [INT("ok"), column], rows() {} }), TypeError, expected);
    }
  });

  test("a column type other than SQLite's five exact names is refused", () => {
    const db = memdb();
    for (const type of ["INVALID", "integer", "INT", "VARCHAR", "", "TEXT "]) {
      assertThrows(
        () => db.createModule("m", { columns: [{ name: "x", type }], rows() {} }),
        TypeError,
        argValue("The column \"type\" property must be one of 'INTEGER', 'TEXT', 'REAL', 'BLOB', or 'ANY'."),
      );
    }
    for (const type of ["INTEGER", "TEXT", "REAL", "BLOB", "ANY"]) {
      assert.equal(db.createModule(`m_${type}`, { columns: [{ name: "x", type }], rows: () => [] }), undefined);
    }
  });

  test("options and columns may be functions (they are objects)", () => {
    const db = memdb();
    const column = Object.defineProperties(() => {}, { name: { value: "v" }, type: { value: "ANY" } });
    const options = Object.assign(function () {}, { columns: [column], rows: () => [[1]] });
    db.createModule("fnopts", options);
    assert.deepStrictEqual(db.prepare("SELECT v FROM fnopts").all(), [{ __proto__: null, v: 1 }]);
  });

  test("a getter that closes the database during validation makes it fail as not open", () => {
    const db = memdb();
    const options = {
      get columns() {
        db.close();
        return [INT("v")];
      },
      rows: () => [],
    };
    assertThrows(() => db.createModule("m", options), Error, invalidState("database is not open"));
    assert.equal(db.isOpen, false);
  });

  test("refused from inside an authorizer callback, before the arguments are checked", () => {
    const db = memdb();
    db.exec("CREATE TABLE t(a)");
    const errors = [];
    db.setAuthorizer(() => {
      for (const args of [["m", { columns: [INT("v")], rows: () => [] }], [1, null]]) {
        try {
          db.createModule(...args);
        } catch (e) {
          errors.push(e);
        }
      }
      return sqlite.constants.SQLITE_OK;
    });
    db.prepare("SELECT * FROM t").all();
    db.setAuthorizer(null);
    assert.ok(errors.length >= 2);
    for (const e of errors) {
      assert.strictEqual(Object.getPrototypeOf(e), Error.prototype);
      assert.deepStrictEqual(
        { code: e.code, message: e.message },
        invalidState("database cannot be accessed from an authorizer callback"),
      );
    }
  });

  test("a foreign receiver is an illegal invocation", () => {
    const method = DatabaseSync.prototype.createModule;
    for (const receiver of [{}, undefined, Object.create(DatabaseSync.prototype)]) {
      assertThrows(() => method.call(receiver, "m", { columns: [INT("v")], rows() {} }), TypeError, {
        message: "Illegal invocation",
      });
    }
  });

  test("returns undefined and registers nothing when validation fails", () => {
    const db = memdb();
    assert.throws(() => db.createModule("half", { columns: [INT("v"), { name: "x", type: "BAD" }], rows: () => [] }));
    assertThrows(() => db.prepare("SELECT * FROM half"), Error, sqliteError("no such table: half"));
    assert.equal(db.createModule("whole", { columns: [INT("v")], rows: () => [] }), undefined);
  });

  test("is a method of the prototype named createModule", () => {
    const desc = Object.getOwnPropertyDescriptor(DatabaseSync.prototype, "createModule");
    assert.equal(typeof desc.value, "function");
    assert.equal(desc.value.name, "createModule");
    assert.equal(desc.writable, true);
    assert.equal(desc.configurable, true);
  });

  test("is not enumerable on the addon, so that node 26.10's prototype layout stays intact", {
    skip: isNode && "layout of the addon",
  }, () => {
    assert.equal(Object.getOwnPropertyDescriptor(DatabaseSync.prototype, "createModule").enumerable, false);
  });
});

describe("createModule(): eponymous and named tables", { skip }, () => {
  test("the module name is an eponymous table", () => {
    const db = memdb();
    db.createModule("people", {
      columns: [INT("id"), { name: "name", type: "TEXT" }],
      *rows() {
        yield [1n, "Ada"];
        yield [2n, "Grace"];
      },
    });
    assert.deepStrictEqual(db.prepare("SELECT * FROM people").all(), [
      { __proto__: null, id: 1, name: "Ada" },
      { __proto__: null, id: 2, name: "Grace" },
    ]);
    assert.deepStrictEqual(db.prepare("SELECT name FROM people WHERE id = 2").get(), { __proto__: null, name: "Grace" });
  });

  test("CREATE VIRTUAL TABLE ... USING name makes a named table; DROP TABLE removes it", () => {
    const db = memdb();
    db.createModule("source", { columns: [INT("v")], rows: () => [[10n], [20n]] });
    db.exec("CREATE VIRTUAL TABLE t1 USING source");
    db.exec("CREATE VIRTUAL TABLE t2 USING source(ignored, arguments)");
    assert.deepStrictEqual(db.prepare("SELECT v FROM t1").all(), [
      { __proto__: null, v: 10 },
      { __proto__: null, v: 20 },
    ]);
    assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM t1, t2").get(), { __proto__: null, n: 4 });
    assert.deepStrictEqual(db.prepare("SELECT type, name FROM sqlite_schema ORDER BY name").all(), [
      { __proto__: null, type: "table", name: "t1" },
      { __proto__: null, type: "table", name: "t2" },
    ]);
    db.exec("DROP TABLE t1");
    assertThrows(() => db.prepare("SELECT * FROM t1"), Error, sqliteError("no such table: t1"));
  });

  test("rows() may return an array; an empty iterable is an empty table", () => {
    const db = memdb();
    db.createModule("arr", { columns: [INT("v")], rows: () => [[1n], [2n], [3n]] });
    db.createModule("none", { columns: [INT("v")], *rows() {} });
    assert.deepStrictEqual(db.prepare("SELECT sum(v) AS s FROM arr").get(), { __proto__: null, s: 6 });
    assert.deepStrictEqual(db.prepare("SELECT * FROM none").all(), []);
  });

  test("rows() may return an iterator without Symbol.iterator, and is called with this undefined", () => {
    const db = memdb();
    let self = "unset";
    db.createModule("plain_iter", {
      columns: [INT("v")],
      rows() {
        "use strict";
        self = this;
        let i = 0;
        return { next: () => (i < 2 ? { done: false, value: [BigInt(++i)] } : { done: true }) };
      },
    });
    assert.deepStrictEqual(db.prepare("SELECT v FROM plain_iter").all(), [
      { __proto__: null, v: 1 },
      { __proto__: null, v: 2 },
    ]);
    assert.equal(self, undefined);
  });

  test("done uses JavaScript truthiness; next is looked up on every step", () => {
    const db = memdb();
    db.createModule("truthy", {
      columns: [INT("v")],
      rows() {
        let i = 0;
        const it = {
          [Symbol.iterator]() {
            return this;
          },
        };
        // Swapped after each call: node reads `next` afresh every time.
        const a = () => ((it.next = b), { done: i >= 4 ? "yes" : 0, value: [++i] });
        const b = () => ((it.next = a), { done: i >= 4 ? 1 : "", value: [++i * 10] });
        it.next = a;
        return it;
      },
    });
    assert.deepStrictEqual(
      db.prepare("SELECT v FROM truthy").all().map((r) => r.v),
      [1, 20, 3, 40],
    );
  });

  test("each scan calls rows() again; rowid counts from 1 per scan", () => {
    const db = memdb();
    let calls = 0;
    db.createModule("fresh", {
      columns: [INT("v")],
      *rows() {
        calls++;
        yield [BigInt(calls)];
        yield [BigInt(calls)];
      },
    });
    assert.deepStrictEqual(db.prepare("SELECT rowid, v FROM fresh").all(), [
      { __proto__: null, rowid: 1, v: 1 },
      { __proto__: null, rowid: 2, v: 1 },
    ]);
    assert.deepStrictEqual(db.prepare("SELECT rowid, v FROM fresh").all(), [
      { __proto__: null, rowid: 1, v: 2 },
      { __proto__: null, rowid: 2, v: 2 },
    ]);
    assert.equal(calls, 2);
  });

  test("the table is read-only", () => {
    const db = memdb();
    db.createModule("ro", { columns: [INT("v")], rows: () => [[1]] });
    assertThrows(() => db.exec("INSERT INTO ro VALUES (1)"), Error, sqliteError("table ro may not be modified"));
    assertThrows(() => db.exec("DELETE FROM ro"), Error, sqliteError("table ro may not be modified"));
  });

  test("column names are quoted in the declared schema", () => {
    const db = memdb();
    db.createModule("quoted", {
      columns: [
        { name: 'we"ird', type: "TEXT" },
        { name: "select", type: "TEXT" },
        { name: "a b", type: "TEXT" },
      ],
      rows: () => [["1", "2", "3"]],
    });
    assert.deepStrictEqual(db.prepare("SELECT * FROM quoted").get(), {
      __proto__: null,
      'we"ird': "1",
      select: "2",
      "a b": "3",
    });
    assert.deepStrictEqual(
      db.prepare("SELECT name, type, hidden FROM pragma_table_xinfo('quoted')").all(),
      [
        { __proto__: null, name: 'we"ird', type: "TEXT", hidden: 0 },
        { __proto__: null, name: "select", type: "TEXT", hidden: 0 },
        { __proto__: null, name: "a b", type: "TEXT", hidden: 0 },
      ],
    );
  });

  test("registering a name again replaces the module", () => {
    const db = memdb();
    db.createModule("swap", { columns: [INT("v")], rows: () => [[1n]] });
    assert.deepStrictEqual(db.prepare("SELECT v FROM swap").get(), { __proto__: null, v: 1 });
    db.createModule("swap", { columns: [{ name: "w", type: "TEXT" }], rows: () => [["two"]] });
    assert.deepStrictEqual(db.prepare("SELECT * FROM swap").get(), { __proto__: null, w: "two" });
  });

  test("modules belong to their connection and survive close() and open() not at all", () => {
    const db = memdb();
    db.createModule("gone", { columns: [INT("v")], rows: () => [[1]] });
    const other = memdb();
    assertThrows(() => other.prepare("SELECT * FROM gone"), Error, sqliteError("no such table: gone"));
    db.close();
    db.open();
    assertThrows(() => db.prepare("SELECT * FROM gone"), Error, sqliteError("no such table: gone"));
  });

  test("directOnly: usable at top level, refused from a view", () => {
    const db = memdb();
    db.createModule("direct", { columns: [INT("v")], rows: () => [[1n]], directOnly: true });
    db.createModule("anywhere", { columns: [INT("v")], rows: () => [[1n]], directOnly: false });
    db.exec("CREATE VIEW v_direct AS SELECT v FROM direct; CREATE VIEW v_anywhere AS SELECT v FROM anywhere");
    assert.deepStrictEqual(db.prepare("SELECT v FROM direct").all(), [{ __proto__: null, v: 1 }]);
    assert.deepStrictEqual(db.prepare("SELECT v FROM v_anywhere").all(), [{ __proto__: null, v: 1 }]);
    assertThrows(() => db.prepare("SELECT v FROM v_direct").all(), Error, sqliteError('unsafe use of virtual table "direct"'));
  });
});

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

describe("createModule(): values", { skip }, () => {
  test("numbers are REAL and bigints INTEGER whatever the declared type (no affinity)", () => {
    const db = memdb();
    db.createModule("kinds", {
      columns: [INT("n"), INT("b"), { name: "r", type: "REAL" }, { name: "t", type: "TEXT" }, { name: "x", type: "BLOB" }],
      rows: () => [[1, 2n, 3n, 4, "5"]],
    });
    assert.deepStrictEqual(
      db.prepare("SELECT typeof(n) n, typeof(b) b, typeof(r) r, typeof(t) t, typeof(x) x FROM kinds").get(),
      { __proto__: null, n: "real", b: "integer", r: "integer", t: "real", x: "text" },
    );
    assert.deepStrictEqual(db.prepare("SELECT * FROM kinds").get(), { __proto__: null, n: 1, b: 2, r: 3, t: 4, x: "5" });
  });

  test("strings, bytes, null and undefined; missing and extra elements", () => {
    const db = memdb();
    db.createModule("vals", {
      columns: ["a", "b", "c"].map((name) => ({ name, type: "ANY" })),
      rows: () => [
        ["héllo ✓", new Uint8Array([1, 2, 3]), null],
        [undefined, Buffer.from("xy"), new DataView(new Uint8Array([9]).buffer)],
        ["only"],
        [1, 2, 3, 4, 5],
      ],
    });
    assert.deepStrictEqual(db.prepare("SELECT a, b, c, typeof(b) tb FROM vals").all(), [
      { __proto__: null, a: "héllo ✓", b: new Uint8Array([1, 2, 3]), c: null, tb: "blob" },
      { __proto__: null, a: null, b: new Uint8Array([120, 121]), c: new Uint8Array([9]), tb: "blob" },
      { __proto__: null, a: "only", b: null, c: null, tb: "null" },
      { __proto__: null, a: 1, b: 2, c: 3, tb: "real" },
    ]);
  });

  test("a row is read by index: array-like objects work, primitives read as NULLs", () => {
    const db = memdb();
    db.createModule("shapes", {
      columns: [INT("a"), INT("b")],
      rows: () => [{ 0: 1n, 1: 2n }, { a: 3n, b: 4n }, 5, "xy", null],
    });
    assert.deepStrictEqual(db.prepare("SELECT rowid, a, b FROM shapes").all(), [
      { __proto__: null, rowid: 1, a: 1, b: 2 },
      { __proto__: null, rowid: 2, a: null, b: null },
      { __proto__: null, rowid: 3, a: null, b: null },
      { __proto__: null, rowid: 4, a: null, b: null },
      { __proto__: null, rowid: 5, a: null, b: null },
    ]);
  });

  test("only the columns a query reads are read from the row", () => {
    const db = memdb();
    const reads = [];
    db.createModule("lazy", {
      columns: [INT("a"), INT("b")],
      rows: () => [
        {
          get 0() {
            reads.push(0);
            return 1n;
          },
          get 1() {
            reads.push(1);
            return 2n;
          },
        },
      ],
    });
    db.prepare("SELECT b FROM lazy").all();
    assert.deepStrictEqual(reads, [1]);
  });

  test("values SQLite cannot store fail the statement with node's function-result errors", () => {
    const db = memdb();
    const cases = [
      [true, "Returned JavaScript value cannot be converted to a SQLite value"],
      [{}, "Returned JavaScript value cannot be converted to a SQLite value"],
      [Symbol("s"), "Returned JavaScript value cannot be converted to a SQLite value"],
      [() => 1, "Returned JavaScript value cannot be converted to a SQLite value"],
      // (An ArrayBuffer is a BLOB, as a function result is in node 26.10.)
      [2n ** 63n, "BigInt value is too large for SQLite"],
      [Promise.resolve(1), "Asynchronous user-defined functions are not supported"],
    ];
    for (const [value, message] of cases) {
      db.createModule("badval", { columns: [{ name: "v", type: "ANY" }], rows: () => [[value]] });
      assertThrows(() => db.prepare("SELECT v FROM badval").all(), Error, sqliteError(message));
    }
  });
});

describe("createModule(): errors from JavaScript", { skip }, () => {
  test("an exception thrown by rows() reaches the caller unchanged", () => {
    const db = memdb();
    class MyError extends Error {}
    const thrown = Object.assign(new MyError("rows failed"), { code: "MINE" });
    db.createModule("throws", {
      columns: [INT("v")],
      rows() {
        throw thrown;
      },
    });
    assertRethrows(() => db.prepare("SELECT * FROM throws").all(), thrown);
    assertRethrows(() => db.exec("SELECT * FROM throws"), thrown);
    assertRethrows(() => db.prepare("SELECT * FROM throws").iterate().next(), thrown);
  });

  test("a generator that throws part-way, with a primitive or an object", () => {
    const db = memdb();
    for (const thrown of [42, "text", new TypeError("mid-way")]) {
      const state = { cleanups: 0 };
      db.createModule("midway", {
        columns: [INT("v")],
        *rows() {
          try {
            yield [1n];
            throw thrown;
          } finally {
            state.cleanups++;
          }
        },
      });
      assertRethrows(() => db.prepare("SELECT v FROM midway").all(), thrown);
      // The generator ran its `finally` once, as part of the throw.
      assert.equal(state.cleanups, 1);
    }
  });

  test("throwing next(), Symbol.iterator, `done`/`value` getters and row getters", () => {
    const db = memdb();
    const thrown = new Error("boom");
    const boom = () => {
      throw thrown;
    };
    const variants = [
      () => ({ [Symbol.iterator]: boom }),
      () => ({ get [Symbol.iterator]() { return boom(); } }),
      () => ({ next: boom }),
      () => ({ get next() { return boom(); } }),
      () => ({ next: () => ({ get done() { return boom(); } }) }),
      () => ({ next: () => ({ done: false, get value() { return boom(); } }) }),
      () => [{ get 0() { return boom(); } }],
      () => [new Proxy([], { get: boom })],
    ];
    for (const rows of variants) {
      db.createModule("bad", { columns: [INT("v")], rows });
      assertRethrows(() => db.prepare("SELECT v FROM bad").all(), thrown);
    }
    // The connection is fine afterwards.
    assert.deepStrictEqual(db.prepare("SELECT 1 AS x").get(), { __proto__: null, x: 1 });
  });

  test("iteration-protocol violations are SQLite errors of their own, from all() and exec()", () => {
    const db = memdb();
    const cases = [
      [() => 42, 'The "options.rows" function must return an iterable object'],
      [() => undefined, 'The "options.rows" function must return an iterable object'],
      [() => "abc", 'The "options.rows" function must return an iterable object'],
      [() => ({ [Symbol.iterator]: () => 7 }), "The \"options.rows\" iterable's Symbol.iterator method must return an object"],
      [() => ({}), 'The "options.rows" iterator must have a next() method'],
      [() => ({ [Symbol.iterator]() { return this; }, next: 1 }), 'The "options.rows" iterator must have a next() method'],
      [() => ({ next: () => 42 }), "The \"options.rows\" iterator's next() method must return an object"],
      [() => ({ next: () => null }), "The \"options.rows\" iterator's next() method must return an object"],
    ];
    for (const [rows, message] of cases) {
      db.createModule("bad", { columns: [INT("v")], rows });
      assertThrows(() => db.prepare("SELECT v FROM bad").all(), Error, sqliteError(message));
      assertThrows(() => db.exec("SELECT v FROM bad"), Error, sqliteError(message));
    }
  });

  test("a violation after some rows fails the statement", () => {
    const db = memdb();
    db.createModule("late", {
      columns: [INT("v")],
      rows() {
        let i = 0;
        return { next: () => (i++ < 2 ? { done: false, value: [1n] } : 7) };
      },
    });
    assertThrows(
      () => db.prepare("SELECT v FROM late").all(),
      Error,
      sqliteError("The \"options.rows\" iterator's next() method must return an object"),
    );
  });
});

describe("createModule(): iterator cleanup", { skip }, () => {
  test("LIMIT stops early and runs the generator's finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "early", state);
    assert.deepStrictEqual(db.prepare("SELECT v FROM early LIMIT 2").all(), [
      { __proto__: null, v: 0 },
      { __proto__: null, v: 1 },
    ]);
    assert.equal(state.cleanups, 1);
    db.prepare("SELECT v FROM early LIMIT 1").get();
    assert.equal(state.cleanups, 2);
  });

  test("a generator that ran to its end runs finally once", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "full", state, 3);
    assert.equal(db.prepare("SELECT v FROM full").all().length, 3);
    assert.equal(state.cleanups, 1);
  });

  test("get() leaves the scan after one row: finally runs when the statement resets", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "one", state);
    assert.deepStrictEqual(db.prepare("SELECT v FROM one").get(), { __proto__: null, v: 0 });
    assert.equal(state.cleanups, 1);
  });

  test("break out of iterate(), and iterator.return(), run finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "brk", state);
    for (const row of db.prepare("SELECT v FROM brk").iterate()) {
      if (row.v === 2) break;
    }
    assert.equal(state.cleanups, 1);
    const it = db.prepare("SELECT v FROM brk").iterate();
    it.next();
    assert.equal(state.cleanups, 1);
    it.return();
    assert.equal(state.cleanups, 2);
  });

  test("re-running or closing a statement with a suspended scan runs finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "susp", state);
    const stmt = db.prepare("SELECT v FROM susp");
    stmt.iterate().next();
    assert.equal(state.cleanups, 0);
    stmt.get();
    assert.equal(state.cleanups, 2);
    stmt.iterate().next();
    if (typeof stmt.close === "function") {
      stmt.close();
      assert.equal(state.cleanups, 3);
    }
  });

  test("db.close() with a suspended scan runs finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "atclose", state);
    db.prepare("SELECT v FROM atclose").iterate().next();
    db.close();
    assert.equal(state.cleanups, 1);
  });

  test("re-filtering a cursor (inner side of a join) closes the previous iterator", () => {
    const db = memdb();
    const state = { cleanups: 0, opened: 0 };
    db.createModule("inner", {
      columns: [INT("v"), HIDDEN("p")],
      *rows(p) {
        state.opened++;
        try {
          for (let i = 0; i < 100; i++) yield [BigInt(p * 100 + i)];
        } finally {
          state.cleanups++;
        }
      },
    });
    db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)");
    // EXISTS stops each inner scan after its first row, mid-iteration.
    const rows = db.prepare("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM inner(t.a)) ORDER BY a").all();
    assert.equal(rows.length, 3);
    assert.equal(state.opened, 3);
    assert.equal(state.cleanups, 3);
  });

  test("a throwing return() (method or getter) surfaces from the statement", () => {
    const db = memdb();
    for (const [label, descriptor] of [
      ["method", { value: () => { throw new Error(`return threw`); } }],
      ["getter", { get: () => { throw new Error(`return threw`); } }],
    ]) {
      db.createModule(`ret_${label}`, {
        columns: [INT("v")],
        rows() {
          let i = 0;
          const it = { [Symbol.iterator]() { return this; }, next: () => ({ done: false, value: [BigInt(i++)] }) };
          return Object.defineProperty(it, "return", descriptor);
        },
      });
      assertThrows(() => db.prepare(`SELECT v FROM ret_${label} LIMIT 2`).all(), Error, { message: "return threw" });
      assert.deepStrictEqual(db.prepare("SELECT 2 AS x").get(), { __proto__: null, x: 2 });
    }
  });

  test("when the statement fails for SQLite's own reason, that error outranks a throwing return()", () => {
    const db = memdb();
    db.exec("CREATE TABLE t(v INTEGER UNIQUE)");
    db.createModule("dup", {
      columns: [INT("v")],
      rows: () => ({
        next: () => ({ done: false, value: [1n] }),
        return() {
          throw new Error("cleanup threw");
        },
      }),
    });
    const expected = sqliteError("UNIQUE constraint failed: t.v", 2067, "constraint failed");
    assertThrows(() => db.prepare("INSERT INTO t SELECT v FROM dup LIMIT 5").run(), Error, expected);
    assertThrows(() => db.exec("INSERT INTO t SELECT v FROM dup LIMIT 5"), Error, expected);
    // Without a SQLite error, the cleanup's exception is what the caller sees,
    // and it does not hide a later, unrelated SQLite error.
    assertThrows(() => db.prepare("SELECT v FROM dup LIMIT 1").all(), Error, { message: "cleanup threw" });
    assertThrows(() => db.prepare("INSERT INTO t VALUES (1), (1)").run(), Error, expected);
    assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM t").get(), { __proto__: null, n: 0 });
  });

  test("return() is not called when the iterator has none, nor after the body threw", () => {
    const db = memdb();
    let i = 0;
    db.createModule("noret", { columns: [INT("v")], rows: () => ({ next: () => ({ done: false, value: [BigInt(i++)] }) }) });
    assert.equal(db.prepare("SELECT v FROM noret LIMIT 3").all().length, 3);
    let returns = 0;
    const thrown = new Error("body");
    db.createModule("threw", {
      columns: [INT("v")],
      rows: () => ({
        next() {
          throw thrown;
        },
        return() {
          returns++;
          return {};
        },
      }),
    });
    assertRethrows(() => db.prepare("SELECT v FROM threw").all(), thrown);
    assert.equal(returns, 0);
  });

  test("a statement collected with a suspended scan runs no JS and does not crash", () => {
    const source = `
      const { DatabaseSync } = process.env.SQLITE_IMPL === "node" ? require("node:sqlite") : require(${JSON.stringify(addonPath)});
      const db = new DatabaseSync(":memory:");
      let cleanups = 0;
      db.createModule("abandoned", {
        columns: [{ name: "v", type: "INTEGER" }],
        *rows() { try { for (let i = 0; i < 1000; i++) yield [i]; } finally { cleanups++; } },
      });
      (() => { db.prepare("SELECT v FROM abandoned").iterate().next(); })();
      (async () => {
        for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setImmediate(r)); }
        const after = db.prepare("SELECT count(*) AS n FROM abandoned").get().n;
        process.stdout.write(JSON.stringify({ cleanups, after }));
      })();
    `;
    const result = spawnSync(process.execPath, ["--expose-gc", "-e", source], { encoding: "utf8", timeout: 60_000 });
    assert.equal(result.signal, null, result.stderr);
    assert.equal(result.status, 0, result.stderr);
    // The abandoned scan's finally never ran; the later complete scan's did.
    assert.deepStrictEqual(JSON.parse(result.stdout), { cleanups: 1, after: 1000 });
  });

  test("a worker that exits with a suspended scan, or from inside rows(), exits cleanly", async () => {
    const exits = await Promise.all(
      ["suspend", "rows", "next"].map(
        (mode) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(
              `
              const { DatabaseSync } = process.env.SQLITE_IMPL === "node" ? require("node:sqlite") : require(${JSON.stringify(addonPath)});
              const db = new DatabaseSync(":memory:");
              const mode = ${JSON.stringify(mode)};
              db.createModule("w", {
                columns: [{ name: "v", type: "INTEGER" }],
                *rows() {
                  if (mode === "rows") process.exit(4);
                  try { yield [1]; if (mode === "next") process.exit(5); yield [2]; } finally { globalThis.cleaned = true; }
                },
              });
              globalThis.keep = db.prepare("SELECT v FROM w").iterate();
              keep.next();
              if (mode === "next") keep.next();
              process.exit(3);
            `,
              { eval: true },
            );
            worker.on("error", reject);
            worker.on("exit", resolve);
          }),
      ),
    );
    assert.deepStrictEqual(exits, [3, 4, 5]);
  });
});

describe("createModule(): re-entrancy", { skip }, () => {
  const closers = {
    "rows()": (db) =>
      function* () {
        db.close();
        yield [1n];
      },
    "next()": (db) => () => ({
      next() {
        db.close();
        return { done: false, value: [1n] };
      },
    }),
    "a row getter": (db) => () => [
      {
        get 0() {
          db.close();
          return 1n;
        },
      },
    ],
    "an iterator's return()": (db) => () => ({
      next: () => ({ done: false, value: [1n] }),
      return() {
        db.close();
        return {};
      },
    }),
  };
  for (const [where, makeRows] of Object.entries(closers)) {
    test(`close() from ${where} throws ERR_INVALID_STATE; the connection stays usable`, () => {
      const db = memdb();
      db.createModule("closer", { columns: [INT("v")], rows: makeRows(db) });
      assertThrows(
        () => db.prepare("SELECT v FROM closer LIMIT 1").all(),
        Error,
        invalidState("database cannot be closed while in a callback"),
      );
      assert.equal(db.isOpen, true);
      assert.deepStrictEqual(db.prepare("SELECT 3 AS x").get(), { __proto__: null, x: 3 });
      db.close();
    });
  }

  test("rows() may query the database, including the same module", () => {
    const db = memdb();
    db.exec("CREATE TABLE src(x); INSERT INTO src VALUES (1), (2)");
    db.createModule("nested", {
      columns: [INT("v"), HIDDEN("depth")],
      *rows(depth) {
        if (depth > 0) {
          for (const { v } of db.prepare("SELECT v FROM nested(?)").iterate(depth - 1)) yield [BigInt(v * 10)];
        } else {
          for (const { x } of db.prepare("SELECT x FROM src").all()) yield [BigInt(x)];
        }
      },
    });
    assert.deepStrictEqual(
      db.prepare("SELECT v FROM nested(2)").all().map((r) => r.v),
      [100, 200],
    );
  });

  test("the statement being stepped cannot be re-run from inside rows()", () => {
    const db = memdb();
    let stmt;
    db.createModule("self", {
      columns: [INT("v")],
      *rows() {
        stmt.all();
        yield [1n];
      },
    });
    stmt = db.prepare("SELECT v FROM self");
    assertThrows(() => stmt.all(), Error, invalidState("statement is already being executed"));
  });
});

describe("createModule(): large tables stream", { skip }, () => {
  const ROWS = 1_000_000;

  test("1,000,000 generated rows are pulled one at a time, never buffered", () => {
    const db = memdb();
    let produced = 0;
    let maxAhead = 0;
    db.createModule("big", {
      columns: [INT("v"), { name: "s", type: "TEXT" }],
      *rows() {
        for (let i = 0; i < ROWS; i++) {
          produced++;
          yield [i, "x"];
        }
      },
    });
    let consumed = 0;
    db.function("consume", { deterministic: false }, (v) => {
      consumed++;
      maxAhead = Math.max(maxAhead, produced - consumed);
      return v;
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const result = db.prepare("SELECT count(*) AS n, sum(consume(v)) AS total, max(length(s)) AS len FROM big").get();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    assert.deepStrictEqual(result, { __proto__: null, n: ROWS, total: (ROWS * (ROWS - 1)) / 2, len: 1 });
    assert.equal(produced, ROWS);
    // SQLite consumed each row before the generator produced the next one.
    assert.equal(maxAhead, 0);
    // Generous bound: buffering a million row arrays would take far more.
    assert.ok(heapGrowth < 64 * 1024 * 1024, `heap grew by ${heapGrowth} bytes`);
  });

  test("iterate() over a large table holds one row at a time", () => {
    const db = memdb();
    let produced = 0;
    db.createModule("big_iter", {
      columns: [INT("v")],
      *rows() {
        for (let i = 0; i < ROWS; i++) {
          produced++;
          yield [i];
        }
      },
    });
    const it = db.prepare("SELECT v FROM big_iter").iterate();
    assert.deepStrictEqual(it.next().value, { __proto__: null, v: 0 });
    assert.deepStrictEqual(it.next().value, { __proto__: null, v: 1 });
    assert.equal(produced, 2);
    it.return();
  });
});
