//! What the whole layer builds on: the env and value handles, and turning a
//! Node-API status into this crate's `Result`.

use napi::sys;

use crate::errors::{Error, Result};

pub type Env = sys::napi_env;
pub type Value = sys::napi_value;

/// Checks a Node-API status; any failure is reported as a pending exception
/// when there is one (a user callback threw), else as an internal error.
#[inline]
pub fn check(env: Env, status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(status_error(env, status))
    }
}

#[cold]
pub(super) fn status_error(env: Env, status: sys::napi_status) -> Error {
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if pending || status == sys::Status::napi_pending_exception {
        Error::Pending
    } else {
        Error::Internal(format!("Node-API call failed with status {status}"))
    }
}
