"use strict";
// db.createModule(): exceptions thrown by rows() and its iterator reach the
// caller unchanged; iteration-protocol violations are SQLite errors.
// Spec: api.md §1.10.
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { skip, sqliteError, assertRethrows, memdb, INT } = require("./vtab-fixtures.js");

describe("createModule(): errors from JavaScript", { skip }, () => {
  test("an exception thrown by rows() reaches the caller unchanged", () => {
    const db = memdb();
    class MyError extends Error {}
    const thrown = Object.assign(new MyError("rows failed"), { code: "MINE" });
    db.createModule("throws", {
      columns: [INT("v")],
      rows() {
        throw thrown;
      },
    });
    assertRethrows(() => db.prepare("SELECT * FROM throws").all(), thrown);
    assertRethrows(() => db.exec("SELECT * FROM throws"), thrown);
    assertRethrows(() => db.prepare("SELECT * FROM throws").iterate().next(), thrown);
  });

  test("a generator that throws part-way, with a primitive or an object", () => {
    const db = memdb();
    for (const thrown of [42, "text", new TypeError("mid-way")]) {
      const state = { cleanups: 0 };
      db.createModule("midway", {
        columns: [INT("v")],
        *rows() {
          try {
            yield [1n];
            throw thrown;
          } finally {
            state.cleanups++;
          }
        },
      });
      assertRethrows(() => db.prepare("SELECT v FROM midway").all(), thrown);
      // The generator ran its `finally` once, as part of the throw.
      assert.equal(state.cleanups, 1);
    }
  });

  test("throwing next(), Symbol.iterator, `done`/`value` getters and row getters", () => {
    const db = memdb();
    const thrown = new Error("boom");
    const boom = () => {
      throw thrown;
    };
    const variants = [
      () => ({ [Symbol.iterator]: boom }),
      () => ({ get [Symbol.iterator]() { return boom(); } }),
      () => ({ next: boom }),
      () => ({ get next() { return boom(); } }),
      () => ({ next: () => ({ get done() { return boom(); } }) }),
      () => ({ next: () => ({ done: false, get value() { return boom(); } }) }),
      () => [{ get 0() { return boom(); } }],
      () => [new Proxy([], { get: boom })],
    ];
    for (const rows of variants) {
      db.createModule("bad", { columns: [INT("v")], rows });
      assertRethrows(() => db.prepare("SELECT v FROM bad").all(), thrown);
    }
    // The connection is fine afterwards.
    assert.deepStrictEqual(db.prepare("SELECT 1 AS x").get(), { __proto__: null, x: 1 });
  });

  test("iteration-protocol violations are SQLite errors of their own, from all() and exec()", () => {
    const db = memdb();
    const cases = [
      [() => 42, 'The "options.rows" function must return an iterable object'],
      [() => undefined, 'The "options.rows" function must return an iterable object'],
      [() => "abc", 'The "options.rows" function must return an iterable object'],
      [() => ({ [Symbol.iterator]: () => 7 }), "The \"options.rows\" iterable's Symbol.iterator method must return an object"],
      [() => ({}), 'The "options.rows" iterator must have a next() method'],
      [() => ({ [Symbol.iterator]() { return this; }, next: 1 }), 'The "options.rows" iterator must have a next() method'],
      [() => ({ next: () => 42 }), "The \"options.rows\" iterator's next() method must return an object"],
      [() => ({ next: () => null }), "The \"options.rows\" iterator's next() method must return an object"],
    ];
    for (const [rows, message] of cases) {
      db.createModule("bad", { columns: [INT("v")], rows });
      assertThrows(() => db.prepare("SELECT v FROM bad").all(), Error, sqliteError(message));
      assertThrows(() => db.exec("SELECT v FROM bad"), Error, sqliteError(message));
    }
  });

  test("a violation after some rows fails the statement", () => {
    const db = memdb();
    db.createModule("late", {
      columns: [INT("v")],
      rows() {
        let i = 0;
        return { next: () => (i++ < 2 ? { done: false, value: [1n] } : 7) };
      },
    });
    assertThrows(
      () => db.prepare("SELECT v FROM late").all(),
      Error,
      sqliteError("The \"options.rows\" iterator's next() method must return an object"),
    );
  });
});
