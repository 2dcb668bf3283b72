//! What the napi-rs `Task`s (backup, DatabasePool) resolve with: a JS value
//! built with the raw Node-API layer, handed to the promise as it is.

use napi::bindgen_prelude::{ToNapiValue, TypeName};
use napi::sys;

use crate::errors::Error;

pub struct RawJs(pub sys::napi_value);

impl TypeName for RawJs {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

impl ToNapiValue for RawJs {
    unsafe fn to_napi_value(_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        Ok(val.0)
    }
}

/// Our error as napi-rs's, for a `Task` that could not build its JS value.
pub fn to_napi(err: Error) -> napi::Error {
    napi::Error::new(napi::Status::GenericFailure, err.to_string())
}
