//! The `queryTimeout` option (an @photostructure/sqlite extra), and what
//! `db.interrupt()` leaves for the authorizer. With a timeout, SQLite's
//! progress handler checks a deadline that each top-level call sets; without
//! one, nothing is installed.

use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::time::{Duration, Instant};

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::errors::Result;
use crate::js::{self, Env, Value};

/// VM instructions between two looks at the clock.
const PROGRESS_OPS: c_int = 1000;

#[derive(Default)]
pub struct QueryTimeout {
    /// Milliseconds; 0 = no timeout (the handler is not installed).
    ms: Cell<u32>,
    /// Set while a top-level call runs; a nested call keeps the outer one's.
    deadline: Cell<Option<Instant>>,
    /// `interrupt()` was called from the authorizer: the statement being
    /// prepared fails (SQLite itself would ignore it, nothing running yet).
    auth_interrupt: Cell<bool>,
}

/// Clears the deadline it set when the call ends.
pub struct Deadline<'a>(Option<&'a QueryTimeout>);

impl Drop for Deadline<'_> {
    #[inline]
    fn drop(&mut self) {
        if let Some(t) = self.0 {
            t.deadline.set(None);
        }
    }
}

impl QueryTimeout {
    /// Starts the clock for one call (statement execution, iterator step, exec).
    #[inline]
    pub fn start(&self) -> Deadline<'_> {
        if self.ms.get() == 0 || self.deadline.get().is_some() {
            return Deadline(None);
        }
        self.deadline.set(Some(
            Instant::now() + Duration::from_millis(self.ms.get() as u64),
        ));
        Deadline(Some(self))
    }

    /// `interrupt()` was called from inside the authorizer.
    pub fn interrupt_from_authorizer(&self) {
        self.auth_interrupt.set(true);
    }

    /// Whether the authorizer callback that just ran called `interrupt()`.
    pub fn take_auth_interrupt(&self) -> bool {
        self.auth_interrupt.replace(false)
    }

    /// Installs the progress handler on a newly opened connection.
    pub fn install(&self, db: *mut ffi::sqlite3) {
        if self.ms.get() > 0 {
            let data = self as *const QueryTimeout as *mut c_void;
            unsafe { ffi::sqlite3_progress_handler(db, PROGRESS_OPS, Some(on_progress), data) };
        }
    }
}

/// Non-zero interrupts the running statement (SQLITE_INTERRUPT).
unsafe extern "C" fn on_progress(data: *mut c_void) -> c_int {
    // The handler lives as long as the connection, which its DbCore owns.
    let t = unsafe { &*(data as *const QueryTimeout) };
    match t.deadline.get() {
        Some(deadline) => (Instant::now() >= deadline) as c_int,
        None => 0,
    }
}

/// Reads the facade-validated `queryTimeout` option into the connection's timeout.
pub fn read_option(env: Env, options: Value, timeout: &QueryTimeout) -> Result<()> {
    let v = js::get_named(env, options, "queryTimeout")?;
    if js::type_of(env, v)? == ValueType::napi_number {
        timeout
            .ms
            .set(js::get_f64(env, v)?.clamp(0.0, u32::MAX as f64) as u32);
    }
    Ok(())
}
