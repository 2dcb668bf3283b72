//! `backup(sourceDb, path, options)`: the whole step loop runs in one napi-rs
//! `Task` on the libuv pool, one `sqlite3_backup_step(rate)` per iteration.
//!
//! Progress reaches JS through a threadsafe function whose call the pool
//! thread waits for (design §2.5: a fire-and-forget call would let the
//! promise settle before the queued progress calls ran). The destination is
//! opened and `sqlite3_backup_init` runs on the JS thread before `backup()`
//! returns, as node does: from then on SQLite itself keeps the source
//! connection alive (`sqlite3_close_v2` on a connection with an unfinished
//! backup only marks it a zombie), so closing the source in JS lets the backup
//! complete.

use std::ffi::{c_int, CString};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use napi::bindgen_prelude::{FnArgs, FromNapiValue, Unknown};
use napi::sys::ValueType;
use napi::threadsafe_function::{
    ThreadsafeFunction, ThreadsafeFunctionCallMode, UnknownReturnValue,
};
use rusqlite::ffi;

use crate::database::this_db;
use crate::errors::{cstr_lossy, errstr, Error, Result};
use crate::js::{self, native_method, Env, Tag, Value};
use crate::task_value::{to_napi, RawJs};

pub static CONTROL_TAG: Tag = Tag::new(0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f);

/// Why a running backup stops early (`Control` state).
const RUNNING: u8 = 0;
/// The caller's AbortSignal fired.
const ABORTED: u8 = 1;
/// The process or worker is exiting: stop without waiting for JS.
const EXITING: u8 = 2;

/// What the facade's control object wraps: the stop flag the pool thread reads.
struct Control(Arc<AtomicU8>);

/// `progress(totalPages, remainingPages)`, the facade's wrapper around the
/// user's callback. Weak: it never keeps the event loop alive by itself (the
/// queued work does while the backup runs).
type Progress = ThreadsafeFunction<
    FnArgs<(i32, i32)>,
    UnknownReturnValue,
    FnArgs<(i32, i32)>,
    napi::Status,
    false,
    true,
    0,
>;

/// A SQLite failure, built on the pool thread, thrown on the JS thread.
struct Failure {
    message: String,
    errcode: c_int,
    errstr: Option<String>,
}

impl Failure {
    /// node reports failed steps by their code alone.
    fn code(rc: c_int) -> Failure {
        Failure {
            message: errstr(rc),
            errcode: rc,
            errstr: Some(errstr(rc)),
        }
    }

    fn from_db(db: *mut ffi::sqlite3) -> Failure {
        if db.is_null() {
            return Failure::code(ffi::SQLITE_NOMEM);
        }
        let errcode = unsafe { ffi::sqlite3_extended_errcode(db) };
        Failure {
            message: cstr_lossy(unsafe { ffi::sqlite3_errmsg(db) }),
            errcode,
            errstr: Some(errstr(errcode)),
        }
    }
}

enum Outcome {
    Done(c_int),
    Failed(Failure),
    Stopped,
}

/// The destination connection and the backup object, owned by the task.
struct Handles {
    dest: *mut ffi::sqlite3,
    backup: *mut ffi::sqlite3_backup,
}

// SAFETY: the handles are used by one thread at a time (the JS thread before
// the task is queued, the pool thread in `compute`), and the source
// connection they read from was opened SQLITE_OPEN_FULLMUTEX.
unsafe impl Send for Handles {}

struct BackupTask {
    handles: Option<Handles>,
    /// Opening the destination or starting the backup failed: reported as a
    /// rejection, as node does.
    early: Option<Failure>,
    rate: c_int,
    progress: Option<Progress>,
    stop: Arc<AtomicU8>,
}

enum Report {
    Continue,
    Threw(napi::Error),
    Cancelled,
}

