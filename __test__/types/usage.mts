// ESM consumer: resolved through the package's "exports" "import" condition
// → index.d.mts. The value imports must match what index.mjs exports (the
// runtime half of this check is in __test__/types.test.js). Compile-only.
import sqlite, {
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
import type { ChangesetChange, EnhancedDatabaseSync, SQLRow } from "@photostructure/sqlite";
import * as namespace from "@photostructure/sqlite";
import { expectType } from "./helpers.js";

const db = new DatabaseSync(":memory:", { readBigInts: true });
expectType<SQLRow | undefined>(db.prepare("SELECT 1 AS one").get());
expectType<number>(constants.SQLITE_OK);
expectType<Promise<number>>(backup(db, "copy.db"));

// The default export is the CommonJS module object, with everything on it.
expectType<typeof DatabaseSync>(sqlite.DatabaseSync);
expectType<typeof StatementSync>(sqlite.StatementSync);
expectType<typeof Session>(sqlite.Session);
expectType<typeof backup>(namespace.default.backup);
expectType<typeof enhance>(sqlite.enhance);

const store: SQLTagStore = db.createTagStore();
expectType<SQLRow[]>(store.all`SELECT ${1} AS one`);
new SQLTagStore(db, 2);

const changes: ChangesetChange[] = changesetInspect(changesetConcat(changesetInvert(new Uint8Array()), new Uint8Array()));
void changes;

const enhanced: EnhancedDatabaseSync = enhance(db);
expectType<boolean>(isEnhanced(enhanced));
enhanced.pragma("user_version", { simple: true });
