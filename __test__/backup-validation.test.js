"use strict";
// backup(): synchronous argument validation. Reference: api.md §1.7, §2.11
// (catalogue rows 12, 62-63).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { sqlite, tmpPath } = require("./common");
const { DatabaseSync, backup } = sqlite;
const { throwsType, throwsRange, throwsState, pageCount, sampleDb } = require("./backup-fixtures");

describe("synchronous validation (catalogue rows 62-63)", () => {
  const PATH_MSG = 'The "path" argument must be a string, Uint8Array, or URL without null bytes.';

  test("sourceDb must be an object", () => {
    for (const bad of [undefined, null, 5, "db", true]) {
      throwsType(() => backup(bad, tmpPath()), 'The "sourceDb" argument must be an object.');
    }
    throwsType(() => backup(), 'The "sourceDb" argument must be an object.');
  });

  test("path must be a string, Uint8Array or URL without null bytes", () => {
    const db = new DatabaseSync(":memory:");
    for (const bad of [5, undefined, null, {}, "a\0b", Buffer.from("a\0b")]) {
      throwsType(() => backup(db, bad), PATH_MSG);
    }
    throwsType(() => backup(db), PATH_MSG);
    db.close();
  });

  test("options must be an object (an explicit undefined is rejected too)", () => {
    const db = new DatabaseSync(":memory:");
    for (const bad of [5, null, "x", true, undefined]) {
      throwsType(() => backup(db, tmpPath(), bad), 'The "options" argument must be an object.');
    }
    db.close();
  });

  test("option types", () => {
    const db = new DatabaseSync(":memory:");
    const p = tmpPath();
    throwsType(() => backup(db, p, { progress: 5 }), 'The "options.progress" argument must be a function.');
    throwsType(() => backup(db, p, { progress: null }), 'The "options.progress" argument must be a function.');
    throwsType(() => backup(db, p, { source: 5 }), 'The "options.source" argument must be a string.');
    throwsType(() => backup(db, p, { target: 5 }), 'The "options.target" argument must be a string.');
    db.close();
  });

  test("rate must be a positive int32", () => {
    const db = new DatabaseSync(":memory:");
    const p = tmpPath();
    for (const bad of [0, -1, -(2 ** 31)]) {
      throwsRange(() => backup(db, p, { rate: bad }), 'The "options.rate" argument must be a positive integer.');
    }
    for (const bad of [1.5, 2 ** 31, "5", null, NaN, Infinity, 5n]) {
      throwsType(() => backup(db, p, { rate: bad }), 'The "options.rate" argument must be an integer.');
    }
    assert.equal(fs.existsSync(p), false);
    db.close();
  });

  test("undefined option values are accepted", async () => {
    const db = sampleDb();
    const p = tmpPath();
    const pages = await backup(db, p, { rate: undefined, source: undefined, target: undefined, progress: undefined });
    assert.equal(pages, pageCount(db));
    db.close();
  });

  test("validation order: rate, then source, then target, then progress", () => {
    const db = new DatabaseSync(":memory:");
    const p = tmpPath();
    throwsRange(
      () => backup(db, p, { source: 5, target: 5, progress: 5, rate: 0 }),
      'The "options.rate" argument must be a positive integer.',
    );
    throwsType(() => backup(db, p, { source: 5, target: 5, progress: 5 }), 'The "options.source" argument must be a string.');
    throwsType(() => backup(db, p, { target: 5, progress: 5 }), 'The "options.target" argument must be a string.');
    throwsType(() => backup(5, 5, 5), 'The "sourceDb" argument must be an object.');
    throwsType(() => backup(db, 5, 5), PATH_MSG);
    db.close();
  });

  test("a closed source throws 'database is not open' synchronously, before other checks", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    throwsState(() => backup(db, tmpPath()), "database is not open");
    throwsState(() => backup(db, 5), "database is not open");
    throwsState(() => backup(db, tmpPath(), { rate: 0 }), "database is not open");
  });
});
