//! One connection of the experimental `DatabasePool` and what runs on it, on
//! a libuv pool thread: opening and per-connection setup, then requests of
//! one-statement operations (optionally inside one transaction).
//!
//! Nothing here touches JS: operations and results are owned values
//! (pool_values.rs), and errors are built into JS later, on the JS thread.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::ffi;

use crate::errors::{Class, Error, Result};
use crate::pool_values::{Kind, OpResult, Operation, Owned, Params, Request};
use crate::values::{too_large_for_number, MAX_SAFE_INTEGER};

/// A request that failed. `fatal`: the connection could not be returned to
/// autocommit, so it was closed and the pool must not use it again.
pub struct Failure {
    pub error: Error,
    pub fatal: bool,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure {
            error,
            fatal: false,
        }
    }
}

/// A plain `Error` (no code), as @photostructure/sqlite rejects pool misuse.
fn plain(message: &str) -> Error {
    Error::Node {
        class: Class::Error,
        code: None,
        message: message.into(),
    }
}

/// Read by the strict authorizer, on the one thread using the connection.
struct AuthState {
    /// Set while the pool itself runs BEGIN/COMMIT/ROLLBACK.
    trusted: AtomicBool,
}

pub struct PoolConn {
    // Dropped first: the connection goes before the state its callbacks read.
    conn: rusqlite::Connection,
    auth: Box<AuthState>,
    strict: bool,
    /// Whether user SQL runs under the strict authorizer yet (not during setup).
    strict_active: AtomicBool,
    _stop: Arc<AtomicBool>,
}

/// How a connection is opened.
pub struct OpenOptions {
    pub path: CString,
    pub strict: bool,
    pub allow_extension: bool,
    pub setup: Vec<Operation>,
}

impl PoolConn {
    /// Opens, replays `setup`, then installs the strict authorizer. `stop`,
    /// once set, interrupts whatever the connection runs (process exit).
    pub fn open(opts: &OpenOptions, stop: Arc<AtomicBool>) -> Result<PoolConn> {
        let mut db = null_mut();
        let flags = ffi::SQLITE_OPEN_READWRITE
            | ffi::SQLITE_OPEN_CREATE
            | ffi::SQLITE_OPEN_URI
            | ffi::SQLITE_OPEN_FULLMUTEX;
        let rc =
            unsafe { ffi::sqlite3_open_v2(opts.path.as_ptr(), &mut db, flags, std::ptr::null()) };
        if rc != ffi::SQLITE_OK {
            let err = if db.is_null() {
                Error::from_code(rc)
            } else {
                Error::from_db(db)
            };
            unsafe { ffi::sqlite3_close(db) };
            return Err(err);
        }
        unsafe { ffi::sqlite3_extended_result_codes(db, 1) };
        // SAFETY: `db` is a fresh handle that nothing else owns.
        let conn = unsafe { rusqlite::Connection::from_handle_owned(db) }
            .map_err(|e| Error::Internal(e.to_string()))?;
        let me = PoolConn {
            conn,
            auth: Box::new(AuthState {
                trusted: AtomicBool::new(false),
            }),
            strict: opts.strict,
            strict_active: AtomicBool::new(false),
            _stop: stop,
        };
        unsafe {
            ffi::sqlite3_progress_handler(
                db,
                1000,
                Some(check_stop),
                Arc::as_ptr(&me._stop) as *mut c_void,
            )
        };
        me.configure(opts)?;
        Ok(me)
    }

    fn db(&self) -> *mut ffi::sqlite3 {
        unsafe { self.conn.handle() }
    }

    fn configure(&self, opts: &OpenOptions) -> Result<()> {
        let db = self.db();
        if opts.allow_extension {
            // For the setup statements only (e.g. `SELECT load_extension(..)`).
            if unsafe { ffi::sqlite3_enable_load_extension(db, 1) } != ffi::SQLITE_OK {
                return Err(Error::from_db(db));
            }
        }
        let setup = opts.setup.iter().try_for_each(|op| {
            self.run_operation(op, true)?;
            self.require_autocommit()
        });
        if opts.allow_extension {
            unsafe { ffi::sqlite3_enable_load_extension(db, 0) };
        }
        setup?;
        self.require_autocommit()?;
        self.strict_active.store(self.strict, Ordering::Relaxed);
        self.restore_authorizer()
    }

