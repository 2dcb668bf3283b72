//! `db.setAuthorizer()`: SQLite's authorizer calling into JS.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void, CStr};

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::callbacks::CallbackScope;
use crate::connection::DbCore;
use crate::database::this_db;
use crate::errors::{Class, Error, Result};
use crate::js::{self, native_method, Env, Ref, Value};

pub struct AuthorizerData {
    env: Env,
    db: *const DbCore,
    callback: Ref,
}

/// Marks the connection as inside its authorizer for the call's duration.
struct InAuthorizer<'a>(&'a Cell<bool>);

impl Drop for InAuthorizer<'_> {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

native_method! {
    /// `db.setAuthorizer(callback | null)`.
    fn db_set_authorizer(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let handle = core.handle()?;
        core.check_not_in_authorizer()?;
        let callback = args.get(0);
        let kind = match callback {
            Some(v) => js::type_of(env, v)?,
            None => ValueType::napi_undefined,
        };
        match (kind, callback) {
            (ValueType::napi_null, _) => {
                // The statement cache keeps watching for schema changes.
                let (watch, data) = core.statement_cache.authorizer();
                unsafe { ffi::sqlite3_set_authorizer(handle, watch, data) };
                core.authorizer.replace(None);
            }
            (ValueType::napi_function, Some(f)) => {
                let data = Box::new(AuthorizerData { env, db: std::rc::Rc::as_ptr(core), callback: Ref::new(env, f)? });
                let ptr = &*data as *const AuthorizerData as *mut c_void;
                unsafe { ffi::sqlite3_set_authorizer(handle, Some(authorize), ptr) };
                // The old data is dropped only after SQLite stopped using it.
                core.authorizer.replace(Some(data));
                // Cached statements would skip the new authorizer's checks.
                core.statement_cache.clear();
            }
            _ => return Err(Error::invalid_arg_type("The \"callback\" argument must be a function or null.")),
        }
        js::undefined(env)
    }
}

fn text_or_null(env: Env, p: *const c_char) -> Result<Value> {
    if p.is_null() {
        js::null(env)
    } else {
        js::string_bytes(env, unsafe { CStr::from_ptr(p) }.to_bytes())
    }
}

unsafe extern "C" fn authorize(
    user: *mut c_void,
    action: c_int,
    a1: *const c_char,
    a2: *const c_char,
    a3: *const c_char,
    a4: *const c_char,
) -> c_int {
    let data = unsafe { &*(user as *const AuthorizerData) };
    let env = data.env;
    let db = unsafe { &*data.db };
    db.statement_cache.observe(action, a1, a2);
    if db.authorizer_paused.get() {
        return ffi::SQLITE_OK;
    }
    // An earlier call threw and SQLite goes on (applyChangeset rolls back
    // its savepoint): like node, keep calling the callback, and keep the
    // first exception as the one the caller sees.
    let earlier = take_pending_exception(env);
    let code = authorize_in_js(data, env, db, action, [a1, a2, a3, a4]);
    if let Some(error) = earlier {
        let mut dropped = std::ptr::null_mut();
        unsafe {
            napi::sys::napi_get_and_clear_last_exception(env, &mut dropped);
            napi::sys::napi_throw(env, error);
        }
    }
    code
}

fn take_pending_exception(env: Env) -> Option<Value> {
    let mut pending = false;
    unsafe { napi::sys::napi_is_exception_pending(env, &mut pending) };
    if !pending {
        return None;
    }
    let mut error = std::ptr::null_mut();
    let status = unsafe { napi::sys::napi_get_and_clear_last_exception(env, &mut error) };
    (status == napi::sys::Status::napi_ok).then_some(error)
}

fn authorize_in_js(
    data: &AuthorizerData,
    env: Env,
    db: &DbCore,
    action: c_int,
    [a1, a2, a3, a4]: [*const c_char; 4],
) -> c_int {
    let _scope = CallbackScope::enter(env, db);
    db.in_authorizer.set(true);
    let _guard = InAuthorizer(&db.in_authorizer);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<c_int> {
        let args = [
            js::int(env, action as i64)?,
            text_or_null(env, a1)?,
            text_or_null(env, a2)?,
            text_or_null(env, a3)?,
            text_or_null(env, a4)?,
        ];
        let result = js::call(env, js::undefined(env)?, data.callback.get(env)?, &args)?;
        let code = if js::type_of(env, result)? == ValueType::napi_number {
            js::get_f64(env, result)?
        } else {
            f64::NAN
        };
        // V8's IsInt32(): no fraction, no -0.
        let negative_zero = code == 0.0 && code.is_sign_negative();
        if code.fract() != 0.0
            || negative_zero
            || !(i32::MIN as f64..=i32::MAX as f64).contains(&code)
        {
            return Err(Error::Node {
                class: Class::TypeError,
                code: None,
                message: "Authorizer callback must return an integer authorization code".into(),
            });
        }
        match code as i64 {
            c @ 0..=2 => Ok(c as c_int),
            _ => Err(Error::Node {
                class: Class::RangeError,
                code: None,
                message: "Authorizer callback returned a invalid authorization code".into(),
            }),
        }
    }));
    if db.query_timeout.take_auth_interrupt() && matches!(outcome, Ok(Ok(_))) {
        // `db.interrupt()` from the authorizer: the prepare fails as interrupted.
        Error::from_code(ffi::SQLITE_INTERRUPT).throw(env);
        return ffi::SQLITE_DENY;
    }
    match outcome {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            // Thrown now, rethrown by the SQLite call that asked (prepare/exec).
            err.throw(env);
            ffi::SQLITE_DENY
        }
        Err(_) => ffi::SQLITE_DENY,
    }
}
