//! `db.applyChangeset(changeset[, { filter, onConflict }])`, as node:sqlite
//! does it, plus the addon's second `onConflict` argument describing the
//! conflict.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr::null_mut;

use napi::sys::{self, ValueType};
use rusqlite::ffi;

use crate::callbacks::CallbackScope;
use crate::changeset_iter::{self as iter, Change};
use crate::changeset_ops::changeset_arg;
use crate::connection::DbCore;
use crate::database::this_db;
use crate::errors::{errstr, Error, Result};
use crate::js::{self, native_method, Env, Value};

/// What SQLite's filter and conflict callbacks need during one apply.
struct Apply<'a> {
    env: Env,
    core: &'a DbCore,
    db: *mut ffi::sqlite3,
    filter: Option<Value>,
    on_conflict: Option<Value>,
    /// A callback threw: later callbacks skip JS, and the exception stays
    /// pending for `applyChangeset` to throw (unless an authorizer drops it).
    failed: Cell<bool>,
    /// Column names by table, for the conflict info.
    names: RefCell<HashMap<Vec<u8>, Vec<String>>>,
}

const INFO_KEYS: [&str; 6] = [
    "table",
    "type",
    "operation",
    "oldRow",
    "newRow",
    "conflictingRow",
];

impl Apply<'_> {
    /// Records a callback failure; anything but a pending exception is
    /// thrown so that it becomes one.
    fn fail(&self, err: Error) {
        self.failed.set(true);
        if self.core.authorizer.borrow().is_some() {
            // node 26.10 loses the exception here: its authorizer, which SQLite
            // always runs again before the apply ends, replaces it.
            drop_pending_exception(self.env);
            return;
        }
        err.throw(self.env);
    }

    fn filter(&self, table: *const c_char) -> c_int {
        let Some(filter) = self.filter else { return 1 };
        if self.failed.get() {
            return 0;
        }
        let _scope = CallbackScope::enter(self.env, self.core);
        let result = (|| {
            let env = self.env;
            let name = js::string_bytes(env, unsafe { CStr::from_ptr(table) }.to_bytes())?;
            let ret = js::call(env, js::null(env)?, filter, &[name])?;
            let mut truthy = null_mut();
            js::check(env, unsafe {
                sys::napi_coerce_to_bool(env, ret, &mut truthy)
            })?;
            js::get_bool(env, truthy)
        })();
        match result {
            Ok(keep) => keep as c_int,
            Err(e) => {
                self.fail(e);
                0
            }
        }
    }

    fn conflict(&self, kind: c_int, it: *mut ffi::sqlite3_changeset_iter) -> c_int {
        let Some(on_conflict) = self.on_conflict else {
            return ffi::SQLITE_CHANGESET_ABORT;
        };
        if self.failed.get() {
            return ffi::SQLITE_CHANGESET_ABORT;
        }
        let _scope = CallbackScope::enter(self.env, self.core);
        let result = (|| {
            let env = self.env;
            let info = match self.conflict_info(kind, it) {
                Ok(info) => info,
                Err(Error::Pending) => return Err(Error::Pending),
                // The info is an extra: never let it break node's contract.
                Err(_) => js::undefined(env)?,
            };
            let ret = js::call(
                env,
                js::null(env)?,
                on_conflict,
                &[js::int(env, kind as i64)?, info],
            )?;
            Ok(int32_or_invalid(env, ret))
        })();
        match result {
            Ok(action) => action,
            Err(e) => {
                self.fail(e);
                ffi::SQLITE_CHANGESET_ABORT
            }
        }
    }

    /// `{ table, type, operation, oldRow, newRow, conflictingRow }` with
    /// null prototypes; rows hold the columns the change carries.
    fn conflict_info(&self, kind: c_int, it: *mut ffi::sqlite3_changeset_iter) -> Result<Value> {
        let env = self.env;
        let kind_js = js::int(env, kind as i64)?;
        if kind == ffi::SQLITE_CHANGESET_FOREIGN_KEY {
            // Reported once at commit time, not for a particular change.
            let null = js::null(env)?;
            return iter::null_object_named(
                env,
                &INFO_KEYS,
                &[null, kind_js, null, null, null, null],
            );
        }
        let change = Change::read(it)?;
        let names = self.column_names(&change.table);
        let row = |values: Option<iter::Values>| match values {
            Some(v) => iter::values_row(env, &names, &v),
            None => js::null(env),
        };
        let conflicting =
            if kind == ffi::SQLITE_CHANGESET_DATA || kind == ffi::SQLITE_CHANGESET_CONFLICT {
                Some(iter::conflicting_values(it, &change)?)
            } else {
                None
            };
        let values = [
            js::string_bytes(env, &change.table)?,
            kind_js,
            js::string(env, change.operation())?,
            row(iter::old_values(it, &change)?)?,
            row(iter::new_values(it, &change)?)?,
            row(conflicting)?,
        ];
        iter::null_object_named(env, &INFO_KEYS, &values)
    }

    fn column_names(&self, table: &[u8]) -> Vec<String> {
        if let Some(names) = self.names.borrow().get(table) {
            return names.clone();
        }
        // Node runs no such query: neither the authorizer nor the
        // diagnostics channel may see it.
        let paused = self.core.authorizer_paused.replace(true);
        let names = crate::unpublished::unpublished(|| table_columns(self.db, table));
        self.core.authorizer_paused.set(paused);
        self.names
            .borrow_mut()
            .insert(table.to_vec(), names.clone());
        names
    }
}

