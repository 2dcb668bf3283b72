//! Binding a call's arguments to a statement's parameters (spec §2.4): an
//! optional named-parameter object first, then anonymous values.

use std::ffi::{c_int, CString};

use rusqlite::ffi;

use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};
use crate::stmt_core::{is_anonymous_param, DbLock, StmtCore};
use crate::values::{bind_value, Unsupported};

/// Clears old bindings and binds `args`; returns the connection's mutex,
/// held (see `DbLock`). It is taken before binding when no JS can run
/// meanwhile, so that SQLite's locks while binding are nested ones (cheap);
/// a named-parameter object's getters or proxy traps may close the database,
/// which frees the mutex, so with one it is taken only after binding.
#[inline]
pub fn bind_params(
    env: Env,
    core: &StmtCore,
    stmt: *mut ffi::sqlite3_stmt,
    args: &[Value],
) -> Result<DbLock> {
    let first = match args.first() {
        Some(&v) => Some((v, js::type_of(env, v)?)),
        None => None,
    };
    let named = match first {
        Some((v, kind)) => is_named_object(env, v, kind)?,
        None => false,
    };
    let early = if named {
        None
    } else {
        Some(DbLock::new(&core.db)?)
    };
    if core.param_count > 0 {
        unsafe { ffi::sqlite3_clear_bindings(stmt) };
    }
    if let Some((_, first_kind)) = first {
        // Named-parameter getters and proxies run JS during binding: as in
        // node, the statement counts as executing (no re-entry, no close()),
        // and one finalized meanwhile (its database closed or deserialized)
        // ends it.
        let was = core.executing.replace(true);
        let mut scratch = core.bind_scratch.take();
        let result = bind_args(env, core, stmt, args, named, first_kind, &mut scratch);
        core.bind_scratch.set(scratch);
        core.executing.set(was);
        result?;
    }
    match early {
        Some(lock) => Ok(lock),
        None => DbLock::new(&core.db),
    }
}

/// After user code ran: node's error when it finalized the statement.
fn ensure_live(core: &StmtCore) -> Result<()> {
    if core.raw().is_ok() {
        return Ok(());
    }
    Err(match core.db.handle() {
        Ok(db) => Error::from_db(db),
        // sqlite3_errmsg(NULL), as node reads it once the connection is gone.
        Err(_) => Error::from_code(ffi::SQLITE_NOMEM),
    })
}

/// `ensure_live` before binding `value` at `index`: node reports a value it
/// cannot bind before it touches the (maybe finalized) statement.
fn ensure_live_for(
    env: Env,
    core: &StmtCore,
    index: c_int,
    value: Value,
    scratch: &mut Vec<u8>,
) -> Result<()> {
    if core.raw().is_ok() {
        return Ok(());
    }
    if let Err(kind) = crate::values::js_to_sql(env, value, scratch)? {
        return Err(unsupported(kind, index));
    }
    ensure_live(core)
}

fn unsupported(kind: Unsupported, index: c_int) -> Error {
    match kind {
        Unsupported::Kind => Error::invalid_arg_type(format!(
            "Provided value cannot be bound to SQLite parameter {index}."
        )),
        Unsupported::BigIntRange => Error::invalid_arg_value("BigInt value is too large to bind."),
    }
}

fn bind_args(
    env: Env,
    core: &StmtCore,
    stmt: *mut ffi::sqlite3_stmt,
    args: &[Value],
    named: bool,
    first_kind: napi::sys::napi_valuetype,
    scratch: &mut Vec<u8>,
) -> Result<()> {
    let mut anon_start = 0;
    if named {
        bind_named(env, core, stmt, args[0], scratch)?;
        anon_start = 1;
    }
    let mut index: c_int = 1;
    for (i, &value) in args.iter().enumerate().skip(anon_start) {
        // Skip named parameters; `?NNN` counts as positional.
        if !core.positional_only {
            index = next_anonymous(stmt, index);
        }
        // The first argument's type is known already.
        let kind = if i == 0 {
            first_kind
        } else {
            js::type_of(env, value)?
        };
        bind_one(env, core, stmt, index, value, kind, scratch)?;
        index += 1;
    }
    Ok(())
}