    fn require_autocommit(&self) -> Result<()> {
        if unsafe { ffi::sqlite3_get_autocommit(self.db()) } == 0 {
            return Err(plain(
                "Connection setup left a transaction open; autocommit is required",
            ));
        }
        Ok(())
    }

    /// The authorizer user SQL runs under: strict, or none.
    fn restore_authorizer(&self) -> Result<()> {
        let db = self.db();
        let rc = unsafe {
            if self.strict_active.load(Ordering::Relaxed) {
                ffi::sqlite3_set_authorizer(
                    db,
                    Some(strict_authorizer),
                    &*self.auth as *const AuthState as *mut c_void,
                )
            } else {
                ffi::sqlite3_set_authorizer(db, None, null_mut())
            }
        };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        Ok(())
    }

    /// Runs a request; a failed transaction is rolled back.
    pub fn execute(
        &self,
        req: &Request,
        read_bigints: bool,
    ) -> std::result::Result<Vec<OpResult>, Failure> {
        if let Some(begin) = req.begin {
            self.control(begin)?;
        }
        let mut results = Vec::with_capacity(req.operations.len());
        for op in &req.operations {
            match self.run_operation(op, read_bigints) {
                Ok(r) => results.push(r),
                Err(error) => return Err(self.after_failure(error)),
            }
        }
        if req.begin.is_some() {
            if let Err(error) = self.control("COMMIT") {
                return Err(self.after_failure(error));
            }
        }
        if !self.autocommit() {
            // Only possible without the strict authorizer (`run("BEGIN")`).
            return Err(self.after_failure(plain(
                "Operation left the connection in a transaction; it was rolled back to restore autocommit",
            )));
        }
        Ok(results)
    }

    fn autocommit(&self) -> bool {
        unsafe { ffi::sqlite3_get_autocommit(self.db()) != 0 }
    }

    /// Rolls back what a failed request left open.
    fn after_failure(&self, error: Error) -> Failure {
        if !self.autocommit() {
            let _ = self.control("ROLLBACK");
        }
        Failure {
            error,
            fatal: !self.autocommit(),
        }
    }

    /// BEGIN/COMMIT/ROLLBACK, which the strict authorizer lets only the pool run.
    fn control(&self, sql: &str) -> Result<()> {
        let db = self.db();
        let sql = CString::new(sql).map_err(|e| Error::Internal(e.to_string()))?;
        self.auth.trusted.store(true, Ordering::Relaxed);
        let rc = unsafe { ffi::sqlite3_exec(db, sql.as_ptr(), None, null_mut(), null_mut()) };
        self.auth.trusted.store(false, Ordering::Relaxed);
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        Ok(())
    }

    fn run_operation(&self, op: &Operation, read_bigints: bool) -> Result<OpResult> {
        let db = self.db();
        let stmt = self.prepare_one(&op.sql)?;
        bind(db, stmt.0, &op.params)?;
        let before = unsafe { ffi::sqlite3_total_changes64(db) };
        let mut result = OpResult {
            kind: op.kind,
            changes: 0,
            names: Vec::new(),
            values: Vec::new(),
        };
        loop {
            match unsafe { ffi::sqlite3_step(stmt.0) } {
                ffi::SQLITE_ROW => {
                    if op.kind == Kind::Run {
                        continue;
                    }
                    read_row(stmt.0, &mut result, read_bigints)?;
                    // `get` steps once, as the synchronous `get()` does
                    // (RETURNING makes all its changes on the first step).
                    if op.kind == Kind::Get {
                        break;
                    }
                }
                ffi::SQLITE_DONE => break,
                _ => return Err(Error::from_db(db)),
            }
        }
        drop(stmt);
        if op.kind == Kind::Run && unsafe { ffi::sqlite3_total_changes64(db) } != before {
            result.changes = unsafe { ffi::sqlite3_changes64(db) };
        }
        Ok(result)
    }

    /// Prepares the one statement `sql` holds. The whole text is prepared
    /// first with PRAGMAs ignored (some act while being prepared), so that SQL
    /// with more than one statement is refused before any of it runs.
    fn prepare_one(&self, sql: &[u8]) -> Result<Stmt> {
        if sql.contains(&0) {
            return Err(plain("SQL must not contain null bytes"));
        }
        let db = self.db();
        let rc =
            unsafe { ffi::sqlite3_set_authorizer(db, Some(validation_authorizer), null_mut()) };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        let found = find_statement(db, sql);
        self.restore_authorizer()?;
        let start = found?;
        let tail = &sql[start..];
        let mut stmt = null_mut();
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db,
                tail.as_ptr() as *const c_char,
                tail.len() as c_int,
                &mut stmt,
                null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        if stmt.is_null() {
            return Err(plain(
                "Each operation must contain exactly one SQL statement",
            ));
        }
        Ok(Stmt(stmt))
    }
}

