//! Opt-in encryption (the `sqlcipher` cargo feature, SQLCipher instead of
//! SQLite): `encryptionKey` keys a connection right after it opens, and
//! `db.rekey()` re-encrypts it. The default build refuses both clearly.

use std::ffi::{c_int, c_void};

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};

/// Whether this build links SQLCipher.
pub const AVAILABLE: bool = cfg!(feature = "sqlcipher");

pub fn unavailable() -> Error {
    Error::Node {
        class: crate::errors::Class::Error,
        code: Some("ERR_SQLITE_ENCRYPTION_UNAVAILABLE"),
        message: "Encryption needs the SQLCipher build of @photostructure/sqlite \
                  (build it with PHOTOSTRUCTURE_SQLITE_ENCRYPTION=1 npm run build)."
            .into(),
    }
}

/// The bytes of a key given as a string or Uint8Array.
pub fn key_bytes(env: Env, value: Value, name: &str) -> Result<Vec<u8>> {
    if js::type_of(env, value)? == ValueType::napi_string {
        let mut buf = Vec::new();
        js::read_string_into(env, value, &mut buf)?;
        return Ok(buf);
    }
    match js::bytes_of(env, value)? {
        Some(bytes) => Ok(bytes.to_vec()),
        None => Err(Error::invalid_arg_type(format!(
            "The \"{name}\" argument must be a string or Uint8Array."
        ))),
    }
}

/// Keys a freshly opened connection (before anything reads the file).
pub fn apply_key(db: *mut ffi::sqlite3, key: &[u8]) -> Result<()> {
    let rc = key_v2(db, key, false);
    if rc != ffi::SQLITE_OK {
        return Err(Error::from_db(db));
    }
    Ok(())
}

/// `db.rekey()`: re-encrypts an open connection with a new key.
pub fn rekey(db: *mut ffi::sqlite3, key: &[u8]) -> Result<()> {
    if key_v2(db, key, true) != ffi::SQLITE_OK {
        return Err(Error::from_db(db));
    }
    Ok(())
}

#[cfg(feature = "sqlcipher")]
fn key_v2(db: *mut ffi::sqlite3, key: &[u8], rekey: bool) -> c_int {
    let (p, n) = (key.as_ptr() as *const c_void, key.len() as c_int);
    unsafe {
        if rekey {
            ffi::sqlite3_rekey_v2(db, c"main".as_ptr(), p, n)
        } else {
            ffi::sqlite3_key_v2(db, c"main".as_ptr(), p, n)
        }
    }
}

#[cfg(not(feature = "sqlcipher"))]
fn key_v2(_db: *mut ffi::sqlite3, _key: &[u8], _rekey: bool) -> c_int {
    let _ = std::ptr::null::<c_void>();
    ffi::SQLITE_MISUSE
}
