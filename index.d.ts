// Type declarations for @photostructure/sqlite: the API of `node:sqlite` as
// shipped in Node 26.10, plus this package's extensions (each one tagged
// `@extension @photostructure/sqlite` below).
//
// Needs TypeScript 5.7+ (generic typed arrays, `IteratorObject`) and the
// globals `URL`, `AbortSignal`, `Disposable` and `Symbol.dispose`, which
// `@types/node` provides (or `lib: ["dom", "esnext.disposable"]`).
//
// `__test__/types/compat.ts` checks these declarations against @types/node's
// `node:sqlite` in both directions; keep the two in step when editing.

// ---------------------------------------------------------------- values

/**
 * A JavaScript value that can be bound to a statement parameter:
 * `number` → REAL, `bigint` → INTEGER, `string` → TEXT, `boolean` → INTEGER 1/0,
 * `null` and `undefined` → NULL, any TypedArray or DataView (its bytes),
 * `ArrayBuffer` or `SharedArrayBuffer` → BLOB.
 */
export type SQLInputValue =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | ArrayBufferView
  | ArrayBuffer
  | SharedArrayBuffer;

/**
 * A value read from SQLite: INTEGER → `number` (or `bigint` with `readBigInts`
 * / `useBigIntArguments`), REAL → `number`, TEXT → `string`, BLOB → a fresh
 * `Uint8Array`, NULL → `null`.
 */
export type SQLOutputValue = null | number | bigint | string | Uint8Array<ArrayBuffer>;

/**
 * What a user-defined function (or an aggregate's `result`) may return:
 * like {@link SQLInputValue} except booleans, which are rejected with
 * "Returned JavaScript value cannot be converted to a SQLite value".
 */
export type SQLFunctionResult = Exclude<SQLInputValue, boolean>;

/**
 * A result row: a null-prototype object keyed by column name. With
 * `returnArrays` enabled, rows are arrays of {@link SQLOutputValue} instead
 * (node's own typings do not model that either).
 */
export type SQLRow = Record<string, SQLOutputValue>;

/** Named parameters: keys with or without their `$`, `:` or `@` prefix. */
export type SQLNamedParameters = Record<string, SQLInputValue>;

/** A database file name: a path, the UTF-8 bytes of one, or a `file:` URL. */
export type DatabasePath = string | Uint8Array | URL;

// ---------------------------------------------------------------- options

/** Options of `new DatabaseSync(path, options)`. */
export interface DatabaseSyncOptions {
  /** Open the database in the constructor; if `false`, call `open()` later. @default true */
  open?: boolean | undefined;
  /** Open read-only; opening fails if the file does not exist. @default false */
  readOnly?: boolean | undefined;
  /** Enforce foreign key constraints (`PRAGMA foreign_keys`). @default true */
  enableForeignKeyConstraints?: boolean | undefined;
  /** Accept double-quoted string literals (not recommended). @default false */
  enableDoubleQuotedStringLiterals?: boolean | undefined;
  /** Allow `loadExtension()` and `enableLoadExtension(true)`. @default false */
  allowExtension?: boolean | undefined;
  /** Busy timeout in milliseconds (an int32). @default 0 */
  timeout?: number | undefined;
  /** Default for statements: read INTEGER columns as `bigint`. @default false */
  readBigInts?: boolean | undefined;
  /** Default for statements: return rows as arrays. @default false */
  returnArrays?: boolean | undefined;
  /** Default for statements: allow named parameters without their prefix. @default true */
  allowBareNamedParameters?: boolean | undefined;
  /** Default for statements: ignore unknown named parameters instead of throwing. @default false */
  allowUnknownNamedParameters?: boolean | undefined;
  /** Enable SQLite's defensive mode (`SQLITE_DBCONFIG_DEFENSIVE`). @default true */
  defensive?: boolean | undefined;
  /** Initial run-time limits (non-negative integers; SQLite clamps to its maximum). */
  limits?: { [K in keyof DatabaseLimits]?: DatabaseLimits[K] | undefined } | undefined;
  /**
   * Milliseconds a single call may run (`get`/`all`/`run`, each iterator
   * `next()`, `exec`) before it stops with an `ERR_SQLITE_ERROR` (errcode 9,
   * `'interrupted'`); the connection stays usable. An integer >= 0; 0 = none.
   * @default 0
   * @extension @photostructure/sqlite
   */
  queryTimeout?: number | undefined;
  /**
   * How many idle compiled statements `prepare()` may keep for reuse (an
   * integer >= 0; 0 = no cache). A statement handed back by `close()`,
   * `Symbol.dispose` or garbage collection is reused by the next `prepare()`
   * of the same SQL text and `persistent` option; every call still returns a
   * new StatementSync. Schema changes made on the connection drop stale ones.
   * @default 0
   * @extension @photostructure/sqlite
   */
  statementCache?: number | undefined;
  /**
   * Default for statements: SQL NULL reads as `undefined` in rows (function
   * and aggregate arguments still see `null`). The row types do not reflect it.
   * @default false
   * @extension @photostructure/sqlite
   */
  readNullAsUndefined?: boolean | undefined;
  /**
   * The key of the opt-in SQLCipher build (`PHOTOSTRUCTURE_SQLITE_ENCRYPTION=1
   * npm run build`), applied before anything reads the file. The default build
   * throws `ERR_SQLITE_ENCRYPTION_UNAVAILABLE`.
   * @extension @photostructure/sqlite
   */
  encryptionKey?: string | Uint8Array | undefined;
}

