#!/usr/bin/env node
"use strict";
// Per-operation self cost by function: (profile of N iterations - profile of
// 0 iterations) / N, from two callgrind output files.
//   node benches/callgrind-diff.js <base.out> <run.out> <N> [top=40]
const { execFileSync } = require("node:child_process");

const [baseFile, runFile, nArg, topArg] = process.argv.slice(2);
const n = Number(nArg);

function selfCosts(file) {
  const text = execFileSync("callgrind_annotate", ["--threshold=100", "--auto=no", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  const costs = new Map();
  for (const line of text.split("\n")) {
    const m = line.match(/^\s*([\d,]+) \([^)]*\)\s+(.*)$/);
    if (!m || m[2] === "PROGRAM TOTALS") continue;
    const name = m[2].replace(/'\d+/g, "").replace(/ \[.*\]$/, "").replace(/^.*?:(?=[^/]*$)/, "");
    costs.set(name, (costs.get(name) ?? 0) + Number(m[1].replace(/,/g, "")));
  }
  return costs;
}

const base = selfCosts(baseFile);
const run = selfCosts(runFile);
const rows = [];
let total = 0;
for (const [name, cost] of run) {
  const d = (cost - (base.get(name) ?? 0)) / n;
  total += d;
  rows.push([d, name]);
}
rows.sort((a, b) => b[0] - a[0]);
console.log(`total ${total.toFixed(0)} instructions per operation`);
for (const [d, name] of rows.slice(0, Number(topArg ?? 40))) {
  if (Math.abs(d) < 1) break;
  console.log(`${d.toFixed(1).padStart(9)}  ${name.slice(0, 150)}`);
}
