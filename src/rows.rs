//! Building result rows. Column names are turned into a row factory once per
//! statement (a JS function made by the facade, cached there by names) and
//! rebuilt only when SQLite re-prepares the statement, so a row costs one call
//! with its values as arguments (the better-sqlite3 approach, design §2.4).

use std::ffi::{c_int, CStr};
use std::ptr::null_mut;

use rusqlite::ffi;

use crate::env_data::AddonEnv;
use crate::errors::Result;
use crate::js::{self, Env, Ref, Value};
use crate::values::column_to_js;

#[derive(Default)]
pub struct RowShape {
    reprepares: i32,
    columns: c_int,
    /// `row(...values)` -> null-prototype row; `row.next(...values)` -> the
    /// iterator result `{ done: false, value: row }`.
    factory: Option<(Ref, Ref)>,
}

/// What to build from the current row.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Row,
    IterResult,
}

const INLINE_COLUMNS: usize = 16;

impl RowShape {
    fn factory(&mut self, env: Env, stmt: *mut ffi::sqlite3_stmt, n: c_int) -> Result<(Value, Value)> {
        let reprepares = unsafe { ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 0) };
        if self.factory.is_none() || reprepares != self.reprepares || n != self.columns {
            let names = js::array(env, n as usize)?;
            for i in 0..n {
                let p = unsafe { ffi::sqlite3_column_name(stmt, i) };
                let name = if p.is_null() { &[][..] } else { unsafe { CStr::from_ptr(p) }.to_bytes() };
                js::set_element(env, names, i as u32, js::string_bytes(env, name)?)?;
            }
            let make = AddonEnv::helpers(env)?.row_factory.get(env)?;
            let row = js::call(env, js::undefined(env)?, make, &[names])?;
            let next = js::get_named(env, row, "next")?;
            self.factory = Some((Ref::new(env, row)?, Ref::new(env, next)?));
            self.reprepares = reprepares;
            self.columns = n;
        }
        let (row, next) = self.factory.as_ref().expect("factory set above");
        Ok((row.get(env)?, next.get(env)?))
    }

    /// Drops the cached factory (the statement is finalized).
    pub fn clear(&mut self) {
        self.factory = None;
    }

    /// The current row of `stmt` as an object, an array, or an iterator result.
    pub fn build(
        &mut self,
        env: Env,
        stmt: *mut ffi::sqlite3_stmt,
        read_bigints: bool,
        return_arrays: bool,
        kind: RowKind,
    ) -> Result<Value> {
        let n = unsafe { ffi::sqlite3_column_count(stmt) };
        if return_arrays {
            let arr = js::array(env, n as usize)?;
            for i in 0..n {
                js::set_element(env, arr, i as u32, column_to_js(env, stmt, i, read_bigints)?)?;
            }
            if kind == RowKind::IterResult {
                let wrap = AddonEnv::helpers(env)?.iter_result.get(env)?;
                return js::call(env, js::undefined(env)?, wrap, &[arr]);
            }
            return Ok(arr);
        }
        let (row, next) = self.factory(env, stmt, n)?;
        let f = if kind == RowKind::Row { row } else { next };
        let mut inline = [null_mut(); INLINE_COLUMNS];
        let mut spill = Vec::new();
        let values: &mut [Value] = if n as usize <= INLINE_COLUMNS {
            &mut inline[..n as usize]
        } else {
            spill.resize(n as usize, null_mut());
            &mut spill
        };
        for (i, slot) in values.iter_mut().enumerate() {
            *slot = column_to_js(env, stmt, i as c_int, read_bigints)?;
        }
        js::call(env, js::undefined(env)?, f, values)
    }
}
