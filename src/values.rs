//! Value conversions between JS and SQLite, as node:sqlite does them
//! (spec §2.1 and §2.2).

use std::ffi::{c_int, c_void};

use napi::sys;
use rusqlite::ffi;

use crate::env_data::AddonEnv;
use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};

/// ±(2^53 − 1): integers beyond it cannot be a JS number exactly.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

#[cold]
pub fn too_large_for_number(v: i64) -> Error {
    Error::out_of_range(format!(
        "Value is too large to be represented as a JavaScript number: {v}"
    ))
}

/// An INTEGER as a JS number or bigint.
#[inline]
pub fn integer_to_js(env: Env, v: i64, as_bigint: bool) -> Result<Value> {
    integer_to_js_inlined(env, v, as_bigint)
}

/// [`integer_to_js`], always compiled into its caller.
#[inline(always)]
fn integer_to_js_inlined(env: Env, v: i64, as_bigint: bool) -> Result<Value> {
    if as_bigint {
        js::bigint(env, v)
    } else if let Ok(small) = i32::try_from(v) {
        // V8 makes a small integer without the double round trip of int64.
        let mut out = std::ptr::null_mut();
        js::check(env, unsafe { sys::napi_create_int32(env, small, &mut out) })?;
        Ok(out)
    } else if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&v) {
        js::number(env, v as f64)
    } else {
        Err(too_large_for_number(v))
    }
}

/// A JS string from SQLite text. ASCII (the common case) is copied as Latin-1,
/// which skips V8's UTF-8 decoder; anything else is decoded as UTF-8, invalid
/// sequences replaced.
#[inline]
pub fn text_to_js(env: Env, bytes: &[u8]) -> Result<Value> {
    let mut out = std::ptr::null_mut();
    let status = if is_ascii(bytes) {
        unsafe {
            sys::napi_create_string_latin1(
                env,
                bytes.as_ptr() as *const _,
                bytes.len() as isize,
                &mut out,
            )
        }
    } else {
        unsafe {
            sys::napi_create_string_utf8(
                env,
                bytes.as_ptr() as *const _,
                bytes.len() as isize,
                &mut out,
            )
        }
    };
    js::check(env, status)?;
    Ok(out)
}

/// The UTF-8 bytes of a JS string, into `buf` (cleared first). An ASCII string
/// (its UTF-8 length equals its length) is copied as Latin-1, which V8 does
/// as a plain copy; only other strings go through V8's UTF-8 encoder, which
/// is several times slower per character.
pub fn read_text(env: Env, value: Value, buf: &mut Vec<u8>) -> Result<()> {
    let mut utf8_len = 0usize;
    js::check(env, unsafe {
        sys::napi_get_value_string_utf8(env, value, std::ptr::null_mut(), 0, &mut utf8_len)
    })?;
    buf.clear();
    buf.reserve(utf8_len + 1);
    let mut written = 0usize;
    js::check(env, unsafe {
        sys::napi_get_value_string_latin1(
            env,
            value,
            buf.as_mut_ptr() as *mut _,
            utf8_len + 1,
            &mut written,
        )
    })?;
    if written != utf8_len {
        // Fewer characters than UTF-8 bytes: not ASCII.
        js::check(env, unsafe {
            sys::napi_get_value_string_utf8(
                env,
                value,
                buf.as_mut_ptr() as *mut _,
                utf8_len + 1,
                &mut written,
            )
        })?;
    }
    unsafe { buf.set_len(written) };
    Ok(())
}

/// Whether every byte is below 0x80, eight bytes at a time.
#[inline]
fn is_ascii(bytes: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut acc = 0u64;
    for c in &mut chunks {
        acc |= u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    }
    for &b in chunks.remainder() {
        acc |= b as u64;
    }
    acc & HIGH == 0
}

/// Column `i` of the current row. One `sqlite3_column_value` (one trip through
/// the connection's mutex) instead of a `column_type` plus one or two getters;
/// the caller holds the connection's mutex (see `stmt_core::DbLock`), which is
/// what makes reading the unprotected value safe.
#[inline]
pub fn column_to_js(
    env: Env,
    stmt: *mut ffi::sqlite3_stmt,
    i: c_int,
    read_bigints: bool,
) -> Result<Value> {
    sqlite_value_to_js(
        env,
        unsafe { ffi::sqlite3_column_value(stmt, i) },
        read_bigints,
    )
}

/// A function argument (same mapping as columns, spec §2.2).
#[inline]
pub fn sqlite_value_to_js(env: Env, v: *mut ffi::sqlite3_value, as_bigint: bool) -> Result<Value> {
    sqlite_value_to_js_inlined(env, v, as_bigint)
}

/// [`sqlite_value_to_js`] compiled into its caller, for the argument loop of
/// scalar functions: there the two calls per argument cost more than the
/// conversion of a number itself.
#[inline(always)]
pub fn sqlite_value_to_js_inlined(
    env: Env,
    v: *mut ffi::sqlite3_value,
    as_bigint: bool,
) -> Result<Value> {
    unsafe {
        match ffi::sqlite3_value_type(v) {
            ffi::SQLITE_INTEGER => {
                integer_to_js_inlined(env, ffi::sqlite3_value_int64(v), as_bigint)
            }
            ffi::SQLITE_FLOAT => js::number(env, ffi::sqlite3_value_double(v)),
            ffi::SQLITE_TEXT => {
                let p = ffi::sqlite3_value_text(v);
                let n = ffi::sqlite3_value_bytes(v) as usize;
                text_to_js(env, raw_slice(p, n))
            }
            ffi::SQLITE_BLOB => {
                let p = ffi::sqlite3_value_blob(v) as *const u8;
                let n = ffi::sqlite3_value_bytes(v) as usize;
                js::uint8_array(env, raw_slice(p, n))
            }
            _ => js::null(env),
        }
    }
}

