"use strict";
// new DatabaseSync(path, options) and the DatabaseSync methods that are not
// covered elsewhere: open/close/isOpen/isTransaction/location/exec/prepare,
// db.limits, enableDefensive, [Symbol.dispose], closed-database errors and a
// few SQL-visible build checks. Reference: api.md §1.2, §1.3, §2.10, §2.13,
// §2.14 (catalogue rows 1–16, 28–31, 61, 64), §2.15.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { Worker } = require("node:worker_threads");
const { assertThrows, sqlite, isNode, nodeMajor, tmpPath } = require("./common");

const { DatabaseSync } = sqlite;

const PATH_MESSAGE = 'The "path" argument must be a string, Uint8Array, or URL without null bytes.';
const pathError = { code: "ERR_INVALID_ARG_TYPE", message: PATH_MESSAGE };
const notOpen = { code: "ERR_INVALID_STATE", message: "database is not open" };
const readonlyError = {
  code: "ERR_SQLITE_ERROR",
  message: "attempt to write a readonly database",
  errcode: 8,
  errstr: "attempt to write a readonly database",
};
const lockedError = { code: "ERR_SQLITE_ERROR", message: "database is locked", errcode: 5, errstr: "database is locked" };
const cantOpen = {
  code: "ERR_SQLITE_ERROR",
  message: "unable to open database file",
  errcode: 14,
  errstr: "unable to open database file",
};

const BOOLEAN_OPTIONS = [
  "open",
  "readOnly",
  "enableForeignKeyConstraints",
  "enableDoubleQuotedStringLiterals",
  "allowExtension",
  "readBigInts",
  "returnArrays",
  "allowBareNamedParameters",
  "allowUnknownNamedParameters",
  "defensive",
];
const ALL_OPTIONS = [
  "open",
  "readOnly",
  "enableForeignKeyConstraints",
  "enableDoubleQuotedStringLiterals",
  "allowExtension",
  "timeout",
  "readBigInts",
  "returnArrays",
  "allowBareNamedParameters",
  "allowUnknownNamedParameters",
  "defensive",
  "limits",
];
const LIMIT_NAMES = [
  "length",
  "sqlLength",
  "column",
  "exprDepth",
  "compoundSelect",
  "vdbeOp",
  "functionArg",
  "attach",
  "likePatternLength",
  "variableNumber",
  "triggerDepth",
];
const DEFAULT_LIMITS = {
  length: 1000000000,
  sqlLength: 1000000000,
  column: 2000,
  exprDepth: 1000,
  compoundSelect: 500,
  vdbeOp: 250000000,
  functionArg: 1000,
  attach: 10,
  likePatternLength: 50000,
  variableNumber: 32766,
  triggerDepth: 1000,
};

/** The absolute path SQLite reports for `p` (symlinks in the directory resolved). */
function real(p) {
  return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
}

/** Creates a database file at `p` with table t(a) holding one row (1). */
function makeDbFile(p) {
  const db = new DatabaseSync(p);
  db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
  db.close();
  return p;
}

function withDb(pathOrOptions, options, fn) {
  const db = new DatabaseSync(pathOrOptions, options);
  try {
    return fn(db);
  } finally {
    if (db.isOpen) db.close();
  }
}

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

