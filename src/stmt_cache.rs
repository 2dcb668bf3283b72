//! The `statementCache` option (@photostructure/sqlite extra): compiled
//! statements that no `StatementSync` uses any more, kept for a later
//! `prepare()` of the same SQL text and options. Invisible otherwise: each
//! `prepare()` still returns a new statement with its own flags, and one in
//! use is never shared.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ffi::CStr;

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::connection::DbCore;
use crate::errors::Result;
use crate::js::{self, Env, Value};

struct Idle {
    /// `sqlite3_sql` of the statement: the prepared text up to its end.
    sql: Box<[u8]>,
    persistent: bool,
    stmt: *mut ffi::sqlite3_stmt,
}

/// Idle compiled statements, least recently used first.
#[derive(Default)]
pub struct StatementCache {
    capacity: Cell<usize>,
    idle: RefCell<VecDeque<Idle>>,
}

/// The counters `stat()` reports, zeroed on reuse (`memused` cannot be).
const COUNTERS: [std::ffi::c_int; 8] = [
    ffi::SQLITE_STMTSTATUS_FULLSCAN_STEP,
    ffi::SQLITE_STMTSTATUS_SORT,
    ffi::SQLITE_STMTSTATUS_AUTOINDEX,
    ffi::SQLITE_STMTSTATUS_VM_STEP,
    ffi::SQLITE_STMTSTATUS_REPREPARE,
    ffi::SQLITE_STMTSTATUS_RUN,
    ffi::SQLITE_STMTSTATUS_FILTER_MISS,
    ffi::SQLITE_STMTSTATUS_FILTER_HIT,
];

impl StatementCache {
    /// An idle statement compiled from exactly `sql` with the same options.
    #[inline]
    pub fn take(
        &self,
        db: &DbCore,
        sql: &[u8],
        persistent: bool,
    ) -> Option<*mut ffi::sqlite3_stmt> {
        if self.capacity.get() == 0 {
            return None;
        }
        // With an authorizer, every prepare must consult it, as node does.
        if db.authorizer.borrow().is_some() {
            return None;
        }
        let mut idle = self.idle.borrow_mut();
        let pos = idle
            .iter()
            .rposition(|e| e.persistent == persistent && *e.sql == *sql)?;
        let entry = idle.remove(pos)?;
        drop(idle);
        // The schema changed on this connection since: compile afresh.
        if unsafe { ffi::sqlite3_expired(entry.stmt) } != 0 {
            unsafe { ffi::sqlite3_finalize(entry.stmt) };
            return None;
        }
        for op in COUNTERS {
            unsafe { ffi::sqlite3_stmt_status(entry.stmt, op, 1) };
        }
        Some(entry.stmt)
    }

    /// Takes a statement its `StatementSync` no longer uses; false when the
    /// cache is off (the caller finalizes it).
    pub fn give_back(&self, db: &DbCore, stmt: *mut ffi::sqlite3_stmt, persistent: bool) -> bool {
        if self.capacity.get() == 0 || !db.is_open() {
            return false;
        }
        let Ok(mut idle) = self.idle.try_borrow_mut() else {
            return false;
        };
        unsafe {
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
        }
        let sql = unsafe { ffi::sqlite3_sql(stmt) };
        if sql.is_null() {
            return false;
        }
        let sql = unsafe { CStr::from_ptr(sql) }.to_bytes().into();
        idle.push_back(Idle {
            sql,
            persistent,
            stmt,
        });
        while idle.len() > self.capacity.get() {
            if let Some(old) = idle.pop_front() {
                unsafe { ffi::sqlite3_finalize(old.stmt) };
            }
        }
        true
    }

    /// Finalizes every idle statement (close, deserialize, limit changes).
    pub fn clear(&self) {
        let idle = std::mem::take(&mut *self.idle.borrow_mut());
        for e in idle {
            unsafe { ffi::sqlite3_finalize(e.stmt) };
        }
    }
}

/// Reads the facade-validated `statementCache` option into the connection.
pub fn read_option(env: Env, options: Value, core: &DbCore) -> Result<()> {
    let v = js::get_named(env, options, "statementCache")?;
    if js::type_of(env, v)? == ValueType::napi_number {
        let n = js::get_f64(env, v)?.clamp(0.0, u32::MAX as f64) as usize;
        core.stmt_cache.capacity.set(n);
    }
    Ok(())
}
