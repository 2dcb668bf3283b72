//! Registering the module: `db.createModule()`, SQLite's method table, and
//! making and dropping the virtual table objects.

use std::ffi::{c_char, c_int, c_void, CString};

use rusqlite::ffi;

use super::columns::{row_slots, x_column};
use super::cursor::{x_close, x_eof, x_open, x_rowid};
use super::iteration::{x_filter, x_next};
use super::plan::x_best_index;
use super::state::{Module, VTab};
use crate::database::this_db;
use crate::errors::Error;
use crate::js::{self, native_method, Ref};

const BIT_DIRECT_ONLY: u32 = 1;
const BIT_BIGINT_ARGS: u32 = 2;

native_method! {
    /// With `this` the database: `dbCreateModule()` checks that the
    /// connection may be used (node does so before validating anything);
    /// `dbCreateModule(name, rows, schema, hiddenIndices, columnCount, flags,
    /// step)` registers the module the facade has validated (flags: 1
    /// directOnly, 2 useBigIntArguments).
    fn db_create_module(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let handle = core.handle()?;
        core.check_not_in_authorizer()?;
        if args.len() == 0 {
            return js::undefined(env);
        }
        let (Some(name), Some(rows), Some(schema), Some(hidden), Some(count), Some(flags), Some(step)) =
            (args.get(0), args.get(1), args.get(2), args.get(3), args.get(4), args.get(5), args.get(6))
        else {
            return Err(Error::Internal("dbCreateModule: missing arguments".into()));
        };
        let name = c_string_until_nul(js::get_string(env, name)?);
        let schema = c_string_until_nul(js::get_string(env, schema)?);
        let column_count = js::get_f64(env, count)? as usize;
        let flags = js::get_f64(env, flags)? as u32;
        let mut hidden_indices = Vec::new();
        for i in 0..js::array_length(env, hidden)? {
            hidden_indices.push(js::get_f64(env, js::get_element(env, hidden, i)?)? as c_int);
        }
        let row_index = row_slots(column_count, &hidden_indices);
        let module = Box::new(Module {
            env,
            db: std::rc::Rc::as_ptr(core),
            rows: Ref::new(env, rows)?,
            step: Ref::new(env, step)?,
            schema,
            hidden: hidden_indices,
            row_index,
            use_bigint_args: flags & BIT_BIGINT_ARGS != 0,
            direct_only: flags & BIT_DIRECT_ONLY != 0,
            methods: module_methods(),
        });
        // SQLite owns the module from here (destroy_module frees it, also
        // when the registration fails); its method table lives inside it.
        let module = Box::into_raw(module);
        let methods = unsafe { &raw const (*module).methods };
        let rc =
            unsafe { ffi::sqlite3_create_module_v2(handle, name.as_ptr(), methods, module as *mut c_void, Some(destroy_module)) };
        if rc != ffi::SQLITE_OK {
            return Err(Error::from_db(handle));
        }
        js::undefined(env)
    }
}

/// A C string of `s` up to its first NUL, as node passes names to SQLite.
fn c_string_until_nul(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let pos = e.nul_position();
        CString::new(&e.into_vec()[..pos]).unwrap_or_default()
    })
}

fn module_methods() -> ffi::sqlite3_module {
    // SAFETY: every field is an integer or an optional function pointer.
    let mut m: ffi::sqlite3_module = unsafe { std::mem::zeroed() };
    m.iVersion = 1;
    // xCreate == xConnect makes the module usable as an eponymous table.
    m.xCreate = Some(x_create);
    m.xConnect = Some(x_create);
    m.xBestIndex = Some(x_best_index);
    m.xDisconnect = Some(x_disconnect);
    m.xDestroy = Some(x_disconnect);
    m.xOpen = Some(x_open);
    m.xClose = Some(x_close);
    m.xFilter = Some(x_filter);
    m.xNext = Some(x_next);
    m.xEof = Some(x_eof);
    m.xColumn = Some(x_column);
    m.xRowid = Some(x_rowid);
    m
}

unsafe extern "C" fn destroy_module(aux: *mut c_void) {
    drop(unsafe { Box::from_raw(aux as *mut Module) });
}

unsafe extern "C" fn x_create(
    db: *mut ffi::sqlite3,
    aux: *mut c_void,
    _argc: c_int,
    _argv: *const *const c_char,
    out: *mut *mut ffi::sqlite3_vtab,
    err: *mut *mut c_char,
) -> c_int {
    let module = unsafe { &*(aux as *const Module) };
    let rc = unsafe { ffi::sqlite3_declare_vtab(db, module.schema.as_ptr()) };
    if rc != ffi::SQLITE_OK {
        unsafe { *err = ffi::sqlite3_mprintf(c"%s".as_ptr(), ffi::sqlite3_errmsg(db)) };
        return rc;
    }
    if module.direct_only {
        unsafe { ffi::sqlite3_vtab_config(db, ffi::SQLITE_VTAB_DIRECTONLY) };
    }
    let vtab = Box::new(VTab {
        base: unsafe { std::mem::zeroed() },
        module,
    });
    unsafe { *out = Box::into_raw(vtab) as *mut ffi::sqlite3_vtab };
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_disconnect(vtab: *mut ffi::sqlite3_vtab) -> c_int {
    let vtab = unsafe { Box::from_raw(vtab as *mut VTab) };
    unsafe { ffi::sqlite3_free(vtab.base.zErrMsg as *mut c_void) };
    ffi::SQLITE_OK
}