impl BackupTask {
    fn run(&mut self) -> napi::Result<Outcome> {
        if let Some(failure) = self.early.take() {
            return Ok(Outcome::Failed(failure));
        }
        let Some(h) = self.handles.as_ref() else {
            return Ok(Outcome::Stopped);
        };
        let (dest, backup) = (h.dest, h.backup);
        loop {
            if self.stop.load(Ordering::Acquire) != RUNNING {
                return Ok(Outcome::Stopped);
            }
            let rc = unsafe { ffi::sqlite3_backup_step(backup, self.rate) };
            let busy = rc == ffi::SQLITE_BUSY || rc == ffi::SQLITE_LOCKED;
            if !(rc == ffi::SQLITE_OK || rc == ffi::SQLITE_DONE || busy) {
                return Ok(Outcome::Failed(Failure::code(rc)));
            }
            let total = unsafe { ffi::sqlite3_backup_pagecount(backup) };
            let remaining = unsafe { ffi::sqlite3_backup_remaining(backup) };
            if remaining != 0 {
                // A step that is not the last: node reports progress.
                match self.report(total, remaining) {
                    Report::Continue => {}
                    Report::Threw(err) => return Err(err),
                    Report::Cancelled => return Ok(Outcome::Stopped),
                }
                if busy {
                    std::thread::sleep(Duration::from_millis(5));
                }
                continue;
            }
            // A step that ends without a page count (the source was busy or
            // locked before the first page, e.g. by this very connection's
            // open write transaction) fails with the destination's error, as
            // in node: retrying could wait forever on a lock the caller holds.
            if rc != ffi::SQLITE_DONE {
                return Ok(Outcome::Failed(Failure::from_db(dest)));
            }
            return Ok(Outcome::Done(total));
        }
    }

    /// Calls `progress` on the JS thread and waits until it has returned.
    fn report(&self, total: c_int, remaining: c_int) -> Report {
        let Some(progress) = self.progress.as_ref() else {
            return Report::Continue;
        };
        let (ack, returned) = mpsc::channel::<Option<napi::Error>>();
        let status = progress.call_with_return_value(
            FnArgs::from((total, remaining)),
            ThreadsafeFunctionCallMode::Blocking,
            move |result: napi::Result<UnknownReturnValue>, _env| {
                let _ = ack.send(result.err());
                Ok(())
            },
        );
        if status != napi::Status::Ok {
            // The env is closing (worker terminated, process exiting).
            return Report::Cancelled;
        }
        loop {
            match returned.recv_timeout(Duration::from_millis(20)) {
                Ok(None) => return Report::Continue,
                Ok(Some(err)) => return Report::Threw(err),
                Err(mpsc::RecvTimeoutError::Disconnected) => return Report::Cancelled,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // Never wait for a JS thread that is gone.
                    if progress.aborted() || self.stop.load(Ordering::Acquire) == EXITING {
                        return Report::Cancelled;
                    }
                }
            }
        }
    }

    /// Ends the backup and closes the destination; idempotent.
    fn finish(&mut self) {
        if let Some(h) = self.handles.take() {
            unsafe {
                ffi::sqlite3_backup_finish(h.backup);
                ffi::sqlite3_close(h.dest);
            }
        }
        self.progress = None;
    }
}

impl Drop for BackupTask {
    fn drop(&mut self) {
        self.finish();
    }
}

impl napi::Task for BackupTask {
    type Output = Outcome;
    type JsValue = RawJs;

    fn compute(&mut self) -> napi::Result<Outcome> {
        let outcome = self.run();
        // Everything SQLite-side ends here, on the pool thread: nothing is
        // left for a JS thread that may never run the completion.
        self.finish();
        outcome
    }

    /// Total pages; `undefined` for a stopped backup (the facade turns it
    /// into an AbortError); a SQLite failure rejects.
    fn resolve(&mut self, env: napi::Env, output: Outcome) -> napi::Result<RawJs> {
        let env = env.raw();
        match output {
            Outcome::Done(pages) => js::int(env, pages as i64).map(RawJs).map_err(to_napi),
            Outcome::Stopped => js::undefined(env).map(RawJs).map_err(to_napi),
            Outcome::Failed(f) => {
                let err = Error::Sqlite {
                    message: f.message,
                    errcode: f.errcode,
                    errstr: f.errstr,
                };
                let value = err.into_value(env).map_err(to_napi)?;
                Err(napi::Error::from_unknown_without_coercion(unsafe {
                    Unknown::from_raw_unchecked(env, value)
                }))
            }
        }
    }
}

