"use strict";
// db.function(name[, options], fn): scalar user-defined functions.
// Spec: api.md §1.3, §2.2, §2.5, §2.13, catalogue rows 32-36 and 48.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

function sqliteError(message, errcode = 1, errstr = "SQL logic error") {
  return { code: "ERR_SQLITE_ERROR", message, errcode, errstr };
}

function argType(message) {
  return { code: "ERR_INVALID_ARG_TYPE", message };
}

function memdb(options) {
  return options === undefined ? new DatabaseSync(":memory:") : new DatabaseSync(":memory:", options);
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

describe("db.function(): options", () => {
  test("deterministic is required for index expressions", () => {
    const db = memdb();
    db.exec("create table t(a)");
    db.function("nondet", (x) => x);
    assertThrows(
      () => db.exec("create index i1 on t(nondet(a))"),
      Error,
      sqliteError("non-deterministic functions prohibited in index expressions"),
    );
    db.function("det", { deterministic: true }, (x) => x * 2);
    db.exec("create index i2 on t(det(a)); insert into t values (1), (2)");
    assert.deepStrictEqual(db.prepare("select a from t where det(a) = 4").all(), [{ __proto__: null, a: 2 }]);
    db.close();
  });

  test("directOnly: usable directly but not from a view", () => {
    const db = memdb();
    db.function("g", { directOnly: true }, (x) => x * 2);
    assert.deepStrictEqual(db.prepare("select g(2) x").get(), { __proto__: null, x: 4 });
    db.exec("create view v as select g(3) x");
    assertThrows(() => db.prepare("select * from v"), Error, sqliteError("unsafe use of g()"));
    db.close();
  });

  test("directOnly: not usable from a trigger", () => {
    const db = memdb();
    db.function("g", { directOnly: true }, (x) => x * 2);
    db.exec(`
      create table src(a);
      create table dst(b);
      create trigger trg after insert on src begin insert into dst values (g(new.a)); end;
    `);
    assertThrows(() => db.prepare("insert into src values (1)").run(), Error, sqliteError("unsafe use of g()"));
    assert.deepStrictEqual(db.prepare("select count(*) n from dst").get(), { __proto__: null, n: 0 });
    db.close();
  });

  test("without directOnly the function works in views and triggers", () => {
    const db = memdb();
    db.function("g", (x) => x * 2);
    db.exec(`
      create view v as select g(3) x;
      create table src(a);
      create table dst(b);
      create trigger trg after insert on src begin insert into dst values (g(new.a)); end;
    `);
    assert.deepStrictEqual(db.prepare("select * from v").get(), { __proto__: null, x: 6 });
    db.prepare("insert into src values (5)").run();
    assert.deepStrictEqual(db.prepare("select b from dst").all(), [{ __proto__: null, b: 10 }]);
    db.close();
  });

  test("useBigIntArguments: INTEGER arguments arrive as bigint, other types unchanged", () => {
    const db = memdb();
    db.function("types", { useBigIntArguments: true, varargs: true }, (...args) =>
      args.map((a) => (a === null ? "null" : typeof a)).join(","),
    );
    assert.deepStrictEqual(
      db.prepare("select types(1, 2.5, 'x', null, x'00', -9223372036854775808, 9223372036854775807) v").get(),
      { __proto__: null, v: "bigint,number,string,null,object,bigint,bigint" },
    );
    let seen;
    db.function("capture", { useBigIntArguments: true }, (a) => {
      seen = a;
      return null;
    });
    db.prepare("select capture(9223372036854775807)").get();
    assert.strictEqual(seen, 9223372036854775807n);
    db.prepare("select capture(?)").get(5n);
    assert.strictEqual(seen, 5n);
    db.close();
  });

  test("useBigIntArguments: false gives numbers", () => {
    const db = memdb();
    db.function("ty", { useBigIntArguments: false }, (a) => typeof a);
    assert.deepStrictEqual(db.prepare("select ty(1) v").get(), { __proto__: null, v: "number" });
    db.close();
  });
});

describe("db.function(): SQLite -> JavaScript argument conversion", () => {
  function capture(db) {
    const seen = [];
    db.function("cap", (x) => {
      seen.push(x);
      return null;
    });
    return seen;
  }

  test("INTEGER, REAL, TEXT and NULL arguments", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare(
      "select cap(1), cap(-7), cap(1.5), cap(2.0), cap('text'), cap(null), cap(9007199254740991), cap(-9007199254740991)",
    ).get();
    assert.deepStrictEqual(seen, [1, -7, 1.5, 2, "text", null, 9007199254740991, -9007199254740991]);
    db.close();
  });

  test("TEXT with embedded NUL is preserved", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(char(97, 0, 98))").get();
    assert.deepStrictEqual(seen, ["a\0b"]);
    db.close();
  });

  test("bound JavaScript values reach the function", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(?), cap(?), cap(?), cap(?)").get(3, "s", 10n, null);
    assert.deepStrictEqual(seen, [3, "s", 10, null]);
    db.close();
  });

  test("-0.0 arrives as -0", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(?)").get(-0);
    assert.ok(Object.is(seen[0], -0));
    db.close();
  });

  test("BLOB arguments are Uint8Arrays (not Buffers) with their own ArrayBuffer", () => {
    const db = memdb();
    const seen = capture(db);
    db.prepare("select cap(x'01ff02'), cap(zeroblob(0))").get();
    const [blob, empty] = seen;
    assert.strictEqual(Object.getPrototypeOf(blob), Uint8Array.prototype);
    assert.strictEqual(Buffer.isBuffer(blob), false);
    assert.deepStrictEqual(Array.from(blob), [1, 255, 2]);
    assert.strictEqual(blob.byteOffset, 0);
    assert.strictEqual(blob.buffer.byteLength, 3);
    assert.strictEqual(Object.getPrototypeOf(empty), Uint8Array.prototype);
    assert.strictEqual(empty.length, 0);
    db.close();
  });

  test("an unsafe INTEGER argument throws ERR_OUT_OF_RANGE out of the query without calling fn", () => {
    const db = memdb();
    let calls = 0;
    db.function("f", (x) => {
      calls++;
      return x;
    });
    for (const [sql, text] of [
      ["select f(9007199254740992) v", "9007199254740992"],
      ["select f(9007199254740993) v", "9007199254740993"],
      ["select f(-9007199254740992) v", "-9007199254740992"],
      ["select f(-9223372036854775808) v", "-9223372036854775808"],
    ]) {
      assertThrows(() => db.prepare(sql).get(), RangeError, {
        code: "ERR_OUT_OF_RANGE",
        message: `Value is too large to be represented as a JavaScript number: ${text}`,
      });
    }
    assert.strictEqual(calls, 0);
    db.close();
  });

  test("ERR_OUT_OF_RANGE from a later row stops all() after earlier calls", () => {
    const db = memdb();
    let calls = 0;
    db.function("f", (x) => {
      calls++;
      return x;
    });
    assertThrows(
      () => db.prepare("select f(x) v from (select 1 x union all select 9007199254740993)").all(),
      RangeError,
      { code: "ERR_OUT_OF_RANGE", message: "Value is too large to be represented as a JavaScript number: 9007199254740993" },
    );
    assert.strictEqual(calls, 1);
    db.close();
  });
});

