"use strict";
// backup(sourceDb, path[, options]): api.md §1.7, §2.11, catalogue rows 12, 62-63,
// plus the addon's extras (db.backup(), AbortSignal, no crash on a foreign object).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { sqlite, isNode, tmpPath } = require("./common");

const { DatabaseSync, backup } = sqlite;

const ADDON_ONLY = isNode && "addon extra, not in node:sqlite";

// ---------------------------------------------------------------- helpers

function checkError(e, proto, code, message) {
  assert.equal(Object.getPrototypeOf(e), proto, `wrong class: ${e && e.constructor && e.constructor.name}`);
  assert.equal(e.code, code);
  assert.equal(e.message, message);
  return true;
}
const throwsType = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, TypeError.prototype, "ERR_INVALID_ARG_TYPE", message));
const throwsRange = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, RangeError.prototype, "ERR_OUT_OF_RANGE", message));
const throwsState = (fn, message) =>
  assert.throws(fn, (e) => checkError(e, Error.prototype, "ERR_INVALID_STATE", message));
const rejectsSqlite = (promise, message, errcode, errstr) =>
  assert.rejects(promise, (e) => {
    checkError(e, Error.prototype, "ERR_SQLITE_ERROR", message);
    assert.equal(e.errcode, errcode);
    assert.equal(e.errstr, errstr);
    return true;
  });

const all = (db, sql) => db.prepare(sql).all();
const pageCount = (db) => db.prepare("PRAGMA page_count").get().page_count;

/** Inserts `count` rows of `size` random bytes into table `t` (created if needed). */
function fill(db, count, size) {
  db.exec("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, x)");
  db.prepare(
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) INSERT INTO t(x) SELECT randomblob(?) FROM c",
  ).run(count, size);
}

/** A database of exactly 52 pages (4096-byte pages): checked by the tests using it. */
function db52() {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(x)");
  const insert = db.prepare("INSERT INTO t VALUES (?)");
  db.exec("BEGIN");
  for (let i = 0; i < 50; i++) insert.run("x".repeat(3000));
  db.exec("COMMIT");
  return db;
}

/** A small database with a table, an index and a view. */
function sampleDb(location = ":memory:") {
  const db = new DatabaseSync(location);
  db.exec(`
    CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, photo BLOB);
    CREATE INDEX people_name ON people(name);
    CREATE VIEW adults AS SELECT name FROM people WHERE age >= 18;
    INSERT INTO people VALUES (1, 'Ann', 34, x'00ff'), (2, 'Bob', 12, NULL), (3, 'Cy', 18, x'');
  `);
  return db;
}

function openCopy(file) {
  const copy = new DatabaseSync(file);
  assert.deepEqual(all(copy, "PRAGMA integrity_check"), [{ __proto__: null, integrity_check: "ok" }]);
  return copy;
}

// ---------------------------------------------------------------- tests

