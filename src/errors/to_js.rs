//! Turning an `Error` into the JS error object node:sqlite throws, with the
//! extra properties @photostructure/sqlite adds to SQLite errors.

use std::ptr::null_mut;

use napi::sys;

use super::{errstr, primary_code_name, system_errno_of, Class, Error, Result};
use crate::js::{self, Env, Value};

impl Error {
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
            Error::Sqlite {
                message,
                errcode,
                errstr,
            } => {
                let err = make_error(env, Class::Error, Some("ERR_SQLITE_ERROR"), &message)?;
                js::set_named(env, err, "errcode", js::int(env, errcode as i64)?)?;
                if let Some(errstr) = errstr {
                    js::set_named(env, err, "errstr", js::string(env, &errstr)?)?;
                }
                add_extra_properties(env, err, errcode, &message)?;
                Ok(err)
            }
            Error::Node {
                class,
                code,
                message,
            } => make_error(env, class, code, &message),
            Error::Internal(message) => make_error(env, Class::Error, None, &message),
            Error::Pending => Err(Error::Pending),
        }
    }
}

/// The extra properties @photostructure/sqlite puts on SQLite errors
/// (`sqliteCode` is the extended code there too), non-enumerable so that
/// `Object.keys(err)` stays node's `['code', 'errcode', 'errstr']`.
fn add_extra_properties(env: Env, err: Value, errcode: i32, message: &str) -> Result<()> {
    let mut props = vec![
        ("sqliteCode", js::int(env, errcode as i64)?),
        ("sqliteExtendedCode", js::int(env, errcode as i64)?),
        (
            "sqliteCodeName",
            js::string(env, primary_code_name(errcode))?,
        ),
        ("sqliteErrorString", js::string(env, &errstr(errcode))?),
    ];
    if let Some(errno) = system_errno_of(errcode, message) {
        props.push(("systemErrno", js::int(env, errno as i64)?));
    }
    let mut descriptors = Vec::with_capacity(props.len());
    for (name, value) in props {
        descriptors.push(sys::napi_property_descriptor {
            utf8name: std::ptr::null(),
            name: js::string(env, name)?,
            method: None,
            getter: None,
            setter: None,
            value,
            attributes: sys::PropertyAttributes::writable | sys::PropertyAttributes::configurable,
            data: null_mut(),
        });
    }
    js::check(env, unsafe {
        sys::napi_define_properties(env, err, descriptors.len(), descriptors.as_ptr())
    })
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
