"use strict";
// The addon's backup extras: backup({}, path) throws instead of crashing,
// db.backup() and the AbortSignal option (skipped on node:sqlite).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { sqlite, isNode, tmpPath, rejectsSqlite } = require("./common");
const { DatabaseSync, backup } = sqlite;
const {
  ADDON_ONLY,
  throwsType,
  throwsRange,
  throwsState,
  all,
  pageCount,
  fill,
  db52,
  sampleDb,
  openCopy,
} = require("./backup-fixtures");

describe("addon extras", () => {
  test("backup({}, path) throws instead of crashing", { skip: isNode && "node:sqlite crashes here" }, () => {
    for (const bad of [{}, [], new Date(), Object.create(DatabaseSync.prototype)]) {
      throwsType(() => backup(bad, tmpPath()), 'The "sourceDb" argument must be an object.');
    }
  });

  test("db.backup(path[, options]) behaves like the module function", { skip: ADDON_ONLY }, async () => {
    const db = db52();
    assert.equal(typeof db.backup, "function");
    const file = tmpPath("method.db");
    const calls = [];
    assert.equal(await db.backup(file, { rate: 50, progress: (p) => calls.push(p) }), 52);
    assert.deepEqual(calls, [{ totalPages: 52, remainingPages: 2 }]);
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT count(*) AS n FROM t"), [{ __proto__: null, n: 50 }]);
    copy.close();
    assert.equal(await db.backup(tmpPath()), 52);
    await rejectsSqlite(db.backup(tmpPath(), { source: "nope" }), "unknown database nope", 1, "SQL logic error");
    throwsRange(() => db.backup(tmpPath(), { rate: 0 }), 'The "options.rate" argument must be a positive integer.');
    throwsType(() => db.backup(5), 'The "path" argument must be a string, Uint8Array, or URL without null bytes.');
    db.close();
    throwsState(() => db.backup(tmpPath()), "database is not open");
  });

  test("an AbortSignal option rejects a running backup with an AbortError", { skip: ADDON_ONLY }, async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 200, 3000);
    const controller = new AbortController();
    let calls = 0;
    await assert.rejects(
      backup(db, tmpPath(), {
        rate: 1,
        signal: controller.signal,
        progress: () => {
          if (++calls === 1) controller.abort();
        },
      }),
      (e) => {
        assert.equal(e.name, "AbortError");
        return true;
      },
    );
    assert.ok(calls < pageCount(db) - 1, `backup was not stopped (${calls} progress calls)`);
    db.close();
  });
});

describe("addon extras: AbortSignal and db.backup()", { skip: ADDON_ONLY }, () => {
  function checkAbortError(e, signal) {
    assert.equal(Object.getPrototypeOf(e), Error.prototype);
    assert.equal(e.name, "AbortError");
    assert.equal(e.code, "ABORT_ERR");
    assert.equal(e.message, "The operation was aborted");
    assert.equal(e.cause, signal.reason);
    return true;
  }

  test("an already aborted signal rejects without creating the file", async () => {
    const db = sampleDb();
    const file = tmpPath("never.db");
    const signal = AbortSignal.abort(new Error("why"));
    await assert.rejects(backup(db, file, { signal }), (e) => checkAbortError(e, signal));
    assert.equal(fs.existsSync(file), false);
    db.close();
  });

  test("aborting a running backup: AbortError with the reason as cause, no more progress calls", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 100, 3000);
    const controller = new AbortController();
    let calls = 0;
    let callsAtAbort;
    const promise = backup(db, tmpPath(), {
      rate: 1,
      signal: controller.signal,
      progress: () => {
        if (++calls === 3) {
          controller.abort("stop now");
          callsAtAbort = calls;
        }
      },
    });
    await assert.rejects(promise, (e) => checkAbortError(e, controller.signal));
    assert.equal(calls, callsAtAbort);
    assert.equal(controller.signal.reason, "stop now");
    db.close();
  });

  test("a signal that is never aborted changes nothing", async () => {
    const db = db52();
    const controller = new AbortController();
    const calls = [];
    assert.equal(await backup(db, tmpPath(), { rate: 50, signal: controller.signal, progress: (p) => calls.push(p) }), 52);
    assert.deepEqual(calls, [{ totalPages: 52, remainingPages: 2 }]);
    controller.abort(); // after completion: no effect
    db.close();
  });

  test("options.signal must be an AbortSignal", () => {
    const db = new DatabaseSync(":memory:");
    for (const bad of [null, 5, "x", {}]) {
      throwsType(() => backup(db, tmpPath(), { signal: bad }), 'The "options.signal" argument must be an AbortSignal.');
    }
    db.close();
  });

  test("db.backup is a non-enumerable prototype method; a foreign receiver is refused", () => {
    const desc = Object.getOwnPropertyDescriptor(DatabaseSync.prototype, "backup");
    assert.equal(typeof desc.value, "function");
    assert.equal(desc.enumerable, false);
    assert.equal(Object.keys(new DatabaseSync(":memory:")).includes("backup"), false);
    throwsType(() => DatabaseSync.prototype.backup.call({}, tmpPath()), 'The "sourceDb" argument must be an object.');
  });
});
