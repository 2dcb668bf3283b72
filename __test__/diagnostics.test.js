"use strict";
// diagnostics_channel 'sqlite.db.query'.
// Spec: api.md §1.1, §2.3, §2.12, §2.13. (node:sqlite has this channel since
// Node 26.8; the addon publishes it on every Node version.)
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const dc = require("node:diagnostics_channel");
const { sqlite, isNode } = require("./common");

const { DatabaseSync } = sqlite;
const CHANNEL = "sqlite.db.query";

/**
 * Subscribes for the duration of fn(); returns the messages published for `db`
 * (or for every database when db is omitted), with the channel name received.
 */
function capture(db, fn) {
  const seen = [];
  const listener = (message, name) => {
    if (db === undefined || message.database === db) seen.push({ message, name });
  };
  dc.subscribe(CHANNEL, listener);
  try {
    fn();
  } finally {
    dc.unsubscribe(CHANNEL, listener);
  }
  return seen;
}

function sqlOf(entries) {
  return entries.map((e) => e.message.sql);
}

function assertMessageShape(entry, db, sql) {
  const { message, name } = entry;
  assert.strictEqual(name, CHANNEL);
  assert.strictEqual(Object.getPrototypeOf(message), null);
  assert.deepStrictEqual(Object.keys(message), ["sql", "database", "duration"]);
  assert.strictEqual(message.sql, sql);
  assert.strictEqual(message.database, db);
  assert.strictEqual(typeof message.duration, "number");
  assert.ok(Number.isInteger(message.duration) && message.duration >= 0, `duration ${message.duration}`);
}

