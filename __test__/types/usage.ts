// Typed usage of every public API (CommonJS consumer, resolved through the
// package's "exports" → index.d.ts). Compile-only: never executed.
import sqlite = require("@photostructure/sqlite");
import {
  DatabaseSync,
  StatementSync,
  Session,
  SQLTagStore,
  backup,
  changesetConcat,
  changesetInspect,
  changesetInvert,
  constants,
  enhance,
  isEnhanced,
} from "@photostructure/sqlite";
import type {
  AggregateOptions,
  ApplyChangesetOptions,
  BackupOptions,
  BackupProgressInfo,
  ChangesetChange,
  ChangesetChangeConflictInfo,
  ChangesetConflictInfo,
  ChangesetForeignKeyConflictInfo,
  DatabaseLimits,
  DatabaseSyncOptions,
  EnhancedDatabaseSync,
  FunctionOptions,
  PrepareOptions,
  SQLInputValue,
  SQLOutputValue,
  SQLRow,
  StatementColumnMetadata,
  StatementResultingChanges,
  StatementSyncIterator,
  TransactionFunction,
} from "@photostructure/sqlite";
import { type Assert, type Equals, expectType } from "./helpers";

// ---------------------------------------------------------------- module shape

expectType<typeof DatabaseSync>(sqlite.DatabaseSync);
expectType<typeof DatabaseSync>(sqlite.default.DatabaseSync);
expectType<typeof backup>(sqlite.default.default.backup);

// ---------------------------------------------------------------- DatabaseSync

const options: DatabaseSyncOptions = {
  open: true,
  readOnly: false,
  enableForeignKeyConstraints: true,
  enableDoubleQuotedStringLiterals: false,
  allowExtension: false,
  timeout: 1000,
  readBigInts: false,
  returnArrays: false,
  allowBareNamedParameters: true,
  allowUnknownNamedParameters: false,
  defensive: true,
  limits: { length: 1_000_000, attach: 2, variableNumber: undefined },
};
const db = new DatabaseSync(":memory:", options);
new DatabaseSync(Buffer.from("test.db"));
new DatabaseSync(new Uint8Array([0x61]));
new DatabaseSync(new URL("file:///tmp/test.db?mode=ro"), { readOnly: true });
new DatabaseSync("", { open: false }).open();

expectType<boolean>(db.isOpen);
expectType<boolean>(db.isTransaction);
const limits: DatabaseLimits = db.limits;
limits.attach = 3;
limits.length = Infinity;
type _limitKeys = Assert<
  Equals<
    keyof DatabaseLimits,
    | "length"
    | "sqlLength"
    | "column"
    | "exprDepth"
    | "compoundSelect"
    | "vdbeOp"
    | "functionArg"
    | "attach"
    | "likePatternLength"
    | "variableNumber"
    | "triggerDepth"
  >
>;

db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, data BLOB)");
expectType<string | null>(db.location());
expectType<string | null>(db.location("main"));
db.enableDefensive(false);
db.enableLoadExtension(false);
db.loadExtension("./ext.so");
db.loadExtension("./ext.so", "sqlite3_ext_init");
const image: Uint8Array<ArrayBuffer> = db.serialize();
db.serialize("main");
db.deserialize(image);
db.deserialize(Buffer.from(image), { dbName: "main" });
db.setAuthorizer((action, arg1, arg2, dbName, triggerOrView) => {
  expectType<number>(action);
  expectType<string | null>(arg1);
  expectType<string | null>(arg2);
  expectType<string | null>(dbName);
  expectType<string | null>(triggerOrView);
  return action === constants.SQLITE_DELETE ? constants.SQLITE_DENY : constants.SQLITE_OK;
});
db.setAuthorizer(null);

// Functions and aggregates.
db.function("twice", (x) => (typeof x === "number" ? x * 2 : null));
const fnOptions: FunctionOptions = { deterministic: true, directOnly: true, useBigIntArguments: true, varargs: true };
db.function("concat", fnOptions, (...args: SQLOutputValue[]) => args.map(String).join(""));
db.function("blob", () => new Uint8Array(2));
db.function("nothing", () => undefined);
// @ts-expect-error booleans cannot be returned from a user function
db.function("bad", () => true);

db.aggregate("sum_int", {
  start: 0,
  step: (acc, value) => acc + Number(value),
});
const avg: AggregateOptions<{ sum: number; n: number }> = {
  start: () => ({ sum: 0, n: 0 }),
  step: (acc, value) => ({ sum: acc.sum + Number(value), n: acc.n + 1 }),
  inverse: (acc, value) => ({ sum: acc.sum - Number(value), n: acc.n - 1 }),
  result: (acc) => (acc.n === 0 ? null : acc.sum / acc.n),
  deterministic: true,
};
db.aggregate("avg_win", avg);
// @ts-expect-error `step` is required
db.aggregate("no_step", { start: 0 });

