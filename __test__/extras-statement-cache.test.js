"use strict";
// @photostructure/sqlite extra: the `statementCache` constructor option. With
// it, prepare() reuses idle compiled statements; everything a user can observe
// must stay as with a fresh prepare. Addon-only (node:sqlite has no cache).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, assertThrows, tmpPath } = require("./common");

const { DatabaseSync } = sqlite;
const addonOnly = { skip: isNode && "@photostructure/sqlite extra" };
const native = isNode ? null : require("../lib/native");
const idle = (db) => native.dbIdleStatements(db);

function usersDb(options = {}) {
  const db = new DatabaseSync(":memory:", options);
  db.exec("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)");
  db.exec("INSERT INTO users VALUES (1, 'ann', 1.5), (2, 'bob', NULL), (3, 'cy', 3)");
  return db;
}

const names = (stmt) => stmt.columns().map((c) => c.name);

describe("statementCache option", addonOnly, () => {
  test("accepts integers >= 0 and rejects the rest the node way", () => {
    for (const bad of [1.5, "4", true, null, 10n, NaN, Infinity]) {
      assertThrows(() => new DatabaseSync(":memory:", { statementCache: bad }), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "options.statementCache" argument must be an integer.',
      });
    }
    for (const bad of [-1, 2 ** 31]) {
      assertThrows(() => new DatabaseSync(":memory:", { statementCache: bad }), RangeError, {
        code: "ERR_OUT_OF_RANGE",
        message: `The value of "options.statementCache" is out of range. It must be >= 0 && <= 2147483647. Received ${bad}`,
      });
    }
    for (const ok of [undefined, 0, 1, 2 ** 31 - 1]) new DatabaseSync(":memory:", { statementCache: ok }).close();
  });

  test("off by default and with 0: closed statements are finalized", () => {
    for (const options of [{}, { statementCache: 0 }]) {
      const db = usersDb(options);
      db.prepare("SELECT * FROM users").close();
      assert.equal(idle(db), 0);
      db.close();
    }
  });
});