/**
 * `db.limits`: SQLite's run-time limits (`sqlite3_limit`), read and written
 * live. Setting `Infinity` restores the compile-time maximum.
 */
export interface DatabaseLimits {
  length: number;
  sqlLength: number;
  column: number;
  exprDepth: number;
  compoundSelect: number;
  vdbeOp: number;
  functionArg: number;
  attach: number;
  likePatternLength: number;
  variableNumber: number;
  triggerDepth: number;
}

/** Options of `db.prepare(sql, options)`; each overrides the database default. */
export interface PrepareOptions {
  readBigInts?: boolean | undefined;
  returnArrays?: boolean | undefined;
  allowBareNamedParameters?: boolean | undefined;
  allowUnknownNamedParameters?: boolean | undefined;
  /** Hint that the statement is long-lived (`SQLITE_PREPARE_PERSISTENT`). Node 26.8+. */
  persistent?: boolean | undefined;
  /**
   * SQL NULL reads as `undefined` in rows.
   * @extension @photostructure/sqlite
   */
  readNullAsUndefined?: boolean | undefined;
}

/** Options of `db.function()` and `db.aggregate()`. */
export interface FunctionOptions {
  /** The same inputs always give the same result (`SQLITE_DETERMINISTIC`). @default false */
  deterministic?: boolean | undefined;
  /** Not callable from views, triggers or schema (`SQLITE_DIRECTONLY`). @default false */
  directOnly?: boolean | undefined;
  /** INTEGER arguments arrive as `bigint`. @default false */
  useBigIntArguments?: boolean | undefined;
  /** Accept any number of arguments instead of `fn.length`. @default false */
  varargs?: boolean | undefined;
}

/** A scalar user-defined function. */
export type UserFunction = (...args: SQLOutputValue[]) => SQLFunctionResult;

/**
 * Options of `db.aggregate(name, options)`. Supplying `inverse` also makes the
 * function usable as a window function.
 */
export interface AggregateOptions<T = unknown> extends FunctionOptions {
  /** The initial accumulator, or a function called to make one for each group. */
  start: T | (() => T);
  /** Folds one row's arguments into the accumulator; returns the new accumulator. */
  step: (accumulator: T, ...args: SQLOutputValue[]) => T;
  /** Maps the final accumulator to the SQL result (default: the accumulator itself). */
  result?: ((accumulator: T) => SQLFunctionResult) | undefined;
  /** Removes a row that leaves the window frame; returns the new accumulator. */
  inverse?: ((accumulator: T, ...args: SQLOutputValue[]) => T) | undefined;
}

/** A column of a virtual table made by `db.createModule()`. */
export interface VirtualTableColumn {
  /** The column name (quoted in the declared schema). */
  name: string;
  /** The declared type. No affinity is applied: numbers are REAL, bigints INTEGER. */
  type: "INTEGER" | "TEXT" | "REAL" | "BLOB" | "ANY";
  /** A parameter of the table-valued function form rather than data. @default false */
  hidden?: boolean | undefined;
}

