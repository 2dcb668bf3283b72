"use strict";
// Reliability, hostile input: the differences from node:sqlite that the fuzz
// (reliability-fuzz.test.js) found, each pinned down as node 26.10 behaves.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");

const { DatabaseSync, backup } = sqlite;

/** `{ name, code, message }` of what `fn` throws, or "ok". */
function outcome(fn) {
  try {
    fn();
    return "ok";
  } catch (e) {
    return { name: e.constructor.name, code: e.code, message: e.message };
  }
}

const invalidState = (message) => ({ name: "Error", code: "ERR_INVALID_STATE", message });
const argType = (message) => ({ name: "TypeError", code: "ERR_INVALID_ARG_TYPE", message });
const withLength = (length, fn = function () {}) => Object.defineProperty(fn, "length", { value: length });

function memdb() {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b); INSERT INTO t VALUES (1, 2), (2, 3)");
  return db;
}

describe("functions are objects (V8's IsObject)", () => {
  test("a function as the first bind argument is the named-parameter object", () => {
    const db = memdb();
    assert.deepStrictEqual(db.prepare("SELECT ? AS x").get(() => 1), { __proto__: null, x: null });
    const named = Object.assign(function () {}, { $a: 5 });
    assert.deepStrictEqual(db.prepare("SELECT $a AS x, ? AS y").get(named, 2), { __proto__: null, x: 5, y: 2 });
    class Thrown extends Error {}
    const proxy = new Proxy(() => 1, {
      ownKeys() {
        throw new Thrown("ownKeys");
      },
    });
    assert.throws(() => db.prepare("SELECT ? AS x").get(proxy), Thrown);
  });

  test("a function in a tag store template is a value, which cannot be bound", () => {
    const sql = memdb().createTagStore();
    assert.deepStrictEqual(
      outcome(() => sql.get`SELECT ${() => 1} AS x`),
      argType("Provided value cannot be bound to SQLite parameter 1."),
    );
  });

  test("a function is an options object", () => {
    const db = memdb();
    const options = (o) => Object.assign(() => {}, o);
    assert.equal(db.prepare("SELECT 1 AS x", options({ returnArrays: true })).get()[0], 1);
    assert.deepStrictEqual(
      outcome(() => db.prepare("SELECT 1", options({ readBigInts: 1 }))),
      argType('The "options.readBigInts" argument must be a boolean.'),
    );
    db.function("f", options({ deterministic: true }), () => 7);
    assert.equal(db.prepare("SELECT f() AS v").get().v, 7);
    assert.equal(new DatabaseSync(":memory:", options({ readOnly: false })).isOpen, true);
  });
});

