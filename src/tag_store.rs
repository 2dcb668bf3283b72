//! The little the JS tag store (lib/tag-store.js) needs from native code.

use crate::database::this_db;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Value};
use crate::stmt_core::Statement;

fn arg(args: &js::Args, i: usize) -> Result<Value> {
    args.get(i)
        .ok_or_else(|| Error::Internal("tag store: missing argument".into()))
}

fn check_db(env: Env, db: Value) -> Result<()> {
    let core = unsafe { this_db(env, db)? };
    core.handle()?;
    core.check_not_in_authorizer()
}

native_method! {
    /// `tagStoreCheckDb(db)`: throws as node's tag store does when the
    /// database is closed or inside its authorizer.
    fn tag_store_check_db(env, args) {
        check_db(env, arg(&args, 0)?)?;
        js::undefined(env)
    }
}

native_method! {
    /// `stmtParameterCount(handle)`: SQLite's parameter count, or -1 once the
    /// statement has been finalized.
    fn stmt_parameter_count(env, args) {
        let stmt: &Statement = unsafe { js::external_ref(env, args.get(0))? };
        let count = match stmt.core.raw() {
            Ok(raw) => unsafe { rusqlite::ffi::sqlite3_bind_parameter_count(raw) },
            Err(_) => -1,
        };
        js::int(env, count as i64)
    }
}
