//! `DatabaseSync`: the facade's constructor validates the arguments and calls
//! `dbInit`; the methods below are raw callbacks on its prototype.

use std::ffi::{c_int, CStr, CString};
use std::rc::Rc;

use napi::sys::ValueType;
use rusqlite::ffi;

use crate::connection::{db_config, DbCore, OpenConfig, StatementFlags};
use crate::env_data::AddonEnv;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Tag, Value};
use crate::stmt_core;

pub static DATABASE_TAG: Tag = Tag::new(0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b);

/// What a JS `DatabaseSync` object wraps.
pub struct Database {
    pub core: Rc<DbCore>,
}

/// The connection behind a `dbExecHandle`-style handle: the External that
/// the facade keeps in the DatabaseSync's private field.
#[inline]
pub unsafe fn db_from_handle<'a>(env: Env, handle: Option<Value>) -> Result<&'a Rc<DbCore>> {
    let db: &Database = unsafe { js::external_ref(env, handle)? };
    Ok(&db.core)
}

/// The connection behind `this` (open or not).
#[inline]
pub unsafe fn this_db<'a>(env: Env, this: Value) -> Result<&'a Rc<DbCore>> {
    let db: &Database = unsafe { js::unwrap(env, this, &DATABASE_TAG)? };
    Ok(&db.core)
}

fn opt_bool(env: Env, obj: Value, name: &str, default: bool) -> Result<bool> {
    let v = js::get_named(env, obj, name)?;
    match js::type_of(env, v)? {
        ValueType::napi_boolean => js::get_bool(env, v),
        _ => Ok(default),
    }
}

/// The extra `encryptionKey` option: only the SQLCipher build can honour it,
/// and the default build refuses it rather than store data unencrypted.
fn encryption_key_option(env: Env, o: Value) -> Result<Option<Vec<u8>>> {
    let v = js::get_named(env, o, "encryptionKey")?;
    if js::type_of(env, v)? == ValueType::napi_undefined {
        return Ok(None);
    }
    let key = crate::encryption::key_bytes(env, v, "options.encryptionKey")?;
    if !crate::encryption::AVAILABLE {
        return Err(crate::encryption::unavailable());
    }
    Ok(Some(key))
}

/// The bytes of a string or Uint8Array argument.
fn bytes_arg(env: Env, v: Value) -> Result<Vec<u8>> {
    if js::type_of(env, v)? == ValueType::napi_string {
        let mut buf = Vec::new();
        js::read_string_into(env, v, &mut buf)?;
        return Ok(buf);
    }
    match js::bytes_of(env, v)? {
        Some(b) => Ok(b.to_vec()),
        None => Err(Error::invalid_arg_type(
            "The \"path\" argument must be a string, Uint8Array, or URL without null bytes.",
        )),
    }
}

