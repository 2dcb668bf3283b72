//! `db.function()`: scalar user-defined functions calling into JS.

use std::ffi::{c_int, c_void, CString};

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::callbacks::{enter_call, fail, set_result, with_js_args};
use crate::connection::DbCore;
use crate::database::this_db;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Ref, Value};
use crate::step_scope::{Callee, SharedCall};

/// Flags shared by functions and aggregates (the facade validated them).
pub struct FunctionOptions {
    pub arity: c_int,
    pub use_bigint_args: bool,
    pub text_rep: c_int,
}

/// Reads `(name, arity, flags)` where flags is a bit set:
/// 1 deterministic, 2 directOnly, 4 useBigIntArguments.
pub fn read_options(
    env: Env,
    name: Value,
    arity: Value,
    flags: Value,
) -> Result<(CString, FunctionOptions)> {
    // SQLite reads the name up to its first NUL, as node passes it.
    let mut name = js::get_string(env, name)?.into_bytes();
    name.truncate(name.iter().position(|&b| b == 0).unwrap_or(name.len()));
    let name = CString::new(name).unwrap_or_default();
    let arity = js::get_f64(env, arity)? as c_int;
    let flags = js::get_f64(env, flags)? as u32;
    let mut text_rep = ffi::SQLITE_UTF8;
    if flags & 1 != 0 {
        text_rep |= ffi::SQLITE_DETERMINISTIC;
    }
    if flags & 2 != 0 {
        text_rep |= ffi::SQLITE_DIRECTONLY;
    }
    Ok((
        name,
        FunctionOptions {
            arity,
            use_bigint_args: flags & 4 != 0,
            text_rep,
        },
    ))
}

struct FunctionData {
    env: Env,
    db: *const DbCore,
    func: Ref,
    use_bigint_args: bool,
}

native_method! {
    /// `dbFunction(db, name, fn, arity, flags)`.
    fn db_function(env, args) {
        let (Some(db), Some(name), Some(func), Some(arity), Some(flags)) =
            (args.get(0), args.get(1), args.get(2), args.get(3), args.get(4))
        else {
            return Err(Error::Internal("dbFunction: missing arguments".into()));
        };
        let core = unsafe { this_db(env, db)? };
        let handle = core.handle()?;
        if js::type_of(env, func)? != ValueType::napi_function {
            return Err(Error::invalid_arg_type("The \"function\" argument must be a function."));
        }
        let (name, opts) = read_options(env, name, arity, flags)?;
        let data = Box::new(FunctionData {
            env,
            db: std::rc::Rc::as_ptr(core),
            func: Ref::new(env, func)?,
            use_bigint_args: opts.use_bigint_args,
        });
        let rc = unsafe {
            ffi::sqlite3_create_function_v2(
                handle,
                name.as_ptr(),
                opts.arity,
                opts.text_rep,
                Box::into_raw(data) as *mut c_void,
                Some(call_function),
                None,
                None,
                Some(destroy_function),
            )
        };
        // On failure SQLite has already called the destructor.
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(handle));
        }
        js::undefined(env)
    }
}

unsafe extern "C" fn destroy_function(p: *mut c_void) {
    drop(unsafe { Box::from_raw(p as *mut FunctionData) });
}

unsafe extern "C" fn call_function(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    let data = unsafe { &*(ffi::sqlite3_user_data(ctx) as *const FunctionData) };
    let env = data.env;
    let db = unsafe { &*data.db };
    let (shared, _scope) = enter_call(env, db);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        call_js(data, shared, ctx, argc, argv)
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(err)) => fail(env, ctx, err),
        Err(_) => crate::callbacks::result_error(ctx, "internal error in a user-defined function"),
    }
}

/// Converts the arguments, calls the JS function and sets its result.
#[inline(always)]
fn call_js(
    data: &FunctionData,
    shared: Option<SharedCall>,
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) -> Result<()> {
    let env = data.env;
    let fetch = || -> Result<(Value, Value)> { Ok((data.func.get(env)?, js::undefined(env)?)) };
    let callee = match shared {
        Some(call) => call.callee(data as *const FunctionData as *const c_void, fetch)?,
        None => {
            let (func, recv) = fetch()?;
            Callee {
                key: std::ptr::null(),
                func,
                recv,
            }
        }
    };
    with_js_args(env, None, argc, argv, data.use_bigint_args, |args| {
        let result = js::call(env, callee.recv, callee.func, args)?;
        set_result(env, ctx, result)
    })
}
