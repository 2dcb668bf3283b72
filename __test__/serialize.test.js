"use strict";
// db.serialize([dbName]) and db.deserialize(buffer[, { dbName }]).
// Spec: api.md §1.3, §2.3, §2.9, §2.13, catalogue rows 24, 48, 53-55.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { sqlite, tmpPath, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

const NOT_AN_ERROR = { code: "ERR_SQLITE_ERROR", message: "not an error", errcode: 0, errstr: "not an error" };
const NOT_A_DATABASE = {
  code: "ERR_SQLITE_ERROR",
  message: "file is not a database",
  errcode: 26,
  errstr: "file is not a database",
};
const FINALIZED = { code: "ERR_INVALID_STATE", message: "statement has been finalized" };
const NOT_OPEN = { code: "ERR_INVALID_STATE", message: "database is not open" };

/** In-memory db with t(a, b) holding two rows. */
function seeded() {
  const db = new DatabaseSync(":memory:");
  db.exec("create table t(a integer, b text); insert into t values (1, 'x'), (2, 'y')");
  return db;
}

function rowsOf(db) {
  return db.prepare("select a, b from t order by a").all();
}

describe("serialize()", () => {
  test("an empty in-memory database serializes to 4096 bytes starting with the SQLite header", () => {
    const db = new DatabaseSync(":memory:");
    const bytes = db.serialize();
    assert.strictEqual(Object.getPrototypeOf(bytes), Uint8Array.prototype);
    assert.strictEqual(Buffer.isBuffer(bytes), false);
    assert.strictEqual(bytes.length, 4096);
    assert.strictEqual(bytes.byteOffset, 0);
    assert.strictEqual(bytes.buffer.byteLength, 4096);
    assert.strictEqual(Buffer.from(bytes.subarray(0, 16)).toString("latin1"), "SQLite format 3\0");
    db.close();
  });

  test("the temporary on-disk database ('') also serializes to 4096 bytes", () => {
    const db = new DatabaseSync("");
    assert.strictEqual(db.serialize().length, 4096);
    db.close();
  });

  test("returns a fresh Uint8Array on every call", () => {
    const db = seeded();
    const a = db.serialize();
    const b = db.serialize();
    assert.notStrictEqual(a, b);
    assert.notStrictEqual(a.buffer, b.buffer);
    assert.deepStrictEqual(a, b);
    a[100] ^= 0xff;
    assert.notDeepStrictEqual(a, db.serialize());
    db.close();
  });

  test("the size is page size x page count", () => {
    const db = seeded();
    const { page_size } = db.prepare("pragma page_size").get();
    const { page_count } = db.prepare("pragma page_count").get();
    assert.strictEqual(db.serialize().length, page_size * page_count);
    db.close();
  });

  test("serialize() and serialize('main') and serialize(undefined) are the same", () => {
    const db = seeded();
    const main = db.serialize();
    assert.deepStrictEqual(db.serialize("main"), main);
    assert.deepStrictEqual(db.serialize(undefined), main);
    db.close();
  });

  test("a file database serializes to the bytes of the file", () => {
    const file = tmpPath("file.db");
    const db = new DatabaseSync(file);
    db.exec("create table f(x); insert into f values (1)");
    const bytes = db.serialize();
    assert.deepStrictEqual(Buffer.from(bytes), fs.readFileSync(file));
    db.close();
  });

  test("an unknown schema name throws 'not an error' (errcode 0)", () => {
    const db = seeded();
    assertThrows(() => db.serialize("nope"), Error, NOT_AN_ERROR);
    db.close();
  });

  test("'temp' is unknown until the temp database exists", () => {
    const db = seeded();
    assertThrows(() => db.serialize("temp"), Error, NOT_AN_ERROR);
    db.exec("create temp table tt(x)");
    assert.ok(db.serialize("temp").length > 0);
    db.close();
  });

  test("dbName must be a string", () => {
    const db = seeded();
    for (const value of [5, null, {}, true]) {
      assertThrows(() => db.serialize(value), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "dbName" argument must be a string.',
      });
    }
    db.close();
  });

  test("throws 'database is not open' on a closed database", () => {
    const db = seeded();
    db.close();
    assertThrows(() => db.serialize(), Error, NOT_OPEN);
  });
});

