"use strict";
// Reliability, crash safety: a child process writing transactions is killed
// with SIGKILL at random points; after each kill the database opens, passes
// integrity_check and holds exactly the transactions the child reported as
// committed (plus at most the one it committed but had no time to report).
// Alternates a WAL and a rollback-journal database. `npm run stress` kills 100.
const { test } = require("node:test");
const assert = require("node:assert/strict");
require("./common");
const { runCrash } = require("../stress/lib/crash");

test("10 SIGKILLs at random points lose no committed transaction", async (t) => {
  const { figures, problems } = await runCrash({ kills: 10, seed: 1, maxKillMs: 250 });
  t.diagnostic(JSON.stringify(figures));
  assert.deepStrictEqual(problems, []);
  assert.equal(figures.kills, 10);
  assert.ok(figures.transactionsReported > 0, "the children committed nothing before they were killed");
});

test("kills right after the child opened the database", async (t) => {
  const { figures, problems } = await runCrash({ kills: 4, seed: 2, minKillMs: 0, maxKillMs: 3 });
  t.diagnostic(JSON.stringify(figures));
  assert.deepStrictEqual(problems, []);
  assert.equal(figures.kills, 4);
});