/** Options of `db.createModule(name, options)` (Node 26.11+; not in 26.10). */
export interface CreateModuleOptions {
  /** The columns, at least one; hidden columns receive the table-valued function's arguments. */
  columns: readonly VirtualTableColumn[];
  /**
   * Called for each scan with the hidden columns' values (`null` when not
   * given), in declaration order. Returns an iterable (an array, a generator,
   * ...) of rows; a row's value for the n-th visible column is `row[n]`.
   */
  rows: (...parameters: SQLOutputValue[]) => Iterable<ArrayLike<SQLFunctionResult>> | Iterator<ArrayLike<SQLFunctionResult>>;
  /** Usable only from top-level SQL, not from triggers or views (`SQLITE_VTAB_DIRECTONLY`). @default false */
  directOnly?: boolean | undefined;
  /** INTEGER parameters arrive as `bigint`. @default false */
  useBigIntArguments?: boolean | undefined;
}

/**
 * `db.setAuthorizer()` callback. Return `constants.SQLITE_OK`,
 * `SQLITE_DENY` or `SQLITE_IGNORE`.
 */
export type AuthorizerCallback = (
  actionCode: number,
  arg1: string | null,
  arg2: string | null,
  dbName: string | null,
  triggerOrView: string | null,
) => number;

/** Options of `db.createSession(options)`. */
export interface CreateSessionOptions {
  /** Record changes of this table only (default: every table). */
  table?: string | undefined;
  /** The schema to record. @default "main" */
  db?: string | undefined;
}

/**
 * Second argument of an `applyChangeset()` `onConflict` handler: the change
 * that conflicts and the row it collides with. A foreign key conflict is
 * reported once, when the changeset is about to be committed, not for one
 * change: then every field but `type` is `null` (test `info.table !== null`
 * to tell the two apart).
 * @extension @photostructure/sqlite (node passes only the conflict type)
 */
export type ChangesetConflictInfo = ChangesetChangeConflictInfo | ChangesetForeignKeyConflictInfo;

/**
 * A conflict caused by one change (`SQLITE_CHANGESET_DATA`, `_NOTFOUND`,
 * `_CONFLICT` or `_CONSTRAINT`).
 * @extension @photostructure/sqlite
 */
export interface ChangesetChangeConflictInfo {
  /** The table the change belongs to. */
  table: string;
  /** The conflict type, the same value as the handler's first argument (`constants.SQLITE_CHANGESET_*`). */
  type: number;
  /** The kind of change being applied. */
  operation: "INSERT" | "UPDATE" | "DELETE";
  /**
   * The change's old values by column name (UPDATE: the primary key and the
   * changed columns; DELETE: the whole row, or only the key from a patchset);
   * `null` for INSERT.
   */
  oldRow: SQLRow | null;
  /** The change's new values by column name (UPDATE: the changed columns; INSERT: the whole row); `null` for DELETE. */
  newRow: SQLRow | null;
  /** The row currently in the database that conflicts (DATA and CONFLICT conflicts), else `null`. */
  conflictingRow: SQLRow | null;
}

/**
 * `SQLITE_CHANGESET_FOREIGN_KEY`: applying the changeset would leave foreign
 * key violations; not tied to one change.
 * @extension @photostructure/sqlite
 */
export interface ChangesetForeignKeyConflictInfo {
  table: null;
  /** `constants.SQLITE_CHANGESET_FOREIGN_KEY`. */
  type: number;
  operation: null;
  oldRow: null;
  newRow: null;
  conflictingRow: null;
}

/** Options of `db.applyChangeset(changeset, options)`. */
export interface ApplyChangesetOptions {
  /** Called with each table name in the changeset; return a truthy value to apply that table's changes. */
  filter?: ((tableName: string) => boolean) | undefined;
  /**
   * Decides a conflict: return `constants.SQLITE_CHANGESET_OMIT`, `_REPLACE` or
   * `_ABORT` (the default when no handler is given). `conflictType` is one of
   * `constants.SQLITE_CHANGESET_DATA`, `_NOTFOUND`, `_CONFLICT`, `_CONSTRAINT`,
   * `_FOREIGN_KEY`.
   *
   * The second argument, `info`, is an extension of @photostructure/sqlite.
   */
  onConflict?: ((conflictType: number, info: ChangesetConflictInfo) => number) | undefined;
}

/** Options of `db.deserialize(buffer, options)`. */
export interface DeserializeOptions {
  /** The schema to replace. @default "main" */
  dbName?: string | undefined;
}

