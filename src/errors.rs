//! Errors as node:sqlite throws them: SQLite failures carry `code`
//! (`ERR_SQLITE_ERROR`), `errcode` (the extended result code) and `errstr`;
//! argument and state errors carry node's `code` and exact message.

use std::ffi::CStr;
use std::ptr::null_mut;

use napi::sys;
use rusqlite::ffi;

use crate::js::{self, Env, Value};

pub type Result<T> = std::result::Result<T, Error>;

/// The JS class an error is thrown as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Error,
    TypeError,
    RangeError,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A SQLite failure. `errstr` is omitted where node omits it
    /// (applyChangeset's errors).
    #[error("{message}")]
    Sqlite { message: String, errcode: i32, errstr: Option<String> },
    /// A node-style error with a `code` (or none, for the few that have none).
    #[error("{message}")]
    Node { class: Class, code: Option<&'static str>, message: String },
    /// A JS exception is already pending (a callback threw); leave it be.
    #[error("a JavaScript exception is pending")]
    Pending,
    /// A JS value to throw as it is (a callback's exception, kept across SQLite).
    #[error("a JavaScript exception")]
    Thrown(js::Ref),
    /// Something that should not happen; thrown as a plain Error.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn type_error(code: &'static str, message: impl Into<String>) -> Error {
        Error::Node { class: Class::TypeError, code: Some(code), message: message.into() }
    }

    pub fn range_error(code: &'static str, message: impl Into<String>) -> Error {
        Error::Node { class: Class::RangeError, code: Some(code), message: message.into() }
    }

    pub fn invalid_arg_type(message: impl Into<String>) -> Error {
        Error::type_error("ERR_INVALID_ARG_TYPE", message)
    }

    pub fn invalid_arg_value(message: impl Into<String>) -> Error {
        Error::type_error("ERR_INVALID_ARG_VALUE", message)
    }

    pub fn out_of_range(message: impl Into<String>) -> Error {
        Error::range_error("ERR_OUT_OF_RANGE", message)
    }

    pub fn invalid_state(message: impl Into<String>) -> Error {
        Error::Node { class: Class::Error, code: Some("ERR_INVALID_STATE"), message: message.into() }
    }

    pub fn db_not_open() -> Error {
        Error::invalid_state("database is not open")
    }

    pub fn stmt_finalized() -> Error {
        Error::invalid_state("statement has been finalized")
    }

    pub fn illegal_invocation() -> Error {
        Error::Node { class: Class::TypeError, code: None, message: "Illegal invocation".into() }
    }

    pub fn illegal_constructor() -> Error {
        Error::Node { class: Class::Error, code: Some("ERR_ILLEGAL_CONSTRUCTOR"), message: "Illegal constructor".into() }
    }

    /// `The "<name>" argument must be a boolean.`
    pub fn expected_boolean(name: &str) -> Error {
        Error::invalid_arg_type(format!("The \"{name}\" argument must be a boolean."))
    }

    /// The connection's current error, as node reports a failed SQLite call.
    pub fn from_db(db: *mut ffi::sqlite3) -> Error {
        let errcode = unsafe { ffi::sqlite3_extended_errcode(db) };
        let message = cstr_lossy(unsafe { ffi::sqlite3_errmsg(db) });
        Error::sqlite(errcode, message)
    }

    /// A SQLite error with `errstr` derived from the code.
    pub fn sqlite(errcode: i32, message: impl Into<String>) -> Error {
        Error::Sqlite { message: message.into(), errcode, errstr: Some(errstr(errcode)) }
    }

    /// A SQLite error whose message is `sqlite3_errstr(code)` (no connection).
    pub fn from_code(errcode: i32) -> Error {
        Error::sqlite(errcode, errstr(errcode))
    }

    /// Throws this error in `env` unless an exception is already pending.
    pub fn throw(self, env: Env) {
        let mut pending = false;
        unsafe { sys::napi_is_exception_pending(env, &mut pending) };
        if pending {
            return;
        }
        if let Error::Pending = self {
            return;
        }
        if let Ok(value) = self.into_value(env) {
            unsafe { sys::napi_throw(env, value) };
        }
    }

    /// Builds the JS error object.
    pub fn into_value(self, env: Env) -> Result<Value> {
        match self {
            Error::Sqlite { message, errcode, errstr } => {
                let err = make_error(env, Class::Error, Some("ERR_SQLITE_ERROR"), &message)?;
                js::set_named(env, err, "errcode", js::int(env, errcode as i64)?)?;
                if let Some(errstr) = errstr {
                    js::set_named(env, err, "errstr", js::string(env, &errstr)?)?;
                }
                Ok(err)
            }
            Error::Node { class, code, message } => make_error(env, class, code, &message),
            Error::Thrown(value) => value.get(env),
            Error::Internal(message) => make_error(env, Class::Error, None, &message),
            Error::Pending => Err(Error::Pending),
        }
    }
}

fn make_error(env: Env, class: Class, code: Option<&str>, message: &str) -> Result<Value> {
    let code = match code {
        Some(code) => js::string(env, code)?,
        None => null_mut(),
    };
    let msg = js::string(env, message)?;
    let mut err = null_mut();
    let status = unsafe {
        match class {
            Class::Error => sys::napi_create_error(env, code, msg, &mut err),
            Class::TypeError => sys::napi_create_type_error(env, code, msg, &mut err),
            Class::RangeError => sys::napi_create_range_error(env, code, msg, &mut err),
        }
    };
    js::check(env, status)?;
    Ok(err)
}

/// `sqlite3_errstr` of a result code.
pub fn errstr(code: i32) -> String {
    cstr_lossy(unsafe { ffi::sqlite3_errstr(code) })
}

pub fn cstr_lossy(p: *const std::ffi::c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}
