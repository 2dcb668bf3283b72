//! Objects and arrays: properties, elements, own keys, and calling functions
//! and constructors.

use std::ptr::null_mut;

use napi::sys;

use super::base::{check, Env, Value};
use super::values::string;
use crate::errors::Result;

pub fn set_named(env: Env, obj: Value, name: &str, value: Value) -> Result<()> {
    let key = string(env, name)?;
    check(env, unsafe { sys::napi_set_property(env, obj, key, value) })
}

pub fn get_named(env: Env, obj: Value, name: &str) -> Result<Value> {
    let key = string(env, name)?;
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_get_property(env, obj, key, &mut v)
    })?;
    Ok(v)
}

pub fn get_property(env: Env, obj: Value, key: Value) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_get_property(env, obj, key, &mut v)
    })?;
    Ok(v)
}

pub fn array(env: Env, len: usize) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_create_array_with_length(env, len, &mut v)
    })?;
    Ok(v)
}

#[inline]
pub fn set_element(env: Env, arr: Value, i: u32, value: Value) -> Result<()> {
    check(env, unsafe { sys::napi_set_element(env, arr, i, value) })
}

pub fn get_element(env: Env, arr: Value, i: u32) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe { sys::napi_get_element(env, arr, i, &mut v) })?;
    Ok(v)
}

pub fn array_length(env: Env, arr: Value) -> Result<u32> {
    let mut n = 0;
    check(env, unsafe { sys::napi_get_array_length(env, arr, &mut n) })?;
    Ok(n)
}

/// Own enumerable string keys, as node:sqlite reads a named-parameter object.
pub fn own_keys(env: Env, obj: Value) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_get_all_property_names(
            env,
            obj,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut v,
        )
    })?;
    Ok(v)
}

/// Calls `func` with `recv` as `this`.
#[inline]
pub fn call(env: Env, recv: Value, func: Value, args: &[Value]) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_call_function(env, recv, func, args.len(), args.as_ptr(), &mut v)
    })?;
    Ok(v)
}

pub fn new_instance(env: Env, ctor: Value, args: &[Value]) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_new_instance(env, ctor, args.len(), args.as_ptr(), &mut v)
    })?;
    Ok(v)
}
