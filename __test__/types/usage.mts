// ESM consumer: resolved through the package's "exports" "import" condition
// → index.d.mts. The value imports must match what index.mjs exports (the
// runtime half of this check is in __test__/types.test.js). Compile-only.
import sqlite, { DatabaseSync, StatementSync, Session, backup, constants } from "@photostructure/sqlite";
import type { SQLRow, SQLTagStore, EnhancedDatabaseSync, ChangesetChange } from "@photostructure/sqlite";
import * as namespace from "@photostructure/sqlite";
import { expectType } from "./helpers.js";

const db = new DatabaseSync(":memory:", { readBigInts: true });
expectType<SQLRow | undefined>(db.prepare("SELECT 1 AS one").get());
expectType<typeof DatabaseSync>(sqlite.DatabaseSync);
expectType<typeof StatementSync>(sqlite.StatementSync);
expectType<typeof Session>(sqlite.Session);
expectType<typeof backup>(namespace.default.backup);
expectType<number>(constants.SQLITE_OK);
expectType<Promise<number>>(backup(db, "copy.db"));
const store: SQLTagStore = db.createTagStore();
expectType<SQLRow[]>(store.all`SELECT ${1} AS one`);
const changes: ChangesetChange[] = [];
void changes;
declare const enhanced: EnhancedDatabaseSync;
enhanced.pragma("user_version", { simple: true });
// The default export is the CommonJS module object, which has everything.
sqlite.enhance(db);
sqlite.changesetInvert(new Uint8Array());
new sqlite.SQLTagStore(db);
