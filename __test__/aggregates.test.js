"use strict";
// db.aggregate(name, options): aggregate and window user-defined functions.
// Spec: api.md §1.3 (function()/aggregate() options), §2.6, §2.13, catalogue rows 37-38 and 48.
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

/** In-memory db with t(g, v): group 'a' = 1, 2; group 'b' = 10, 20, 30. */
function seeded() {
  const db = new DatabaseSync(":memory:");
  db.exec("create table t(g text, v integer); insert into t values ('a', 1), ('a', 2), ('b', 10), ('b', 20), ('b', 30)");
  return db;
}

const sumOptions = () => ({ start: 0, step: (acc, v) => acc + v });

describe("db.aggregate(): basics", () => {
  test("returns undefined; a primitive start value and step compute a sum", () => {
    const db = seeded();
    assert.strictEqual(db.aggregate("mysum", sumOptions()), undefined);
    assert.deepStrictEqual(db.prepare("select mysum(v) s from t").get(), { __proto__: null, s: 63 });
    assert.deepStrictEqual(db.prepare("select g, mysum(v) s from t group by g order by g").all(), [
      { __proto__: null, g: "a", s: 3 },
      { __proto__: null, g: "b", s: 60 },
    ]);
    db.close();
  });

  test("step receives the accumulator then the SQL arguments, in row order", () => {
    const db = seeded();
    const calls = [];
    db.aggregate("trace", {
      start: "S",
      step: (acc, v) => {
        calls.push([acc, v]);
        return `${acc}+${v}`;
      },
    });
    assert.deepStrictEqual(db.prepare("select trace(v) r from (select v from t where g = 'a' order by v)").get(), {
      __proto__: null,
      r: "S+1+2",
    });
    assert.deepStrictEqual(calls, [
      ["S", 1],
      ["S+1", 2],
    ]);
    db.close();
  });

  test("result maps the final accumulator", () => {
    const db = seeded();
    const results = [];
    db.aggregate("avg_js", {
      start: () => ({ sum: 0, n: 0 }),
      step: (acc, v) => ({ sum: acc.sum + v, n: acc.n + 1 }),
      result: (acc) => {
        results.push(acc);
        return acc.sum / acc.n;
      },
    });
    assert.deepStrictEqual(db.prepare("select g, avg_js(v) m from t group by g order by g").all(), [
      { __proto__: null, g: "a", m: 1.5 },
      { __proto__: null, g: "b", m: 20 },
    ]);
    assert.deepStrictEqual(results, [
      { sum: 3, n: 2 },
      { sum: 60, n: 3 },
    ]);
    db.close();
  });

  test("a function start is called once per group to make a fresh initial value", () => {
    const db = seeded();
    let starts = 0;
    db.aggregate("collect", {
      start: () => {
        starts++;
        return [];
      },
      step: (acc, v) => {
        acc.push(v);
        return acc;
      },
      result: (acc) => acc.join(","),
    });
    assert.deepStrictEqual(db.prepare("select g, collect(v) r from (select * from t order by g, v) group by g order by g").all(), [
      { __proto__: null, g: "a", r: "1,2" },
      { __proto__: null, g: "b", r: "10,20,30" },
    ]);
    assert.strictEqual(starts, 2);
    db.close();
  });

  test("a non-function start value is the same value for every group", () => {
    const db = seeded();
    // An object start value is not copied: every group starts from the same object.
    const shared = [];
    db.aggregate("collect_shared", {
      start: shared,
      step: (acc, v) => {
        acc.push(v);
        return acc;
      },
      result: (acc) => acc.length,
    });
    assert.deepStrictEqual(
      db.prepare("select g, collect_shared(v) r from (select * from t order by g, v) group by g order by g").all(),
      [
        { __proto__: null, g: "a", r: 2 },
        { __proto__: null, g: "b", r: 5 },
      ],
    );
    assert.deepStrictEqual(shared, [1, 2, 10, 20, 30]);
    db.close();
  });

  test("start may be any non-undefined primitive, including null", () => {
    const db = seeded();
    db.aggregate("firstnonnull", { start: null, step: (acc, v) => (acc === null ? v : acc) });
    assert.deepStrictEqual(db.prepare("select firstnonnull(v) r from (select v from t order by v)").get(), {
      __proto__: null,
      r: 1,
    });
    db.aggregate("concat", { start: "", step: (acc, v) => acc + v });
    assert.deepStrictEqual(db.prepare("select concat(v) r from (select v from t order by v)").get(), {
      __proto__: null,
      r: "12102030",
    });
    db.aggregate("bigsum", { start: 0n, step: (acc, v) => acc + BigInt(v) });
    assert.deepStrictEqual(db.prepare("select bigsum(v) r, typeof(bigsum(v)) t from t").get(), {
      __proto__: null,
      r: 63,
      t: "integer",
    });
    db.close();
  });

  test("result may return a BLOB", () => {
    const db = seeded();
    db.aggregate("bytes", {
      start: () => [],
      step: (acc, v) => {
        acc.push(v);
        return acc;
      },
      result: (acc) => new Uint8Array(acc),
    });
    const row = db.prepare("select bytes(v) r from (select v from t order by v)").get();
    assert.strictEqual(Object.getPrototypeOf(row.r), Uint8Array.prototype);
    assert.deepStrictEqual(Array.from(row.r), [1, 2, 10, 20, 30]);
    db.close();
  });

  test("null/undefined from result or step produce NULL", () => {
    const db = seeded();
    db.aggregate("undef_result", { start: 5, step: (acc, v) => acc, result: () => undefined });
    db.aggregate("undef_step", { start: 5, step: (acc, v) => undefined });
    assert.deepStrictEqual(db.prepare("select undef_result(v) a, undef_step(v) b from t").get(), {
      __proto__: null,
      a: null,
      b: null,
    });
    db.close();
  });

  test("re-registering a name replaces the aggregate", () => {
    const db = seeded();
    db.aggregate("agg", sumOptions());
    db.aggregate("agg", { start: 0, step: (acc, v) => acc + 1 });
    assert.deepStrictEqual(db.prepare("select agg(v) n from t").get(), { __proto__: null, n: 5 });
    db.close();
  });
});