/// The first parameter from `index` on that has no name.
fn next_anonymous(stmt: *mut ffi::sqlite3_stmt, mut index: c_int) -> c_int {
    while !is_anonymous_param(stmt, index) {
        index += 1;
    }
    index
}

fn bind_one(
    env: Env,
    core: &StmtCore,
    stmt: *mut ffi::sqlite3_stmt,
    index: c_int,
    value: Value,
    kind: napi::sys::napi_valuetype,
    scratch: &mut Vec<u8>,
) -> Result<()> {
    match bind_value(env, stmt, index, value, kind, scratch)? {
        Ok(ffi::SQLITE_OK) => Ok(()),
        Ok(_) => Err(Error::from_db(core.db.handle()?)),
        Err(Unsupported::Kind) => Err(Error::invalid_arg_type(format!(
            "Provided value cannot be bound to SQLite parameter {index}."
        ))),
        Err(Unsupported::BigIntRange) => Err(Error::invalid_arg_value(
            "BigInt value is too large to bind.",
        )),
    }
}

/// An object that is not binary data is the named-parameter object (arrays
/// and functions too: node's IsObject()).
fn is_named_object(env: Env, value: Value, kind: napi::sys::napi_valuetype) -> Result<bool> {
    match kind {
        napi::sys::ValueType::napi_object => {}
        napi::sys::ValueType::napi_function => return Ok(true),
        _ => return Ok(false),
    }
    if js::bytes_of(env, value)?.is_some() {
        return Ok(false);
    }
    if let Some(is_sab) = crate::host::is_shared_array_buffer_fn() {
        let mut yes = false;
        js::check(env, unsafe { is_sab(env, value, &mut yes) })?;
        return Ok(!yes);
    }
    // Older Node: only the facade can tell a SharedArrayBuffer.
    let helpers = crate::env_data::AddonEnv::helpers(env)?;
    let f = helpers.is_shared_array_buffer.get(env)?;
    let recv = js::undefined(env)?;
    let view = js::call(env, recv, f, &[value])?;
    Ok(js::type_of(env, view)? != napi::sys::ValueType::napi_object)
}

fn bind_named(
    env: Env,
    core: &StmtCore,
    stmt: *mut ffi::sqlite3_stmt,
    obj: Value,
    scratch: &mut Vec<u8>,
) -> Result<()> {
    let flags = core.flags.get();
    if flags.allow_bare_named {
        core.ensure_bare_names(stmt)?;
    }
    let keys = js::own_keys(env, obj)?;
    ensure_live(core)?;
    let count = js::array_length(env, keys)?;
    let mut key_bytes = Vec::new();
    for i in 0..count {
        let key = js::get_element(env, keys, i)?;
        js::read_string_into(env, key, &mut key_bytes)?;
        let mut index = param_index(stmt, &key_bytes);
        if index == 0 && flags.allow_bare_named {
            if let Some(full) = core
                .bare_names
                .borrow()
                .as_ref()
                .and_then(|m| m.get(&key_bytes))
            {
                index = unsafe { ffi::sqlite3_bind_parameter_index(stmt, full.as_ptr()) };
            }
        }
        if index == 0 {
            if flags.allow_unknown_named {
                continue;
            }
            return Err(Error::invalid_state(format!(
                "Unknown named parameter '{}'",
                String::from_utf8_lossy(&key_bytes)
            )));
        }
        let value = js::get_property(env, obj, key)?;
        ensure_live_for(env, core, index, value, scratch)?;
        let kind = js::type_of(env, value)?;
        bind_one(env, core, stmt, index, value, kind, scratch)?;
    }
    Ok(())
}

fn param_index(stmt: *mut ffi::sqlite3_stmt, name: &[u8]) -> c_int {
    match CString::new(name) {
        Ok(c) => unsafe { ffi::sqlite3_bind_parameter_index(stmt, c.as_ptr()) },
        Err(_) => 0,
    }
}