describe("reuse", addonOnly, () => {
  test("close() hands the compiled statement back and prepare() takes it", () => {
    const db = usersDb({ statementCache: 8 });
    const sql = "SELECT name FROM users WHERE id = ?";
    db.prepare(sql).close();
    assert.equal(idle(db), 1);
    const again = db.prepare(sql);
    assert.equal(idle(db), 0);
    assert.deepStrictEqual(again.get(2), { __proto__: null, name: "bob" });
    again[Symbol.dispose]();
    assert.equal(idle(db), 1);
    // The text must match exactly, and so must the `persistent` prepare option.
    db.prepare(sql + " ").close();
    db.prepare(sql, { persistent: true }).close();
    assert.equal(idle(db), 3);
    db.prepare(sql, { readBigInts: true, returnArrays: true }).close(); // flags are not part of the key
    assert.equal(idle(db), 3);
    db.close();
    assert.equal(idle(db), 0);
  });

  test("keeps at most N idle statements, the least recently used going first", () => {
    const db = usersDb({ statementCache: 2 });
    const a = "SELECT 1 AS a";
    const b = "SELECT 2 AS b";
    const c = "SELECT 3 AS c";
    const stmts = [a, b, c].map((sql) => db.prepare(sql));
    for (const s of stmts) s.close();
    assert.equal(idle(db), 2);
    db.prepare(a); // evicted: compiled again, nothing taken
    assert.equal(idle(db), 2);
    db.prepare(b);
    assert.equal(idle(db), 1);
    db.close();
  });

  test("statements of the same text in use at once are separate", () => {
    const db = usersDb({ statementCache: 4 });
    const sql = "SELECT id FROM users ORDER BY id";
    const one = db.prepare(sql);
    const two = db.prepare(sql);
    const it1 = one.iterate();
    const it2 = two.iterate();
    assert.equal(it1.next().value.id, 1);
    assert.equal(it1.next().value.id, 2);
    assert.equal(it2.next().value.id, 1);
    one.close();
    two.close();
    assert.equal(idle(db), 1); // one idle copy per text
    db.close();
  });

  test("each StatementSync keeps its own flags", () => {
    const db = usersDb({ statementCache: 4 });
    const sql = "SELECT id, score FROM users WHERE id = ?";
    const first = db.prepare(sql);
    first.setReadBigInts(true);
    first.setReturnArrays(true);
    assert.deepStrictEqual(first.get(1), [1n, 1.5]);
    first.close();
    const second = db.prepare(sql);
    assert.deepStrictEqual(second.get(1), { __proto__: null, id: 1, score: 1.5 });
    second.close();
    const third = db.prepare(sql, { readNullAsUndefined: true });
    assert.deepStrictEqual(third.get(2), { __proto__: null, id: 2, score: undefined });
    db.close();
  });

  test("a reused statement looks freshly prepared: bindings, counters, SQL, columns, errors", () => {
    // The same script on a cached and an uncached connection gives the same observations.
    const script = (db) => {
      const out = [];
      const look = (stmt) =>
        out.push([stmt.sourceSQL, stmt.expandedSQL, names(stmt), stmt.stat("run"), stmt.stat("vmStep"), stmt.reader, stmt.readonly]);
      for (let round = 0; round < 3; round++) {
        const get = db.prepare("SELECT id, name FROM users WHERE id = :id OR name = :name");
        look(get);
        out.push(get.get({ id: 1, name: "cy" }));
        look(get);
        get.close();
        const insert = db.prepare("INSERT INTO users(id, name) VALUES (?, ?)");
        look(insert);
        try {
          insert.run(1, "dup");
        } catch (e) {
          out.push([e.code, e.errcode, e.message]);
        }
        look(insert);
        insert.close();
        const iter = db.prepare("SELECT id FROM users ORDER BY id");
        const it = iter.iterate();
        out.push(it.next().value);
        iter.close(); // mid-iteration
        try {
          it.next();
        } catch (e) {
          out.push([e.code, e.message]);
        }
      }
      return out;
    };
    const cached = usersDb({ statementCache: 8 });
    const plain = usersDb();
    assert.deepStrictEqual(script(cached), script(plain));
    assert.equal(idle(cached), 3);
    cached.close();
    plain.close();
  });

  test("a statement collected by the GC goes back to the cache", async () => {
    const v8 = require("node:v8");
    const vm = require("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const collect = vm.runInNewContext("gc");
    const db = usersDb({ statementCache: 4 });
    (() => {
      db.prepare("SELECT count(*) FROM users").get();
    })();
    for (let i = 0; i < 10 && idle(db) === 0; i++) {
      collect();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(idle(db), 1);
    db.close();
  });

  test("db.close() finalizes idle and live statements; the database reopens clean", () => {
    const db = usersDb({ statementCache: 4 });
    db.prepare("SELECT 1").close();
    const live = db.prepare("SELECT 2");
    db.close();
    assert.equal(idle(db), 0);
    assertThrows(() => live.get(), Error, { code: "ERR_INVALID_STATE", message: "statement has been finalized" });
    db.open();
    assert.deepStrictEqual(db.prepare("SELECT 1 AS one").get(), { __proto__: null, one: 1 });
    db.close();
  });
});

describe("schema changes are seen as with a fresh prepare", addonOnly, () => {
  const sql = "SELECT * FROM users WHERE id = 1";

  test("DDL through exec() and through a prepared statement", () => {
    const db = usersDb({ statementCache: 8 });
    db.prepare(sql).close();
    db.exec("ALTER TABLE users ADD COLUMN email TEXT");
    const s1 = db.prepare(sql);
    assert.deepStrictEqual(names(s1), ["id", "name", "score", "email"]);
    s1.close();
    const alter = db.prepare("ALTER TABLE users ADD COLUMN age INTEGER");
    alter.run();
    alter.close();
    const s2 = db.prepare(sql);
    assert.deepStrictEqual(names(s2), ["id", "name", "score", "email", "age"]);
    assert.deepStrictEqual(Object.keys(s2.get()), ["id", "name", "score", "email", "age"]);
    s2.close();
    db.exec("DROP TABLE users; CREATE TABLE users(id INTEGER PRIMARY KEY, other TEXT)");
    assert.deepStrictEqual(names(db.prepare(sql)), ["id", "other"]);
    db.close();
  });

  test("a rollback, or a rollback to a savepoint, undoes DDL", () => {
    const db = usersDb({ statementCache: 8 });
    const temp = "SELECT * FROM scratch";
    db.exec("BEGIN; CREATE TABLE scratch(a, b)");
    db.prepare(temp).close();
    db.exec("ROLLBACK");
    assertThrows(() => db.prepare(temp), Error, { code: "ERR_SQLITE_ERROR", message: "no such table: scratch" });

    db.exec("CREATE TABLE scratch(a)");
    db.exec("SAVEPOINT sp; ALTER TABLE scratch ADD COLUMN b");
    db.prepare(temp).close();
    db.exec("ROLLBACK TO sp; RELEASE sp");
    assert.deepStrictEqual(names(db.prepare(temp)), ["a"]);

    // A rollback run through a prepared statement.
    const begin = db.prepare("BEGIN");
    const rollback = db.prepare("ROLLBACK");
    begin.run();
    db.exec("ALTER TABLE scratch ADD COLUMN c");
    db.prepare(temp).close();
    rollback.run();
    assert.deepStrictEqual(names(db.prepare(temp)), ["a"]);
    db.close();
  });

  test("ATTACH and DETACH", () => {
    const db = usersDb({ statementCache: 8 });
    const file = tmpPath("aux.db");
    const other = new DatabaseSync(file);
    other.exec("CREATE TABLE things(x)");
    other.close();
    db.exec(`ATTACH DATABASE '${file}' AS aux`);
    const q = "SELECT * FROM aux.things";
    db.prepare(q).close();
    db.exec("DETACH DATABASE aux");
    assertThrows(() => db.prepare(q), Error, { code: "ERR_SQLITE_ERROR", message: "no such table: aux.things" });
    db.close();
  });

  test("a change made by another connection looks the same with and without the cache", () => {
    const observe = (options) => {
      const file = tmpPath("shared.db");
      const setup = new DatabaseSync(file);
      setup.exec("CREATE TABLE t(a)");
      setup.close();
      const db = new DatabaseSync(file, options);
      const writer = new DatabaseSync(file);
      const out = [];
      const s = db.prepare("SELECT * FROM t");
      out.push(names(s), s.all());
      s.close();
      writer.exec("ALTER TABLE t ADD COLUMN b");
      const again = db.prepare("SELECT * FROM t");
      out.push(names(again).length, again.all(), names(again).length);
      again.close();
      db.close();
      writer.close();
      return out;
    };
    assert.deepStrictEqual(observe({ statementCache: 4 }), observe({}));
  });

  test("deserialize() and lowered limits drop idle statements", () => {
    const db = usersDb({ statementCache: 8 });
    const image = db.serialize();
    db.prepare(sql).close();
    db.deserialize(image);
    assert.equal(idle(db), 0);
    db.prepare(sql).close();
    db.limits.sqlLength = 20;
    assertThrows(() => db.prepare(sql), Error, { code: "ERR_SQLITE_ERROR", message: "statement too long" });
    db.close();
  });
});

describe("with an authorizer", addonOnly, () => {
  test("every prepare() is authorized; without one, caching resumes", () => {
    const db = usersDb({ statementCache: 8 });
    const sql = "SELECT name FROM users";
    db.prepare(sql).close();
    const seen = [];
    db.setAuthorizer((action) => {
      seen.push(action);
      return sqlite.constants.SQLITE_OK;
    });
    assert.equal(idle(db), 0);
    db.prepare(sql).close();
    db.prepare(sql).close();
    assert.equal(seen.filter((a) => a === sqlite.constants.SQLITE_SELECT).length, 2);
    db.setAuthorizer(() => sqlite.constants.SQLITE_DENY);
    assertThrows(() => db.prepare(sql), Error, { code: "ERR_SQLITE_ERROR", message: "not authorized" });
    db.setAuthorizer(null);
    db.prepare(sql).close();
    assert.equal(idle(db), 1);
    // DDL is still watched after the user's authorizer is gone.
    db.exec("ALTER TABLE users ADD COLUMN extra");
    assert.deepStrictEqual(names(db.prepare("SELECT * FROM users")), ["id", "name", "score", "extra"]);
    db.close();
  });
});
