// A smoke test of the package under one JavaScript runtime (Node, Bun or
// Deno): the main features, a worker, an async backup and a changeset. Prints
// "smoke: N passed, N failed" and exits non-zero on any failure.
import { DatabaseSync, backup, constants } from "@photostructure/sqlite";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-smoke-"));
let passed = 0;
let failed = 0;

function check(name, fn) {
  return Promise.resolve()
    .then(fn)
    .then(
      () => {
        passed++;
      },
      (err) => {
        failed++;
        console.log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
      },
    );
}

function equal(actual, expected, what) {
  const a = JSON.stringify(actual, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
  const e = JSON.stringify(expected, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const db = new DatabaseSync(":memory:");
await check("open and exec", () => db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"));
await check("positional parameters", () => {
  db.prepare("INSERT INTO t(v) VALUES (?)").run("a");
  equal(db.prepare("SELECT v FROM t WHERE id = ?").get(1).v, "a", "value");
});
await check("named parameters", () => {
  db.prepare("INSERT INTO t(v) VALUES ($v)").run({ v: "b" });
  equal(db.prepare("SELECT count(*) AS n FROM t").get().n, 2, "count");
});
await check("bigint", () => {
  equal(db.prepare("SELECT ? AS big").get(2n ** 40n).big, 2 ** 40, "number");
  const s = db.prepare("SELECT ? AS big");
  s.setReadBigInts(true);
  equal(s.get(2n ** 60n).big, 2n ** 60n, "bigint");
});
await check("BLOB", () => {
  const out = db.prepare("SELECT ? AS b").get(new Uint8Array([1, 2, 3])).b;
  equal(out instanceof Uint8Array && [...out], [1, 2, 3], "bytes");
});
await check("function", () => {
  db.function("twice", (x) => x * 2);
  equal(db.prepare("SELECT twice(21) AS x").get().x, 42, "result");
});
await check("aggregate", () => {
  db.aggregate("total", { start: 0, step: (acc, x) => acc + x });
  equal(db.prepare("SELECT total(id) AS s FROM t").get().s, 3, "sum");
});
await check("transactions", () => {
  db.exec("BEGIN");
  equal(db.isTransaction, true, "inside");
  db.exec("ROLLBACK");
  equal(db.isTransaction, false, "after");
});
await check("use after close", () => {
  const other = new DatabaseSync(":memory:");
  const stmt = other.prepare("SELECT 1");
  other.close();
  try {
    stmt.get();
    throw new Error("no error");
  } catch (e) {
    equal(e.code, "ERR_INVALID_STATE", "code");
  }
});
await check("constants", () => equal(constants.SQLITE_CHANGESET_REPLACE, 1, "value"));
await check("worker with its own connection", async () => {
  const code = `
    const { parentPort } = require("node:worker_threads");
    const { DatabaseSync } = require(${JSON.stringify(root)});
    const db = new DatabaseSync(":memory:");
    parentPort.postMessage(db.prepare("SELECT 6 * 7 AS x").get().x);
    db.close();
  `;
  const worker = new Worker(code, { eval: true });
  // Listened for from the start: on some Node versions 'exit' can follow
  // 'message' before code awaiting the message resumes.
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  const value = await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  equal(value, 42, "answer");
  await exited;
});
await check("async backup with progress", async () => {
  const source = new DatabaseSync(path.join(dir, "source.db"));
  source.exec("CREATE TABLE big(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 500) INSERT INTO big SELECT randomblob(1000) FROM c");
  const calls = [];
  const pages = await backup(source, path.join(dir, "copy.db"), { rate: 20, progress: (p) => calls.push(p) });
  const copy = new DatabaseSync(path.join(dir, "copy.db"));
  equal(copy.prepare("SELECT count(*) AS n FROM big").get().n, 500, "rows");
  if (!(pages > 20 && calls.length > 0)) throw new Error(`pages ${pages}, progress calls ${calls.length}`);
  copy.close();
  source.close();
});
await check("changeset applied to a second database", () => {
  const a = new DatabaseSync(":memory:");
  const b = new DatabaseSync(":memory:");
  for (const d of [a, b]) d.exec("CREATE TABLE kv(k TEXT PRIMARY KEY, v)");
  const session = a.createSession();
  a.prepare("INSERT INTO kv VALUES (?, ?)").run("x", 1);
  equal(b.applyChangeset(session.changeset()), true, "applied");
  equal(b.prepare("SELECT v FROM kv WHERE k = 'x'").get().v, 1, "row");
  session.close();
  a.close();
  b.close();
});
await check("ESM import by name", () => {
  if (typeof DatabaseSync !== "function" || typeof backup !== "function") throw new Error("missing exports");
});

db.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`smoke: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
