"use strict";
// SQLite -> JavaScript values (api.md §2.2) and result shapes (§2.3).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite } = require("./common");

const { DatabaseSync } = sqlite;

const tooLarge = (fn, text) =>
  assertThrows(fn, RangeError, {
    code: "ERR_OUT_OF_RANGE",
    message: `Value is too large to be represented as a JavaScript number: ${text}`,
  });

function openDb(options) {
  return options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
}

const INT64_MAX = "9223372036854775807";
const INT64_MIN_SQL = "(-9223372036854775807 - 1)";

describe("INTEGER values", () => {
  test("integers inside the safe range are numbers", () => {
    const db = openDb();
    const row = db.prepare("select 0 z, 1 a, -1 b, 9007199254740991 max, -9007199254740991 min").get();
    assert.deepStrictEqual(row, { __proto__: null, z: 0, a: 1, b: -1, max: 9007199254740991, min: -9007199254740991 });
    assert.strictEqual(typeof row.max, "number");
  });

  test("2^53 and -2^53 throw ERR_OUT_OF_RANGE", () => {
    const db = openDb();
    tooLarge(() => db.prepare("select 9007199254740992 a").get(), "9007199254740992");
    tooLarge(() => db.prepare("select -9007199254740992 a").get(), "-9007199254740992");
    tooLarge(() => db.prepare("select 9007199254740993 a").get(), "9007199254740993");
  });

  test("INT64 max and min throw ERR_OUT_OF_RANGE", () => {
    const db = openDb();
    tooLarge(() => db.prepare(`select ${INT64_MAX} a`).get(), "9223372036854775807");
    tooLarge(() => db.prepare(`select ${INT64_MIN_SQL} a`).get(), "-9223372036854775808");
  });

  test("all() and iterate() also throw for unsafe integers", () => {
    const db = openDb();
    tooLarge(() => db.prepare("select 1 a union all select 9007199254740993").all(), "9007199254740993");
    const it = db.prepare("select 9007199254740993 a").iterate();
    tooLarge(() => it.next(), "9007199254740993");
  });

  test("readBigInts database option: every INTEGER is a bigint", () => {
    const db = openDb({ readBigInts: true });
    assert.deepStrictEqual(
      db.prepare(`select 1 a, 0 z, -5 n, ${INT64_MAX} max, ${INT64_MIN_SQL} min, 9007199254740993 big`).get(),
      {
        __proto__: null,
        a: 1n,
        z: 0n,
        n: -5n,
        max: 9223372036854775807n,
        min: -9223372036854775808n,
        big: 9007199254740993n,
      },
    );
  });

  test("readBigInts leaves REAL, TEXT, BLOB and NULL alone", () => {
    const db = openDb({ readBigInts: true });
    assert.deepStrictEqual(db.prepare("select 2.5 r, 2.0 r2, 'x' t, x'01' b, null n").get(), {
      __proto__: null,
      r: 2.5,
      r2: 2,
      t: "x",
      b: new Uint8Array([1]),
      n: null,
    });
  });

  test("readBigInts prepare() option overrides the database default", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select 1 a, 1.5 b", { readBigInts: true }).get(), {
      __proto__: null,
      a: 1n,
      b: 1.5,
    });
    assert.deepStrictEqual(db.prepare("select 1 a").get(), { __proto__: null, a: 1 });
    const db2 = openDb({ readBigInts: true });
    assert.deepStrictEqual(db2.prepare("select 1 a", { readBigInts: false }).get(), { __proto__: null, a: 1 });
  });

  test("setReadBigInts toggles bigint reading", () => {
    const db = openDb();
    const s = db.prepare("select 1 a, 1.5 b");
    assert.strictEqual(s.setReadBigInts(true), undefined);
    assert.deepStrictEqual(s.get(), { __proto__: null, a: 1n, b: 1.5 });
    assert.deepStrictEqual(s.all(), [{ __proto__: null, a: 1n, b: 1.5 }]);
    assert.deepStrictEqual([...s.iterate()], [{ __proto__: null, a: 1n, b: 1.5 }]);
    s.setReadBigInts(false);
    assert.deepStrictEqual(s.get(), { __proto__: null, a: 1, b: 1.5 });
  });

  test("readBigInts with returnArrays", () => {
    const db = openDb({ readBigInts: true, returnArrays: true });
    assert.deepStrictEqual(db.prepare("select 1, 2.5, 'x'").get(), [1n, 2.5, "x"]);
  });
});

