//! Opening and closing a scan: the cursor SQLite asks for, the iterator's
//! `return()` when a scan ends early, and what a throwing `return()` leaves
//! for the statement.

use std::ffi::c_int;
use std::ptr::null_mut;

use napi::sys::{self, ValueType};
use rusqlite::ffi;

use super::callback::{exception_pending, is_object, named};
use super::state::{Cursor, VTab};
use crate::callbacks::CallbackScope;
use crate::connection::DbCore;
use crate::errors::Result;
use crate::js::{self, Env, Ref};
use crate::teardown::js_blocked;

pub(super) unsafe extern "C" fn x_open(
    vtab: *mut ffi::sqlite3_vtab,
    out: *mut *mut ffi::sqlite3_vtab_cursor,
) -> c_int {
    let module = unsafe { (*(vtab as *mut VTab)).module };
    let columns = unsafe { &*module }.row_index.len();
    let cursor = Box::new(Cursor {
        base: unsafe { std::mem::zeroed() },
        module,
        iterator: None,
        row: None,
        rowid: 0,
        done: true,
        hidden_values: vec![null_mut(); columns],
    });
    unsafe { *out = Box::into_raw(cursor) as *mut ffi::sqlite3_vtab_cursor };
    ffi::SQLITE_OK
}

pub(super) unsafe extern "C" fn x_close(cursor: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    let mut cursor = unsafe { Box::from_raw(cursor as *mut Cursor) };
    // Runs a generator's `finally` when SQLite stops early (LIMIT, a `break`
    // out of iterate(), an error elsewhere). SQLite ignores xClose's result,
    // so a throwing cleanup is left pending for the caller, and remembered:
    // when the statement fails for a reason of SQLite's own, node reports
    // that error instead (its SQLite error replaces the pending exception).
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if close_iterator(&mut cursor) {
            remember_cleanup_exception(&cursor);
        }
    }));
    cursor.release_hidden_values();
    ffi::SQLITE_OK
}

/// Keeps (a reference to) the pending exception a cursor's cleanup threw,
/// leaving it pending. Primitives cannot be referenced (Node-API 8), so a
/// thrown primitive always stands.
fn remember_cleanup_exception(cursor: &Cursor) {
    let module = unsafe { &*cursor.module };
    let env = module.env;
    let db = unsafe { &*module.db };
    let mut thrown = null_mut();
    if unsafe { sys::napi_get_and_clear_last_exception(env, &mut thrown) } != sys::Status::napi_ok {
        return;
    }
    let kept = if is_object(env, thrown).unwrap_or(false) {
        Ref::new(env, thrown).ok()
    } else {
        None
    };
    *db.vtab_cleanup_error.borrow_mut() = kept;
    unsafe { sys::napi_throw(env, thrown) };
}

/// For a statement that failed with a JS exception pending: true, with the
/// exception cleared, when it is the one a cursor's `return()` threw, so the
/// caller reports SQLite's own error as node does.
pub fn drop_cleanup_exception(env: Env, db: &DbCore) -> bool {
    let Some(kept) = db.vtab_cleanup_error.borrow_mut().take() else {
        return false;
    };
    let mut thrown = null_mut();
    if unsafe { sys::napi_get_and_clear_last_exception(env, &mut thrown) } != sys::Status::napi_ok {
        return false;
    }
    let mut same = false;
    if let Ok(value) = kept.get(env) {
        unsafe { sys::napi_strict_equals(env, value, thrown, &mut same) };
    }
    if !same {
        unsafe { sys::napi_throw(env, thrown) };
    }
    same
}

/// Calls the current iterator's `return()`, unless no JS may run or an
/// exception is already pending (calling JS would discard it; a generator
/// whose body threw has run its `finally` already). True when it threw.
pub(super) fn close_iterator(cursor: &mut Cursor) -> bool {
    let Some(iterator) = cursor.iterator.take() else {
        return false;
    };
    let module = unsafe { &*cursor.module };
    let env = module.env;
    if js_blocked() || exception_pending(env) {
        return false;
    }
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    let threw = (|| -> Result<bool> {
        let it = iterator.get(env)?;
        // A throwing `return` getter counts as a throwing return().
        let method = named(env, it, c"return")?;
        if js::type_of(env, method)? != ValueType::napi_function {
            return Ok(false);
        }
        js::call(env, it, method, &[])?;
        Ok(false)
    })();
    match threw {
        Ok(threw) => threw,
        Err(err) => {
            err.throw(env);
            true
        }
    }
}

pub(super) unsafe extern "C" fn x_eof(cursor: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    unsafe { (*(cursor as *mut Cursor)).done as c_int }
}

pub(super) unsafe extern "C" fn x_rowid(
    cursor: *mut ffi::sqlite3_vtab_cursor,
    out: *mut ffi::sqlite3_int64,
) -> c_int {
    unsafe { *out = (*(cursor as *mut Cursor)).rowid };
    ffi::SQLITE_OK
}
