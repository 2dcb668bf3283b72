#!/usr/bin/env node
// Runs one stress scenario in this process and prints `{ figures, problems }`
// as JSON on the last line of stdout. stress/run.js starts it under each
// installed Node, so that a crash shows up as a dead child.
// Usage: node [--expose-gc] stress/scenario.js <workers|crash> '<options as JSON>'
"use strict";
const { runWorkers } = require("./lib/workers");
const { runCrash } = require("./lib/crash");

const SCENARIOS = { workers: runWorkers, crash: runCrash };

async function main() {
  const [name, json = "{}"] = process.argv.slice(2);
  const run = SCENARIOS[name];
  if (!run) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(", ")}`);
  const result = await run(JSON.parse(json));
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stdout.write(`\n${JSON.stringify({ figures: {}, problems: [String(err && err.stack)] })}\n`);
  process.exitCode = 1;
});