// Statements.
const prepareOptions: PrepareOptions = {
  readBigInts: true,
  returnArrays: false,
  allowBareNamedParameters: true,
  allowUnknownNamedParameters: false,
  persistent: true,
};
const stmt: StatementSync = db.prepare("SELECT * FROM t WHERE id = ?", prepareOptions);
expectType<string>(stmt.sourceSQL);
expectType<string>(stmt.expandedSQL);
const inputs: SQLInputValue[] = [
  1,
  2n,
  "text",
  null,
  undefined,
  true,
  new Uint8Array(1),
  new Float64Array(1),
  new DataView(new ArrayBuffer(1)),
  new ArrayBuffer(1),
  new SharedArrayBuffer(1),
  Buffer.from("x"),
];
const changes: StatementResultingChanges = stmt.run(...inputs);
expectType<number | bigint>(changes.changes);
expectType<number | bigint>(changes.lastInsertRowid);
stmt.run({ $id: 1, name: "a" }, 2, 3);
const row = stmt.get(1);
type _row = Assert<Equals<typeof row, SQLRow | undefined>>;
if (row !== undefined) expectType<SQLOutputValue | undefined>(row["name"]);
const rows: SQLRow[] = stmt.all({ id: 1 });
expectType<SQLRow[]>(rows);
const it: StatementSyncIterator<SQLRow> = stmt.iterate();
for (const r of it) expectType<SQLRow>(r);
for (const r of stmt.iterate({ id: 1 })) expectType<SQLRow>(r);
const step = stmt.iterate().next();
if (!step.done) expectType<SQLRow>(step.value);
stmt.iterate().return?.();
// @ts-expect-error objects other than the named-parameter object cannot be bound
stmt.run(1, { nested: true });
// @ts-expect-error symbols cannot be bound
stmt.get(Symbol("x"));

const columns: StatementColumnMetadata[] = stmt.columns();
for (const c of columns) {
  expectType<string>(c.name);
  expectType<string | null>(c.column);
  expectType<string | null>(c.table);
  expectType<string | null>(c.database);
  expectType<string | null>(c.type);
}
stmt.setAllowBareNamedParameters(true);
stmt.setAllowUnknownNamedParameters(true);
stmt.setReadBigInts(false);
stmt.setReturnArrays(true);
expectType<number>(stmt.stat("vmStep"));
for (const counter of ["fullscanStep", "sort", "autoindex", "reprepare", "run", "filterMiss", "filterHit", "memused"] as const) {
  stmt.stat(counter);
}
// @ts-expect-error not a counter name
stmt.stat("nope");
stmt.resetStats();
// Extras: reader/readonly getters, readNullAsUndefined.
expectType<boolean>(stmt.reader);
expectType<boolean>(stmt.readonly);
// @ts-expect-error read-only getter
stmt.reader = true;
stmt.setReadNullAsUndefined(true);
// @ts-expect-error needs a boolean
stmt.setReadNullAsUndefined(1);
db.prepare("SELECT NULL", { readNullAsUndefined: true });
stmt.finalize();
stmt.close();
stmt[Symbol.dispose]();
{
  using scoped = db.prepare("SELECT 1");
  scoped.get();
}
// @ts-expect-error StatementSync cannot be constructed
new StatementSync();

// Tag store.
const sql: SQLTagStore = db.createTagStore(10);
db.createTagStore();
const id = 1;
expectType<SQLRow | undefined>(sql.get`SELECT * FROM t WHERE id = ${id}`);
expectType<SQLRow[]>(sql.all`SELECT * FROM t WHERE name = ${"a"} AND data = ${new Uint8Array(1)}`);
expectType<StatementResultingChanges>(sql.run`DELETE FROM t WHERE id = ${2n}`);
for (const r of sql.iterate`SELECT * FROM t`) expectType<SQLRow>(r);
expectType<number>(sql.size);
expectType<number>(sql.capacity);
expectType<DatabaseSync>(sql.db);
sql.clear();
new SQLTagStore(db);
new SQLTagStore(db, 5);

