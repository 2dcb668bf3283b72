"use strict";
// Fuzz orchestration: runs cases in child processes (fuzz-child.js), so that
// a crash is caught and pinned to its seed and case, and compares the
// outcomes of the addon with those of node:sqlite.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { generateCase, describeCase } = require("./fuzz-cases");
const { ALLOWED } = require("./fuzz-allow");

const CHILD = path.join(__dirname, "fuzz-child.js");

/**
 * Runs cases [from, to) in one child. Resolves with the outcomes it reported
 * and, if it did not finish, how it died and at which case.
 */
function runChild({ nodeBinary, impl, seed, from, to, mode, stallMs }) {
  return new Promise((resolve, reject) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-fuzz-"));
    const child = spawn(nodeBinary, ["--expose-gc", CHILD, String(seed), String(from), String(to), mode], {
      cwd,
      env: { ...process.env, SQLITE_IMPL: impl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const results = new Map();
    let last = from - 1;
    let complete = false;
    let buffered = "";
    let stderr = "";
    let hung = false;
    let watchdog;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        hung = true;
        child.kill("SIGKILL");
      }, stallMs);
    };
    arm();
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      arm();
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === "end") {
          complete = true;
          continue;
        }
        const tab = line.indexOf("\t");
        last = Number(line.slice(0, tab));
        results.set(last, JSON.parse(line.slice(tab + 1)));
      }
    });
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(watchdog);
      fs.rmSync(cwd, { recursive: true, force: true });
      if (complete && code === 0) return resolve({ results, complete: true });
      resolve({ results, complete: false, failedAt: last + 1, death: { code, signal, hung, stderr } });
    });
  });
}

/**
 * Runs cases [from, to) in `jobs` parallel batches. With `skipCrashes`, a
 * case that kills the process is recorded and the batch resumes after it.
 */
async function runCases({ nodeBinary = process.execPath, impl, seed, from = 0, to, mode = "compare", jobs = 2, skipCrashes = false, stallMs = 60000 }) {
  const results = new Map();
  const crashes = [];
  const size = Math.ceil((to - from) / jobs);
  const batches = [];
  for (let start = from; start < to; start += size) batches.push([start, Math.min(to, start + size)]);
  await Promise.all(
    batches.map(async ([start, end]) => {
      while (start < end) {
        const r = await runChild({ nodeBinary, impl, seed, from: start, to: end, mode, stallMs });
        for (const [k, v] of r.results) results.set(k, v);
        if (r.complete) return;
        crashes.push({ index: r.failedAt, ...r.death });
        if (!skipCrashes) return;
        start = r.failedAt + 1;
      }
    }),
  );
  crashes.sort((a, b) => a.index - b.index);
  return { results, crashes };
}

/** A one-line reproduction of a case. */
function reproduce({ seed, index, mode, impl, nodeBinary = "node" }) {
  const env = impl === "node" ? "SQLITE_IMPL=node " : "";
  return `${env}${nodeBinary} --expose-gc stress/lib/fuzz-child.js ${seed} ${index} ${index + 1} ${mode}`;
}

/**
 * Compares the outcomes call by call. A differing call is allowed when an
 * allow-list rule matches it (`rule.match({ step, index, case }, addon,
 * reference)` with the call's outcome and message on both sides); a case with
 * any other difference is returned in full. Once a call differs, later calls
 * of the case are not compared (the two fixtures have diverged).
 */
function compare({ seed, mode = "compare", addon, reference, referenceLabel = "node", allow = ALLOWED }) {
  const allowed = {};
  const differences = [];
  let compared = 0;
  let identical = 0;
  for (const [index, a] of addon) {
    const n = reference.get(index);
    if (!n) continue;
    compared++;
    const steps = Math.max(a.outcomes.length, n.outcomes.length);
    let c;
    let unexplained = false;
    for (let i = 0; i < steps; i++) {
      const ao = a.outcomes[i];
      const no = n.outcomes[i];
      if (ao === no) continue;
      c = c || generateCase(seed, index, mode);
      const call = { step: c.steps[i], index: i, case: c };
      const mine = { outcome: ao, message: a.messages[i] };
      const theirs = { outcome: no, message: n.messages[i] };
      const rule = allow.find((r) => (!r.reference || r.reference === referenceLabel) && r.match(call, mine, theirs));
      if (rule) allowed[rule.id] = (allowed[rule.id] || 0) + 1;
      else unexplained = true;
      break;
    }
    if (!c) identical++;
    if (unexplained) differences.push({ index, case: describeCase(c), addon: a, [referenceLabel]: n });
  }
  return { compared, identical, allowed, differences };
}

module.exports = { runCases, runChild, compare, reproduce };