describe("db.function(): JavaScript -> SQLite return value conversion", () => {
  function probe(db, value) {
    db.function("ret", () => value);
    const stmt = db.prepare("select typeof(ret()) t, ret() v");
    stmt.setReadBigInts(true);
    return stmt.get();
  }

  test("number -> REAL (even integral numbers)", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, 42), { __proto__: null, t: "real", v: 42 });
    assert.deepStrictEqual(probe(db, 1.5), { __proto__: null, t: "real", v: 1.5 });
    assert.deepStrictEqual(probe(db, Infinity), { __proto__: null, t: "real", v: Infinity });
    const negZero = probe(db, -0);
    assert.strictEqual(negZero.t, "real");
    assert.ok(Object.is(negZero.v, -0));
    db.close();
  });

  test("NaN -> NULL", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, NaN), { __proto__: null, t: "null", v: null });
    db.close();
  });

  test("bigint -> INTEGER, including both int64 limits", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, 42n), { __proto__: null, t: "integer", v: 42n });
    assert.deepStrictEqual(probe(db, 2n ** 63n - 1n), { __proto__: null, t: "integer", v: 9223372036854775807n });
    assert.deepStrictEqual(probe(db, -(2n ** 63n)), { __proto__: null, t: "integer", v: -9223372036854775808n });
    db.close();
  });

  test("a returned INTEGER reads back as a number without readBigInts", () => {
    const db = memdb();
    db.function("ret", () => 7n);
    assert.deepStrictEqual(db.prepare("select ret() v").get(), { __proto__: null, v: 7 });
    db.close();
  });

  test("string -> TEXT (embedded NUL kept)", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, "hello"), { __proto__: null, t: "text", v: "hello" });
    assert.deepStrictEqual(probe(db, ""), { __proto__: null, t: "text", v: "" });
    assert.deepStrictEqual(probe(db, "a\0b"), { __proto__: null, t: "text", v: "a\0b" });
    db.close();
  });

  test("null and undefined -> NULL", () => {
    const db = memdb();
    assert.deepStrictEqual(probe(db, null), { __proto__: null, t: "null", v: null });
    assert.deepStrictEqual(probe(db, undefined), { __proto__: null, t: "null", v: null });
    db.function("noreturn", () => {});
    assert.deepStrictEqual(db.prepare("select noreturn() v").get(), { __proto__: null, v: null });
    db.close();
  });

  test("Uint8Array, Buffer, other TypedArrays and DataView -> BLOB of the view's bytes", () => {
    const db = memdb();
    const cases = [
      [new Uint8Array([1, 2, 3]), [1, 2, 3]],
      [Buffer.from("ab"), [97, 98]],
      [new Int16Array([1, 256]), [1, 0, 0, 1]],
      [new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2), [8, 7]],
      [new Uint8Array([5, 6, 7, 8]).subarray(1, 3), [6, 7]],
      [new Uint8Array(0), []],
    ];
    for (const [value, bytes] of cases) {
      const row = probe(db, value);
      assert.strictEqual(row.t, "blob");
      assert.strictEqual(Object.getPrototypeOf(row.v), Uint8Array.prototype);
      assert.deepStrictEqual(Array.from(row.v), bytes);
    }
    db.close();
  });

  test("boolean -> 'Returned JavaScript value cannot be converted to a SQLite value'", () => {
    const db = memdb();
    for (const value of [true, false]) {
      db.function("ret", () => value);
      assertThrows(
        () => db.prepare("select ret() v").get(),
        Error,
        sqliteError("Returned JavaScript value cannot be converted to a SQLite value"),
      );
    }
    db.close();
  });

  test("object, array, Date, symbol and function return values are rejected", () => {
    const db = memdb();
    for (const value of [{}, [1], new Date(0), Symbol("s"), () => 1, new Number(1)]) {
      db.function("ret", () => value);
      assertThrows(
        () => db.prepare("select ret() v").get(),
        Error,
        sqliteError("Returned JavaScript value cannot be converted to a SQLite value"),
      );
    }
    db.close();
  });

  test("a Promise (async function) is rejected", () => {
    const db = memdb();
    db.function("asyncf", async () => 1);
    assertThrows(
      () => db.prepare("select asyncf() v").get(),
      Error,
      sqliteError("Asynchronous user-defined functions are not supported"),
    );
    db.function("prom", () => Promise.resolve(1));
    assertThrows(
      () => db.prepare("select prom() v").get(),
      Error,
      sqliteError("Asynchronous user-defined functions are not supported"),
    );
    db.close();
  });

  test("a bigint outside int64 is rejected", () => {
    const db = memdb();
    for (const value of [2n ** 64n, 2n ** 63n, -(2n ** 63n) - 1n]) {
      db.function("ret", () => value);
      assertThrows(
        () => db.prepare("select ret() v").get(),
        Error,
        sqliteError("BigInt value is too large for SQLite"),
      );
    }
    db.close();
  });

  test("conversion errors surface from exec(), run() and all() too", () => {
    const db = memdb();
    db.exec("create table t(x)");
    db.function("bad", () => ({}));
    const expected = sqliteError("Returned JavaScript value cannot be converted to a SQLite value");
    assertThrows(() => db.exec("select bad()"), Error, expected);
    assertThrows(() => db.prepare("insert into t values (bad())").run(), Error, expected);
    assertThrows(() => db.prepare("select bad() v").all(), Error, expected);
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });
    db.close();
  });
});

