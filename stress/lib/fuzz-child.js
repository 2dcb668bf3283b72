"use strict";
// Runs fuzz cases [from, to) of one seed in this process and writes one line
// per finished case to stdout (synchronously, so that when the process dies
// the parent knows exactly which case killed it):
//   <index> \t <JSON { outcomes, messages }> (one entry per call of the case)
// Usage: node [--expose-gc] fuzz-child.js <seed> <from> <to> <mode>
const fs = require("node:fs");
const path = require("node:path");
const { load } = require("./impl");
const { generateCase, runCase } = require("./fuzz-cases");

const [seed, from, to, mode] = process.argv.slice(2);
const sqlite = load();

// Hostile callbacks may throw where nobody catches (e.g. in a progress
// callback); that must not end the run, and is not part of the outcome.
process.on("uncaughtException", () => {});
process.on("unhandledRejection", () => {});

async function main() {
  for (let i = Number(from); i < Number(to); i++) {
    const c = generateCase(seed, i, mode);
    // Each case starts in an empty directory: files made by one case (a
    // database named by a random string) must not change the next one.
    const base = process.cwd();
    const dir = fs.mkdtempSync(path.join(base, "case-"));
    process.chdir(dir);
    let result;
    try {
      result = await runCase(sqlite, c);
    } catch (e) {
      // A fault of the fuzz itself: reported as its own outcome.
      result = { outcomes: [`fuzz-harness-error ${e && e.message}`], messages: [String(e && e.stack)] };
    }
    process.chdir(base);
    fs.rmSync(dir, { recursive: true, force: true });
    if (typeof gc === "function" && i % 25 === 24) gc();
    fs.writeSync(1, `${i}\t${JSON.stringify(result)}\n`);
  }
  if (typeof gc === "function") gc();
  fs.writeSync(1, "end\n");
  // Exit at once: a case may have left callbacks or timers behind.
  process.exit(0);
}

main();
