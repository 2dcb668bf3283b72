//! Reading the change a `sqlite3_changeset_iter` points at into JS values:
//! shared by the conflict handler's info argument and `changesetInspect()`.

use std::ffi::{c_char, c_int, CStr};
use std::ptr::null_mut;

use rusqlite::ffi;

use crate::env_data::AddonEnv;
use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};
use crate::values::{sqlite_value_to_js, MAX_SAFE_INTEGER};

/// The table and operation of the current change.
pub struct Change {
    pub table: Vec<u8>,
    pub columns: usize,
    pub op: c_int,
    pub indirect: bool,
}

impl Change {
    pub fn read(iter: *mut ffi::sqlite3_changeset_iter) -> Result<Change> {
        let mut table: *const c_char = std::ptr::null();
        let mut columns: c_int = 0;
        let mut op: c_int = 0;
        let mut indirect: c_int = 0;
        let rc = unsafe {
            ffi::sqlite3changeset_op(iter, &mut table, &mut columns, &mut op, &mut indirect)
        };
        if rc != ffi::SQLITE_OK || table.is_null() {
            return Err(Error::from_code(if rc == ffi::SQLITE_OK {
                ffi::SQLITE_MISUSE
            } else {
                rc
            }));
        }
        let table = unsafe { CStr::from_ptr(table) }.to_bytes().to_vec();
        Ok(Change {
            table,
            columns: columns.max(0) as usize,
            op,
            indirect: indirect != 0,
        })
    }

    pub fn operation(&self) -> &'static str {
        match self.op {
            ffi::SQLITE_INSERT => "INSERT",
            ffi::SQLITE_UPDATE => "UPDATE",
            _ => "DELETE",
        }
    }

    pub fn has_old(&self) -> bool {
        self.op == ffi::SQLITE_UPDATE || self.op == ffi::SQLITE_DELETE
    }

    pub fn has_new(&self) -> bool {
        self.op == ffi::SQLITE_UPDATE || self.op == ffi::SQLITE_INSERT
    }
}

type ValueGetter = unsafe extern "C" fn(
    *mut ffi::sqlite3_changeset_iter,
    c_int,
    *mut *mut ffi::sqlite3_value,
) -> c_int;

/// One side of a change, column by column; a null entry is a column the
/// change carries no value for (an UPDATE's unchanged columns).
pub type Values = Vec<*mut ffi::sqlite3_value>;

fn read_values(
    iter: *mut ffi::sqlite3_changeset_iter,
    columns: usize,
    get: ValueGetter,
) -> Result<Values> {
    let mut out = vec![null_mut(); columns];
    for (i, slot) in out.iter_mut().enumerate() {
        let rc = unsafe { get(iter, i as c_int, slot) };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_code(rc));
        }
    }
    Ok(out)
}

pub fn old_values(
    iter: *mut ffi::sqlite3_changeset_iter,
    change: &Change,
) -> Result<Option<Values>> {
    if !change.has_old() {
        return Ok(None);
    }
    read_values(iter, change.columns, ffi::sqlite3changeset_old).map(Some)
}

pub fn new_values(
    iter: *mut ffi::sqlite3_changeset_iter,
    change: &Change,
) -> Result<Option<Values>> {
    if !change.has_new() {
        return Ok(None);
    }
    read_values(iter, change.columns, ffi::sqlite3changeset_new).map(Some)
}

/// The row in the database that conflicts (DATA and CONFLICT conflicts only).
pub fn conflicting_values(
    iter: *mut ffi::sqlite3_changeset_iter,
    change: &Change,
) -> Result<Values> {
    read_values(iter, change.columns, ffi::sqlite3changeset_conflict)
}

/// Which columns make up the table's primary key.
pub fn primary_key(iter: *mut ffi::sqlite3_changeset_iter) -> Result<Vec<bool>> {
    let mut flags: *mut u8 = null_mut();
    let mut columns: c_int = 0;
    let rc = unsafe { ffi::sqlite3changeset_pk(iter, &mut flags, &mut columns) };
    if rc != ffi::SQLITE_OK {
        return Err(Error::from_code(rc));
    }
    if flags.is_null() {
        return Ok(Vec::new());
    }
    let flags = unsafe { std::slice::from_raw_parts(flags, columns.max(0) as usize) };
    Ok(flags.iter().map(|&f| f != 0).collect())
}

/// A value as node reads it, except that integers beyond 2^53 become bigints
/// instead of throwing (these values are for looking at); absent is `undefined`.
pub fn value_to_js(env: Env, v: *mut ffi::sqlite3_value) -> Result<Value> {
    if v.is_null() {
        return js::undefined(env);
    }
    let big = unsafe { ffi::sqlite3_value_type(v) } == ffi::SQLITE_INTEGER
        && !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER)
            .contains(&unsafe { ffi::sqlite3_value_int64(v) });
    sqlite_value_to_js(env, v, big)
}

/// Every column's value, `undefined` where absent.
pub fn values_array(env: Env, values: &[*mut ffi::sqlite3_value]) -> Result<Value> {
    let arr = js::array(env, values.len())?;
    for (i, &v) in values.iter().enumerate() {
        js::set_element(env, arr, i as u32, value_to_js(env, v)?)?;
    }
    Ok(arr)
}

/// A null-prototype object of the columns present, keyed by column name
/// (a column beyond the known names is keyed by its index).
pub fn values_row(env: Env, names: &[String], values: &[*mut ffi::sqlite3_value]) -> Result<Value> {
    let mut keys = Vec::new();
    let mut js_values = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        if v.is_null() {
            continue;
        }
        let key = names.get(i).cloned().unwrap_or_else(|| i.to_string());
        keys.push(js::string(env, &key)?);
        js_values.push(value_to_js(env, v)?);
    }
    null_object(env, &keys, &js_values)
}

/// `{ __proto__: null, [keys[i]]: values[i], ... }`, built by the `row`
/// function of the facade's cached row factories.
pub fn null_object(env: Env, keys: &[Value], values: &[Value]) -> Result<Value> {
    let names = js::array(env, keys.len())?;
    for (i, &k) in keys.iter().enumerate() {
        js::set_element(env, names, i as u32, k)?;
    }
    let factory = AddonEnv::helpers(env)?.row_factory.get(env)?;
    let undefined = js::undefined(env)?;
    let factories = js::call(env, undefined, factory, &[names])?;
    let row = js::get_named(env, factories, "row")?;
    js::call(env, undefined, row, values)
}

/// `null_object` with static keys.
pub fn null_object_named(env: Env, keys: &[&str], values: &[Value]) -> Result<Value> {
    let keys = keys
        .iter()
        .map(|k| js::string(env, k))
        .collect::<Result<Vec<_>>>()?;
    null_object(env, &keys, values)
}