describe("REAL, TEXT, BLOB and NULL values", () => {
  test("REAL values are numbers", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select 2.0 a, 1.5 b, -0.25 c, 1e300 d, 9007199254740993.0 e").get(), {
      __proto__: null,
      a: 2,
      b: 1.5,
      c: -0.25,
      d: 1e300,
      e: 9007199254740992,
    });
    assert.strictEqual(db.prepare("select typeof(2.0) t, 2.0 v").get().v, 2);
  });

  test("TEXT values are strings, embedded NUL preserved", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select 'abc' a, '' e, 'é' u, 'a' || char(0) || 'b' n").get(), {
      __proto__: null,
      a: "abc",
      e: "",
      u: "é",
      n: "a\0b",
    });
    assert.deepStrictEqual(db.prepare("select cast(x'610062' as text) n").get(), { __proto__: null, n: "a\0b" });
  });

  test("BLOB values are Uint8Arrays (not Buffers) with their own ArrayBuffer", () => {
    const db = openDb();
    const { b } = db.prepare("select x'01ff00' b").get();
    assert.strictEqual(Object.getPrototypeOf(b), Uint8Array.prototype);
    assert.strictEqual(Buffer.isBuffer(b), false);
    assert.deepStrictEqual(b, new Uint8Array([1, 255, 0]));
    assert.strictEqual(b.byteOffset, 0);
    assert.strictEqual(b.buffer.byteLength, 3);
    assert.ok(b.buffer instanceof ArrayBuffer);
  });

  test("a BLOB read back is a copy, not the bound view", () => {
    const db = openDb();
    const input = new Uint8Array([1, 2, 3]);
    const { v } = db.prepare("select ? v").get(input);
    assert.deepStrictEqual(v, new Uint8Array([1, 2, 3]));
    assert.notStrictEqual(v.buffer, input.buffer);
    // Rows read separately do not share memory.
    db.exec("create table t(b blob); insert into t values (x'0102')");
    const s = db.prepare("select b from t");
    const first = s.get().b;
    const second = s.get().b;
    first[0] = 9;
    assert.deepStrictEqual(second, new Uint8Array([1, 2]));
  });

  test("small and large BLOBs have the same shape, as columns and as function arguments", () => {
    const db = openDb();
    const sizes = [1, 3, 4096, 65535, 65536, 65537, (1 << 20) + 7];
    db.exec("create table t(n integer primary key, b blob)");
    const insert = db.prepare("insert into t values (?, randomblob(?))");
    for (const n of sizes) insert.run(n, n);
    const args = [];
    db.function("probe", (v) => {
      args.push(v);
      return null;
    });
    const read = db.prepare("select b, hex(b) h, probe(b) from t where n = ?");
    const checkShape = (b, n, label) => {
      assert.strictEqual(Object.getPrototypeOf(b), Uint8Array.prototype, label);
      assert.strictEqual(Buffer.isBuffer(b), false, label);
      assert.strictEqual(b.byteLength, n, label);
      assert.strictEqual(b.byteOffset, 0, label);
      assert.strictEqual(b.buffer.byteLength, n, label);
      assert.strictEqual(Object.getPrototypeOf(b.buffer), ArrayBuffer.prototype, label);
      assert.strictEqual(b.buffer.resizable, false, label);
    };
    for (const n of sizes) {
      args.length = 0;
      const row = read.get(n);
      checkShape(row.b, n, `column of ${n} bytes`);
      assert.strictEqual(Buffer.from(row.b.buffer).toString("hex").toUpperCase(), row.h, `${n} bytes copied`);
      assert.strictEqual(args.length, 1);
      checkShape(args[0], n, `argument of ${n} bytes`);
      assert.deepStrictEqual(args[0], row.b);
      // Each value owns its memory: no shared slab, and it can be transferred.
      assert.notStrictEqual(args[0].buffer, row.b.buffer);
      const again = read.get(n).b;
      again[0] ^= 0xff;
      assert.notStrictEqual(again[0], row.b[0]);
      const moved = structuredClone(again.buffer, { transfer: [again.buffer] });
      assert.strictEqual(moved.byteLength, n);
      assert.strictEqual(again.buffer.byteLength, 0);
    }
  });

  test("empty BLOBs are zero-length Uint8Arrays", () => {
    const db = openDb();
    const row = db.prepare("select x'' a, zeroblob(0) b, zeroblob(3) c").get();
    assert.deepStrictEqual(row, {
      __proto__: null,
      a: new Uint8Array(0),
      b: new Uint8Array(0),
      c: new Uint8Array(3),
    });
    assert.strictEqual(Object.getPrototypeOf(row.a), Uint8Array.prototype);
  });

  test("NULL is null, never undefined", () => {
    const db = openDb();
    const row = db.prepare("select null a").get();
    assert.ok(Object.hasOwn(row, "a"));
    assert.strictEqual(row.a, null);
    assert.deepStrictEqual(db.prepare("select null a, null b", { returnArrays: true }).get(), [null, null]);
  });

  test("values from a table keep their storage classes", () => {
    const db = openDb();
    db.exec("create table t(a, b, c, d, e); insert into t values (1, 1.5, 'x', x'ab', null)");
    assert.deepStrictEqual(db.prepare("select * from t").get(), {
      __proto__: null,
      a: 1,
      b: 1.5,
      c: "x",
      d: new Uint8Array([0xab]),
      e: null,
    });
  });
});