describe("backup() results", () => {
  test("is a function named backup with length 2", () => {
    assert.equal(typeof backup, "function");
    assert.equal(backup.name, "backup");
    assert.equal(backup.length, 2);
  });

  test("resolves to 0 for an empty database", async () => {
    const db = new DatabaseSync(":memory:");
    const file = tmpPath("empty.db");
    const promise = backup(db, file);
    assert.ok(promise instanceof Promise);
    assert.equal(await promise, 0);
    assert.ok(fs.existsSync(file));
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM sqlite_schema"), []);
    copy.close();
    db.close();
  });

  test("the copy is a complete database and the result is the total page count", async () => {
    const db = sampleDb();
    fill(db, 30, 2000);
    const file = tmpPath("copy.db");
    const pages = await backup(db, file);
    assert.equal(pages, pageCount(db));
    const copy = openCopy(file);
    assert.equal(pageCount(copy), pages);
    for (const sql of [
      "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
      "SELECT * FROM people ORDER BY id",
      "SELECT * FROM adults ORDER BY name",
      "SELECT id, hex(x) AS x FROM t ORDER BY id",
    ]) {
      assert.deepEqual(all(copy, sql), all(db, sql), sql);
    }
    copy.close();
    db.close();
  });

  test("a file database can be backed up; the source stays usable", async () => {
    const db = sampleDb(tmpPath("source.db"));
    const file = tmpPath("copy.db");
    assert.equal(await backup(db, file), pageCount(db));
    db.exec("INSERT INTO people VALUES (4, 'Dee', 50, NULL)");
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM people ORDER BY id"), [
      { __proto__: null, name: "Ann" },
      { __proto__: null, name: "Bob" },
      { __proto__: null, name: "Cy" },
    ]);
    copy.close();
    db.close();
  });

  test("an existing target database is overwritten", async () => {
    const file = tmpPath("existing.db");
    const old = new DatabaseSync(file);
    old.exec("CREATE TABLE other(z); INSERT INTO other VALUES (1)");
    old.close();
    const db = sampleDb();
    await backup(db, file);
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM sqlite_schema WHERE type = 'table'"), [{ __proto__: null, name: "people" }]);
    copy.close();
    db.close();
  });

  test("the path may be a Buffer or a file: URL", async () => {
    const db = sampleDb();
    const bufferFile = tmpPath("buffer.db");
    const urlFile = tmpPath("url.db");
    assert.equal(await backup(db, Buffer.from(bufferFile)), pageCount(db));
    assert.equal(await backup(db, pathToFileURL(urlFile)), pageCount(db));
    for (const file of [bufferFile, urlFile]) {
      const copy = openCopy(file);
      assert.equal(copy.prepare("SELECT count(*) AS n FROM people").get().n, 3);
      copy.close();
    }
    db.close();
  });

  test("several backups of one database may run concurrently", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 40, 3000);
    const files = [tmpPath("a.db"), tmpPath("b.db"), tmpPath("c.db")];
    const results = await Promise.all(files.map((f, i) => backup(db, f, { rate: i + 1 })));
    assert.deepEqual(results, [pageCount(db), pageCount(db), pageCount(db)]);
    for (const file of files) {
      const copy = openCopy(file);
      assert.equal(copy.prepare("SELECT count(*) AS n FROM t").get().n, 40);
      copy.close();
    }
    db.close();
  });

  test("writes made through the source connection during the backup end up in the copy", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 20, 3000);
    const file = tmpPath("live.db");
    let calls = 0;
    const pages = await backup(db, file, {
      rate: 1,
      progress: () => {
        if (calls++ === 0) db.exec("INSERT INTO t(x) VALUES (randomblob(3000))");
      },
    });
    assert.equal(pages, pageCount(db));
    const copy = openCopy(file);
    assert.equal(copy.prepare("SELECT count(*) AS n FROM t").get().n, 21);
    copy.close();
    db.close();
  });
});

describe("progress", () => {
  test("52 pages at rate 50: exactly one call {totalPages: 52, remainingPages: 2}", async () => {
    const db = db52();
    assert.equal(pageCount(db), 52, "fixture should have 52 pages");
    const calls = [];
    const promise = backup(db, tmpPath(), { rate: 50, progress: (...args) => calls.push(args) });
    assert.equal(calls.length, 0, "progress must not run synchronously");
    assert.equal(await promise, 52);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].length, 1);
    const [info] = calls[0];
    assert.equal(Object.getPrototypeOf(info), Object.prototype);
    assert.deepEqual(Object.keys(info), ["totalPages", "remainingPages"]);
    assert.deepEqual(info, { totalPages: 52, remainingPages: 2 });
    db.close();
  });

  test("a 2-page database: one call at rate 1, none at rate 2 or by default", async () => {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE a(x)");
    assert.equal(pageCount(db), 2);
    for (const [options, expected] of [
      [{ rate: 1 }, [{ totalPages: 2, remainingPages: 1 }]],
      [{ rate: 2 }, []],
      [{}, []],
    ]) {
      const calls = [];
      assert.equal(await backup(db, tmpPath(), { ...options, progress: (p) => calls.push(p) }), 2);
      assert.deepEqual(calls, expected, JSON.stringify(options));
    }
    db.close();
  });

  test("calls come in order, one per non-final step, all before the promise settles", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 20, 3000);
    const total = pageCount(db);
    const calls = [];
    let settled = false;
    const promise = backup(db, tmpPath(), { rate: 3, progress: (p) => calls.push({ ...p, settled }) });
    promise.then(() => { settled = true; }, () => { settled = true; });
    assert.equal(await promise, total);
    const expected = [];
    for (let remaining = total - 3; remaining > 0; remaining -= 3) {
      expected.push({ totalPages: total, remainingPages: remaining, settled: false });
    }
    assert.deepEqual(calls, expected);
    db.close();
  });

  test("a throwing progress callback rejects with that same value and stops the backup", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 20, 3000);
    for (const thrown of [new Error("stop"), new RangeError("range"), "a string", Symbol("s")]) {
      let calls = 0;
      await assert.rejects(
        backup(db, tmpPath(), { rate: 1, progress: () => { calls++; throw thrown; } }),
        (e) => e === thrown,
      );
      assert.equal(calls, 1);
    }
    db.close();
  });
});

