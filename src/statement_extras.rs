//! Statement extras (@photostructure/sqlite): the better-sqlite3 `reader`
//! and `readonly` getters and `setReadNullAsUndefined()`.

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::errors::{Error, Result};
use crate::js::{self, native_method, Args, Env};
use crate::stmt_core::{Statement, StmtCore};

#[inline]
unsafe fn core_of<'a>(env: Env, args: &Args) -> Result<&'a StmtCore> {
    let s: &Statement = unsafe { js::external_ref(env, args.get(0))? };
    Ok(&s.core)
}

native_method! {
    /// `stmt.reader`: whether the statement returns columns (`INSERT …
    /// RETURNING` does).
    fn stmt_reader(env, args) {
        let stmt = unsafe { core_of(env, &args)? }.raw()?;
        js::boolean(env, unsafe { ffi::sqlite3_column_count(stmt) } > 0)
    }
}

native_method! {
    /// `stmt.readonly`: `sqlite3_stmt_readonly`.
    fn stmt_readonly(env, args) {
        let stmt = unsafe { core_of(env, &args)? }.raw()?;
        js::boolean(env, unsafe { ffi::sqlite3_stmt_readonly(stmt) } != 0)
    }
}

native_method! {
    /// `stmt.setReadNullAsUndefined(enabled)`: SQL NULL reads as `undefined`.
    fn stmt_set_read_null_as_undefined(env, args) {
        let core = unsafe { core_of(env, &args)? };
        core.raw()?;
        let enabled = match args.get(1) {
            Some(v) if js::type_of(env, v)? == ValueType::napi_boolean => js::get_bool(env, v)?,
            _ => return Err(Error::expected_boolean("enabled")),
        };
        let mut f = core.flags.get();
        f.read_null_undefined = enabled;
        core.flags.set(f);
        js::undefined(env)
    }
}