describe("row objects", () => {
  test("rows have a null prototype and keys in column order", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, x)");
    db.exec("insert into t(x) values ('a')");
    const row = db.prepare('select x, id, id + 1, x as "y z" from t').get();
    assert.strictEqual(Object.getPrototypeOf(row), null);
    assert.deepStrictEqual(Object.keys(row), ["x", "id", "id + 1", "y z"]);
    assert.deepStrictEqual(row, { __proto__: null, x: "a", id: 1, "id + 1": 2, "y z": "a" });
  });

  test("a column named __proto__ is an ordinary own key", () => {
    const db = openDb();
    const row = db.prepare("select 1 __proto__, 2 b").get();
    assert.strictEqual(Object.getPrototypeOf(row), null);
    assert.ok(Object.hasOwn(row, "__proto__"));
    assert.deepStrictEqual(Object.keys(row), ["__proto__", "b"]);
    assert.strictEqual(row.__proto__, 1);
    assert.strictEqual(row.b, 2);
  });

  test("duplicate column names: one key, the last value wins", () => {
    const db = openDb();
    const row = db.prepare("select 1 a, 2 a, 3 b").get();
    assert.deepStrictEqual(row, { __proto__: null, a: 2, b: 3 });
    assert.deepStrictEqual(Object.keys(row), ["a", "b"]);
    assert.deepStrictEqual(db.prepare("select 1 a, 2 a, 3 b").all(), [{ __proto__: null, a: 2, b: 3 }]);
  });

  test("returnArrays keeps duplicates and returns ordinary Arrays", () => {
    const db = openDb();
    const s = db.prepare("select 1 a, 2 a, 3 b", { returnArrays: true });
    const row = s.get();
    assert.ok(Array.isArray(row));
    assert.strictEqual(Object.getPrototypeOf(row), Array.prototype);
    assert.deepStrictEqual(row, [1, 2, 3]);
    assert.deepStrictEqual(s.all(), [[1, 2, 3]]);
    assert.deepStrictEqual([...s.iterate()], [[1, 2, 3]]);
  });

  test("returnArrays via the database option and setReturnArrays", () => {
    const db = openDb({ returnArrays: true });
    assert.deepStrictEqual(db.prepare("select 1 a, 'x' b").get(), [1, "x"]);
    assert.deepStrictEqual(db.prepare("select 1 a", { returnArrays: false }).get(), { __proto__: null, a: 1 });
    const s = openDb().prepare("select 1 a");
    assert.strictEqual(s.setReturnArrays(true), undefined);
    assert.deepStrictEqual(s.get(), [1]);
    s.setReturnArrays(false);
    assert.deepStrictEqual(s.get(), { __proto__: null, a: 1 });
  });

  test("get() returns undefined when there is no row", () => {
    const db = openDb();
    db.exec("create table t(x)");
    assert.strictEqual(db.prepare("select * from t").get(), undefined);
    assert.strictEqual(db.prepare("select * from t", { returnArrays: true }).get(), undefined);
  });

  test("get() returns undefined for statements that return no rows", () => {
    const db = openDb();
    db.exec("create table t(x)");
    assert.strictEqual(db.prepare("insert into t values (1)").get(), undefined);
    assert.strictEqual(db.prepare("update t set x = 2").get(), undefined);
    assert.strictEqual(db.prepare("create table u(y)").get(), undefined);
    assert.deepStrictEqual(db.prepare("select x from t").all(), [{ __proto__: null, x: 2 }]);
  });

  test("get() returns only the first row", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select 1 a union all select 2").get(), { __proto__: null, a: 1 });
  });

  test("all() returns [] when there are no rows", () => {
    const db = openDb();
    db.exec("create table t(x)");
    const empty = db.prepare("select * from t").all();
    assert.deepStrictEqual(empty, []);
    assert.strictEqual(Object.getPrototypeOf(empty), Array.prototype);
    assert.deepStrictEqual(db.prepare("insert into t values (1)").all(), []);
    assert.deepStrictEqual(db.prepare("select count(*) n from t").all(), [{ __proto__: null, n: 1 }]);
  });

  test("RETURNING rows come back from get(), all() and run() executes them", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, x)");
    assert.deepStrictEqual(db.prepare("insert into t(x) values (?) returning id, x").get("a"), {
      __proto__: null,
      id: 1,
      x: "a",
    });
    assert.deepStrictEqual(db.prepare("insert into t(x) values ('b'), ('c') returning id").all(), [
      { __proto__: null, id: 2 },
      { __proto__: null, id: 3 },
    ]);
    assert.deepStrictEqual(db.prepare("insert into t(x) values ('d') returning id").run(), {
      changes: 1,
      lastInsertRowid: 4,
    });
  });
});

