//! What the module's callbacks share: running a body that may throw, errors
//! of the module's own making, and small Node-API and FFI helpers.

use std::ffi::{c_int, c_void, CStr};
use std::ptr::null_mut;

use napi::sys::{self, ValueType};
use rusqlite::ffi;

use super::state::Cursor;
use crate::errors::Result;
use crate::js::{self, Env, Value};

/// Runs a callback body: a JS exception (or one of ours, thrown now) stays
/// pending and the callback fails; a panic becomes a SQLite error message.
pub(super) fn guarded(
    cursor: &mut Cursor,
    body: impl FnOnce(&mut Cursor) -> Result<c_int>,
) -> c_int {
    let env = unsafe { &*cursor.module }.env;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&mut *cursor)));
    match outcome {
        Ok(Ok(rc)) => rc,
        Ok(Err(err)) => {
            err.throw(env);
            ffi::SQLITE_ERROR
        }
        Err(_) => protocol_error(cursor, c"internal error in a virtual table callback"),
    }
}

/// Reports an error of the module's own making (nothing was thrown).
pub(super) fn protocol_error(cursor: &mut Cursor, message: &CStr) -> c_int {
    let vtab = cursor.base.pVtab;
    if !vtab.is_null() {
        unsafe {
            ffi::sqlite3_free((*vtab).zErrMsg as *mut c_void);
            (*vtab).zErrMsg = ffi::sqlite3_mprintf(c"%s".as_ptr(), message.as_ptr());
        }
    }
    ffi::SQLITE_ERROR
}

pub(super) fn exception_pending(env: Env) -> bool {
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    pending
}

/// `obj[name]` for a fixed ASCII name (one Node-API call).
pub(super) fn named(env: Env, obj: Value, name: &CStr) -> Result<Value> {
    let mut v = null_mut();
    js::check(env, unsafe {
        sys::napi_get_named_property(env, obj, name.as_ptr(), &mut v)
    })?;
    Ok(v)
}

/// typeof is "object" (not null) or "function", as V8's `IsObject()`.
pub(super) fn is_object(env: Env, value: Value) -> Result<bool> {
    Ok(matches!(
        js::type_of(env, value)?,
        ValueType::napi_object | ValueType::napi_function
    ))
}

pub(super) unsafe fn raw_slice<'a, T>(p: *const T, n: usize) -> &'a [T] {
    if p.is_null() || n == 0 {
        &[]
    } else {
        unsafe { std::slice::from_raw_parts(p, n) }
    }
}

pub(super) unsafe fn raw_slice_mut<'a, T>(p: *mut T, n: usize) -> &'a mut [T] {
    if p.is_null() || n == 0 {
        &mut []
    } else {
        unsafe { std::slice::from_raw_parts_mut(p, n) }
    }
}