describe("schemas", () => {
  test("an attached database can be the source", async () => {
    const db = sampleDb();
    db.exec("ATTACH ':memory:' AS aux; CREATE TABLE aux.q(y); INSERT INTO aux.q VALUES ('from aux')");
    const file = tmpPath("aux.db");
    const pages = await backup(db, file, { source: "aux" });
    assert.equal(pages, db.prepare("PRAGMA aux.page_count").get().page_count);
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM sqlite_schema"), [{ __proto__: null, name: "q" }]);
    assert.deepEqual(all(copy, "SELECT * FROM q"), [{ __proto__: null, y: "from aux" }]);
    copy.close();
    db.close();
  });

  test("explicit source 'main' and target 'main' are the defaults", async () => {
    const db = sampleDb();
    const file = tmpPath();
    assert.equal(await backup(db, file, { source: "main", target: "main" }), pageCount(db));
    const copy = openCopy(file);
    assert.equal(copy.prepare("SELECT count(*) AS n FROM people").get().n, 3);
    copy.close();
    db.close();
  });

  test("an unknown source or target schema rejects with 'unknown database nope' (errcode 1)", async () => {
    const db = sampleDb();
    await rejectsSqlite(backup(db, tmpPath(), { source: "nope" }), "unknown database nope", 1, "SQL logic error");
    await rejectsSqlite(backup(db, tmpPath(), { target: "nope" }), "unknown database nope", 1, "SQL logic error");
    db.close();
  });

  test("an unwritable target path rejects with 'unable to open database file' (errcode 14)", async () => {
    const db = sampleDb();
    const missingDir = path.join(path.dirname(tmpPath()), "missing", "x.db");
    const aDirectory = path.dirname(tmpPath());
    for (const target of [missingDir, aDirectory]) {
      await rejectsSqlite(backup(db, target), "unable to open database file", 14, "unable to open database file");
    }
    db.close();
  });
});

describe("synchronous validation (catalogue rows 62-63)", () => {
  const PATH_MSG = 'The "path" argument must be a string, Uint8Array, or URL without null bytes.';

  test("sourceDb must be an object", () => {
    for (const bad of [undefined, null, 5, "db", true]) {
      throwsType(() => backup(bad, tmpPath()), 'The "sourceDb" argument must be an object.');
    }
    throwsType(() => backup(), 'The "sourceDb" argument must be an object.');
  });

  test("path must be a string, Uint8Array or URL without null bytes", () => {
    const db = new DatabaseSync(":memory:");
    for (const bad of [5, undefined, null, {}, "a\0b", Buffer.from("a\0b")]) {
      throwsType(() => backup(db, bad), PATH_MSG);
    }
    throwsType(() => backup(db), PATH_MSG);
    db.close();
  });

  test("options must be an object (an explicit undefined is rejected too)", () => {
    const db = new DatabaseSync(":memory:");
    for (const bad of [5, null, "x", true, undefined]) {
      throwsType(() => backup(db, tmpPath(), bad), 'The "options" argument must be an object.');
    }
    db.close();
  });

  test("option types", () => {
    const db = new DatabaseSync(":memory:");
    const p = tmpPath();
    throwsType(() => backup(db, p, { progress: 5 }), 'The "options.progress" argument must be a function.');
    throwsType(() => backup(db, p, { progress: null }), 'The "options.progress" argument must be a function.');
    throwsType(() => backup(db, p, { source: 5 }), 'The "options.source" argument must be a string.');
    throwsType(() => backup(db, p, { target: 5 }), 'The "options.target" argument must be a string.');
    db.close();
  });

  test("rate must be a positive int32", () => {
    const db = new DatabaseSync(":memory:");
    const p = tmpPath();
    for (const bad of [0, -1, -(2 ** 31)]) {
      throwsRange(() => backup(db, p, { rate: bad }), 'The "options.rate" argument must be a positive integer.');
    }
    for (const bad of [1.5, 2 ** 31, "5", null, NaN, Infinity, 5n]) {
      throwsType(() => backup(db, p, { rate: bad }), 'The "options.rate" argument must be an integer.');
    }
    assert.equal(fs.existsSync(p), false);
    db.close();
  });

  test("undefined option values are accepted", async () => {
    const db = sampleDb();
    const p = tmpPath();
    const pages = await backup(db, p, { rate: undefined, source: undefined, target: undefined, progress: undefined });
    assert.equal(pages, pageCount(db));
    db.close();
  });

  test("validation order: rate, then source, then target, then progress", () => {
    const db = new DatabaseSync(":memory:");
    const p = tmpPath();
    throwsRange(
      () => backup(db, p, { source: 5, target: 5, progress: 5, rate: 0 }),
      'The "options.rate" argument must be a positive integer.',
    );
    throwsType(() => backup(db, p, { source: 5, target: 5, progress: 5 }), 'The "options.source" argument must be a string.');
    throwsType(() => backup(db, p, { target: 5, progress: 5 }), 'The "options.target" argument must be a string.');
    throwsType(() => backup(5, 5, 5), 'The "sourceDb" argument must be an object.');
    throwsType(() => backup(db, 5, 5), PATH_MSG);
    db.close();
  });

  test("a closed source throws 'database is not open' synchronously, before other checks", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    throwsState(() => backup(db, tmpPath()), "database is not open");
    throwsState(() => backup(db, 5), "database is not open");
    throwsState(() => backup(db, tmpPath(), { rate: 0 }), "database is not open");
  });
});

