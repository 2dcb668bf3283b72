"use strict";
// enhance(db) / isEnhanced(db): better-sqlite3-style helpers (@photostructure/sqlite
// extra, api.md §1.8). They are plain JS over exec()/prepare()/isTransaction, so
// with SQLITE_IMPL=node the same tests enhance a real node:sqlite database.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, tmpPath } = require("./common");

const { DatabaseSync } = sqlite;
// The helpers always come from this package; the databases from the implementation under test.
const { enhance, isEnhanced } = isNode ? require("..") : sqlite;

function seeded() {
  const db = enhance(new DatabaseSync(":memory:"));
  db.exec(`
    create table users(id integer primary key, name text);
    create table posts(id integer primary key, user_id integer, title text);
    insert into users values (1, 'alice'), (2, 'bob');
    insert into posts values (10, 1, 'hello'), (11, 2, 'world');
  `);
  return db;
}

const count = (db) => db.prepare("select count(*) n from users").get().n;

describe("enhance() and isEnhanced()", () => {
  test("enhance() returns the same database, now with pragma() and transaction()", () => {
    const db = new DatabaseSync(":memory:");
    assert.strictEqual(isEnhanced(db), false);
    const keys = Object.keys(db);
    assert.strictEqual(enhance(db), db);
    assert.strictEqual(isEnhanced(db), true);
    assert.strictEqual(typeof db.pragma, "function");
    assert.strictEqual(typeof db.transaction, "function");
    // Added as non-enumerable own properties: the enumerable layout is unchanged.
    assert.deepStrictEqual(Object.keys(db), keys);
    for (const name of ["pragma", "transaction", "prepare"]) {
      const desc = Object.getOwnPropertyDescriptor(db, name);
      assert.strictEqual(desc.enumerable, false, name);
    }
    db.close();
  });

  test("the prototype and other databases are left alone", () => {
    const a = enhance(new DatabaseSync(":memory:"));
    const b = new DatabaseSync(":memory:");
    assert.strictEqual(isEnhanced(b), false);
    assert.strictEqual("pragma" in DatabaseSync.prototype, false);
    assert.strictEqual(typeof b.prepare("select 1").pluck, "undefined");
    a.close();
    b.close();
  });

  test("enhancing twice changes nothing", () => {
    const db = seeded();
    const { pragma, transaction, prepare } = db;
    enhance(db);
    assert.strictEqual(db.pragma, pragma);
    assert.strictEqual(db.transaction, transaction);
    assert.strictEqual(db.prepare, prepare);
    assert.deepStrictEqual(db.prepare("select name from users order by id").pluck().all(), ["alice", "bob"]);
    db.close();
  });

  test("isEnhanced() is false for objects without both methods", () => {
    assert.strictEqual(isEnhanced({ pragma() {} }), false);
    assert.strictEqual(isEnhanced({ pragma() {}, transaction() {} }), true);
  });
});

describe("db.pragma()", () => {
  test("returns all rows of PRAGMA <source>", () => {
    const db = seeded();
    const rows = db.pragma("table_info(users)");
    assert.deepStrictEqual(
      rows.map((r) => [r.name, r.type, r.pk]),
      [
        ["id", "INTEGER", 1],
        ["name", "TEXT", 0],
      ],
    );
    db.close();
  });

  test("{ simple: true } returns the first column of the first row", () => {
    const db = seeded();
    assert.strictEqual(db.pragma("user_version", { simple: true }), 0);
    assert.deepStrictEqual(db.pragma("user_version = 7"), []);
    assert.strictEqual(db.pragma("user_version", { simple: true }), 7);
    assert.deepStrictEqual(db.pragma("user_version"), [{ __proto__: null, user_version: 7 }]);
    assert.deepStrictEqual(db.pragma("user_version", { simple: false }), [{ __proto__: null, user_version: 7 }]);
    // No rows at all -> undefined.
    assert.strictEqual(db.pragma("user_version = 8", { simple: true }), undefined);
    db.close();
  });

  test("argument validation", () => {
    const db = seeded();
    assert.throws(() => db.pragma(5), { name: "TypeError", message: "Expected first argument to be a string" });
    assert.throws(() => db.pragma("user_version", 5), {
      name: "TypeError",
      message: "Expected second argument to be an options object",
    });
    assert.throws(() => db.pragma("user_version", { simple: 1 }), {
      name: "TypeError",
      message: 'Expected the "simple" option to be a boolean',
    });
    assert.strictEqual(db.pragma("user_version", null).length, 1);
    db.close();
  });

  test("SQL errors propagate", () => {
    const db = seeded();
    assert.throws(() => db.pragma("table_info(("), { code: "ERR_SQLITE_ERROR" });
    db.close();
  });
});

