//! What SQLite holds for the module: the registered module itself, each
//! virtual table, and each scan's cursor (the C structs embed SQLite's bases).

use std::ffi::{c_int, CString};
use std::ptr::null_mut;

use rusqlite::ffi;

use crate::connection::DbCore;
use crate::js::{Env, Ref};

/// One registered module; SQLite owns it (freed by `destroy_module`).
pub(super) struct Module {
    pub(super) env: Env,
    pub(super) db: *const DbCore,
    pub(super) rows: Ref,
    /// The facade's `step(iterator)`: runs one round of the iteration protocol
    /// in JS (`next` looked up and called, `done` then `value` read, as node
    /// does natively) and returns the row when it is an object, else a code.
    pub(super) step: Ref,
    pub(super) schema: CString,
    /// Schema index of each hidden column, in declaration order.
    pub(super) hidden: Vec<c_int>,
    /// Per schema column: its index in a row, or `None` for a hidden column.
    pub(super) row_index: Vec<Option<u32>>,
    pub(super) use_bigint_args: bool,
    pub(super) direct_only: bool,
    pub(super) methods: ffi::sqlite3_module,
}

#[repr(C)]
pub(super) struct VTab {
    pub(super) base: ffi::sqlite3_vtab,
    pub(super) module: *const Module,
}

#[repr(C)]
pub(super) struct Cursor {
    pub(super) base: ffi::sqlite3_vtab_cursor,
    pub(super) module: *const Module,
    pub(super) iterator: Option<Ref>,
    /// The current row when it is an object (a primitive row reads as NULLs).
    pub(super) row: Option<Ref>,
    pub(super) rowid: i64,
    pub(super) done: bool,
    /// Copies of the values hidden columns were constrained to, by schema index.
    pub(super) hidden_values: Vec<*mut ffi::sqlite3_value>,
}

impl Cursor {
    pub(super) fn release_hidden_values(&mut self) {
        for value in &mut self.hidden_values {
            if !value.is_null() {
                unsafe { ffi::sqlite3_value_free(*value) };
                *value = null_mut();
            }
        }
    }
}
