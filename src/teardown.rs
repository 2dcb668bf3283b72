//! No user JS while a statement or connection is torn down from a finalizer
//! or the env cleanup hook.

use std::cell::Cell;

thread_local! {
    /// > 0 while a statement or connection is torn down from a finalizer or
    /// the env cleanup hook, where no user JS may run (node skips `return()`
    /// there too: an abandoned generator does not run `finally` either).
    static JS_BLOCKED: Cell<u32> = const { Cell::new(0) };
}

struct BlockJs;

impl BlockJs {
    fn enter() -> BlockJs {
        JS_BLOCKED.with(|c| c.set(c.get() + 1));
        BlockJs
    }
}

impl Drop for BlockJs {
    fn drop(&mut self) {
        JS_BLOCKED.with(|c| c.set(c.get() - 1));
    }
}

/// Runs `f` (a finalizer's or teardown's cleanup) with calls into JS refused.
pub fn without_js<T>(f: impl FnOnce() -> T) -> T {
    let _guard = BlockJs::enter();
    f()
}

pub fn js_blocked() -> bool {
    JS_BLOCKED.with(|c| c.get() > 0)
}
