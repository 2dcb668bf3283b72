// Compile-time compatibility between our declarations and @types/node's
// `node:sqlite` (checked against @types/node 26.6.6; Node itself is 26.10).
//
// "ours → node": code typed for node:sqlite accepts our objects unchanged.
// "node → ours": our types are no narrower than node's, apart from the
// members listed below. Every exception is one of:
//   (E) an extension of @photostructure/sqlite, absent from node:sqlite;
//   (N) a Node 26.8–26.10 feature that @types/node 26.6.6 does not declare yet;
//   (R) a deliberate difference at run time, explained where it is used.
// When @types/node catches up, the (N) lists should shrink: the Equals<>
// checks on them below fail on purpose to say so.
// A value import only so that `typeof node.X` can name classes; never run.
import * as node from "node:sqlite";
import * as ours from "@photostructure/sqlite";
import type { Assert, Assignable, Equals } from "./helpers";

declare const oursDb: ours.DatabaseSync;
declare const nodeDb: node.DatabaseSync;
declare const oursStmt: ours.StatementSync;
declare const nodeStmt: node.StatementSync;
declare const oursSession: ours.Session;
declare const nodeSession: node.Session;
declare const oursTagStore: ours.SQLTagStore;
declare const nodeTagStore: node.SQLTagStore;

// (E) Extensions on instances.
type DatabaseExtensions = "backup" | "dispose" | "getLimit" | "setLimit" | "interrupt" | "rekey";
// (F) Node 26.11 features (not in Node 26.10 nor in @types/node 26.6.6).
type DatabaseFromNextNode = "createModule";
type StatementExtensions = "finalize" | "reader" | "readonly" | "setReadNullAsUndefined";
type SessionExtensions = "dispose" | "changesetInvert";
// (E) The 20 SQLITE_OPEN_* flags.
type OpenFlagConstants = Extract<keyof ours.SQLiteConstants, `SQLITE_OPEN_${string}`>;
// (N) StatementSync members added in Node 26.8 (stat/resetStats PR #64541,
// close/[Symbol.dispose] PR #64232).
type StatementMissingFromTypes = "stat" | "resetStats" | "close" | typeof Symbol.dispose;
// (N) SQLITE_CHANGESET_CONSTRAINT exists in every node:sqlite with `constants`
// (and is passed to onConflict) but @types/node 26.6.6 omits it.
type ConstantsMissingFromTypes = "SQLITE_CHANGESET_CONSTRAINT";

// The exception lists are exact: nothing else differs in member names.
type _dbKeys = Assert<
  Equals<Exclude<keyof ours.DatabaseSync, keyof node.DatabaseSync>, DatabaseExtensions | DatabaseFromNextNode>
>;
type _dbKeys2 = Assert<Equals<Exclude<keyof node.DatabaseSync, keyof ours.DatabaseSync>, never>>;
type _stmtKeys = Assert<
  Equals<Exclude<keyof ours.StatementSync, keyof node.StatementSync>, StatementExtensions | StatementMissingFromTypes>
>;
type _stmtKeys2 = Assert<Equals<Exclude<keyof node.StatementSync, keyof ours.StatementSync>, never>>;
type _sessionKeys = Assert<Equals<Exclude<keyof ours.Session, keyof node.Session>, SessionExtensions>>;
type _sessionKeys2 = Assert<Equals<Exclude<keyof node.Session, keyof ours.Session>, never>>;
type _tagKeys = Assert<Equals<keyof ours.SQLTagStore, keyof node.SQLTagStore>>;
type _constKeys = Assert<
  Equals<
    Exclude<keyof typeof ours.constants, keyof typeof node.constants>,
    OpenFlagConstants | ConstantsMissingFromTypes
  >
>;
type _constKeys2 = Assert<Equals<Exclude<keyof typeof node.constants, keyof typeof ours.constants>, never>>;
type _openFlagCount = Assert<Equals<OpenFlagCount, 20>>;
type OpenFlagCount = UnionToTuple<OpenFlagConstants>["length"];
type UnionToTuple<U, Acc extends unknown[] = []> = [U] extends [never]
  ? Acc
  : LastOf<U> extends infer L
    ? UnionToTuple<Exclude<U, L>, [L, ...Acc]>
    : never;