describe("constructor options: validation", () => {
  const optionsError = { code: "ERR_INVALID_ARG_TYPE", message: 'The "options" argument must be an object.' };

  test("options must be an object when the argument is present", () => {
    assertThrows(() => new DatabaseSync(":memory:", 5), TypeError, optionsError);
    assertThrows(() => new DatabaseSync(":memory:", "x"), TypeError, optionsError);
    assertThrows(() => new DatabaseSync(":memory:", null), TypeError, optionsError);
    assertThrows(() => new DatabaseSync(":memory:", undefined), TypeError, optionsError);
    assertThrows(() => new DatabaseSync(":memory:", true), TypeError, optionsError);
  });

  test("any object is accepted as options; unknown keys are ignored", () => {
    withDb(":memory:", {}, (db) => assert.equal(db.isOpen, true));
    withDb(":memory:", { nope: 1, location: "x" }, (db) => assert.equal(db.isOpen, true));
    withDb(":memory:", [], (db) => assert.equal(db.isOpen, true));
  });

  for (const name of BOOLEAN_OPTIONS) {
    test(`options.${name} must be a boolean (undefined means default)`, () => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: `The "options.${name}" argument must be a boolean.` };
      for (const bad of [1, 0, "true", null, {}]) {
        assertThrows(() => new DatabaseSync(":memory:", { [name]: bad }), TypeError, expected);
      }
      withDb(":memory:", { [name]: undefined }, (db) => assert.equal(db.isOpen, true));
    });
  }

  test("options.timeout must be an int32", () => {
    const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "options.timeout" argument must be an integer.' };
    for (const bad of [1.5, "5", 2 ** 40, 2 ** 31, NaN, Infinity, null, 5n, true]) {
      assertThrows(() => new DatabaseSync(":memory:", { timeout: bad }), TypeError, expected);
    }
    for (const good of [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), undefined]) {
      withDb(":memory:", { timeout: good }, (db) => assert.equal(db.isOpen, true));
    }
  });

  test("options.limits must be an object of non-negative integers", () => {
    const objError = { code: "ERR_INVALID_ARG_TYPE", message: 'The "options.limits" argument must be an object.' };
    for (const bad of [5, null, "x", true]) {
      assertThrows(() => new DatabaseSync(":memory:", { limits: bad }), TypeError, objError);
    }
    const intError = (name) => ({
      code: "ERR_INVALID_ARG_TYPE",
      message: `The "options.limits.${name}" argument must be an integer.`,
    });
    for (const bad of [Infinity, 1.5, "5", null, NaN, 2 ** 31, 5n]) {
      assertThrows(() => new DatabaseSync(":memory:", { limits: { length: bad } }), TypeError, intError("length"));
    }
    assertThrows(
      () => new DatabaseSync(":memory:", { limits: { variableNumber: Infinity } }),
      TypeError,
      intError("variableNumber"),
    );
    assertThrows(() => new DatabaseSync(":memory:", { limits: { length: -5 } }), RangeError, {
      code: "ERR_OUT_OF_RANGE",
      message: 'The "options.limits.length" argument must be non-negative.',
    });
    assertThrows(() => new DatabaseSync(":memory:", { limits: { triggerDepth: -1 } }), RangeError, {
      code: "ERR_OUT_OF_RANGE",
      message: 'The "options.limits.triggerDepth" argument must be non-negative.',
    });
    // Limits are checked in their fixed order, not in the object's key order.
    assertThrows(
      () => new DatabaseSync(":memory:", { limits: { column: -1, length: "x" } }),
      TypeError,
      intError("length"),
    );
  });

  test("options are validated in a fixed order", () => {
    const bad = { timeout: 1.5, limits: 5 };
    const seen = [];
    let remaining = [...ALL_OPTIONS];
    while (remaining.length > 0) {
      const options = {};
      // Insert in reverse so that the object's key order cannot explain the result.
      for (const name of [...remaining].reverse()) options[name] = name in bad ? bad[name] : 1;
      let message;
      try {
        new DatabaseSync(":memory:", options);
      } catch (e) {
        message = e.message;
      }
      const m = /"options\.(\w+)"/.exec(message);
      assert.ok(m, `unexpected outcome: ${message}`);
      seen.push(m[1]);
      remaining = remaining.filter((n) => n !== m[1]);
    }
    assert.deepStrictEqual(seen, ALL_OPTIONS);
  });
});

