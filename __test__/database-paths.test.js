"use strict";
// new DatabaseSync(path): the accepted path forms (string, Buffer/Uint8Array,
// URL) and file: URI strings with their query parameters. Reference: api.md §1.2,
// §2.10 (catalogue rows 1–16).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { assertThrows, sqlite, tmpPath } = require("./common");
const { DatabaseSync } = sqlite;
const { pathError, readonlyError, cantOpen, real, makeDbFile, withDb } = require("./database-fixtures");

describe("path forms", () => {
  test("string path: created on disk, location() is the absolute path", () => {
    const p = tmpPath("plain.db");
    withDb(p, {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), real(p));
    });
    assert.ok(fs.existsSync(p));
  });

  test("relative path is resolved against the cwd", () => {
    const p = tmpPath("relative.db");
    const rel = path.relative(process.cwd(), p);
    assert.ok(!path.isAbsolute(rel));
    withDb(rel, {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), real(p));
    });
    assert.ok(fs.existsSync(p));
  });

  test("':memory:' is a private in-memory database with location() null", () => {
    const a = new DatabaseSync(":memory:");
    const b = new DatabaseSync(":memory:");
    try {
      a.exec("CREATE TABLE t(a)");
      assert.equal(a.location(), null);
      assert.deepStrictEqual(b.prepare("SELECT count(*) AS n FROM sqlite_schema").get(), { __proto__: null, n: 0 });
    } finally {
      a.close();
      b.close();
    }
  });

  test("'' is a private temporary database with location() null", () => {
    withDb("", {}, (db) => {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").all(), [{ __proto__: null, a: 1 }]);
      assert.equal(db.location(), null);
    });
  });

  test("Buffer path", () => {
    const p = tmpPath("buffer.db");
    withDb(Buffer.from(p), {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), real(p));
    });
    assert.ok(fs.existsSync(p));
  });

  test("plain Uint8Array path, also a view with an offset", () => {
    const p = tmpPath("u8.db");
    withDb(new TextEncoder().encode(p), {}, (db) => {
      assert.equal(db.location(), real(p));
    });
    const q = tmpPath("view.db");
    const bytes = Buffer.from(`XX${q}YY`);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + 2, bytes.length - 4);
    withDb(view, {}, (db) => {
      assert.equal(db.location(), real(q));
    });
  });

  test("empty Buffer behaves like ''", () => {
    withDb(Buffer.alloc(0), {}, (db) => {
      assert.equal(db.location(), null);
    });
  });

  test("URL object with file: scheme", () => {
    const p = tmpPath("url.db");
    withDb(pathToFileURL(p), {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), real(p));
    });
    assert.ok(fs.existsSync(p));
  });

  test("URL query ?mode=ro opens read-only", () => {
    const p = makeDbFile(tmpPath("url-ro.db"));
    withDb(new URL(`${pathToFileURL(p).href}?mode=ro`), {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: 1 });
      assertThrows(() => db.exec("INSERT INTO t VALUES (2)"), Error, readonlyError);
      assert.equal(db.location(), real(p));
    });
  });

  test("URL query ?mode=memory gives an in-memory database", () => {
    const p = tmpPath("url-mem.db");
    withDb(new URL(`${pathToFileURL(p).href}?mode=memory`), {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), null);
    });
    assert.equal(fs.existsSync(p), false);
  });

  test("URL #fragment is dropped", () => {
    const p = tmpPath("frag.db");
    withDb(new URL(`${pathToFileURL(p).href}#some-fragment`), {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), real(p));
    });
    assert.ok(fs.existsSync(p));
    assert.deepStrictEqual(fs.readdirSync(path.dirname(p)), ["frag.db"]);
  });

  test("URL percent-escapes are decoded (%20 -> space)", () => {
    const dir = path.dirname(tmpPath());
    const url = new URL(`${pathToFileURL(dir).href}/a%20b.db`);
    withDb(url, {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), path.join(fs.realpathSync(dir), "a b.db"));
    });
    assert.ok(fs.existsSync(path.join(dir, "a b.db")));
  });

  test("URL with a non-file scheme -> ERR_INVALID_URL_SCHEME", () => {
    const expected = { code: "ERR_INVALID_URL_SCHEME", message: "The URL must be of scheme file:" };
    assertThrows(() => new DatabaseSync(new URL("http://example.com/x.db")), TypeError, expected);
    assertThrows(() => new DatabaseSync(new URL("https://example.com/x.db")), TypeError, expected);
    assertThrows(() => new DatabaseSync(new URL("data:text/plain,hi")), TypeError, expected);
  });

  test("NUL bytes in a string, Buffer or Uint8Array path are rejected", () => {
    assertThrows(() => new DatabaseSync("a\0b.db"), TypeError, pathError);
    assertThrows(() => new DatabaseSync(Buffer.from("a\0b.db")), TypeError, pathError);
    assertThrows(() => new DatabaseSync(new Uint8Array([0x61, 0, 0x62])), TypeError, pathError);
  });

  test("missing or wrongly typed paths are rejected", () => {
    assertThrows(() => new DatabaseSync(), TypeError, pathError);
    assertThrows(() => new DatabaseSync(undefined), TypeError, pathError);
    assertThrows(() => new DatabaseSync(null), TypeError, pathError);
    assertThrows(() => new DatabaseSync(5), TypeError, pathError);
    assertThrows(() => new DatabaseSync({}), TypeError, pathError);
    assertThrows(() => new DatabaseSync(new String(":memory:")), TypeError, pathError);
    assertThrows(() => new DatabaseSync(new Int8Array([0x61])), TypeError, pathError);
    assertThrows(() => new DatabaseSync(new ArrayBuffer(4)), TypeError, pathError);
    assertThrows(() => new DatabaseSync(undefined, { location: ":memory:" }), TypeError, pathError);
  });

  test("the path is validated before the options", () => {
    assertThrows(() => new DatabaseSync(5, { readOnly: 1 }), TypeError, pathError);
    assertThrows(() => new DatabaseSync(5, null), TypeError, pathError);
  });

  test("a directory that does not exist -> 'unable to open database file'", () => {
    const p = path.join(path.dirname(tmpPath()), "no", "such", "dir", "x.db");
    assertThrows(() => new DatabaseSync(p), Error, cantOpen);
  });
});

