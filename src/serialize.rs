//! `db.serialize([dbName])` and `db.deserialize(buffer[, { dbName }])`: a
//! whole schema as bytes, through sqlite3_serialize / sqlite3_deserialize.

use std::ffi::{c_void, CString};
use std::ptr::null_mut;

use napi::sys::{self, ValueType};
use rusqlite::ffi;

use crate::database::this_db;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Value};

const BUFFER_TYPE: &str = "The \"buffer\" argument must be a Uint8Array.";

/// A schema name as SQLite reads it: up to the first NUL, as node passes it.
fn schema_name(env: Env, value: Value) -> Result<CString> {
    let mut bytes = Vec::new();
    js::read_string_into(env, value, &mut bytes)?;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        bytes.truncate(nul);
    }
    Ok(CString::new(bytes).unwrap_or_default())
}

/// `serialize`'s optional `dbName` argument.
fn db_name_arg(env: Env, value: Option<Value>) -> Result<CString> {
    match value {
        None => Ok(c"main".to_owned()),
        Some(v) => match js::type_of(env, v)? {
            ValueType::napi_undefined => Ok(c"main".to_owned()),
            ValueType::napi_string => schema_name(env, v),
            _ => Err(Error::invalid_arg_type(
                "The \"dbName\" argument must be a string.",
            )),
        },
    }
}

/// `deserialize`'s `options` argument (`undefined` or an object with an
/// optional string `dbName`).
fn options_db_name(env: Env, options: Option<Value>) -> Result<CString> {
    let Some(options) = options else {
        return Ok(c"main".to_owned());
    };
    match js::type_of(env, options)? {
        ValueType::napi_undefined => Ok(c"main".to_owned()),
        ValueType::napi_object | ValueType::napi_function => {
            let name = js::get_named(env, options, "dbName")?;
            match js::type_of(env, name)? {
                ValueType::napi_undefined => Ok(c"main".to_owned()),
                ValueType::napi_string => schema_name(env, name),
                _ => Err(Error::invalid_arg_type(
                    "The \"options.dbName\" argument must be a string.",
                )),
            }
        }
        _ => Err(Error::invalid_arg_type(
            "The \"options\" argument must be an object.",
        )),
    }
}

/// The bytes of a `Uint8Array` (Buffer included; not other views). The slice
/// borrows JS memory: use it before JS runs again.
fn uint8_array_bytes<'a>(env: Env, value: Option<Value>) -> Result<&'a [u8]> {
    let Some(value) = value else {
        return Err(Error::invalid_arg_type(BUFFER_TYPE));
    };
    let mut is_typed = false;
    js::check(env, unsafe {
        sys::napi_is_typedarray(env, value, &mut is_typed)
    })?;
    if !is_typed {
        return Err(Error::invalid_arg_type(BUFFER_TYPE));
    }
    let mut kind = 0;
    let mut len = 0usize;
    let mut data: *mut c_void = null_mut();
    js::check(env, unsafe {
        sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            null_mut(),
            null_mut(),
        )
    })?;
    if kind != sys::TypedarrayType::uint8_array {
        return Err(Error::invalid_arg_type(BUFFER_TYPE));
    }
    if len == 0 || data.is_null() {
        return Ok(&[]);
    }
    Ok(unsafe { std::slice::from_raw_parts(data as *const u8, len) })
}

native_method! {
    /// `db.serialize([dbName])`: a fresh Uint8Array with the schema's bytes.
    fn db_serialize(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let db = core.handle()?;
        core.check_not_in_authorizer()?;
        let name = db_name_arg(env, args.get(0))?;
        let mut size: ffi::sqlite3_int64 = 0;
        let data = unsafe { ffi::sqlite3_serialize(db, name.as_ptr(), &mut size, 0) };
        if data.is_null() {
            // Unknown schema (node reports SQLite's "not an error") or no pages.
            return Err(Error::from_db(db));
        }
        let bytes = unsafe { std::slice::from_raw_parts(data, size.max(0) as usize) };
        let out = js::uint8_array(env, bytes);
        unsafe { ffi::sqlite3_free(data as *mut c_void) };
        out
    }
}

native_method! {
    /// `db.deserialize(buffer[, { dbName }])`: replaces the schema with an
    /// in-memory copy of `buffer`, after finalizing every statement (sessions
    /// keep recording, as in node).
    fn db_deserialize(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        core.handle()?;
        if core.callback_depth.get() > 0 {
            return Err(Error::invalid_state("database cannot be deserialized while in a callback"));
        }
        if uint8_array_bytes(env, args.get(0))?.is_empty() {
            return Err(Error::invalid_arg_value("The \"buffer\" argument must not be empty."));
        }
        let name = options_db_name(env, args.get(1))?;
        // An options getter may have closed the database meanwhile.
        let db = core.handle()?;
        // Read the bytes again: an options getter may have run JS meanwhile.
        let bytes = uint8_array_bytes(env, args.get(0))?;
        if bytes.is_empty() {
            return Err(Error::invalid_arg_value("The \"buffer\" argument must not be empty."));
        }
        let copy = unsafe { ffi::sqlite3_malloc64(bytes.len() as u64) } as *mut u8;
        if copy.is_null() {
            return Err(Error::from_code(ffi::SQLITE_NOMEM));
        }
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), copy, bytes.len()) };
        core.deserialize_dependents();
        let size = bytes.len() as ffi::sqlite3_int64;
        let flags = ffi::SQLITE_DESERIALIZE_FREEONCLOSE | ffi::SQLITE_DESERIALIZE_RESIZEABLE;
        // SQLite owns `copy` from here on, also when it fails.
        let rc = unsafe { ffi::sqlite3_deserialize(db, name.as_ptr(), copy, size, size, flags) };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        js::undefined(env)
    }
}
