//! What SQLite's callbacks into JS share: a handle scope per call, the
//! connection's callback depth (close() is refused inside), and converting
//! values in both directions for user-defined functions.

use std::ffi::c_int;
use std::ptr::null_mut;

use napi::sys;
use rusqlite::ffi;

use crate::connection::DbCore;
use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};
use crate::step_scope::SharedCall;
use crate::values::{
    js_to_sql_typed, sqlite_value_to_js, sqlite_value_to_js_inlined, SqlValue, Unsupported,
};

/// A JS callback invocation from SQLite: handle scope + callback depth.
pub struct CallbackScope<'a> {
    env: Env,
    scope: sys::napi_handle_scope,
    db: &'a DbCore,
}

impl<'a> CallbackScope<'a> {
    pub fn enter(env: Env, db: &'a DbCore) -> CallbackScope<'a> {
        let mut scope = null_mut();
        unsafe { sys::napi_open_handle_scope(env, &mut scope) };
        db.callback_depth.set(db.callback_depth.get() + 1);
        CallbackScope { env, scope, db }
    }

    /// A callback whose handles go into a scope someone else manages (see
    /// step_scope.rs): only the callback depth.
    pub fn enter_unscoped(env: Env, db: &'a DbCore) -> CallbackScope<'a> {
        db.callback_depth.set(db.callback_depth.get() + 1);
        CallbackScope {
            env,
            scope: null_mut(),
            db,
        }
    }
}

/// Enters a user-defined function's call: made directly inside a step of
/// `db`, its handles go into the step's shared scope (see step_scope.rs) and
/// the `SharedCall` comes back; elsewhere it opens a scope of its own.
/// Checked before the callback depth goes up.
#[inline]
pub fn enter_call(env: Env, db: &DbCore) -> (Option<SharedCall>, CallbackScope<'_>) {
    let shared = crate::step_scope::enter_shared(env, db);
    let scope = if shared.is_some() {
        CallbackScope::enter_unscoped(env, db)
    } else {
        CallbackScope::enter(env, db)
    };
    (shared, scope)
}

impl Drop for CallbackScope<'_> {
    fn drop(&mut self) {
        self.db.callback_depth.set(self.db.callback_depth.get() - 1);
        if !self.scope.is_null() {
            unsafe { sys::napi_close_handle_scope(self.env, self.scope) };
        }
    }
}

/// Arguments converted on the stack (no allocation per call) up to this many.
const INLINE_ARGS: usize = 8;

/// Calls `call` with `[first, ...args]` (or just the arguments without
/// `first`) as JS values, on the stack for up to `INLINE_ARGS` arguments.
#[inline(always)]
pub fn with_js_args<T>(
    env: Env,
    first: Option<Value>,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
    as_bigint: bool,
    call: impl FnOnce(&[Value]) -> Result<T>,
) -> Result<T> {
    let skip = first.is_some() as usize;
    match usize::try_from(argc) {
        Ok(n) if n <= INLINE_ARGS => {
            let mut inline = [null_mut(); INLINE_ARGS + 1];
            if let Some(v) = first {
                inline[0] = v;
            }
            args_to_js_into(env, argv, &mut inline[skip..skip + n], as_bigint)?;
            call(&inline[..skip + n])
        }
        _ => {
            let mut all: Vec<Value> = first.into_iter().collect();
            all.extend(args_to_js(env, argc, argv, as_bigint)?);
            call(&all)
        }
    }
}

/// A function's SQLite arguments as JS values.
fn args_to_js(
    env: Env,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
    as_bigint: bool,
) -> Result<Vec<Value>> {
    let mut out = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        out.push(sqlite_value_to_js(env, unsafe { *argv.add(i) }, as_bigint)?);
    }
    Ok(out)
}

/// Converts the first `out.len()` arguments into `out` (a caller's stack
/// array: no allocation per call).
#[inline]
fn args_to_js_into(
    env: Env,
    argv: *mut *mut ffi::sqlite3_value,
    out: &mut [Value],
    as_bigint: bool,
) -> Result<()> {
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = sqlite_value_to_js_inlined(env, unsafe { *argv.add(i) }, as_bigint)?;
    }
    Ok(())
}

