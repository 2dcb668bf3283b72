//! A prepared statement's native state (`StmtCore`): its compiled handle,
//! flags and execution guards, and `prepare`, which makes one. The JS-facing
//! methods are in statement.rs.

use std::cell::{Cell, RefCell};
use std::ffi::c_int;
use std::ptr::null_mut;
use std::rc::Rc;

use rusqlite::ffi;

use crate::bare_names::{collect_bare_names, BareNames};
use crate::connection::{DbCore, Dependent, StatementFlags};
use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};
use crate::rows::RowShape;

/// `stmt.stat()`'s counters, which a statement handed back to the cache zeroes.
pub const STAT_COUNTERS: [(&str, c_int); 9] = [
    ("fullscanStep", ffi::SQLITE_STMTSTATUS_FULLSCAN_STEP),
    ("sort", ffi::SQLITE_STMTSTATUS_SORT),
    ("autoindex", ffi::SQLITE_STMTSTATUS_AUTOINDEX),
    ("vmStep", ffi::SQLITE_STMTSTATUS_VM_STEP),
    ("reprepare", ffi::SQLITE_STMTSTATUS_REPREPARE),
    ("run", ffi::SQLITE_STMTSTATUS_RUN),
    ("filterMiss", ffi::SQLITE_STMTSTATUS_FILTER_MISS),
    ("filterHit", ffi::SQLITE_STMTSTATUS_FILTER_HIT),
    ("memused", ffi::SQLITE_STMTSTATUS_MEMUSED),
];

pub struct StmtCore {
    pub db: Rc<DbCore>,
    stmt: Cell<*mut ffi::sqlite3_stmt>,
    pub flags: Cell<StatementFlags>,
    /// Bumped by every execution; an iterator from an older one is invalid.
    pub generation: Cell<u64>,
    /// True while SQLite steps this statement (a callback may not re-enter it).
    pub executing: Cell<bool>,
    pub bare_names: RefCell<Option<BareNames>>,
    pub shape: RefCell<RowShape>,
    /// `sqlite3_bind_parameter_count`: with none, there is nothing to clear.
    pub param_count: c_int,
    /// Every parameter is anonymous (`?` or `?NNN`): positional values bind
    /// in order, with no named ones to skip.
    pub positional_only: bool,
    /// Where binding converts strings, kept between calls (no allocation per
    /// call); taken while in use.
    pub bind_scratch: Cell<Vec<u8>>,
    /// Stepped since the last reset: the next execution must reset first.
    dirty: Cell<bool>,
    /// Where `close()` hands the compiled statement back (`statementCache`).
    cache_key: Cell<Option<crate::statement_cache::CacheKey>>,
    /// The connection's schema generation the statement was last checked against.
    schema_generation: Cell<u64>,
    /// Running it changes the schema (DDL, ATTACH, ROLLBACK, ...).
    changes_schema: bool,
    /// Its slot among the connection's dependents.
    registry_slot: Cell<usize>,
}

/// What a statement's handle (an External in the facade's private field) owns.
pub struct Statement {
    pub core: Rc<StmtCore>,
}

impl StmtCore {
    /// The live handle, or node's "statement has been finalized".
    #[inline]
    pub fn raw(&self) -> Result<*mut ffi::sqlite3_stmt> {
        let s = self.stmt.get();
        if s.is_null() {
            Err(Error::stmt_finalized())
        } else {
            Ok(s)
        }
    }

    /// The handle for a new execution: refuses re-entry, invalidates iterators.
    #[inline]
    pub fn begin_execution(&self) -> Result<*mut ffi::sqlite3_stmt> {
        let s = self.raw()?;
        if self.executing.get() {
            return Err(Error::invalid_state("statement is already being executed"));
        }
        self.db.check_not_in_authorizer()?;
        self.generation.set(self.generation.get().wrapping_add(1));
        if self.dirty.get() {
            self.reset(s);
        }
        Ok(s)
    }

    /// `sqlite3_reset`, flagged as executing too: it runs the diagnostics
    /// channel's subscribers (SQLite's profile callback), which may not close
    /// or re-run this statement meanwhile.
    #[inline]
    pub fn reset(&self, stmt: *mut ffi::sqlite3_stmt) {
        // Finalized meanwhile (by a named-parameter getter that closed the database).
        if self.stmt.get() != stmt {
            return;
        }
        let was = self.executing.replace(true);
        unsafe { ffi::sqlite3_reset(stmt) };
        self.executing.set(was);
        self.dirty.set(false);
    }