/** Options of `backup()` and `db.backup()`. */
export interface BackupOptions {
  /** The source schema. @default "main" */
  source?: string | undefined;
  /** The target schema. @default "main" */
  target?: string | undefined;
  /** Pages copied per step (a positive integer). @default 100 */
  rate?: number | undefined;
  /** Called after each step except the last. If it throws, the backup rejects with that error. */
  progress?: ((progressInfo: BackupProgressInfo) => void) | undefined;
  /**
   * Aborts the backup: the promise rejects with an `AbortError`.
   * @extension @photostructure/sqlite
   */
  signal?: AbortSignal | undefined;
}

/** The argument of a backup `progress` callback. */
export interface BackupProgressInfo {
  totalPages: number;
  remainingPages: number;
}

// ---------------------------------------------------------------- results

/** What `stmt.run()` returns; both numbers are `bigint` when the statement reads BigInts. */
export interface StatementResultingChanges {
  /** Rows changed by the last INSERT, UPDATE or DELETE (`sqlite3_changes64`). */
  changes: number | bigint;
  /** The connection's last inserted rowid (`sqlite3_last_insert_rowid`). */
  lastInsertRowid: number | bigint;
}

/** One entry of `stmt.columns()`; the origin fields are `null` for expressions. */
export interface StatementColumnMetadata {
  /** The column's name in its table. */
  column: string | null;
  /** The schema (`"main"`, an attached name, ...). */
  database: string | null;
  /** The result column's name (its alias, if any). */
  name: string;
  /** The table the column comes from. */
  table: string | null;
  /** The declared type. */
  type: string | null;
}

/** The names `stmt.stat()` accepts (`sqlite3_stmt_status` counters). */
export type StatementStatCounter =
  | "fullscanStep"
  | "sort"
  | "autoindex"
  | "vmStep"
  | "reprepare"
  | "run"
  | "filterMiss"
  | "filterHit"
  | "memused";

/**
 * The iterator `stmt.iterate()` returns. Running the statement again
 * invalidates it. When done, `next()` gives `{ done: true, value: null }` at
 * run time (typed `undefined`, as in node's own typings).
 */
export interface StatementSyncIterator<T = SQLRow> extends IteratorObject<T, undefined, unknown> {
  [Symbol.iterator](): StatementSyncIterator<T>;
}

// ---------------------------------------------------------------- classes

/** A connection to one SQLite database. */
export declare class DatabaseSync implements Disposable {
  /**
   * Opens `path` (unless `options.open` is `false`). `":memory:"` is a private
   * in-memory database, `""` a private temporary one; strings starting with
   * `file:` and `URL`s are SQLite URIs.
   */
  constructor(path: DatabasePath, options?: DatabaseSyncOptions);

  /** Whether the connection is open. */
  readonly isOpen: boolean;
  /** Whether a transaction (or savepoint) is active. Throws when closed. */
  readonly isTransaction: boolean;
  /** The connection's run-time limits; the same object on every access. */
  readonly limits: DatabaseLimits;

  /** Opens a database created with `open: false` or closed before. */
  open(): void;
  /** Closes the connection, finalizing its statements and sessions. */
  close(): void;
  /** Runs one or more SQL statements, discarding any rows. */
  exec(sql: string): void;
  /** Compiles the first statement of `sql`. */
  prepare(sql: string, options?: PrepareOptions): StatementSync;

  /** Registers a scalar function whose arity is `fn.length`. */
  function(name: string, fn: UserFunction): void;
  /** Registers a scalar function. */
  function(name: string, options: FunctionOptions, fn: UserFunction): void;
  /** Registers an aggregate (or, with `inverse`, window) function. */
  aggregate<T>(name: string, options: AggregateOptions<T>): void;
  /**
   * Registers a read-only virtual table module backed by JavaScript
   * (`sqlite3_create_module_v2()`): usable as `SELECT * FROM name`, through
   * `CREATE VIRTUAL TABLE t USING name`, and as a table-valued function.
   * Node 26.11+ (not in 26.10); non-enumerable here, to keep 26.10's layout.
   */
  createModule(name: string, options: CreateModuleOptions): void;

  /** A new LRU cache of statements used through tagged templates. @param maxSize default 1000 */
  createTagStore(maxSize?: number): SQLTagStore;
  /** Starts recording changes (the session extension). */
  createSession(options?: CreateSessionOptions): Session;
  /** Applies a changeset or patchset; `false` if a conflict handler aborted it. */
  applyChangeset(changeset: Uint8Array, options?: ApplyChangesetOptions): boolean;

