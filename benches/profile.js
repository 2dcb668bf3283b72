#!/usr/bin/env node
"use strict";
// Runs one workload's operation a fixed number of times with one driver, for
// profilers that count instructions (wall-clock on a busy machine is noisy):
//
//   node benches/profile.js <driver> <workload> <warmup> <iterations>
//   valgrind --tool=callgrind node benches/profile.js addon get-pk 20000 10000
//
// Instructions per operation = (Ir of N iterations - Ir of 0 iterations) / N,
// with the same warm-up in both runs. `benches/callgrind.sh` does exactly that.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DRIVERS } = require("./drivers");
const { WORKLOADS } = require("./workloads");

// ADDON_BINARY=path loads that build of the addon (e.g. one with symbols, for
// callgrind_annotate) in place of ./sqlite.node.
if (process.env.ADDON_BINARY) {
  const Module = require("node:module");
  const file = path.resolve(__dirname, "..", "sqlite.node");
  const m = new Module(file);
  m.filename = file;
  m.exports = require(path.resolve(process.env.ADDON_BINARY));
  m.loaded = true;
  require.cache[file] = m;
}

const [driverName, workloadId, warmupArg, itersArg] = process.argv.slice(2);
const driver = DRIVERS[driverName];
const workload = WORKLOADS.find((w) => w.id === workloadId);
if (!driver || !workload || !["sync", "each"].includes(workload.kind)) {
  console.error("usage: profile.js <driver> <sync workload> <warmup> <iterations>");
  console.error(`drivers: ${Object.keys(DRIVERS).join(", ")}`);
  console.error(`workloads: ${WORKLOADS.filter((w) => w.kind === "sync" || w.kind === "each").map((w) => w.id).join(", ")}`);
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-profile-"));
try {
  const state = workload.setup({ mod: driver.load(), driver, fixtures: {}, tmp });
  const loop = new Function("op", "start", "count", "for (let i = start, end = start + count; i < end; i++) op(i);");
  const warmup = Number(warmupArg ?? 10000);
  const iters = Number(itersArg ?? 10000);
  state.beforeRun?.();
  loop(state.op, 0, warmup);
  loop(state.op, warmup, iters);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
