//! `DatabaseSync` extras (@photostructure/sqlite) that only need the
//! connection: `db.interrupt()`, `db.rekey()` and the statement cache's count.
//! They sit here, above the features they reach, so that those features
//! (query_timeout, encryption, statement_cache) never import the database.

use rusqlite::ffi;

use crate::database::this_db;
use crate::encryption;
use crate::js::{self, native_method};

native_method! {
    /// `dbInterrupt(db)`: `sqlite3_interrupt` — the statement running on the
    /// connection (if any) stops with SQLITE_INTERRUPT. Allowed from any
    /// callback, the authorizer included.
    fn db_interrupt(env, args) {
        let core = unsafe { this_db(env, args.get(0).unwrap_or(args.this))? };
        let db = core.handle()?;
        unsafe { ffi::sqlite3_interrupt(db) };
        if core.in_authorizer.get() {
            core.query_timeout.interrupt_from_authorizer();
        }
        js::undefined(env)
    }
}

native_method! {
    /// `db.rekey(newKey)`: re-encrypts the database with a new key.
    fn db_rekey(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let db = core.handle()?;
        if !encryption::AVAILABLE {
            return Err(encryption::unavailable());
        }
        let key = encryption::key_bytes(env, args.get(0).unwrap_or(js::undefined(env)?), "newKey")?;
        encryption::rekey(db, &key)?;
        js::undefined(env)
    }
}

native_method! {
    /// `dbIdleStatements(db)`: how many compiled statements the cache holds
    /// (for tests and diagnostics; not part of the public API).
    fn db_idle_statements(env, args) {
        let core = unsafe { this_db(env, args.get(0).unwrap_or(args.this))? };
        js::int(env, core.statement_cache.idle_count() as i64)
    }
}

native_method! {
    /// `dbDependents(db)`: how many statements and sessions are registered
    /// on the connection (for tests; not part of the public API).
    fn db_dependents(env, args) {
        let core = unsafe { this_db(env, args.get(0).unwrap_or(args.this))? };
        js::int(env, core.dependents.count() as i64)
    }
}