    /// One `sqlite3_step`, flagged as executing while SQLite runs callbacks.
    #[inline]
    pub fn step(&self, stmt: *mut ffi::sqlite3_stmt) -> c_int {
        if !self.dirty.replace(true) {
            // A first step re-prepares after a schema change: current from here.
            let cache = &self.db.statement_cache;
            self.schema_generation.set(cache.schema_generation());
        }
        let was = self.executing.replace(true);
        let rc = crate::step_scope::stepping(&self.db, || unsafe { ffi::sqlite3_step(stmt) });
        self.executing.set(was);
        if self.changes_schema {
            self.db.statement_cache.schema_changed();
        }
        rc
    }

    /// The error for a failed step: a pending JS exception from a callback
    /// wins over SQLite's report of it.
    pub fn step_error(&self, env: Env) -> Error {
        let mut pending = false;
        unsafe { napi::sys::napi_is_exception_pending(env, &mut pending) };
        if pending && !crate::vtab::drop_cleanup_exception(env, &self.db) {
            return Error::Pending;
        }
        match self.db.handle() {
            Ok(db) => Error::from_db(db),
            Err(e) => e,
        }
    }

    pub fn ensure_bare_names(&self, stmt: *mut ffi::sqlite3_stmt) -> Result<()> {
        if self.bare_names.borrow().is_none() {
            let names = collect_bare_names(stmt)?;
            *self.bare_names.borrow_mut() = Some(names);
        }
        Ok(())
    }

    pub fn finalize(&self) {
        let s = self.stmt.replace(null_mut());
        if !s.is_null() {
            // Node publishes nothing to 'sqlite.db.query' for a statement
            // finalized mid-iteration.
            crate::unpublished::unpublished(|| unsafe { ffi::sqlite3_finalize(s) });
        }
        if let Ok(mut shape) = self.shape.try_borrow_mut() {
            shape.clear();
        }
        self.leave_registry();
    }

    /// A statement that ended leaves the connection's list at once.
    fn leave_registry(&self) {
        let who = self as *const StmtCore as *const ();
        self.db.dependents.remove(self.registry_slot.get(), who);
    }

    /// `close()`, `Symbol.dispose` and garbage collection: with a statement
    /// cache, the compiled statement goes back to it, reset and unbound, with
    /// zeroed counters, as a fresh prepare would give it.
    pub fn release(&self) {
        let s = self.stmt.get();
        let Some(key) = self.cache_key.take() else {
            return self.finalize();
        };
        if s.is_null() || !self.db.is_open() || self.changes_schema {
            return self.finalize();
        }
        self.stmt.set(null_mut());
        if let Ok(mut shape) = self.shape.try_borrow_mut() {
            shape.clear();
        }
        crate::unpublished::unpublished(|| unsafe {
            ffi::sqlite3_reset(s);
            ffi::sqlite3_clear_bindings(s);
        });
        for (_, op) in STAT_COUNTERS {
            unsafe { ffi::sqlite3_stmt_status(s, op, 1) };
        }
        let generation = self.schema_generation.get();
        self.db.statement_cache.put(key, s, generation);
        self.leave_registry();
    }
}

/// While a statement steps and its rows are built, JS runs: SQLite's
/// callbacks, the facade's row factories, and whatever setters a polluted
/// `Object.prototype` adds to them. None of it may close or deserialize the
/// database, or close or re-run the statement, whose handle is in use.
pub struct Running<'a>(&'a StmtCore, bool);

impl<'a> Running<'a> {
    #[inline]
    pub fn new(core: &'a StmtCore) -> Running<'a> {
        core.db.callback_depth.set(core.db.callback_depth.get() + 1);
        Running(core, core.executing.replace(true))
    }
}

impl Drop for Running<'_> {
    #[inline]
    fn drop(&mut self) {
        self.0.executing.set(self.1);
        let db = &self.0.db;
        db.callback_depth.set(db.callback_depth.get() - 1);
    }
}

/// Holds the connection's mutex for the length of a native call: SQLite's own
/// calls inside then take it recursively (cheap), and reading a column through
/// the unprotected `sqlite3_value` that `sqlite3_column_value` returns is safe
/// although a backup on the thread pool may use the connection meanwhile.
pub struct DbLock(*mut ffi::sqlite3_mutex);

impl DbLock {
    #[inline]
    pub fn new(db: &DbCore) -> Result<DbLock> {
        let mutex = unsafe { ffi::sqlite3_db_mutex(db.handle()?) };
        unsafe { ffi::sqlite3_mutex_enter(mutex) };
        Ok(DbLock(mutex))
    }
}