describe("function() and aggregate() as node registers them", () => {
  test("aggregate() converts any name to a string and reads its options in node's order", () => {
    const db = memdb();
    db.aggregate(5, { start: 0, step: (acc, v) => acc + v });
    assert.equal(db.prepare('SELECT "5"(a) AS v FROM t').get().v, 3);
    assert.deepStrictEqual(outcome(() => db.aggregate()), { name: "TypeError", code: undefined, message: "Cannot read properties of undefined (reading 'start')" });
    assert.deepStrictEqual(outcome(() => db.aggregate("a", null)), { name: "TypeError", code: undefined, message: "Cannot read properties of null (reading 'start')" });
    const read = [];
    const spy = new Proxy(
      { start: 0, step: (acc) => acc, result: (acc) => acc, inverse: (acc) => acc, deterministic: 5, directOnly: false, useBigIntArguments: false, varargs: false },
      { get: (target, key) => (read.push(key), target[key]) },
    );
    db.aggregate("spied", spy); // `deterministic` is never read, so 5 is no error
    assert.deepStrictEqual(read, ["start", "step", "result", "useBigIntArguments", "varargs", "directOnly", "inverse"]);
  });

  test("an aggregate's arity fits both step and inverse; their lengths must be integers", () => {
    const db = memdb();
    db.aggregate("w", { start: 0, step: withLength(2, (acc, x) => acc + x), inverse: withLength(3, (acc, x) => acc - x) });
    assert.equal(db.prepare("SELECT w(1, 2) AS v").get().v, 1);
    assert.throws(() => db.prepare("SELECT w(1) AS v").get(), { message: "wrong number of arguments to function w()" });
    assert.deepStrictEqual(
      outcome(() => db.aggregate("x", { start: 0, step: withLength(1.5) })),
      argType('The "options.step.length" property must be an integer.'),
    );
    assert.deepStrictEqual(
      outcome(() => db.aggregate("x", { start: 0, step: (acc) => acc, inverse: withLength(1.5) })),
      argType('The "options.inverse.length" property must be an integer.'),
    );
  });

  test("a function's length goes to SQLite as it is: -1 takes any arguments, less is refused", () => {
    const db = memdb();
    db.function("anyArgs", withLength(-1, () => 1));
    assert.equal(db.prepare("SELECT anyArgs(1, 2, 3) AS v").get().v, 1);
    assert.throws(() => db.function("bad", withLength(-2, () => 1)), { code: "ERR_SQLITE_ERROR", message: "not an error", errcode: 0 });
  });

  test("function names end at a NUL byte", () => {
    const db = memdb();
    db.function("x\0y", () => 7);
    assert.equal(db.prepare("SELECT x() AS v").get().v, 7);
  });

  test("a function may return an ArrayBuffer or SharedArrayBuffer (a BLOB; empty or detached: NULL)", () => {
    const db = memdb();
    const shared = new SharedArrayBuffer(2);
    new Uint8Array(shared)[0] = 7;
    const detached = new ArrayBuffer(4);
    structuredClone(detached, { transfer: [detached] });
    for (const [value, expected] of [
      [new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2])],
      [shared, new Uint8Array([7, 0])],
      [new ArrayBuffer(0), null],
      [detached, null],
    ]) {
      db.function("g", () => value);
      assert.deepStrictEqual(db.prepare("SELECT g() AS v").get().v, expected);
    }
  });
});

describe("the connection is checked before the arguments", () => {
  test("setting a limit on a closed database", () => {
    const db = memdb();
    const limits = db.limits;
    db.close();
    assert.deepStrictEqual(
      outcome(() => {
        limits.attach = 1n;
      }),
      invalidState("database is not open"),
    );
  });

  test("createSession() on a closed database", () => {
    const db = memdb();
    db.close();
    for (const options of [5, null, { table: 5 }]) {
      assert.deepStrictEqual(outcome(() => db.createSession(options)), invalidState("database is not open"));
    }
  });

  test("inside the authorizer, every method that uses the connection refuses", () => {
    const db = memdb();
    const it = db.prepare("SELECT * FROM t").iterate();
    const finished = db.prepare("SELECT 1").iterate();
    finished.return();
    const session = db.createSession();
    const calls = {
      function: () => db.function(5),
      aggregate: () => db.aggregate(5),
      createSession: () => db.createSession(5),
      applyChangeset: () => db.applyChangeset(5),
      enableDefensive: () => db.enableDefensive(5),
      enableLoadExtension: () => db.enableLoadExtension(5),
      serialize: () => db.serialize(5),
      "limits set": () => {
        db.limits.attach = -1;
      },
      "iterator next": () => it.next(),
      "iterator return": () => it.return(),
      changeset: () => session.changeset(),
      patchset: () => session.patchset(),
    };
    const seen = {};
    db.setAuthorizer(() => {
      if (!Object.keys(seen).length) {
        for (const [name, call] of Object.entries(calls)) seen[name] = outcome(call);
        // A finished iterator just says so.
        seen.finished = outcome(() => finished.next());
      }
      return 0;
    });
    db.prepare("SELECT b FROM t");
    db.setAuthorizer(null);
    const refused = invalidState("database cannot be accessed from an authorizer callback");
    const expected = { finished: "ok" };
    for (const name of Object.keys(calls)) expected[name] = refused;
    assert.deepStrictEqual(seen, expected);
  });

  test("an authorizer returning -0 does not return an integer", () => {
    const db = memdb();
    db.setAuthorizer(() => -0);
    assert.deepStrictEqual(outcome(() => db.prepare("SELECT 1")), {
      name: "TypeError",
      code: undefined,
      message: "Authorizer callback must return an integer authorization code",
    });
  });
});

