"use strict";
// Runs every example in examples/ as its own process, with the Node running
// this test, and checks that it exits 0, prints what it should, and removes
// its temporary files. Under SQLITE_IMPL=node the examples that use only
// node:sqlite API run against node:sqlite (see use-node-sqlite.js); the
// others use extras and are skipped there.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { execFile } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { isNode, tmpPath } = require("./common");

const examplesDir = path.resolve(__dirname, "..", "examples");

// Each example, whether it runs on node:sqlite too, and lines it must print
// (a string is a whole line, a RegExp must match some line).
const EXAMPLES = [
  {
    file: "worker-thread.js",
    stdout: [
      "Worker 1 result: { success: true, result: [ { count: 2 } ] }",
      "Worker 2 result: { success: true, result: [ { count: 4 } ] }",
      "Worker 1 error: ERR_SQLITE_ERROR no such table: missing_table",
    ],
  },
  {
    file: "worker-pool.js",
    stdout: ["Pending orders: 2", "Total since 2024: 25", "Electronics: phone, tv"],
  },
  {
    file: "backup-progress.js",
    stdout: [
      "Backup completed successfully",
      "Starting backup of production.db...",
      /^\r\[=+ *\] \d+\.\d%/,
      "Backup completed!",
      "backup-2024-01-15.db: 250 rows, integrity ok",
      "backup-with-progress.db: 250 rows, integrity ok",
    ],
    stderr: ["Backup failed: unable to open database file"],
  },
  {
    file: "backup-manager.js",
    stdout: [
      /^Backup created: backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.db$/,
      "Removed old backup: backup-2020-01-01T00-00-00.db",
      "Kept 3 backups",
      "Newest backup has 3 notes",
    ],
  },
  {
    file: "session-sync.js",
    nodeSqlite: true,
    stdout: [/^Changeset size: \d+ bytes$/, "Applied: true", "Replica users: 1=Alice Smith, 2=Carol, 4=Bob"],
  },
  {
    file: "conflict-handling.js",
    nodeSqlite: true,
    stdout: ["Conflict detected: SQLITE_CHANGESET_DATA", "Sync complete: true", "Replica prices: pen=11, ink=22, pad=5.5"],
  },
  {
    file: "undo-redo.js",
    stdout: [
      "Undid: Add new document -> New content",
      "Redid: Add new document -> New content | Another document",
      "Undid both -> Original",
    ],
  },
  {
    file: "uri-filenames.js",
    nodeSqlite: true,
    stdout: ["Read-only database: France, Japan", "Write refused: attempt to write a readonly database", "Created: data.db true"],
  },
  {
    file: "pragmas.js",
    nodeSqlite: true,
    stdout: ["mmap_size: 268435456", 'Settings: {"cache_size":-64000,"temp_store":2,"page_size":4096}'],
  },
  {
    file: "connection-pool.js",
    nodeSqlite: true,
    stdout: ["Rows per table: 2, 1, 0", "Products seen by each connection: 1 1 1 1 1 1 1 1 1 1", "Available after use: 10"],
  },
  {
    file: "bulk-insert.js",
    stdout: [
      "Inserted 100000 records",
      /^Bulk insert completed in \d+ms$/,
      "Batch rolled back: NOT NULL constraint failed: measurements.value; still 100000 records",
    ],
  },
];
// Files in examples/ that are not examples run here on their own.
const NOT_RUN = ["demo.js" /* npm run demo */, "db-worker.js" /* worker-thread.js's worker */];

// Redirecting the package to node:sqlite needs module.registerHooks (Node 22.15+).
const canRedirect = typeof require("node:module").registerHooks === "function";

function run(file, tmpDir) {
  const args = isNode ? ["--require", path.join(__dirname, "use-node-sqlite.js"), file] : [file];
  // The examples put their files under os.tmpdir(): point it at a directory of our own.
  const env = { ...process.env, TMPDIR: tmpDir, TMP: tmpDir, TEMP: tmpDir };
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: tmpDir, env, timeout: 20000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr });
    });
  });
}

function assertPrinted(output, expected, label) {
  const lines = output.split(/\r?\n/);
  for (const want of expected) {
    const found = typeof want === "string" ? lines.includes(want) : lines.some((l) => want.test(l));
    assert.ok(found, `${label} lacks ${want instanceof RegExp ? want : JSON.stringify(want)}:\n${output}`);
  }
}

describe("examples", () => {
  test("every file in examples/ is run here or listed as not run", () => {
    const files = fs.readdirSync(examplesDir).filter((f) => f.endsWith(".js"));
    const known = [...EXAMPLES.map((e) => e.file), ...NOT_RUN];
    assert.deepEqual(files.filter((f) => !known.includes(f)), []);
    assert.deepEqual(known.filter((f) => !files.includes(f)), []);
  });

  for (const example of EXAMPLES) {
    let skip = false;
    if (isNode && !example.nodeSqlite) skip = "uses addon extras that node:sqlite lacks";
    else if (isNode && !canRedirect) skip = "needs module.registerHooks (Node 22.15+)";
    test(example.file, { skip, timeout: 30000 }, async () => {
      const tmpDir = path.dirname(tmpPath());
      const { code, stdout, stderr } = await run(path.join(examplesDir, example.file), tmpDir);
      assert.equal(code, 0, `exit code ${code}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      assertPrinted(stdout, example.stdout, "stdout");
      assertPrinted(stderr, example.stderr ?? [], "stderr");
      if (!example.stderr) assert.equal(stderr, "");
      assert.deepEqual(fs.readdirSync(tmpDir), [], "the example left files behind");
    });
  }
});
