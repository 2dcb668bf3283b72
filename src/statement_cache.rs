//! The `statementCache` extra: compiled statements that no `StatementSync`
//! uses any more, kept per connection and handed out again by `prepare()` for
//! the same SQL text and prepare options (least recently used goes first).
//!
//! A reused statement must look freshly prepared. SQLite re-prepares a
//! statement when it next steps after a schema change, but until then its
//! column metadata is the old one. So the connection counts its own schema
//! changes (DDL, ATTACH/DETACH, rollbacks: seen through the authorizer and the
//! rollback hook) and an idle statement compiled before the last one is
//! finalized instead of reused.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_int, c_void, CStr};

use lru::LruCache;
use rusqlite::ffi;

/// An authorizer callback as `sqlite3_set_authorizer` takes it.
pub type AuthorizerFn = Option<
    unsafe extern "C" fn(
        *mut c_void,
        c_int,
        *const c_char,
        *const c_char,
        *const c_char,
        *const c_char,
    ) -> c_int,
>;

/// The cache key: the SQL bytes followed by one byte of prepare options.
pub type CacheKey = Vec<u8>;

/// The SQL bytes of a key.
pub fn sql_of(key: &[u8]) -> &[u8] {
    &key[..key.len().saturating_sub(1)]
}

struct Idle {
    stmt: *mut ffi::sqlite3_stmt,
    /// The schema generation the statement was last compiled or checked against.
    schema_generation: u64,
}

pub struct StatementCache {
    capacity: Cell<usize>,
    idle: RefCell<Option<LruCache<CacheKey, Idle>>>,
    /// Bumped by every schema change this connection makes.
    schema_generation: Cell<u64>,
    /// Set by the authorizer when the statement being compiled changes the schema.
    saw_schema_change: Cell<bool>,
    /// The open transaction changed the schema: a rollback changes it back.
    uncommitted_change: Cell<bool>,
}

impl Default for StatementCache {
    fn default() -> Self {
        StatementCache {
            capacity: Cell::new(0),
            idle: RefCell::new(None),
            schema_generation: Cell::new(0),
            saw_schema_change: Cell::new(false),
            uncommitted_change: Cell::new(false),
        }
    }
}

impl StatementCache {
    pub fn set_capacity(&self, capacity: usize) {
        self.capacity.set(capacity);
    }

    #[inline]
    pub fn enabled(&self) -> bool {
        self.capacity.get() > 0
    }

    #[inline]
    pub fn schema_generation(&self) -> u64 {
        self.schema_generation.get()
    }

    /// Something that compiled statements depend on changed: every idle
    /// statement is stale.
    pub fn invalidate(&self) {
        self.schema_generation
            .set(self.schema_generation.get().wrapping_add(1));
    }

    /// This connection changed its schema.
    pub fn schema_changed(&self) {
        self.invalidate();
        self.uncommitted_change.set(true);
    }

    /// Clears the authorizer's mark before compiling.
    #[inline]
    pub fn start_compiling(&self) {
        self.saw_schema_change.set(false);
    }

    /// Whether what was compiled since `start_compiling` changes the schema.
    #[inline]
    pub fn compiled_schema_change(&self) -> bool {
        self.saw_schema_change.replace(false)
    }

    pub fn key(mut sql: Vec<u8>, persistent: bool) -> CacheKey {
        sql.push(persistent as u8);
        sql
    }

    /// An idle statement for `key` that is still current, if any.
    pub fn take(&self, key: &[u8]) -> Option<(*mut ffi::sqlite3_stmt, u64)> {
        let idle = self.idle.borrow_mut().as_mut()?.pop(key)?;
        if idle.schema_generation != self.schema_generation.get() {
            finalize(idle.stmt);
            return None;
        }
        Some((idle.stmt, idle.schema_generation))
    }

    /// Keeps a statement that was reset and cleared; finalizes what it displaces.
    pub fn put(&self, key: CacheKey, stmt: *mut ffi::sqlite3_stmt, schema_generation: u64) {
        let capacity = self.capacity.get();
        if capacity == 0 || schema_generation != self.schema_generation.get() {
            return finalize(stmt);
        }
        let mut displaced = Vec::new();
        {
            let mut idle = self.idle.borrow_mut();
            // Unbounded: a bounded LruCache allocates its whole capacity up front.
            let cache = idle.get_or_insert_with(LruCache::unbounded);
            let entry = Idle {
                stmt,
                schema_generation,
            };
            displaced.extend(cache.push(key, entry).map(|(_, old)| old));
            while cache.len() > capacity {
                displaced.extend(cache.pop_lru().map(|(_, old)| old));
            }
        }
        for old in displaced {
            finalize(old.stmt);
        }
    }

    pub fn idle_count(&self) -> usize {
        self.idle.borrow().as_ref().map_or(0, LruCache::len)
    }

