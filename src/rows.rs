//! Building result rows. For a list of column names the facade compiles small
//! JS functions (lib/rows.js) that turn a row's values, passed as call
//! arguments, into a null-prototype object, an iterator result, or — for
//! `all()` — a batch of rows pushed onto the result array: one Node-API call
//! per row, or per batch of rows (the better-sqlite3 approach, design §2.4).
//! They are looked up once per statement and again only when SQLite
//! re-prepares it.

use std::ffi::{c_int, CStr};
use std::ptr::null_mut;
use std::rc::Rc;

use rusqlite::ffi;

use crate::connection::StatementFlags;
use crate::env_data::AddonEnv;
use crate::errors::Result;
use crate::js::{self, Env, Ref, Value};
use crate::values::column_to_js;

#[derive(Default)]
pub struct RowShape {
    key: Option<(i32, c_int, bool)>,
    /// `[row, next, pushRows]` for the shape in `key`.
    factory: Option<Rc<[Ref; 3]>>,
}

/// The cache key of a statement's current shape.
fn shape_key(stmt: *mut ffi::sqlite3_stmt, n: c_int, arrays: bool) -> Vec<u8> {
    let mut key = Vec::with_capacity(16 * n as usize + 5);
    key.push(arrays as u8);
    if arrays {
        key.extend_from_slice(&n.to_le_bytes());
        return key;
    }
    for i in 0..n {
        let p = unsafe { ffi::sqlite3_column_name(stmt, i) };
        if !p.is_null() {
            key.extend_from_slice(unsafe { CStr::from_ptr(p) }.to_bytes());
        }
        // Names cannot contain NUL, so this separates them unambiguously.
        key.push(0);
    }
    key
}

fn make_factory(
    env: Env,
    stmt: *mut ffi::sqlite3_stmt,
    n: c_int,
    arrays: bool,
) -> Result<Rc<[Ref; 3]>> {
    let helpers = AddonEnv::helpers(env)?;
    let made = if arrays {
        let make = helpers.array_factory.get(env)?;
        js::call(env, js::undefined(env)?, make, &[js::int(env, n as i64)?])?
    } else {
        let names = js::array(env, n as usize)?;
        for i in 0..n {
            let p = unsafe { ffi::sqlite3_column_name(stmt, i) };
            let name = if p.is_null() {
                &[][..]
            } else {
                unsafe { CStr::from_ptr(p) }.to_bytes()
            };
            js::set_element(env, names, i as u32, js::string_bytes(env, name)?)?;
        }
        let make = helpers.row_factory.get(env)?;
        js::call(env, js::undefined(env)?, make, &[names])?
    };
    let get = |name: &str| -> Result<Ref> { Ref::new(env, js::get_named(env, made, name)?) };
    Ok(Rc::new([get("row")?, get("next")?, get("pushRows")?]))
}

/// The factory functions of one shape (each fetched from its reference only
/// when used).
pub struct RowFns {
    pub columns: c_int,
    factory: Rc<[Ref; 3]>,
    read_bigints: bool,
    /// `readNullAsUndefined`: NULL columns read as `undefined`.
    undefined_nulls: bool,
}

/// Values per `pushRows` call in `all()`: bounds the argument count.
const BATCH_VALUES: usize = 512;
const INLINE_COLUMNS: usize = 16;

impl RowShape {
    /// The functions for the statement's current row shape (call after a step
    /// that returned a row: only then are the column names final).
    pub fn functions(
        &mut self,
        env: Env,
        stmt: *mut ffi::sqlite3_stmt,
        read_bigints: bool,
        arrays: bool,
    ) -> Result<RowFns> {
        let n = unsafe { ffi::sqlite3_column_count(stmt) };
        let reprepares =
            unsafe { ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 0) };
        let key = (if arrays { 0 } else { reprepares }, n, arrays);
        if self.factory.is_none() || self.key != Some(key) {
            let cache_key = shape_key(stmt, n, arrays);
            let cached = AddonEnv::get(env)?.row_factories.get(&cache_key);
            let factory = match cached {
                Some(f) => f,
                None => {
                    let f = make_factory(env, stmt, n, arrays)?;
                    AddonEnv::get(env)?
                        .row_factories
                        .insert(cache_key, f.clone());
                    f
                }
            };
            self.factory = Some(factory);
            self.key = Some(key);
        }
        let Some(factory) = self.factory.clone() else {
            return Err(crate::errors::Error::Internal("row factory missing".into()));
        };
        Ok(RowFns {
            columns: n,
            factory,
            read_bigints,
            undefined_nulls: false,
        })
    }

    /// `functions` for a statement's flags.
    #[inline]
    pub fn functions_for(
        &mut self,
        env: Env,
        stmt: *mut ffi::sqlite3_stmt,
        f: StatementFlags,
    ) -> Result<RowFns> {
        let mut fns = self.functions(env, stmt, f.read_bigints, f.return_arrays)?;
        fns.undefined_nulls = f.read_null_undefined;
        Ok(fns)
    }

    /// Drops the cached factory (the statement is finalized).
    pub fn clear(&mut self) {
        self.factory = None;
        self.key = None;
    }
}

