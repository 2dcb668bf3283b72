//! Columns: where each schema column's value comes from (a row slot, or the
//! value a hidden column was constrained to) and handing it to SQLite.

use std::ffi::{c_char, c_int};

use napi::sys::ValueType;
use rusqlite::ffi;

use super::callback::{exception_pending, guarded};
use super::state::Cursor;
use crate::callbacks::{set_result, CallbackScope};
use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};
use crate::teardown::js_blocked;

/// Per schema column: its index in a row, or `None` for a hidden column (the
/// visible columns take the row's slots in order).
pub(super) fn row_slots(column_count: usize, hidden: &[c_int]) -> Vec<Option<u32>> {
    let mut row_index = Vec::with_capacity(column_count);
    let mut next_visible = 0u32;
    for i in 0..column_count {
        if hidden.contains(&(i as c_int)) {
            row_index.push(None);
        } else {
            row_index.push(Some(next_visible));
            next_visible += 1;
        }
    }
    row_index
}

pub(super) unsafe extern "C" fn x_column(
    cursor: *mut ffi::sqlite3_vtab_cursor,
    ctx: *mut ffi::sqlite3_context,
    i: c_int,
) -> c_int {
    let cursor = unsafe { &mut *(cursor as *mut Cursor) };
    let module = unsafe { &*cursor.module };
    let Some(&slot) = usize::try_from(i)
        .ok()
        .and_then(|i| module.row_index.get(i))
    else {
        unsafe { ffi::sqlite3_result_null(ctx) };
        return ffi::SQLITE_OK;
    };
    let Some(index) = slot else {
        let value = cursor.hidden_values[i as usize];
        unsafe {
            if value.is_null() {
                ffi::sqlite3_result_null(ctx);
            } else {
                ffi::sqlite3_result_value(ctx, value);
            }
        }
        return ffi::SQLITE_OK;
    };
    if js_blocked() {
        return ffi::SQLITE_ERROR;
    }
    let env = module.env;
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    let rc = guarded(cursor, |cursor| {
        let Some(row) = &cursor.row else {
            unsafe { ffi::sqlite3_result_null(ctx) };
            return Ok(ffi::SQLITE_OK);
        };
        // Read lazily: a getter on the row runs only for the columns asked for.
        let value = js::get_element(env, row.get(env)?, index)?;
        set_column(env, ctx, value)?;
        Ok(ffi::SQLITE_OK)
    });
    if rc != ffi::SQLITE_OK && exception_pending(env) {
        // The pending exception is what the statement rethrows.
        unsafe { ffi::sqlite3_result_error(ctx, c"".as_ptr(), 0) };
    }
    rc
}

thread_local! {
    /// Reused for the UTF-8 bytes of string column values.
    static TEXT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A column's value as SQLite's result: the common kinds directly, anything
/// else through the user-defined function rules (node shares them), which
/// also give booleans, promises and other objects their errors.
fn set_column(env: Env, ctx: *mut ffi::sqlite3_context, value: Value) -> Result<()> {
    match js::type_of(env, value)? {
        ValueType::napi_number => unsafe {
            ffi::sqlite3_result_double(ctx, js::get_f64(env, value)?)
        },
        ValueType::napi_null | ValueType::napi_undefined => unsafe {
            ffi::sqlite3_result_null(ctx)
        },
        ValueType::napi_string => TEXT.with(|text| -> Result<()> {
            let mut text = text
                .try_borrow_mut()
                .map_err(|_| Error::Internal("virtual table: text buffer busy".into()))?;
            js::read_string_into(env, value, &mut text)?;
            unsafe {
                ffi::sqlite3_result_text64(
                    ctx,
                    text.as_ptr() as *const c_char,
                    text.len() as u64,
                    ffi::SQLITE_TRANSIENT(),
                    ffi::SQLITE_UTF8 as u8,
                )
            };
            Ok(())
        })?,
        _ => set_result(env, ctx, value)?,
    }
    Ok(())
}
