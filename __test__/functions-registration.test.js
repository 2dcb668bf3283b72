"use strict";
// db.function(name[, options], fn): registration, arity and argument validation.
// Spec: api.md §1.3, §2.2, §2.5, §2.13, catalogue rows 32-36 and 48.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { assertThrows } = require("./common");
const { sqliteError, memdb } = require("./functions-fixtures.js");

function argType(message) {
  return { code: "ERR_INVALID_ARG_TYPE", message };
}

/** A function whose `length` property is overridden. */
function withLength(length, impl = () => null) {
  const fn = function (a) {
    return impl(a);
  };
  Object.defineProperty(fn, "length", { value: length });
  return fn;
}

describe("db.function(): registration and arity", () => {
  test("returns undefined and the function is callable from SQL", () => {
    const db = memdb();
    assert.strictEqual(
      db.function("plus", (a, b) => a + b),
      undefined,
    );
    assert.deepStrictEqual(db.prepare("select plus(1, 2) x").get(), { __proto__: null, x: 3 });
    db.close();
  });

  test("arity is fn.length: other argument counts fail when the SQL is compiled", () => {
    const db = memdb();
    db.function("two", (a, b) => `${a}${b}`);
    assert.deepStrictEqual(db.prepare("select two('a', 'b') x").get(), { __proto__: null, x: "ab" });
    assertThrows(() => db.prepare("select two('a') x"), Error, sqliteError("wrong number of arguments to function two()"));
    assertThrows(
      () => db.prepare("select two('a', 'b', 'c') x"),
      Error,
      sqliteError("wrong number of arguments to function two()"),
    );
    assertThrows(() => db.exec("select two()"), Error, sqliteError("wrong number of arguments to function two()"));
    db.close();
  });

  test("a zero-parameter function takes no arguments", () => {
    const db = memdb();
    db.function("answer", () => 42);
    assert.deepStrictEqual(db.prepare("select answer() x").get(), { __proto__: null, x: 42 });
    assertThrows(() => db.prepare("select answer(1)"), Error, sqliteError("wrong number of arguments to function answer()"));
    db.close();
  });

  test("rest parameters give fn.length 0, so arity 0 without varargs", () => {
    const db = memdb();
    const rest = (...args) => args.length;
    assert.strictEqual(rest.length, 0);
    db.function("rest", rest);
    assert.deepStrictEqual(db.prepare("select rest() x").get(), { __proto__: null, x: 0 });
    assertThrows(() => db.prepare("select rest(1)"), Error, sqliteError("wrong number of arguments to function rest()"));
    db.close();
  });

  test("default parameters are not counted by fn.length", () => {
    const db = memdb();
    db.function("dflt", (a, b = 10) => a + b);
    assert.deepStrictEqual(db.prepare("select dflt(1) x").get(), { __proto__: null, x: 11 });
    assertThrows(() => db.prepare("select dflt(1, 2)"), Error, sqliteError("wrong number of arguments to function dflt()"));
    db.close();
  });

  test("varargs: true accepts any number of arguments", () => {
    const db = memdb();
    db.function("count_args", { varargs: true }, (...args) => args.length);
    assert.deepStrictEqual(db.prepare("select count_args() a, count_args(1) b, count_args(1, 'x', null, 4) c").get(), {
      __proto__: null,
      a: 0,
      b: 1,
      c: 4,
    });
    db.close();
  });

  test("varargs: true ignores a declared fn.length", () => {
    const db = memdb();
    db.function("va", { varargs: true }, (a, b) => `${a}|${b}`);
    assert.deepStrictEqual(db.prepare("select va(1) a, va(1, 2, 3) b").get(), {
      __proto__: null,
      a: "1|undefined",
      b: "1|2",
    });
    db.close();
  });

  test("varargs: false behaves like the default", () => {
    const db = memdb();
    db.function("one", { varargs: false }, (a) => a);
    assertThrows(() => db.prepare("select one(1, 2)"), Error, sqliteError("wrong number of arguments to function one()"));
    db.close();
  });

  test("a non-integer fn.length is rejected (Node 26)", () => {
    const db = memdb();
    for (const length of [1.5, "1", NaN]) {
      assertThrows(
        () => db.function("bad", withLength(length)),
        TypeError,
        argType('The "function.length" property must be an integer.'),
      );
    }
    assertThrows(() => db.prepare("select bad(1)"), Error, sqliteError("no such function: bad"));
    db.close();
  });

  test("fn.length is not checked when varargs is true", () => {
    const db = memdb();
    db.function("lenient", { varargs: true }, withLength(1.5, () => "ok"));
    assert.deepStrictEqual(db.prepare("select lenient(1, 2) x").get(), { __proto__: null, x: "ok" });
    db.close();
  });

  test("fn.length above SQLite's argument limit fails to register", () => {
    const db = memdb();
    assertThrows(() => db.function("huge", withLength(1001)), Error, sqliteError("not an error", 0, "not an error"));
    db.close();
  });

  test("re-registering a name with the same arity replaces the function", () => {
    const db = memdb();
    db.function("ver", () => 1);
    assert.deepStrictEqual(db.prepare("select ver() x").get(), { __proto__: null, x: 1 });
    assert.strictEqual(
      db.function("ver", () => 2),
      undefined,
    );
    assert.deepStrictEqual(db.prepare("select ver() x").get(), { __proto__: null, x: 2 });
    db.close();
  });

  test("functions with the same name but different arities coexist", () => {
    const db = memdb();
    db.function("ov", (a) => "one");
    db.function("ov", (a, b) => "two");
    assert.deepStrictEqual(db.prepare("select ov(1) a, ov(1, 2) b").get(), { __proto__: null, a: "one", b: "two" });
    db.function("ov", (a) => "ONE");
    assert.deepStrictEqual(db.prepare("select ov(1) a, ov(1, 2) b").get(), { __proto__: null, a: "ONE", b: "two" });
    db.close();
  });

  test("function names are case-insensitive in SQL", () => {
    const db = memdb();
    db.function("MyFunc", () => "hi");
    assert.deepStrictEqual(db.prepare("select myfunc() a, MYFUNC() b").get(), { __proto__: null, a: "hi", b: "hi" });
    db.close();
  });

  test("functions are per connection", () => {
    const a = memdb();
    const b = memdb();
    a.function("only_a", () => 1);
    assertThrows(() => b.prepare("select only_a()"), Error, sqliteError("no such function: only_a"));
    a.close();
    b.close();
  });
});