  /** Allows or forbids `loadExtension()` (enabling needs `allowExtension: true`). */
  enableLoadExtension(allow: boolean): void;
  /** Loads a SQLite extension from a shared library. */
  loadExtension(path: string, entryPoint?: string): void;
  /** Turns SQLite's defensive mode on or off. */
  enableDefensive(active: boolean): void;
  /** The absolute file name of a schema, or `null` for in-memory and temporary databases. */
  location(dbName?: string): string | null;
  /** A copy of a schema's database image. */
  serialize(dbName?: string): Uint8Array<ArrayBuffer>;
  /** Replaces a schema with a copy of a database image; finalizes all statements first. */
  deserialize(buffer: Uint8Array, options?: DeserializeOptions): void;
  /** Installs (or, with `null`, removes) an authorizer. */
  setAuthorizer(callback: AuthorizerCallback | null): void;
  /** Closes the connection if it is open. */
  [Symbol.dispose](): void;

  /**
   * Copies this database to `path` without blocking the event loop, like
   * `backup(db, path, options)`; resolves with the number of pages copied.
   * @extension @photostructure/sqlite
   */
  backup(path: DatabasePath, options?: BackupOptions): Promise<number>;
  /**
   * The same as `[Symbol.dispose]()`: closes the connection if it is open.
   * @extension @photostructure/sqlite
   */
  dispose(): void;
  /**
   * Reads a run-time limit by its `SQLITE_LIMIT_*` number (`db.limits` by id).
   * @extension @photostructure/sqlite
   */
  getLimit(id: number): number;
  /**
   * Sets a run-time limit by its `SQLITE_LIMIT_*` number; returns the previous value.
   * @extension @photostructure/sqlite
   */
  setLimit(id: number, value: number): number;
  /**
   * Re-encrypts the database with a new key (SQLCipher build only; the default
   * build throws `ERR_SQLITE_ENCRYPTION_UNAVAILABLE`).
   * @extension @photostructure/sqlite
   */
  rekey(newKey: string | Uint8Array): void;
  /**
   * Stops the statement running on this connection (`sqlite3_interrupt`): it
   * throws `ERR_SQLITE_ERROR` with errcode 9 (`'interrupted'`). Callable from a
   * user function, an aggregate or the authorizer (there, the statement being
   * prepared fails). With nothing running, it does nothing.
   * @extension @photostructure/sqlite
   */
  interrupt(): void;
}

/**
 * A prepared statement, made by `db.prepare()`. The constructor is not
 * callable ("Illegal constructor").
 */
export declare class StatementSync implements Disposable {
  private constructor();

  /** The SQL text the statement was prepared from. */
  readonly sourceSQL: string;
  /** The SQL with the most recently bound parameter values substituted. */
  readonly expandedSQL: string;

  /** Runs the statement to completion. */
  run(...anonymousParameters: SQLInputValue[]): StatementResultingChanges;
  run(namedParameters: SQLNamedParameters, ...anonymousParameters: SQLInputValue[]): StatementResultingChanges;
  /** The first row, or `undefined` when there is none. */
  get(...anonymousParameters: SQLInputValue[]): SQLRow | undefined;
  get(namedParameters: SQLNamedParameters, ...anonymousParameters: SQLInputValue[]): SQLRow | undefined;
  /** All rows. */
  all(...anonymousParameters: SQLInputValue[]): SQLRow[];
  all(namedParameters: SQLNamedParameters, ...anonymousParameters: SQLInputValue[]): SQLRow[];
  /** The rows, one at a time. */
  iterate(...anonymousParameters: SQLInputValue[]): StatementSyncIterator<SQLRow>;
  iterate(namedParameters: SQLNamedParameters, ...anonymousParameters: SQLInputValue[]): StatementSyncIterator<SQLRow>;

  /** Describes the result columns. */
  columns(): StatementColumnMetadata[];
  setAllowBareNamedParameters(enabled: boolean): void;
  setAllowUnknownNamedParameters(enabled: boolean): void;
  setReadBigInts(enabled: boolean): void;
  setReturnArrays(enabled: boolean): void;
  /** A `sqlite3_stmt_status` counter. Node 26.8+. */
  stat(counter: StatementStatCounter): number;
  /** Resets every counter except `memused`. Node 26.8+. */
  resetStats(): void;
  /** Finalizes the statement now; later use throws. Node 26.8+. */
  close(): void;
  /** Finalizes the statement unless it already is. Node 26.8+. */
  [Symbol.dispose](): void;