#[inline]
fn raw_slice<'a>(p: *const u8, n: usize) -> &'a [u8] {
    if p.is_null() || n == 0 {
        &[]
    } else {
        unsafe { std::slice::from_raw_parts(p, n) }
    }
}

/// A JS value read for SQLite: what it binds or returns as.
pub enum SqlValue<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

/// Why a JS value could not be read as a SQLite value.
pub enum Unsupported {
    /// Not a bindable kind (symbol, function, plain object, ...).
    Kind,
    /// A bigint outside the 64-bit range.
    BigIntRange,
}

/// Reads a JS value with node's binding rules. `scratch` holds string bytes.
pub fn js_to_sql<'a>(
    env: Env,
    value: Value,
    scratch: &'a mut Vec<u8>,
) -> Result<std::result::Result<SqlValue<'a>, Unsupported>> {
    js_to_sql_typed(env, value, js::type_of(env, value)?, scratch)
}

/// [`js_to_sql`] for a value whose `typeof` the caller has already asked.
#[inline]
pub fn js_to_sql_typed<'a>(
    env: Env,
    value: Value,
    kind: sys::napi_valuetype,
    scratch: &'a mut Vec<u8>,
) -> Result<std::result::Result<SqlValue<'a>, Unsupported>> {
    use sys::ValueType as T;
    Ok(Ok(match kind {
        T::napi_number => SqlValue::Real(js::get_f64(env, value)?),
        T::napi_string => {
            read_text(env, value, scratch)?;
            SqlValue::Text(scratch)
        }
        T::napi_null | T::napi_undefined => SqlValue::Null,
        T::napi_boolean => SqlValue::Integer(js::get_bool(env, value)? as i64),
        T::napi_bigint => {
            let mut v = 0i64;
            let mut lossless = false;
            js::check(env, unsafe {
                sys::napi_get_value_bigint_int64(env, value, &mut v, &mut lossless)
            })?;
            if !lossless {
                return Ok(Err(Unsupported::BigIntRange));
            }
            SqlValue::Integer(v)
        }
        T::napi_object => match js::bytes_of(env, value)? {
            // An empty ArrayBuffer has no data pointer: node binds it as NULL.
            Some(bytes) if bytes.is_empty() && js::is_arraybuffer(env, value)? => SqlValue::Null,
            Some(bytes) => SqlValue::Blob(bytes),
            None => match shared_array_buffer_bytes(env, value)? {
                Some([]) => SqlValue::Null,
                Some(bytes) => SqlValue::Blob(bytes),
                None => return Ok(Err(Unsupported::Kind)),
            },
        },
        _ => return Ok(Err(Unsupported::Kind)),
    }))
}

/// Node-API cannot inspect a SharedArrayBuffer; the facade's helper views it.
fn shared_array_buffer_bytes<'a>(env: Env, value: Value) -> Result<Option<&'a [u8]>> {
    let helpers = AddonEnv::helpers(env)?;
    let view_fn = helpers.is_shared_array_buffer.get(env)?;
    let recv = js::undefined(env)?;
    let view = js::call(env, recv, view_fn, &[value])?;
    if js::type_of(env, view)? != sys::ValueType::napi_object {
        return Ok(None);
    }
    js::bytes_of(env, view)
}

/// Binds one value at `index`; `Ok(Err(..))` when the value is unsupported.
pub fn bind_value(
    env: Env,
    stmt: *mut ffi::sqlite3_stmt,
    index: c_int,
    value: Value,
    kind: sys::napi_valuetype,
    scratch: &mut Vec<u8>,
) -> Result<std::result::Result<c_int, Unsupported>> {
    let sql = match js_to_sql_typed(env, value, kind, scratch)? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(bind_sql(stmt, index, sql)))
}

/// `sqlite3_bind_*` for one value (text and blobs copied by SQLite).
#[inline]
pub fn bind_sql(stmt: *mut ffi::sqlite3_stmt, index: c_int, sql: SqlValue) -> c_int {
    unsafe {
        match sql {
            SqlValue::Null => ffi::sqlite3_bind_null(stmt, index),
            SqlValue::Integer(v) => ffi::sqlite3_bind_int64(stmt, index, v),
            SqlValue::Real(v) => ffi::sqlite3_bind_double(stmt, index, v),
            SqlValue::Text(b) => ffi::sqlite3_bind_text64(
                stmt,
                index,
                b.as_ptr() as *const _,
                b.len() as u64,
                ffi::SQLITE_TRANSIENT(),
                ffi::SQLITE_UTF8 as u8,
            ),
            // An empty BLOB needs a non-null pointer, or it binds NULL.
            SqlValue::Blob(b) => ffi::sqlite3_bind_blob64(
                stmt,
                index,
                if b.is_empty() {
                    c"".as_ptr() as *const u8
                } else {
                    b.as_ptr()
                } as *const c_void,
                b.len() as u64,
                ffi::SQLITE_TRANSIENT(),
            ),
        }
    }
}
