//! Errors as node:sqlite throws them: SQLite failures carry `code`
//! (`ERR_SQLITE_ERROR`), `errcode` (the extended result code) and `errstr`;
//! argument and state errors carry node's `code` and exact message.
//!
//! This file knows no JS; `to_js` builds and throws the JS error objects.

use std::ffi::CStr;

use rusqlite::ffi;

mod to_js;

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
    Sqlite {
        message: String,
        errcode: i32,
        errstr: Option<String>,
    },
    /// A node-style error with a `code` (or none, for the few that have none).
    #[error("{message}")]
    Node {
        class: Class,
        code: Option<&'static str>,
        message: String,
    },
    /// A JS exception is already pending (a callback threw); leave it be.
    #[error("a JavaScript exception is pending")]
    Pending,
    /// Something that should not happen; thrown as a plain Error.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn type_error(code: &'static str, message: impl Into<String>) -> Error {
        Error::Node {
            class: Class::TypeError,
            code: Some(code),
            message: message.into(),
        }
    }

    pub fn range_error(code: &'static str, message: impl Into<String>) -> Error {
        Error::Node {
            class: Class::RangeError,
            code: Some(code),
            message: message.into(),
        }
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
        Error::Node {
            class: Class::Error,
            code: Some("ERR_INVALID_STATE"),
            message: message.into(),
        }
    }

    pub fn db_not_open() -> Error {
        Error::invalid_state("database is not open")
    }

    pub fn stmt_finalized() -> Error {
        Error::invalid_state("statement has been finalized")
    }

    pub fn illegal_invocation() -> Error {
        Error::Node {
            class: Class::TypeError,
            code: None,
            message: "Illegal invocation".into(),
        }
    }

    pub fn illegal_constructor() -> Error {
        Error::Node {
            class: Class::Error,
            code: Some("ERR_ILLEGAL_CONSTRUCTOR"),
            message: "Illegal constructor".into(),
        }
    }

    /// `The "<name>" argument must be a boolean.`
    pub fn expected_boolean(name: &str) -> Error {
        Error::invalid_arg_type(format!("The \"{name}\" argument must be a boolean."))
    }

    /// The connection's current error, as node reports a failed SQLite call.
    pub fn from_db(db: *mut ffi::sqlite3) -> Error {
        let errcode = unsafe { ffi::sqlite3_extended_errcode(db) };
        let message = cstr_lossy(unsafe { ffi::sqlite3_errmsg(db) });
        remember_system_errno(errcode, &message, unsafe { ffi::sqlite3_system_errno(db) });
        Error::sqlite(errcode, message)
    }

    /// A SQLite error with `errstr` derived from the code.
    pub fn sqlite(errcode: i32, message: impl Into<String>) -> Error {
        Error::Sqlite {
            message: message.into(),
            errcode,
            errstr: Some(errstr(errcode)),
        }
    }

    /// A SQLite error whose message is `sqlite3_errstr(code)` (no connection).
    pub fn from_code(errcode: i32) -> Error {
        Error::sqlite(errcode, errstr(errcode))
    }
}

thread_local! {
    /// `sqlite3_system_errno` of the last error read from a connection, with
    /// that error's code and message. `Error::Sqlite` has no field for it (other
    /// modules build it field by field); it is only needed when thrown.
    static LAST_SYSTEM_ERRNO: std::cell::RefCell<Option<(i32, String, i32)>> = const { std::cell::RefCell::new(None) };
}

fn remember_system_errno(errcode: i32, message: &str, errno: i32) {
    let entry = (errno != 0).then(|| (errcode, message.to_owned(), errno));
    LAST_SYSTEM_ERRNO.with(|last| *last.borrow_mut() = entry);
}

fn system_errno_of(errcode: i32, message: &str) -> Option<i32> {
    LAST_SYSTEM_ERRNO.with(|last| match &*last.borrow() {
        Some((code, text, errno)) if *code == errcode && text == message => Some(*errno),
        _ => None,
    })
}

/// `SQLITE_<NAME>` of a result code's primary part.
fn primary_code_name(code: i32) -> &'static str {
    const NAMES: [&str; 29] = [
        "SQLITE_OK",
        "SQLITE_ERROR",
        "SQLITE_INTERNAL",
        "SQLITE_PERM",
        "SQLITE_ABORT",
        "SQLITE_BUSY",
        "SQLITE_LOCKED",
        "SQLITE_NOMEM",
        "SQLITE_READONLY",
        "SQLITE_INTERRUPT",
        "SQLITE_IOERR",
        "SQLITE_CORRUPT",
        "SQLITE_NOTFOUND",
        "SQLITE_FULL",
        "SQLITE_CANTOPEN",
        "SQLITE_PROTOCOL",
        "SQLITE_EMPTY",
        "SQLITE_SCHEMA",
        "SQLITE_TOOBIG",
        "SQLITE_CONSTRAINT",
        "SQLITE_MISMATCH",
        "SQLITE_MISUSE",
        "SQLITE_NOLFS",
        "SQLITE_AUTH",
        "SQLITE_FORMAT",
        "SQLITE_RANGE",
        "SQLITE_NOTADB",
        "SQLITE_NOTICE",
        "SQLITE_WARNING",
    ];
    match code & 0xff {
        100 => "SQLITE_ROW",
        101 => "SQLITE_DONE",
        primary => NAMES
            .get(primary as usize)
            .copied()
            .unwrap_or("SQLITE_ERROR"),
    }
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