  /**
   * better-sqlite3's name for `close()`.
   * @extension @photostructure/sqlite
   */
  finalize(): void;
  /**
   * Whether the statement returns rows (has result columns: `SELECT`,
   * `INSERT … RETURNING`, some pragmas). better-sqlite3's name.
   * @extension @photostructure/sqlite
   */
  readonly reader: boolean;
  /**
   * Whether the statement leaves the database unchanged (`sqlite3_stmt_readonly`).
   * better-sqlite3's name.
   * @extension @photostructure/sqlite
   */
  readonly readonly: boolean;
  /**
   * SQL NULL reads as `undefined` in this statement's rows.
   * @extension @photostructure/sqlite
   */
  setReadNullAsUndefined(enabled: boolean): void;
}

/** `DatabaseSync` under node's newer name (Node 26.11+; `DatabaseSync` is DEP0210 there). */
export declare const Database: typeof DatabaseSync;
export type Database = DatabaseSync;
/** `StatementSync` under node's newer name (Node 26.11+; `StatementSync` is DEP0211 there). */
export declare const Statement: typeof StatementSync;
export type Statement = StatementSync;

/** Records changes to a database; made by `db.createSession()`. */
export declare class Session implements Disposable {
  private constructor();

  /** The recorded changes as a changeset (empty when nothing was recorded). */
  changeset(): Uint8Array<ArrayBuffer>;
  /** The recorded changes as a patchset (smaller; new values only). */
  patchset(): Uint8Array<ArrayBuffer>;
  /** Stops recording and frees the session. */
  close(): void;
  /** Closes the session unless it already is. */
  [Symbol.dispose](): void;

  /**
   * The same as `[Symbol.dispose]()`.
   * @extension @photostructure/sqlite
   */
  dispose(): void;
  /**
   * The inverse of `changeset` (which need not come from this session):
   * applying it undoes the changes.
   * @extension @photostructure/sqlite
   */
  changesetInvert(changeset: Uint8Array): Uint8Array<ArrayBuffer>;
}

/**
 * An LRU cache of prepared statements used through tagged templates:
 * `` sql.get`SELECT * FROM t WHERE id = ${id}` ``. Interpolated values are
 * bound as parameters, never spliced into the SQL. Made by
 * `db.createTagStore()`.
 */
export declare class SQLTagStore {
  /**
   * The same as `db.createTagStore(maxSize)`. (node:sqlite does not export this
   * class; exporting and constructing it is an extension.)
   * @extension @photostructure/sqlite
   */
  constructor(db: DatabaseSync, maxSize?: number);

  run(strings: TemplateStringsArray, ...values: SQLInputValue[]): StatementResultingChanges;
  get(strings: TemplateStringsArray, ...values: SQLInputValue[]): SQLRow | undefined;
  all(strings: TemplateStringsArray, ...values: SQLInputValue[]): SQLRow[];
  iterate(strings: TemplateStringsArray, ...values: SQLInputValue[]): StatementSyncIterator<SQLRow>;
  /** Finalizes and forgets every cached statement. */
  clear(): void;
  /** The number of cached statements. */
  readonly size: number;
  /** The maximum number of cached statements. */
  readonly capacity: number;
  /** The database the statements belong to. */
  readonly db: DatabaseSync;
}

// ---------------------------------------------------------------- functions

/**
 * Copies `sourceDb` into the database file at `path` (created or replaced) on
 * a worker thread, `rate` pages at a time; resolves with the total page count.
 */
export declare function backup(sourceDb: DatabaseSync, path: DatabasePath, options?: BackupOptions): Promise<number>;

/**
 * The inverse of a changeset: applying it undoes the changes.
 * @extension @photostructure/sqlite
 */
export declare function changesetInvert(changeset: Uint8Array): Uint8Array<ArrayBuffer>;

/**
 * One changeset with the effect of applying `a`, then `b`.
 * @extension @photostructure/sqlite
 */
export declare function changesetConcat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer>;

/**
 * One change of a changeset, as `changesetInspect()` lists it.
 * @extension @photostructure/sqlite
 */