describe("file: URI strings", () => {
  test("'file:<path>?mode=ro' opens read-only", () => {
    const p = makeDbFile(tmpPath("uri-ro.db"));
    withDb(`file:${p}?mode=ro`, {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: 1 });
      assertThrows(() => db.exec("CREATE TABLE u(b)"), Error, readonlyError);
      assert.equal(db.location(), real(p));
    });
  });

  test("Buffer 'file:<path>?mode=ro' is a URI too", () => {
    const p = makeDbFile(tmpPath("uri-ro-buf.db"));
    withDb(Buffer.from(`file:${p}?mode=ro`), {}, (db) => {
      assertThrows(() => db.exec("INSERT INTO t VALUES (2)"), Error, readonlyError);
    });
  });

  test("'file:<relative path>' is relative to the cwd", () => {
    const p = tmpPath("uri-rel.db");
    const rel = path.relative(process.cwd(), p);
    withDb(`file:${rel}`, {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), real(p));
    });
    assert.ok(fs.existsSync(p));
  });

  test("'file:name?mode=memory&cache=shared' is shared between two connections", () => {
    const name = `shared-mem-${process.pid}-${Date.now()}`;
    const uri = `file:${name}?mode=memory&cache=shared`;
    const a = new DatabaseSync(uri);
    const b = new DatabaseSync(uri);
    try {
      a.exec("CREATE TABLE t(x); INSERT INTO t VALUES (42)");
      assert.deepStrictEqual(b.prepare("SELECT x FROM t").get(), { __proto__: null, x: 42 });
      assert.equal(a.location(), null);
      assert.equal(b.location(), null);
    } finally {
      a.close();
      b.close();
    }
    assert.equal(fs.existsSync(name), false);
  });

  test("'file:<path>?immutable=1' reads but cannot write", () => {
    const p = makeDbFile(tmpPath("immutable.db"));
    withDb(`file:${p}?immutable=1`, {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: 1 });
      assertThrows(() => db.exec("INSERT INTO t VALUES (2)"), Error, readonlyError);
    });
  });

  test("a plain path containing '?' is a literal file name", () => {
    const p = tmpPath("q?mode=ro.db");
    withDb(p, {}, (db) => {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
      assert.equal(db.location(), real(p));
    });
    assert.deepStrictEqual(fs.readdirSync(path.dirname(p)), ["q?mode=ro.db"]);
  });

  test("readOnly with '?mode=rwc' -> 'access mode not allowed: rwc'", () => {
    const p = makeDbFile(tmpPath("rwc.db"));
    assertThrows(() => new DatabaseSync(`file:${p}?mode=rwc`, { readOnly: true }), Error, {
      code: "ERR_SQLITE_ERROR",
      message: "access mode not allowed: rwc",
      errcode: 3,
      errstr: "access permission denied",
    });
  });
});
