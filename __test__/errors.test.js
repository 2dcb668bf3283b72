"use strict";
// Shape of the error objects (api.md §2.14, first table) and the SQLite error
// codes of catalogue rows 14, 15, 22, 27, 28, 29.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");

const { DatabaseSync, StatementSync } = sqlite;

/** Runs fn and returns what it threw (fails if it did not throw). */
function catchError(fn) {
  let caught;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    caught = e;
  }
  assert.ok(threw, "expected the call to throw");
  return caught;
}

/**
 * Checks the §2.14 layout: exact class, own enumerable keys in order, own
 * non-enumerable message, inherited name, String()/stack without a code suffix.
 */
function assertShape(err, Class, keys, message) {
  assert.ok(err instanceof Error, `expected an Error, got ${String(err)}`);
  assert.equal(
    Object.getPrototypeOf(err),
    Class.prototype,
    `expected a ${Class.name}, got ${err.constructor && err.constructor.name}: ${err.message}`,
  );
  assert.deepStrictEqual(Object.keys(err), keys);
  const msg = Object.getOwnPropertyDescriptor(err, "message");
  assert.ok(msg, "message is an own property");
  assert.equal(msg.enumerable, false, "message is not enumerable");
  assert.equal(msg.value, message);
  assert.equal(Object.hasOwn(err, "name"), false, "name is inherited");
  assert.equal(err.name, Class.name);
  assert.equal(String(err), `${Class.name}: ${message}`);
  assert.equal(err.stack.split("\n")[0], `${Class.name}: ${message}`);
  for (const key of keys) {
    const desc = Object.getOwnPropertyDescriptor(err, key);
    assert.deepStrictEqual(
      { enumerable: desc.enumerable, writable: desc.writable, configurable: desc.configurable },
      { enumerable: true, writable: true, configurable: true },
      `descriptor of ${key}`,
    );
  }
}

/** A SQLite failure: plain Error with own enumerable code, errcode, errstr. */
function assertSqliteError(fn, message, errcode, errstr) {
  const err = catchError(fn);
  assertShape(err, Error, ["code", "errcode", "errstr"], message);
  assert.deepStrictEqual(
    { code: err.code, errcode: err.errcode, errstr: err.errstr },
    { code: "ERR_SQLITE_ERROR", errcode, errstr },
  );
  return err;
}

/** An error with a Node-style code and nothing else. */
function assertCodeError(fn, Class, code, message) {
  const err = catchError(fn);
  assertShape(err, Class, ["code"], message);
  assert.equal(err.code, code);
  assert.equal(Object.hasOwn(err, "errcode"), false);
  assert.equal(Object.hasOwn(err, "errstr"), false);
  return err;
}

