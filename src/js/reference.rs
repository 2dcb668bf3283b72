//! References that keep (or weakly watch) a JS object beyond one call.

use std::ptr::null_mut;

use napi::sys;

use super::base::{check, Env, Value};
use crate::errors::{Error, Result};

/// A strong reference to a JS object that outlives the current handle scope.
/// Deleted on drop; only ever dropped on its own JS thread.
pub struct Ref {
    env: Env,
    raw: sys::napi_ref,
}

impl Ref {
    pub fn new(env: Env, value: Value) -> Result<Ref> {
        let mut raw = null_mut();
        check(env, unsafe {
            sys::napi_create_reference(env, value, 1, &mut raw)
        })?;
        Ok(Ref { env, raw })
    }

    /// A reference that does not keep `value` alive: `get` fails once the
    /// object has been collected.
    pub fn weak(env: Env, value: Value) -> Result<Ref> {
        let mut raw = null_mut();
        check(env, unsafe {
            sys::napi_create_reference(env, value, 0, &mut raw)
        })?;
        Ok(Ref { env, raw })
    }

    #[inline]
    pub fn get(&self, env: Env) -> Result<Value> {
        let mut v = null_mut();
        check(env, unsafe {
            sys::napi_get_reference_value(env, self.raw, &mut v)
        })?;
        if v.is_null() {
            return Err(Error::Internal("a reference outlived its object".into()));
        }
        Ok(v)
    }
}

impl std::fmt::Debug for Ref {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ref")
    }
}

impl Drop for Ref {
    fn drop(&mut self) {
        unsafe { sys::napi_delete_reference(self.env, self.raw) };
    }
}
