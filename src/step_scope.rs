//! Handle scopes shared by the user-defined function calls of one step.
//!
//! Every JS call from SQLite needs its handles freed, and a Node-API handle
//! scope per call costs a heap allocation — a good part of a scalar
//! function's whole overhead when SQLite calls it thousands of times in one
//! `sqlite3_step`. So a statement step runs as a *frame*: function calls made
//! directly inside it (same connection, no JS callback in between) put their
//! handles in one scope that the first call opens, that every
//! `SHARED_CALLS`-th call renews, and that the frame closes when the step
//! returns. Scopes stay strictly nested: while a step runs, nothing else
//! opens a scope at the frame's level (other callbacks and nested native calls
//! open and close their own inside it), and a call made anywhere else — from
//! a nested query, `exec()`, or a callback's JS — opens its own scope as
//! before.

use std::cell::Cell;
use std::ptr::null_mut;

use napi::sys;

use crate::connection::DbCore;
use crate::js::Env;

/// Calls whose handles share one scope before it is renewed.
const SHARED_CALLS: u32 = 256;

#[derive(Clone, Copy)]
struct Frame {
    env: Env,
    db: *const DbCore,
    /// The connection's callback depth at the step: a call at another depth
    /// runs inside some callback's JS, not directly in this step.
    depth: u32,
    scope: sys::napi_handle_scope,
    calls: u32,
}

thread_local! {
    static CURRENT: Cell<Option<Frame>> = const { Cell::new(None) };
}

/// Runs `step` (one `sqlite3_step` on a statement of `db`) as a frame.
#[inline]
pub fn stepping<T>(db: &DbCore, step: impl FnOnce() -> T) -> T {
    let frame = Frame {
        env: db.env,
        db,
        depth: db.callback_depth.get(),
        scope: null_mut(),
        calls: 0,
    };
    let outer = CURRENT.with(|c| c.replace(Some(frame)));
    let out = step();
    if let Some(done) = CURRENT.with(|c| c.replace(outer)) {
        if !done.scope.is_null() {
            unsafe { sys::napi_close_handle_scope(done.env, done.scope) };
        }
    }
    out
}

/// For a function call of `db` about to run JS: true when it is made directly
/// inside a frame of `db` and may leave its handles in the frame's scope
/// (then it must open none of its own).
#[inline]
pub fn enter_shared(env: Env, db: &DbCore) -> bool {
    CURRENT.with(|c| {
        let Some(mut frame) = c.get() else {
            return false;
        };
        if !std::ptr::eq(frame.db, db) || frame.depth != db.callback_depth.get() || frame.env != env
        {
            return false;
        }
        if frame.scope.is_null() || frame.calls >= SHARED_CALLS {
            if !frame.scope.is_null() {
                unsafe { sys::napi_close_handle_scope(env, frame.scope) };
                frame.scope = null_mut();
            }
            let mut scope = null_mut();
            if unsafe { sys::napi_open_handle_scope(env, &mut scope) } != sys::Status::napi_ok {
                c.set(Some(frame));
                return false;
            }
            frame.scope = scope;
            frame.calls = 0;
        }
        frame.calls += 1;
        c.set(Some(frame));
        true
    })
}
