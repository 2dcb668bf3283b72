"use strict";
// db.createModule(): eponymous virtual tables and named tables created with
// CREATE VIRTUAL TABLE ... USING. Spec: api.md §1.10.
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { skip, sqliteError, memdb, INT } = require("./vtab-fixtures.js");

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
