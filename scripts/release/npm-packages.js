#!/usr/bin/env node
// Release step: turns the per-platform build artifacts into npm packages.
//
//   node scripts/release/npm-packages.js <artifacts-dir> <out-dir>
//
// <artifacts-dir>/<platform>/sqlite.node (one per PLATFORMS entry, all
// required) becomes <out-dir>/<platform>/ = { package.json, sqlite.node,
// README.md }, an npm package named `@photostructure/sqlite-<platform>` with
// `os`/`cpu`/`libc` set so that npm installs only the matching one. The root
// package.json gets those packages as `optionalDependencies` at its own
// version (in the release checkout only; the repository keeps none).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { PLATFORMS } = require("../../lib/platforms");

const root = path.resolve(__dirname, "..", "..");
const [artifacts, out] = process.argv.slice(2).map((p) => path.resolve(p));
if (!artifacts || !out) {
  console.error("usage: npm-packages.js <artifacts-dir> <out-dir>");
  process.exit(2);
}

const rootPackagePath = path.join(root, "package.json");
const rootPackage = JSON.parse(fs.readFileSync(rootPackagePath, "utf8"));
const optionalDependencies = {};

for (const [platform, target] of Object.entries(PLATFORMS)) {
  const binary = path.join(artifacts, platform, "sqlite.node");
  if (!fs.existsSync(binary)) {
    console.error(`missing build artifact: ${binary}`);
    process.exit(1);
  }
  const name = `${rootPackage.name}-${platform}`;
  const dir = path.join(out, platform);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(binary, path.join(dir, "sqlite.node"));
  const pkg = {
    name,
    version: rootPackage.version,
    description: `${rootPackage.name} prebuilt Node-API addon for ${platform} (${target.rust})`,
    main: "sqlite.node",
    files: ["sqlite.node"],
    os: [target.os],
    cpu: [target.cpu],
    ...(target.libc ? { libc: [target.libc] } : {}),
    engines: rootPackage.engines,
    license: rootPackage.license,
    ...(rootPackage.repository ? { repository: rootPackage.repository } : {}),
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  fs.writeFileSync(
    path.join(dir, "README.md"),
    `# ${name}\n\nThe prebuilt \`${target.rust}\` binary of [${rootPackage.name}](https://www.npmjs.com/package/${rootPackage.name}).\nInstall \`${rootPackage.name}\` instead; npm picks this package on ${platform}.\n`,
  );
  optionalDependencies[name] = rootPackage.version;
  console.log(`${name}@${rootPackage.version}: ${path.relative(root, dir)}`);
}

rootPackage.optionalDependencies = optionalDependencies;
fs.writeFileSync(rootPackagePath, JSON.stringify(rootPackage, null, 2) + "\n");
