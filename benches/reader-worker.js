"use strict";
// A worker thread of the "workers" workloads: its own connection to the shared
// file, get() by primary key in a loop for as long as the parent asks.
const { parentPort, workerData } = require("node:worker_threads");
const { DRIVERS } = require("./drivers");
const { USERS } = require("./workloads");

const driver = DRIVERS[workerData.driverName];
const mod = driver.load();
const db = driver.open(mod, workerData.file, { readOnly: true });
const stmt = db.prepare("SELECT * FROM users WHERE id = ?");
let sink;
let next = 0;

parentPort.on("message", ({ ms }) => {
  const budget = ms * 1e6;
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsed;
  do {
    for (let j = 0; j < 256; j++) sink = stmt.get((next++ % USERS) + 1);
    ops += 256;
    elapsed = Number(process.hrtime.bigint() - start);
  } while (elapsed < budget);
  parentPort.postMessage({ ops, ns: elapsed, open: db.isOpen ?? db.open });
});
parentPort.postMessage("ready");
