"use strict";
// User-defined functions called many times per step and from nested queries:
// results stay correct however the calls' JS handles are managed (the addon
// shares one handle scope among the calls of a step; see src/step_scope.rs).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite } = require("./common");

const { DatabaseSync } = sqlite;

function numbers(count) {
  const db = new DatabaseSync(":memory:");
  db.exec(`CREATE TABLE n (v INTEGER PRIMARY KEY);
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${count}) INSERT INTO n SELECT x FROM c`);
  return db;
}

describe("user-defined functions called many times in one step", () => {
  test("10,000 calls in one aggregate step, returning numbers, strings and blobs", () => {
    const db = numbers(10000);
    db.function("twice", (x) => x * 2);
    db.function("label", (x) => `#${x}`);
    db.function("bytes", (x) => new Uint8Array([x & 255, 1]));
    const row = db.prepare("SELECT sum(twice(v)) AS s, max(length(label(v))) AS l, sum(length(bytes(v))) AS b FROM n").get();
    assert.deepStrictEqual(row, { __proto__: null, s: 10000 * 10001, l: 6, b: 20000 });
  });

  test("a function in every row of all(), iterate() and run()", () => {
    const db = numbers(3000);
    db.function("sq", (x) => x * x);
    db.function("txt", (x) => "row " + x);
    const rows = db.prepare("SELECT sq(v) AS q, txt(v) AS t FROM n").all();
    assert.equal(rows.length, 3000);
    assert.deepStrictEqual(rows[2999], { __proto__: null, q: 9000000, t: "row 3000" });
    let count = 0;
    for (const r of db.prepare("SELECT txt(v) AS t FROM n WHERE v <= 700").iterate()) {
      count++;
      assert.equal(r.t, `row ${count}`);
    }
    assert.equal(count, 700);
    db.exec("CREATE TABLE out (q, t)");
    assert.equal(db.prepare("INSERT INTO out SELECT sq(v), txt(v) FROM n").run().changes, 3000);
    assert.deepStrictEqual(db.prepare("SELECT sum(q) AS s, count(DISTINCT t) AS d FROM out").get(), {
      __proto__: null,
      s: (3000 * 3001 * 6001) / 6,
      d: 3000,
    });
  });

  test("alternating functions each get their own calls, with `this` undefined, across hundreds of rows", () => {
    const db = numbers(1000);
    const calls = { a: 0, b: 0 };
    db.function("a", function (x) {
      "use strict";
      calls.a++;
      return this === undefined ? x : -1e9;
    });
    db.function("b", function (x) {
      "use strict";
      calls.b++;
      return this === undefined ? 2 * x : -1e9;
    });
    const row = db.prepare("SELECT sum(a(v)) AS sa, sum(b(v)) AS sb, sum(a(v) + a(v)) AS saa FROM n").get();
    assert.deepStrictEqual(row, { __proto__: null, sa: 500500, sb: 1001000, saa: 1001000 });
    assert.deepStrictEqual(calls, { a: 3000, b: 1000 });
  });

  test("a function cannot be replaced while its statement runs; the running one keeps being called", () => {
    const db = numbers(600);
    let refused = 0;
    db.function("f", (x) => {
      if (x === 300) {
        try {
          db.function("f", (y) => 0 * y);
        } catch (e) {
          assert.match(e.message, /active statements/);
          refused++;
        }
      }
      return x;
    });
    assert.equal(db.prepare("SELECT sum(f(v)) AS s FROM n").get().s, (600 * 601) / 2);
    assert.equal(refused, 1);
  });

  test("a function that throws after hundreds of calls stops the statement with its error", () => {
    const db = numbers(1000);
    const boom = new Error("call 700");
    db.function("guard", (x) => {
      if (x === 700) throw boom;
      return x;
    });
    assert.throws(() => db.prepare("SELECT sum(guard(v)) FROM n").get(), (e) => e === boom);
    // The connection and the function stay usable.
    assert.equal(db.prepare("SELECT sum(guard(v)) AS s FROM n WHERE v < 700").get().s, (699 * 700) / 2);
  });
});

describe("user-defined functions that run queries themselves", () => {
  test("a function querying its own connection, with functions of its own, in every row", () => {
    const db = numbers(600);
    db.function("inc", (x) => x + 1);
    const inner = db.prepare("SELECT inc(?) AS r");
    db.function("outer", (x) => inner.get(x).r * 10);
    const rows = db.prepare("SELECT outer(v) AS o FROM n").all();
    assert.equal(rows.length, 600);
    assert.deepStrictEqual(rows[599], { __proto__: null, o: 6010 });
    assert.equal(db.prepare("SELECT sum(outer(v)) AS s FROM n").get().s, 10 * ((600 * 601) / 2 + 600));
  });

  test("a function running exec() and another connection's query, both calling functions", () => {
    const db = numbers(400);
    const other = numbers(5);
    other.function("neg", (x) => -x);
    db.function("side", (x) => x * 3);
    db.exec("CREATE TABLE log (x)");
    db.function("work", (x) => {
      db.exec(`INSERT INTO log VALUES (side(${x}))`);
      return other.prepare("SELECT sum(neg(v)) AS s FROM n").get().s + x;
    });
    assert.equal(db.prepare("SELECT sum(work(v)) AS s FROM n").get().s, -15 * 400 + (400 * 401) / 2);
    assert.equal(db.prepare("SELECT count(*) AS c, sum(x) AS s FROM log").get().s, 3 * ((400 * 401) / 2));
  });

  test("an aggregate and a scalar function in the same query, with nested iteration", () => {
    const db = numbers(500);
    db.function("half", (x) => x / 2);
    db.aggregate("total", { start: 0, step: (acc, x) => acc + x });
    const peek = db.prepare("SELECT half(v) AS h FROM n WHERE v <= 3");
    db.function("peeked", (x) => {
      let sum = 0;
      for (const r of peek.iterate()) sum += r.h;
      return x + sum;
    });
    assert.equal(db.prepare("SELECT total(half(peeked(v))) AS t FROM n").get().t, ((500 * 501) / 2 + 500 * 3) / 2);
  });
  test("an aggregate whose step queries the same connection keeps its state over 1,000 rows", () => {
    const db = numbers(1000);
    const echo = db.prepare("SELECT ? + 0 AS v");
    db.aggregate("tally", {
      start: () => ({ sum: 0, echoed: 0, names: [] }),
      step: (acc, x) => {
        acc.sum += x;
        if (echo.get(x).v === x) acc.echoed += 1;
        if (x % 250 === 0) acc.names.push(`row ${x}`);
        return acc;
      },
      result: (acc) => JSON.stringify(acc),
    });
    assert.deepEqual(JSON.parse(db.prepare("SELECT tally(v) AS t FROM n").get().t), {
      sum: (1000 * 1001) / 2,
      echoed: 1000,
      names: ["row 250", "row 500", "row 750", "row 1000"],
    });
  });
});