describe("db.function(): exceptions thrown by fn", () => {
  test("the same error object propagates from get/all/run/iterate/exec", () => {
    const db = memdb();
    const boom = new RangeError("boom");
    boom.extra = { detail: 1 };
    db.function("thrower", () => {
      throw boom;
    });
    db.exec("create table t(x)");
    const attempts = [
      () => db.prepare("select thrower()").get(),
      () => db.prepare("select thrower()").all(),
      () => db.prepare("insert into t values (thrower())").run(),
      () => db.prepare("select thrower()").iterate().next(),
      () => db.exec("select thrower()"),
    ];
    for (const attempt of attempts) {
      let caught;
      assert.throws(attempt, (e) => {
        caught = e;
        return true;
      });
      assert.strictEqual(caught, boom);
      assert.strictEqual(caught.message, "boom");
      assert.deepStrictEqual(caught.extra, { detail: 1 });
      assert.strictEqual(caught.code, undefined);
    }
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 0 });
    db.close();
  });

  test("custom error subclasses and non-Error values propagate unchanged", () => {
    const db = memdb();
    class MyError extends Error {}
    const mine = new MyError("mine");
    db.function("t1", () => {
      throw mine;
    });
    assert.throws(
      () => db.prepare("select t1()").get(),
      (e) => e === mine,
    );
    db.function("t2", () => {
      throw "a string";
    });
    assert.throws(
      () => db.prepare("select t2()").get(),
      (e) => e === "a string",
    );
    const obj = { not: "an error" };
    db.function("t3", () => {
      throw obj;
    });
    assert.throws(
      () => db.prepare("select t3()").get(),
      (e) => e === obj,
    );
    db.close();
  });

  test("an error on a later row stops the statement; the connection stays usable", () => {
    const db = memdb();
    const calls = [];
    db.function("fail_on_two", (x) => {
      calls.push(x);
      if (x === 2) throw new Error("two");
      return x;
    });
    assert.throws(
      () => db.prepare("select fail_on_two(x) v from (select 1 x union all select 2 union all select 3)").all(),
      { message: "two" },
    );
    assert.deepStrictEqual(calls, [1, 2]);
    assert.deepStrictEqual(db.prepare("select fail_on_two(5) v").get(), { __proto__: null, v: 5 });
    db.close();
  });

  test("a statement whose function threw can be executed again", () => {
    const db = memdb();
    let fail = true;
    db.function("maybe", () => {
      if (fail) throw new Error("nope");
      return "fine";
    });
    const stmt = db.prepare("select maybe() v");
    assert.throws(() => stmt.get(), { message: "nope" });
    fail = false;
    assert.deepStrictEqual(stmt.get(), { __proto__: null, v: "fine" });
    db.close();
  });
});