describe("constructor options: behaviour", () => {
  test("readOnly: reads work, writes fail with errcode 8", () => {
    const p = makeDbFile(tmpPath("readonly.db"));
    withDb(p, { readOnly: true }, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").all(), [{ __proto__: null, a: 1 }]);
      assertThrows(() => db.exec("INSERT INTO t VALUES (2)"), Error, readonlyError);
      assertThrows(() => db.prepare("UPDATE t SET a = 5").run(), Error, readonlyError);
    });
  });

  test("readOnly on a missing file -> 'unable to open database file'", () => {
    const p = tmpPath("missing.db");
    assertThrows(() => new DatabaseSync(p, { readOnly: true }), Error, cantOpen);
    assert.equal(fs.existsSync(p), false);
  });

  test("readOnly: false (default) creates the file", () => {
    const p = tmpPath("created.db");
    withDb(p, { readOnly: false }, (db) => db.exec("CREATE TABLE t(a)"));
    assert.ok(fs.existsSync(p));
  });

  test("open: false defers opening until open()", () => {
    const p = tmpPath("deferred.db");
    const db = new DatabaseSync(p, { open: false });
    try {
      assert.equal(db.isOpen, false);
      assert.equal(fs.existsSync(p), false);
      assertThrows(() => db.exec("SELECT 1"), Error, notOpen);
      assert.equal(db.open(), undefined);
      assert.equal(db.isOpen, true);
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.location(), real(p));
    } finally {
      db.close();
    }
  });

  test("open: false with an unopenable path throws from open(), not the constructor", () => {
    const p = path.join(path.dirname(tmpPath()), "no", "such", "x.db");
    const db = new DatabaseSync(p, { open: false });
    assert.equal(db.isOpen, false);
    assertThrows(() => db.open(), Error, cantOpen);
    assert.equal(db.isOpen, false);
  });

  test("enableForeignKeyConstraints defaults to true", () => {
    for (const options of [{}, { enableForeignKeyConstraints: true }]) {
      withDb(":memory:", options, (db) => {
        assert.deepStrictEqual(db.prepare("PRAGMA foreign_keys").get(), { __proto__: null, foreign_keys: 1 });
        db.exec("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid REFERENCES p(id))");
        assertThrows(() => db.exec("INSERT INTO c VALUES (99)"), Error, {
          code: "ERR_SQLITE_ERROR",
          message: "FOREIGN KEY constraint failed",
          errcode: 787,
          errstr: "constraint failed",
        });
        assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM c").get(), { __proto__: null, n: 0 });
      });
    }
  });

  test("enableForeignKeyConstraints: false turns enforcement off", () => {
    withDb(":memory:", { enableForeignKeyConstraints: false }, (db) => {
      assert.deepStrictEqual(db.prepare("PRAGMA foreign_keys").get(), { __proto__: null, foreign_keys: 0 });
      db.exec("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid REFERENCES p(id))");
      db.exec("INSERT INTO c VALUES (99)");
      assert.deepStrictEqual(db.prepare("SELECT pid FROM c").all(), [{ __proto__: null, pid: 99 }]);
      // The pragma can still turn it back on.
      db.exec("PRAGMA foreign_keys = ON");
      assert.deepStrictEqual(db.prepare("PRAGMA foreign_keys").get(), { __proto__: null, foreign_keys: 1 });
    });
  });

  test("enableForeignKeyConstraints: false is applied again on reopen", () => {
    withDb(":memory:", { enableForeignKeyConstraints: false }, (db) => {
      db.close();
      db.open();
      assert.deepStrictEqual(db.prepare("PRAGMA foreign_keys").get(), { __proto__: null, foreign_keys: 0 });
    });
  });

  test("double-quoted string literals are off by default", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      const expected = {
        code: "ERR_SQLITE_ERROR",
        message: 'no such column: "hello" - should this be a string literal in single-quotes?',
        errcode: 1,
        errstr: "SQL logic error",
      };
      assertThrows(() => db.prepare('SELECT "hello" FROM t'), Error, expected);
      assertThrows(() => db.prepare('SELECT "hello"'), Error, expected);
    });
  });

  test("enableDoubleQuotedStringLiterals: true accepts them", () => {
    withDb(":memory:", { enableDoubleQuotedStringLiterals: true }, (db) => {
      assert.deepStrictEqual(db.prepare('SELECT "hello" AS h').get(), { __proto__: null, h: "hello" });
      db.exec('CREATE TABLE t(a); INSERT INTO t VALUES ("x")');
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: "x" });
    });
  });

  test("timeout: 0 (default) fails at once on a locked database", () => {
    const p = makeDbFile(tmpPath("locked.db"));
    const holder = new DatabaseSync(p);
    const other = new DatabaseSync(p);
    try {
      holder.exec("BEGIN EXCLUSIVE");
      assertThrows(() => other.prepare("SELECT a FROM t").get(), Error, lockedError);
      assertThrows(() => other.exec("INSERT INTO t VALUES (2)"), Error, lockedError);
      holder.exec("ROLLBACK");
      assert.deepStrictEqual(other.prepare("SELECT a FROM t").get(), { __proto__: null, a: 1 });
    } finally {
      holder.close();
      other.close();
    }
  });

  test("timeout: waits for the lock before failing", () => {
    const p = makeDbFile(tmpPath("locked-wait.db"));
    const holder = new DatabaseSync(p);
    const other = new DatabaseSync(p, { timeout: 60 });
    try {
      holder.exec("BEGIN EXCLUSIVE");
      const start = Date.now();
      assertThrows(() => other.prepare("SELECT a FROM t").get(), Error, lockedError);
      const waited = Date.now() - start;
      assert.ok(waited >= 45, `expected to wait about 60 ms, waited ${waited} ms`);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
      other.close();
    }
  });

  test("timeout: a waiting connection succeeds once the lock is released", async () => {
    const p = makeDbFile(tmpPath("locked-release.db"));
    const common = path.join(__dirname, "common.js");
    const worker = new Worker(
      `
      const { workerData, parentPort } = require("node:worker_threads");
      const { sqlite } = require(workerData.common);
      const db = new sqlite.DatabaseSync(workerData.file);
      db.exec("BEGIN EXCLUSIVE; INSERT INTO t VALUES (2)");
      parentPort.postMessage("locked");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      db.exec("COMMIT");
      db.close();
      `,
      { eval: true, workerData: { common, file: p } },
    );
    try {
      await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`worker exited early with code ${code}`)));
      });
      const impatient = new DatabaseSync(p);
      const patient = new DatabaseSync(p, { timeout: 10000 });
      try {
        assertThrows(() => impatient.prepare("SELECT count(*) AS n FROM t").get(), Error, lockedError);
        // Blocks in the busy handler until the worker commits.
        assert.deepStrictEqual(patient.prepare("SELECT count(*) AS n FROM t").get(), { __proto__: null, n: 2 });
      } finally {
        impatient.close();
        patient.close();
      }
    } finally {
      await new Promise((resolve) => {
        if (worker.threadId === -1) resolve();
        else worker.once("exit", resolve);
      });
    }
  });

  test("readBigInts / returnArrays defaults are inherited by prepared statements", () => {
    withDb(":memory:", { readBigInts: true, returnArrays: true }, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a, 2.5 AS b").get(), [1n, 2.5]);
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a", { readBigInts: false }).get(), [1]);
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a", { returnArrays: false }).get(), { __proto__: null, a: 1n });
      db.exec("CREATE TABLE t(a)");
      assert.deepStrictEqual(db.prepare("INSERT INTO t VALUES (1)").run(), { changes: 1n, lastInsertRowid: 1n });
    });
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a").get(), { __proto__: null, a: 1 });
    });
  });

  test("allowBareNamedParameters defaults to true and is inherited", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT $a AS a").get({ a: 1 }), { __proto__: null, a: 1 });
    });
    withDb(":memory:", { allowBareNamedParameters: false }, (db) => {
      assertThrows(() => db.prepare("SELECT $a AS a").get({ a: 1 }), Error, {
        code: "ERR_INVALID_STATE",
        message: "Unknown named parameter 'a'",
      });
      assert.deepStrictEqual(db.prepare("SELECT $a AS a").get({ $a: 1 }), { __proto__: null, a: 1 });
      assert.deepStrictEqual(
        db.prepare("SELECT $a AS a", { allowBareNamedParameters: true }).get({ a: 1 }),
        { __proto__: null, a: 1 },
      );
    });
  });

  test("allowUnknownNamedParameters defaults to false and is inherited", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.prepare("SELECT $a AS a").get({ $a: 1, $b: 2 }), Error, {
        code: "ERR_INVALID_STATE",
        message: "Unknown named parameter '$b'",
      });
    });
    withDb(":memory:", { allowUnknownNamedParameters: true }, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT $a AS a").get({ $a: 1, $b: 2 }), { __proto__: null, a: 1 });
      assertThrows(
        () => db.prepare("SELECT $a AS a", { allowUnknownNamedParameters: false }).get({ $a: 1, $b: 2 }),
        Error,
        { code: "ERR_INVALID_STATE", message: "Unknown named parameter '$b'" },
      );
    });
  });

  test("defensive defaults to true: writing sqlite_schema fails", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a); PRAGMA writable_schema = 1");
      assertThrows(() => db.exec("UPDATE sqlite_schema SET sql = sql"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "table sqlite_master may not be modified",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("defensive: false allows writing sqlite_schema", () => {
    withDb(":memory:", { defensive: false }, (db) => {
      db.exec("CREATE TABLE t(a); PRAGMA writable_schema = 1");
      assert.equal(db.exec("UPDATE sqlite_schema SET name = name"), undefined);
    });
  });

  test("limits option sets the initial limits; unknown keys are ignored; values are clamped", () => {
    withDb(":memory:", { limits: { column: 100, attach: 1000, length: 10, nope: 5 } }, (db) => {
      assert.deepStrictEqual({ ...db.limits }, { ...DEFAULT_LIMITS, column: 100, attach: 10, length: 30 });
    });
    withDb(":memory:", { limits: {} }, (db) => {
      assert.deepStrictEqual({ ...db.limits }, DEFAULT_LIMITS);
    });
  });

  test("limits option takes effect (attach: 0)", () => {
    withDb(":memory:", { limits: { attach: 0 } }, (db) => {
      assert.equal(db.limits.attach, 0);
      assertThrows(() => db.exec("ATTACH ':memory:' AS other"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "too many attached databases - max 0",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("limits option is applied by a deferred open() and again after reopening", () => {
    withDb(":memory:", { open: false, limits: { column: 100 } }, (db) => {
      db.open();
      assert.equal(db.limits.column, 100);
      db.limits.attach = 3;
      db.close();
      db.open();
      assert.equal(db.limits.column, 100);
      assert.equal(db.limits.attach, 10);
    });
  });
});

describe("open(), close(), isOpen and [Symbol.dispose]()", () => {
  test("open() on an open database -> 'database is already open'", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.open(), Error, { code: "ERR_INVALID_STATE", message: "database is already open" });
      assert.equal(db.isOpen, true);
    });
  });

  test("close() returns undefined; a second close() throws", () => {
    const db = new DatabaseSync(":memory:");
    assert.equal(db.isOpen, true);
    assert.equal(db.close(), undefined);
    assert.equal(db.isOpen, false);
    assertThrows(() => db.close(), Error, notOpen);
  });

  test("a closed file database can be reopened and keeps its data", () => {
    const p = tmpPath("reopen.db");
    const db = new DatabaseSync(p);
    try {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (7)");
      db.close();
      db.open();
      assert.equal(db.isOpen, true);
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: 7 });
      assert.equal(db.location(), real(p));
    } finally {
      db.close();
    }
  });

  test("a reopened ':memory:' database is empty", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      db.close();
      db.open();
      assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM sqlite_schema").get(), { __proto__: null, n: 0 });
    });
  });

  test("reopen keeps readOnly", () => {
    const p = makeDbFile(tmpPath("reopen-ro.db"));
    withDb(p, { readOnly: true }, (db) => {
      db.close();
      db.open();
      assertThrows(() => db.exec("CREATE TABLE u(a)"), Error, readonlyError);
    });
  });

  test("statements of a closed database stay finalized after reopen", () => {
    withDb(":memory:", {}, (db) => {
      const stmt = db.prepare("SELECT 1");
      db.close();
      db.open();
      assertThrows(() => stmt.get(), Error, { code: "ERR_INVALID_STATE", message: "statement has been finalized" });
    });
  });

  test("closing inside a transaction discards it", () => {
    const p = tmpPath("close-in-tx.db");
    withDb(p, {}, (db) => {
      db.exec("CREATE TABLE t(a); BEGIN; INSERT INTO t VALUES (1)");
      db.close();
      db.open();
      assert.equal(db.isTransaction, false);
      assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM t").get(), { __proto__: null, n: 0 });
    });
  });

  test("[Symbol.dispose]() closes and is idempotent", () => {
    const db = new DatabaseSync(":memory:");
    assert.equal(db[Symbol.dispose](), undefined);
    assert.equal(db.isOpen, false);
    assert.equal(db[Symbol.dispose](), undefined);
    assert.equal(db.isOpen, false);
    const never = new DatabaseSync(":memory:", { open: false });
    assert.equal(never[Symbol.dispose](), undefined);
    assert.equal(never.isOpen, false);
  });
});

