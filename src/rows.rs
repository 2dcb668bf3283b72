//! Building result rows. For a list of column names the facade compiles small
//! JS functions that turn a row's values (passed as call arguments) into a
//! null-prototype object, an iterator result, or an element pushed onto the
//! `all()` array — one Node-API call per row (the better-sqlite3 approach,
//! design §2.4). They are looked up once per statement and again only when
//! SQLite re-prepares it.

use std::ffi::{c_int, CStr};
use std::ptr::null_mut;

use rusqlite::ffi;

use crate::env_data::AddonEnv;
use crate::errors::Result;
use crate::js::{self, Env, Ref, Value};
use crate::values::column_to_js;

/// What to make of the current row.
#[derive(Clone, Copy)]
pub enum RowKind {
    /// The row itself.
    Row,
    /// `{ done: false, value: row }` for an iterator.
    IterResult,
    /// Append the row to this array (for `all()`); returns undefined.
    Push(Value),
}

#[derive(Default)]
pub struct RowShape {
    key: Option<(i32, c_int, bool)>,
    /// `[row, next, push]` for the shape in `key`.
    factory: Option<[Ref; 3]>,
}

const INLINE_COLUMNS: usize = 16;

impl RowShape {
    fn factory(&mut self, env: Env, stmt: *mut ffi::sqlite3_stmt, n: c_int, arrays: bool) -> Result<&[Ref; 3]> {
        let reprepares = unsafe { ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 0) };
        let key = (if arrays { 0 } else { reprepares }, n, arrays);
        if self.factory.is_none() || self.key != Some(key) {
            let helpers = AddonEnv::helpers(env)?;
            let made = if arrays {
                let make = helpers.array_factory.get(env)?;
                js::call(env, js::undefined(env)?, make, &[js::int(env, n as i64)?])?
            } else {
                let names = js::array(env, n as usize)?;
                for i in 0..n {
                    let p = unsafe { ffi::sqlite3_column_name(stmt, i) };
                    let name = if p.is_null() { &[][..] } else { unsafe { CStr::from_ptr(p) }.to_bytes() };
                    js::set_element(env, names, i as u32, js::string_bytes(env, name)?)?;
                }
                let make = helpers.row_factory.get(env)?;
                js::call(env, js::undefined(env)?, make, &[names])?
            };
            let get = |name: &str| -> Result<Ref> { Ref::new(env, js::get_named(env, made, name)?) };
            self.factory = Some([get("row")?, get("next")?, get("push")?]);
            self.key = Some(key);
        }
        Ok(self.factory.as_ref().expect("factory set above"))
    }

    /// Drops the cached factory (the statement is finalized).
    pub fn clear(&mut self) {
        self.factory = None;
        self.key = None;
    }

    /// Builds the current row of `stmt` as `kind` asks.
    pub fn build(&mut self, env: Env, stmt: *mut ffi::sqlite3_stmt, read_bigints: bool, arrays: bool, kind: RowKind) -> Result<Value> {
        let n = unsafe { ffi::sqlite3_column_count(stmt) };
        let factory = self.factory(env, stmt, n, arrays)?;
        let (f, first) = match kind {
            RowKind::Row => (factory[0].get(env)?, None),
            RowKind::IterResult => (factory[1].get(env)?, None),
            RowKind::Push(target) => (factory[2].get(env)?, Some(target)),
        };
        let extra = first.is_some() as usize;
        let total = n as usize + extra;
        let mut inline = [null_mut(); INLINE_COLUMNS + 1];
        let mut spill = Vec::new();
        let values: &mut [Value] = if total <= inline.len() {
            &mut inline[..total]
        } else {
            spill.resize(total, null_mut());
            &mut spill
        };
        if let Some(target) = first {
            values[0] = target;
        }
        for i in 0..n {
            values[extra + i as usize] = column_to_js(env, stmt, i, read_bigints)?;
        }
        js::call(env, js::undefined(env)?, f, values)
    }
}
