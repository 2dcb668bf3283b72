//! The shared state of one SQLite connection: its handle, the defaults its
//! statements inherit, and everything that must be finalized when it closes.
//!
//! The features that hook into a handle (the key, tracing, the timeout's
//! progress handler, the cache's schema watch) are set up by the open path in
//! `database.rs`, which sits above them. This file imports none of them but
//! `query_timeout.rs` and `statement_cache.rs`, for the state it keeps; those
//! two must never import the connection or the database back.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::ffi::CString;
use std::ptr::null_mut;
use std::rc::Weak;

use rusqlite::ffi;

use crate::errors::{Error, Result};
use crate::query_timeout::QueryTimeout;
use crate::statement_cache::StatementCache;

unsafe extern "C" {
    // Not in libsqlite3-sys's generated bindings, but in the bundled library.
    fn sqlite3_close_v2(db: *mut ffi::sqlite3) -> std::ffi::c_int;
}
use crate::js::Env;

/// Flags a statement reads with; the connection holds the defaults.
#[derive(Debug, Clone, Copy)]
pub struct StatementFlags {
    pub read_bigints: bool,
    pub return_arrays: bool,
    pub allow_bare_named: bool,
    pub allow_unknown_named: bool,
    /// Extra: SQL NULL reads as `undefined` (`readNullAsUndefined`).
    pub read_null_undefined: bool,
}

impl Default for StatementFlags {
    fn default() -> Self {
        StatementFlags {
            read_bigints: false,
            return_arrays: false,
            allow_bare_named: true,
            allow_unknown_named: false,
            read_null_undefined: false,
        }
    }
}

/// How to open the connection (validated by the JS facade).
#[derive(Debug, Clone)]
pub struct OpenConfig {
    pub path: CString,
    pub read_only: bool,
    pub foreign_keys: bool,
    pub double_quoted_strings: bool,
    pub allow_extension: bool,
    pub timeout: i32,
    pub defensive: bool,
    /// `(SQLITE_LIMIT_*, value)` pairs applied after opening.
    pub limits: Vec<(i32, i32)>,
    /// The SQLCipher key (`encryptionKey`, the encryption flavour only).
    pub encryption_key: Option<Vec<u8>>,
}

/// Called right before the handle closes, on every path (`close()`, the env
/// cleanup hook, drop): for a feature that pointed SQLite at this connection
/// and must unhook first.
pub type CloseHook = fn(*mut ffi::sqlite3);

pub use crate::dependents::Dependent;
use crate::dependents::Dependents;

pub struct DbCore {
    pub env: Env,
    handle: Cell<*mut ffi::sqlite3>,
    pub config: OpenConfig,
    pub defaults: Cell<StatementFlags>,
    pub dependents: Dependents,
    /// > 0 while SQLite runs one of this connection's JS callbacks.
    pub callback_depth: Cell<u32>,
    /// The innermost step frame of this connection (opaque; see step_scope.rs).
    pub step_frame: Cell<*mut ()>,
    /// Whether `loadExtension()` is currently enabled.
    pub load_extension_enabled: Cell<bool>,
    /// True while the authorizer callback runs: the connection may not be used.
    pub in_authorizer: Cell<bool>,
    /// Set while the addon runs SQL of its own that node would not run (the
    /// extras' lookups): the JS authorizer is not asked about it.
    pub authorizer_paused: Cell<bool>,
    /// The JS authorizer's data SQLite points at (dropped after SQLite lets
    /// go of it). Opaque here: only `authorizer.rs` reads it.
    pub authorizer: RefCell<Option<Box<dyn Any>>>,
    /// What runs right before the handle closes (see `CloseHook`).
    close_hooks: RefCell<Vec<CloseHook>>,
    /// The JS `DatabaseSync` (weak), for the diagnostics messages that carry it.
    pub owner: RefCell<Option<crate::js::Ref>>,
    /// What a virtual table cursor's `return()` last threw (see vtab/cursor.rs).
    pub vtab_cleanup_error: RefCell<Option<crate::js::Ref>>,
    /// The `queryTimeout` extra (installed on open by `database.rs`).
    pub query_timeout: QueryTimeout,
    /// The `statementCache` extra (watching from open on, by `database.rs`).
    pub statement_cache: StatementCache,
}

impl DbCore {
    pub fn new(env: Env, config: OpenConfig, defaults: StatementFlags) -> DbCore {
        DbCore {
            env,
            handle: Cell::new(null_mut()),
            load_extension_enabled: Cell::new(config.allow_extension),
            config,
            defaults: Cell::new(defaults),
            dependents: Dependents::default(),
            callback_depth: Cell::new(0),
            step_frame: Cell::new(null_mut()),
            in_authorizer: Cell::new(false),
            authorizer_paused: Cell::new(false),
            authorizer: RefCell::new(None),
            close_hooks: RefCell::new(Vec::new()),
            owner: RefCell::new(None),
            vtab_cleanup_error: RefCell::new(None),
            query_timeout: Default::default(),
            statement_cache: Default::default(),
        }
    }

    #[inline]
    pub fn is_open(&self) -> bool {
        !self.handle.get().is_null()
    }

    /// The open handle, or node's "database is not open".
    #[inline]
    pub fn handle(&self) -> Result<*mut ffi::sqlite3> {
        let h = self.handle.get();
        if h.is_null() {
            Err(Error::db_not_open())
        } else {
            Ok(h)
        }
    }

