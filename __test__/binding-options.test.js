"use strict";
// Binding options (api.md §2.4): statement option setters, database defaults
// and prepare() options.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows, sqlite } = require("./common");
const { unknownNamed, openDb } = require("./binding-fixtures.js");

const { DatabaseSync } = sqlite;

describe("option setters validate their argument", () => {
  test("setAllowBareNamedParameters requires a boolean", () => {
    const db = openDb();
    const s = db.prepare("select $a a");
    for (const bad of [[], [1], ["true"], [null], [undefined]]) {
      assertThrows(() => s.setAllowBareNamedParameters(...bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "allowBareNamedParameters" argument must be a boolean.',
      });
    }
  });

  test("setAllowUnknownNamedParameters requires a boolean", () => {
    const db = openDb();
    const s = db.prepare("select $a a");
    for (const bad of [[], [0], ["false"], [null], [undefined]]) {
      assertThrows(() => s.setAllowUnknownNamedParameters(...bad), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "enabled" argument must be a boolean.',
      });
    }
  });
});

describe("database defaults and prepare() options", () => {
  test("statements inherit the database defaults", () => {
    const db = openDb({ allowBareNamedParameters: false, allowUnknownNamedParameters: true });
    const s = db.prepare("select $a a");
    // The bare key 'a' is unknown, and unknown keys are ignored.
    assert.deepStrictEqual(s.get({ a: 1 }), { __proto__: null, a: null });
    assert.deepStrictEqual(s.get({ $a: 2, $zz: 3 }), { __proto__: null, a: 2 });
  });

  test("allowBareNamedParameters: false on the database", () => {
    const db = openDb({ allowBareNamedParameters: false });
    unknownNamed(() => db.prepare("select $a a").get({ a: 1 }), "a");
  });

  test("prepare() options override the database defaults", () => {
    const db = openDb({ allowBareNamedParameters: false, allowUnknownNamedParameters: true });
    const s = db.prepare("select $a a", { allowBareNamedParameters: true, allowUnknownNamedParameters: false });
    assert.deepStrictEqual(s.get({ a: 1 }), { __proto__: null, a: 1 });
    unknownNamed(() => s.get({ a: 1, zz: 1 }), "zz");

    const db2 = openDb();
    const s2 = db2.prepare("select $a a", { allowBareNamedParameters: false, allowUnknownNamedParameters: true });
    assert.deepStrictEqual(s2.get({ a: 1 }), { __proto__: null, a: null });
    assert.deepStrictEqual(s2.get({ $a: 1 }), { __proto__: null, a: 1 });
  });

  test("a prepare() option that is omitted keeps the database default", () => {
    const db = openDb({ allowBareNamedParameters: false });
    const s = db.prepare("select $a a", { allowUnknownNamedParameters: true });
    assert.deepStrictEqual(s.get({ a: 1 }), { __proto__: null, a: null });
  });

  test("setters override prepare() options", () => {
    const db = openDb();
    const s = db.prepare("select $a a", { allowBareNamedParameters: false });
    s.setAllowBareNamedParameters(true);
    assert.deepStrictEqual(s.get({ a: 4 }), { __proto__: null, a: 4 });
  });

  test("changing database-level defaults does not affect other statements", () => {
    const db = openDb();
    const a = db.prepare("select $a a");
    const b = db.prepare("select $a a");
    a.setAllowBareNamedParameters(false);
    unknownNamed(() => a.get({ a: 1 }), "a");
    assert.deepStrictEqual(b.get({ a: 1 }), { __proto__: null, a: 1 });
  });

  test("prepare() binding options are validated", () => {
    const db = openDb();
    for (const name of ["allowBareNamedParameters", "allowUnknownNamedParameters"]) {
      for (const bad of [1, "x", null]) {
        assertThrows(() => db.prepare("select 1", { [name]: bad }), TypeError, {
          code: "ERR_INVALID_ARG_TYPE",
          message: `The "options.${name}" argument must be a boolean.`,
        });
      }
    }
  });

  test("database binding options are validated", () => {
    for (const name of ["allowBareNamedParameters", "allowUnknownNamedParameters"]) {
      assertThrows(() => new DatabaseSync(":memory:", { [name]: 1 }), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: `The "options.${name}" argument must be a boolean.`,
      });
    }
  });
});
