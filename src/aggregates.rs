//! `db.aggregate()`: aggregate and window functions calling into JS.
//!
//! Each group's accumulator is a JS value. Node-API 8 cannot reference
//! primitives, so accumulators live in one JS array per aggregate (`states`),
//! and SQLite's per-group context holds the slot index.

use std::cell::RefCell;
use std::ffi::{c_int, c_void};

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::callbacks::{enter_call, fail, result_error, set_result, with_js_args};
use crate::connection::DbCore;
use crate::database::this_db;
use crate::errors::{Error, Result};
use crate::functions::read_options;
use crate::js::{self, native_method, Env, Ref, Value};

// Slots of the callbacks array the facade passes: [start, step, result, inverse].
const START: u32 = 0;
const STEP: u32 = 1;
const RESULT: u32 = 2;
const INVERSE: u32 = 3;

struct AggregateData {
    env: Env,
    db: *const DbCore,
    callbacks: Ref,
    states: Ref,
    free_slots: RefCell<Vec<u32>>,
    next_slot: RefCell<u32>,
    use_bigint_args: bool,
}

/// SQLite's per-group context: which state slot the group uses (0 = none yet),
/// and whether SQLite used it as a window (xValue), so that xFinal only
/// cleans up instead of calling `result` once more.
#[repr(C)]
struct GroupContext {
    slot_plus_one: u32,
    windowed: u32,
}

native_method! {
    /// `dbAggregate(db, name, [start, step, result, inverse], arity, flags)`.
    fn db_aggregate(env, args) {
        let (Some(db), Some(name), Some(callbacks), Some(arity), Some(flags)) =
            (args.get(0), args.get(1), args.get(2), args.get(3), args.get(4))
        else {
            return Err(Error::Internal("dbAggregate: missing arguments".into()));
        };
        let core = unsafe { this_db(env, db)? };
        let handle = core.handle()?;
        let (name, opts) = read_options(env, name, arity, flags)?;
        let inverse = js::get_element(env, callbacks, INVERSE)?;
        let windowed = js::type_of(env, inverse)? == ValueType::napi_function;
        let data = Box::new(AggregateData {
            env,
            db: std::rc::Rc::as_ptr(core),
            callbacks: Ref::new(env, callbacks)?,
            states: Ref::new(env, js::array(env, 0)?)?,
            free_slots: RefCell::new(Vec::new()),
            next_slot: RefCell::new(0),
            use_bigint_args: opts.use_bigint_args,
        });
        let rc = unsafe {
            ffi::sqlite3_create_window_function(
                handle,
                name.as_ptr(),
                opts.arity,
                opts.text_rep,
                Box::into_raw(data) as *mut c_void,
                Some(x_step),
                Some(x_final),
                if windowed { Some(x_value) } else { None },
                if windowed { Some(x_inverse) } else { None },
                Some(destroy),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(handle));
        }
        js::undefined(env)
    }
}

unsafe extern "C" fn destroy(p: *mut c_void) {
    drop(unsafe { Box::from_raw(p as *mut AggregateData) });
}

fn data<'a>(ctx: *mut ffi::sqlite3_context) -> &'a AggregateData {
    unsafe { &*(ffi::sqlite3_user_data(ctx) as *const AggregateData) }
}

impl AggregateData {
    fn callback(&self, slot: u32) -> Result<Value> {
        js::get_element(self.env, self.callbacks.get(self.env)?, slot)
    }

    /// A fresh initial accumulator: `start()` when start is a function.
    fn initial_value(&self) -> Result<Value> {
        let env = self.env;
        let start = self.callback(START)?;
        if js::type_of(env, start)? == ValueType::napi_function {
            js::call(env, js::undefined(env)?, start, &[])
        } else {
            Ok(start)
        }
    }