describe("db.aggregate(): zero-row input", () => {
  test("returns the primitive start value", () => {
    const db = seeded();
    db.aggregate("seven", { start: 7, step: (acc, v) => acc + v });
    assert.deepStrictEqual(db.prepare("select seven(v) r from t where 0").get(), { __proto__: null, r: 7 });
    db.close();
  });

  test("returns the value made by a start function", () => {
    const db = seeded();
    let starts = 0;
    db.aggregate("five", {
      start: () => {
        starts++;
        return 5;
      },
      step: (acc, v) => acc + v,
    });
    assert.deepStrictEqual(db.prepare("select five(v) r from t where 0").get(), { __proto__: null, r: 5 });
    assert.strictEqual(starts, 1);
    db.close();
  });

  test("passes the start value through result", () => {
    const db = seeded();
    db.aggregate("scaled", { start: 7, step: (acc, v) => acc + v, result: (acc) => acc * 10 });
    assert.deepStrictEqual(db.prepare("select scaled(v) r from t where 0").get(), { __proto__: null, r: 70 });
    db.close();
  });

  test("a null start gives NULL; GROUP BY over no rows gives no rows", () => {
    const db = seeded();
    db.aggregate("nullstart", { start: null, step: (acc, v) => v });
    assert.deepStrictEqual(db.prepare("select nullstart(v) r from t where 0").get(), { __proto__: null, r: null });
    assert.deepStrictEqual(db.prepare("select nullstart(v) r from t where 0 group by g").all(), []);
    db.close();
  });
});