describe("isTransaction", () => {
  test("follows BEGIN / COMMIT / ROLLBACK and SAVEPOINT / RELEASE", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assert.equal(db.isTransaction, false);
      db.exec("BEGIN");
      assert.equal(db.isTransaction, true);
      db.exec("INSERT INTO t VALUES (1); COMMIT");
      assert.equal(db.isTransaction, false);
      db.exec("SAVEPOINT sp");
      assert.equal(db.isTransaction, true);
      db.exec("RELEASE sp");
      assert.equal(db.isTransaction, false);
      db.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)");
      assert.equal(db.isTransaction, true);
      db.exec("ROLLBACK");
      assert.equal(db.isTransaction, false);
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").all(), [{ __proto__: null, a: 1 }]);
    });
  });

  test("throws ERR_INVALID_STATE when the database is closed or not yet opened", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("BEGIN");
    db.close();
    assertThrows(() => db.isTransaction, Error, notOpen);
    assertThrows(() => new DatabaseSync(":memory:", { open: false }).isTransaction, Error, notOpen);
  });
});

describe("location()", () => {
  test("main, temp, unknown and attached schema names", () => {
    const p = tmpPath("loc.db");
    const other = path.join(path.dirname(p), "other.db");
    withDb(p, {}, (db) => {
      assert.equal(db.location(), real(p));
      assert.equal(db.location(undefined), real(p));
      assert.equal(db.location("main"), real(p));
      assert.equal(db.location("temp"), null);
      db.exec("CREATE TEMP TABLE x(a)");
      assert.equal(db.location("temp"), null);
      assert.equal(db.location("nope"), null);
      db.exec(`ATTACH '${other}' AS other`);
      assert.equal(db.location("other"), real(other));
      db.exec("ATTACH ':memory:' AS mem");
      assert.equal(db.location("mem"), null);
    });
  });

  test("dbName must be a string", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "dbName" argument must be a string.' };
      assertThrows(() => db.location(5), TypeError, expected);
      assertThrows(() => db.location(null), TypeError, expected);
      assertThrows(() => db.location({}), TypeError, expected);
    });
  });
});

