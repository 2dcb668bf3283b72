//! Statements the addon finalizes (or queries it runs for itself) publish no
//! `sqlite.db.query` message: node reports only executions that end (reset),
//! never a statement finalized mid-iteration.

use std::cell::Cell;

thread_local! {
    /// > 0 while such work runs.
    static UNPUBLISHED: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` (a `sqlite3_finalize`, say) without publishing what it ends.
pub fn unpublished<T>(f: impl FnOnce() -> T) -> T {
    UNPUBLISHED.with(|n| n.set(n.get() + 1));
    let out = f();
    UNPUBLISHED.with(|n| n.set(n.get() - 1));
    out
}

/// Whether the statement finishing now is to go unpublished.
#[inline]
pub fn is_unpublished() -> bool {
    UNPUBLISHED.with(Cell::get) > 0
}
