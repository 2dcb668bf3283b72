//! A thin layer over raw Node-API for the hot paths and the wrapped classes.
//!
//! napi-rs class methods cost ~200 ns per call, a raw callback ~20–50 ns, and
//! node:sqlite's whole `SELECT 1` is ~360 ns; so statement and database methods
//! are raw callbacks that unwrap `this` themselves (design notes §2.4b).
//!
//! Layout: `base` (handles and status checks), `method` (entering native
//! methods, `native_method!`), `values` (primitives), `objects` (properties,
//! arrays, calls), `binary` (bytes and typed arrays), `reference` (`Ref`),
//! `wrapped` (native structs owned by JS objects). Everything is re-exported
//! here, so callers name `crate::js::...`.

mod base;
mod binary;
mod method;
mod objects;
mod reference;
mod values;
mod wrapped;

pub use base::{check, Env, Value};
pub use binary::{bytes_of, is_arraybuffer, uint8_array};
pub(crate) use method::native_method;
pub use method::{function, guard, Args, Callback};
pub use objects::{
    array, array_length, call, get_element, get_named, get_property, new_instance, own_keys,
    set_element, set_named,
};
pub use reference::Ref;
pub use values::{
    bigint, boolean, get_bool, get_f64, get_string, int, null, number, read_string_into, string,
    string_bytes, type_of, undefined,
};
pub use wrapped::{external, external_ref, unwrap, wrap, Tag};
