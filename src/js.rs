//! A thin layer over raw Node-API for the hot paths and the wrapped classes.
//!
//! napi-rs class methods cost ~200 ns per call, a raw callback ~20–50 ns, and
//! node:sqlite's whole `SELECT 1` is ~360 ns; so statement and database methods
//! are raw callbacks that unwrap `this` themselves (design notes §2.4b).

use std::ffi::{c_char, c_void};
use std::ptr::null_mut;

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
fn status_error(env: Env, status: sys::napi_status) -> Error {
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if pending || status == sys::Status::napi_pending_exception {
        Error::Pending
    } else {
        Error::Internal(format!("Node-API call failed with status {status}"))
    }
}

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

// ---- type checks and primitive conversions ---------------------------------

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

// ---- objects ----------------------------------------------------------------

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

// ---- binary data --------------------------------------------------------------

/// A fresh `Uint8Array` over its own `ArrayBuffer`, holding a copy of `bytes`.
pub fn uint8_array(env: Env, bytes: &[u8]) -> Result<Value> {
    let mut data: *mut c_void = null_mut();
    let mut buffer = null_mut();
    check(env, unsafe {
        sys::napi_create_arraybuffer(env, bytes.len(), &mut data, &mut buffer)
    })?;
    if !bytes.is_empty() {
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), data as *mut u8, bytes.len()) };
    }
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_create_typedarray(
            env,
            sys::TypedarrayType::uint8_array,
            bytes.len(),
            buffer,
            0,
            &mut v,
        )
    })?;
    Ok(v)
}

/// The bytes viewed by a TypedArray, DataView or ArrayBuffer, or `None` for any
/// other value. The slice borrows JS memory: use it before JS runs again.
pub fn bytes_of<'a>(env: Env, value: Value) -> Result<Option<&'a [u8]>> {
    let mut yes = false;
    let mut data: *mut c_void = null_mut();
    let mut len = 0usize;
    check(env, unsafe {
        sys::napi_is_typedarray(env, value, &mut yes)
    })?;
    if yes {
        let mut kind = 0;
        let mut count = 0usize;
        check(env, unsafe {
            sys::napi_get_typedarray_info(
                env,
                value,
                &mut kind,
                &mut count,
                &mut data,
                null_mut(),
                null_mut(),
            )
        })?;
        len = count * typed_array_element_size(kind);
    } else {
        check(env, unsafe { sys::napi_is_dataview(env, value, &mut yes) })?;
        if yes {
            check(env, unsafe {
                sys::napi_get_dataview_info(env, value, &mut len, &mut data, null_mut(), null_mut())
            })?;
        } else {
            check(env, unsafe {
                sys::napi_is_arraybuffer(env, value, &mut yes)
            })?;
            if !yes {
                return Ok(None);
            }
            check(env, unsafe {
                sys::napi_get_arraybuffer_info(env, value, &mut data, &mut len)
            })?;
        }
    }
    if len == 0 || data.is_null() {
        return Ok(Some(&[]));
    }
    Ok(Some(unsafe {
        std::slice::from_raw_parts(data as *const u8, len)
    }))
}

pub fn is_arraybuffer(env: Env, value: Value) -> Result<bool> {
    let mut yes = false;
    check(env, unsafe {
        sys::napi_is_arraybuffer(env, value, &mut yes)
    })?;
    Ok(yes)
}

fn typed_array_element_size(kind: sys::napi_typedarray_type) -> usize {
    use sys::TypedarrayType as T;
    match kind {
        T::int8_array | T::uint8_array | T::uint8_clamped_array => 1,
        T::int16_array | T::uint16_array => 2,
        T::int32_array | T::uint32_array | T::float32_array => 4,
        T::float64_array | T::bigint64_array | T::biguint64_array => 8,
        // Float16Array (Node-API type 11 on newer Node).
        _ => 2,
    }
}

// ---- references ----------------------------------------------------------------

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

// ---- wrapped native objects ------------------------------------------------------

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