describe("db.function(): re-entrancy (Node 26)", () => {
  test("db.close() inside a function throws ERR_INVALID_STATE and the db keeps working", () => {
    const db = memdb();
    db.function("closer", () => {
      db.close();
      return 1;
    });
    const err = assertThrows(() => db.prepare("select closer() x").get(), Error, {
      code: "ERR_INVALID_STATE",
      message: "database cannot be closed while in a callback",
    });
    assert.strictEqual(Object.keys(err).join(), "code");
    assert.strictEqual(db.isOpen, true);
    assert.deepStrictEqual(db.prepare("select 1 x").get(), { __proto__: null, x: 1 });
    db.close();
    assert.strictEqual(db.isOpen, false);
  });

  test("the close() error can be caught inside the function", () => {
    const db = memdb();
    let inner;
    db.function("closer", () => {
      try {
        db.close();
      } catch (e) {
        inner = e;
      }
      return "survived";
    });
    assert.deepStrictEqual(db.prepare("select closer() x").get(), { __proto__: null, x: "survived" });
    assert.ok(inner instanceof Error);
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");
    assert.strictEqual(inner.message, "database cannot be closed while in a callback");
    assert.strictEqual(db.isOpen, true);
    db.close();
  });

  test("db[Symbol.dispose]() inside a function does not throw and leaves the db open (Node 26)", () => {
    const db = memdb();
    let result = "not called";
    db.function("disposer", () => {
      result = db[Symbol.dispose]();
      return 1;
    });
    assert.deepStrictEqual(db.prepare("select disposer() x").get(), { __proto__: null, x: 1 });
    assert.strictEqual(result, undefined);
    assert.strictEqual(db.isOpen, true);
    assert.deepStrictEqual(db.prepare("select 2 x").get(), { __proto__: null, x: 2 });
    db.close();
  });

  test("deserialize() inside a function throws ERR_INVALID_STATE", () => {
    const db = memdb();
    db.exec("create table keep(x); insert into keep values (1)");
    const image = memdb().serialize();
    db.function("deser", () => {
      db.deserialize(image);
      return 1;
    });
    const expected = { code: "ERR_INVALID_STATE", message: "database cannot be deserialized while in a callback" };
    assertThrows(() => db.prepare("select deser() x").get(), Error, expected);
    assertThrows(() => db.exec("select deser()"), Error, expected);
    assert.deepStrictEqual(db.prepare("select x from keep").all(), [{ __proto__: null, x: 1 }]);
    db.close();
  });

  test("other statements can be prepared and run from inside a function", () => {
    const db = memdb();
    db.exec("create table t(v); insert into t values (10), (20)");
    const sum = db.prepare("select sum(v) s from t");
    db.function("total", () => sum.get().s);
    db.function("add_row", (v) => db.prepare("insert into t values (?)").run(v).changes);
    assert.deepStrictEqual(db.prepare("select total() x").get(), { __proto__: null, x: 30 });
    assert.deepStrictEqual(db.prepare("select add_row(5) x").get(), { __proto__: null, x: 1 });
    assert.deepStrictEqual(db.prepare("select total() x").get(), { __proto__: null, x: 35 });
    db.close();
  });

  test("re-running the executing statement from its own function throws 'statement is already being executed'", () => {
    const db = memdb();
    let stmt;
    let inner;
    db.function("reenter", () => {
      try {
        stmt.get();
      } catch (e) {
        inner = e;
      }
      return "done";
    });
    stmt = db.prepare("select reenter() x");
    assert.deepStrictEqual(stmt.get(), { __proto__: null, x: "done" });
    assert.ok(inner instanceof Error);
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");
    assert.strictEqual(inner.message, "statement is already being executed");
    db.close();
  });
});