native_method! {
    /// `new DatabaseSync(path[, options])`: the facade's `prepareDatabase`
    /// validates the arguments as node does and returns `[path, options]`, with
    /// `path` a string or bytes and `options.limits` as `[[id, value], ...]`.
    fn db_construct(env, args) {
        let mut new_target = std::ptr::null_mut();
        js::check(env, unsafe { napi::sys::napi_get_new_target(env, args.info_ptr(), &mut new_target) })?;
        if new_target.is_null() {
            return Err(Error::type_error("ERR_CONSTRUCT_CALL_REQUIRED", "Cannot call constructor without `new`"));
        }
        let this = args.this;
        let prepare = AddonEnv::helpers(env)?.prepare_database.get(env)?;
        let mut call_args = vec![this, js::int(env, args.len() as i64)?];
        call_args.extend_from_slice(args.all());
        let prepared = js::call(env, this, prepare, &call_args)?;
        let path = js::get_element(env, prepared, 0)?;
        let o = js::get_element(env, prepared, 1)?;
        let path = CString::new(bytes_arg(env, path)?).map_err(|_| {
            Error::invalid_arg_type("The \"path\" argument must be a string, Uint8Array, or URL without null bytes.")
        })?;
        let limits_arr = js::get_named(env, o, "limits")?;
        let mut limits = Vec::new();
        if js::type_of(env, limits_arr)? == ValueType::napi_object {
            for i in 0..js::array_length(env, limits_arr)? {
                let pair = js::get_element(env, limits_arr, i)?;
                let id = js::get_f64(env, js::get_element(env, pair, 0)?)? as i32;
                let value = js::get_f64(env, js::get_element(env, pair, 1)?)?;
                limits.push((id, value.min(i32::MAX as f64) as i32));
            }
        }
        let timeout = js::get_named(env, o, "timeout")?;
        let timeout = if js::type_of(env, timeout)? == ValueType::napi_number { js::get_f64(env, timeout)? as i32 } else { 0 };
        let config = OpenConfig {
            path,
            read_only: opt_bool(env, o, "readOnly", false)?,
            foreign_keys: opt_bool(env, o, "enableForeignKeyConstraints", true)?,
            double_quoted_strings: opt_bool(env, o, "enableDoubleQuotedStringLiterals", false)?,
            allow_extension: opt_bool(env, o, "allowExtension", false)?,
            timeout,
            defensive: opt_bool(env, o, "defensive", true)?,
            limits,
            encryption_key: encryption_key_option(env, o)?,
        };
        let defaults = StatementFlags {
            read_bigints: opt_bool(env, o, "readBigInts", false)?,
            return_arrays: opt_bool(env, o, "returnArrays", false)?,
            allow_bare_named: opt_bool(env, o, "allowBareNamedParameters", true)?,
            allow_unknown_named: opt_bool(env, o, "allowUnknownNamedParameters", false)?,
            read_null_undefined: opt_bool(env, o, "readNullAsUndefined", false)?,
        };
        let core = Rc::new(DbCore::new(env, config, defaults));
        // Node publishes nothing for the statements that closing finalizes.
        core.before_close(crate::diagnostics::detach);
        AddonEnv::register(env, &core)?;
        js::wrap(env, this, &DATABASE_TAG, Box::new(Database { core: core.clone() }))?;
        *core.owner.borrow_mut() = Some(js::Ref::weak(env, this)?);
        // The facade keeps this handle in a private field for its hot methods.
        let attach = js::get_element(env, prepared, 2)?;
        let handle = js::external(env, Box::new(Database { core: core.clone() }))?;
        js::call(env, js::undefined(env)?, attach, &[this, handle])?;
        crate::query_timeout::read_option(env, o, &core.query_timeout)?;
        let cache_size = js::get_named(env, o, "statementCache")?;
        if js::type_of(env, cache_size)? == ValueType::napi_number {
            core.statement_cache.set_capacity(js::get_f64(env, cache_size)? as usize);
        }
        if opt_bool(env, o, "open", true)? {
            open(&core)?;
        }
        Ok(this)
    }
}

/// Opens the connection with what the extras hook into a new handle: the
/// SQLCipher key before anything reads the file, then the query timeout's
/// progress handler, the statement cache's schema watch and query tracing.
fn open(core: &DbCore) -> Result<()> {
    let key = core.config.encryption_key.as_deref();
    core.open(|db| key.map_or(Ok(()), |key| crate::encryption::apply_key(db, key)))?;
    let db = core.handle()?;
    core.query_timeout.install(db);
    core.statement_cache.watch(db);
    crate::diagnostics::on_open(core);
    Ok(())
}

native_method! {
    fn db_open(env, args) {
        open(unsafe { this_db(env, args.this)? })?;
        js::undefined(env)
    }
}

native_method! {
    fn db_close(env, args) {
        unsafe { this_db(env, args.this)? }.close()?;
        js::undefined(env)
    }
}

native_method! {
    /// `db[Symbol.dispose]()`: close when open, else nothing.
    fn db_dispose(env, args) {
        let db = unsafe { this_db(env, args.this)? };
        // Inside one of its callbacks node leaves the connection open.
        if db.is_open() && db.callback_depth.get() == 0 {
            db.close()?;
        }
        js::undefined(env)
    }
}

