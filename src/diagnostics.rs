//! The `sqlite.db.query` diagnostics channel.
//!
//! The JS facade watches the channel's subscriptions and calls
//! `setQueryTracing(publish)` when the first subscriber arrives and
//! `setQueryTracing(null)` when the last one leaves. While someone listens,
//! every open connection of this env carries a SQLITE_TRACE_PROFILE callback
//! that hands each finished statement to `publish(sql, database, duration)`
//! on the JS thread; without subscribers no callback is installed, so
//! statements pay nothing.

use std::ffi::{c_int, c_uint, c_void, CStr};
use std::ptr::null_mut;
use std::rc::{Rc, Weak};

use napi::sys;
use rusqlite::ffi;

use crate::callbacks::CallbackScope;
use crate::connection::DbCore;
use crate::env_data::AddonEnv;
use crate::errors::Result;
use crate::js::{self, native_method, Env, Ref, Value};
use crate::unpublished::is_unpublished;

native_method! {
    /// `setQueryTracing(publish | null)`: starts or stops tracing on every
    /// open connection of this env (and on those opened later).
    fn set_query_tracing(env, args) {
        let publisher = match args.get(0) {
            Some(f) if js::type_of(env, f)? == sys::ValueType::napi_function => Some(Ref::new(env, f)?),
            _ => None,
        };
        let enable = publisher.is_some();
        let open: Vec<Rc<DbCore>> = {
            let state = AddonEnv::get(env)?;
            state.query_publisher = publisher;
            let list = state.connections.borrow();
            list.iter().filter_map(Weak::upgrade).collect()
        };
        for core in open {
            if let Ok(db) = core.handle() {
                if enable {
                    install(&core, db);
                } else {
                    detach(db);
                }
            }
        }
        js::undefined(env)
    }
}

/// Called when a connection opens: traces it if the channel has subscribers.
pub fn on_open(core: &DbCore) {
    let tracing = AddonEnv::get(core.env)
        .map(|s| s.query_publisher.is_some())
        .unwrap_or(false);
    if let (true, Ok(db)) = (tracing, core.handle()) {
        install(core, db);
    }
}

/// Removes the callback (before a connection closes: node publishes nothing
/// for the statements that closing finalizes).
pub fn detach(db: *mut ffi::sqlite3) {
    if !db.is_null() {
        unsafe { ffi::sqlite3_trace_v2(db, 0, None, null_mut()) };
    }
}

fn install(core: &DbCore, db: *mut ffi::sqlite3) {
    // `core` outlives the callback: it is removed before the handle closes.
    let ctx = core as *const DbCore as *mut c_void;
    unsafe { ffi::sqlite3_trace_v2(db, ffi::SQLITE_TRACE_PROFILE, Some(on_profile), ctx) };
}

/// SQLite calls this as a statement finishes (reset or finalize), on the
/// thread that ran it: the JS thread.
unsafe extern "C" fn on_profile(
    mask: c_uint,
    ctx: *mut c_void,
    stmt: *mut c_void,
    nanos: *mut c_void,
) -> c_int {
    if mask != ffi::SQLITE_TRACE_PROFILE || ctx.is_null() || is_unpublished() {
        return 0;
    }
    let core = unsafe { &*(ctx as *const DbCore) };
    let nanos = if nanos.is_null() {
        0
    } else {
        unsafe { *(nanos as *const i64) }
    };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        publish(core, stmt as *mut ffi::sqlite3_stmt, nanos);
    }));
    0
}

fn publish(core: &DbCore, stmt: *mut ffi::sqlite3_stmt, nanos: i64) {
    let env = core.env;
    // Handle scope, and close()/deserialize() refused while subscribers run.
    let _scope = CallbackScope::enter(env, core);
    // A statement can finish while a UDF's exception is pending: set it aside
    // so the subscribers run, then throw it again unchanged.
    let pending = take_exception(env);
    if call_publisher(env, core, stmt, nanos).is_err() {
        // diagnostics_channel reports subscriber errors itself; anything
        // left here must not fail the statement.
        take_exception(env);
    }
    if let Some(error) = pending {
        unsafe { sys::napi_throw(env, error) };
    }
}

fn call_publisher(env: Env, core: &DbCore, stmt: *mut ffi::sqlite3_stmt, nanos: i64) -> Result<()> {
    let publish = match AddonEnv::get(env)?.query_publisher.as_ref() {
        Some(publisher) => publisher.get(env)?,
        None => return Ok(()),
    };
    let database = match core.owner.borrow().as_ref().map(|owner| owner.get(env)) {
        Some(Ok(db)) => db,
        // The DatabaseSync object is gone (its statements outlived it).
        _ => return Ok(()),
    };
    let sql = statement_sql(env, stmt)?;
    let duration = js::number(env, nanos as f64)?;
    js::call(
        env,
        js::undefined(env)?,
        publish,
        &[sql, database, duration],
    )?;
    Ok(())
}

/// The expanded SQL, or the original text when expansion fails.
fn statement_sql(env: Env, stmt: *mut ffi::sqlite3_stmt) -> Result<Value> {
    if stmt.is_null() {
        return js::string(env, "");
    }
    let expanded = unsafe { ffi::sqlite3_expanded_sql(stmt) };
    if !expanded.is_null() {
        let value = js::string_bytes(env, unsafe { CStr::from_ptr(expanded) }.to_bytes());
        unsafe { ffi::sqlite3_free(expanded as *mut c_void) };
        return value;
    }
    let original = unsafe { ffi::sqlite3_sql(stmt) };
    if original.is_null() {
        return js::string(env, "");
    }
    js::string_bytes(env, unsafe { CStr::from_ptr(original) }.to_bytes())
}

fn take_exception(env: Env) -> Option<Value> {
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if !pending {
        return None;
    }
    let mut error = null_mut();
    let status = unsafe { sys::napi_get_and_clear_last_exception(env, &mut error) };
    (status == sys::Status::napi_ok && !error.is_null()).then_some(error)
}