describe("run() results", () => {
  test("an ordinary object with keys changes, lastInsertRowid", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, x)");
    const result = db.prepare("insert into t(x) values (?)").run("a");
    assert.strictEqual(Object.getPrototypeOf(result), Object.prototype);
    assert.deepStrictEqual(Object.keys(result), ["changes", "lastInsertRowid"]);
    assert.deepStrictEqual(result, { changes: 1, lastInsertRowid: 1 });
    const again = db.prepare("insert into t(x) values (?)").run("b");
    assert.notStrictEqual(again, result);
    assert.deepStrictEqual(again, { changes: 1, lastInsertRowid: 2 });
  });

  test("changes counts multi-row statements but not trigger rows", () => {
    const db = openDb();
    db.exec(`
      create table t(id integer primary key, x);
      create table log(y);
      create trigger tr after insert on t begin
        insert into log values (new.x);
        insert into log values (new.x);
      end;
    `);
    assert.deepStrictEqual(db.prepare("insert into t(x) values (1), (2)").run(), { changes: 2, lastInsertRowid: 2 });
    assert.deepStrictEqual(db.prepare("select count(*) n from log").get(), { __proto__: null, n: 4 });
  });

  test("UPDATE and DELETE report changes; lastInsertRowid is unchanged", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, x); insert into t(x) values (1), (2), (3)");
    assert.deepStrictEqual(db.prepare("update t set x = x + 1 where id > 1").run(), {
      changes: 2,
      lastInsertRowid: 3,
    });
    assert.deepStrictEqual(db.prepare("delete from t where id = 1").run(), { changes: 1, lastInsertRowid: 3 });
    assert.deepStrictEqual(db.prepare("update t set x = 0 where 0").run(), { changes: 0, lastInsertRowid: 3 });
  });

  test("lastInsertRowid is connection-wide", () => {
    const db = openDb();
    db.exec("create table a(id integer primary key); create table b(id integer primary key)");
    db.prepare("insert into a(id) values (10)").run();
    assert.deepStrictEqual(db.prepare("insert into b(id) values (20)").run(), { changes: 1, lastInsertRowid: 20 });
    db.exec("insert into a(id) values (30)");
    assert.deepStrictEqual(db.prepare("update b set id = 21").run(), { changes: 1, lastInsertRowid: 30 });
  });

  test("run() on a SELECT on a fresh connection", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select 1").run(), { changes: 0, lastInsertRowid: 0 });
    assert.deepStrictEqual(db.prepare("select 1 union all select 2").run(), { changes: 0, lastInsertRowid: 0 });
  });

  test("bigint results with readBigInts", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, x)");
    assert.deepStrictEqual(db.prepare("insert into t(x) values (1)", { readBigInts: true }).run(), {
      changes: 1n,
      lastInsertRowid: 1n,
    });
    const s = db.prepare("insert into t(x) values (2)");
    s.setReadBigInts(true);
    assert.deepStrictEqual(s.run(), { changes: 1n, lastInsertRowid: 2n });
    const db2 = openDb({ readBigInts: true });
    assert.deepStrictEqual(db2.prepare("select 1").run(), { changes: 0n, lastInsertRowid: 0n });
  });

  test("rowids beyond the safe range need readBigInts", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, x)");
    tooLarge(() => db.prepare("insert into t(id, x) values (9007199254740995, 1)").run(), "9007199254740995");
    // The statement itself ran; only the result could not be represented.
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 1 });
    assert.deepStrictEqual(
      db.prepare("insert into t(id, x) values (9007199254740996, 1)", { readBigInts: true }).run(),
      { changes: 1n, lastInsertRowid: 9007199254740996n },
    );
    // lastInsertRowid is connection-wide, so even a SELECT now fails without BigInts.
    tooLarge(() => db.prepare("select 1").run(), "9007199254740996");
    assert.deepStrictEqual(db.prepare("select 1", { readBigInts: true }).run(), {
      changes: 1n,
      lastInsertRowid: 9007199254740996n,
    });
  });

  test("the largest rowid with readBigInts", () => {
    const db = openDb({ readBigInts: true });
    db.exec("create table t(id integer primary key)");
    assert.deepStrictEqual(db.prepare(`insert into t(id) values (${INT64_MAX})`).run(), {
      changes: 1n,
      lastInsertRowid: 9223372036854775807n,
    });
  });
});