type LastOf<U> = (U extends unknown ? (f: () => U) => void : never) extends (f: infer F) => void
  ? F extends () => infer L
    ? L
    : never
  : never;

// ---------------------------------------------------------------- values

type _input = Assert<Assignable<node.SQLInputValue, ours.SQLInputValue>>;
// (R) ours is wider: Node 26.8+ binds booleans, ArrayBuffer and
// SharedArrayBuffer, and 26.10 binds `undefined` as NULL; @types/node 26.6.6
// does not list them.
type _inputWider = Assert<
  Equals<
    Exclude<ours.SQLInputValue, node.SQLInputValue>,
    undefined | boolean | ArrayBufferView | ArrayBuffer | SharedArrayBuffer
  >
>;
type _output = Assert<Equals<ours.SQLOutputValue, node.SQLOutputValue>>;
type _columns = Assert<Equals<ours.StatementColumnMetadata, node.StatementColumnMetadata>>;
type _changes = Assert<Equals<ours.StatementResultingChanges, node.StatementResultingChanges>>;
type _limits = Assert<Equals<ours.DatabaseLimits, node.DatabaseLimits>>;
type _progress = Assert<Equals<ours.BackupProgressInfo, node.BackupProgressInfo>>;

// ---------------------------------------------------------------- option types (both directions)

type _dbOptions = Assert<Assignable<ours.DatabaseSyncOptions, node.DatabaseSyncOptions>>;
type _dbOptions2 = Assert<Assignable<node.DatabaseSyncOptions, ours.DatabaseSyncOptions>>;
// (N) `persistent` (Node 26.8) and (E) `readNullAsUndefined` are ours only;
// optional, so both directions hold.
type _prepare = Assert<Assignable<ours.PrepareOptions, node.PrepareOptions>>;
type _prepare2 = Assert<Assignable<node.PrepareOptions, ours.PrepareOptions>>;
type _prepareKeys = Assert<
  Equals<Exclude<keyof ours.PrepareOptions, keyof node.PrepareOptions>, "persistent" | "readNullAsUndefined">
>;
type _fnOptions = Assert<Equals<ours.FunctionOptions, node.FunctionOptions>>;
// (R) `result` may return more in ours (`undefined` and ArrayBuffers, which
// node 26.10 accepts and @types/node 26.6.6 does not list): only node → ours
// holds for it.
type _aggregate = Assert<
  Assignable<Omit<ours.AggregateOptions<number>, "result">, Omit<node.AggregateOptions<number>, "result">>
>;
type _aggregate2 = Assert<Assignable<node.AggregateOptions<number>, ours.AggregateOptions<number>>>;
type _session = Assert<Equals<ours.CreateSessionOptions, node.CreateSessionOptions>>;
type _deserialize = Assert<Equals<ours.DeserializeOptions, node.DeserializeOptions>>;
// (E) onConflict receives a second `info` argument, so a handler written for
// ours may need two parameters: only node → ours holds.
type _apply = Assert<Assignable<node.ApplyChangesetOptions, ours.ApplyChangesetOptions>>;
type _applyNoInfo = Assert<Assignable<Omit<ours.ApplyChangesetOptions, "onConflict">, node.ApplyChangesetOptions>>;
// (E) `signal` is ours only; optional, so both directions hold.
type _backupOptions = Assert<Assignable<ours.BackupOptions, node.BackupOptions>>;
type _backupOptions2 = Assert<Assignable<node.BackupOptions, ours.BackupOptions>>;

// ---------------------------------------------------------------- instances

// ours → node, whole types.
const dbAsNode: node.DatabaseSync = oursDb;
const stmtAsNode: node.StatementSync = oursStmt;
const sessionAsNode: node.Session = oursSession;
const tagStoreAsNode: node.SQLTagStore = oursTagStore;
const statementFromOurs: node.StatementSync = oursDb.prepare("SELECT 1");

