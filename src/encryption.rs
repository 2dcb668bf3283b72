//! Opt-in encryption (the `sqlcipher` cargo feature, SQLCipher instead of
//! SQLite): `encryptionKey` keys a connection right after it opens, and
//! `db.rekey()` re-encrypts it. The default build refuses both clearly.

use std::ffi::{c_int, c_void};

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::database::this_db;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Value};

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

native_method! {
    /// `db.rekey(newKey)`: re-encrypts the database with a new key.
    fn db_rekey(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let db = core.handle()?;
        if !AVAILABLE {
            return Err(unavailable());
        }
        let key = key_bytes(env, args.get(0).unwrap_or(js::undefined(env)?), "newKey")?;
        if key_v2(db, &key, true) != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        js::undefined(env)
    }
}
