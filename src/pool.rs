//! The native side of the experimental `DatabasePool`
//! (`@photostructure/sqlite/experimental`): one slot per pooled connection,
//! and napi-rs `Task`s that open, use and close a slot on the libuv pool.
//!
//! The facade (lib/experimental.js) schedules: it hands a slot at most one
//! request at a time, so queued calls wait in JS and take no libuv thread.
//! The slot's mutex still serializes every use of its connection.
//!
//! Worker safety: tasks own everything they touch (`Arc<Slot>` and owned
//! values), never JS state. Node runs a dying env's queued pool work to its
//! end before the env's cleanup hooks, and env_data.rs's hook then closes the
//! env's slots (pool_registry.rs).

use std::cell::RefCell;
use std::ffi::CString;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use napi::bindgen_prelude::Unknown;
use napi::sys::{self, ValueType};

use crate::env_data::AddonEnv;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Tag, Value};
use crate::pool_exec::{Failure, OpenOptions, PoolConn};
use crate::pool_registry::{self, SlotControl};
use crate::pool_values::{read_request, results_to_js, OpResult, Request};
use crate::task_value::{to_napi, RawJs};

static SLOT_TAG: Tag = Tag::new(0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1);
static REQUEST_TAG: Tag = Tag::new(0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179);

/// One pooled connection.
pub struct Slot {
    /// `None` before the open task has run and once closed.
    conn: Mutex<Option<PoolConn>>,
    /// Read by the connection's progress handler: set, it interrupts the
    /// running statement and every later one (used at process exit only).
    stop: Arc<AtomicBool>,
    read_bigints: bool,
}

impl Slot {
    fn lock(&self) -> MutexGuard<'_, Option<PoolConn>> {
        // A panic cannot leave the connection half-changed in a way the next
        // request cares about (requests restore autocommit themselves).
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SlotControl for Slot {
    fn close_now(&self) {
        let conn = self.lock().take();
        drop(conn);
    }

    fn interrupt(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Rejects the promise with `failure` as the JS error the sync API throws
/// (plus `fatal: true` when the connection had to be dropped).
fn reject(env: Env, failure: Failure) -> napi::Result<RawJs> {
    let value = failure.error.into_value(env).map_err(to_napi)?;
    if failure.fatal {
        let yes = js::boolean(env, true).map_err(to_napi)?;
        js::set_named(env, value, "fatal", yes).map_err(to_napi)?;
    }
    Err(napi::Error::from_unknown_without_coercion(unsafe {
        Unknown::from_raw_unchecked(env, value)
    }))
}

fn spawn<T: napi::Task>(env: Env, task: T) -> Result<Value> {
    let promise = napi::Env::from_raw(env)
        .spawn(task)
        .map_err(|e| Error::Internal(e.reason.clone()))?;
    Ok(napi::JsValue::raw(&promise.promise_object()))
}

struct OpenTask {
    slot: Arc<Slot>,
    opts: OpenOptions,
}

impl napi::Task for OpenTask {
    type Output = std::result::Result<(), Failure>;
    type JsValue = RawJs;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let opened = PoolConn::open(&self.opts, self.slot.stop.clone());
        Ok(opened
            .map(|conn| *self.slot.lock() = Some(conn))
            .map_err(Failure::from))
    }

    /// The slot's handle: an object wrapping the slot.
    fn resolve(&mut self, env: napi::Env, output: Self::Output) -> napi::Result<RawJs> {
        let env = env.raw();
        if let Err(failure) = output {
            return reject(env, failure);
        }
        let handle = (|| {
            let mut obj = null_mut();
            js::check(env, unsafe { sys::napi_create_object(env, &mut obj) })?;
            js::wrap(env, obj, &SLOT_TAG, Box::new(self.slot.clone()))?;
            Ok(obj)
        })();
        handle.map(RawJs).map_err(to_napi)
    }
}

struct ExecTask {
    slot: Arc<Slot>,
    request: Request,
}

impl napi::Task for ExecTask {
    type Output = std::result::Result<Vec<OpResult>, Failure>;
    type JsValue = RawJs;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let mut guard = self.slot.lock();
        let Some(conn) = guard.as_ref() else {
            return Ok(Err(Error::invalid_state("DatabasePool is closed").into()));
        };
        let result = conn.execute(&self.request, self.slot.read_bigints);
        if matches!(&result, Err(f) if f.fatal) {
            // Still inside a transaction it could not roll back: never reuse it.
            guard.take();
        }
        Ok(result)
    }

    fn resolve(&mut self, env: napi::Env, output: Self::Output) -> napi::Result<RawJs> {
        let env = env.raw();
        match output {
            Ok(results) => results_to_js(env, &results, self.slot.read_bigints)
                .map(RawJs)
                .map_err(to_napi),
            Err(failure) => reject(env, failure),
        }
    }
}

struct CloseTask {
    slot: Arc<Slot>,
}

impl napi::Task for CloseTask {
    type Output = ();
    type JsValue = RawJs;

