//! `Session`: change recording on a connection (`sqlite3session_*`). Raw ffi,
//! because rusqlite's `Session` borrows its `Connection` for a lifetime that a
//! JS object cannot express.

use std::cell::Cell;
use std::ffi::{c_int, c_void, CString};
use std::ptr::null_mut;
use std::rc::{Rc, Weak};

use napi::sys::{self, ValueType};
use rusqlite::ffi;

use crate::changeset_ops;
use crate::connection::{DbCore, Dependent};
use crate::database::this_db;
use crate::env_data::construct;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Tag, Value};

pub static SESSION_TAG: Tag = Tag::new(0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1);

pub struct SessionCore {
    db: Rc<DbCore>,
    raw: Cell<*mut ffi::sqlite3_session>,
}

/// What a JS `Session` object wraps.
struct Session {
    core: Rc<SessionCore>,
}

impl SessionCore {
    fn delete(&self) {
        let s = self.raw.replace(null_mut());
        if !s.is_null() {
            unsafe { ffi::sqlite3session_delete(s) };
        }
    }

    /// The live session, after node's checks (the database first: closing it
    /// deletes its sessions).
    fn live(&self) -> Result<*mut ffi::sqlite3_session> {
        self.db.handle()?;
        let s = self.raw.get();
        if s.is_null() {
            return Err(Error::invalid_state("session is not open"));
        }
        Ok(s)
    }

    fn close(&self) -> Result<()> {
        if self.db.callback_depth.get() > 0 {
            return Err(Error::invalid_state(
                "session cannot be closed while in a callback",
            ));
        }
        self.delete();
        Ok(())
    }
}

impl Dependent for SessionCore {
    fn on_close(&self) {
        self.delete();
    }

    /// Node keeps a session recording across `deserialize()`.
    fn on_deserialize(&self) -> bool {
        true
    }
}

impl Drop for SessionCore {
    fn drop(&mut self) {
        // Only reachable while the connection is open (closing it deletes
        // the session first), so the delete is safe.
        self.delete();
    }
}

unsafe fn this_session<'a>(env: Env, this: Value) -> Result<&'a Rc<SessionCore>> {
    let s: &Session = unsafe { js::unwrap(env, this, &SESSION_TAG)? };
    Ok(&s.core)
}

/// A string option read with node's `HasOwnProperty` + `Get`: absent is
/// `None`, present but not a string is node's TypeError.
fn own_string_option(env: Env, options: Value, name: &str) -> Result<Option<CString>> {
    let key = js::string(env, name)?;
    let mut has = false;
    js::check(env, unsafe {
        sys::napi_has_own_property(env, options, key, &mut has)
    })?;
    if !has {
        return Ok(None);
    }
    let value = js::get_property(env, options, key)?;
    if js::type_of(env, value)? != ValueType::napi_string {
        return Err(Error::invalid_arg_type(format!(
            "The \"options.{name}\" argument must be a string."
        )));
    }
    Ok(Some(c_string_lossy(js::get_string(env, value)?)))
}

/// SQLite reads names up to the first NUL, as node passes them.
fn c_string_lossy(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let pos = e.nul_position();
        CString::new(&e.into_vec()[..pos]).unwrap_or_default()
    })
}

native_method! {
    /// `db.createSession([options])`: node checks the connection (open, not
    /// in its authorizer) before the options.
    fn db_create_session(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        core.handle()?;
        core.check_not_in_authorizer()?;
        let mut table = None;
        let mut schema = c"main".to_owned();
        if let Some(options) = args.get(0) {
            let kind = js::type_of(env, options)?;
            if kind != ValueType::napi_object && kind != ValueType::napi_function {
                return Err(Error::invalid_arg_type("The \"options\" argument must be an object."));
            }
            table = own_string_option(env, options, "table")?;
            if let Some(name) = own_string_option(env, options, "db")? {
                schema = name;
            }
        }
        // An options getter may have closed the database meanwhile.
        let db = core.handle()?;
        let mut raw = null_mut();
        if unsafe { ffi::sqlite3session_create(db, schema.as_ptr(), &mut raw) } != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        let session = Rc::new(SessionCore { db: core.clone(), raw: Cell::new(raw) });
        // An empty table name means every table, as in node.
        let table = table.filter(|t| !t.as_bytes().is_empty());
        let table_ptr = table.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
        if unsafe { ffi::sqlite3session_attach(raw, table_ptr) } != ffi::SQLITE_OK {
            return Err(Error::from_db(db));
        }
        core.add_dependent(Rc::downgrade(&session) as Weak<dyn Dependent>);
        let obj = construct(env, |c| &c.session)?;
        js::wrap(env, obj, &SESSION_TAG, Box::new(Session { core: session }))?;
        Ok(obj)
    }
}

type Serialize =
    unsafe extern "C" fn(*mut ffi::sqlite3_session, *mut c_int, *mut *mut c_void) -> c_int;

fn serialize(env: Env, this: Value, f: Serialize) -> Result<Value> {
    let core = unsafe { this_session(env, this)? };
    let s = core.live()?;
    core.db.check_not_in_authorizer()?;
    let mut n: c_int = 0;
    let mut p: *mut c_void = null_mut();
    if unsafe { f(s, &mut n, &mut p) } != ffi::SQLITE_OK {
        return Err(Error::from_db(core.db.handle()?));
    }
    let bytes = if p.is_null() {
        &[][..]
    } else {
        unsafe { std::slice::from_raw_parts(p as *const u8, n as usize) }
    };
    let out = js::uint8_array(env, bytes);
    unsafe { ffi::sqlite3_free(p) };
    out
}

native_method! {
    /// `session.changeset()`.
    fn session_changeset(env, args) {
        serialize(env, args.this, ffi::sqlite3session_changeset)
    }
}

native_method! {
    /// `session.patchset()`.
    fn session_patchset(env, args) {
        serialize(env, args.this, ffi::sqlite3session_patchset)
    }
}

native_method! {
    /// `session.close()`.
    fn session_close(env, args) {
        let core = unsafe { this_session(env, args.this)? };
        core.live()?;
        core.close()?;
        js::undefined(env)
    }
}

native_method! {
    /// `session[Symbol.dispose]()`: close, or nothing when already closed.
    fn session_dispose(env, args) {
        let core = unsafe { this_session(env, args.this)? };
        if core.live().is_ok() {
            core.close()?;
        }
        js::undefined(env)
    }
}

native_method! {
    /// `session.changesetInvert(changeset)` (addon extra): the inverse of any
    /// changeset; the session's own state does not matter.
    fn session_changeset_invert(env, args) {
        unsafe { this_session(env, args.this)? };
        changeset_ops::invert(env, args.get(0))
    }
}
