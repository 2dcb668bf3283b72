//! Bare parameter names (`allowBareNamedParameters`): the map a statement
//! builds once, apart from bind.rs so that the statement's state can hold it.

use std::collections::HashMap;
use std::ffi::{CStr, CString};

use rusqlite::ffi;

use crate::errors::{Error, Result};

/// Bare parameter names (`a` for `$a`, `:a`, `@a`) mapped to their full names,
/// built once per statement on the first named binding.
pub type BareNames = HashMap<Vec<u8>, CString>;

/// Builds the bare-name map, refusing names that two prefixes share.
pub fn collect_bare_names(stmt: *mut ffi::sqlite3_stmt) -> Result<BareNames> {
    let mut map = BareNames::new();
    let count = unsafe { ffi::sqlite3_bind_parameter_count(stmt) };
    for i in 1..=count {
        let name = unsafe { ffi::sqlite3_bind_parameter_name(stmt, i) };
        if name.is_null() {
            continue;
        }
        let full = unsafe { CStr::from_ptr(name) };
        let bare = full.to_bytes()[1..].to_vec();
        if let Some(existing) = map.get(&bare) {
            if existing.as_c_str() != full {
                return Err(Error::invalid_state(format!(
                    "Cannot create bare named parameter '{}' because of conflicting names '{}' and '{}'.",
                    String::from_utf8_lossy(&bare),
                    existing.to_string_lossy(),
                    full.to_string_lossy()
                )));
            }
            continue;
        }
        map.insert(bare, full.to_owned());
    }
    Ok(map)
}
