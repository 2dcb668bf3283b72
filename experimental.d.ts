// Types of @photostructure/sqlite/experimental. This API is experimental: it
// follows its own compatibility policy, apart from the main entry point.
/// <reference types="node" />

/**
 * `"strict"` (the default) refuses SQL whose result would depend on which
 * pooled connection runs it: PRAGMA, ATTACH/DETACH, transaction and savepoint
 * statements, changes to the temp schema, `load_extension()`, and the
 * functions `last_insert_rowid()`, `changes()` and `total_changes()`.
 * `"none"` installs no authorizer. Neither is a sandbox for untrusted SQL.
 */
export type PoolAuthorizer = "strict" | "none";

/** How {@link DatabasePool.batch} begins its transaction (`BEGIN <mode>`). */
export type PoolTransaction = "deferred" | "immediate" | "exclusive";

/**
 * A bind parameter value. Numbers bind as REAL and bigints as INTEGER, as in
 * `node:sqlite`; an `ArrayBufferView`'s bytes bind as a BLOB, copied when the
 * call is made.
 */
export type PoolValue = null | number | bigint | string | ArrayBufferView;

/**
 * Positional parameters (an array), or named ones (a plain object; keys may
 * leave out the `:`, `$` or `@` prefix).
 */
export type PoolParams = readonly PoolValue[] | Readonly<Record<string, PoolValue>>;

/** A statement run on every connection as it opens. */
export interface PoolSetupOperation {
  /** Exactly one SQL statement. */
  readonly sql: string;
  readonly params?: PoolParams;
}

export interface DatabasePoolOptions {
  /**
   * How many connections to open. More than one lets reads run side by side
   * (SQLite still allows one writer at a time). In-memory and temporary
   * databases need exactly one.
   * @default 1
   */
  readonly connections?: number;
  /** @default "strict" */
  readonly authorizer?: PoolAuthorizer;
  /**
   * Read INTEGERs as bigints (and `changes` too). Without it, an integer
   * outside the safe range rejects with `ERR_OUT_OF_RANGE`.
   * @default false
   */
  readonly readBigInts?: boolean;
  /**
   * Rows as arrays of values instead of objects.
   * @default false
   */
  readonly returnArrays?: boolean;
  /**
   * Allow extension loading while `connectionSetup` runs (and only then).
   * @default false
   */
  readonly allowExtension?: boolean;
  /**
   * Statements run in order on each connection before `open()` resolves
   * (e.g. `PRAGMA journal_mode=WAL`, `PRAGMA busy_timeout=5000`). One that
   * fails rejects `open()`, and the connections opened so far are closed.
   * @default []
   */
  readonly connectionSetup?: readonly PoolSetupOperation[];
}

export interface PoolRunOperation extends PoolSetupOperation {
  readonly kind: "run";
}

export interface PoolGetOperation extends PoolSetupOperation {
  readonly kind: "get";
}

export interface PoolAllOperation extends PoolSetupOperation {
  readonly kind: "all";
}

/** One entry of {@link DatabasePool.batch}. */
export type PoolOperation = PoolRunOperation | PoolGetOperation | PoolAllOperation;

export interface PoolBatchOptions {
  /**
   * Run the whole batch in one transaction, rolled back on any error. Without
   * it the batch stops at the first error, keeping what ran before it.
   */
  readonly transaction?: PoolTransaction;
}

export interface PoolRunResult {
  /** Rows the statement changed; a bigint with `readBigInts`. */
  readonly changes: number | bigint;
}

/** A row by column name, with a null prototype. */
export type PoolObjectRow = Record<string, PoolValue>;
/** A row as its column values in order (`returnArrays`). */
export type PoolArrayRow = PoolValue[];
export type PoolRow = PoolObjectRow | PoolArrayRow;
/** What one {@link PoolOperation} produced, by its kind. */
export type PoolOperationResult = PoolRunResult | PoolRow | PoolRow[] | undefined;

/**
 * A fixed set of SQLite connections whose work runs on the libuv thread
 * pool, so the event loop keeps turning while SQL runs. Each connection takes
 * one call at a time; further calls wait in order for a free one.
 *
 * @example
 * ```ts
 * import { DatabasePool } from "@photostructure/sqlite/experimental";
 * await using pool = await DatabasePool.open("app.db", {
 *   connections: 2,
 *   connectionSetup: [{ sql: "PRAGMA journal_mode=WAL" }],
 * });
 * await pool.run("INSERT INTO users(name) VALUES (?)", ["Ada"]);
 * const users = await pool.all("SELECT * FROM users");
 * ```
 */
export declare class DatabasePool {
  private constructor();
  /**
   * Opens the connections and runs `connectionSetup` on each.
   * @param location A path, `":memory:"`, a `file:` URI, or a `file:` URL.
   */
  static open(location: string | Buffer | Uint8Array | URL, options?: DatabasePoolOptions): Promise<DatabasePool>;
  /**
   * Runs one statement, discarding its rows. There is no `lastInsertRowid`:
   * use `INSERT ... RETURNING` with {@link get} or {@link all}.
   */
  run(sql: string, params?: PoolParams): Promise<PoolRunResult>;
  /** Runs one statement and resolves with its first row, or `undefined`. */
  get(sql: string, params?: PoolParams): Promise<PoolRow | undefined>;
  /** Runs one statement and resolves with all its rows. */
  all(sql: string, params?: PoolParams): Promise<PoolRow[]>;
  /** Runs the operations in order on one connection; results in the same order. */
  batch(operations: readonly PoolOperation[], options?: PoolBatchOptions): Promise<PoolOperationResult[]>;
  /**
   * Rejects new calls from now on (`ERR_INVALID_STATE`), lets accepted ones
   * finish, then closes every connection. Repeated calls share one promise.
   */
  close(): Promise<void>;
  /** The same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}