describe("lifecycle and concurrency", () => {
  for (const kind of ["memory", "file"]) {
    test(`closing the source (${kind}) while a backup runs: the backup still completes`, async () => {
      const db = new DatabaseSync(kind === "memory" ? ":memory:" : tmpPath("src.db"));
      fill(db, 200, 3000);
      const total = pageCount(db);
      const file = tmpPath("copy.db");
      const calls = [];
      const promise = backup(db, file, { rate: 5, progress: (p) => calls.push(p) });
      db.close();
      assert.equal(db.isOpen, false);
      assert.equal(await promise, total);
      assert.equal(calls.length, Math.ceil(total / 5) - 1);
      const copy = openCopy(file);
      assert.equal(copy.prepare("SELECT count(*) AS n FROM t").get().n, 200);
      copy.close();
    });
  }

  test("the event loop keeps running during the backup of a 50 MB database", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 5000, 10000); // about 50 MB
    const total = pageCount(db);
    assert.ok(total * 4096 >= 50e6, `${total} pages`);
    let ticks = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      ticks++;
      setImmediate(tick);
    };
    setImmediate(tick);
    let steps = 0;
    let pages;
    try {
      pages = await backup(db, tmpPath("big.db"), { rate: 10, progress: () => steps++ });
    } finally {
      running = false;
    }
    assert.equal(pages, total);
    assert.equal(steps, Math.ceil(total / 10) - 1);
    assert.ok(ticks > 100, `only ${ticks} event loop turns during the backup`);
    db.close();
  });
});

// ---------------------------------------------------------------- addon extras

describe("addon extras", () => {
  test("backup({}, path) throws instead of crashing", { skip: isNode && "node:sqlite crashes here" }, () => {
    for (const bad of [{}, [], new Date(), Object.create(DatabaseSync.prototype)]) {
      throwsType(() => backup(bad, tmpPath()), 'The "sourceDb" argument must be an object.');
    }
  });

  test("db.backup(path[, options]) behaves like the module function", { skip: ADDON_ONLY }, async () => {
    const db = db52();
    assert.equal(typeof db.backup, "function");
    const file = tmpPath("method.db");
    const calls = [];
    assert.equal(await db.backup(file, { rate: 50, progress: (p) => calls.push(p) }), 52);
    assert.deepEqual(calls, [{ totalPages: 52, remainingPages: 2 }]);
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT count(*) AS n FROM t"), [{ __proto__: null, n: 50 }]);
    copy.close();
    assert.equal(await db.backup(tmpPath()), 52);
    await rejectsSqlite(db.backup(tmpPath(), { source: "nope" }), "unknown database nope", 1, "SQL logic error");
    throwsRange(() => db.backup(tmpPath(), { rate: 0 }), 'The "options.rate" argument must be a positive integer.');
    throwsType(() => db.backup(5), 'The "path" argument must be a string, Uint8Array, or URL without null bytes.');
    db.close();
    throwsState(() => db.backup(tmpPath()), "database is not open");
  });

  test("an AbortSignal option rejects a running backup with an AbortError", { skip: ADDON_ONLY }, async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 200, 3000);
    const controller = new AbortController();
    let calls = 0;
    await assert.rejects(
      backup(db, tmpPath(), {
        rate: 1,
        signal: controller.signal,
        progress: () => {
          if (++calls === 1) controller.abort();
        },
      }),
      (e) => {
        assert.equal(e.name, "AbortError");
        return true;
      },
    );
    assert.ok(calls < pageCount(db) - 1, `backup was not stopped (${calls} progress calls)`);
    db.close();
  });
});

