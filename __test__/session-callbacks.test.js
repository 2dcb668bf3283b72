"use strict";
// Callbacks passed to applyChangeset (onConflict, filter): exceptions they throw
// (also with an authorizer set), closing the database from a callback, null
// receivers, and concurrent applies in workers. Reference: api.md §1.5, §2.8.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, tmpPath } = require("./common");
const { DatabaseSync, constants } = sqlite;
const {
  OMIT,
  REPLACE,
  checkError,
  throwsSqlite,
  all,
  row,
  T_BASE_ROWS,
  T_FINAL_ROWS,
  baseDb,
  tChangeset,
  tRows,
} = require("./session-fixtures");

describe("exceptions thrown from callbacks", () => {
  test("an error thrown by filter propagates as the same object; nothing is applied", () => {
    for (const thrown of [new Error("boom"), new RangeError("range"), Symbol("sym"), "a string", 42]) {
      const db = baseDb();
      assert.throws(
        () => db.applyChangeset(tChangeset(), { filter: () => { throw thrown; } }),
        (e) => e === thrown,
      );
      assert.deepEqual(tRows(db), T_BASE_ROWS);
      assert.equal(db.isTransaction, false);
      db.close();
    }
  });

  test("an error thrown by onConflict propagates as the same object; the target is unchanged", () => {
    for (const thrown of [new TypeError("conflict!"), Symbol("sym"), { custom: true }]) {
      const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
      const before = tRows(db);
      assert.throws(
        () => db.applyChangeset(tChangeset(), { onConflict: () => { throw thrown; } }),
        (e) => e === thrown,
      );
      assert.deepEqual(tRows(db), before);
      assert.equal(db.isTransaction, false);
      db.close();
    }
  });

  // node 26.10: its authorizer, which SQLite runs again before the apply
  // ends, replaces a pending callback exception, and the apply's SQLite
  // error replaces an authorizer's.
  test("with an authorizer, an error thrown by filter is lost: the table is skipped and the result is true", () => {
    const db = baseDb();
    const actions = [];
    db.setAuthorizer((action) => (actions.push(action), constants.SQLITE_OK));
    let filterCalls = 0;
    const filter = () => {
      filterCalls++;
      throw new Error("boom");
    };
    assert.equal(db.applyChangeset(tChangeset(), { filter }), true);
    assert.equal(filterCalls, 1);
    assert.ok(actions.includes(constants.SQLITE_SAVEPOINT));
    db.setAuthorizer(null);
    assert.deepEqual(tRows(db), T_BASE_ROWS);
    assert.equal(db.isTransaction, false);
    db.close();
  });

  test("with an authorizer, an error thrown by onConflict is lost: the apply aborts and the result is false", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const before = tRows(db);
    db.setAuthorizer(() => constants.SQLITE_OK);
    const onConflict = () => {
      throw new TypeError("conflict!");
    };
    assert.equal(db.applyChangeset(tChangeset(), { onConflict }), false);
    db.setAuthorizer(null);
    assert.deepEqual(tRows(db), before);
    assert.equal(db.isTransaction, false);
    db.close();
  });

  test("an authorizer that throws or returns an invalid code gives 'authorization denied'", () => {
    const authorizers = [
      () => {
        throw new Error("authorizer boom");
      },
      () => "not a code",
      () => 99,
      () => constants.SQLITE_DENY,
    ];
    for (const authorizer of authorizers) {
      const db = baseDb();
      db.setAuthorizer(authorizer);
      throwsSqlite(() => db.applyChangeset(tChangeset()), "authorization denied", 23, undefined);
      db.setAuthorizer(null);
      assert.deepEqual(tRows(db), T_BASE_ROWS);
      db.close();
    }
    // The same when the authorizer fails only after filter threw.
    const db = baseDb();
    let filterThrew = false;
    db.setAuthorizer(() => {
      if (filterThrew) throw new Error("authorizer boom");
      return constants.SQLITE_OK;
    });
    const filter = () => {
      filterThrew = true;
      throw new Error("filter boom");
    };
    throwsSqlite(() => db.applyChangeset(tChangeset(), { filter }), "authorization denied", 23, undefined);
    db.close();
  });

  test("after an authorizer throws, it is still asked about the rollback, which ends the transaction", () => {
    for (const failAt of [1, 2, 3]) {
      const db = baseDb();
      const seen = [];
      let calls = 0;
      db.setAuthorizer((action, arg1) => {
        seen.push(`${action}:${arg1}`);
        if (++calls === failAt) throw new Error("authorizer boom");
        return constants.SQLITE_OK;
      });
      throwsSqlite(() => db.applyChangeset(tChangeset()), "authorization denied", 23, undefined);
      db.setAuthorizer(null);
      assert.equal(db.isTransaction, false, `failing call ${failAt}`);
      assert.deepEqual(seen.slice(-2), [`${constants.SQLITE_SAVEPOINT}:ROLLBACK`, `${constants.SQLITE_SAVEPOINT}:RELEASE`]);
      assert.deepEqual(tRows(db), T_BASE_ROWS);
      db.close();
    }
  });

  test("an authorizer that refuses table_info pragmas does not disturb onConflict, and is never asked", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const asked = [];
    db.setAuthorizer((action, arg1) => {
      asked.push(arg1);
      if (arg1 === "table_info" || arg1 === "pragma_table_info") throw new Error("no table_info");
      return constants.SQLITE_OK;
    });
    const types = [];
    const onConflict = (type) => (types.push(type), constants.SQLITE_CHANGESET_REPLACE);
    assert.equal(db.applyChangeset(tChangeset(), { onConflict }), true);
    db.setAuthorizer(null);
    assert.deepEqual(types, [constants.SQLITE_CHANGESET_DATA]);
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    // node reads no column names; the addon's lookup for the extra info argument is invisible.
    assert.deepEqual(asked.filter((a) => /table_info/.test(String(a))), []);
    db.close();
  });
});