// Sessions and changesets.
const session: Session = db.createSession({ table: "t", db: "main" });
db.createSession();
const cs: Uint8Array<ArrayBuffer> = session.changeset();
const ps: Uint8Array<ArrayBuffer> = session.patchset();
const applyOptions: ApplyChangesetOptions = {
  filter: (table) => table === "t",
  onConflict: (conflictType, info: ChangesetConflictInfo) => {
    expectType<number>(info.type);
    // @ts-expect-error null for a foreign key conflict
    expectType<string>(info.table);
    if (info.table === null) {
      type _fk = Assert<Equals<typeof info, ChangesetForeignKeyConflictInfo>>;
      return constants.SQLITE_CHANGESET_OMIT;
    }
    type _change = Assert<Equals<typeof info, ChangesetChangeConflictInfo>>;
    expectType<string>(info.table);
    expectType<"INSERT" | "UPDATE" | "DELETE">(info.operation);
    expectType<SQLRow | null>(info.oldRow);
    expectType<SQLRow | null>(info.newRow);
    expectType<SQLRow | null>(info.conflictingRow);
    return conflictType === constants.SQLITE_CHANGESET_DATA
      ? constants.SQLITE_CHANGESET_REPLACE
      : constants.SQLITE_CHANGESET_OMIT;
  },
};
expectType<boolean>(db.applyChangeset(cs, applyOptions));
db.applyChangeset(ps, { onConflict: () => constants.SQLITE_CHANGESET_ABORT });
db.applyChangeset(Buffer.from(cs));
expectType<Uint8Array<ArrayBuffer>>(session.changesetInvert(cs));
expectType<Uint8Array<ArrayBuffer>>(changesetInvert(cs));
expectType<Uint8Array<ArrayBuffer>>(changesetConcat(cs, ps));
const inspected: ChangesetChange[] = changesetInspect(cs);
for (const change of inspected) {
  expectType<string>(change.table);
  expectType<"INSERT" | "UPDATE" | "DELETE">(change.operation);
  expectType<boolean>(change.indirect);
  expectType<boolean[]>(change.primaryKey);
  expectType<(SQLOutputValue | undefined)[] | null>(change.oldValues);
  expectType<(SQLOutputValue | undefined)[] | null>(change.newValues);
}
session.dispose();
session.close();
session[Symbol.dispose]();
// @ts-expect-error Session cannot be constructed
new Session();

// Backups.
const backupOptions: BackupOptions = {
  source: "main",
  target: "main",
  rate: 10,
  progress: ({ totalPages, remainingPages }: BackupProgressInfo) => {
    expectType<number>(totalPages - remainingPages);
  },
  signal: AbortSignal.timeout(1000),
};
async function backups(): Promise<number> {
  const pages: number = await backup(db, "backup.db", backupOptions);
  await backup(db, new URL("file:///tmp/b.db"));
  await backup(db, Buffer.from("b.db"), { rate: 1 });
  return pages + (await db.backup("method.db", { signal: new AbortController().signal }));
}
void backups;

// queryTimeout and interrupt().
const timed = new DatabaseSync(":memory:", { queryTimeout: 1000, readNullAsUndefined: true });
expectType<void>(timed.interrupt());

// Encryption (SQLCipher build; the default build throws at run time).
const encryptedOptions: DatabaseSyncOptions = { encryptionKey: new Uint8Array([1, 2]) };
void encryptedOptions;
const rekey: (key: string | Uint8Array) => void = timed.rekey;
void rekey;
// @ts-expect-error the timeout is a number of milliseconds
new DatabaseSync(":memory:", { queryTimeout: "1s" });

// Limits by id, dispose.
expectType<number>(db.getLimit(0));
expectType<number>(db.setLimit(0, 1000));
db.dispose();
db.close();
db[Symbol.dispose]();
{
  using scoped = new DatabaseSync(":memory:");
  scoped.exec("SELECT 1");
}

// ---------------------------------------------------------------- constants

