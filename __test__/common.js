"use strict";
// Shared by every test file. SQLITE_IMPL=node runs the same tests against the
// real node:sqlite (Node >= 22.13), so each behaviour is checked against it.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const impl = process.env.SQLITE_IMPL === "node" ? "node" : "addon";
const sqlite = impl === "node" ? require("node:sqlite") : require("..");
const nodeMajor = Number(process.versions.node.split(".")[0]);

let tmpRoot;
/** A fresh path in a per-process temporary directory (removed at exit). */
function tmpPath(name = "test.db") {
  if (!tmpRoot) {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-test-"));
    process.on("exit", () => fs.rmSync(tmpRoot, { recursive: true, force: true }));
  }
  const dir = fs.mkdtempSync(path.join(tmpRoot, "t-"));
  return path.join(dir, name);
}

module.exports = {
  sqlite,
  impl,
  isNode: impl === "node",
  isAddon: impl === "addon",
  nodeMajor,
  tmpPath,
  addonPath: path.resolve(__dirname, ".."),
};
