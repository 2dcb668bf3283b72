"use strict";
// Workers scenario: `concurrency` workers, each with its own connection to one
// WAL database (worker-body.js), while the main thread terminate()s random
// workers mid-call and starts new ones, until `lifetimes` workers have lived.
// Afterwards the database must pass integrity_check and hold every
// transaction a worker reported as committed, each one complete.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { createRandom } = require("./prng");
const { modulePath, load } = require("./impl");

function createDatabase(file) {
  const { DatabaseSync } = load();
  const db = new DatabaseSync(file);
  db.exec(`
    PRAGMA journal_mode = WAL;
    CREATE TABLE rows(txn INTEGER NOT NULL, seq INTEGER NOT NULL, n INTEGER NOT NULL,
                      worker INTEGER NOT NULL, payload, PRIMARY KEY (txn, seq));
    CREATE INDEX rows_worker ON rows(worker);
  `);
  db.close();
}

/**
 * Checks the database after the run; returns a list of problems (empty when
 * everything holds).
 */
function verify(file, committed) {
  const { DatabaseSync } = load();
  const problems = [];
  const db = new DatabaseSync(file, { timeout: 10000 });
  const check = db.prepare("PRAGMA integrity_check").all();
  if (check.length !== 1 || check[0].integrity_check !== "ok") {
    problems.push(`integrity_check: ${JSON.stringify(check)}`);
  }
  const present = new Map();
  for (const { txn, c, n } of db.prepare("SELECT txn, count(*) AS c, max(n) AS n, min(n) AS m FROM rows GROUP BY txn").all()) {
    present.set(txn, { c, n });
  }
  let missing = 0;
  for (const [txn, n] of committed) {
    const got = present.get(txn);
    if (!got || got.c !== n) {
      if (missing++ < 5) problems.push(`committed transaction ${txn} (${n} rows) has ${got ? got.c : 0} rows`);
    }
  }
  if (missing > 5) problems.push(`... ${missing} committed transactions missing or incomplete in all`);
  for (const [txn, { c, n }] of present) {
    if (txn < 0) problems.push(`rolled-back transaction ${txn} is visible`);
    else if (c !== n) problems.push(`transaction ${txn} is partial: ${c} of ${n} rows`);
  }
  const rows = db.prepare("SELECT count(*) AS c FROM rows").get().c;
  db.close();
  return { problems, rows, transactions: present.size };
}

/**
 * Runs the scenario. Options: lifetimes (workers to start in all),
 * concurrency, seed, maxLifeMs (a worker lives up to this long before it is
 * terminated), deadlineMs (the whole run; exceeding it is a hang), backups.
 */
async function runWorkers(options = {}) {
  const {
    lifetimes = 64,
    concurrency = 16,
    seed = 1,
    minLifeMs = 5,
    maxLifeMs = 400,
    deadlineMs = 120000,
    backups = true,
    log = () => {},
  } = options;
  const random = createRandom(seed, "workers-main");
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-workers-"));
  const file = path.join(tmpDir, "shared.db");
  createDatabase(file);

  const committed = new Map();
  const stats = { started: 0, terminated: 0, finished: 0, commits: 0, busy: 0, backups: 0, dyingErrors: 0, errors: [] };
  const started = Date.now();
  let active = 0;

  await new Promise((resolveAll, rejectAll) => {
    let settled = false;
    const fail = (err) => {
      if (!settled) {
        settled = true;
        rejectAll(err);
      }
    };
    const deadline = setTimeout(
      () => fail(new Error(`workers scenario hung: ${active} workers still alive after ${deadlineMs} ms`)),
      deadlineMs,
    );

    const startOne = () => {
      const lifetime = ++stats.started;
      active++;
      const worker = new Worker(path.join(__dirname, "worker-body.js"), {
        workerData: { file, modulePath, lifetime, seed, tmpDir, backups },
        stdout: false,
        stderr: false,
      });
      let ready = false;
      let ended = false;
      let dying = false;
      let killTimer;
      worker.on("message", (msg) => {
        if (msg.type === "ready") {
          ready = true;
          // Terminate at a random moment of its life (often inside a call).
          killTimer = setTimeout(() => {
            if (ended) return;
            stats.terminated++;
            dying = true;
            const t0 = Date.now();
            worker.terminate().then(() => {
              const waited = Date.now() - t0;
              if (waited > 30000) stats.errors.push(`terminate() of lifetime ${lifetime} took ${waited} ms`);
            }, fail);
          }, random.int(minLifeMs, maxLifeMs));
        } else if (msg.type === "commit") {
          committed.set(msg.txn, msg.n);
          stats.commits++;
        } else if (msg.type === "busy") {
          stats.busy++;
        } else if (msg.type === "backup") {
          stats.backups++;
        } else if (msg.type === "done") {
          stats.finished++;
        } else if (msg.type === "error") {
          // Once terminate() is under way, Node-API refuses calls into JS: a
          // statement whose user function can no longer run returns to the
          // dying worker's last few JS operations without a result (node:sqlite
          // ends them at once). Counted, not a problem.
          if (dying) stats.dyingErrors++;
          else stats.errors.push(`lifetime ${lifetime}: ${msg.code || ""} ${msg.message}`);
        }
      });
      worker.on("error", (err) => stats.errors.push(`lifetime ${lifetime} threw: ${err && err.stack}`));
      worker.on("exit", () => {
        ended = true;
        clearTimeout(killTimer);
        if (!ready) stats.errors.push(`lifetime ${lifetime} exited before it was ready`);
        active--;
        if (stats.started < lifetimes) {
          startOne();
        } else if (active === 0 && !settled) {
          settled = true;
          clearTimeout(deadline);
          resolveAll();
        }
      });
    };
    for (let i = 0; i < Math.min(concurrency, lifetimes); i++) startOne();
  });

  const result = verify(file, committed);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  const figures = {
    lifetimes: stats.started,
    terminated: stats.terminated,
    finishedByThemselves: stats.finished,
    commits: stats.commits,
    busy: stats.busy,
    backups: stats.backups,
    dyingErrors: stats.dyingErrors,
    rows: result.rows,
    transactions: result.transactions,
    seconds: (Date.now() - started) / 1000,
  };
  log(`workers: ${JSON.stringify(figures)}`);
  return { figures, problems: [...stats.errors, ...result.problems] };
}

module.exports = { runWorkers };
