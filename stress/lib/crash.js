"use strict";
// Crash-safety scenario: a child process writing transactions is killed with
// SIGKILL at random points; after each kill the database must open, pass
// integrity_check, and hold exactly the transactions the child reported as
// committed, plus at most the one it committed but had no time to report.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { createRandom } = require("./prng");
const { load } = require("./impl");

function createDatabase(file, journalMode) {
  const { DatabaseSync } = load();
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = ${journalMode};
    CREATE TABLE rows(txn INTEGER NOT NULL, seq INTEGER NOT NULL, n INTEGER NOT NULL, payload,
                      PRIMARY KEY (txn, seq));
    CREATE TABLE meta(last INTEGER NOT NULL);
    INSERT INTO meta VALUES (0);`);
  db.close();
}

/** Runs one child until it is killed; returns the transaction ids it reported. */
function runChild({ file, firstTxn, seed, nodeBinary, killAfterMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary, [path.join(__dirname, "crash-child.js"), file, String(firstTxn), String(seed)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const reported = [];
    let buffered = "";
    let stderr = "";
    let timer;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === "ready") timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
        else reported.push(Number(line));
      }
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") {
        reject(new Error(`crash child ended by itself (code ${code}, signal ${signal}): ${stderr}`));
      } else {
        resolve(reported);
      }
    });
  });
}

/** Checks the database against what was reported; returns problems and the next txn id. */
function verify(file, reportedSet, lastReported) {
  const { DatabaseSync } = load();
  const problems = [];
  const db = new DatabaseSync(file);
  const check = db.prepare("PRAGMA integrity_check").all();
  if (check.length !== 1 || check[0].integrity_check !== "ok") problems.push(`integrity_check: ${JSON.stringify(check)}`);
  const present = db.prepare("SELECT txn, count(*) AS c, max(n) AS n FROM rows GROUP BY txn").all();
  const { last } = db.prepare("SELECT last FROM meta").get();
  const maxPresent = db.prepare("SELECT max(txn) AS m FROM rows").get().m ?? 0;
  db.close();
  let unreported = 0;
  const seen = new Set();
  for (const { txn, c, n } of present) {
    seen.add(txn);
    if (c !== n) problems.push(`transaction ${txn} is partial: ${c} of ${n} rows`);
    if (!reportedSet.has(txn)) {
      if (txn === lastReported + 1) unreported++;
      else problems.push(`transaction ${txn} is present but was never reported (last reported ${lastReported})`);
    }
  }
  // Old transactions are pruned by the child (DELETE ... WHERE txn < last - 200).
  for (const txn of reportedSet) {
    if (txn >= last - 200 && !seen.has(txn)) problems.push(`reported transaction ${txn} is missing`);
  }
  if (last !== Math.max(lastReported, maxPresent)) {
    problems.push(`meta.last is ${last}, expected ${Math.max(lastReported, maxPresent)}`);
  }
  return { problems, next: Math.max(lastReported, maxPresent, last) + 1, unreported };
}

/**
 * Options: kills (how many children to kill), seed, nodeBinary (the Node the
 * child runs on), minKillMs/maxKillMs (how long a child writes before it dies).
 */
async function runCrash(options = {}) {
  const { kills = 10, seed = 1, nodeBinary = process.execPath, minKillMs = 0, maxKillMs = 250, log = () => {} } = options;
  const random = createRandom(seed, "crash-main");
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-crash-"));
  const problems = [];
  const figures = { kills: 0, transactionsReported: 0, committedUnreported: 0, journalModes: {} };
  const started = Date.now();
  try {
    // Alternate between a WAL database and a rollback-journal one.
    const dbs = ["wal", "delete"].map((mode) => {
      const file = path.join(tmpDir, `${mode}.db`);
      createDatabase(file, mode);
      return { mode, file, next: 1, reported: new Set() };
    });
    for (let i = 0; i < kills; i++) {
      const target = dbs[i % dbs.length];
      const reported = await runChild({
        file: target.file,
        firstTxn: target.next,
        seed,
        nodeBinary,
        killAfterMs: random.int(minKillMs, maxKillMs),
      });
      figures.kills++;
      figures.journalModes[target.mode] = (figures.journalModes[target.mode] || 0) + 1;
      figures.transactionsReported += reported.length;
      for (const txn of reported) target.reported.add(txn);
      const lastReported = reported.length ? reported[reported.length - 1] : target.next - 1;
      const result = verify(target.file, target.reported, lastReported);
      figures.committedUnreported += result.unreported;
      for (const p of result.problems) problems.push(`kill ${i + 1} (${target.mode}): ${p}`);
      if (result.problems.length) break;
      // The unreported-but-committed transaction counts as committed from now on.
      if (result.unreported) target.reported.add(lastReported + 1);
      target.next = result.next;
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  figures.seconds = (Date.now() - started) / 1000;
  log(`crash: ${JSON.stringify(figures)}`);
  return { figures, problems };
}

module.exports = { runCrash };
