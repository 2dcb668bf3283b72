//! Binary data: `Uint8Array`s made from bytes, and the bytes behind typed
//! arrays, DataViews and ArrayBuffers.

use std::ffi::c_void;
use std::ptr::null_mut;

use napi::sys;

use super::base::{check, Env, Value};
use crate::errors::Result;

/// A fresh `Uint8Array` over its own `ArrayBuffer`, holding a copy of `bytes`.
pub fn uint8_array(env: Env, bytes: &[u8]) -> Result<Value> {
    if bytes.len() >= UNZEROED_COPY_MIN {
        if let Some(v) = uint8_array_unzeroed(env, bytes)? {
            return Ok(v);
        }
    }
    let mut data: *mut c_void = null_mut();
    let mut buffer = null_mut();
    check(env, unsafe {
        sys::napi_create_arraybuffer(env, bytes.len(), &mut data, &mut buffer)
    })?;
    if !bytes.is_empty() {
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), data as *mut u8, bytes.len()) };
    }
    uint8_view(env, buffer, bytes.len())
}

/// A plain Uint8Array over the whole of `arraybuffer`.
fn uint8_view(env: Env, arraybuffer: Value, len: usize) -> Result<Value> {
    let mut v = null_mut();
    check(env, unsafe {
        sys::napi_create_typedarray(
            env,
            sys::TypedarrayType::uint8_array,
            len,
            arraybuffer,
            0,
            &mut v,
        )
    })?;
    Ok(v)
}

/// From this size on, [`uint8_array`] copies through a Buffer. Zeroing a
/// fresh ArrayBuffer costs about as much as the copy into it, but the Buffer
/// and the second view cost a fixed ~2k instructions (~0.4 µs): measured on
/// Node 20 and 26, that pays off from about 32 KiB on (1 MiB: 2.26M -> 1.21M
/// instructions per read).
const UNZEROED_COPY_MIN: usize = 64 * 1024;

/// A plain Uint8Array over an ArrayBuffer of its own, filled without zeroing
/// first: `napi_create_buffer_copy` allocates uninitialized memory, and a new
/// Uint8Array over the Buffer's ArrayBuffer drops the Buffer prototype. `None`
/// when the runtime's Buffer does not own exactly that memory (a pool slab):
/// the caller then makes a fresh ArrayBuffer as usual.
fn uint8_array_unzeroed(env: Env, bytes: &[u8]) -> Result<Option<Value>> {
    let mut copied: *mut c_void = null_mut();
    let mut buffer = null_mut();
    check(env, unsafe {
        sys::napi_create_buffer_copy(
            env,
            bytes.len(),
            bytes.as_ptr() as *const c_void,
            &mut copied,
            &mut buffer,
        )
    })?;
    let mut arraybuffer = null_mut();
    let mut offset = 0usize;
    check(env, unsafe {
        sys::napi_get_typedarray_info(
            env,
            buffer,
            null_mut(),
            null_mut(),
            null_mut(),
            &mut arraybuffer,
            &mut offset,
        )
    })?;
    let mut whole_len = 0usize;
    check(env, unsafe {
        sys::napi_get_arraybuffer_info(env, arraybuffer, null_mut(), &mut whole_len)
    })?;
    if offset != 0 || whole_len != bytes.len() {
        return Ok(None);
    }
    uint8_view(env, arraybuffer, bytes.len()).map(Some)
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