describe("db.aggregate(): arity", () => {
  test("arity is step.length - 1", () => {
    const db = seeded();
    db.aggregate("one_arg", sumOptions());
    assertThrows(() => db.prepare("select one_arg(v, v) from t"), Error, sqliteError("wrong number of arguments to function one_arg()"));
    assertThrows(() => db.prepare("select one_arg() from t"), Error, sqliteError("wrong number of arguments to function one_arg()"));
    db.aggregate("two_args", { start: 0, step: (acc, x, y) => acc + x * y });
    assert.deepStrictEqual(db.prepare("select two_args(v, 2) r from t").get(), { __proto__: null, r: 126 });
    assertThrows(() => db.prepare("select two_args(v) from t"), Error, sqliteError("wrong number of arguments to function two_args()"));
    db.close();
  });

  test("a step with only the accumulator parameter takes no SQL arguments", () => {
    const db = seeded();
    db.aggregate("counter", { start: 0, step: (acc) => acc + 1 });
    assert.deepStrictEqual(db.prepare("select counter() n from t").get(), { __proto__: null, n: 5 });
    assertThrows(() => db.prepare("select counter(v) from t"), Error, sqliteError("wrong number of arguments to function counter()"));
    db.close();
  });

  test("varargs: true accepts any number of arguments", () => {
    const db = seeded();
    db.aggregate("argcount", { start: 0, varargs: true, step: (acc, ...args) => acc + args.length });
    assert.deepStrictEqual(db.prepare("select argcount() a, argcount(v) b, argcount(v, v, v) c from t").get(), {
      __proto__: null,
      a: 0,
      b: 5,
      c: 15,
    });
    db.close();
  });
});

describe("db.aggregate(): window functions", () => {
  test("with inverse, the aggregate works over a sliding frame; result is called per row", () => {
    const db = seeded();
    let resultCalls = 0;
    db.aggregate("wsum", {
      start: 0,
      step: (acc, v) => acc + v,
      inverse: (acc, v) => acc - v,
      result: (acc) => {
        resultCalls++;
        return acc;
      },
    });
    assert.deepStrictEqual(
      db.prepare("select v, wsum(v) over (order by v rows between 1 preceding and current row) s from t order by v").all(),
      [
        { __proto__: null, v: 1, s: 1 },
        { __proto__: null, v: 2, s: 3 },
        { __proto__: null, v: 10, s: 12 },
        { __proto__: null, v: 20, s: 30 },
        { __proto__: null, v: 30, s: 50 },
      ],
    );
    assert.strictEqual(resultCalls, 5);
    db.close();
  });

  test("inverse is called with the values leaving the frame", () => {
    const db = seeded();
    const removed = [];
    db.aggregate("wcount", {
      start: () => 0,
      step: (acc, v) => acc + 1,
      inverse: (acc, v) => {
        removed.push(v);
        return acc - 1;
      },
    });
    assert.deepStrictEqual(
      db.prepare("select v, wcount(v) over (order by v rows between 1 preceding and 1 following) n from t order by v").all(),
      [
        { __proto__: null, v: 1, n: 2 },
        { __proto__: null, v: 2, n: 3 },
        { __proto__: null, v: 10, n: 3 },
        { __proto__: null, v: 20, n: 3 },
        { __proto__: null, v: 30, n: 2 },
      ],
    );
    assert.deepStrictEqual(removed, [1, 2, 10]);
    db.close();
  });

  test("an aggregate with inverse still works as a plain aggregate", () => {
    const db = seeded();
    db.aggregate("wsum", { start: 0, step: (acc, v) => acc + v, inverse: (acc, v) => acc - v });
    assert.deepStrictEqual(db.prepare("select wsum(v) s from t").get(), { __proto__: null, s: 63 });
    assert.deepStrictEqual(db.prepare("select v, wsum(v) over () s from t where g = 'a' order by v").all(), [
      { __proto__: null, v: 1, s: 3 },
      { __proto__: null, v: 2, s: 3 },
    ]);
    db.close();
  });

  test("without inverse, window use fails with 'may not be used as a window function'", () => {
    const db = seeded();
    db.aggregate("w", sumOptions());
    assertThrows(
      () => db.prepare("select w(v) over (order by v) from t"),
      Error,
      sqliteError("w() may not be used as a window function"),
    );
    assertThrows(
      () => db.prepare("select w(v) over (order by v rows between 1 preceding and current row) from t"),
      Error,
      sqliteError("w() may not be used as a window function"),
    );
    db.close();
  });

  test("an error thrown by inverse propagates unchanged", () => {
    const db = seeded();
    const boom = new RangeError("inverse failed");
    db.aggregate("winv", {
      start: 0,
      step: (acc, v) => acc + v,
      inverse: () => {
        throw boom;
      },
    });
    assert.throws(
      () => db.prepare("select winv(v) over (order by v rows between 1 preceding and current row) from t").all(),
      (e) => e === boom,
    );
    db.close();
  });
});

