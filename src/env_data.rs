//! Per-env (per worker thread) state: the JS helpers the facade hands over at
//! init, and the list of open connections that the env cleanup hook closes.
//! Nothing here is process-global.

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr::null_mut;
use std::rc::{Rc, Weak};

use napi::sys;

use crate::connection::DbCore;
use crate::errors::{Error, Result};
use crate::js::{self, Env, Ref, Value};

/// Connections opened in one env; weak so that they close with their last user.
pub type Registry = Rc<RefCell<Vec<Weak<DbCore>>>>;

pub struct AddonEnv {
    pub connections: Registry,
    /// JS helpers from the facade (`native.setup(helpers)`).
    pub helpers: Option<Helpers>,
}

/// Functions and prototypes the native side needs from the JS facade.
pub struct Helpers {
    /// `StatementSync` constructor; `new StatementSync(token)` makes an instance.
    pub statement_ctor: Ref,
    /// `StatementSyncIterator` constructor, same protocol.
    pub iterator_ctor: Ref,
    /// `Session` constructor, same protocol.
    pub session_ctor: Ref,
    /// The private token that lets native code construct those classes.
    pub token: Ref,
    /// `rowFactory(names) -> { row(...values), next(...values) }`, cached by names in JS.
    pub row_factory: Ref,
    /// `iterResult(value)` -> a null-prototype `{ done: false, value }`.
    pub iter_result: Ref,
    /// `doneResult()` -> a null-prototype `{ done: true, value: null }`.
    pub done_result: Ref,
    /// `runResult(changes, lastInsertRowid)` -> the object `run()` returns.
    pub run_result: Ref,
    /// `columnInfo(column, database, name, table, type)` -> a `columns()` entry.
    pub column_info: Ref,
    /// `sharedArrayBufferView(value)` -> a Uint8Array over a SharedArrayBuffer,
    /// else undefined (Node-API cannot see SharedArrayBuffers).
    pub is_shared_array_buffer: Ref,
}

impl AddonEnv {
    /// Creates the env's state and the cleanup hook that closes what a dying
    /// env (a terminated worker) left open.
    pub fn install(env: Env) -> Result<()> {
        let connections: Registry = Rc::new(RefCell::new(Vec::new()));
        let data = Box::new(AddonEnv { connections: connections.clone(), helpers: None });
        unsafe extern "C" fn finalize(_env: Env, data: *mut c_void, _hint: *mut c_void) {
            drop(unsafe { Box::from_raw(data as *mut AddonEnv) });
        }
        let raw = Box::into_raw(data);
        let status = unsafe { sys::napi_set_instance_data(env, raw as *mut c_void, Some(finalize), null_mut()) };
        if status != sys::Status::napi_ok {
            drop(unsafe { Box::from_raw(raw) });
            return js::check(env, status);
        }
        // A synchronous hook: the async kind breaks loading in Deno (design §2.8).
        unsafe extern "C" fn cleanup(arg: *mut c_void) {
            let registry = unsafe { Box::from_raw(arg as *mut Registry) };
            let open: Vec<Rc<DbCore>> = registry.borrow().iter().filter_map(Weak::upgrade).collect();
            for db in open {
                db.close_for_teardown();
            }
        }
        let hook_data = Box::into_raw(Box::new(connections)) as *mut c_void;
        let status = unsafe { sys::napi_add_env_cleanup_hook(env, Some(cleanup), hook_data) };
        if status != sys::Status::napi_ok {
            drop(unsafe { Box::from_raw(hook_data as *mut Registry) });
            return js::check(env, status);
        }
        Ok(())
    }

    pub fn get<'a>(env: Env) -> Result<&'a mut AddonEnv> {
        let mut data: *mut c_void = null_mut();
        js::check(env, unsafe { sys::napi_get_instance_data(env, &mut data) })?;
        if data.is_null() {
            return Err(Error::Internal("addon state missing".into()));
        }
        Ok(unsafe { &mut *(data as *mut AddonEnv) })
    }

    pub fn helpers<'a>(env: Env) -> Result<&'a Helpers> {
        Self::get(env)?
            .helpers
            .as_ref()
            .ok_or_else(|| Error::Internal("the addon was loaded without its JS facade".into()))
    }

    pub fn register(env: Env, db: &Rc<DbCore>) -> Result<()> {
        let me = Self::get(env)?;
        let mut list = me.connections.borrow_mut();
        list.retain(|w| w.strong_count() > 0);
        list.push(Rc::downgrade(db));
        Ok(())
    }
}

/// Constructs one of the facade's classes from native code.
pub fn construct(env: Env, ctor: &Ref) -> Result<Value> {
    let helpers = AddonEnv::helpers(env)?;
    let token = helpers.token.get(env)?;
    js::new_instance(env, ctor.get(env)?, &[token])
}