native_method! {
    fn db_is_open(env, args) {
        js::boolean(env, unsafe { this_db(env, args.this)? }.is_open())
    }
}

native_method! {
    fn db_is_transaction(env, args) {
        let db = unsafe { this_db(env, args.this)? }.handle()?;
        js::boolean(env, unsafe { ffi::sqlite3_get_autocommit(db) } == 0)
    }
}

/// The `sql` argument as bytes, or node's TypeError.
fn sql_arg(env: Env, sql: Option<Value>) -> Result<Vec<u8>> {
    match sql {
        Some(v) if js::type_of(env, v)? == ValueType::napi_string => {
            let mut buf = Vec::new();
            crate::values::read_text(env, v, &mut buf)?;
            Ok(buf)
        }
        _ => Err(Error::invalid_arg_type(
            "The \"sql\" argument must be a string.",
        )),
    }
}

native_method! {
    /// `db.exec(sql)`: runs every statement, discarding rows.
    fn db_exec(env, args) {
        exec(env, unsafe { this_db(env, args.this)? }, args.get(0))
    }
}

native_method! {
    /// `dbExecHandle(handle, sql)`: `exec` for the facade, which keeps the
    /// connection's handle in a private field (no unwrap of `this`).
    fn db_exec_handle(env, args) {
        exec(env, unsafe { db_from_handle(env, args.get(0))? }, args.get(1))
    }
}

