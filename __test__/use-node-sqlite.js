"use strict";
// Preloaded (`node --require`) by examples.test.js under SQLITE_IMPL=node, so
// that an example's require("@photostructure/sqlite") loads Node's built-in
// node:sqlite instead and the example runs unchanged against it. Preloads run
// in worker threads too. This module itself stands in for the package.
const { isMainThread } = require("node:worker_threads");
const { registerHooks } = require("node:module");
const { pathToFileURL } = require("node:url");

module.exports = require("node:sqlite");

const PACKAGE = "@photostructure/sqlite";
const self = pathToFileURL(__filename).href;
let redirected = false;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier !== PACKAGE) return next(specifier, context);
    redirected = true;
    return { url: self, format: "commonjs", shortCircuit: true };
  },
});

// A run that never loaded the package proves nothing about node:sqlite.
if (isMainThread) {
  process.on("exit", (code) => {
    if (code === 0 && !redirected) {
      console.error(`use-node-sqlite: ${PACKAGE} was never required`);
      process.exitCode = 1;
    }
  });
}