/// A string argument as a C string, cut at the first NUL as SQLite reads it.
fn c_string_arg(env: Env, value: Option<Value>) -> Result<CString> {
    let mut buf = Vec::new();
    if let Some(v) = value {
        if js::type_of(env, v)? == ValueType::napi_string {
            js::read_string_into(env, v, &mut buf)?;
        } else if let Some(bytes) = js::bytes_of(env, v)? {
            buf.extend_from_slice(bytes);
        }
    }
    if let Some(pos) = buf.iter().position(|&b| b == 0) {
        buf.truncate(pos);
    }
    Ok(CString::new(buf).unwrap_or_default())
}

/// Opens the destination and starts the backup, as node does before it
/// returns the promise.
fn start(
    src: *mut ffi::sqlite3,
    path: &CString,
    source: &CString,
    target: &CString,
) -> std::result::Result<Handles, Failure> {
    let mut dest = null_mut();
    let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE | ffi::SQLITE_OPEN_URI;
    let rc = unsafe { ffi::sqlite3_open_v2(path.as_ptr(), &mut dest, flags, std::ptr::null()) };
    if rc != ffi::SQLITE_OK {
        let failure = if dest.is_null() {
            Failure::code(rc)
        } else {
            Failure::from_db(dest)
        };
        unsafe { ffi::sqlite3_close(dest) };
        return Err(failure);
    }
    let backup = unsafe { ffi::sqlite3_backup_init(dest, target.as_ptr(), src, source.as_ptr()) };
    if backup.is_null() {
        let failure = Failure::from_db(dest);
        unsafe { ffi::sqlite3_close(dest) };
        return Err(failure);
    }
    Ok(Handles { dest, backup })
}

native_method! {
    /// `backupRun(db, path, rate, source, target, progress, control)`: the
    /// facade has validated everything. Returns a promise of the page count
    /// (`undefined` when stopped through `control`).
    fn backup_run(env, args) {
        let arg = |i: usize| args.get(i).ok_or_else(|| Error::Internal("backupRun: missing arguments".into()));
        let core = unsafe { this_db(env, arg(0)?)? };
        let src = core.handle()?;
        let path = c_string_arg(env, Some(arg(1)?))?;
        let rate = js::get_f64(env, arg(2)?)? as c_int;
        let source = c_string_arg(env, Some(arg(3)?))?;
        let target = c_string_arg(env, Some(arg(4)?))?;
        let progress_fn = arg(5)?;
        let progress = if js::type_of(env, progress_fn)? == ValueType::napi_function {
            Some(unsafe { Progress::from_napi_value(env, progress_fn) }.map_err(|e| Error::Internal(e.reason.clone()))?)
        } else {
            None
        };
        let stop = Arc::new(AtomicU8::new(RUNNING));
        js::wrap(env, arg(6)?, &CONTROL_TAG, Box::new(Control(stop.clone())))?;
        let (handles, early) = match start(src, &path, &source, &target) {
            Ok(h) => (Some(h), None),
            Err(f) => (None, Some(f)),
        };
        let task = BackupTask { handles, early, rate, progress, stop };
        let promise = napi::Env::from_raw(env).spawn(task).map_err(|e| Error::Internal(e.reason.clone()))?;
        Ok(napi::JsValue::raw(&promise.promise_object()))
    }
}

native_method! {
    /// `backupStop(control, exiting)`: stops a running backup before its next
    /// step; `exiting` also stops waiting for a progress call to return.
    fn backup_stop(env, args) {
        let control = args.get(0).ok_or_else(|| Error::Internal("backupStop: missing control".into()))?;
        let Control(stop) = unsafe { js::unwrap(env, control, &CONTROL_TAG)? };
        let exiting = match args.get(1) {
            Some(v) => js::type_of(env, v)? == ValueType::napi_boolean && js::get_bool(env, v)?,
            None => false,
        };
        let state = if exiting { EXITING } else { ABORTED };
        // Never downgrade EXITING to ABORTED.
        let _ = stop.fetch_max(state, Ordering::AcqRel);
        js::undefined(env)
    }
}
