"use strict";
// One driver in one Node process, driven by run.js over IPC: it sets each
// workload up once, then measures it whenever the parent asks (the parent
// interleaves the drivers round by round, one process busy at a time).
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { DRIVERS } = require("./drivers");
const { WORKLOADS } = require("./workloads");

const driverName = process.argv[2];
const fixtures = JSON.parse(process.argv[3]);
const driver = DRIVERS[driverName];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-bench-child-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

const states = new Map();

/** A timing loop of its own per workload, so each call site stays monomorphic. */
function makeLoop() {
  return new Function(
    "op",
    "start",
    "count",
    "for (let i = start, end = start + count; i < end; i++) op(i);",
  );
}

function state(workload) {
  let s = states.get(workload.id);
  if (s === undefined) {
    const ctx = { mod: driver.load(), driver, fixtures, tmp };
    s = workload.kind === "workers" ? startWorkers(workload.threads) : workload.setup(ctx);
    s.loop = makeLoop();
    s.done = 0;
    states.set(workload.id, s);
  }
  return s;
}

function gc() {
  if (typeof global.gc === "function") global.gc();
}

/** Runs op in growing batches until `ms` have passed. */
function measureSync(s, ms) {
  s.beforeRun?.();
  gc();
  const budget = ms * 1e6;
  let ops = 0;
  let batch = 1;
  const start = process.hrtime.bigint();
  let elapsed;
  for (;;) {
    s.loop(s.op, s.done + ops, batch);
    ops += batch;
    elapsed = Number(process.hrtime.bigint() - start);
    if (elapsed >= budget) break;
    // Grow while a batch is short next to the budget: few clock reads, little overshoot.
    if (elapsed < budget / 16) batch *= 2;
  }
  s.done += ops;
  return { ops, ns: elapsed };
}

/** Times op one call at a time (untimed preparation between calls), at least once. */
async function measureEach(s, ms, isAsync) {
  const budget = ms * 1e6;
  let ops = 0;
  let ns = 0;
  let ticks = 0;
  let maxGapNs = 0;
  while (ops === 0 || ns < budget) {
    s.beforeEach?.();
    if (s.gcBeforeEach !== false) gc();
    if (isAsync) {
      // Counts the event loop's turns while the operation is in flight.
      let running = true;
      let last = process.hrtime.bigint();
      const spin = () => {
        const now = process.hrtime.bigint();
        maxGapNs = Math.max(maxGapNs, Number(now - last));
        last = now;
        ticks++;
        if (running) setImmediate(spin);
      };
      const start = process.hrtime.bigint();
      setImmediate(spin);
      await s.op();
      ns += Number(process.hrtime.bigint() - start);
      running = false;
      const now = process.hrtime.bigint();
      maxGapNs = Math.max(maxGapNs, Number(now - last));
    } else {
      const start = process.hrtime.bigint();
      s.op();
      ns += Number(process.hrtime.bigint() - start);
    }
    ops++;
  }
  return isAsync ? { ops, ns, ticks: ticks / ops, maxGapMs: maxGapNs / 1e6 } : { ops, ns };
}

/** The worker's next message (after posting `msg`, if given); its error rejects. */
function reply(worker, msg) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      worker.off("message", onMessage);
      reject(err);
    };
    const onMessage = (m) => {
      worker.off("error", onError);
      resolve(m);
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    if (msg !== undefined) worker.postMessage(msg);
  });
}

function startWorkers(threads) {
  const workers = [];
  for (let t = 0; t < threads; t++) {
    workers.push(
      new Worker(path.join(__dirname, "reader-worker.js"), {
        workerData: { driverName, file: fixtures.readDb },
      }),
    );
  }
  const ready = Promise.all(workers.map((w) => reply(w)));
  return { workers, ready, teardown: () => Promise.all(workers.map((w) => w.terminate())) };
}

/** All threads read for `ms`; the total is over the slowest thread's time. */
async function measureWorkers(s, ms) {
  await s.ready;
  const results = await Promise.all(s.workers.map((w) => reply(w, { ms })));
  const ops = results.reduce((sum, r) => sum + r.ops, 0);
  const ns = Math.max(...results.map((r) => r.ns));
  return { ops, ns };
}

async function run(id, ms) {
  const workload = WORKLOADS.find((w) => w.id === id);
  const s = state(workload);
  if (s.ready) await s.ready;
  switch (workload.kind) {
    case "sync":
      return measureSync(s, ms);
    case "each":
      return measureEach(s, ms, false);
    case "async":
      return measureEach(s, ms, true);
    case "workers":
      return measureWorkers(s, ms);
    default:
      throw new Error(`unknown kind ${workload.kind}`);
  }
}

function versionInfo() {
  const mod = driver.load();
  let sqlite;
  try {
    const db = driver.open(mod, ":memory:");
    const row = db.prepare("SELECT sqlite_version() AS v").get();
    sqlite = row.v;
    db.close();
  } catch (err) {
    sqlite = `? (${err.message})`;
  }
  return { node: process.version, sqlite };
}

process.on("message", async (msg) => {
  try {
    let result;
    if (msg.cmd === "hello") result = versionInfo();
    else if (msg.cmd === "run") result = await run(msg.workload, msg.ms);
    else if (msg.cmd === "teardown") {
      for (const s of states.values()) await s.teardown?.();
      states.clear();
      result = true;
    }
    process.send({ id: msg.id, result });
  } catch (err) {
    process.send({ id: msg.id, error: String(err && err.stack ? err.stack : err) });
  }
});