describe("deserialize(): round trip", () => {
  test("copies a database into another connection; returns undefined", () => {
    const source = seeded();
    const target = new DatabaseSync(":memory:");
    assert.strictEqual(target.deserialize(source.serialize()), undefined);
    assert.deepStrictEqual(rowsOf(target), [
      { __proto__: null, a: 1, b: "x" },
      { __proto__: null, a: 2, b: "y" },
    ]);
    source.close();
    target.close();
  });

  test("replaces the existing contents", () => {
    const source = seeded();
    const target = new DatabaseSync(":memory:");
    target.exec("create table old(z); insert into old values (1)");
    target.deserialize(source.serialize());
    assert.deepStrictEqual(target.prepare("select name from sqlite_master order by name").all(), [
      { __proto__: null, name: "t" },
    ]);
    source.close();
    target.close();
  });

  test("the result is writable and independent of the source", () => {
    const source = seeded();
    const target = new DatabaseSync(":memory:");
    target.deserialize(source.serialize());
    target.exec("insert into t values (3, 'z')");
    assert.strictEqual(rowsOf(target).length, 3);
    assert.strictEqual(rowsOf(source).length, 2);
    const third = new DatabaseSync(":memory:");
    third.deserialize(target.serialize());
    assert.deepStrictEqual(rowsOf(third), [
      { __proto__: null, a: 1, b: "x" },
      { __proto__: null, a: 2, b: "y" },
      { __proto__: null, a: 3, b: "z" },
    ]);
    source.close();
    target.close();
    third.close();
  });

  test("the input buffer is copied: later changes to it have no effect", () => {
    const source = seeded();
    const bytes = source.serialize();
    const target = new DatabaseSync(":memory:");
    target.deserialize(bytes);
    bytes.fill(0);
    assert.strictEqual(rowsOf(target).length, 2);
    target.exec("insert into t values (9, 'q')");
    assert.strictEqual(rowsOf(target).length, 3);
    source.close();
    target.close();
  });

  test("accepts a Buffer and a Uint8Array view with an offset", () => {
    const bytes = seeded().serialize();
    const a = new DatabaseSync(":memory:");
    a.deserialize(Buffer.from(bytes));
    assert.strictEqual(rowsOf(a).length, 2);
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes, 8);
    const b = new DatabaseSync(":memory:");
    b.deserialize(padded.subarray(8, 8 + bytes.length));
    assert.strictEqual(rowsOf(b).length, 2);
    a.close();
    b.close();
  });

  test("options undefined and {} mean the main schema", () => {
    const bytes = seeded().serialize();
    const a = new DatabaseSync(":memory:");
    a.deserialize(bytes, undefined);
    assert.strictEqual(rowsOf(a).length, 2);
    const b = new DatabaseSync(":memory:");
    b.deserialize(bytes, {});
    assert.strictEqual(rowsOf(b).length, 2);
    const c = new DatabaseSync(":memory:");
    c.deserialize(bytes, { dbName: "main" });
    assert.strictEqual(rowsOf(c).length, 2);
    a.close();
    b.close();
    c.close();
  });

  test("works with an attached schema (serialize and deserialize by dbName)", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("attach ':memory:' as aux; create table aux.q(z); insert into aux.q values (42)");
    const aux = db.serialize("aux");
    assert.strictEqual(aux.length, 8192);

    const target = new DatabaseSync(":memory:");
    target.exec("attach ':memory:' as other; create table main.m(x)");
    assert.strictEqual(target.deserialize(aux, { dbName: "other" }), undefined);
    assert.deepStrictEqual(target.prepare("select z from other.q").all(), [{ __proto__: null, z: 42 }]);
    // main is untouched
    assert.deepStrictEqual(target.prepare("select name from main.sqlite_master").all(), [{ __proto__: null, name: "m" }]);
    assert.deepStrictEqual(target.serialize("other"), aux);
    db.close();
    target.close();
  });

  test("a file database becomes an in-memory database; the file is untouched", () => {
    const file = tmpPath("target.db");
    const db = new DatabaseSync(file);
    db.exec("create table ondisk(x); insert into ondisk values (1)");
    assert.strictEqual(db.location(), file);

    db.deserialize(seeded().serialize());
    assert.strictEqual(db.location(), null);
    assert.strictEqual(rowsOf(db).length, 2);
    db.exec("insert into t values (3, 'z')");
    db.close();

    const reopened = new DatabaseSync(file);
    assert.deepStrictEqual(reopened.prepare("select name from sqlite_master").all(), [{ __proto__: null, name: "ondisk" }]);
    assert.deepStrictEqual(reopened.prepare("select x from ondisk").all(), [{ __proto__: null, x: 1 }]);
    reopened.close();
  });

  test("a serialized file database can be loaded into memory", () => {
    const file = tmpPath("source.db");
    const source = new DatabaseSync(file);
    source.exec("create table f(x); insert into f values ('from file')");
    const memory = new DatabaseSync(":memory:");
    memory.deserialize(source.serialize());
    assert.strictEqual(memory.location(), null);
    assert.deepStrictEqual(memory.prepare("select x from f").get(), { __proto__: null, x: "from file" });
    source.close();
    memory.close();
  });
});

