#!/usr/bin/env node
// Builds the SQLCipher flavour (cargo feature `sqlcipher`, vendored OpenSSL)
// into its own target directory, then runs __test__/encryption/ against it.
// The default build in ./sqlite.node is left untouched.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const targetDir = path.join(root, "target", "sqlcipher");
const run = (cmd, args, env) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });

const started = Date.now();
const build = run("cargo", ["build", "--lib", "--release", "--features", "sqlcipher"], { CARGO_TARGET_DIR: targetDir });
if (build.status !== 0) {
  console.log("encryption: 0 passed, 1 failed (the SQLCipher build failed)");
  process.exit(1);
}
const lib = path.join(targetDir, "release", "libphotostructure_sqlite.so");
const addon = path.join(targetDir, "sqlite.node");
fs.copyFileSync(lib, addon);
const size = (f) => (fs.statSync(f).size / 1048576).toFixed(1) + " MiB";
const plain = path.join(root, "sqlite.node");
console.log(
  `SQLCipher build: ${((Date.now() - started) / 1000).toFixed(0)} s, ${size(addon)}` +
    (fs.existsSync(plain) ? ` (default build: ${size(plain)})` : ""),
);
const test = run(process.env.npm_node_execpath || process.execPath, ["--test", path.join("__test__", "encryption", "encryption.test.js")], {
  PHOTOSTRUCTURE_SQLITE_ADDON: addon,
});
process.exit(test.status ?? 1);
