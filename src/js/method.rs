//! Native methods: how a call from JS enters Rust (`native_method!`, the
//! panic and error guard, the call's arguments) and native function objects.

use std::ffi::{c_char, c_void};
use std::ptr::null_mut;

use napi::sys;

use super::base::{check, Env, Value};
use crate::errors::{Error, Result};

/// Runs a native method body, turning an `Err` into a thrown JS exception and a
/// panic into an `Error`, never unwinding into the engine.
#[inline]
pub fn guard(env: Env, body: impl FnOnce() -> Result<Value>) -> Value {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(value)) => value,
        Ok(Err(err)) => {
            err.throw(env);
            null_mut()
        }
        Err(_) => {
            Error::Internal("internal error in @photostructure/sqlite".into()).throw(env);
            null_mut()
        }
    }
}

/// The receiver and arguments of a call. Up to `INLINE` arguments live on the
/// stack; more (variadic bind parameters) spill into a vector.
pub struct Args {
    info: sys::napi_callback_info,
    pub this: Value,
    pub data: *mut c_void,
    argc: usize,
    inline: [Value; INLINE],
    spill: Vec<Value>,
}

const INLINE: usize = 8;

impl Args {
    #[inline]
    pub fn new(env: Env, info: sys::napi_callback_info) -> Result<Args> {
        let mut args = Args {
            info,
            this: null_mut(),
            data: null_mut(),
            argc: INLINE,
            inline: [null_mut(); INLINE],
            spill: Vec::new(),
        };
        check(env, unsafe {
            sys::napi_get_cb_info(
                env,
                info,
                &mut args.argc,
                args.inline.as_mut_ptr(),
                &mut args.this,
                &mut args.data,
            )
        })?;
        if args.argc > INLINE {
            args.spill = vec![null_mut(); args.argc];
            let mut argc = args.argc;
            check(env, unsafe {
                sys::napi_get_cb_info(
                    env,
                    info,
                    &mut argc,
                    args.spill.as_mut_ptr(),
                    null_mut(),
                    null_mut(),
                )
            })?;
        }
        Ok(args)
    }

    pub fn info_ptr(&self) -> sys::napi_callback_info {
        self.info
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.argc
    }

    /// All arguments, in order.
    #[inline]
    pub fn all(&self) -> &[Value] {
        if self.argc > INLINE {
            &self.spill
        } else {
            &self.inline[..self.argc]
        }
    }

    /// Argument `i`, or `None` when fewer were passed.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value> {
        self.all().get(i).copied()
    }
}

pub type Callback = unsafe extern "C" fn(Env, sys::napi_callback_info) -> Value;

/// A native function named `name` (its `length` is 0, like node:sqlite's).
pub fn function(env: Env, name: &str, cb: Callback, data: *mut c_void) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_create_function(
            env,
            name.as_ptr() as *const c_char,
            name.len() as isize,
            Some(cb),
            data,
            &mut v,
        )
    })?;
    Ok(v)
}

/// Declares a raw Node-API method whose body sees `env` and the call's `args`.
macro_rules! native_method {
    ($(#[$m:meta])* fn $name:ident($env:ident, $args:ident) $body:block) => {
        $(#[$m])*
        ///
        /// # Safety
        /// Called by Node-API only, with a live env and callback info.
        pub unsafe extern "C" fn $name($env: crate::js::Env, info: napi::sys::napi_callback_info) -> crate::js::Value {
            crate::js::guard($env, || {
                #[allow(unused_variables)]
                let $args = crate::js::Args::new($env, info)?;
                $body
            })
        }
    };
}

pub(crate) use native_method;