describe("columns()", () => {
  test("describes table columns and expressions", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, name text, data blob, v)");
    const cols = db.prepare("select id, name as n, v, 1 + 1, t.data from t").columns();
    assert.strictEqual(Object.getPrototypeOf(cols), Array.prototype);
    assert.deepStrictEqual(cols, [
      { __proto__: null, column: "id", database: "main", name: "id", table: "t", type: "INTEGER" },
      { __proto__: null, column: "name", database: "main", name: "n", table: "t", type: "TEXT" },
      { __proto__: null, column: "v", database: "main", name: "v", table: "t", type: null },
      { __proto__: null, column: null, database: null, name: "1 + 1", table: null, type: null },
      { __proto__: null, column: "data", database: "main", name: "data", table: "t", type: "BLOB" },
    ]);
    for (const col of cols) {
      assert.strictEqual(Object.getPrototypeOf(col), null);
      assert.deepStrictEqual(Object.keys(col), ["column", "database", "name", "table", "type"]);
    }
  });

  test("columns through views, subqueries and attached databases", () => {
    const db = openDb();
    db.exec(`
      create table t(id integer primary key, name text);
      create view vv as select id as vid, name from t;
      attach ':memory:' as aux;
      create table aux.w(q int);
    `);
    assert.deepStrictEqual(db.prepare("select * from vv").columns(), [
      { __proto__: null, column: "id", database: "main", name: "vid", table: "t", type: "INTEGER" },
      { __proto__: null, column: "name", database: "main", name: "name", table: "t", type: "TEXT" },
    ]);
    assert.deepStrictEqual(db.prepare("select x from (select id x from t)").columns(), [
      { __proto__: null, column: "id", database: "main", name: "x", table: "t", type: "INTEGER" },
    ]);
    assert.deepStrictEqual(db.prepare("select q from aux.w").columns(), [
      { __proto__: null, column: "q", database: "aux", name: "q", table: "w", type: "INT" },
    ]);
  });

  test("[] for statements without result columns", () => {
    const db = openDb();
    db.exec("create table t(x)");
    assert.deepStrictEqual(db.prepare("insert into t values (1)").columns(), []);
    assert.deepStrictEqual(db.prepare("create table u(y)").columns(), []);
    assert.deepStrictEqual(db.prepare("delete from t").columns(), []);
  });

  test("RETURNING columns are reported", () => {
    const db = openDb();
    db.exec("create table t(id integer primary key, name text)");
    assert.deepStrictEqual(db.prepare("insert into t(name) values ('a') returning id, name as x, 5 y").columns(), [
      { __proto__: null, column: "id", database: "main", name: "id", table: "t", type: "INTEGER" },
      { __proto__: null, column: "name", database: "main", name: "x", table: "t", type: "TEXT" },
      { __proto__: null, column: null, database: null, name: "y", table: null, type: null },
    ]);
  });

  test("columns() works before and after execution and does not execute", () => {
    const db = openDb();
    db.exec("create table t(x)");
    const s = db.prepare("insert into t values (1) returning x");
    const before = s.columns();
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });
    s.run();
    assert.deepStrictEqual(s.columns(), before);
    assert.notStrictEqual(s.columns(), before);
  });
});

