// Typed usage of the experimental DatabasePool (resolved through the
// package's "exports" → experimental.d.ts). Compile-only: never executed.
import { DatabasePool } from "@photostructure/sqlite/experimental";
import type {
  DatabasePoolOptions,
  PoolOperation,
  PoolOperationResult,
  PoolRow,
  PoolRunResult,
} from "@photostructure/sqlite/experimental";
import { DatabaseSync } from "@photostructure/sqlite";

async function poolUsage(): Promise<number> {
  const options: DatabasePoolOptions = {
    connections: 2,
    authorizer: "strict",
    readBigInts: false,
    returnArrays: false,
    connectionSetup: [{ sql: "PRAGMA journal_mode=WAL" }, { sql: "PRAGMA busy_timeout = ?", params: [5000] }],
  };
  const pool: DatabasePool = await DatabasePool.open("app.db", options);
  const run: PoolRunResult = await pool.run("INSERT INTO users(name) VALUES (?)", ["Ada"]);
  const one: PoolRow | undefined = await pool.get("SELECT * FROM users WHERE name = :name", { name: "Ada" });
  const all: PoolRow[] = await pool.all("SELECT * FROM users");
  const ops: PoolOperation[] = [
    { kind: "run", sql: "DELETE FROM users WHERE id = ?", params: [1n] },
    { kind: "get", sql: "SELECT count(*) AS n FROM users" },
    { kind: "all", sql: "SELECT * FROM users", params: [] },
  ];
  const results: PoolOperationResult[] = await pool.batch(ops, { transaction: "immediate" });
  await pool.close();
  await pool[Symbol.asyncDispose]();
  // @ts-expect-error the pool has no synchronous prepare()
  pool.prepare("SELECT 1");
  // @ts-expect-error authorizer is "strict" or "none"
  await DatabasePool.open(":memory:", { authorizer: "lenient" });
  // @ts-expect-error the constructor is private: use DatabasePool.open()
  new DatabasePool();
  return Number(run.changes) + (one ? 1 : 0) + all.length + results.length;
}
void poolUsage;

// The statementCache option of the main entry point.
const cached = new DatabaseSync(":memory:", { statementCache: 100 });
cached.close();
// @ts-expect-error the cache size is a number
new DatabaseSync(":memory:", { statementCache: true });