fn exec(env: Env, core: &Rc<DbCore>, sql: Option<Value>) -> Result<Value> {
    {
        let db = core.handle()?;
        core.check_not_in_authorizer()?;
        let sql = CString::new(sql_arg(env, sql)?).unwrap_or_else(|e| {
            // SQLite reads up to the first NUL, as node passes it.
            let pos = e.nul_position();
            CString::new(&e.into_vec()[..pos]).unwrap_or_default()
        });
        let _deadline = core.query_timeout.start();
        core.statement_cache.start_compiling();
        let rc = unsafe {
            ffi::sqlite3_exec(
                db,
                sql.as_ptr(),
                None,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        if core.statement_cache.compiled_schema_change() {
            core.statement_cache.schema_changed();
        }
        if rc != ffi::SQLITE_OK {
            let mut pending = false;
            unsafe { napi::sys::napi_is_exception_pending(env, &mut pending) };
            let pending = pending && !crate::vtab::drop_cleanup_exception(env, core);
            return Err(if pending {
                Error::Pending
            } else {
                Error::from_db(db)
            });
        }
        js::undefined(env)
    }
}

native_method! {
    /// `db.prepare(sql[, options])`.
    fn db_prepare(env, args) {
        prepare(env, unsafe { this_db(env, args.this)? }, args.get(0), args.get(1))
    }
}

native_method! {
    /// `dbPrepareHandle(handle, sql, options)`: `prepare` for the facade.
    fn db_prepare_handle(env, args) {
        prepare(env, unsafe { db_from_handle(env, args.get(0))? }, args.get(1), args.get(2))
    }
}

fn prepare(
    env: Env,
    core: &Rc<DbCore>,
    sql: Option<Value>,
    options: Option<Value>,
) -> Result<Value> {
    {
        core.handle()?;
        core.check_not_in_authorizer()?;
        let sql = sql_arg(env, sql)?;
        let mut flags = core.defaults.get();
        let mut persistent = false;
        if let Some(o) = options {
            match js::type_of(env, o)? {
                ValueType::napi_undefined => {}
                // node's IsObject(): a function is an options object too.
                ValueType::napi_object | ValueType::napi_function => {
                    let read = |name: &str, slot: &mut bool| -> Result<()> {
                        let v = js::get_named(env, o, name)?;
                        match js::type_of(env, v)? {
                            ValueType::napi_undefined => Ok(()),
                            ValueType::napi_boolean => {
                                *slot = js::get_bool(env, v)?;
                                Ok(())
                            }
                            _ => Err(Error::expected_boolean(&format!("options.{name}"))),
                        }
                    };
                    read("returnArrays", &mut flags.return_arrays)?;
                    read("readBigInts", &mut flags.read_bigints)?;
                    read("allowBareNamedParameters", &mut flags.allow_bare_named)?;
                    read(
                        "allowUnknownNamedParameters",
                        &mut flags.allow_unknown_named,
                    )?;
                    read("persistent", &mut persistent)?;
                    read("readNullAsUndefined", &mut flags.read_null_undefined)?;
                }
                _ => {
                    return Err(Error::invalid_arg_type(
                        "The \"options\" argument must be an object.",
                    ))
                }
            }
        }
        stmt_core::prepare(env, core, sql, flags, persistent)
    }
}

/// An optional schema-name argument (default `main`), validated as node does.
pub fn db_name_arg(env: Env, v: Option<Value>, what: &str) -> Result<CString> {
    match v {
        None => Ok(c"main".to_owned()),
        Some(v) => match js::type_of(env, v)? {
            ValueType::napi_undefined => Ok(c"main".to_owned()),
            ValueType::napi_string => {
                let mut buf = Vec::new();
                js::read_string_into(env, v, &mut buf)?;
                // SQLite reads the name up to its first NUL, as node passes it.
                buf.truncate(buf.iter().position(|&b| b == 0).unwrap_or(buf.len()));
                Ok(CString::new(buf).unwrap_or_default())
            }
            _ => Err(Error::invalid_arg_type(format!(
                "The \"{what}\" argument must be a string."
            ))),
        },
    }
}

native_method! {
    /// `db.location([dbName])`: the file's absolute path, or null.
    fn db_location(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let db = core.handle()?;
        let name = db_name_arg(env, args.get(0), "dbName")?;
        let p = unsafe { ffi::sqlite3_db_filename(db, name.as_ptr()) };
        if p.is_null() {
            return js::null(env);
        }
        let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
        if bytes.is_empty() {
            return js::null(env);
        }
        js::string_bytes(env, bytes)
    }
}

native_method! {
    /// `db.enableDefensive(active)`.
    fn db_enable_defensive(env, args) {
        let core = unsafe { this_db(env, args.this)? };
        let db = core.handle()?;
        core.check_not_in_authorizer()?;
        let active = match args.get(0) {
            Some(v) if js::type_of(env, v)? == ValueType::napi_boolean => js::get_bool(env, v)?,
            _ => return Err(Error::expected_boolean("active")),
        };
        db_config(db, ffi::SQLITE_DBCONFIG_DEFENSIVE, active as c_int)?;
        core.statement_cache.invalidate();
        js::undefined(env)
    }
}

native_method! {
    /// `dbGetLimit(db, id)`: the backing of `db.limits.<name>`.
    fn db_get_limit(env, args) {
        let core = unsafe { this_db(env, args.get(0).unwrap_or(args.this))? };
        let db = core.handle()?;
        let id = js::get_f64(env, args.get(1).ok_or_else(|| Error::Internal("limit id".into()))?)? as c_int;
        js::int(env, unsafe { ffi::sqlite3_limit(db, id, -1) } as i64)
    }
}

native_method! {
    /// `dbSetLimit(db, id, value)`: the facade has validated `value`; Infinity
    /// means the compile-time maximum. Returns the previous value.
    fn db_set_limit(env, args) {
        let core = unsafe { this_db(env, args.get(0).unwrap_or(args.this))? };
        let db = core.handle()?;
        let id = js::get_f64(env, args.get(1).ok_or_else(|| Error::Internal("limit id".into()))?)? as c_int;
        let value = js::get_f64(env, args.get(2).ok_or_else(|| Error::Internal("limit value".into()))?)?;
        let value = if value >= i32::MAX as f64 { i32::MAX } else { value as c_int };
        // Limits apply when SQL compiles: idle cached statements are stale.
        core.statement_cache.invalidate();
        js::int(env, unsafe { ffi::sqlite3_limit(db, id, value) } as i64)
    }
}