describe("diagnostics channel 'sqlite.db.query'", () => {
  test("exec() of one statement publishes {sql, database, duration} in a null-prototype object", () => {
    const db = new DatabaseSync(":memory:");
    const seen = capture(db, () => db.exec("create table t(a)"));
    assert.strictEqual(seen.length, 1);
    assertMessageShape(seen[0], db, "create table t(a)");
    db.close();
  });

  test("exec() of several statements publishes one message per statement, in order", () => {
    const db = new DatabaseSync(":memory:");
    const seen = capture(db, () => db.exec("create table t(a); insert into t values (1); insert into t values (2)"));
    assert.strictEqual(seen.length, 3);
    // Each message holds that statement's text (SQLite may keep the trailing ';').
    assert.deepStrictEqual(
      sqlOf(seen).map((s) => s.trim().replace(/;$/, "")),
      ["create table t(a)", "insert into t values (1)", "insert into t values (2)"],
    );
    for (const entry of seen) assert.strictEqual(entry.message.database, db);
    db.close();
  });

  test("prepared statements publish the expanded SQL (a bound number appears as 5.0)", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table t(a)");
    const stmt = db.prepare("select ? as v");
    const seen = capture(db, () => {
      assert.deepStrictEqual(stmt.get(5), { __proto__: null, v: 5 });
    });
    assert.strictEqual(seen.length, 1);
    assertMessageShape(seen[0], db, "select 5.0 as v");
    db.close();
  });

  test("expanded SQL shows every kind of bound value", () => {
    const db = new DatabaseSync(":memory:");
    const seen = capture(db, () => {
      db.prepare("select ?1 a, $b b, :c c, @d d, ? e").get({ b: 1n, c: null, d: new Uint8Array([1, 255]) }, 1.25);
      db.prepare("select ? s").get("it's");
    });
    assert.deepStrictEqual(sqlOf(seen), ["select 1.25 a, 1 b, NULL c, x'01ff' d, NULL e", "select 'it''s' s"]);
    db.close();
  });

  test("run(), all(), get() and a fully consumed iterate() each publish once per execution", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table t(a)");
    const insert = db.prepare("insert into t values (?)");
    const select = db.prepare("select a from t where a > ? order by a");
    const seen = capture(db, () => {
      insert.run(1);
      insert.run(2);
      select.all(0);
      select.get(1);
      for (const row of select.iterate(0)) assert.ok(row);
    });
    assert.deepStrictEqual(sqlOf(seen), [
      "insert into t values (1.0)",
      "insert into t values (2.0)",
      "select a from t where a > 0.0 order by a",
      "select a from t where a > 1.0 order by a",
      "select a from t where a > 0.0 order by a",
    ]);
    for (const entry of seen) assertMessageShape(entry, db, entry.message.sql);
    db.close();
  });

  test("prepare() alone publishes nothing; neither does SQL that fails to compile", () => {
    const db = new DatabaseSync(":memory:");
    const seen = capture(db, () => {
      db.prepare("select 1");
      assert.throws(() => db.exec("select * from nope"), { message: "no such table: nope" });
      assert.throws(() => db.prepare("selec 1"), { code: "ERR_SQLITE_ERROR" });
    });
    assert.deepStrictEqual(seen, []);
    db.close();
  });

  test("a statement that fails while running is still reported, and its error still propagates", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table u(a unique); insert into u values (1)");
    const seen = capture(db, () => {
      assert.throws(() => db.prepare("insert into u values (1)").run(), {
        code: "ERR_SQLITE_ERROR",
        message: "UNIQUE constraint failed: u.a",
        errcode: 2067,
      });
    });
    assert.deepStrictEqual(sqlOf(seen), ["insert into u values (1)"]);
    db.close();
  });

  test(
    "an error thrown by a UDF still propagates while a subscriber is active",
    { skip: isNode && "node:sqlite 26.10 bug: with a subscriber, the UDF's exception is swallowed (get() returns undefined)" },
    () => {
      const db = new DatabaseSync(":memory:");
      const boom = new Error("boom");
      db.function("boom", () => {
        throw boom;
      });
      const seen = capture(db, () => {
        assert.throws(
          () => db.prepare("select boom()").get(),
          (e) => e === boom,
        );
        assert.throws(
          () => db.exec("select boom()"),
          (e) => e === boom,
        );
      });
      assert.deepStrictEqual(sqlOf(seen), ["select boom()", "select boom()"]);
      db.close();
    },
  );

  test("tag store queries are published with expanded SQL", () => {
    const db = new DatabaseSync(":memory:");
    const sql = db.createTagStore();
    const seen = capture(db, () => {
      assert.deepStrictEqual(sql.get`select ${5} v`, { __proto__: null, v: 5 });
    });
    assert.deepStrictEqual(sqlOf(seen), ["select 5.0 v"]);
    db.close();
  });

  test("each message carries its own database object", () => {
    const a = new DatabaseSync(":memory:");
    const b = new DatabaseSync(":memory:");
    const seen = capture(undefined, () => {
      a.exec("select 'a'");
      b.exec("select 'b'");
    });
    const mine = seen.filter((e) => e.message.database === a || e.message.database === b);
    assert.deepStrictEqual(
      mine.map((e) => [e.message.database === a ? "a" : "b", e.message.sql]),
      [
        ["a", "select 'a'"],
        ["b", "select 'b'"],
      ],
    );
    a.close();
    b.close();
  });

  test("subscribing through channel() objects works the same", () => {
    const db = new DatabaseSync(":memory:");
    const channel = dc.channel(CHANNEL);
    const seen = [];
    const listener = (message) => {
      if (message.database === db) seen.push(message.sql);
    };
    channel.subscribe(listener);
    try {
      db.exec("select 42");
    } finally {
      channel.unsubscribe(listener);
    }
    assert.deepStrictEqual(seen, ["select 42"]);
    db.close();
  });

  test("nothing is published after unsubscribing", () => {
    const db = new DatabaseSync(":memory:");
    const seen = [];
    const listener = (message) => {
      if (message.database === db) seen.push(message.sql);
    };
    dc.subscribe(CHANNEL, listener);
    db.exec("select 1");
    assert.strictEqual(dc.unsubscribe(CHANNEL, listener), true);
    db.exec("select 2");
    db.prepare("select ? x").get(3);
    assert.deepStrictEqual(seen, ["select 1"]);
    db.close();
  });

  test("closing the database from a subscriber throws ERR_INVALID_STATE; the query still succeeds", () => {
    const db = new DatabaseSync(":memory:");
    let inner;
    const listener = (message) => {
      if (message.database !== db || inner !== undefined) return;
      try {
        db.close();
        inner = null;
      } catch (e) {
        inner = e;
      }
    };
    dc.subscribe(CHANNEL, listener);
    let row;
    try {
      row = db.prepare("select 1 x").get();
    } finally {
      dc.unsubscribe(CHANNEL, listener);
    }
    assert.deepStrictEqual(row, { __proto__: null, x: 1 });
    assert.ok(inner instanceof Error, "close() should have thrown");
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");
    assert.strictEqual(inner.message, "database cannot be closed while in a callback");
    assert.strictEqual(db.isOpen, true);
    db.close();
  });

  test("closing the running statement from a subscriber throws 'statement is already being executed'", () => {
    const db = new DatabaseSync(":memory:");
    const stmt = db.prepare("select 1 x union all select 2");
    let inner;
    const listener = (message) => {
      if (message.database !== db || inner !== undefined) return;
      try {
        stmt.close();
        inner = null;
      } catch (e) {
        inner = e;
      }
    };
    dc.subscribe(CHANNEL, listener);
    let rows;
    try {
      rows = stmt.all();
    } finally {
      dc.unsubscribe(CHANNEL, listener);
    }
    assert.deepStrictEqual(rows, [
      { __proto__: null, x: 1 },
      { __proto__: null, x: 2 },
    ]);
    assert.ok(inner instanceof Error, "stmt.close() should have thrown");
    assert.strictEqual(inner.code, "ERR_INVALID_STATE");
    assert.strictEqual(inner.message, "statement is already being executed");
    db.close();
  });

  test("a subscriber may run other statements on the same connection", () => {
    const db = new DatabaseSync(":memory:");
    const inner = [];
    let busy = false;
    const listener = (message) => {
      if (message.database !== db || busy) return;
      busy = true;
      try {
        inner.push(db.prepare("select 2 y").get());
      } finally {
        busy = false;
      }
    };
    dc.subscribe(CHANNEL, listener);
    try {
      db.exec("select 1");
    } finally {
      dc.unsubscribe(CHANNEL, listener);
    }
    assert.deepStrictEqual(inner, [{ __proto__: null, y: 2 }]);
    db.close();
  });
});
