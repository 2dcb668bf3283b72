"use strict";
// The worker script of worker-thread.js (the guide's db-worker.js): it opens
// its own connection and answers { sql, params } messages with the rows.
const { parentPort, workerData } = require("worker_threads");
const { DatabaseSync } = require("@photostructure/sqlite");

// Each worker creates its own database connection.
// Guide fix: the path comes from workerData instead of a hard-coded "./app.db".
const db = new DatabaseSync(workerData.dbPath);

parentPort.on("message", ({ sql, params }) => {
  try {
    const stmt = db.prepare(sql);
    const result = stmt.all(...(params || []));
    // finalize() is an addon alias of close(); node:sqlite has only close().
    (stmt.finalize ?? stmt.close).call(stmt);
    parentPort.postMessage({ success: true, result });
  } catch (error) {
    parentPort.postMessage({
      success: false,
      error: error.message,
      code: error.code,
    });
  }
});

// Cleanup on exit
process.on("exit", () => {
  db.close();
});