describe("exec()", () => {
  test("runs several statements and returns undefined", () => {
    withDb(":memory:", {}, (db) => {
      const result = db.exec(`
        CREATE TABLE t(a);
        INSERT INTO t VALUES (1);
        INSERT INTO t VALUES (2);
        SELECT * FROM t;
      `);
      assert.equal(result, undefined);
      assert.deepStrictEqual(db.prepare("SELECT a FROM t ORDER BY a").all(), [
        { __proto__: null, a: 1 },
        { __proto__: null, a: 2 },
      ]);
    });
  });

  test("stops at the first failing statement", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a)");
      assertThrows(
        () => db.exec("INSERT INTO t VALUES (1); INSERT INTO nope VALUES (2); INSERT INTO t VALUES (3)"),
        Error,
        { code: "ERR_SQLITE_ERROR", message: "no such table: nope", errcode: 1, errstr: "SQL logic error" },
      );
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").all(), [{ __proto__: null, a: 1 }]);
    });
  });

  test("syntax error", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.exec("SELEC 1"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: 'near "SELEC": syntax error',
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("empty and comment-only SQL are fine", () => {
    withDb(":memory:", {}, (db) => {
      assert.equal(db.exec(""), undefined);
      assert.equal(db.exec("-- nothing here"), undefined);
      assert.equal(db.exec(";;"), undefined);
    });
  });

  test("non-Latin text survives", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES ('héllo wörld 😀')");
      assert.deepStrictEqual(db.prepare("SELECT a FROM t").get(), { __proto__: null, a: "héllo wörld 😀" });
    });
  });

  test("sql must be a string", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "sql" argument must be a string.' };
      assertThrows(() => db.exec(), TypeError, expected);
      assertThrows(() => db.exec(5), TypeError, expected);
      assertThrows(() => db.exec(null), TypeError, expected);
      assertThrows(() => db.exec({}), TypeError, expected);
      assertThrows(() => db.exec(Buffer.from("SELECT 1")), TypeError, expected);
    });
  });
});

