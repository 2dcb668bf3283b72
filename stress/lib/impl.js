"use strict";
// Which SQLite module the stress scenarios load: the addon, or node:sqlite
// when SQLITE_IMPL=node (the reference, as in the test suite).
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const impl = process.env.SQLITE_IMPL === "node" ? "node" : "addon";
const modulePath = impl === "node" ? "node:sqlite" : root;

/** The SQLite module under test (loaded on first use). */
const load = () => require(modulePath);

/** The Node 26 / Node 24 binaries installed as devDependencies (may be absent). */
const nodeBinary = (pkg) => path.join(root, "node_modules", pkg, "bin", "node");

module.exports = { impl, modulePath, load, root, nodeBinary };
