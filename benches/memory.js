#!/usr/bin/env node
"use strict";
// RSS growth while one driver walks 1,000,000 rows with iterate() (the
// issue's memory target: under 50 MB). Run by run.js in a fresh process per
// driver and Node version:
//   node --expose-gc benches/memory.js <driver> <database file>
// Prints one JSON line: the peak and final growth over the RSS measured
// (after a GC) just before the walk, and how many rows were seen.
const { DRIVERS } = require("./drivers");

const [driverName, file] = process.argv.slice(2);
const driver = DRIVERS[driverName];
if (!driver || !file) {
  console.error("usage: memory.js <driver> <database file>");
  process.exit(2);
}

const MB = 1024 * 1024;
const db = driver.open(driver.load(), file, { readOnly: true });
const stmt = db.prepare("SELECT id, name, email, age, score FROM rows");
global.gc?.();
const baseline = process.memoryUsage.rss();
let peak = baseline;
let rows = 0;
let checksum = 0;
for (const row of stmt.iterate()) {
  checksum += row.age;
  if (++rows % 10000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
}
peak = Math.max(peak, process.memoryUsage.rss());
global.gc?.();
const end = process.memoryUsage.rss();
db.close();
console.log(JSON.stringify({ rows, checksum, baselineMB: baseline / MB, peakGrowthMB: (peak - baseline) / MB, endGrowthMB: (end - baseline) / MB }));
