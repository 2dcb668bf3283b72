"use strict";
// The extra properties @photostructure/sqlite puts on SQLite errors (api.md
// §1.8, §2.14): sqliteCode, sqliteExtendedCode, sqliteCodeName,
// sqliteErrorString and systemErrno. The addon adds them as non-enumerable own
// properties, so node's enumerable layout (code, errcode, errstr) holds.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { sqlite, isNode, tmpPath } = require("./common");

const { DatabaseSync } = sqlite;
const addonOnly = { skip: isNode && "@photostructure/sqlite extra (api.md §1.8)" };

function caught(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("expected an exception");
}

function uniqueViolation() {
  const db = new DatabaseSync(":memory:");
  db.exec("create table t(a unique); insert into t values (1)");
  const err = caught(() => db.exec("insert into t values (1)"));
  db.close();
  return err;
}

/** The non-enumerable own properties other than message and stack. */
function extras(err) {
  const out = {};
  for (const key of Object.getOwnPropertyNames(err)) {
    const desc = Object.getOwnPropertyDescriptor(err, key);
    if (!desc.enumerable && key !== "message" && key !== "stack") out[key] = desc;
  }
  return out;
}

const hidden = (value) => ({ value, writable: true, enumerable: false, configurable: true });

describe("extra properties of SQLite errors", () => {
  test("Object.keys() of a SQLite error is still node's ['code', 'errcode', 'errstr']", () => {
    const err = uniqueViolation();
    assert.deepStrictEqual(Object.keys(err), ["code", "errcode", "errstr"]);
    assert.deepStrictEqual(
      { code: err.code, errcode: err.errcode, errstr: err.errstr, message: err.message },
      { code: "ERR_SQLITE_ERROR", errcode: 2067, errstr: "constraint failed", message: "UNIQUE constraint failed: t.a" },
    );
    assert.strictEqual(JSON.stringify(err), '{"code":"ERR_SQLITE_ERROR","errcode":2067,"errstr":"constraint failed"}');
  });

  test("a constraint error carries the extended code and the primary code's name", addonOnly, () => {
    assert.deepStrictEqual(extras(uniqueViolation()), {
      sqliteCode: hidden(2067),
      sqliteExtendedCode: hidden(2067),
      sqliteCodeName: hidden("SQLITE_CONSTRAINT"),
      sqliteErrorString: hidden("constraint failed"),
    });
  });

  test("a syntax error: SQLITE_ERROR", addonOnly, () => {
    const db = new DatabaseSync(":memory:");
    const err = caught(() => db.prepare("selec 1"));
    assert.strictEqual(err.sqliteCode, 1);
    assert.strictEqual(err.sqliteExtendedCode, 1);
    assert.strictEqual(err.sqliteCodeName, "SQLITE_ERROR");
    assert.strictEqual(err.sqliteErrorString, "SQL logic error");
    assert.strictEqual("systemErrno" in err, false);
    db.close();
  });

  test("other primary codes are named too", addonOnly, () => {
    const db = new DatabaseSync(":memory:");
    const range = caught(() => db.prepare("select ?").get(1, 2));
    assert.strictEqual(range.sqliteCodeName, "SQLITE_RANGE");
    assert.strictEqual(range.sqliteCode, 25);
    const notADb = new DatabaseSync(":memory:");
    notADb.deserialize(new Uint8Array(100).fill(7));
    const err = caught(() => notADb.exec("select * from sqlite_master"));
    assert.strictEqual(err.errcode, 26);
    assert.strictEqual(err.sqliteCodeName, "SQLITE_NOTADB");
    notADb.close();
    db.close();
  });

  test("an open failure reports the OS error number as systemErrno", addonOnly, () => {
    const missing = path.join(path.dirname(tmpPath()), "no-such-dir", "x.db");
    const err = caught(() => new DatabaseSync(missing));
    assert.deepStrictEqual(Object.keys(err), ["code", "errcode", "errstr"]);
    assert.strictEqual(err.errcode, 14);
    assert.strictEqual(err.sqliteCodeName, "SQLITE_CANTOPEN");
    assert.strictEqual(err.systemErrno, 2); // ENOENT
    assert.strictEqual(Object.getOwnPropertyDescriptor(err, "systemErrno").enumerable, false);
  });

  test("node-style argument and state errors get no extras", () => {
    const db = new DatabaseSync(":memory:");
    const type = caught(() => db.exec(5));
    assert.deepStrictEqual(Object.getOwnPropertyNames(type).sort(), ["code", "message", "stack"]);
    db.close();
    const state = caught(() => db.exec("select 1"));
    assert.deepStrictEqual(Object.getOwnPropertyNames(state).sort(), ["code", "message", "stack"]);
  });
});