describe("db.transaction()", () => {
  test("commits, passes arguments and `this`, returns fn's result", () => {
    const db = seeded();
    const insert = db.prepare("insert into users (name) values (?)");
    const seen = [];
    const insertMany = db.transaction(function (names, suffix) {
      seen.push(this, db.isTransaction);
      for (const name of names) insert.run(name + suffix);
      return names.length;
    });
    const receiver = { r: 1 };
    assert.strictEqual(insertMany.call(receiver, ["c", "d"], "!"), 2);
    assert.deepStrictEqual(seen, [receiver, true]);
    assert.strictEqual(db.isTransaction, false);
    assert.strictEqual(count(db), 4);
    db.close();
  });

  test("rolls back and rethrows the same error", () => {
    const db = seeded();
    const boom = new Error("boom");
    const txn = db.transaction(() => {
      db.exec("insert into users (name) values ('carol')");
      throw boom;
    });
    assert.throws(
      () => txn(),
      (e) => e === boom,
    );
    assert.strictEqual(db.isTransaction, false);
    assert.strictEqual(count(db), 2);
    db.close();
  });

  test("a SQL error inside rolls back the whole transaction", () => {
    const db = seeded();
    const txn = db.transaction(() => {
      db.exec("insert into users (name) values ('carol')");
      db.exec("insert into users (id, name) values (1, 'duplicate')");
    });
    assert.throws(() => txn(), { code: "ERR_SQLITE_ERROR", errcode: 1555 });
    assert.strictEqual(db.isTransaction, false);
    assert.strictEqual(count(db), 2);
    db.close();
  });

  test("nested calls use savepoints: an inner failure rolls back only the inner part", () => {
    const db = seeded();
    const inner = db.transaction((name, fail) => {
      db.exec(`insert into users (name) values ('${name}')`);
      if (fail) throw new Error("inner");
    });
    const outer = db.transaction(() => {
      inner("kept", false);
      assert.throws(() => inner("dropped", true), { message: "inner" });
      assert.strictEqual(db.isTransaction, true);
      db.exec("insert into users (name) values ('outer')");
    });
    outer();
    assert.strictEqual(db.isTransaction, false);
    assert.deepStrictEqual(db.prepare("select name from users where id > 2 order by id").pluck().all(), ["kept", "outer"]);
    db.close();
  });

  test("an outer failure rolls back the committed inner savepoints too", () => {
    const db = seeded();
    const inner = db.transaction(() => db.exec("insert into users (name) values ('inner')"));
    const outer = db.transaction(() => {
      inner();
      throw new Error("outer");
    });
    assert.throws(() => outer(), { message: "outer" });
    assert.strictEqual(count(db), 2);
    db.close();
  });

  test("a function returning a Promise is refused and rolled back", () => {
    const db = seeded();
    const txn = db.transaction(async () => {
      db.exec("insert into users (name) values ('async')");
    });
    assert.throws(() => txn(), {
      name: "TypeError",
      message: /^Transaction function must not return a Promise\./,
    });
    assert.strictEqual(db.isTransaction, false);
    assert.strictEqual(count(db), 2);
    db.close();
  });

  test(".deferred, .immediate, .exclusive and .database", () => {
    const db = seeded();
    const txn = db.transaction(() => 1);
    for (const variant of [txn, txn.deferred, txn.immediate, txn.exclusive]) {
      assert.strictEqual(typeof variant, "function");
      assert.strictEqual(variant.deferred, txn.deferred);
      assert.strictEqual(variant.immediate, txn.immediate);
      assert.strictEqual(variant.exclusive, txn.exclusive);
      assert.strictEqual(variant.database, db);
      assert.strictEqual(variant(), 1);
    }
    assert.strictEqual(txn, txn.deferred);
    db.close();
  });

  test("the variants take the locks their names say", () => {
    const file = tmpPath("locks.db");
    const db = enhance(new DatabaseSync(file));
    db.exec("create table t(x)");
    const other = new DatabaseSync(file, { timeout: 0 });
    const locked = { code: "ERR_SQLITE_ERROR", message: "database is locked" };
    // DEFERRED takes no lock until the first statement.
    db.transaction(() => other.exec("insert into t values (1)")).deferred();
    // IMMEDIATE blocks other writers, not readers.
    db.transaction(() => {
      assert.deepStrictEqual(other.prepare("select count(*) n from t").get(), { __proto__: null, n: 1 });
      assert.throws(() => other.exec("insert into t values (2)"), locked);
    }).immediate();
    // EXCLUSIVE blocks readers too (rollback journal).
    db.transaction(() => {
      assert.throws(() => other.prepare("select count(*) n from t").get(), locked);
    }).exclusive();
    other.close();
    db.close();
  });

  test("fn must be a function", () => {
    const db = seeded();
    assert.throws(() => db.transaction(5), { name: "TypeError", message: "Expected first argument to be a function" });
    db.close();
  });
});

