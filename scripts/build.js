#!/usr/bin/env node
// Builds the Rust addon with cargo and copies the cdylib next to index.js as
// sqlite.node. `--if-missing` skips the build when a binary is already there;
// `--unless-prebuilt` (the install script) skips it when the prebuilt package
// for this platform is installed, unless PHOTOSTRUCTURE_SQLITE_BUILD_FROM_SOURCE=1.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const debug = args.includes("--debug");
const target = path.join(root, "sqlite.node");

if (args.includes("--if-missing") && fs.existsSync(target)) process.exit(0);
if (args.includes("--unless-prebuilt") && !process.env.PHOTOSTRUCTURE_SQLITE_BUILD_FROM_SOURCE) {
  const platform = require("../lib/platforms").currentPlatform();
  try {
    if (platform) {
      require.resolve(`@photostructure/sqlite-${platform}/sqlite.node`, { paths: [root] });
      console.log(`using the prebuilt @photostructure/sqlite-${platform}`);
      process.exit(0);
    }
  } catch {
    // No prebuilt package: build from source.
  }
}

const cargoArgs = ["build", "--lib"];
if (!debug) cargoArgs.push("--release");
// The opt-in SQLCipher flavour (README "Encryption").
if (process.env.PHOTOSTRUCTURE_SQLITE_ENCRYPTION === "1") cargoArgs.push("--features", "sqlcipher");
const result = spawnSync("cargo", cargoArgs, { cwd: root, stdio: "inherit" });
if (result.error) {
  console.error(
    "Could not run cargo (" + result.error.message + "). Building @photostructure/sqlite " +
      "from source needs a Rust toolchain (https://rustup.rs) and libclang.",
  );
  process.exit(1);
}
if (result.status !== 0) process.exit(result.status ?? 1);

const libName = {
  linux: "libphotostructure_sqlite.so",
  darwin: "libphotostructure_sqlite.dylib",
  win32: "photostructure_sqlite.dll",
}[process.platform];
if (!libName) {
  console.error("Unsupported platform: " + process.platform);
  process.exit(1);
}
const built = path.join(root, "target", debug ? "debug" : "release", libName);
// Copy to a temporary name and rename, so a running process that has the old
// binary mapped keeps working.
const tmp = target + ".tmp-" + process.pid;
fs.copyFileSync(built, tmp);
fs.renameSync(tmp, target);
console.log("built " + path.relative(process.cwd(), target));
