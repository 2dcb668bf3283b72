"use strict";
// diagnostics channel 'sqlite.db.query', beyond diagnostics.test.js: when
// iterators publish, re-entrancy from subscribers, subscription changes made
// by subscribers, subscriptions made before the module loads, worker threads.
// Spec: api.md §2.12, §2.13.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const dc = require("node:diagnostics_channel");
const { execFileSync } = require("node:child_process");
const { Worker } = require("node:worker_threads");
const { sqlite, isNode, addonPath } = require("./common");

const { DatabaseSync } = sqlite;
const CHANNEL = "sqlite.db.query";
const moduleId = isNode ? "node:sqlite" : addonPath;

/** Subscribes `listener(message)` for db's messages during fn(). */
function during(db, listener, fn) {
  const filtered = (message) => {
    if (message.database === db) listener(message);
  };
  dc.subscribe(CHANNEL, filtered);
  try {
    return fn();
  } finally {
    dc.unsubscribe(CHANNEL, filtered);
  }
}

describe("when iterators publish", () => {
  test("once the iteration ends (or is returned), not at the first next()", () => {
    const db = new DatabaseSync(":memory:");
    const stmt = db.prepare("select 1 x union all select 2");
    const seen = [];
    during(db, (m) => seen.push(m.sql), () => {
      const it = stmt.iterate();
      it.next();
      assert.deepStrictEqual(seen, []);
      it.next();
      it.next();
      assert.deepStrictEqual(seen, ["select 1 x union all select 2"]);
      const early = stmt.iterate();
      early.next();
      early.return();
      assert.strictEqual(seen.length, 2);
    });
    db.close();
  });

  test("closing the database publishes nothing for an unfinished iteration", () => {
    const db = new DatabaseSync(":memory:");
    const seen = [];
    during(db, (m) => seen.push(m.sql), () => {
      const it = db.prepare("select 1 union all select 2").iterate();
      it.next();
      db.close();
    });
    assert.deepStrictEqual(seen, []);
  });

  test("finalizing a statement mid-iteration publishes nothing (close(), deserialize())", () => {
    const db = new DatabaseSync(":memory:");
    const bytes = new DatabaseSync(":memory:").serialize();
    const seen = [];
    during(db, (m) => seen.push(m.sql), () => {
      const a = db.prepare("select 1 union all select 2");
      a.iterate().next();
      a.close();
      const b = db.prepare("select 3 union all select 4");
      b.iterate().next();
      db.deserialize(bytes);
    });
    // (deserialize() itself runs an ATTACH of SQLite's own, which is reported.)
    assert.deepStrictEqual(seen.filter((sql) => /^select/i.test(sql)), []);
    db.close();
  });
});

describe("re-entrancy from subscribers", () => {
  function fromSubscriber(db, action, run) {
    let outcome;
    during(
      db,
      () => {
        if (outcome !== undefined) return;
        try {
          action();
          outcome = "no error";
        } catch (e) {
          outcome = `${e.code}: ${e.message}`;
        }
      },
      run,
    );
    return outcome;
  }

  test("re-running the statement being reported -> 'statement is already being executed'", () => {
    const db = new DatabaseSync(":memory:");
    const stmt = db.prepare("select 1 x");
    const outcome = fromSubscriber(db, () => stmt.get(), () => {
      assert.deepStrictEqual(stmt.get(), { __proto__: null, x: 1 });
    });
    assert.strictEqual(outcome, "ERR_INVALID_STATE: statement is already being executed");
    db.close();
  });

  test("deserialize() -> 'database cannot be deserialized while in a callback'", () => {
    const db = new DatabaseSync(":memory:");
    const bytes = new DatabaseSync(":memory:").serialize();
    const outcome = fromSubscriber(db, () => db.deserialize(bytes), () => db.exec("select 1"));
    assert.strictEqual(outcome, "ERR_INVALID_STATE: database cannot be deserialized while in a callback");
    db.close();
  });

  test("closing the iterator's statement when the iteration ends -> refused", () => {
    const db = new DatabaseSync(":memory:");
    const stmt = db.prepare("select 1 x union all select 2");
    const outcome = fromSubscriber(db, () => stmt.close(), () => {
      assert.deepStrictEqual([...stmt.iterate()].length, 2);
    });
    assert.strictEqual(outcome, "ERR_INVALID_STATE: statement is already being executed");
    assert.deepStrictEqual(stmt.get(), { __proto__: null, x: 1 });
    db.close();
  });

  test("a subscriber may use another database", () => {
    const db = new DatabaseSync(":memory:");
    const other = new DatabaseSync(":memory:");
    const outcome = fromSubscriber(db, () => other.exec("create table t(x)"), () => db.exec("select 1"));
    assert.strictEqual(outcome, "no error");
    db.close();
    other.close();
  });
});