function memory(fn) {
  const db = new DatabaseSync(":memory:");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe("SQLite errors (ERR_SQLITE_ERROR)", () => {
  test("syntax error from exec(): keys code, errcode, errstr", () => {
    memory((db) => {
      assertSqliteError(() => db.exec("SELEC 1"), 'near "SELEC": syntax error', 1, "SQL logic error");
    });
  });

  test("error from prepare()", () => {
    memory((db) => {
      assertSqliteError(() => db.prepare("SELECT * FROM nope"), "no such table: nope", 1, "SQL logic error");
    });
  });

  test("error from a statement run", () => {
    memory((db) => {
      db.exec("CREATE TABLE t(a UNIQUE)");
      const insert = db.prepare("INSERT INTO t VALUES (?)");
      insert.run(1);
      assertSqliteError(() => insert.run(1), "UNIQUE constraint failed: t.a", 2067, "constraint failed");
    });
  });

  test("error from the constructor (cannot open)", () => {
    const dir = require("node:path").dirname(tmpPath());
    assertSqliteError(
      () => new DatabaseSync(`${dir}/no/such/dir/x.db`),
      "unable to open database file",
      14,
      "unable to open database file",
    );
  });

  test("binding too many values: errcode 25", () => {
    memory((db) => {
      assertSqliteError(
        () => db.prepare("SELECT ?").get(1, 2),
        "column index out of range",
        25,
        "column index out of range",
      );
    });
  });

  test("each failure throws a new object", () => {
    memory((db) => {
      const a = catchError(() => db.exec("SELEC 1"));
      const b = catchError(() => db.exec("SELEC 1"));
      assert.notEqual(a, b);
      assert.deepStrictEqual({ ...a }, { ...b });
    });
  });
});

describe("constraint failures carry the extended result code", () => {
  const setup = (db) =>
    db.exec(`
      CREATE TABLE p(id INTEGER PRIMARY KEY);
      CREATE TABLE t(a INTEGER UNIQUE, b NOT NULL, c REFERENCES p(id), d CHECK (d > 0));
      CREATE TABLE s(a INTEGER) STRICT;
      CREATE TABLE r(x);
      CREATE TRIGGER r_abort BEFORE INSERT ON r BEGIN SELECT RAISE(ABORT, 'custom msg'); END;
      INSERT INTO p VALUES (1);
      INSERT INTO t VALUES (1, 'x', 1, 1);
    `);

  test("UNIQUE -> 2067", () => {
    memory((db) => {
      setup(db);
      assertSqliteError(
        () => db.exec("INSERT INTO t VALUES (1, 'y', NULL, 1)"),
        "UNIQUE constraint failed: t.a",
        2067,
        "constraint failed",
      );
    });
  });

  test("multi-column UNIQUE names every column", () => {
    memory((db) => {
      db.exec("CREATE TABLE u(a, b, UNIQUE (a, b)); INSERT INTO u VALUES (1, 2)");
      assertSqliteError(
        () => db.exec("INSERT INTO u VALUES (1, 2)"),
        "UNIQUE constraint failed: u.a, u.b",
        2067,
        "constraint failed",
      );
    });
  });

  test("PRIMARY KEY -> 1555", () => {
    memory((db) => {
      setup(db);
      assertSqliteError(
        () => db.exec("INSERT INTO p VALUES (1)"),
        "UNIQUE constraint failed: p.id",
        1555,
        "constraint failed",
      );
    });
  });

  test("FOREIGN KEY -> 787", () => {
    memory((db) => {
      setup(db);
      assertSqliteError(
        () => db.exec("INSERT INTO t VALUES (2, 'y', 99, 1)"),
        "FOREIGN KEY constraint failed",
        787,
        "constraint failed",
      );
    });
  });

  test("NOT NULL -> 1299", () => {
    memory((db) => {
      setup(db);
      assertSqliteError(
        () => db.exec("INSERT INTO t VALUES (2, NULL, NULL, 1)"),
        "NOT NULL constraint failed: t.b",
        1299,
        "constraint failed",
      );
    });
  });

  test("CHECK -> 275", () => {
    memory((db) => {
      setup(db);
      assertSqliteError(
        () => db.exec("INSERT INTO t VALUES (2, 'y', NULL, -1)"),
        "CHECK constraint failed: d > 0",
        275,
        "constraint failed",
      );
    });
  });

  test("STRICT type mismatch -> 3091", () => {
    memory((db) => {
      setup(db);
      assertSqliteError(
        () => db.exec("INSERT INTO s VALUES ('abc')"),
        "cannot store TEXT value in INTEGER column s.a",
        3091,
        "constraint failed",
      );
    });
  });

  test("RAISE(ABORT, msg) -> 1811 with the trigger's message", () => {
    memory((db) => {
      setup(db);
      assertSqliteError(() => db.exec("INSERT INTO r VALUES (1)"), "custom msg", 1811, "constraint failed");
      assertSqliteError(() => db.prepare("INSERT INTO r VALUES (2)").run(), "custom msg", 1811, "constraint failed");
    });
  });
});

describe("read-only and locked databases", () => {
  test("write through readOnly -> errcode 8", () => {
    const p = tmpPath("ro.db");
    const setup = new DatabaseSync(p);
    setup.exec("CREATE TABLE t(a)");
    setup.close();
    const db = new DatabaseSync(p, { readOnly: true });
    try {
      const message = "attempt to write a readonly database";
      assertSqliteError(() => db.exec("INSERT INTO t VALUES (1)"), message, 8, message);
      assertSqliteError(() => db.prepare("INSERT INTO t VALUES (1)").run(), message, 8, message);
    } finally {
      db.close();
    }
  });

  test("locked database -> errcode 5", () => {
    const p = tmpPath("locked.db");
    const holder = new DatabaseSync(p);
    const other = new DatabaseSync(p);
    try {
      holder.exec("CREATE TABLE t(a); BEGIN EXCLUSIVE");
      assertSqliteError(() => other.exec("SELECT * FROM t"), "database is locked", 5, "database is locked");
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
      other.close();
    }
  });
});

describe("errors with only a code", () => {
  test("ERR_INVALID_ARG_TYPE is a TypeError with own key code only", () => {
    memory((db) => {
      assertCodeError(() => db.exec(5), TypeError, "ERR_INVALID_ARG_TYPE", 'The "sql" argument must be a string.');
    });
    assertCodeError(
      () => new DatabaseSync(5),
      TypeError,
      "ERR_INVALID_ARG_TYPE",
      'The "path" argument must be a string, Uint8Array, or URL without null bytes.',
    );
  });

  test("ERR_INVALID_ARG_VALUE is a TypeError", () => {
    memory((db) => {
      assertCodeError(() => db.prepare(""), TypeError, "ERR_INVALID_ARG_VALUE", "The SQL query contains no statements.");
      assertCodeError(
        () => db.prepare("SELECT ?").get(2n ** 63n),
        TypeError,
        "ERR_INVALID_ARG_VALUE",
        "BigInt value is too large to bind.",
      );
    });
  });

  test("ERR_INVALID_URL_SCHEME is a TypeError", () => {
    assertCodeError(
      () => new DatabaseSync(new URL("http://example.com/x.db")),
      TypeError,
      "ERR_INVALID_URL_SCHEME",
      "The URL must be of scheme file:",
    );
  });

  test("ERR_CONSTRUCT_CALL_REQUIRED is a TypeError", () => {
    assertCodeError(
      () => DatabaseSync(":memory:"),
      TypeError,
      "ERR_CONSTRUCT_CALL_REQUIRED",
      "Cannot call constructor without `new`",
    );
  });

  test("ERR_OUT_OF_RANGE is a RangeError", () => {
    memory((db) => {
      assertCodeError(
        () => {
          db.limits.column = -1;
        },
        RangeError,
        "ERR_OUT_OF_RANGE",
        "Limit value must be non-negative.",
      );
      assertCodeError(
        () => db.prepare("SELECT 9007199254740993 AS a").get(),
        RangeError,
        "ERR_OUT_OF_RANGE",
        "Value is too large to be represented as a JavaScript number: 9007199254740993",
      );
    });
  });

  test("ERR_INVALID_STATE is a plain Error", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    assertCodeError(() => db.exec("SELECT 1"), Error, "ERR_INVALID_STATE", "database is not open");
    db.open();
    try {
      assertCodeError(() => db.open(), Error, "ERR_INVALID_STATE", "database is already open");
    } finally {
      db.close();
    }
  });

  test("ERR_ILLEGAL_CONSTRUCTOR is a plain Error", () => {
    assertCodeError(() => new StatementSync(), Error, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
  });

  test("'Illegal invocation' is a TypeError without any own enumerable key", () => {
    const err = catchError(() => DatabaseSync.prototype.exec.call({}, "SELECT 1"));
    assertShape(err, TypeError, [], "Illegal invocation");
    assert.equal(err.code, undefined);
  });
});