describe("prepare()", () => {
  test("compiles only the first statement; the rest is ignored", () => {
    withDb(":memory:", {}, (db) => {
      const stmt = db.prepare("SELECT 1 AS a; SELECT 2 AS b");
      assert.deepStrictEqual(stmt.all(), [{ __proto__: null, a: 1 }]);
      assert.equal(stmt.sourceSQL, "SELECT 1 AS a;");
      // Even garbage after the first statement is not looked at.
      assert.deepStrictEqual(db.prepare("SELECT 3 AS c; this is not sql").get(), { __proto__: null, c: 3 });
      // The second statement is never run.
      db.prepare("CREATE TABLE t(a); CREATE TABLE u(a)").run();
      assert.deepStrictEqual(db.prepare("SELECT name FROM sqlite_schema").all(), [{ __proto__: null, name: "t" }]);
    });
  });

  test("SQL without a statement -> ERR_INVALID_ARG_VALUE", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_VALUE", message: "The SQL query contains no statements." };
      for (const sql of ["", "   ", "-- just a comment", "/* block */", ";", " ; ;"]) {
        assertThrows(() => db.prepare(sql), TypeError, expected);
      }
    });
  });

  test("sql must be a string", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "sql" argument must be a string.' };
      assertThrows(() => db.prepare(), TypeError, expected);
      assertThrows(() => db.prepare(1), TypeError, expected);
      assertThrows(() => db.prepare(null), TypeError, expected);
    });
  });

  test("SQLite compile errors", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.prepare("SELEC 1"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: 'near "SELEC": syntax error',
        errcode: 1,
        errstr: "SQL logic error",
      });
      assertThrows(() => db.prepare("SELECT * FROM nope"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "no such table: nope",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("options must be an object or undefined", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "options" argument must be an object.' };
      assertThrows(() => db.prepare("SELECT 1", null), TypeError, expected);
      assertThrows(() => db.prepare("SELECT 1", 5), TypeError, expected);
      assertThrows(() => db.prepare("SELECT 1", "x"), TypeError, expected);
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a", undefined).get(), { __proto__: null, a: 1 });
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a", {}).get(), { __proto__: null, a: 1 });
    });
  });

  test("boolean options are validated", () => {
    withDb(":memory:", {}, (db) => {
      for (const name of ["readBigInts", "returnArrays", "allowBareNamedParameters", "allowUnknownNamedParameters"]) {
        for (const bad of [1, "yes", null]) {
          assertThrows(() => db.prepare("SELECT 1", { [name]: bad }), TypeError, {
            code: "ERR_INVALID_ARG_TYPE",
            message: `The "options.${name}" argument must be a boolean.`,
          });
        }
      }
    });
  });

  test(
    "persistent is validated as a boolean and accepted",
    { skip: isNode && nodeMajor < 26 && "node:sqlite before 26.8 ignores persistent" },
    () => {
      withDb(":memory:", {}, (db) => {
        assertThrows(() => db.prepare("SELECT 1", { persistent: 1 }), TypeError, {
          code: "ERR_INVALID_ARG_TYPE",
          message: 'The "options.persistent" argument must be a boolean.',
        });
        assert.deepStrictEqual(db.prepare("SELECT 1 AS a", { persistent: true }).get(), { __proto__: null, a: 1 });
        assert.deepStrictEqual(db.prepare("SELECT 1 AS a", { persistent: false }).get(), { __proto__: null, a: 1 });
      });
    },
  );

  test("options are validated before the SQL is compiled", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "options.readBigInts" argument must be a boolean.' };
      assertThrows(() => db.prepare("", { readBigInts: 1 }), TypeError, expected);
      assertThrows(() => db.prepare("SELEC", { readBigInts: 1 }), TypeError, expected);
    });
  });

  test(
    "prepare options are validated in node's order",
    { skip: isNode && nodeMajor < 26 && "persistent needs node:sqlite 26.8" },
    () => {
      const expectedOrder = [
        "returnArrays",
        "readBigInts",
        "allowBareNamedParameters",
        "allowUnknownNamedParameters",
        "persistent",
      ];
      withDb(":memory:", {}, (db) => {
        const seen = [];
        let remaining = [...expectedOrder];
        while (remaining.length > 0) {
          const options = {};
          for (const name of [...remaining].reverse()) options[name] = 1;
          let message;
          try {
            db.prepare("SELECT 1", options);
          } catch (e) {
            message = e.message;
          }
          const m = /"options\.(\w+)"/.exec(message);
          assert.ok(m, `unexpected outcome: ${message}`);
          seen.push(m[1]);
          remaining = remaining.filter((n) => n !== m[1]);
        }
        assert.deepStrictEqual(seen, expectedOrder);
      });
    },
  );
});

