//! Primitive values: type checks, and conversions between Rust and JS
//! numbers, booleans, strings, `null` and `undefined`.

use std::ffi::c_char;
use std::ptr::null_mut;

use napi::sys;

use super::base::{check, Env, Value};
use crate::errors::Result;

#[inline]
pub fn type_of(env: Env, value: Value) -> Result<sys::napi_valuetype> {
    let mut t = 0;
    check(env, unsafe { sys::napi_typeof(env, value, &mut t) })?;
    Ok(t)
}

#[inline]
pub fn undefined(env: Env) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe { sys::napi_get_undefined(env, &mut v) })?;
    Ok(v)
}

#[inline]
pub fn null(env: Env) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe { sys::napi_get_null(env, &mut v) })?;
    Ok(v)
}

#[inline]
pub fn boolean(env: Env, b: bool) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe { sys::napi_get_boolean(env, b, &mut v) })?;
    Ok(v)
}

#[inline]
pub fn number(env: Env, n: f64) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe { sys::napi_create_double(env, n, &mut v) })?;
    Ok(v)
}

#[inline]
pub fn int(env: Env, n: i64) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe { sys::napi_create_int64(env, n, &mut v) })?;
    Ok(v)
}

#[inline]
pub fn bigint(env: Env, n: i64) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_create_bigint_int64(env, n, &mut v)
    })?;
    Ok(v)
}

#[inline]
pub fn string(env: Env, s: &str) -> Result<Value> {
    string_bytes(env, s.as_bytes())
}

/// A JS string from UTF-8 bytes (SQLite text; invalid sequences are replaced).
#[inline]
pub fn string_bytes(env: Env, s: &[u8]) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_create_string_utf8(env, s.as_ptr() as *const c_char, s.len() as isize, &mut v)
    })?;
    Ok(v)
}

pub fn get_bool(env: Env, value: Value) -> Result<bool> {
    let mut b = false;
    check(env, unsafe { sys::napi_get_value_bool(env, value, &mut b) })?;
    Ok(b)
}

pub fn get_f64(env: Env, value: Value) -> Result<f64> {
    let mut n = 0.0;
    check(env, unsafe {
        sys::napi_get_value_double(env, value, &mut n)
    })?;
    Ok(n)
}

/// The UTF-8 bytes of a JS string, written into `buf` (cleared first). Lone
/// surrogates become U+FFFD, as V8 encodes them.
#[inline]
pub fn read_string_into(env: Env, value: Value, buf: &mut Vec<u8>) -> Result<()> {
    let mut len = 0usize;
    check(env, unsafe {
        sys::napi_get_value_string_utf8(env, value, null_mut(), 0, &mut len)
    })?;
    buf.clear();
    buf.reserve(len + 1);
    let mut written = 0usize;
    check(env, unsafe {
        sys::napi_get_value_string_utf8(
            env,
            value,
            buf.as_mut_ptr() as *mut c_char,
            len + 1,
            &mut written,
        )
    })?;
    unsafe { buf.set_len(written) };
    Ok(())
}

pub fn get_string(env: Env, value: Value) -> Result<String> {
    let mut buf = Vec::new();
    read_string_into(env, value, &mut buf)?;
    // V8 produced the bytes, so they are valid UTF-8.
    Ok(String::from_utf8(buf).unwrap_or_default())
}