    /// Finalizes every idle statement (close, deserialize, new authorizer).
    pub fn clear(&self) {
        let taken = self.idle.borrow_mut().take();
        if let Some(mut cache) = taken {
            while let Some((_, idle)) = cache.pop_lru() {
                finalize(idle.stmt);
            }
        }
    }

    /// Installs what keeps the schema generation current on a new handle.
    pub fn watch(&self, db: *mut ffi::sqlite3) {
        if !self.enabled() {
            return;
        }
        let me = self as *const StatementCache as *mut c_void;
        unsafe {
            ffi::sqlite3_set_authorizer(db, Some(watch_schema), me);
            ffi::sqlite3_rollback_hook(db, Some(on_rollback), me);
            ffi::sqlite3_commit_hook(db, Some(on_commit), me);
        }
    }

    /// Called by every authorizer this connection installs.
    #[inline]
    pub fn observe(&self, action: c_int, a1: *const c_char, a2: *const c_char) {
        if self.enabled() && changes_schema(action, a1, a2) {
            self.saw_schema_change.set(true);
        }
    }

    /// The authorizer to install when the user removes theirs.
    pub fn authorizer(&self) -> (AuthorizerFn, *mut c_void) {
        if self.enabled() {
            (
                Some(watch_schema),
                self as *const StatementCache as *mut c_void,
            )
        } else {
            (None, std::ptr::null_mut())
        }
    }
}

impl Drop for StatementCache {
    fn drop(&mut self) {
        self.clear();
    }
}

fn finalize(stmt: *mut ffi::sqlite3_stmt) {
    // Node publishes nothing for a statement it finalizes without running it.
    crate::unpublished::unpublished(|| unsafe { ffi::sqlite3_finalize(stmt) });
}

/// Whether an authorizer action compiles into a schema change (or a rollback,
/// which may undo one).
fn changes_schema(action: c_int, a1: *const c_char, a2: *const c_char) -> bool {
    let arg_is = |expected: &[&[u8]]| {
        !a1.is_null() && {
            let s = unsafe { CStr::from_ptr(a1) }.to_bytes();
            expected.iter().any(|e| s.eq_ignore_ascii_case(e))
        }
    };
    match action {
        ffi::SQLITE_CREATE_INDEX..=ffi::SQLITE_CREATE_VIEW
        | ffi::SQLITE_DROP_INDEX..=ffi::SQLITE_DROP_VIEW
        | ffi::SQLITE_ATTACH
        | ffi::SQLITE_DETACH
        | ffi::SQLITE_ALTER_TABLE
        | ffi::SQLITE_REINDEX
        | ffi::SQLITE_ANALYZE
        | ffi::SQLITE_CREATE_VTABLE
        | ffi::SQLITE_DROP_VTABLE => true,
        // A pragma without an argument only reads; of those with one, some
        // change the schema or the column names (writable_schema,
        // schema_version, full_column_names, ...), and the common
        // introspection ones do not.
        ffi::SQLITE_PRAGMA => {
            !a2.is_null()
                && !arg_is(&[
                    b"table_info",
                    b"table_xinfo",
                    b"table_list",
                    b"index_list",
                    b"index_info",
                    b"index_xinfo",
                    b"foreign_key_list",
                    b"foreign_key_check",
                    b"integrity_check",
                    b"quick_check",
                ])
        }
        // A whole transaction's rollback is seen by the rollback hook.
        ffi::SQLITE_SAVEPOINT => arg_is(&[b"ROLLBACK"]),
        // With writable_schema, the schema is a table like any other.
        ffi::SQLITE_INSERT | ffi::SQLITE_UPDATE | ffi::SQLITE_DELETE => arg_is(&[
            b"sqlite_master",
            b"sqlite_schema",
            b"sqlite_temp_master",
            b"sqlite_temp_schema",
        ]),
        _ => false,
    }
}

unsafe extern "C" fn watch_schema(
    user: *mut c_void,
    action: c_int,
    a1: *const c_char,
    a2: *const c_char,
    _a3: *const c_char,
    _a4: *const c_char,
) -> c_int {
    let cache = unsafe { &*(user as *const StatementCache) };
    cache.observe(action, a1, a2);
    ffi::SQLITE_OK
}

/// Fires for explicit and automatic rollbacks (a failed statement in
/// autocommit mode too): only one that undoes a schema change matters.
unsafe extern "C" fn on_rollback(user: *mut c_void) {
    let cache = unsafe { &*(user as *const StatementCache) };
    if cache.uncommitted_change.replace(false) {
        cache.invalidate();
    }
}

unsafe extern "C" fn on_commit(user: *mut c_void) -> c_int {
    let cache = unsafe { &*(user as *const StatementCache) };
    cache.uncommitted_change.set(false);
    0
}