    /// The group's slot in `states`, created with the initial value if `create`.
    fn slot(&self, ctx: *mut ffi::sqlite3_context, create: bool) -> Result<Option<u32>> {
        let size = if create {
            std::mem::size_of::<GroupContext>() as c_int
        } else {
            0
        };
        let group = unsafe { ffi::sqlite3_aggregate_context(ctx, size) } as *mut GroupContext;
        if group.is_null() {
            if create {
                return Err(Error::from_code(ffi::SQLITE_NOMEM));
            }
            return Ok(None);
        }
        let group = unsafe { &mut *group };
        if group.slot_plus_one == 0 {
            if !create {
                return Ok(None);
            }
            let initial = self.initial_value()?;
            let slot = self.free_slots.borrow_mut().pop().unwrap_or_else(|| {
                let mut next = self.next_slot.borrow_mut();
                *next += 1;
                *next - 1
            });
            js::set_element(self.env, self.states.get(self.env)?, slot, initial)?;
            group.slot_plus_one = slot + 1;
        }
        Ok(Some(group.slot_plus_one - 1))
    }

    fn state(&self, slot: u32) -> Result<Value> {
        js::get_element(self.env, self.states.get(self.env)?, slot)
    }

    fn set_state(&self, slot: u32, value: Value) -> Result<()> {
        js::set_element(self.env, self.states.get(self.env)?, slot, value)
    }

    fn release(&self, slot: u32) -> Result<()> {
        self.set_state(slot, js::undefined(self.env)?)?;
        self.free_slots.borrow_mut().push(slot);
        Ok(())
    }

    /// `step` or `inverse`: `acc = f(acc, ...args)`.
    fn accumulate(
        &self,
        ctx: *mut ffi::sqlite3_context,
        which: u32,
        argc: c_int,
        argv: *mut *mut ffi::sqlite3_value,
    ) -> Result<()> {
        let env = self.env;
        let slot = self.slot(ctx, true)?.unwrap_or_default();
        let state = self.state(slot)?;
        let f = self.callback(which)?;
        let next = with_js_args(env, Some(state), argc, argv, self.use_bigint_args, |args| {
            js::call(env, js::undefined(env)?, f, args)
        })?;
        self.set_state(slot, next)
    }

    /// `result(acc)` when given, else the accumulator, as the SQL result.
    fn produce(&self, ctx: *mut ffi::sqlite3_context, finish: bool) -> Result<()> {
        let env = self.env;
        let size = if finish {
            0
        } else {
            std::mem::size_of::<GroupContext>() as c_int
        };
        let group = unsafe { ffi::sqlite3_aggregate_context(ctx, size) } as *mut GroupContext;
        if !group.is_null() {
            let group = unsafe { &mut *group };
            if !finish {
                group.windowed = 1;
            } else if group.windowed != 0 {
                let slot = group.slot_plus_one;
                if slot != 0 {
                    self.release(slot - 1)?;
                }
                return Ok(());
            }
        }
        let (acc, slot) = match self.slot(ctx, false)? {
            Some(slot) => (self.state(slot)?, Some(slot)),
            // No rows: node returns the initial value.
            None => (self.initial_value()?, None),
        };
        let result_fn = self.callback(RESULT)?;
        let value = if js::type_of(env, result_fn)? == ValueType::napi_function {
            js::call(env, js::undefined(env)?, result_fn, &[acc])?
        } else {
            acc
        };
        let set = set_result(env, ctx, value);
        if finish {
            if let Some(slot) = slot {
                self.release(slot)?;
            }
        }
        set
    }
}

fn run(ctx: *mut ffi::sqlite3_context, body: impl FnOnce(&AggregateData) -> Result<()>) {
    let data = data(ctx);
    let env = data.env;
    let db = unsafe { &*data.db };
    let (_shared, _scope) = enter_call(env, db);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(data))) {
        Ok(Ok(())) => {}
        Ok(Err(err)) => fail(env, ctx, err),
        Err(_) => result_error(ctx, "internal error in a user-defined aggregate"),
    }
}

unsafe extern "C" fn x_step(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    run(ctx, |d| d.accumulate(ctx, STEP, argc, argv));
}

unsafe extern "C" fn x_inverse(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    run(ctx, |d| d.accumulate(ctx, INVERSE, argc, argv));
}

unsafe extern "C" fn x_value(ctx: *mut ffi::sqlite3_context) {
    run(ctx, |d| d.produce(ctx, false));
}

unsafe extern "C" fn x_final(ctx: *mut ffi::sqlite3_context) {
    run(ctx, |d| d.produce(ctx, true));
}