describe("paths and names as node reads them", () => {
  test("a path is a string, a Uint8Array or any object with a string href", () => {
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
        getPrototypeOf() {
          throw new Error("trap");
        },
      },
    );
    const pathError = argType('The "path" argument must be a string, Uint8Array, or URL without null bytes.');
    assert.deepStrictEqual(outcome(() => new DatabaseSync(proxy)), pathError);
    assert.deepStrictEqual(outcome(() => new DatabaseSync(new Proxy(Buffer.from(":memory:"), {}))), pathError);
    assert.deepStrictEqual(outcome(() => new DatabaseSync({ get href() { throw new Error("getter"); } })), pathError);
    assert.deepStrictEqual(outcome(() => new DatabaseSync({ href: "http://x/y" })), {
      name: "TypeError",
      code: "ERR_INVALID_URL_SCHEME",
      message: "The URL must be of scheme file:",
    });
    const file = tmpPath("href.db");
    const db = new DatabaseSync({ href: `file://${file}` });
    assert.equal(db.location(), file);
    db.close();
    // A view of a detached buffer is the empty path: a private temporary database.
    const view = new Uint8Array(8);
    structuredClone(view.buffer, { transfer: [view.buffer] });
    assert.equal(new DatabaseSync(view).location(), null);
  });

  test("schema names end at a NUL byte", () => {
    const db = memdb();
    assert.equal(db.location("a\0b"), null);
  });

  test("tag store strings are checked as V8's IsArray does (a proxy is no array)", () => {
    const sql = memdb().createTagStore();
    const { proxy, revoke } = Proxy.revocable(["SELECT 1"], {});
    const notTemplate = argType("First argument must be an array of strings (template literal).");
    assert.deepStrictEqual(outcome(() => sql.get(proxy)), notTemplate);
    revoke();
    assert.deepStrictEqual(outcome(() => sql.get(proxy)), notTemplate);
  });

  test("each constructor option is read once", () => {
    let reads = 0;
    new DatabaseSync(":memory:", {
      get readOnly() {
        reads++;
        return false;
      },
    }).close();
    assert.equal(reads, 1);
  });

  test("a throwing read of readBigInts, returnArrays or the named-parameter options is ignored", () => {
    const boom = () => {
      throw new Error("boom");
    };
    for (const name of ["readBigInts", "returnArrays", "allowBareNamedParameters", "allowUnknownNamedParameters"]) {
      const reads = [];
      const options = {
        get [name]() {
          reads.push(name);
          boom();
        },
        get defensive() {
          reads.push("defensive");
          return true;
        },
      };
      const db = new DatabaseSync(":memory:", options);
      // The default applies and the later options are still read.
      assert.deepStrictEqual(reads, [name, "defensive"]);
      assert.deepStrictEqual(db.prepare("SELECT 1 AS a WHERE $b IS NULL").get({ b: null }), { __proto__: null, a: 1 });
      db.close();
      const trap = new Proxy({}, { get: (_, key) => (key === name ? boom() : undefined) });
      new DatabaseSync(":memory:", trap).close();
    }
    for (const name of ["readOnly", "timeout", "defensive", "limits"]) {
      assert.deepStrictEqual(outcome(() => new DatabaseSync(":memory:", { get [name]() { boom(); } })), {
        name: "Error",
        code: undefined,
        message: "boom",
      });
    }
  });
});

describe("named-parameter getters that disturb the statement being bound", () => {
  /** Runs `stmt.get(params)` where reading `$a` first does `disturb(db, stmt)`. */
  function bindWith(disturb) {
    const db = memdb();
    const stmt = db.prepare("SELECT $a AS a, :b AS b");
    let done = false;
    const params = {
      get a() {
        if (!done) {
          done = true;
          disturb(db, stmt);
        }
        return 1;
      },
      b: 2,
    };
    return [outcome(() => stmt.get(params)), outcome(() => stmt.get({ a: 1, b: 2 }))];
  }
  const executing = invalidState("statement is already being executed");

  test("closing the statement, or running it again, is refused: it is executing", () => {
    assert.deepStrictEqual(bindWith((db, stmt) => stmt.close()), [executing, "ok"]);
    assert.deepStrictEqual(bindWith((db, stmt) => stmt.get({ a: 1 })), [executing, "ok"]);
    assert.deepStrictEqual(bindWith((db, stmt) => stmt.iterate({}).next()), [executing, "ok"]);
  });

  test("closing or deserializing the database ends the binding with node's errors", () => {
    const finalized = invalidState("statement has been finalized");
    assert.deepStrictEqual(bindWith((db) => db.deserialize(db.serialize())), [
      { name: "Error", code: "ERR_SQLITE_ERROR", message: "not an error" },
      finalized,
    ]);
    assert.deepStrictEqual(bindWith((db) => db.close()), [{ name: "Error", code: "ERR_SQLITE_ERROR", message: "out of memory" }, finalized]);
  });

  test("an iterator of the statement advanced from a getter", () => {
    const db = memdb();
    const stmt = db.prepare("SELECT a, $x AS x FROM t");
    const it = stmt.iterate({ x: 1 });
    assert.deepStrictEqual(
      outcome(() =>
        stmt.all({
          get x() {
            return it.next().value;
          },
        }),
      ),
      invalidState("statement is already being executed"),
    );
  });
});

