"use strict";
// Scanning a 1,000,000-row JavaScript virtual table (db.createModule) against
// reading the same rows from a real table, with this addon. Where available,
// better-sqlite3's db.table() (its JS table-valued functions) runs the same
// scans for reference.
//
//   node benches/vtab.js [--rows=1000000] [--runs=5]
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const ROWS = arg("rows", 1_000_000);
const RUNS = arg("runs", 5);

const { DatabaseSync } = require(path.resolve(__dirname, ".."));

function* generate(count) {
  for (let i = 0; i < count; i++) yield [i, "row"];
}

/** The addon's database: the virtual table `vt` and the real table `t`, same rows. */
function addonDatabase() {
  const db = new DatabaseSync(":memory:");
  db.createModule("vt", {
    columns: [
      { name: "v", type: "INTEGER" },
      { name: "s", type: "TEXT" },
    ],
    rows: () => generate(ROWS),
  });
  db.exec("CREATE TABLE t(v INTEGER, s TEXT)");
  db.exec("BEGIN");
  const insert = db.prepare("INSERT INTO t VALUES (?, ?)");
  for (const [v, s] of generate(ROWS)) insert.run(v, s);
  db.exec("COMMIT");
  return db;
}

/** better-sqlite3, if installed (`npm run bench:setup`) and built for this Node. */
function betterSqlite3Database() {
  const file = path.join(__dirname, "node_modules", "better-sqlite3");
  // A binary built for another Node can crash the process instead of failing
  // to load, so probe it in a child first.
  const probe = `new (require(${JSON.stringify(file)}))(":memory:").prepare("SELECT 1").get()`;
  if (spawnSync(process.execPath, ["-e", probe], { stdio: "ignore" }).status !== 0) return undefined;
  const Database = require(file);
  const db = new Database(":memory:");
  db.table("vt", {
    columns: ["v", "s"],
    *rows() {
      yield* generate(ROWS);
    },
  });
  db.exec("CREATE TABLE t(v INTEGER, s TEXT)");
  const insert = db.prepare("INSERT INTO t VALUES (?, ?)");
  db.transaction(() => {
    for (const [v, s] of generate(ROWS)) insert.run(v, s);
  })();
  return db;
}

/** The scans: SQLite aggregates every row, or JS receives every row. */
const SCANS = {
  "aggregate: SELECT count(*), sum(v)": (db, table) => db.prepare(`SELECT count(*) c, sum(v) s FROM ${table}`).get(),
  "iterate: every row to JS": (db, table) => {
    let n = 0;
    for (const row of db.prepare(`SELECT v, s FROM ${table}`).iterate()) n += row.v >= 0;
    return n;
  },
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn) {
  const times = [];
  fn(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function main() {
  const drivers = [["this addon", addonDatabase()]];
  const better = betterSqlite3Database();
  if (better) drivers.push(["better-sqlite3", better]);
  console.log(`Node ${process.version}, ${ROWS.toLocaleString("en-US")} rows, median of ${RUNS} runs\n`);
  const header = ["driver", "scan", "JS vtab (ms)", "real table (ms)", "vtab / table", "vtab rows/s"];
  const lines = [header];
  for (const [label, db] of drivers) {
    for (const [scan, run] of Object.entries(SCANS)) {
      const vtab = time(() => run(db, "vt"));
      const table = time(() => run(db, "t"));
      const rate = Math.round(ROWS / (vtab / 1000)).toLocaleString("en-US");
      lines.push([label, scan, vtab.toFixed(0), table.toFixed(0), `${(vtab / table).toFixed(1)}x`, rate]);
    }
    db.close();
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const line of lines) console.log(line.map((cell, i) => cell.padEnd(widths[i])).join("  "));
}

main();
