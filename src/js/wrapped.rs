//! Native structs owned by JS objects: wrapped class instances (checked by
//! type tag) and Externals.

use std::ffi::c_void;
use std::ptr::null_mut;

use napi::sys;

use super::base::{check, status_error, Env, Value};
use crate::errors::{Error, Result};

/// Each kind of wrapped object gets its own type tag, so a method called on a
/// foreign receiver is refused instead of reading the wrong struct.
pub struct Tag(sys::napi_type_tag);

impl Tag {
    pub const fn new(lower: u64, upper: u64) -> Tag {
        Tag(sys::napi_type_tag { lower, upper })
    }
}

/// Attaches `native` to `obj`; the box is freed when `obj` is collected (or the
/// env is torn down).
pub fn wrap<T: 'static>(env: Env, obj: Value, tag: &Tag, native: Box<T>) -> Result<*mut T> {
    unsafe extern "C" fn finalize<T>(_env: Env, data: *mut c_void, _hint: *mut c_void) {
        drop(unsafe { Box::from_raw(data as *mut T) });
    }
    check(env, unsafe { sys::napi_type_tag_object(env, obj, &tag.0) })?;
    let ptr = Box::into_raw(native);
    let status = unsafe {
        sys::napi_wrap(
            env,
            obj,
            ptr as *mut c_void,
            Some(finalize::<T>),
            null_mut(),
            null_mut(),
        )
    };
    if status != sys::Status::napi_ok {
        drop(unsafe { Box::from_raw(ptr) });
        return Err(status_error(env, status));
    }
    Ok(ptr)
}

/// The native struct behind `obj`, or node's "Illegal invocation" TypeError.
///
/// # Safety
/// `T` must be the type wrapped under `tag`, and the reference must not be held
/// across a point where JS may collect `obj` (it is reachable from the caller's
/// arguments, so it lives for the whole native call).
#[inline]
pub unsafe fn unwrap<'a, T>(env: Env, obj: Value, tag: &Tag) -> Result<&'a T> {
    let mut ok = false;
    let status = unsafe { sys::napi_check_object_type_tag(env, obj, &tag.0, &mut ok) };
    if status != sys::Status::napi_ok || !ok {
        return Err(Error::illegal_invocation());
    }
    let mut data: *mut c_void = null_mut();
    check(env, unsafe { sys::napi_unwrap(env, obj, &mut data) })?;
    if data.is_null() {
        return Err(Error::illegal_invocation());
    }
    Ok(unsafe { &*(data as *const T) })
}

/// A JS External owning `native`, freed when the External is collected. The
/// facade keeps it in a private field, so only this addon's code sees it.
pub fn external<T: 'static>(env: Env, native: Box<T>) -> Result<Value> {
    unsafe extern "C" fn finalize<T>(_env: Env, data: *mut c_void, _hint: *mut c_void) {
        drop(unsafe { Box::from_raw(data as *mut T) });
    }
    let ptr = Box::into_raw(native);
    let mut v = null_mut();
    let status = unsafe {
        sys::napi_create_external(
            env,
            ptr as *mut c_void,
            Some(finalize::<T>),
            null_mut(),
            &mut v,
        )
    };
    if status != sys::Status::napi_ok {
        drop(unsafe { Box::from_raw(ptr) });
        return Err(status_error(env, status));
    }
    Ok(v)
}

/// The struct behind an External made by [`external`].
///
/// # Safety
/// `value` must be an External created by [`external`] with the same `T`; the
/// facade guarantees it by keeping handles in private fields.
#[inline]
pub unsafe fn external_ref<'a, T>(env: Env, value: Option<Value>) -> Result<&'a T> {
    let Some(value) = value else {
        return Err(Error::illegal_invocation());
    };
    let mut data: *mut c_void = null_mut();
    let status = unsafe { sys::napi_get_value_external(env, value, &mut data) };
    if status != sys::Status::napi_ok || data.is_null() {
        return Err(Error::illegal_invocation());
    }
    Ok(unsafe { &*(data as *const T) })
}
