"use strict";
// Helpers shared by the patterns-*.test.js files.
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { isNode } = require("./common");

const ADDON_ONLY = isNode && "uses an addon extra that node:sqlite lacks";

/** A class from examples/, where the guide's code lives; under SQLITE_IMPL=node the example's
 *  require("@photostructure/sqlite") is redirected to node:sqlite, as examples.test.js does. */
function fromExample(name) {
  if (isNode) require("./use-node-sqlite.js");
  return require(path.join("..", "examples", name));
}

const all = (db, sql) => db.prepare(sql).all();
const row = (obj) => ({ __proto__: null, ...obj });

/** A console stand-in that records lines. */
function recorder() {
  const lines = [];
  return {
    lines,
    console: {
      log: (...args) => lines.push(args.join(" ")),
      error: (...args) => lines.push(`error: ${args.join(" ")}`),
    },
  };
}

/** Records the global console's log and error lines, as recorder() does, until the test `t` ends. */
function mockConsole(t) {
  const lines = [];
  t.mock.method(console, "log", (...args) => lines.push(args.join(" ")));
  t.mock.method(console, "error", (...args) => lines.push(`error: ${args.join(" ")}`));
  return lines;
}

/** A worker running examples/<name>; under SQLITE_IMPL=node the example's
 *  require("@photostructure/sqlite") is redirected to node:sqlite there too. */
function exampleWorker(name, options = {}) {
  const execArgv = isNode ? ["--require", path.join(__dirname, "use-node-sqlite.js")] : [];
  return new Worker(path.join(__dirname, "..", "examples", name), { ...options, execArgv });
}

function nextMessage(worker) {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    worker.once("error", onError);
    worker.once("message", (m) => {
      worker.off("error", onError);
      resolve(m);
    });
  });
}

module.exports = { ADDON_ONLY, fromExample, all, row, recorder, mockConsole, exampleWorker, nextMessage };