    /// Opens the handle and applies node's settings. `before_use` runs on
    /// the new handle before anything reads the file (the SQLCipher key); if
    /// it or a setting fails, the handle is closed again.
    pub fn open(&self, before_use: impl FnOnce(*mut ffi::sqlite3) -> Result<()>) -> Result<()> {
        if self.is_open() {
            return Err(Error::invalid_state("database is already open"));
        }
        let c = &self.config;
        let mut flags = ffi::SQLITE_OPEN_URI | ffi::SQLITE_OPEN_FULLMUTEX;
        flags |= if c.read_only {
            ffi::SQLITE_OPEN_READONLY
        } else {
            ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE
        };
        let mut db = null_mut();
        let rc = unsafe { ffi::sqlite3_open_v2(c.path.as_ptr(), &mut db, flags, std::ptr::null()) };
        if rc != ffi::SQLITE_OK {
            let err = if db.is_null() {
                Error::from_code(rc)
            } else {
                Error::from_db(db)
            };
            unsafe { sqlite3_close_v2(db) };
            return Err(err);
        }
        // Extension loading keeps its last state across close() and open().
        let load_extension = self.load_extension_enabled.get() as i32;
        let configured = before_use(db)
            .and_then(|()| configure(db, c))
            .and_then(|()| {
                db_config(
                    db,
                    ffi::SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
                    load_extension,
                )
            });
        if let Err(err) = configured {
            unsafe { sqlite3_close_v2(db) };
            return Err(err);
        }
        self.handle.set(db);
        Ok(())
    }

    /// Node refuses any use of the connection from its own authorizer.
    #[inline]
    pub fn check_not_in_authorizer(&self) -> Result<()> {
        if self.in_authorizer.get() {
            return Err(Error::invalid_state(
                "database cannot be accessed from an authorizer callback",
            ));
        }
        Ok(())
    }

    /// `close()`: refuses from inside a callback, then ends every dependent.
    pub fn close(&self) -> Result<()> {
        self.handle()?;
        if self.callback_depth.get() > 0 {
            return Err(Error::invalid_state(
                "database cannot be closed while in a callback",
            ));
        }
        self.close_now();
        Ok(())
    }

    /// Closes unconditionally: for the env cleanup hook of a dying worker.
    pub fn close_for_teardown(&self) {
        if self.is_open() {
            // No JS may run in a dying env (virtual table cursors skip return()).
            crate::teardown::without_js(|| self.close_now());
        }
    }

    /// Registers a hook to run before every close of this connection.
    pub fn before_close(&self, hook: CloseHook) {
        self.close_hooks.borrow_mut().push(hook);
    }

    fn run_close_hooks(&self, db: *mut ffi::sqlite3) {
        let hooks = self.close_hooks.borrow().clone();
        for hook in hooks {
            hook(db);
        }
    }

    fn close_now(&self) {
        self.run_close_hooks(self.handle.get());
        self.finalize_dependents();
        self.statement_cache.clear();
        let db = self.handle.replace(null_mut());
        unsafe { ffi::sqlite3_set_authorizer(db, None, null_mut()) };
        self.authorizer.borrow_mut().take();
        // close_v2 never fails with BUSY: anything still using the handle
        // (a backup on the thread pool) keeps it alive until it finishes.
        unsafe { sqlite3_close_v2(db) };
    }

    /// Ends what `deserialize()` ends (every statement; sessions stay).
    pub fn deserialize_dependents(&self) {
        self.statement_cache.clear();
        self.dependents.deserialize();
    }

    /// Finalizes every statement and session.
    pub fn finalize_dependents(&self) {
        for dep in self.dependents.take_all() {
            dep.on_close();
        }
    }

    /// Registers a statement or session; returns its slot.
    pub fn add_dependent(&self, dep: Weak<dyn Dependent>) -> usize {
        self.dependents.add(dep)
    }
}

impl Drop for DbCore {
    fn drop(&mut self) {
        let db = self.handle.replace(null_mut());
        if !db.is_null() {
            self.run_close_hooks(db);
            self.statement_cache.clear();
            unsafe { sqlite3_close_v2(db) };
        }
    }
}

/// Applies node's per-connection settings after open (and after the key).
fn configure(db: *mut ffi::sqlite3, c: &OpenConfig) -> Result<()> {
    let dqs = c.double_quoted_strings as i32;
    db_config(db, ffi::SQLITE_DBCONFIG_DQS_DML, dqs)?;
    db_config(db, ffi::SQLITE_DBCONFIG_DQS_DDL, dqs)?;
    db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_FKEY, c.foreign_keys as i32)?;
    db_config(db, ffi::SQLITE_DBCONFIG_DEFENSIVE, c.defensive as i32)?;
    let rc = unsafe { ffi::sqlite3_busy_timeout(db, c.timeout) };
    if rc != ffi::SQLITE_OK {
        return Err(Error::from_db(db));
    }
    for &(id, value) in &c.limits {
        unsafe { ffi::sqlite3_limit(db, id, value) };
    }
    Ok(())
}

pub fn db_config(db: *mut ffi::sqlite3, op: i32, value: i32) -> Result<()> {
    let rc = unsafe { ffi::sqlite3_db_config(db, op, value, null_mut::<i32>()) };
    if rc != ffi::SQLITE_OK {
        return Err(Error::from_db(db));
    }
    Ok(())
}
