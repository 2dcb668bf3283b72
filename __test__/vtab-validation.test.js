"use strict";
// db.createModule(name, options): argument validation, checked in node's order,
// and the method's own property layout. Spec: api.md §1.10 (node 26.11; node
// PRs #65787, #66195, #66215).
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, assertThrows } = require("./common");
const { skip, invalidState, sqliteError, memdb, INT } = require("./vtab-fixtures.js");

const { DatabaseSync } = sqlite;

const argType = (message) => ({ code: "ERR_INVALID_ARG_TYPE", message });

const argValue = (message) => ({ code: "ERR_INVALID_ARG_VALUE", message });

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