/// Where the only statement of `sql` starts.
fn find_statement(db: *mut ffi::sqlite3, sql: &[u8]) -> Result<usize> {
    let mut first = None;
    let mut pos = 0;
    while pos < sql.len() {
        let rest = &sql[pos..];
        let mut stmt = null_mut();
        let mut tail: *const c_char = std::ptr::null();
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db,
                rest.as_ptr() as *const c_char,
                rest.len() as c_int,
                &mut stmt,
                &mut tail,
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        if !stmt.is_null() {
            unsafe { ffi::sqlite3_finalize(stmt) };
            if first.is_some() {
                return Err(plain(
                    "Operation contains multiple statements; exactly one SQL statement is required",
                ));
            }
            first = Some(pos);
        }
        let used = if tail.is_null() {
            rest.len()
        } else {
            tail as usize - rest.as_ptr() as usize
        };
        if used == 0 {
            break;
        }
        pos += used;
    }
    first.ok_or_else(|| plain("Each operation must contain exactly one SQL statement"))
}

/// A prepared statement, finalized on drop.
struct Stmt(*mut ffi::sqlite3_stmt);

impl Drop for Stmt {
    fn drop(&mut self) {
        unsafe { ffi::sqlite3_finalize(self.0) };
    }
}

fn bind_owned(stmt: *mut ffi::sqlite3_stmt, index: c_int, v: &Owned) -> c_int {
    crate::values::bind_sql(stmt, index, v.as_sql())
}

/// Binds as the synchronous API does: positional values skip named
/// parameters; a named key may leave out its prefix.
fn bind(db: *mut ffi::sqlite3, stmt: *mut ffi::sqlite3_stmt, params: &Params) -> Result<()> {
    let check = |rc: c_int| {
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(Error::from_db(db))
        }
    };
    match params {
        Params::None => Ok(()),
        Params::Positional(values) => {
            let mut index: c_int = 1;
            for v in values {
                loop {
                    let name = unsafe { ffi::sqlite3_bind_parameter_name(stmt, index) };
                    if name.is_null() || unsafe { *name } == b'?' as c_char {
                        break;
                    }
                    index += 1;
                }
                check(bind_owned(stmt, index, v))?;
                index += 1;
            }
            Ok(())
        }
        Params::Named(values) => {
            let bare = crate::bare_names::collect_bare_names(stmt)?;
            for (key, v) in values {
                let mut index = match CString::new(key.as_slice()) {
                    Ok(c) => unsafe { ffi::sqlite3_bind_parameter_index(stmt, c.as_ptr()) },
                    Err(_) => 0,
                };
                if index == 0 {
                    if let Some(full) = bare.get(key) {
                        index = unsafe { ffi::sqlite3_bind_parameter_index(stmt, full.as_ptr()) };
                    }
                }
                if index == 0 {
                    return Err(Error::invalid_state(format!(
                        "Unknown named parameter '{}'",
                        String::from_utf8_lossy(key)
                    )));
                }
                check(bind_owned(stmt, index, v))?;
            }
            Ok(())
        }
    }
}

fn read_row(stmt: *mut ffi::sqlite3_stmt, out: &mut OpResult, read_bigints: bool) -> Result<()> {
    let n = unsafe { ffi::sqlite3_column_count(stmt) };
    if out.names.is_empty() && n > 0 {
        for i in 0..n {
            let p = unsafe { ffi::sqlite3_column_name(stmt, i) };
            let name = if p.is_null() {
                Vec::new()
            } else {
                unsafe { CStr::from_ptr(p) }.to_bytes().to_vec()
            };
            out.names.push(name);
        }
    }
    for i in 0..n {
        let v = unsafe {
            match ffi::sqlite3_column_type(stmt, i) {
                ffi::SQLITE_INTEGER => {
                    let v = ffi::sqlite3_column_int64(stmt, i);
                    if !read_bigints && !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&v) {
                        return Err(too_large_for_number(v));
                    }
                    Owned::Integer(v)
                }
                ffi::SQLITE_FLOAT => Owned::Real(ffi::sqlite3_column_double(stmt, i)),
                ffi::SQLITE_TEXT => {
                    let p = ffi::sqlite3_column_text(stmt, i);
                    let len = ffi::sqlite3_column_bytes(stmt, i) as usize;
                    Owned::Text(bytes(p, len))
                }
                ffi::SQLITE_BLOB => {
                    let p = ffi::sqlite3_column_blob(stmt, i) as *const u8;
                    let len = ffi::sqlite3_column_bytes(stmt, i) as usize;
                    Owned::Blob(bytes(p, len))
                }
                _ => Owned::Null,
            }
        };
        out.values.push(v);
    }
    Ok(())
}