export interface ChangesetChange {
  /** The table changed. */
  table: string;
  /** The kind of change. */
  operation: "INSERT" | "UPDATE" | "DELETE";
  /** Whether the change is indirect (made by a trigger or a foreign key action). */
  indirect: boolean;
  /** By column position: whether the column is part of the table's primary key. */
  primaryKey: boolean[];
  /**
   * Old values by column position, `undefined` where the change carries none
   * (UPDATE: columns neither in the key nor changed; a patchset's DELETE: all
   * but the key); `null` for INSERT.
   */
  oldValues: (SQLOutputValue | undefined)[] | null;
  /**
   * New values by column position (INSERT: the whole row; UPDATE: `undefined`
   * where a column did not change); `null` for DELETE.
   */
  newValues: (SQLOutputValue | undefined)[] | null;
}

/**
 * Decodes a changeset (or patchset) into its changes, in order.
 * @extension @photostructure/sqlite
 */
export declare function changesetInspect(changeset: Uint8Array): ChangesetChange[];

// ---------------------------------------------------------------- constants

/** `constants`: node:sqlite's 45 constants plus 20 `SQLITE_OPEN_*` flags. */
export interface SQLiteConstants {
  // Returned by an `onConflict` handler.
  readonly SQLITE_CHANGESET_OMIT: number;
  readonly SQLITE_CHANGESET_REPLACE: number;
  readonly SQLITE_CHANGESET_ABORT: number;
  // Passed to an `onConflict` handler.
  readonly SQLITE_CHANGESET_DATA: number;
  readonly SQLITE_CHANGESET_NOTFOUND: number;
  readonly SQLITE_CHANGESET_CONFLICT: number;
  readonly SQLITE_CHANGESET_CONSTRAINT: number;
  readonly SQLITE_CHANGESET_FOREIGN_KEY: number;
  // Returned by an authorizer.
  readonly SQLITE_OK: number;
  readonly SQLITE_DENY: number;
  readonly SQLITE_IGNORE: number;
  // Authorizer action codes.
  readonly SQLITE_CREATE_INDEX: number;
  readonly SQLITE_CREATE_TABLE: number;
  readonly SQLITE_CREATE_TEMP_INDEX: number;
  readonly SQLITE_CREATE_TEMP_TABLE: number;
  readonly SQLITE_CREATE_TEMP_TRIGGER: number;
  readonly SQLITE_CREATE_TEMP_VIEW: number;
  readonly SQLITE_CREATE_TRIGGER: number;
  readonly SQLITE_CREATE_VIEW: number;
  readonly SQLITE_DELETE: number;
  readonly SQLITE_DROP_INDEX: number;
  readonly SQLITE_DROP_TABLE: number;
  readonly SQLITE_DROP_TEMP_INDEX: number;
  readonly SQLITE_DROP_TEMP_TABLE: number;
  readonly SQLITE_DROP_TEMP_TRIGGER: number;
  readonly SQLITE_DROP_TEMP_VIEW: number;
  readonly SQLITE_DROP_TRIGGER: number;
  readonly SQLITE_DROP_VIEW: number;
  readonly SQLITE_INSERT: number;
  readonly SQLITE_PRAGMA: number;
  readonly SQLITE_READ: number;
  readonly SQLITE_SELECT: number;
  readonly SQLITE_TRANSACTION: number;
  readonly SQLITE_UPDATE: number;
  readonly SQLITE_ATTACH: number;
  readonly SQLITE_DETACH: number;
  readonly SQLITE_ALTER_TABLE: number;
  readonly SQLITE_REINDEX: number;
  readonly SQLITE_ANALYZE: number;
  readonly SQLITE_CREATE_VTABLE: number;
  readonly SQLITE_DROP_VTABLE: number;
  readonly SQLITE_FUNCTION: number;
  readonly SQLITE_SAVEPOINT: number;
  readonly SQLITE_COPY: number;
  readonly SQLITE_RECURSIVE: number;
  /** `sqlite3_open_v2` flag (informational; no method takes it). @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_READONLY: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_READWRITE: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_CREATE: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_DELETEONCLOSE: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_EXCLUSIVE: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_AUTOPROXY: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_URI: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_MEMORY: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_MAIN_DB: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_TEMP_DB: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_TRANSIENT_DB: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_MAIN_JOURNAL: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_TEMP_JOURNAL: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_SUBJOURNAL: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_SUPER_JOURNAL: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_NOMUTEX: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_FULLMUTEX: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_SHAREDCACHE: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_PRIVATECACHE: number;
  /** @extension @photostructure/sqlite */
  readonly SQLITE_OPEN_WAL: number;
}

