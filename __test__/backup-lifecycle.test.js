"use strict";
// backup(): lifecycle and concurrency, and robustness: the event loop during a
// long backup, workers terminated or exiting mid-backup, garbage collection of
// the source, more backups than libuv threads. Reference: api.md §1.7, §2.11.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, isNode, tmpPath } = require("./common");
const { DatabaseSync, backup } = sqlite;
const { all, pageCount, fill, openCopy } = require("./backup-fixtures");

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
