//! Changeset utilities (addon extras): `changesetInvert`, `changesetConcat`
//! and `changesetInspect`, pure functions of the bytes.

use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

use napi::sys;
use rusqlite::ffi;

use crate::changeset_iter::{self as iter, Change};
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Value};

/// The bytes of a `Uint8Array` argument (Buffer included), copied: JS may
/// detach or change the buffer while SQLite reads it.
pub fn changeset_arg(env: Env, value: Option<Value>, name: &str) -> Result<Vec<u8>> {
    let not_uint8 =
        || Error::invalid_arg_type(format!("The \"{name}\" argument must be a Uint8Array."));
    let Some(value) = value else {
        return Err(not_uint8());
    };
    let mut is_typed = false;
    js::check(env, unsafe {
        sys::napi_is_typedarray(env, value, &mut is_typed)
    })?;
    if !is_typed {
        return Err(not_uint8());
    }
    let mut kind = 0;
    let mut len = 0usize;
    let mut data: *mut c_void = null_mut();
    js::check(env, unsafe {
        sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            null_mut(),
            null_mut(),
        )
    })?;
    if kind != sys::TypedarrayType::uint8_array {
        return Err(not_uint8());
    }
    if len == 0 || data.is_null() {
        return Ok(Vec::new());
    }
    Ok(unsafe { std::slice::from_raw_parts(data as *const u8, len) }.to_vec())
}

fn length(bytes: &[u8]) -> Result<c_int> {
    c_int::try_from(bytes.len()).map_err(|_| Error::from_code(ffi::SQLITE_TOOBIG))
}

/// A SQLite-allocated output buffer as a fresh Uint8Array.
fn take_output(env: Env, rc: c_int, n: c_int, p: *mut c_void) -> Result<Value> {
    let out = if rc != ffi::SQLITE_OK {
        Err(Error::from_code(rc))
    } else if p.is_null() || n <= 0 {
        js::uint8_array(env, &[])
    } else {
        js::uint8_array(env, unsafe {
            std::slice::from_raw_parts(p as *const u8, n as usize)
        })
    };
    unsafe { ffi::sqlite3_free(p) };
    out
}

/// `sqlite3changeset_invert` of a changeset argument.
pub fn invert(env: Env, value: Option<Value>) -> Result<Value> {
    let mut bytes = changeset_arg(env, value, "changeset")?;
    let (mut n, mut p) = (0, null_mut());
    let rc = unsafe {
        ffi::sqlite3changeset_invert(
            length(&bytes)?,
            bytes.as_mut_ptr() as *mut c_void,
            &mut n,
            &mut p,
        )
    };
    take_output(env, rc, n, p)
}

native_method! {
    /// `changesetInvert(changeset)`: undoes what `changeset` does.
    fn changeset_invert(env, args) {
        invert(env, args.get(0))
    }
}

native_method! {
    /// `changesetConcat(a, b)`: one changeset equivalent to `a` then `b`.
    fn changeset_concat(env, args) {
        let mut a = changeset_arg(env, args.get(0), "changesetA")?;
        let mut b = changeset_arg(env, args.get(1), "changesetB")?;
        let (mut n, mut p) = (0, null_mut());
        let rc = unsafe {
            ffi::sqlite3changeset_concat(
                length(&a)?,
                a.as_mut_ptr() as *mut c_void,
                length(&b)?,
                b.as_mut_ptr() as *mut c_void,
                &mut n,
                &mut p,
            )
        };
        take_output(env, rc, n, p)
    }
}

/// Finalizes the iterator however the walk ends.
struct Iter(*mut ffi::sqlite3_changeset_iter);

impl Drop for Iter {
    fn drop(&mut self) {
        unsafe { ffi::sqlite3changeset_finalize(self.0) };
    }
}

const INSPECT_KEYS: [&str; 6] = [
    "table",
    "operation",
    "indirect",
    "primaryKey",
    "oldValues",
    "newValues",
];

/// One change as `{ table, operation, indirect, primaryKey, oldValues, newValues }`.
fn inspect_change(env: Env, it: *mut ffi::sqlite3_changeset_iter) -> Result<Value> {
    let change = Change::read(it)?;
    let pk = iter::primary_key(it)?;
    let pk_arr = js::array(env, pk.len())?;
    for (i, &is_pk) in pk.iter().enumerate() {
        js::set_element(env, pk_arr, i as u32, js::boolean(env, is_pk)?)?;
    }
    let side = |values: Option<iter::Values>| match values {
        Some(v) => iter::values_array(env, &v),
        None => js::null(env),
    };
    let values = [
        js::string_bytes(env, &change.table)?,
        js::string(env, change.operation())?,
        js::boolean(env, change.indirect)?,
        pk_arr,
        side(iter::old_values(it, &change)?)?,
        side(iter::new_values(it, &change)?)?,
    ];
    iter::null_object_named(env, &INSPECT_KEYS, &values)
}

native_method! {
    /// `changesetInspect(changeset)`: the changes a changeset or patchset
    /// holds, in order. Column values are arrays by column index, `undefined`
    /// where the change carries no value (an UPDATE's unchanged columns).
    fn changeset_inspect(env, args) {
        let mut bytes = changeset_arg(env, args.get(0), "changeset")?;
        let out = js::array(env, 0)?;
        let mut raw = null_mut();
        let rc = unsafe { ffi::sqlite3changeset_start(&mut raw, length(&bytes)?, bytes.as_mut_ptr() as *mut c_void) };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_code(rc));
        }
        let it = Iter(raw);
        let mut i = 0;
        loop {
            match unsafe { ffi::sqlite3changeset_next(it.0) } {
                ffi::SQLITE_ROW => {
                    js::set_element(env, out, i, inspect_change(env, it.0)?)?;
                    i += 1;
                }
                ffi::SQLITE_DONE => break,
                rc => return Err(Error::from_code(rc)),
            }
        }
        let rc = unsafe { ffi::sqlite3changeset_finalize(it.0) };
        std::mem::forget(it);
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_code(rc));
        }
        Ok(out)
    }
}