describe("db.function(): argument validation", () => {
  test("name must be a string", () => {
    const db = memdb();
    for (const name of [5, undefined, null, {}, Symbol("f")]) {
      assertThrows(() => db.function(name, () => 1), TypeError, argType('The "name" argument must be a string.'));
    }
    assertThrows(() => db.function(), TypeError, argType('The "name" argument must be a string.'));
    db.close();
  });

  test("fn must be a function", () => {
    const db = memdb();
    assertThrows(() => db.function("f"), TypeError, argType('The "function" argument must be a function.'));
    assertThrows(() => db.function("f", 5), TypeError, argType('The "function" argument must be a function.'));
    assertThrows(() => db.function("f", {}), TypeError, argType('The "function" argument must be a function.'));
    assertThrows(() => db.function("f", {}, "x"), TypeError, argType('The "function" argument must be a function.'));
    db.close();
  });

  test("options, when present before fn, must be an object", () => {
    const db = memdb();
    for (const options of [5, null, undefined, "x", true]) {
      assertThrows(
        () => db.function("f", options, () => 1),
        TypeError,
        argType('The "options" argument must be an object.'),
      );
    }
    db.close();
  });

  test("every option must be a boolean", () => {
    const db = memdb();
    for (const key of ["deterministic", "directOnly", "useBigIntArguments", "varargs"]) {
      for (const value of [1, "true", null, {}]) {
        assertThrows(
          () => db.function("f", { [key]: value }, () => 1),
          TypeError,
          argType(`The "options.${key}" argument must be a boolean.`),
        );
      }
    }
    db.close();
  });

  test("options set to undefined and unknown keys are ignored", () => {
    const db = memdb();
    db.function(
      "f",
      { deterministic: undefined, directOnly: undefined, useBigIntArguments: undefined, varargs: undefined, other: 1 },
      (a) => a,
    );
    assert.deepStrictEqual(db.prepare("select f(3) x").get(), { __proto__: null, x: 3 });
    db.close();
  });

  test("throws 'database is not open' on a closed database", () => {
    const db = memdb();
    db.close();
    assertThrows(() => db.function("f", () => 1), Error, { code: "ERR_INVALID_STATE", message: "database is not open" });
  });
});