describe("option getters that close the database", () => {
  test("createSession, applyChangeset and deserialize check the connection again after reading options", () => {
    const source = memdb();
    const recorder = source.createSession();
    source.exec("INSERT INTO t VALUES (9, 9)");
    const changeset = recorder.changeset();
    const notOpen = invalidState("database is not open");
    const closing = (db, key, value) => ({
      get [key]() {
        db.close();
        return value;
      },
    });
    let db = memdb();
    assert.deepStrictEqual(outcome(() => db.createSession(closing(db, "table", "t"))), notOpen);
    db = memdb();
    assert.deepStrictEqual(outcome(() => db.createSession(closing(db, "db", "main"))), notOpen);
    db = memdb();
    assert.deepStrictEqual(outcome(() => db.applyChangeset(changeset, closing(db, "onConflict", undefined))), notOpen);
    db = memdb();
    const bytes = db.serialize();
    assert.deepStrictEqual(outcome(() => db.deserialize(bytes, closing(db, "dbName", "main"))), notOpen);
    db = memdb();
    assert.deepStrictEqual(outcome(() => db.prepare("SELECT 1", closing(db, "readBigInts", true))), notOpen);
  });
});

describe("a polluted Object.prototype", () => {
  test("setters on array indices that close the database while rows are built", () => {
    const db = memdb();
    const stmt = db.prepare("SELECT a FROM t ORDER BY a");
    const keys = ["0", "1", "2"];
    for (const key of keys) {
      Object.defineProperty(Object.prototype, key, {
        __proto__: null,
        configurable: true,
        set(v) {
          try {
            db.close(); // refused while the statement runs (node never calls these setters)
          } catch {}
          Object.defineProperty(this, key, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true });
        },
      });
    }
    try {
      assert.deepStrictEqual(stmt.all(), [{ __proto__: null, a: 1 }, { __proto__: null, a: 2 }]);
      stmt.setReturnArrays(true);
      assert.deepStrictEqual(stmt.all(), [[1], [2]]);
      assert.equal(db.isOpen, true);
    } finally {
      for (const key of keys) delete Object.prototype[key];
    }
  });
});

describe("other edges", () => {
  test("expandedSQL past SQLITE_LIMIT_LENGTH", () => {
    const db = memdb();
    const stmt = db.prepare("SELECT ? AS x");
    stmt.get("x".repeat(100));
    db.limits.length = 5;
    assert.deepStrictEqual(outcome(() => stmt.expandedSQL), {
      name: "Error",
      code: "ERR_SQLITE_ERROR",
      message: "Expanded SQL text would exceed configured limits",
    });
  });

  test("iterator.return() of a finished iterator of a closed database", () => {
    const db = memdb();
    const it = db.prepare("SELECT * FROM t").iterate();
    it.return();
    db.close();
    assert.deepStrictEqual(outcome(() => it.return()), invalidState("statement has been finalized"));
  });

  test("a backup of a database inside its own write transaction fails at once", async () => {
    const db = memdb();
    db.exec("BEGIN; INSERT INTO t VALUES (3, 4)");
    await assert.rejects(backup(db, tmpPath("copy.db")), { code: "ERR_SQLITE_ERROR", message: "not an error", errcode: 0 });
    db.exec("COMMIT");
  });
});