describe("deserialize(): prepared statements", () => {
  test("every prepared statement is finalized", () => {
    const db = seeded();
    const stmt = db.prepare("select count(*) n from t");
    assert.deepStrictEqual(stmt.get(), { __proto__: null, n: 2 });
    db.deserialize(seeded().serialize());
    assertThrows(() => stmt.get(), Error, FINALIZED);
    assertThrows(() => stmt.all(), Error, FINALIZED);
    assertThrows(() => stmt.run(), Error, FINALIZED);
    assertThrows(() => stmt.iterate(), Error, FINALIZED);
    assertThrows(() => stmt.sourceSQL, Error, FINALIZED);
    assertThrows(() => stmt.expandedSQL, Error, FINALIZED);
    // New statements work.
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 2 });
    db.close();
  });

  test("a live iterator is finalized too", () => {
    const db = seeded();
    const it = db.prepare("select a from t order by a").iterate();
    assert.deepStrictEqual(it.next(), { __proto__: null, done: false, value: { __proto__: null, a: 1 } });
    db.deserialize(seeded().serialize());
    assertThrows(() => it.next(), Error, FINALIZED);
    db.close();
  });

  test("statements are finalized even when deserialize fails on an unknown schema", () => {
    const db = seeded();
    const stmt = db.prepare("select 1");
    assertThrows(() => db.deserialize(seeded().serialize(), { dbName: "nope" }), Error, NOT_AN_ERROR);
    assertThrows(() => stmt.get(), Error, FINALIZED);
    // The database itself is unchanged.
    assert.strictEqual(rowsOf(db).length, 2);
    db.close();
  });
});

describe("deserialize(): invalid input", () => {
  test("an unknown schema name throws 'not an error' (errcode 0) and changes nothing", () => {
    const db = seeded();
    assertThrows(() => db.deserialize(new DatabaseSync(":memory:").serialize(), { dbName: "nope" }), Error, NOT_AN_ERROR);
    assert.strictEqual(rowsOf(db).length, 2);
    db.close();
  });

  test("an empty buffer -> TypeError ERR_INVALID_ARG_VALUE", () => {
    const db = seeded();
    for (const empty of [new Uint8Array(0), Buffer.alloc(0)]) {
      assertThrows(() => db.deserialize(empty), TypeError, {
        code: "ERR_INVALID_ARG_VALUE",
        message: 'The "buffer" argument must not be empty.',
      });
    }
    assert.strictEqual(rowsOf(db).length, 2);
    db.close();
  });

  test("buffer must be a Uint8Array", () => {
    const db = seeded();
    const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "buffer" argument must be a Uint8Array.' };
    for (const value of ["x", undefined, null, 5, [1, 2], {}, new ArrayBuffer(8), new Uint16Array(4), new DataView(new ArrayBuffer(8))]) {
      assertThrows(() => db.deserialize(value), TypeError, expected);
    }
    assertThrows(() => db.deserialize(), TypeError, expected);
    assert.strictEqual(rowsOf(db).length, 2);
    db.close();
  });

  test("options must be an object; dbName must be a string", () => {
    const db = seeded();
    const bytes = seeded().serialize();
    for (const options of [5, null, "main"]) {
      assertThrows(() => db.deserialize(bytes, options), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "options" argument must be an object.',
      });
    }
    for (const dbName of [5, null, {}]) {
      assertThrows(() => db.deserialize(bytes, { dbName }), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "options.dbName" argument must be a string.',
      });
    }
    db.close();
  });

  test("bytes that are not a database are accepted, then the next statement fails with 'file is not a database'", () => {
    const garbage = new Uint8Array(100).fill(7);
    const db = seeded();
    assert.strictEqual(db.deserialize(garbage), undefined);
    assertThrows(() => db.prepare("select * from t"), Error, NOT_A_DATABASE);
    assertThrows(() => db.exec("create table z(q)"), Error, NOT_A_DATABASE);
    assert.strictEqual(db.isOpen, true);
    // The raw bytes are what the connection now holds.
    assert.deepStrictEqual(db.serialize(), garbage);
    db.close();
  });

  test("an all-zero image is not a database either", () => {
    const db = seeded();
    db.deserialize(new Uint8Array(4096));
    assertThrows(() => db.prepare("select count(*) from sqlite_master"), Error, NOT_A_DATABASE);
    db.close();
  });

  test("throws 'database is not open' on a closed database", () => {
    const bytes = seeded().serialize();
    const db = new DatabaseSync(":memory:");
    db.close();
    assertThrows(() => db.deserialize(bytes), Error, NOT_OPEN);
  });

  test("a database opened with open: false must be opened first", () => {
    const bytes = seeded().serialize();
    const db = new DatabaseSync(":memory:", { open: false });
    assertThrows(() => db.deserialize(bytes), Error, NOT_OPEN);
    db.open();
    db.deserialize(bytes);
    assert.strictEqual(rowsOf(db).length, 2);
    db.close();
  });
});