describe("subscriptions", () => {
  test("a subscriber that unsubscribes itself gets no further messages", () => {
    const db = new DatabaseSync(":memory:");
    const seen = [];
    const once = (m) => {
      if (m.database !== db) return;
      seen.push(m.sql);
      dc.unsubscribe(CHANNEL, once);
    };
    dc.subscribe(CHANNEL, once);
    db.exec("select 1; select 2");
    db.exec("select 3");
    assert.strictEqual(dc.unsubscribe(CHANNEL, once), false);
    assert.deepStrictEqual(seen.map((s) => s.replace(/;$/, "")), ["select 1"]);
    db.close();
  });

  test("two subscribers both receive every message; removing one keeps the other", () => {
    const db = new DatabaseSync(":memory:");
    const a = [];
    const b = [];
    const la = (m) => m.database === db && a.push(m.sql);
    const lb = (m) => m.database === db && b.push(m.sql);
    dc.subscribe(CHANNEL, la);
    dc.subscribe(CHANNEL, lb);
    db.exec("select 1");
    dc.unsubscribe(CHANNEL, la);
    db.exec("select 2");
    dc.unsubscribe(CHANNEL, lb);
    db.exec("select 3");
    assert.deepStrictEqual(a, ["select 1"]);
    assert.deepStrictEqual(b, ["select 1", "select 2"]);
    db.close();
  });

  test("the channel's enumerable properties are untouched", () => {
    const keys = Object.keys(dc.channel(CHANNEL));
    for (const name of ["subscribe", "unsubscribe", "bindStore", "unbindStore"]) {
      assert.strictEqual(keys.includes(name), false, name);
    }
  });

  test("a subscription made before the module is loaded counts", () => {
    const script = `
      const dc = require("node:diagnostics_channel");
      const seen = [];
      dc.subscribe("sqlite.db.query", (m) => seen.push(m.sql));
      const { DatabaseSync } = require(${JSON.stringify(moduleId)});
      new DatabaseSync(":memory:").exec("select 'early'");
      process.stdout.write(JSON.stringify(seen));
    `;
    const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30_000 });
    assert.deepStrictEqual(JSON.parse(out), ["select 'early'"]);
  });

  test("a worker's subscribers see the worker's queries only", async () => {
    const script = `
      const dc = require("node:diagnostics_channel");
      const { parentPort } = require("node:worker_threads");
      const { DatabaseSync } = require(${JSON.stringify(moduleId)});
      const db = new DatabaseSync(":memory:");
      const seen = [];
      dc.subscribe("sqlite.db.query", (m) => seen.push([m.sql, m.database === db]));
      db.exec("select 'in worker'");
      parentPort.postMessage(seen);
    `;
    const main = new DatabaseSync(":memory:");
    const mainSeen = [];
    const listener = (m) => mainSeen.push(m.sql);
    dc.subscribe(CHANNEL, listener);
    try {
      const fromWorker = await new Promise((resolve, reject) => {
        const worker = new Worker(script, { eval: true });
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      main.exec("select 'in main'");
      assert.deepStrictEqual(fromWorker, [["select 'in worker'", true]]);
      assert.deepStrictEqual(mainSeen, ["select 'in main'"]);
    } finally {
      dc.unsubscribe(CHANNEL, listener);
      main.close();
    }
  });
});
