//! Pulling rows: `xFilter` calls `rows()` and opens its iterator, `xNext`
//! steps it through the facade's `step()`.

use std::ffi::{c_char, c_int, CStr};
use std::ptr::null_mut;

use napi::sys::{self, ValueType};
use rusqlite::ffi;

use super::callback::{guarded, is_object, named, protocol_error, raw_slice};
use super::cursor::close_iterator;
use super::state::Cursor;
use crate::callbacks::CallbackScope;
use crate::errors::{Error, Result};
use crate::js::{self, Env, Ref, Value};
use crate::teardown::js_blocked;
use crate::values::sqlite_value_to_js;

pub(super) unsafe extern "C" fn x_filter(
    cursor: *mut ffi::sqlite3_vtab_cursor,
    _idx_num: c_int,
    idx_str: *const c_char,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) -> c_int {
    let cursor = unsafe { &mut *(cursor as *mut Cursor) };
    if js_blocked() {
        return ffi::SQLITE_ERROR;
    }
    let module = unsafe { &*cursor.module };
    let env = module.env;
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    // SQLite re-filters a cursor for each outer row of a join: the previous
    // iterator is abandoned mid-way, so it gets its `return()` (node PR #66195).
    if close_iterator(cursor) {
        return ffi::SQLITE_ERROR;
    }
    cursor.rowid = 0;
    cursor.done = false;
    cursor.row = None;
    cursor.release_hidden_values();
    let values = unsafe { raw_slice(argv as *const *mut ffi::sqlite3_value, argc.max(0) as usize) };
    let order = if idx_str.is_null() {
        &[][..]
    } else {
        unsafe { CStr::from_ptr(idx_str) }.to_bytes()
    };
    guarded(cursor, |cursor| {
        let mut args = vec![js::null(env)?; module.hidden.len()];
        let positions = order.split(|&b| b == b',').filter(|s| !s.is_empty());
        for (&value, position) in values.iter().zip(positions) {
            let hidden_index: usize = std::str::from_utf8(position)
                .ok()
                .and_then(|s| s.parse().ok())
                .filter(|&i| i < module.hidden.len())
                .ok_or_else(|| Error::Internal("virtual table: bad index string".into()))?;
            args[hidden_index] = sqlite_value_to_js(env, value, module.use_bigint_args)?;
            // A hidden column reads back what it was constrained to (SQLite
            // may still re-check the constraint against it).
            let copy = unsafe { ffi::sqlite3_value_dup(value) };
            if copy.is_null() {
                return Ok(ffi::SQLITE_NOMEM);
            }
            cursor.hidden_values[module.hidden[hidden_index] as usize] = copy;
        }
        let result = js::call(env, js::undefined(env)?, module.rows.get(env)?, &args)?;
        if !is_object(env, result)? {
            return Ok(protocol_error(
                cursor,
                c"The \"options.rows\" function must return an iterable object",
            ));
        }
        let mut iterator = result;
        let method = js::get_property(env, result, iterator_symbol(env)?)?;
        if js::type_of(env, method)? == ValueType::napi_function {
            iterator = js::call(env, result, method, &[])?;
            if !is_object(env, iterator)? {
                return Ok(protocol_error(
                    cursor,
                    c"The \"options.rows\" iterable's Symbol.iterator method must return an object",
                ));
            }
        }
        cursor.iterator = Some(Ref::new(env, iterator)?);
        advance(env, cursor)
    })
}

pub(super) unsafe extern "C" fn x_next(cursor: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    let cursor = unsafe { &mut *(cursor as *mut Cursor) };
    if js_blocked() {
        return ffi::SQLITE_ERROR;
    }
    let module = unsafe { &*cursor.module };
    let env = module.env;
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    guarded(cursor, |cursor| advance(env, cursor))
}

/// What the facade's `step()` returns when the iterator gave no object row.
const STEP_PRIMITIVE_ROW: i32 = 1;
const STEP_DONE: i32 = 2;
const STEP_NO_NEXT: i32 = 3;
const STEP_BAD_RESULT: i32 = 4;

/// Pulls the next row from the iterator.
fn advance(env: Env, cursor: &mut Cursor) -> Result<c_int> {
    let module = unsafe { &*cursor.module };
    let Some(iterator) = &cursor.iterator else {
        cursor.done = true;
        return Ok(ffi::SQLITE_OK);
    };
    let outcome = js::call(
        env,
        js::undefined(env)?,
        module.step.get(env)?,
        &[iterator.get(env)?],
    )?;
    if is_object(env, outcome)? {
        cursor.done = false;
        cursor.rowid += 1;
        cursor.row = Some(Ref::new(env, outcome)?);
        return Ok(ffi::SQLITE_OK);
    }
    let mut code = 0;
    js::check(env, unsafe {
        sys::napi_get_value_int32(env, outcome, &mut code)
    })?;
    Ok(match code {
        STEP_PRIMITIVE_ROW => {
            cursor.done = false;
            cursor.rowid += 1;
            cursor.row = None;
            ffi::SQLITE_OK
        }
        STEP_DONE => {
            cursor.done = true;
            cursor.row = None;
            ffi::SQLITE_OK
        }
        STEP_NO_NEXT => protocol_error(
            cursor,
            c"The \"options.rows\" iterator must have a next() method",
        ),
        STEP_BAD_RESULT => protocol_error(
            cursor,
            c"The \"options.rows\" iterator's next() method must return an object",
        ),
        _ => {
            return Err(Error::Internal(
                "virtual table: unexpected step result".into(),
            ))
        }
    })
}

fn iterator_symbol(env: Env) -> Result<Value> {
    let mut global = null_mut();
    js::check(env, unsafe { sys::napi_get_global(env, &mut global) })?;
    let symbol = named(env, global, c"Symbol")?;
    named(env, symbol, c"iterator")
}
