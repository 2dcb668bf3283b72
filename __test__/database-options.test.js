"use strict";
// new DatabaseSync(path, options): validation of each constructor option and
// its effect on the opened connection. Reference: api.md §1.2, §2.10.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { assertThrows, sqlite, tmpPath } = require("./common");
const { DatabaseSync } = sqlite;
const {
  notOpen,
  readonlyError,
  lockedError,
  cantOpen,
  BOOLEAN_OPTIONS,
  ALL_OPTIONS,
  DEFAULT_LIMITS,
  real,
  makeDbFile,
  withDb,
} = require("./database-fixtures");

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
