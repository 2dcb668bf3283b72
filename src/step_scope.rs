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
//! before. The frame also keeps the last called function's handles (the
//! function and `undefined`), so that repeated calls of one function skip
//! those two look-ups until the scope is renewed. The innermost frame of a
//! connection hangs off the connection (`DbCore::step_frame`), not a thread
//! local: a thread-local read in a shared library is a call of its own.

use std::ffi::c_void;
use std::ptr::null_mut;

use napi::sys;

use crate::connection::DbCore;
use crate::js::{Env, Value};

/// Calls whose handles share one scope before it is renewed.
const SHARED_CALLS: u32 = 256;

struct Frame {
    env: Env,
    /// The connection's callback depth at the step: a call at another depth
    /// runs inside some callback's JS, not directly in this step.
    depth: u32,
    scope: sys::napi_handle_scope,
    calls: u32,
    /// Handles of the last function called, valid while `scope` is open.
    callee: Callee,
}

/// What a function call needs from JS before calling: the function behind
/// its native data `key`, and `undefined` as the receiver.
#[derive(Clone, Copy)]
pub struct Callee {
    pub key: *const c_void,
    pub func: Value,
    pub recv: Value,
}

const NO_CALLEE: Callee = Callee {
    key: std::ptr::null(),
    func: null_mut(),
    recv: null_mut(),
};

/// Runs `step` (one `sqlite3_step` on a statement of `db`) as a frame.
#[inline]
pub fn stepping<T>(db: &DbCore, step: impl FnOnce() -> T) -> T {
    let mut frame = Frame {
        env: db.env,
        depth: db.callback_depth.get(),
        scope: null_mut(),
        calls: 0,
        callee: NO_CALLEE,
    };
    let _current = Current::enter(db, &mut frame);
    step()
}

/// Makes a frame its connection's current one; on drop (unwinding too, so
/// that no pointer to a dead frame stays behind) restores the outer frame and
/// closes the frame's scope.
struct Current<'a> {
    db: &'a DbCore,
    frame: *mut Frame,
    outer: *mut (),
}

impl<'a> Current<'a> {
    #[inline]
    fn enter(db: &'a DbCore, frame: *mut Frame) -> Current<'a> {
        let outer = db.step_frame.replace(frame as *mut ());
        Current { db, frame, outer }
    }
}

impl Drop for Current<'_> {
    #[inline]
    fn drop(&mut self) {
        self.db.step_frame.set(self.outer);
        let frame = unsafe { &*self.frame };
        if !frame.scope.is_null() {
            unsafe { sys::napi_close_handle_scope(frame.env, frame.scope) };
        }
    }
}

/// A function call made directly inside a frame: its handles go into the
/// frame's scope, and it may reuse the handles of the call before it.
pub struct SharedCall(*mut Frame);

impl SharedCall {
    /// The callee for `key`, from the previous call when it was the same
    /// function, else from `fetch` (then kept for the next call).
    #[inline]
    pub fn callee<E>(
        &self,
        key: *const c_void,
        fetch: impl FnOnce() -> Result<(Value, Value), E>,
    ) -> Result<Callee, E> {
        // The frame outlives this call (it is on the stack of `stepping`,
        // which is below us), and nothing else holds a reference into it.
        let frame = unsafe { &mut *self.0 };
        if frame.callee.key != key {
            let (func, recv) = fetch()?;
            frame.callee = Callee { key, func, recv };
        }
        Ok(frame.callee)
    }
}

/// For a function call of `db` about to run JS: `Some` when it is made
/// directly inside a frame of `db` and may leave its handles in the frame's
/// scope (then it must open none of its own).
#[inline]
pub fn enter_shared(env: Env, db: &DbCore) -> Option<SharedCall> {
    let ptr = db.step_frame.get() as *mut Frame;
    if ptr.is_null() {
        return None;
    }
    let frame = unsafe { &mut *ptr };
    if frame.depth != db.callback_depth.get() || frame.env != env {
        return None;
    }
    if frame.calls >= SHARED_CALLS || frame.scope.is_null() {
        renew_scope(frame)?;
    }
    frame.calls += 1;
    Some(SharedCall(ptr))
}

/// Closes the frame's scope (and forgets the handles in it), opens another.
#[cold]
fn renew_scope(frame: &mut Frame) -> Option<()> {
    if !frame.scope.is_null() {
        unsafe { sys::napi_close_handle_scope(frame.env, frame.scope) };
        frame.scope = null_mut();
    }
    frame.callee = NO_CALLEE;
    let mut scope = null_mut();
    if unsafe { sys::napi_open_handle_scope(frame.env, &mut scope) } != sys::Status::napi_ok {
        return None;
    }
    frame.scope = scope;
    frame.calls = 0;
    Some(())
}