describe("enhanced statements", () => {
  test("prepare() statements gain pluck/raw/expand and database; other methods still work", () => {
    const db = seeded();
    const stmt = db.prepare("select id, name from users order by id");
    for (const name of ["pluck", "raw", "expand"]) {
      assert.strictEqual(typeof stmt[name], "function");
      assert.strictEqual(Object.getOwnPropertyDescriptor(stmt, name).enumerable, false);
    }
    assert.strictEqual(stmt.database, db);
    assert.deepStrictEqual(stmt.columns().map((c) => c.name), ["id", "name"]);
    assert.strictEqual(stmt.sourceSQL, "select id, name from users order by id");
    assert.deepStrictEqual(stmt.all(), [
      { __proto__: null, id: 1, name: "alice" },
      { __proto__: null, id: 2, name: "bob" },
    ]);
    db.close();
  });

  test("pluck(): first column only, in get/all/iterate", () => {
    const db = seeded();
    const stmt = db.prepare("select name, id from users where id >= ? order by id");
    assert.strictEqual(stmt.pluck(), stmt);
    assert.strictEqual(stmt.get(1), "alice");
    assert.deepStrictEqual(stmt.all(1), ["alice", "bob"]);
    assert.deepStrictEqual([...stmt.iterate(2)], ["bob"]);
    assert.strictEqual(stmt.get(99), undefined);
    // Duplicate names do not matter: it is the first column.
    assert.strictEqual(db.prepare("select 1 a, 2 a").pluck().get(), 1);
    db.close();
  });

  test("raw(): rows as arrays", () => {
    const db = seeded();
    const stmt = db.prepare("select id, name from users order by id").raw();
    assert.deepStrictEqual(stmt.get(), [1, "alice"]);
    assert.deepStrictEqual(stmt.all(), [
      [1, "alice"],
      [2, "bob"],
    ]);
    assert.deepStrictEqual([...stmt.iterate()], [
      [1, "alice"],
      [2, "bob"],
    ]);
    db.close();
  });

  test("expand(): rows nested by table, expressions under '$'", () => {
    const db = seeded();
    const stmt = db
      .prepare(
        "select u.id, u.name, p.id, p.title, length(p.title) len from users u join posts p on p.user_id = u.id order by u.id",
      )
      .expand();
    assert.deepStrictEqual(stmt.get(), {
      users: { id: 1, name: "alice" },
      posts: { id: 10, title: "hello" },
      $: { len: 5 },
    });
    assert.deepStrictEqual(stmt.all()[1], {
      users: { id: 2, name: "bob" },
      posts: { id: 11, title: "world" },
      $: { len: 5 },
    });
    assert.deepStrictEqual([...stmt.iterate()].length, 2);
    db.close();
  });

  test("modes are mutually exclusive; turning off another mode changes nothing", () => {
    const db = seeded();
    const stmt = db.prepare("select id, name from users where id = 1");
    stmt.raw().pluck();
    assert.strictEqual(stmt.get(), 1);
    stmt.raw(false); // not the current mode
    assert.strictEqual(stmt.get(), 1);
    stmt.pluck(false);
    assert.deepStrictEqual(stmt.get(), { __proto__: null, id: 1, name: "alice" });
    stmt.expand().raw();
    assert.deepStrictEqual(stmt.get(), [1, "alice"]);
    stmt.raw(false);
    assert.deepStrictEqual(stmt.get(), { __proto__: null, id: 1, name: "alice" });
    db.close();
  });

  test("toggles must be booleans", () => {
    const db = seeded();
    const stmt = db.prepare("select 1");
    for (const name of ["pluck", "raw", "expand"]) {
      assert.throws(() => stmt[name](1), { name: "TypeError", message: "Expected first argument to be a boolean" });
    }
    db.close();
  });

  test("breaking out of a plucked iteration resets the statement", () => {
    const db = seeded();
    const stmt = db.prepare("select name from users order by id").pluck();
    for (const name of stmt.iterate()) {
      assert.strictEqual(name, "alice");
      break;
    }
    assert.deepStrictEqual(stmt.all(), ["alice", "bob"]);
    db.close();
  });

  test("statements of a transaction function are enhanced too", () => {
    const db = seeded();
    const names = db.transaction(() => db.prepare("select name from users order by id").pluck().all())();
    assert.deepStrictEqual(names, ["alice", "bob"]);
    db.close();
  });
});