// ---------------------------------------------------------------- robustness

describe("robustness: threads, exits and garbage collection", () => {
  const { Worker } = require("node:worker_threads");
  const { spawnSync } = require("node:child_process");
  const { addonPath } = require("./common");
  const MODULE = JSON.stringify(isNode ? "node:sqlite" : addonPath);

  /** Script source: `db` is a :memory: database of `rows` rows of 3000 random bytes. */
  const filledDb = (rows) => `
    const { DatabaseSync, backup } = require(${MODULE});
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE t(x)");
    db.prepare("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${rows}) INSERT INTO t SELECT randomblob(3000) FROM c").run();
  `;

  /** Runs `source` in a child process; returns its exit status. */
  function runChild(source, args = []) {
    const result = spawnSync(process.execPath, [...args, "-e", source], { encoding: "utf8", timeout: 60_000 });
    assert.equal(result.signal, null, `child killed by ${result.signal}: ${result.stderr}`);
    return result;
  }

  test("workers terminated in the middle of a backup end cleanly, with or without progress", async () => {
    const workers = [];
    for (const withProgress of [true, false, true, false]) {
      const source = `${filledDb(1500)}
        const { parentPort } = require("node:worker_threads");
        let calls = 0;
        const progress = ${withProgress} ? () => { if (++calls === 3) parentPort.postMessage("running"); } : undefined;
        backup(db, ${JSON.stringify(tmpPath("worker.db"))}, { rate: 1, progress });
        if (!progress) parentPort.postMessage("running");
      `;
      const worker = new Worker(source, { eval: true });
      await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      workers.push(worker);
    }
    await Promise.all(workers.map((w) => w.terminate()));
    // This thread's backups still work.
    const db = new DatabaseSync(":memory:");
    fill(db, 10, 3000);
    assert.equal(await backup(db, tmpPath(), { rate: 2, progress: () => {} }), pageCount(db));
    db.close();
  });

  test("a worker that calls process.exit() during a backup exits with its code", async () => {
    const source = `${filledDb(1500)}
      let calls = 0;
      backup(db, ${JSON.stringify(tmpPath("exit.db"))}, { rate: 1, progress: () => { if (++calls === 3) process.exit(9); } });
    `;
    const worker = new Worker(source, { eval: true });
    const code = await new Promise((resolve, reject) => {
      worker.once("exit", resolve);
      worker.once("error", reject);
    });
    assert.equal(code, 9);
  });

  for (const [when, trigger] of [
    ["right after starting a backup", "setImmediate(() => process.exit(7));"],
    ["from inside a progress callback", "progressExit = true;"],
    ["while a backup without progress runs", "noProgress = true; setImmediate(() => process.exit(7));"],
  ]) {
    test(`process.exit() ${when} exits promptly with its code`, () => {
      const source = `${filledDb(3000)}
        let progressExit = false, noProgress = false, calls = 0;
        ${trigger}
        const progress = () => { if (progressExit && ++calls === 2) process.exit(7); };
        backup(db, ${JSON.stringify(tmpPath("exit.db"))}, { rate: 1, progress: noProgress ? undefined : progress });
      `;
      const result = runChild(source);
      assert.equal(result.status, 7, result.stderr);
    });
  }

  test("the source database may be garbage collected while its backup runs", () => {
    const file = tmpPath("gc.db");
    const source = `
      (async () => {
        let promise;
        {
          ${filledDb(500)}
          promise = backup(db, ${JSON.stringify(file)}, { rate: 2, progress: () => {} });
        }
        for (let i = 0; i < 5; i++) {
          globalThis.gc();
          await new Promise((resolve) => setImmediate(resolve));
        }
        const pages = await promise;
        const { DatabaseSync } = require(${MODULE});
        const copy = new DatabaseSync(${JSON.stringify(file)});
        const n = copy.prepare("SELECT count(*) AS n FROM t").get().n;
        const ok = copy.prepare("PRAGMA integrity_check").get().integrity_check;
        process.stdout.write(JSON.stringify({ pages: pages > 0, n, ok }));
      })();
    `;
    const result = runChild(source, ["--expose-gc"]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { pages: true, n: 500, ok: "ok" });
  });

  test("more concurrent backups with progress than libuv has threads all complete", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 60, 3000);
    const total = pageCount(db);
    const counts = new Array(10).fill(0);
    const results = await Promise.all(
      counts.map((_, i) => backup(db, tmpPath(`many${i}.db`), { rate: 3, progress: () => counts[i]++ })),
    );
    assert.deepEqual(results, new Array(10).fill(total));
    assert.deepEqual(counts, new Array(10).fill(Math.ceil(total / 3) - 1));
    db.close();
  });

  test("closing the source from inside progress lets the backup complete", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 50, 3000);
    const total = pageCount(db);
    const file = tmpPath("closed.db");
    let calls = 0;
    const pages = await backup(db, file, {
      rate: 4,
      progress: () => {
        if (++calls === 2) db.close();
      },
    });
    assert.equal(pages, total);
    assert.equal(calls, Math.ceil(total / 4) - 1);
    const copy = openCopy(file);
    assert.equal(copy.prepare("SELECT count(*) AS n FROM t").get().n, 50);
    copy.close();
  });

  test("progress receives a fresh plain object each call, with a null receiver", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 10, 3000);
    const seen = [];
    await backup(db, tmpPath(), {
      rate: 5,
      progress: function (info) {
        "use strict";
        seen.push({ self: this, info, argc: arguments.length });
      },
    });
    assert.ok(seen.length >= 2);
    for (const { self, info, argc } of seen) {
      assert.equal(self, null);
      assert.equal(argc, 1);
      assert.equal(Object.getPrototypeOf(info), Object.prototype);
    }
    assert.notEqual(seen[0].info, seen[1].info);
    db.close();
  });
});