// node → ours, without the exceptions: our types as seen through node's
// (objects reached from a database, such as its statements, are seen the
// same way).
type StatementNodeView = Omit<ours.StatementSync, StatementExtensions | StatementMissingFromTypes>;
type SessionNodeView = Omit<ours.Session, SessionExtensions>;
interface DatabaseNodeView
  extends Omit<
    ours.DatabaseSync,
    DatabaseExtensions | DatabaseFromNextNode | "prepare" | "createTagStore" | "createSession"
  > {
  prepare(...args: Parameters<ours.DatabaseSync["prepare"]>): StatementNodeView;
  createTagStore(maxSize?: number): TagStoreNodeView;
  createSession(options?: ours.CreateSessionOptions): SessionNodeView;
}
interface TagStoreNodeView extends Omit<ours.SQLTagStore, "db"> {
  readonly db: DatabaseNodeView;
}
const dbFromNode: DatabaseNodeView = nodeDb;
const stmtFromNode: StatementNodeView = nodeStmt;
const sessionFromNode: SessionNodeView = nodeSession;
const tagStoreFromNode: TagStoreNodeView = nodeTagStore;

// ---------------------------------------------------------------- classes and functions (values)

// ours → node.
const DatabaseSyncAsNode: typeof node.DatabaseSync = ours.DatabaseSync;
const StatementSyncAsNode: typeof node.StatementSync = ours.StatementSync;
const constantsAsNode: typeof node.constants = ours.constants;
// (R) our backup() takes only our DatabaseSync (node's own objects are foreign
// to the addon and rejected), so it is not a subtype of node's backup(), whose
// first parameter is node's DatabaseSync. With that parameter fixed to ours,
// the rest of the signature is a subtype.
const backupAsNode: (
  sourceDb: ours.DatabaseSync,
  ...rest: Parameters<typeof node.backup> extends [unknown, ...infer R] ? R : never
) => ReturnType<typeof node.backup> = ours.backup;
// (N) @types/node 26.6.6 declares Session as an interface only, although
// node:sqlite has exported the Session class since Node 24.9; so there is no
// `typeof node.Session` to compare with. Ours is a class whose constructor is
// private (node's throws "Illegal constructor").
type _sessionClass = Assert<Equals<typeof ours.Session.prototype, ours.Session>>;

// node → ours.
// The constructor's parameters are compared separately below.
const DatabaseSyncFromNode: new (...args: ConstructorParameters<typeof node.DatabaseSync>) => DatabaseNodeView =
  node.DatabaseSync;
type _ctorParams = Assert<
  Assignable<ConstructorParameters<typeof node.DatabaseSync>, ConstructorParameters<typeof ours.DatabaseSync>>
>;
// (R) ours accepts any Uint8Array as a path (node does too at run time), while
// @types/node's PathLike only has Buffer.
type _ctorParamsWider = Assert<
  Equals<Exclude<ours.DatabasePath, ConstructorParameters<typeof node.DatabaseSync>[0]>, Uint8Array>
>;
const backupFromNode: (
  sourceDb: ours.DatabaseSync,
  path: Exclude<ours.DatabasePath, Uint8Array> | Buffer,
  options?: ours.BackupOptions,
) => Promise<number> = node.backup;
const constantsFromNode: Omit<typeof ours.constants, OpenFlagConstants | ConstantsMissingFromTypes> = node.constants;

export {
  dbAsNode,
  stmtAsNode,
  sessionAsNode,
  tagStoreAsNode,
  statementFromOurs,
  dbFromNode,
  stmtFromNode,
  sessionFromNode,
  tagStoreFromNode,
  DatabaseSyncAsNode,
  StatementSyncAsNode,
  constantsAsNode,
  backupAsNode,
  DatabaseSyncFromNode,
  backupFromNode,
  constantsFromNode,
};