describe("concurrency and callbacks", () => {
  test("applyChangeset runs concurrently in several workers on one file", async () => {
    const { Worker } = require("node:worker_threads");
    const { addonPath } = require("./common");
    const file = tmpPath("shared.db");
    const setup = new DatabaseSync(file);
    setup.exec("PRAGMA journal_mode = WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    setup.close();
    const source = `
      const { parentPort, workerData } = require("node:worker_threads");
      const { DatabaseSync } = require(workerData.module);
      const db = new DatabaseSync(workerData.file, { timeout: 10000 });
      const scratch = new DatabaseSync(":memory:");
      scratch.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      let applied = 0;
      for (let round = 0; round < 20; round++) {
        const session = scratch.createSession();
        const insert = scratch.prepare("INSERT INTO t VALUES (?, ?)");
        for (let i = 0; i < 10; i++) {
          const id = workerData.index * 1000 + round * 10 + i;
          insert.run(id, "w" + workerData.index);
        }
        const cs = session.changeset();
        session.close();
        // A deferred transaction could not wait for the write lock (SQLITE_BUSY).
        db.exec("BEGIN IMMEDIATE");
        if (db.applyChangeset(cs, { onConflict: () => 0 })) applied++;
        db.exec("COMMIT");
      }
      db.close();
      parentPort.postMessage(applied);
    `;
    const module = isNode ? "node:sqlite" : addonPath;
    const results = await Promise.all(
      [0, 1, 2, 3].map(
        (index) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(source, { eval: true, workerData: { file, index, module } });
            worker.once("message", resolve);
            worker.once("error", reject);
          }),
      ),
    );
    assert.deepEqual(results, [20, 20, 20, 20]);
    const db = new DatabaseSync(file);
    assert.deepEqual(all(db, "SELECT v, count(*) AS n FROM t GROUP BY v ORDER BY v"), [
      row({ v: "w0", n: 200 }),
      row({ v: "w1", n: 200 }),
      row({ v: "w2", n: 200 }),
      row({ v: "w3", n: 200 }),
    ]);
    db.close();
  });

  test("closing the database inside onConflict is refused; the apply goes on", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    let closeError;
    const result = db.applyChangeset(tChangeset(), {
      onConflict: () => {
        try { db.close(); } catch (e) { closeError = e; }
        return REPLACE;
      },
    });
    assert.equal(result, true);
    checkError(closeError, Error.prototype, "ERR_INVALID_STATE", "database cannot be closed while in a callback");
    assert.deepEqual(tRows(db), T_FINAL_ROWS);
    db.close();
  });

  test("callbacks are called with a null receiver", () => {
    const db = baseDb("UPDATE t SET v = 'zz' WHERE id = 1");
    const receivers = [];
    db.applyChangeset(tChangeset(), {
      filter: function () { "use strict"; receivers.push(this); return true; },
      onConflict: function () { "use strict"; receivers.push(this); return OMIT; },
    });
    assert.deepEqual(receivers, [null, null]);
    db.close();
  });

  test("after a throwing filter, later tables are neither filtered nor applied", () => {
    const schema = "CREATE TABLE a(id INTEGER PRIMARY KEY); CREATE TABLE b(id INTEGER PRIMARY KEY)";
    const src = new DatabaseSync(":memory:");
    src.exec(schema);
    const session = src.createSession();
    src.exec("INSERT INTO a VALUES (1); INSERT INTO b VALUES (1)");
    const target = new DatabaseSync(":memory:");
    target.exec(schema);
    const seen = [];
    const boom = new Error("boom");
    assert.throws(
      () => target.applyChangeset(session.changeset(), { filter: (name) => { seen.push(name); throw boom; } }),
      (e) => e === boom,
    );
    assert.deepEqual(seen, ["a"]);
    assert.deepEqual(all(target, "SELECT * FROM a"), []);
    assert.deepEqual(all(target, "SELECT * FROM b"), []);
    src.close();
    target.close();
  });
});