describe("db.limits", () => {
  const typeError = { code: "ERR_INVALID_ARG_TYPE", message: "Limit value must be a non-negative integer or Infinity." };
  const rangeError = { code: "ERR_OUT_OF_RANGE", message: "Limit value must be non-negative." };

  test("the same object every time, with the 11 names in order and the default values", () => {
    withDb(":memory:", {}, (db) => {
      const limits = db.limits;
      assert.equal(db.limits, limits);
      assert.deepStrictEqual(Object.keys(limits), LIMIT_NAMES);
      assert.deepStrictEqual({ ...limits }, DEFAULT_LIMITS);
      assert.equal(JSON.stringify(limits), JSON.stringify(DEFAULT_LIMITS));
      for (const name of LIMIT_NAMES) {
        assert.equal(Object.getOwnPropertyDescriptor(limits, name).enumerable, true, name);
      }
      assert.equal("nope" in limits, false);
      assert.equal(limits.nope, undefined);
    });
  });

  test("setting a limit changes it; SQLite clamps values", () => {
    withDb(":memory:", {}, (db) => {
      const limits = db.limits;
      limits.attach = 3;
      assert.equal(limits.attach, 3);
      limits.attach = 1000;
      assert.equal(limits.attach, 10);
      limits.length = 10;
      assert.equal(limits.length, 30);
      limits.column = 0;
      assert.equal(limits.column, 0);
      assert.equal(Reflect.set(limits, "column", 5), true);
      assert.equal(limits.column, 5);
    });
  });

  test("Infinity sets the compile-time maximum", () => {
    withDb(":memory:", {}, (db) => {
      for (const name of LIMIT_NAMES) db.limits[name] = 0;
      for (const name of LIMIT_NAMES) db.limits[name] = Infinity;
      assert.deepStrictEqual({ ...db.limits }, DEFAULT_LIMITS);
    });
  });

  test("a limit takes effect immediately", () => {
    withDb(":memory:", {}, (db) => {
      db.limits.attach = 0;
      assertThrows(() => db.exec("ATTACH ':memory:' AS other"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "too many attached databases - max 0",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("invalid values are rejected and leave the limit unchanged", () => {
    withDb(":memory:", {}, (db) => {
      db.limits.column = 100;
      for (const bad of ["5", 1.5, null, undefined, NaN, -Infinity, 5n, true, 2 ** 31, new Number(5)]) {
        assertThrows(
          () => {
            db.limits.column = bad;
          },
          TypeError,
          typeError,
        );
      }
      assertThrows(
        () => {
          db.limits.column = -1;
        },
        RangeError,
        rangeError,
      );
      assert.equal(db.limits.column, 100);
    });
  });

  test("unknown properties are ordinary expandos", () => {
    withDb(":memory:", {}, (db) => {
      db.limits.custom = 5;
      assert.equal(db.limits.custom, 5);
    });
  });

  test("reading or writing a limit on a closed database throws", () => {
    const db = new DatabaseSync(":memory:");
    const limits = db.limits;
    db.close();
    assert.equal(db.limits, limits);
    assertThrows(() => limits.length, Error, notOpen);
    assertThrows(
      () => {
        limits.length = 5;
      },
      Error,
      notOpen,
    );
    assertThrows(() => new DatabaseSync(":memory:", { open: false }).limits.attach, Error, notOpen);
  });

  test("db.limits cannot be replaced", () => {
    withDb(":memory:", {}, (db) => {
      const limits = db.limits;
      assertThrows(
        () => {
          db.limits = {};
        },
        TypeError,
        { code: undefined, message: "Cannot set property limits of #<DatabaseSync> which has only a getter" },
      );
      assert.equal(db.limits, limits);
    });
  });
});

describe("enableDefensive()", () => {
  test("toggles defensive mode and returns undefined", () => {
    withDb(":memory:", { defensive: false }, (db) => {
      db.exec("CREATE TABLE t(a); PRAGMA writable_schema = 1");
      assert.equal(db.enableDefensive(true), undefined);
      assertThrows(() => db.exec("UPDATE sqlite_schema SET name = name"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "table sqlite_master may not be modified",
        errcode: 1,
        errstr: "SQL logic error",
      });
      assert.equal(db.enableDefensive(false), undefined);
      db.exec("UPDATE sqlite_schema SET name = name");
    });
  });

  test("active must be a boolean", () => {
    withDb(":memory:", {}, (db) => {
      const expected = { code: "ERR_INVALID_ARG_TYPE", message: 'The "active" argument must be a boolean.' };
      assertThrows(() => db.enableDefensive(), TypeError, expected);
      assertThrows(() => db.enableDefensive(1), TypeError, expected);
      assertThrows(() => db.enableDefensive("true"), TypeError, expected);
    });
  });
});

describe("closed database", () => {
  const calls = {
    close: [],
    prepare: ["SELECT 1"],
    exec: ["SELECT 1"],
    function: ["f", () => 1],
    createTagStore: [],
    location: [],
    aggregate: ["agg", { start: 0, step: () => 0 }],
    createSession: [],
    applyChangeset: [new Uint8Array(0)],
    enableLoadExtension: [true],
    enableDefensive: [true],
    loadExtension: ["x"],
    serialize: [],
    deserialize: [new Uint8Array(10)],
    setAuthorizer: [null],
  };

  test("every method throws 'database is not open'", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    for (const [name, args] of Object.entries(calls)) {
      assertThrows(() => db[name](...args), Error, notOpen, name);
    }
    assert.equal(db.isOpen, false);
  });

  test("the closed check comes before argument validation", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    assertThrows(() => db.prepare(5), Error, notOpen);
    assertThrows(() => db.prepare(""), Error, notOpen);
    assertThrows(() => db.exec(5), Error, notOpen);
    assertThrows(() => db.location(5), Error, notOpen);
    assertThrows(() => db.enableDefensive(5), Error, notOpen);
  });

  test("a never-opened database behaves the same", () => {
    const db = new DatabaseSync(":memory:", { open: false });
    assertThrows(() => db.prepare("SELECT 1"), Error, notOpen);
    assertThrows(() => db.exec("SELECT 1"), Error, notOpen);
    assertThrows(() => db.location(), Error, notOpen);
    assertThrows(() => db.close(), Error, notOpen);
  });
});

describe("SQL-visible build", () => {
  test("JSON functions", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(
        db
          .prepare(
            `SELECT json_extract('{"a":[1,2]}', '$.a[1]') AS v, json_array(1, 'x') AS arr,
                    '{"b":3}' ->> '$.b' AS op, json_valid('{') AS bad`,
          )
          .get(),
        { __proto__: null, v: 2, arr: '[1,"x"]', op: 3, bad: 0 },
      );
    });
  });

  test("FTS5", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE VIRTUAL TABLE f USING fts5(body); INSERT INTO f VALUES ('hello world'), ('goodbye moon')");
      assert.deepStrictEqual(db.prepare("SELECT body FROM f WHERE f MATCH 'hello'").all(), [
        { __proto__: null, body: "hello world" },
      ]);
    });
  });

  test("R*Tree", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx); INSERT INTO r VALUES (1, 0, 10), (2, 20, 30)");
      assert.deepStrictEqual(db.prepare("SELECT id FROM r WHERE minx <= 5 AND maxx >= 5").all(), [
        { __proto__: null, id: 1 },
      ]);
    });
  });

  test("math functions", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT sqrt(16) AS s, pow(2, 10) AS p, floor(2.7) AS f, log10(1000) AS l").get(), {
        __proto__: null,
        s: 4,
        p: 1024,
        f: 2,
        l: 3,
      });
    });
  });

  test("percentile extension (median, percentile)", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(
        db
          .prepare(
            "SELECT median(x) AS m, percentile(x, 25) AS p FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 10)",
          )
          .get(),
        { __proto__: null, m: 2.5, p: 1.75 },
      );
    });
  });

  test("dbstat virtual table", () => {
    withDb(":memory:", {}, (db) => {
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
      assert.deepStrictEqual(db.prepare("SELECT name, pageno FROM dbstat WHERE name = 't'").get(), {
        __proto__: null,
        name: "t",
        pageno: 2,
      });
    });
  });

  test("soundex() is not available", () => {
    withDb(":memory:", {}, (db) => {
      assertThrows(() => db.prepare("SELECT soundex('Robert')"), Error, {
        code: "ERR_SQLITE_ERROR",
        message: "no such function: soundex",
        errcode: 1,
        errstr: "SQL logic error",
      });
    });
  });

  test("x'61' LIKE 'a' is 1", () => {
    withDb(":memory:", {}, (db) => {
      assert.deepStrictEqual(db.prepare("SELECT x'61' LIKE 'a' AS v").get(), { __proto__: null, v: 1 });
    });
  });
});
