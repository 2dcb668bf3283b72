"use strict";
// Leak check (run with --expose-gc): prepares and finalizes `statements`
// statements, opens and closes `databases` databases, and registers
// `functions` user functions (each in 5 rounds, the first a warm-up), then
// reports the RSS growth over the warmed-up baseline, after each workload and
// in the end, as one JSON line (bytes), with how many of a sample of the objects
// (`watched`) were garbage-collected in the end (`collected`).
// Usage: node --expose-gc leak-child.js <statements> <databases> <functions> <dir>
const path = require("node:path");
const { load } = require("./impl");

const [statements, databases, functions] = process.argv.slice(2, 5).map(Number);
const dir = process.argv[5] || require("node:os").tmpdir();
const { DatabaseSync } = load();

// A sample of the objects made (every 100th) is watched: all must be collected.
let watched = 0;
let collected = 0;
const registry = new FinalizationRegistry(() => collected++);
const watch = (i, o) => {
  if (i % 100 === 7) {
    registry.register(o, null);
    watched++;
  }
  return o;
};

function prepareMany(db, n) {
  for (let i = 0; i < n; i++) {
    const stmt = watch(i, db.prepare(i % 3 === 0 ? "SELECT ? + 1 AS x, b FROM t WHERE a = ?" : "SELECT count(*) AS c FROM t WHERE b > ?"));
    if (i % 2 === 0) {
      if (i % 3 === 0) stmt.get(i, i);
      else stmt.get(i);
      stmt.close();
    } else if (i % 5 === 1) {
      // Some end up collected with a live iterator.
      stmt.iterate(i).next();
    }
  }
}

function openMany(n) {
  for (let i = 0; i < n; i++) {
    const file = i % 2 === 0 ? ":memory:" : path.join(dir, `leak-${i % 4}.db`);
    const db = watch(i, new DatabaseSync(file));
    if (i % 4 < 2) {
      db.exec("CREATE TABLE IF NOT EXISTS t(a INTEGER PRIMARY KEY, b)");
      db.prepare("INSERT INTO t(b) VALUES (?)").run(i);
      if (i % 8 === 0) db.createSession();
    }
    if (i % 3 !== 0) db.close(); // the rest are closed by the GC
  }
}

function registerMany(n) {
  let db = new DatabaseSync(":memory:");
  for (let i = 0; i < n; i++) {
    const k = i;
    // Replacing a function must release the previous one.
    db.function(`f${i % 50}`, watch(i, (x) => x + k));
    if (i % 10 === 0) db.aggregate(`a${i % 20}`, { start: () => [k], step: (acc, x) => acc, result: (acc) => acc.length });
    if (i % 100 === 0) db.prepare(`SELECT f${i % 50}(1) AS v, a${i % 20}(1) AS w`).get();
    if (i % 5000 === 4999) {
      db.close();
      db = new DatabaseSync(":memory:");
    }
  }
  db.close();
}

/** Full GCs with event-loop turns between them (Node-API finalizers run deferred). */
async function settle() {
  for (let i = 0; i < 6; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Runs `work(n)` in chunks of at most `chunk`, with a GC and an event-loop
 * turn after each: Node-API finalizers run deferred, and a million dropped
 * statements with live iterators would otherwise all wait for the end.
 */
async function inChunks(total, chunk, work) {
  for (let done = 0; done < total; done += chunk) {
    work(Math.min(chunk, total - done));
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function main() {
  const scratch = new DatabaseSync(":memory:");
  scratch.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b); INSERT INTO t(b) VALUES (1), (2), (3)");
  const workloads = [
    ["statements", statements, (n) => inChunks(n, 20000, (k) => prepareMany(scratch, k))],
    ["databases", databases, (n) => inChunks(n, 2000, openMany)],
    ["functions", functions, (n) => inChunks(n, 5000, registerMany)],
  ];
  // Each workload runs in `ROUNDS` equal rounds. The first round of each is
  // the warm-up: it brings V8, SQLite and the allocator to their working size
  // (freed memory is kept by the allocator, so RSS reflects the peak), and the
  // baseline is taken after it. A leak grows with every further round.
  // The allocator may also hand a few MB back to the system after one
  // workload and take them again in the next: the baseline is the highest
  // RSS seen during the warm-up.
  const ROUNDS = 5;
  let baseline = 0;
  for (const [, total, run] of workloads) {
    await run(Math.ceil(total / ROUNDS));
    await settle();
    baseline = Math.max(baseline, process.memoryUsage().rss);
  }
  const phases = {};
  for (const [name, total, run] of workloads) {
    const t0 = Date.now();
    const per = Math.ceil(total / ROUNDS);
    const rounds = [];
    for (let r = 1; r < ROUNDS; r++) {
      await run(per);
      await settle();
      rounds.push(Math.round(process.memoryUsage().rss / 1048576));
    }
    // Against the common warmed-up baseline: the allocator may hand memory
    // back after one workload and take it again in the next.
    phases[name] = { growth: process.memoryUsage().rss - baseline, ms: Date.now() - t0, roundsMB: rounds };
  }
  scratch.close();
  await settle();
  const end = process.memoryUsage().rss;
  const result = { statements, databases, functions, baseline, end, growth: end - baseline, phases, watched, collected };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