/** SQLite constants for conflict handlers, authorizers and open flags. */
export declare const constants: SQLiteConstants;

// ---------------------------------------------------------------- enhance()

/**
 * The least a database needs for `enhance()`: this package's `DatabaseSync`,
 * node:sqlite's, or any look-alike.
 * @extension @photostructure/sqlite
 */
export interface EnhanceableDatabase {
  exec(sql: string): void;
  prepare(sql: string): { all(): unknown[] };
  readonly isTransaction: boolean;
}

/** Options of `db.pragma()`. @extension @photostructure/sqlite */
export interface PragmaOptions {
  /** Return only the first column of the first row. @default false */
  simple?: boolean | undefined;
}

/**
 * A function wrapped by `db.transaction(fn)`: each call runs `fn` inside
 * `BEGIN`…`COMMIT` (a savepoint when already in a transaction) and rolls back
 * if it throws. `fn` must not return a promise.
 * @extension @photostructure/sqlite
 */
export interface TransactionFunction<F extends (...args: any[]) => any> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Runs with `BEGIN DEFERRED` (the default). */
  readonly deferred: TransactionFunction<F>;
  /** Runs with `BEGIN IMMEDIATE`. */
  readonly immediate: TransactionFunction<F>;
  /** Runs with `BEGIN EXCLUSIVE`. */
  readonly exclusive: TransactionFunction<F>;
  /** The database the function runs on. */
  readonly database: EnhanceableDatabase;
}

/**
 * What `enhance()` adds to a database (better-sqlite3 style).
 * @extension @photostructure/sqlite
 */
export interface EnhancedDatabaseMethods {
  /** Runs `PRAGMA <source>`; returns the first value of the first row (or `undefined`). */
  pragma(source: string, options: PragmaOptions & { simple: true }): SQLOutputValue | undefined;
  /** Runs `PRAGMA <source>`; returns all rows. */
  pragma(source: string, options?: PragmaOptions): unknown[];
  /** Wraps `fn` so that every call runs in a transaction. */
  transaction<F extends (...args: any[]) => any>(fn: F): TransactionFunction<F>;
}

/**
 * What `enhance()` adds to statements prepared from an enhanced database.
 * The three modes exclude each other; each returns the statement for chaining
 * and `toggle` defaults to `true`.
 * @extension @photostructure/sqlite
 */
export interface EnhancedStatementMethods {
  /** Rows become their first column's value. */
  pluck(toggle?: boolean): this;
  /** Rows become arrays of values. */
  raw(toggle?: boolean): this;
  /** Rows become objects keyed by table name (expressions under `$`), each holding that table's columns. */
  expand(toggle?: boolean): this;
  /** The database the statement was prepared from. */
  readonly database: EnhanceableDatabase;
}

/**
 * A database after `enhance()`: `pragma()`, `transaction()`, and statements
 * with `pluck()`, `raw()`, `expand()` and `database`.
 * @extension @photostructure/sqlite
 */
export type EnhancedDatabaseSync<T extends EnhanceableDatabase = DatabaseSync> = Omit<T, "prepare"> &
  EnhancedDatabaseMethods & {
    prepare(...args: Parameters<T["prepare"]>): ReturnType<T["prepare"]> & EnhancedStatementMethods;
  };

/**
 * Adds better-sqlite3-style `pragma()` and `transaction()` to `db` (and
 * `pluck()`/`raw()`/`expand()` to its statements) as non-enumerable instance
 * properties; returns the same object. Works on node:sqlite databases too.
 * @extension @photostructure/sqlite
 */
export declare function enhance<T extends EnhanceableDatabase>(db: T): EnhancedDatabaseSync<T>;

/**
 * Whether `db` (any value) has `pragma()` and `transaction()` methods.
 * @extension @photostructure/sqlite
 */
export declare function isEnhanced<T>(db: T): db is T & EnhancedDatabaseMethods;

// ---------------------------------------------------------------- default

/**
 * The module itself (`exports.default === exports`), so that
 * `import sqlite from "@photostructure/sqlite"` works like
 * `require("@photostructure/sqlite")` in every module system.
 * @extension @photostructure/sqlite
 */
declare const sqlite: typeof import("./index.js");
export default sqlite;