/// Sets a function's result from its JS return value, with node's errors.
#[inline(always)]
pub fn set_result(env: Env, ctx: *mut ffi::sqlite3_context, value: Value) -> Result<()> {
    // Numbers, the most common result, need one Node-API call instead of two
    // (`typeof`, then the value); anything else fails this one harmlessly.
    let mut number = 0f64;
    if unsafe { sys::napi_get_value_double(env, value, &mut number) } == sys::Status::napi_ok {
        unsafe { ffi::sqlite3_result_double(ctx, number) };
        return Ok(());
    }
    set_other_result(env, ctx, value)
}

/// [`set_result`] for anything but a number.
#[inline(never)]
fn set_other_result(env: Env, ctx: *mut ffi::sqlite3_context, value: Value) -> Result<()> {
    let mut scratch = Vec::new();
    let kind = js::type_of(env, value)?;
    // Only an object can be a promise: primitives skip the check.
    if kind == sys::ValueType::napi_object && is_promise(env, value)? {
        result_error(ctx, "Asynchronous user-defined functions are not supported");
        return Ok(());
    }
    let sql = match kind {
        // Booleans bind as integers but are no valid function results in node.
        // Binary data (views, ArrayBuffer, SharedArrayBuffer) is a BLOB, as
        // when binding; any other object is refused by js_to_sql.
        sys::ValueType::napi_boolean => Err(Unsupported::Kind),
        _ => js_to_sql_typed(env, value, kind, &mut scratch)?,
    };
    unsafe {
        match sql {
            Ok(SqlValue::Null) => ffi::sqlite3_result_null(ctx),
            Ok(SqlValue::Integer(v)) => ffi::sqlite3_result_int64(ctx, v),
            Ok(SqlValue::Real(v)) => ffi::sqlite3_result_double(ctx, v),
            Ok(SqlValue::Text(b)) => ffi::sqlite3_result_text64(
                ctx,
                b.as_ptr() as *const _,
                b.len() as u64,
                ffi::SQLITE_TRANSIENT(),
                ffi::SQLITE_UTF8 as u8,
            ),
            Ok(SqlValue::Blob(b)) => ffi::sqlite3_result_blob64(
                ctx,
                if b.is_empty() {
                    c"".as_ptr() as *const u8
                } else {
                    b.as_ptr()
                } as *const _,
                b.len() as u64,
                ffi::SQLITE_TRANSIENT(),
            ),
            Err(Unsupported::BigIntRange) => {
                result_error(ctx, "BigInt value is too large for SQLite")
            }
            Err(Unsupported::Kind) => result_error(
                ctx,
                "Returned JavaScript value cannot be converted to a SQLite value",
            ),
        }
    }
    Ok(())
}

fn is_promise(env: Env, value: Value) -> Result<bool> {
    let mut yes = false;
    js::check(env, unsafe { sys::napi_is_promise(env, value, &mut yes) })?;
    Ok(yes)
}

pub fn result_error(ctx: *mut ffi::sqlite3_context, message: &str) {
    unsafe { ffi::sqlite3_result_error(ctx, message.as_ptr() as *const _, message.len() as c_int) };
}

/// Makes SQLite fail the statement after a JS exception; the pending exception
/// is what the caller rethrows.
pub fn fail_with_pending(ctx: *mut ffi::sqlite3_context) {
    unsafe { ffi::sqlite3_result_error(ctx, c"".as_ptr(), 0) };
}

/// Reports an error of a callback's own making (not a JS exception) to SQLite.
pub fn fail(env: Env, ctx: *mut ffi::sqlite3_context, err: Error) {
    match err {
        Error::Pending => fail_with_pending(ctx),
        Error::Sqlite { message, .. } => result_error(ctx, &message),
        other => {
            // Node-style errors (e.g. ERR_OUT_OF_RANGE converting an argument)
            // are thrown as JS exceptions, so they reach the caller unchanged.
            other.throw(env);
            fail_with_pending(ctx);
        }
    }
}