    fn compute(&mut self) -> napi::Result<()> {
        self.slot.close_now();
        Ok(())
    }

    fn resolve(&mut self, env: napi::Env, _output: ()) -> napi::Result<RawJs> {
        js::undefined(env.raw()).map(RawJs).map_err(to_napi)
    }
}

/// The location as SQLite reads it: a string, or the bytes of a Uint8Array.
fn location_arg(env: Env, value: Value) -> Result<CString> {
    let mut buf = Vec::new();
    if js::type_of(env, value)? == ValueType::napi_string {
        js::read_string_into(env, value, &mut buf)?;
    } else if let Some(bytes) = js::bytes_of(env, value)? {
        buf.extend_from_slice(bytes);
    }
    CString::new(buf).map_err(|_| {
        Error::invalid_arg_type("The \"location\" argument must not contain null bytes.")
    })
}

fn arg(args: &js::Args, i: usize) -> Result<Value> {
    args.get(i)
        .ok_or_else(|| Error::Internal("pool: missing arguments".into()))
}

fn flag(env: Env, value: Value) -> Result<bool> {
    Ok(js::type_of(env, value)? == ValueType::napi_boolean && js::get_bool(env, value)?)
}

fn slot_of<'a>(env: Env, handle: Value) -> Result<&'a Arc<Slot>> {
    unsafe { js::unwrap::<Arc<Slot>>(env, handle, &SLOT_TAG) }
}

native_method! {
    /// `poolOpen(location, strict, allowExtension, readBigInts, setupOps)`:
    /// opens one connection on the libuv pool; resolves with its handle.
    fn pool_open(env, args) {
        let path = location_arg(env, arg(&args, 0)?)?;
        let strict = flag(env, arg(&args, 1)?)?;
        let allow_extension = flag(env, arg(&args, 2)?)?;
        let read_bigints = flag(env, arg(&args, 3)?)?;
        let setup = read_request(env, arg(&args, 4)?, None)?.operations;
        let slot = Arc::new(Slot {
            conn: Mutex::new(None),
            stop: Arc::new(AtomicBool::new(false)),
            read_bigints,
        });
        AddonEnv::register_pool_slot(env, &slot)?;
        let opts = OpenOptions { path, strict, allow_extension, setup };
        spawn(env, OpenTask { slot, opts })
    }
}

native_method! {
    /// `poolRequest(ops, transaction)`: copies the operations and their
    /// parameters out of JS now; returns the request's handle.
    fn pool_request(env, args) {
        let request = read_request(env, arg(&args, 0)?, args.get(1))?;
        let mut obj = null_mut();
        js::check(env, unsafe { sys::napi_create_object(env, &mut obj) })?;
        js::wrap(env, obj, &REQUEST_TAG, Box::new(RefCell::new(Some(request))))?;
        Ok(obj)
    }
}

native_method! {
    /// `poolExecute(slot, request)`: runs the request on the slot's connection
    /// on the libuv pool; resolves with `[kind, changes, names, values]` each.
    fn pool_execute(env, args) {
        let slot = slot_of(env, arg(&args, 0)?)?.clone();
        let cell = unsafe { js::unwrap::<RefCell<Option<Request>>>(env, arg(&args, 1)?, &REQUEST_TAG)? };
        let request = cell
            .borrow_mut()
            .take()
            .ok_or_else(|| Error::Internal("pool: request already run".into()))?;
        spawn(env, ExecTask { slot, request })
    }
}

native_method! {
    /// `poolClose(slot)`: closes the connection on the libuv pool, after any
    /// request running on it.
    fn pool_close(env, args) {
        let slot = slot_of(env, arg(&args, 0)?)?.clone();
        spawn(env, CloseTask { slot })
    }
}

native_method! {
    /// `poolInterruptAll()`: the process is exiting; stop every statement
    /// this env's pools run, since libuv waits for its threads at exit.
    fn pool_interrupt_all(env, args) {
        let registry = AddonEnv::get(env)?.pools.clone();
        pool_registry::interrupt_all(&registry);
        js::undefined(env)
    }
}