describe("expandedSQL and sourceSQL", () => {
  test("parameters are NULL before any execution", () => {
    const db = openDb();
    const s = db.prepare("select ? a, $b b, ?3 c");
    assert.strictEqual(s.expandedSQL, "select NULL a, NULL b, NULL c");
    assert.strictEqual(s.sourceSQL, "select ? a, $b b, ?3 c");
  });

  test("numbers expand as REAL, bigints as integers", () => {
    const db = openDb();
    const s = db.prepare("select ? a, ? b, ? c, ? d, ? e");
    s.run(5, 1.5, -5n, 9223372036854775807n, true);
    assert.strictEqual(s.expandedSQL, "select 5.0 a, 1.5 b, -5 c, 9223372036854775807 d, 1 e");
  });

  test("blobs, strings and NULL expand as SQL literals", () => {
    const db = openDb();
    const s = db.prepare("select $b b, ? a, ? c");
    s.get({ b: new Uint8Array([1, 255]) }, "it's", null);
    assert.strictEqual(s.expandedSQL, "select x'01ff' b, 'it''s' a, NULL c");
  });

  test("expandedSQL reflects the most recent bindings", () => {
    const db = openDb();
    const s = db.prepare("select ? a");
    s.get(1);
    assert.strictEqual(s.expandedSQL, "select 1.0 a");
    s.get("x");
    assert.strictEqual(s.expandedSQL, "select 'x' a");
    s.get();
    assert.strictEqual(s.expandedSQL, "select NULL a");
  });

  test("without parameters expandedSQL equals sourceSQL", () => {
    const db = openDb();
    const s = db.prepare("select 1 a  ,  'b'");
    assert.strictEqual(s.sourceSQL, "select 1 a  ,  'b'");
    assert.strictEqual(s.expandedSQL, s.sourceSQL);
    s.get();
    assert.strictEqual(s.expandedSQL, s.sourceSQL);
  });

  test("sourceSQL is the text of the first statement only", () => {
    const db = openDb();
    assert.strictEqual(db.prepare("  select 1  ").sourceSQL, "  select 1  ");
    assert.strictEqual(db.prepare("select 1; select 2").sourceSQL, "select 1;");
  });
});