impl RowFns {
    /// Column `i` of the current row (NULL as `undefined` if asked).
    #[inline]
    fn column(&self, env: Env, stmt: *mut ffi::sqlite3_stmt, i: c_int) -> Result<Value> {
        if self.undefined_nulls && unsafe { ffi::sqlite3_column_type(stmt, i) } == ffi::SQLITE_NULL
        {
            return js::undefined(env);
        }
        column_to_js(env, stmt, i, self.read_bigints)
    }

    /// Appends the current row's values to `out`.
    #[inline]
    pub fn read_into(
        &self,
        env: Env,
        stmt: *mut ffi::sqlite3_stmt,
        out: &mut Vec<Value>,
    ) -> Result<()> {
        for i in 0..self.columns {
            out.push(self.column(env, stmt, i)?);
        }
        Ok(())
    }

    fn call_with_row(&self, env: Env, f: Value, stmt: *mut ffi::sqlite3_stmt) -> Result<Value> {
        let n = self.columns as usize;
        let mut inline = [null_mut(); INLINE_COLUMNS];
        let mut spill = Vec::new();
        let values: &mut [Value] = if n <= INLINE_COLUMNS {
            &mut inline[..n]
        } else {
            spill.resize(n, null_mut());
            &mut spill
        };
        for (i, slot) in values.iter_mut().enumerate() {
            *slot = self.column(env, stmt, i as c_int)?;
        }
        js::call(env, js::undefined(env)?, f, values)
    }

    /// The current row as an object (or array).
    pub fn row(&self, env: Env, stmt: *mut ffi::sqlite3_stmt) -> Result<Value> {
        self.call_with_row(env, self.factory[0].get(env)?, stmt)
    }

    fn push_rows(&self, env: Env) -> Result<Value> {
        self.factory[2].get(env)
    }

    /// `{ done: false, value: row }` for the current row.
    pub fn iter_result(&self, env: Env, stmt: *mut ffi::sqlite3_stmt) -> Result<Value> {
        self.call_with_row(env, self.factory[1].get(env)?, stmt)
    }
}

/// Collects `all()`'s rows and hands them to `pushRows` in batches.
pub struct RowBatch {
    rows: Value,
    values: Vec<Value>,
    limit: usize,
}

impl RowBatch {
    pub fn new(rows: Value, fns: &RowFns) -> RowBatch {
        let per_row = (fns.columns as usize).max(1);
        let limit = (BATCH_VALUES / per_row).max(1) * per_row;
        let mut values = Vec::with_capacity(limit + 1);
        values.push(rows);
        RowBatch {
            rows,
            values,
            limit,
        }
    }

    /// Adds the current row; flushes when the batch is full.
    #[inline]
    pub fn add(&mut self, env: Env, fns: &RowFns, stmt: *mut ffi::sqlite3_stmt) -> Result<()> {
        if fns.columns == 0 {
            // pushRows counts rows by values; a row without columns has none.
            js::call(
                env,
                js::undefined(env)?,
                fns.push_rows(env)?,
                &[self.rows, js::int(env, 1)?],
            )?;
            return Ok(());
        }
        fns.read_into(env, stmt, &mut self.values)?;
        if self.values.len() > self.limit {
            self.flush(env, fns)?;
        }
        Ok(())
    }

    pub fn flush(&mut self, env: Env, fns: &RowFns) -> Result<()> {
        if self.values.len() > 1 {
            js::call(env, js::undefined(env)?, fns.push_rows(env)?, &self.values)?;
            self.values.truncate(1);
        }
        Ok(())
    }
}