impl Drop for DbLock {
    #[inline]
    fn drop(&mut self) {
        unsafe { ffi::sqlite3_mutex_leave(self.0) };
    }
}

impl Dependent for StmtCore {
    fn on_close(&self) {
        self.finalize();
    }
}

impl Drop for StmtCore {
    fn drop(&mut self) {
        // From a finalizer: a virtual table cursor closed here runs no JS.
        crate::teardown::without_js(|| self.release());
    }
}

/// `db.prepare(sql, options)` after validation: compiles the first statement,
/// or takes an idle compiled one from the statement cache.
pub fn prepare(
    env: Env,
    db: &Rc<DbCore>,
    sql: Vec<u8>,
    flags: StatementFlags,
    persistent: bool,
) -> Result<Value> {
    let handle = db.handle()?;
    let cache = &db.statement_cache;
    // A user authorizer must see every compilation, so it turns the cache off.
    let use_cache = cache.enabled() && db.authorizer.borrow().is_none();
    let (stmt, schema_generation, changes_schema, cache_key) = if use_cache {
        let key = crate::statement_cache::StatementCache::key(sql, persistent);
        let (stmt, generation, changes) = match cache.take(&key) {
            // Statements that change the schema are never cached.
            Some((stmt, generation)) => (stmt, generation, false),
            None => compile(
                env,
                db,
                handle,
                crate::statement_cache::sql_of(&key),
                persistent,
            )?,
        };
        (stmt, generation, changes, Some(key))
    } else {
        let (stmt, generation, changes) = compile(env, db, handle, &sql, persistent)?;
        (stmt, generation, changes, None)
    };
    let core = Rc::new(StmtCore {
        db: db.clone(),
        stmt: Cell::new(stmt),
        flags: Cell::new(flags),
        generation: Cell::new(0),
        executing: Cell::new(false),
        bare_names: RefCell::new(None),
        shape: RefCell::new(RowShape::default()),
        param_count: unsafe { ffi::sqlite3_bind_parameter_count(stmt) },
        positional_only: positional_only(stmt),
        bind_scratch: Cell::new(Vec::new()),
        dirty: Cell::new(false),
        cache_key: Cell::new(cache_key),
        schema_generation: Cell::new(schema_generation),
        changes_schema,
        registry_slot: Cell::new(usize::MAX),
    });
    let weak: std::rc::Weak<dyn Dependent> = Rc::downgrade(&core) as _;
    core.registry_slot.set(db.add_dependent(weak));
    js::external(env, Box::new(Statement { core }))
}

/// Whether parameter `index` has no name: `?`, `?NNN`, or past the last.
pub fn is_anonymous_param(stmt: *mut ffi::sqlite3_stmt, index: c_int) -> bool {
    let name = unsafe { ffi::sqlite3_bind_parameter_name(stmt, index) };
    name.is_null() || unsafe { *name } == b'?' as _
}

/// Whether no parameter of `stmt` has a name (`:a`, `@a`, `$a`).
fn positional_only(stmt: *mut ffi::sqlite3_stmt) -> bool {
    let count = unsafe { ffi::sqlite3_bind_parameter_count(stmt) };
    (1..=count).all(|i| is_anonymous_param(stmt, i))
}

/// `sqlite3_prepare_v3`; returns the statement, the schema generation it was
/// compiled against, and whether it changes the schema.
fn compile(
    env: Env,
    db: &DbCore,
    handle: *mut ffi::sqlite3,
    sql: &[u8],
    persistent: bool,
) -> Result<(*mut ffi::sqlite3_stmt, u64, bool)> {
    let mut stmt = null_mut();
    let prep_flags = if persistent {
        ffi::SQLITE_PREPARE_PERSISTENT
    } else {
        0
    };
    let cache = &db.statement_cache;
    let schema_generation = cache.schema_generation();
    cache.start_compiling();
    let rc = unsafe {
        ffi::sqlite3_prepare_v3(
            handle,
            sql.as_ptr() as *const _,
            sql.len() as c_int,
            prep_flags,
            &mut stmt,
            null_mut(),
        )
    };
    let changes_schema = cache.compiled_schema_change();
    if rc != ffi::SQLITE_OK {
        let mut pending = false;
        unsafe { napi::sys::napi_is_exception_pending(env, &mut pending) };
        return Err(if pending {
            Error::Pending
        } else {
            Error::from_db(handle)
        });
    }
    if stmt.is_null() {
        return Err(Error::invalid_arg_value(
            "The SQL query contains no statements.",
        ));
    }
    Ok((stmt, schema_generation, changes_schema))
}
