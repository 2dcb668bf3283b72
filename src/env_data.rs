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
use crate::pool_registry::{self, PoolRegistry, SlotControl};
use crate::row_factory_cache::FactoryCache;
use crate::run_scratch::RunScratch;

/// Connections opened in one env; weak so that they close with their last user.
pub type Registry = Rc<RefCell<Vec<Weak<DbCore>>>>;

pub struct AddonEnv {
    pub connections: Registry,
    /// The experimental `DatabasePool`'s connections (see pool_registry.rs).
    pub pools: PoolRegistry,
    /// The classes defined natively at load (their instances are host objects,
    /// so `structuredClone` refuses them as it does node:sqlite's).
    pub classes: Option<Classes>,
    /// JS helpers from the facade (`native.setup(helpers)`).
    pub helpers: Option<Helpers>,
    /// The facade's publisher for the `sqlite.db.query` channel while it has
    /// subscribers (see diagnostics.rs).
    pub query_publisher: Option<Ref>,
    /// The buffer `stmt.run()` reports through (see run_scratch.rs).
    pub run_scratch: Option<RunScratch>,
    /// Row factories by row shape (see row_factory_cache.rs).
    pub row_factories: FactoryCache,
}

pub struct Classes {
    pub session: Ref,
}

/// Functions the native side needs from the JS facade.
pub struct Helpers {
    /// `prepareDatabase(db, argc, path, options)`: validates the constructor's
    /// arguments as node does, lays out the instance, returns `[path, options]`.
    pub prepare_database: Ref,
    /// `rowFactory(names)` -> `{ row, next, push }` for rows as objects.
    pub row_factory: Ref,
    /// `arrayFactory(count)` -> `{ row, next, push }` for rows as arrays.
    pub array_factory: Ref,
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
        let pools: PoolRegistry = Rc::new(RefCell::new(Vec::new()));
        let data = Box::new(AddonEnv {
            connections: connections.clone(),
            pools: pools.clone(),
            classes: None,
            helpers: None,
            query_publisher: None,
            run_scratch: None,
            row_factories: Default::default(),
        });
        unsafe extern "C" fn finalize(_env: Env, data: *mut c_void, _hint: *mut c_void) {
            drop(unsafe { Box::from_raw(data as *mut AddonEnv) });
        }
        let raw = Box::into_raw(data);
        let status = unsafe {
            sys::napi_set_instance_data(env, raw as *mut c_void, Some(finalize), null_mut())
        };
        if status != sys::Status::napi_ok {
            drop(unsafe { Box::from_raw(raw) });
            return js::check(env, status);
        }
        // A synchronous hook: the async kind breaks loading in Deno (design §2.8).
        type HookData = (Registry, PoolRegistry);
        unsafe extern "C" fn cleanup(arg: *mut c_void) {
            let data = unsafe { Box::from_raw(arg as *mut HookData) };
            let (registry, pools) = &*data;
            let open: Vec<Rc<DbCore>> =
                registry.borrow().iter().filter_map(Weak::upgrade).collect();
            for db in open {
                db.close_for_teardown();
            }
            // Node has already run this env's queued pool work to its end.
            pool_registry::close_all(pools);
        }
        let hook_data = Box::into_raw(Box::new((connections, pools))) as *mut c_void;
        let status = unsafe { sys::napi_add_env_cleanup_hook(env, Some(cleanup), hook_data) };
        if status != sys::Status::napi_ok {
            drop(unsafe { Box::from_raw(hook_data as *mut HookData) });
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

    pub fn register_pool_slot<S: SlotControl + 'static>(
        env: Env,
        slot: &std::sync::Arc<S>,
    ) -> Result<()> {
        pool_registry::register(&Self::get(env)?.pools, slot);
        Ok(())
    }

    pub fn classes<'a>(env: Env) -> Result<&'a Classes> {
        Self::get(env)?
            .classes
            .as_ref()
            .ok_or_else(|| Error::Internal("addon classes missing".into()))
    }
}

thread_local! {
    /// Set while native code constructs an instance of an internal class, whose
    /// constructor otherwise throws node's "Illegal constructor".
    static CONSTRUCTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Constructs an instance of one of the internal classes (statement, iterator,
/// session) from native code.
pub fn construct(env: Env, pick: impl FnOnce(&Classes) -> &Ref) -> Result<Value> {
    let ctor = pick(AddonEnv::classes(env)?).get(env)?;
    CONSTRUCTING.with(|c| c.set(true));
    let made = js::new_instance(env, ctor, &[]);
    CONSTRUCTING.with(|c| c.set(false));
    made
}

js::native_method! {
    /// The constructor of the internal classes.
    fn internal_constructor(env, args) {
        if !CONSTRUCTING.with(|c| c.replace(false)) {
            return Err(Error::illegal_constructor());
        }
        Ok(args.this)
    }
}

/// Defines a native class with no properties; the facade fills its prototype.
pub fn define_class(env: Env, name: &str, ctor: js::Callback) -> Result<Value> {
    let mut v = null_mut();
    js::check(env, unsafe {
        sys::napi_define_class(
            env,
            name.as_ptr() as *const _,
            name.len() as isize,
            Some(ctor),
            null_mut(),
            0,
            std::ptr::null(),
            &mut v,
        )
    })?;
    Ok(v)
}
