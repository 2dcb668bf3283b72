"use strict";
// Reliability, worker threads: 16 workers, each with its own connection to one
// WAL database, mix reads, writes, prepared statements, iterators, functions,
// sessions, tag stores and backups, while the main thread terminate()s random
// workers mid-call and starts new ones. No abort, no hang, and the database
// passes integrity_check holding every transaction a worker reported as
// committed (postMessage after COMMIT). `npm run stress` runs the long version.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
require("./common"); // SQLITE_IMPL picks the module, as everywhere
const { runWorkers } = require("../stress/lib/workers");

describe("worker threads under terminate()", () => {
  for (const seed of [1, 2]) {
    test(`16 workers, 40 lifetimes, random terminations (seed ${seed})`, async (t) => {
      const { figures, problems } = await runWorkers({
        lifetimes: 40,
        concurrency: 16,
        seed,
        maxLifeMs: 300,
        deadlineMs: 60000,
      });
      t.diagnostic(JSON.stringify(figures));
      assert.deepStrictEqual(problems, []);
      assert.equal(figures.lifetimes, 40);
      assert.ok(figures.terminated >= 20, `only ${figures.terminated} workers were terminated`);
      assert.ok(figures.commits > 0, "no transaction committed");
      assert.ok(figures.transactions >= figures.commits);
    });
  }

  test("workers that are terminated right after they start", async (t) => {
    const { figures, problems } = await runWorkers({ lifetimes: 32, concurrency: 16, seed: 3, minLifeMs: 0, maxLifeMs: 5 });
    t.diagnostic(JSON.stringify(figures));
    assert.deepStrictEqual(problems, []);
    assert.equal(figures.lifetimes, 32);
  });
});