describe("db.aggregate(): errors from callbacks", () => {
  test("an error thrown from step propagates as the same object", () => {
    const db = seeded();
    const boom = new TypeError("step failed");
    boom.extra = 42;
    db.aggregate("bad", {
      start: 0,
      step: (acc, v) => {
        throw boom;
      },
    });
    for (const attempt of [() => db.prepare("select bad(v) from t").get(), () => db.exec("select bad(v) from t")]) {
      let caught;
      assert.throws(attempt, (e) => {
        caught = e;
        return true;
      });
      assert.strictEqual(caught, boom);
      assert.strictEqual(caught.message, "step failed");
      assert.strictEqual(caught.extra, 42);
    }
    db.close();
  });

  test("errors thrown from a start function or from result propagate unchanged", () => {
    const db = seeded();
    const fromStart = new Error("start failed");
    db.aggregate("badstart", {
      start: () => {
        throw fromStart;
      },
      step: (acc, v) => acc,
    });
    assert.throws(
      () => db.prepare("select badstart(v) from t").get(),
      (e) => e === fromStart,
    );
    const fromResult = new Error("result failed");
    db.aggregate("badresult", {
      start: 0,
      step: (acc, v) => acc,
      result: () => {
        throw fromResult;
      },
    });
    assert.throws(
      () => db.prepare("select badresult(v) from t").get(),
      (e) => e === fromResult,
    );
    db.close();
  });

  test("unsupported values from result or as the final accumulator are rejected", () => {
    const db = seeded();
    const expected = sqliteError("Returned JavaScript value cannot be converted to a SQLite value");
    db.aggregate("objresult", { start: 0, step: (acc, v) => acc, result: () => ({}) });
    assertThrows(() => db.prepare("select objresult(v) from t").get(), Error, expected);
    db.aggregate("boolresult", { start: 0, step: (acc, v) => acc, result: () => true });
    assertThrows(() => db.prepare("select boolresult(v) from t").get(), Error, expected);
    db.aggregate("objacc", { start: () => ({}), step: (acc, v) => acc });
    assertThrows(() => db.prepare("select objacc(v) from t").get(), Error, expected);
    db.aggregate("promresult", { start: 0, step: (acc, v) => acc, result: () => Promise.resolve(1) });
    assertThrows(
      () => db.prepare("select promresult(v) from t").get(),
      Error,
      sqliteError("Asynchronous user-defined functions are not supported"),
    );
    db.close();
  });

  test("an unsafe INTEGER argument throws ERR_OUT_OF_RANGE out of the query", () => {
    const db = seeded();
    db.aggregate("last", { start: null, step: (acc, v) => v });
    assertThrows(() => db.prepare("select last(9007199254740993) r").get(), RangeError, {
      code: "ERR_OUT_OF_RANGE",
      message: "Value is too large to be represented as a JavaScript number: 9007199254740993",
    });
    db.close();
  });

  test("db.close() and deserialize() from inside callbacks throw ERR_INVALID_STATE (Node 26)", () => {
    const db = seeded();
    db.aggregate("closer", {
      start: 0,
      step: (acc, v) => {
        db.close();
        return acc;
      },
    });
    assertThrows(() => db.prepare("select closer(v) from t").get(), Error, {
      code: "ERR_INVALID_STATE",
      message: "database cannot be closed while in a callback",
    });
    const image = db.serialize();
    db.aggregate("deser", {
      start: 0,
      step: (acc, v) => acc,
      result: () => {
        db.deserialize(image);
      },
    });
    assertThrows(() => db.prepare("select deser(v) from t").get(), Error, {
      code: "ERR_INVALID_STATE",
      message: "database cannot be deserialized while in a callback",
    });
    assert.strictEqual(db.isOpen, true);
    assert.deepStrictEqual(db.prepare("select count(*) n from t").get(), { __proto__: null, n: 5 });
    db.close();
  });
});