const allConstants: number[] = [
  constants.SQLITE_CHANGESET_OMIT,
  constants.SQLITE_CHANGESET_REPLACE,
  constants.SQLITE_CHANGESET_ABORT,
  constants.SQLITE_CHANGESET_DATA,
  constants.SQLITE_CHANGESET_NOTFOUND,
  constants.SQLITE_CHANGESET_CONFLICT,
  constants.SQLITE_CHANGESET_CONSTRAINT,
  constants.SQLITE_CHANGESET_FOREIGN_KEY,
  constants.SQLITE_OK,
  constants.SQLITE_DENY,
  constants.SQLITE_IGNORE,
  constants.SQLITE_CREATE_INDEX,
  constants.SQLITE_CREATE_TABLE,
  constants.SQLITE_CREATE_TEMP_INDEX,
  constants.SQLITE_CREATE_TEMP_TABLE,
  constants.SQLITE_CREATE_TEMP_TRIGGER,
  constants.SQLITE_CREATE_TEMP_VIEW,
  constants.SQLITE_CREATE_TRIGGER,
  constants.SQLITE_CREATE_VIEW,
  constants.SQLITE_DELETE,
  constants.SQLITE_DROP_INDEX,
  constants.SQLITE_DROP_TABLE,
  constants.SQLITE_DROP_TEMP_INDEX,
  constants.SQLITE_DROP_TEMP_TABLE,
  constants.SQLITE_DROP_TEMP_TRIGGER,
  constants.SQLITE_DROP_TEMP_VIEW,
  constants.SQLITE_DROP_TRIGGER,
  constants.SQLITE_DROP_VIEW,
  constants.SQLITE_INSERT,
  constants.SQLITE_PRAGMA,
  constants.SQLITE_READ,
  constants.SQLITE_SELECT,
  constants.SQLITE_TRANSACTION,
  constants.SQLITE_UPDATE,
  constants.SQLITE_ATTACH,
  constants.SQLITE_DETACH,
  constants.SQLITE_ALTER_TABLE,
  constants.SQLITE_REINDEX,
  constants.SQLITE_ANALYZE,
  constants.SQLITE_CREATE_VTABLE,
  constants.SQLITE_DROP_VTABLE,
  constants.SQLITE_FUNCTION,
  constants.SQLITE_SAVEPOINT,
  constants.SQLITE_COPY,
  constants.SQLITE_RECURSIVE,
  constants.SQLITE_OPEN_READONLY,
  constants.SQLITE_OPEN_READWRITE,
  constants.SQLITE_OPEN_CREATE,
  constants.SQLITE_OPEN_DELETEONCLOSE,
  constants.SQLITE_OPEN_EXCLUSIVE,
  constants.SQLITE_OPEN_AUTOPROXY,
  constants.SQLITE_OPEN_URI,
  constants.SQLITE_OPEN_MEMORY,
  constants.SQLITE_OPEN_MAIN_DB,
  constants.SQLITE_OPEN_TEMP_DB,
  constants.SQLITE_OPEN_TRANSIENT_DB,
  constants.SQLITE_OPEN_MAIN_JOURNAL,
  constants.SQLITE_OPEN_TEMP_JOURNAL,
  constants.SQLITE_OPEN_SUBJOURNAL,
  constants.SQLITE_OPEN_SUPER_JOURNAL,
  constants.SQLITE_OPEN_NOMUTEX,
  constants.SQLITE_OPEN_FULLMUTEX,
  constants.SQLITE_OPEN_SHAREDCACHE,
  constants.SQLITE_OPEN_PRIVATECACHE,
  constants.SQLITE_OPEN_WAL,
];
void allConstants;
// @ts-expect-error constants are read-only
constants.SQLITE_OK = 1;

// ---------------------------------------------------------------- enhance()

const plain = new DatabaseSync(":memory:");
const enhanced: EnhancedDatabaseSync = enhance(plain);
expectType<boolean>(isEnhanced(plain));
if (isEnhanced(plain)) plain.pragma("journal_mode");
expectType<SQLOutputValue | undefined>(enhanced.pragma("user_version", { simple: true }));
expectType<unknown[]>(enhanced.pragma("table_info(t)"));
const insertMany: TransactionFunction<(names: string[]) => number> = enhanced.transaction((names: string[]) => {
  for (const name of names) enhanced.prepare("INSERT INTO t(name) VALUES (?)").run(name);
  return names.length;
});
expectType<number>(insertMany(["a", "b"]));
expectType<number>(insertMany.deferred(["c"]));
expectType<number>(insertMany.immediate(["d"]));
expectType<number>(insertMany.exclusive.deferred(["e"]));
insertMany.database.exec("SELECT 1");
// @ts-expect-error the wrapper keeps fn's parameter types
insertMany([1]);
const enhancedStmt = enhanced.prepare("SELECT name FROM t", { readBigInts: false });
expectType<StatementSync>(enhancedStmt);
enhancedStmt.pluck().all();
enhancedStmt.pluck(false).raw().get();
enhancedStmt.expand(true).iterate();
enhancedStmt.database.exec("SELECT 1");
// Still a DatabaseSync apart from prepare().
enhanced.close();
expectType<boolean>(enhanced.isOpen);

// createModule() (Node 26.11) and the Database / Statement names.
const vdb: sqlite.Database = new sqlite.Database(":memory:");
expectType<DatabaseSync>(vdb);
vdb.createModule("series", {
  columns: [
    { name: "value", type: "INTEGER" },
    { name: "stop", type: "INTEGER", hidden: true },
  ],
  *rows(stop) {
    for (let i = 0n; i < BigInt(Number(stop ?? 10)); i++) yield [i];
  },
  directOnly: false,
  useBigIntArguments: true,
});
vdb.createModule("plain", { columns: [{ name: "x", type: "TEXT" }], rows: () => [["a"], ["b"]] });
// @ts-expect-error column types are SQLite's five names
vdb.createModule("bad", { columns: [{ name: "x", type: "VARCHAR" }], rows: () => [] });
const vstmt: sqlite.Statement = vdb.prepare("SELECT * FROM series(3)");
expectType<StatementSync>(vstmt);