describe("addon extras: AbortSignal and db.backup()", { skip: ADDON_ONLY }, () => {
  function checkAbortError(e, signal) {
    assert.equal(Object.getPrototypeOf(e), Error.prototype);
    assert.equal(e.name, "AbortError");
    assert.equal(e.code, "ABORT_ERR");
    assert.equal(e.message, "The operation was aborted");
    assert.equal(e.cause, signal.reason);
    return true;
  }

  test("an already aborted signal rejects without creating the file", async () => {
    const db = sampleDb();
    const file = tmpPath("never.db");
    const signal = AbortSignal.abort(new Error("why"));
    await assert.rejects(backup(db, file, { signal }), (e) => checkAbortError(e, signal));
    assert.equal(fs.existsSync(file), false);
    db.close();
  });

  test("aborting a running backup: AbortError with the reason as cause, no more progress calls", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 100, 3000);
    const controller = new AbortController();
    let calls = 0;
    let callsAtAbort;
    const promise = backup(db, tmpPath(), {
      rate: 1,
      signal: controller.signal,
      progress: () => {
        if (++calls === 3) {
          controller.abort("stop now");
          callsAtAbort = calls;
        }
      },
    });
    await assert.rejects(promise, (e) => checkAbortError(e, controller.signal));
    assert.equal(calls, callsAtAbort);
    assert.equal(controller.signal.reason, "stop now");
    db.close();
  });

  test("a signal that is never aborted changes nothing", async () => {
    const db = db52();
    const controller = new AbortController();
    const calls = [];
    assert.equal(await backup(db, tmpPath(), { rate: 50, signal: controller.signal, progress: (p) => calls.push(p) }), 52);
    assert.deepEqual(calls, [{ totalPages: 52, remainingPages: 2 }]);
    controller.abort(); // after completion: no effect
    db.close();
  });

  test("options.signal must be an AbortSignal", () => {
    const db = new DatabaseSync(":memory:");
    for (const bad of [null, 5, "x", {}]) {
      throwsType(() => backup(db, tmpPath(), { signal: bad }), 'The "options.signal" argument must be an AbortSignal.');
    }
    db.close();
  });

  test("db.backup is a non-enumerable prototype method; a foreign receiver is refused", () => {
    const desc = Object.getOwnPropertyDescriptor(DatabaseSync.prototype, "backup");
    assert.equal(typeof desc.value, "function");
    assert.equal(desc.enumerable, false);
    assert.equal(Object.keys(new DatabaseSync(":memory:")).includes("backup"), false);
    throwsType(() => DatabaseSync.prototype.backup.call({}, tmpPath()), 'The "sourceDb" argument must be an object.');
  });
});