fn bytes(p: *const u8, len: usize) -> Vec<u8> {
    if p.is_null() || len == 0 {
        Vec::new()
    } else {
        unsafe { std::slice::from_raw_parts(p, len) }.to_vec()
    }
}

unsafe extern "C" fn check_stop(data: *mut c_void) -> c_int {
    let stop = unsafe { &*(data as *const AtomicBool) };
    stop.load(Ordering::Relaxed) as c_int
}

unsafe extern "C" fn validation_authorizer(
    _data: *mut c_void,
    action: c_int,
    _p1: *const c_char,
    _p2: *const c_char,
    _db: *const c_char,
    _trigger: *const c_char,
) -> c_int {
    if action == ffi::SQLITE_PRAGMA {
        ffi::SQLITE_IGNORE
    } else {
        ffi::SQLITE_OK
    }
}

fn eq_ignore_case(p: *const c_char, s: &str) -> bool {
    !p.is_null()
        && unsafe { CStr::from_ptr(p) }
            .to_bytes()
            .eq_ignore_ascii_case(s.as_bytes())
}

/// Refuses SQL whose effect depends on which connection runs it: PRAGMA,
/// ATTACH/DETACH, transaction control, the temp schema, extension loading and
/// the connection-observing functions.
unsafe extern "C" fn strict_authorizer(
    data: *mut c_void,
    action: c_int,
    p1: *const c_char,
    p2: *const c_char,
    db_name: *const c_char,
    _trigger: *const c_char,
) -> c_int {
    let state = unsafe { &*(data as *const AuthState) };
    let deny = match action {
        ffi::SQLITE_PRAGMA | ffi::SQLITE_ATTACH | ffi::SQLITE_DETACH => true,
        ffi::SQLITE_TRANSACTION | ffi::SQLITE_SAVEPOINT => !state.trusted.load(Ordering::Relaxed),
        ffi::SQLITE_FUNCTION => [
            "load_extension",
            "last_insert_rowid",
            "changes",
            "total_changes",
        ]
        .iter()
        .any(|f| eq_ignore_case(p2, f)),
        ffi::SQLITE_CREATE_TEMP_INDEX
        | ffi::SQLITE_CREATE_TEMP_TABLE
        | ffi::SQLITE_CREATE_TEMP_TRIGGER
        | ffi::SQLITE_CREATE_TEMP_VIEW
        | ffi::SQLITE_DROP_TEMP_INDEX
        | ffi::SQLITE_DROP_TEMP_TABLE
        | ffi::SQLITE_DROP_TEMP_TRIGGER
        | ffi::SQLITE_DROP_TEMP_VIEW => true,
        // ALTER TABLE names its database in the first argument.
        ffi::SQLITE_ALTER_TABLE => eq_ignore_case(p1, "temp"),
        ffi::SQLITE_INSERT
        | ffi::SQLITE_UPDATE
        | ffi::SQLITE_DELETE
        | ffi::SQLITE_CREATE_INDEX
        | ffi::SQLITE_CREATE_TABLE
        | ffi::SQLITE_CREATE_TRIGGER
        | ffi::SQLITE_CREATE_VIEW
        | ffi::SQLITE_DROP_INDEX
        | ffi::SQLITE_DROP_TABLE
        | ffi::SQLITE_DROP_TRIGGER
        | ffi::SQLITE_DROP_VIEW
        | ffi::SQLITE_CREATE_VTABLE
        | ffi::SQLITE_DROP_VTABLE
        | ffi::SQLITE_REINDEX
        | ffi::SQLITE_ANALYZE => eq_ignore_case(db_name, "temp"),
        _ => false,
    };
    if deny {
        ffi::SQLITE_DENY
    } else {
        ffi::SQLITE_OK
    }
}
