//! The 16-byte buffer `stmtRunInto` reports through (see statement.rs). Kept
//! apart from statement.rs so that env_data.rs can hold it without importing
//! the statement code.

use napi::sys;

use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};

/// The facade's ArrayBuffer, held alive, and its data.
pub struct RunScratch {
    _buffer: js::Ref,
    data: *mut u8,
}

impl RunScratch {
    /// Takes the facade's ArrayBuffer (at least 16 bytes).
    pub fn new(env: Env, buffer: Value) -> Result<RunScratch> {
        let mut data = std::ptr::null_mut();
        let mut len = 0usize;
        js::check(env, unsafe {
            sys::napi_get_arraybuffer_info(env, buffer, &mut data, &mut len)
        })?;
        if len < 16 {
            return Err(Error::Internal("stmtRunScratch: buffer too small".into()));
        }
        Ok(RunScratch {
            _buffer: js::Ref::new(env, buffer)?,
            data: data as *mut u8,
        })
    }

    pub fn data(&self) -> *mut u8 {
        self.data
    }
}
