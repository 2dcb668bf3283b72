"use strict";
// db.createModule(): iterators of unfinished scans are closed (finally runs) on
// LIMIT, reset, re-filter and close; throwing return(); GC and worker exit.
// Spec: api.md §1.10.
// Node 26.10 has no createModule(), so these tests are skipped on node:sqlite
// 26.10 and run against the real thing once node:sqlite has the method.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const { Worker } = require("node:worker_threads");
const { addonPath, assertThrows } = require("./common");
const { skip, sqliteError, assertRethrows, memdb, INT, HIDDEN } = require("./vtab-fixtures.js");

/** A module `name` over a generator that counts its `finally` runs in `state.cleanups`. */
function withCleanup(db, name, state, count = 1000) {
  db.createModule(name, {
    columns: [INT("v")],
    *rows() {
      try {
        for (let i = 0; i < count; i++) yield [i];
      } finally {
        state.cleanups++;
      }
    },
  });
}

describe("createModule(): iterator cleanup", { skip }, () => {
  test("LIMIT stops early and runs the generator's finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "early", state);
    assert.deepStrictEqual(db.prepare("SELECT v FROM early LIMIT 2").all(), [
      { __proto__: null, v: 0 },
      { __proto__: null, v: 1 },
    ]);
    assert.equal(state.cleanups, 1);
    db.prepare("SELECT v FROM early LIMIT 1").get();
    assert.equal(state.cleanups, 2);
  });

  test("a generator that ran to its end runs finally once", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "full", state, 3);
    assert.equal(db.prepare("SELECT v FROM full").all().length, 3);
    assert.equal(state.cleanups, 1);
  });

  test("get() leaves the scan after one row: finally runs when the statement resets", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "one", state);
    assert.deepStrictEqual(db.prepare("SELECT v FROM one").get(), { __proto__: null, v: 0 });
    assert.equal(state.cleanups, 1);
  });

  test("break out of iterate(), and iterator.return(), run finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "brk", state);
    for (const row of db.prepare("SELECT v FROM brk").iterate()) {
      if (row.v === 2) break;
    }
    assert.equal(state.cleanups, 1);
    const it = db.prepare("SELECT v FROM brk").iterate();
    it.next();
    assert.equal(state.cleanups, 1);
    it.return();
    assert.equal(state.cleanups, 2);
  });

  test("re-running or closing a statement with a suspended scan runs finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "susp", state);
    const stmt = db.prepare("SELECT v FROM susp");
    stmt.iterate().next();
    assert.equal(state.cleanups, 0);
    stmt.get();
    assert.equal(state.cleanups, 2);
    stmt.iterate().next();
    if (typeof stmt.close === "function") {
      stmt.close();
      assert.equal(state.cleanups, 3);
    }
  });

  test("db.close() with a suspended scan runs finally", () => {
    const db = memdb();
    const state = { cleanups: 0 };
    withCleanup(db, "atclose", state);
    db.prepare("SELECT v FROM atclose").iterate().next();
    db.close();
    assert.equal(state.cleanups, 1);
  });

  test("re-filtering a cursor (inner side of a join) closes the previous iterator", () => {
    const db = memdb();
    const state = { cleanups: 0, opened: 0 };
    db.createModule("inner", {
      columns: [INT("v"), HIDDEN("p")],
      *rows(p) {
        state.opened++;
        try {
          for (let i = 0; i < 100; i++) yield [BigInt(p * 100 + i)];
        } finally {
          state.cleanups++;
        }
      },
    });
    db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)");
    // EXISTS stops each inner scan after its first row, mid-iteration.
    const rows = db.prepare("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM inner(t.a)) ORDER BY a").all();
    assert.equal(rows.length, 3);
    assert.equal(state.opened, 3);
    assert.equal(state.cleanups, 3);
  });

  test("a throwing return() (method or getter) surfaces from the statement", () => {
    const db = memdb();
    for (const [label, descriptor] of [
      ["method", { value: () => { throw new Error(`return threw`); } }],
      ["getter", { get: () => { throw new Error(`return threw`); } }],
    ]) {
      db.createModule(`ret_${label}`, {
        columns: [INT("v")],
        rows() {
          let i = 0;
          const it = { [Symbol.iterator]() { return this; }, next: () => ({ done: false, value: [BigInt(i++)] }) };
          return Object.defineProperty(it, "return", descriptor);
        },
      });
      assertThrows(() => db.prepare(`SELECT v FROM ret_${label} LIMIT 2`).all(), Error, { message: "return threw" });
      assert.deepStrictEqual(db.prepare("SELECT 2 AS x").get(), { __proto__: null, x: 2 });
    }
  });

  test("when the statement fails for SQLite's own reason, that error outranks a throwing return()", () => {
    const db = memdb();
    db.exec("CREATE TABLE t(v INTEGER UNIQUE)");
    db.createModule("dup", {
      columns: [INT("v")],
      rows: () => ({
        next: () => ({ done: false, value: [1n] }),
        return() {
          throw new Error("cleanup threw");
        },
      }),
    });
    const expected = sqliteError("UNIQUE constraint failed: t.v", 2067, "constraint failed");
    assertThrows(() => db.prepare("INSERT INTO t SELECT v FROM dup LIMIT 5").run(), Error, expected);
    assertThrows(() => db.exec("INSERT INTO t SELECT v FROM dup LIMIT 5"), Error, expected);
    // Without a SQLite error, the cleanup's exception is what the caller sees,
    // and it does not hide a later, unrelated SQLite error.
    assertThrows(() => db.prepare("SELECT v FROM dup LIMIT 1").all(), Error, { message: "cleanup threw" });
    assertThrows(() => db.prepare("INSERT INTO t VALUES (1), (1)").run(), Error, expected);
    assert.deepStrictEqual(db.prepare("SELECT count(*) AS n FROM t").get(), { __proto__: null, n: 0 });
  });

  test("return() is not called when the iterator has none, nor after the body threw", () => {
    const db = memdb();
    let i = 0;
    db.createModule("noret", { columns: [INT("v")], rows: () => ({ next: () => ({ done: false, value: [BigInt(i++)] }) }) });
    assert.equal(db.prepare("SELECT v FROM noret LIMIT 3").all().length, 3);
    let returns = 0;
    const thrown = new Error("body");
    db.createModule("threw", {
      columns: [INT("v")],
      rows: () => ({
        next() {
          throw thrown;
        },
        return() {
          returns++;
          return {};
        },
      }),
    });
    assertRethrows(() => db.prepare("SELECT v FROM threw").all(), thrown);
    assert.equal(returns, 0);
  });

  test("a statement collected with a suspended scan runs no JS and does not crash", () => {
    const source = `
      const { DatabaseSync } = process.env.SQLITE_IMPL === "node" ? require("node:sqlite") : require(${JSON.stringify(addonPath)});
      const db = new DatabaseSync(":memory:");
      let cleanups = 0;
      db.createModule("abandoned", {
        columns: [{ name: "v", type: "INTEGER" }],
        *rows() { try { for (let i = 0; i < 1000; i++) yield [i]; } finally { cleanups++; } },
      });
      (() => { db.prepare("SELECT v FROM abandoned").iterate().next(); })();
      (async () => {
        for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setImmediate(r)); }
        const after = db.prepare("SELECT count(*) AS n FROM abandoned").get().n;
        process.stdout.write(JSON.stringify({ cleanups, after }));
      })();
    `;
    const result = spawnSync(process.execPath, ["--expose-gc", "-e", source], { encoding: "utf8", timeout: 60_000 });
    assert.equal(result.signal, null, result.stderr);
    assert.equal(result.status, 0, result.stderr);
    // The abandoned scan's finally never ran; the later complete scan's did.
    assert.deepStrictEqual(JSON.parse(result.stdout), { cleanups: 1, after: 1000 });
  });

  test("a worker that exits with a suspended scan, or from inside rows(), exits cleanly", async () => {
    const exits = await Promise.all(
      ["suspend", "rows", "next"].map(
        (mode) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(
              `
              const { DatabaseSync } = process.env.SQLITE_IMPL === "node" ? require("node:sqlite") : require(${JSON.stringify(addonPath)});
              const db = new DatabaseSync(":memory:");
              const mode = ${JSON.stringify(mode)};
              db.createModule("w", {
                columns: [{ name: "v", type: "INTEGER" }],
                *rows() {
                  if (mode === "rows") process.exit(4);
                  try { yield [1]; if (mode === "next") process.exit(5); yield [2]; } finally { globalThis.cleaned = true; }
                },
              });
              globalThis.keep = db.prepare("SELECT v FROM w").iterate();
              keep.next();
              if (mode === "next") keep.next();
              process.exit(3);
            `,
              { eval: true },
            );
            worker.on("error", reject);
            worker.on("exit", resolve);
          }),
      ),
    );
    assert.deepStrictEqual(exits, [3, 4, 5]);
  });
});