/// The column names of `main.<table>` in order (empty if they cannot be read).
fn table_columns(db: *mut ffi::sqlite3, table: &[u8]) -> Vec<String> {
    let sql = c"SELECT name FROM pragma_table_info(?1, 'main')";
    let mut stmt = null_mut();
    if unsafe { ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut stmt, null_mut()) }
        != ffi::SQLITE_OK
    {
        return Vec::new();
    }
    let mut names = Vec::new();
    unsafe {
        ffi::sqlite3_bind_text(
            stmt,
            1,
            table.as_ptr() as *const c_char,
            table.len() as c_int,
            ffi::SQLITE_TRANSIENT(),
        );
        while ffi::sqlite3_step(stmt) == ffi::SQLITE_ROW {
            let p = ffi::sqlite3_column_text(stmt, 0);
            let n = ffi::sqlite3_column_bytes(stmt, 0) as usize;
            let bytes = if p.is_null() {
                &[][..]
            } else {
                std::slice::from_raw_parts(p, n)
            };
            names.push(String::from_utf8_lossy(bytes).into_owned());
        }
        ffi::sqlite3_finalize(stmt);
    }
    names
}

/// node: an int32 result is passed to SQLite as it is (SQLite rejects
/// anything but OMIT/REPLACE/ABORT); any other value becomes -1.
fn int32_or_invalid(env: Env, value: Value) -> c_int {
    let is_number = matches!(js::type_of(env, value), Ok(ValueType::napi_number));
    let n = if is_number {
        js::get_f64(env, value).unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    let is_int32 = n.fract() == 0.0
        && n >= i32::MIN as f64
        && n <= i32::MAX as f64
        && !(n == 0.0 && n.is_sign_negative());
    if is_int32 {
        n as c_int
    } else {
        -1
    }
}

fn exception_pending(env: Env) -> bool {
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    pending
}

fn drop_pending_exception(env: Env) {
    if exception_pending(env) {
        let mut dropped = null_mut();
        unsafe { sys::napi_get_and_clear_last_exception(env, &mut dropped) };
    }
}

unsafe extern "C" fn x_filter(ctx: *mut c_void, table: *const c_char) -> c_int {
    let apply = unsafe { &*(ctx as *const Apply) };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| apply.filter(table))).unwrap_or(0)
}

unsafe extern "C" fn x_conflict(
    ctx: *mut c_void,
    kind: c_int,
    it: *mut ffi::sqlite3_changeset_iter,
) -> c_int {
    let apply = unsafe { &*(ctx as *const Apply) };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| apply.conflict(kind, it)))
        .unwrap_or(ffi::SQLITE_CHANGESET_ABORT)
}

/// `{ filter, onConflict }` validated as node does: `onConflict` by `Get`
/// (undefined allowed), `filter` by `HasOwnProperty` (present must be a function).
fn read_options(env: Env, options: Option<Value>) -> Result<(Option<Value>, Option<Value>)> {
    let Some(options) = options else {
        return Ok((None, None));
    };
    let kind = js::type_of(env, options)?;
    if kind == ValueType::napi_undefined {
        return Ok((None, None));
    }
    if kind != ValueType::napi_object && kind != ValueType::napi_function {
        return Err(Error::invalid_arg_type(
            "The \"options\" argument must be an object.",
        ));
    }
    let mut on_conflict = None;
    let value = js::get_named(env, options, "onConflict")?;
    match js::type_of(env, value)? {
        ValueType::napi_undefined => {}
        ValueType::napi_function => on_conflict = Some(value),
        _ => {
            return Err(Error::invalid_arg_type(
                "The \"options.onConflict\" argument must be a function.",
            ))
        }
    }
    let key = js::string(env, "filter")?;
    let mut has = false;
    js::check(env, unsafe {
        sys::napi_has_own_property(env, options, key, &mut has)
    })?;
    let mut filter = None;
    if has {
        let value = js::get_property(env, options, key)?;
        if js::type_of(env, value)? != ValueType::napi_function {
            return Err(Error::invalid_arg_type(
                "The \"options.filter\" argument must be a function.",
            ));
        }
        filter = Some(value);
    }
    Ok((filter, on_conflict))
}

native_method! {
    /// `db.applyChangeset(changeset[, options])`: true when applied, false
    /// when a conflict handler aborted.
    fn db_apply_changeset(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        core.handle()?;
        core.check_not_in_authorizer()?;
        let mut bytes = changeset_arg(env, args.get(0), "changeset")?;
        let (filter, on_conflict) = read_options(env, args.get(1))?;
        // An options getter may have closed the database meanwhile.
        let db = core.handle()?;
        let len = c_int::try_from(bytes.len()).map_err(|_| Error::from_code(ffi::SQLITE_TOOBIG))?;
        let apply = Apply {
            env,
            core,
            db,
            filter,
            on_conflict,
            failed: Cell::new(false),
            names: RefCell::new(HashMap::new()),
        };
        let rc = unsafe {
            ffi::sqlite3changeset_apply(
                db,
                len,
                bytes.as_mut_ptr() as *mut c_void,
                Some(x_filter),
                Some(x_conflict),
                &apply as *const Apply as *mut c_void,
            )
        };
        let pending = exception_pending(env);
        match rc {
            ffi::SQLITE_OK | ffi::SQLITE_ABORT if pending => Err(Error::Pending),
            ffi::SQLITE_OK => js::boolean(env, true),
            ffi::SQLITE_ABORT => js::boolean(env, false),
            // node reports these by code alone: errstr as message, no `errstr`;
            // this error replaces a pending one (say, the authorizer's).
            rc => {
                drop_pending_exception(env);
                Err(Error::Sqlite { message: errstr(rc), errcode: rc, errstr: None })
            }
        }
    }
}
