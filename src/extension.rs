//! Loadable extensions: `db.enableLoadExtension(allow)` and
//! `db.loadExtension(path[, entryPoint])`. Only the C API is ever enabled
//! (SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION), so SQL's `load_extension()` stays
//! "not authorized", as in node.

use std::ffi::{c_char, CString};
use std::ptr::{null, null_mut};

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::connection::db_config;
use crate::database::this_db;
use crate::errors::{cstr_lossy, Class, Error, Result};
use crate::js::{self, native_method, Env, Value};

/// A string argument as a C string, cut at the first NUL as SQLite reads it.
fn c_string(env: Env, value: Value) -> Result<CString> {
    let mut bytes = Vec::new();
    js::read_string_into(env, value, &mut bytes)?;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        bytes.truncate(nul);
    }
    Ok(CString::new(bytes).unwrap_or_default())
}

fn is_string(env: Env, value: Option<Value>) -> Result<bool> {
    Ok(match value {
        Some(v) => js::type_of(env, v)? == ValueType::napi_string,
        None => false,
    })
}

native_method! {
    /// `db.enableLoadExtension(allow)`: only possible when the database was
    /// opened with `allowExtension: true`.
    fn db_enable_load_extension(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let db = core.handle()?;
        core.check_not_in_authorizer()?;
        let allow = match args.get(0) {
            Some(v) if js::type_of(env, v)? == ValueType::napi_boolean => js::get_bool(env, v)?,
            _ => return Err(Error::expected_boolean("allow")),
        };
        if allow && !core.config.allow_extension {
            return Err(Error::invalid_state(
                "Cannot enable extension loading because it was disabled at database creation.",
            ));
        }
        db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, allow as i32)?;
        core.load_extension_enabled.set(allow);
        js::undefined(env)
    }
}

native_method! {
    /// `db.loadExtension(path[, entryPoint])`; a non-string entry point means
    /// SQLite's default one.
    fn db_load_extension(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let db = core.handle()?;
        if !core.load_extension_enabled.get() {
            return Err(Error::invalid_state("extension loading is not allowed"));
        }
        let path = match args.get(0) {
            Some(v) if is_string(env, Some(v))? => c_string(env, v)?,
            _ => return Err(Error::invalid_arg_type("The \"path\" argument must be a string.")),
        };
        let entry = match args.get(1) {
            Some(v) if is_string(env, Some(v))? => Some(c_string(env, v)?),
            _ => None,
        };
        let mut message: *mut c_char = null_mut();
        let entry_ptr = entry.as_ref().map_or(null(), |e| e.as_ptr());
        let rc = unsafe { ffi::sqlite3_load_extension(db, path.as_ptr(), entry_ptr, &mut message) };
        if rc != ffi::SQLITE_OK {
            let text = if message.is_null() {
                cstr_lossy(unsafe { ffi::sqlite3_errmsg(db) })
            } else {
                let text = cstr_lossy(message);
                unsafe { ffi::sqlite3_free(message as *mut _) };
                text
            };
            return Err(Error::Node { class: Class::Error, code: Some("ERR_LOAD_SQLITE_EXTENSION"), message: text });
        }
        js::undefined(env)
    }
}