describe("db.aggregate(): options", () => {
  test("useBigIntArguments: INTEGER arguments arrive as bigint", () => {
    const db = seeded();
    db.aggregate("types", { start: "", step: (acc, v) => acc + typeof v + ";", useBigIntArguments: true });
    assert.deepStrictEqual(db.prepare("select types(x) r from (select 1 x union all select 1.5 union all select 'y')").get(), {
      __proto__: null,
      r: "bigint;number;string;",
    });
    db.aggregate("bigtotal", { start: 0n, step: (acc, v) => acc + v, useBigIntArguments: true });
    const stmt = db.prepare("select bigtotal(x) r from (select 9007199254740993 x union all select 1)");
    stmt.setReadBigInts(true);
    assert.deepStrictEqual(stmt.get(), { __proto__: null, r: 9007199254740994n });
    db.close();
  });

  test("without useBigIntArguments INTEGER arguments are numbers", () => {
    const db = seeded();
    db.aggregate("types", { start: "", step: (acc, v) => acc + typeof v + ";" });
    assert.deepStrictEqual(db.prepare("select types(v) r from t where g = 'a'").get(), {
      __proto__: null,
      r: "number;number;",
    });
    db.close();
  });

  test("directOnly: not usable from a view", () => {
    const db = seeded();
    db.aggregate("dsum", { ...sumOptions(), directOnly: true });
    assert.deepStrictEqual(db.prepare("select dsum(v) s from t").get(), { __proto__: null, s: 63 });
    db.exec("create view v as select dsum(v) s from t");
    assertThrows(() => db.prepare("select * from v"), Error, sqliteError("unsafe use of dsum()"));
    db.close();
  });

  test("deterministic: true is accepted", () => {
    const db = seeded();
    db.aggregate("detsum", { ...sumOptions(), deterministic: true });
    assert.deepStrictEqual(db.prepare("select detsum(v) s from t").get(), { __proto__: null, s: 63 });
    db.close();
  });
});

describe("db.aggregate(): validation", () => {
  test("start must not be undefined", () => {
    const db = seeded();
    const message = 'The "options.start" argument must be a function or a primitive value.';
    assertThrows(() => db.aggregate("f", { step: (acc, v) => acc }), TypeError, argType(message));
    assertThrows(() => db.aggregate("f", { start: undefined, step: (acc, v) => acc }), TypeError, argType(message));
    db.close();
  });

  test("step must be a function", () => {
    const db = seeded();
    const message = 'The "options.step" argument must be a function.';
    for (const step of [undefined, 5, "fn", null, {}]) {
      assertThrows(() => db.aggregate("f", { start: 0, step }), TypeError, argType(message));
    }
    db.close();
  });

  test("inverse, when present, must be a function", () => {
    const db = seeded();
    const message = 'The "options.inverse" argument must be a function.';
    for (const inverse of [5, "fn", null, {}]) {
      assertThrows(() => db.aggregate("f", { start: 0, step: (acc, v) => acc, inverse }), TypeError, argType(message));
    }
    db.close();
  });

  test("a non-function result is ignored (Node 26)", () => {
    const db = seeded();
    db.aggregate("noresult", { start: 3, step: (acc, v) => acc + v, result: "not a function" });
    assert.deepStrictEqual(db.prepare("select noresult(v) r from t").get(), { __proto__: null, r: 66 });
    db.aggregate("nullresult", { start: 3, step: (acc, v) => acc + v, result: null });
    assert.deepStrictEqual(db.prepare("select nullresult(v) r from t").get(), { __proto__: null, r: 66 });
    db.close();
  });

  test("directOnly, useBigIntArguments and varargs must be booleans", () => {
    const db = seeded();
    for (const key of ["directOnly", "useBigIntArguments", "varargs"]) {
      for (const value of [1, "yes", null]) {
        assertThrows(
          () => db.aggregate("f", { ...sumOptions(), [key]: value }),
          TypeError,
          argType(`The "options.${key}" argument must be a boolean.`),
        );
      }
    }
    db.close();
  });

  test("a failed registration does not create the function", () => {
    const db = seeded();
    assert.throws(() => db.aggregate("never", { start: 0, step: 5 }), { code: "ERR_INVALID_ARG_TYPE" });
    assertThrows(() => db.prepare("select never(v) from t"), Error, sqliteError("no such function: never"));
    db.close();
  });

  test("throws 'database is not open' on a closed database", () => {
    const db = seeded();
    db.close();
    assertThrows(() => db.aggregate("f", sumOptions()), Error, { code: "ERR_INVALID_STATE", message: "database is not open" });
  });
});
