//! `db.createModule()`: read-only virtual tables whose rows come from a JS
//! iterable, as node:sqlite (26.11) has them. The `sqlite3_module` is written
//! by hand (rusqlite's vtab traits own their rows in Rust; here every row is
//! pulled from a JS iterator while SQLite steps, so large tables stream).
//!
//! Errors follow node: a JS exception stays pending and the callback returns
//! `SQLITE_ERROR` (the statement rethrows the exception unchanged); an
//! iteration-protocol violation with nothing thrown becomes a SQLite error
//! message of its own (`ERR_SQLITE_ERROR`).

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr::null_mut;

use napi::sys::{self, ValueType};
use rusqlite::ffi;

use crate::callbacks::{set_result, CallbackScope};
use crate::connection::DbCore;
use crate::database::this_db;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Ref, Value};
use crate::values::sqlite_value_to_js;

thread_local! {
    /// > 0 while a statement or connection is torn down from a finalizer or
    /// the env cleanup hook, where no user JS may run (node skips `return()`
    /// there too: an abandoned generator does not run `finally` either).
    static JS_BLOCKED: Cell<u32> = const { Cell::new(0) };
}

struct BlockJs;

impl BlockJs {
    fn enter() -> BlockJs {
        JS_BLOCKED.with(|c| c.set(c.get() + 1));
        BlockJs
    }
}

impl Drop for BlockJs {
    fn drop(&mut self) {
        JS_BLOCKED.with(|c| c.set(c.get() - 1));
    }
}

/// Runs `f` (a finalizer's or teardown's cleanup) with calls into JS refused.
pub fn without_js<T>(f: impl FnOnce() -> T) -> T {
    let _guard = BlockJs::enter();
    f()
}

fn js_blocked() -> bool {
    JS_BLOCKED.with(|c| c.get() > 0)
}

/// One registered module; SQLite owns it (freed by `destroy_module`).
struct Module {
    env: Env,
    db: *const DbCore,
    rows: Ref,
    /// The facade's `step(iterator)`: runs one round of the iteration protocol
    /// in JS (`next` looked up and called, `done` then `value` read, as node
    /// does natively) and returns the row when it is an object, else a code.
    step: Ref,
    schema: CString,
    /// Schema index of each hidden column, in declaration order.
    hidden: Vec<c_int>,
    /// Per schema column: its index in a row, or `None` for a hidden column.
    row_index: Vec<Option<u32>>,
    use_bigint_args: bool,
    direct_only: bool,
    methods: ffi::sqlite3_module,
}

#[repr(C)]
struct VTab {
    base: ffi::sqlite3_vtab,
    module: *const Module,
}

#[repr(C)]
struct Cursor {
    base: ffi::sqlite3_vtab_cursor,
    module: *const Module,
    iterator: Option<Ref>,
    /// The current row when it is an object (a primitive row reads as NULLs).
    row: Option<Ref>,
    rowid: i64,
    done: bool,
    /// Copies of the values hidden columns were constrained to, by schema index.
    hidden_values: Vec<*mut ffi::sqlite3_value>,
}

impl Cursor {
    fn release_hidden_values(&mut self) {
        for value in &mut self.hidden_values {
            if !value.is_null() {
                unsafe { ffi::sqlite3_value_free(*value) };
                *value = null_mut();
            }
        }
    }
}

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
        let mut row_index = Vec::with_capacity(column_count);
        let mut next_visible = 0u32;
        for i in 0..column_count {
            if hidden_indices.contains(&(i as c_int)) {
                row_index.push(None);
            } else {
                row_index.push(Some(next_visible));
                next_visible += 1;
            }
        }
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

/// Each hidden column takes the first usable `=` constraint on it as a
/// `rows()` argument. A plan in which such a constraint exists but is not yet
/// usable is refused, so SQLite never calls `rows(null)` for a parameter the
/// query does give (node PR #66215).
unsafe extern "C" fn x_best_index(
    vtab: *mut ffi::sqlite3_vtab,
    info: *mut ffi::sqlite3_index_info,
) -> c_int {
    let module = unsafe { &*(*(vtab as *mut VTab)).module };
    let info = unsafe { &mut *info };
    let count = info.nConstraint.max(0) as usize;
    let constraints = unsafe { raw_slice(info.aConstraint, count) };
    let usage = unsafe { raw_slice_mut(info.aConstraintUsage, count) };
    let mut args = 0;
    // Hidden-column indices (not schema indices) in argv order, for xFilter.
    let mut order = String::new();
    for (hidden_index, &column) in module.hidden.iter().enumerate() {
        let mut unusable = false;
        let mut taken = false;
        for (i, c) in constraints.iter().enumerate() {
            if c.iColumn != column || c.op as c_int != ffi::SQLITE_INDEX_CONSTRAINT_EQ {
                continue;
            }
            if c.usable == 0 {
                unusable = true;
                continue;
            }
            args += 1;
            usage[i].argvIndex = args;
            usage[i].omit = 1;
            if !order.is_empty() {
                order.push(',');
            }
            order.push_str(&hidden_index.to_string());
            taken = true;
            break;
        }
        if unusable && !taken {
            return ffi::SQLITE_CONSTRAINT;
        }
    }
    if !order.is_empty() {
        let Ok(order) = CString::new(order) else {
            return ffi::SQLITE_INTERNAL;
        };
        info.idxStr = unsafe { ffi::sqlite3_mprintf(c"%s".as_ptr(), order.as_ptr()) };
        if info.idxStr.is_null() {
            return ffi::SQLITE_NOMEM;
        }
        info.needToFreeIdxStr = 1;
    }
    info.idxNum = args;
    // Each consumed parameter makes the plan cheaper, so SQLite prefers the
    // plan that hands the parameters to rows().
    let rows = (1000.0 / 10f64.powi(args)).max(1.0);
    info.estimatedRows = rows as i64;
    info.estimatedCost = rows;
    ffi::SQLITE_OK
}

unsafe fn raw_slice<'a, T>(p: *const T, n: usize) -> &'a [T] {
    if p.is_null() || n == 0 {
        &[]
    } else {
        unsafe { std::slice::from_raw_parts(p, n) }
    }
}

unsafe fn raw_slice_mut<'a, T>(p: *mut T, n: usize) -> &'a mut [T] {
    if p.is_null() || n == 0 {
        &mut []
    } else {
        unsafe { std::slice::from_raw_parts_mut(p, n) }
    }
}

unsafe extern "C" fn x_open(
    vtab: *mut ffi::sqlite3_vtab,
    out: *mut *mut ffi::sqlite3_vtab_cursor,
) -> c_int {
    let module = unsafe { (*(vtab as *mut VTab)).module };
    let columns = unsafe { &*module }.row_index.len();
    let cursor = Box::new(Cursor {
        base: unsafe { std::mem::zeroed() },
        module,
        iterator: None,
        row: None,
        rowid: 0,
        done: true,
        hidden_values: vec![null_mut(); columns],
    });
    unsafe { *out = Box::into_raw(cursor) as *mut ffi::sqlite3_vtab_cursor };
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_close(cursor: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    let mut cursor = unsafe { Box::from_raw(cursor as *mut Cursor) };
    // Runs a generator's `finally` when SQLite stops early (LIMIT, a `break`
    // out of iterate(), an error elsewhere). SQLite ignores xClose's result,
    // so a throwing cleanup is left pending for the caller, and remembered:
    // when the statement fails for a reason of SQLite's own, node reports
    // that error instead (its SQLite error replaces the pending exception).
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if close_iterator(&mut cursor) {
            remember_cleanup_exception(&cursor);
        }
    }));
    cursor.release_hidden_values();
    ffi::SQLITE_OK
}

/// Keeps (a reference to) the pending exception a cursor's cleanup threw,
/// leaving it pending. Primitives cannot be referenced (Node-API 8), so a
/// thrown primitive always stands.
fn remember_cleanup_exception(cursor: &Cursor) {
    let module = unsafe { &*cursor.module };
    let env = module.env;
    let db = unsafe { &*module.db };
    let mut thrown = null_mut();
    if unsafe { sys::napi_get_and_clear_last_exception(env, &mut thrown) } != sys::Status::napi_ok {
        return;
    }
    let kept = if is_object(env, thrown).unwrap_or(false) {
        Ref::new(env, thrown).ok()
    } else {
        None
    };
    *db.vtab_cleanup_error.borrow_mut() = kept;
    unsafe { sys::napi_throw(env, thrown) };
}

/// For a statement that failed with a JS exception pending: true, with the
/// exception cleared, when it is the one a cursor's `return()` threw, so the
/// caller reports SQLite's own error as node does.
pub fn drop_cleanup_exception(env: Env, db: &DbCore) -> bool {
    let Some(kept) = db.vtab_cleanup_error.borrow_mut().take() else {
        return false;
    };
    let mut thrown = null_mut();
    if unsafe { sys::napi_get_and_clear_last_exception(env, &mut thrown) } != sys::Status::napi_ok {
        return false;
    }
    let mut same = false;
    if let Ok(value) = kept.get(env) {
        unsafe { sys::napi_strict_equals(env, value, thrown, &mut same) };
    }
    if !same {
        unsafe { sys::napi_throw(env, thrown) };
    }
    same
}

/// Calls the current iterator's `return()`, unless no JS may run or an
/// exception is already pending (calling JS would discard it; a generator
/// whose body threw has run its `finally` already). True when it threw.
fn close_iterator(cursor: &mut Cursor) -> bool {
    let Some(iterator) = cursor.iterator.take() else {
        return false;
    };
    let module = unsafe { &*cursor.module };
    let env = module.env;
    if js_blocked() || exception_pending(env) {
        return false;
    }
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    let threw = (|| -> Result<bool> {
        let it = iterator.get(env)?;
        // A throwing `return` getter counts as a throwing return().
        let method = named(env, it, c"return")?;
        if js::type_of(env, method)? != ValueType::napi_function {
            return Ok(false);
        }
        js::call(env, it, method, &[])?;
        Ok(false)
    })();
    match threw {
        Ok(threw) => threw,
        Err(err) => {
            err.throw(env);
            true
        }
    }
}

unsafe extern "C" fn x_filter(
    cursor: *mut ffi::sqlite3_vtab_cursor,
    _idx_num: c_int,
    idx_str: *const c_char,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) -> c_int {
    let cursor = unsafe { &mut *(cursor as *mut Cursor) };
    if js_blocked() {
        return ffi::SQLITE_ERROR;
    }
    let module = unsafe { &*cursor.module };
    let env = module.env;
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    // SQLite re-filters a cursor for each outer row of a join: the previous
    // iterator is abandoned mid-way, so it gets its `return()` (node PR #66195).
    if close_iterator(cursor) {
        return ffi::SQLITE_ERROR;
    }
    cursor.rowid = 0;
    cursor.done = false;
    cursor.row = None;
    cursor.release_hidden_values();
    let values = unsafe { raw_slice(argv as *const *mut ffi::sqlite3_value, argc.max(0) as usize) };
    let order = if idx_str.is_null() {
        &[][..]
    } else {
        unsafe { CStr::from_ptr(idx_str) }.to_bytes()
    };
    guarded(cursor, |cursor| {
        let mut args = vec![js::null(env)?; module.hidden.len()];
        let positions = order.split(|&b| b == b',').filter(|s| !s.is_empty());
        for (&value, position) in values.iter().zip(positions) {
            let hidden_index: usize = std::str::from_utf8(position)
                .ok()
                .and_then(|s| s.parse().ok())
                .filter(|&i| i < module.hidden.len())
                .ok_or_else(|| Error::Internal("virtual table: bad index string".into()))?;
            args[hidden_index] = sqlite_value_to_js(env, value, module.use_bigint_args)?;
            // A hidden column reads back what it was constrained to (SQLite
            // may still re-check the constraint against it).
            let copy = unsafe { ffi::sqlite3_value_dup(value) };
            if copy.is_null() {
                return Ok(ffi::SQLITE_NOMEM);
            }
            cursor.hidden_values[module.hidden[hidden_index] as usize] = copy;
        }
        let result = js::call(env, js::undefined(env)?, module.rows.get(env)?, &args)?;
        if !is_object(env, result)? {
            return Ok(protocol_error(
                cursor,
                c"The \"options.rows\" function must return an iterable object",
            ));
        }
        let mut iterator = result;
        let method = js::get_property(env, result, iterator_symbol(env)?)?;
        if js::type_of(env, method)? == ValueType::napi_function {
            iterator = js::call(env, result, method, &[])?;
            if !is_object(env, iterator)? {
                return Ok(protocol_error(
                    cursor,
                    c"The \"options.rows\" iterable's Symbol.iterator method must return an object",
                ));
            }
        }
        cursor.iterator = Some(Ref::new(env, iterator)?);
        advance(env, cursor)
    })
}

unsafe extern "C" fn x_next(cursor: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    let cursor = unsafe { &mut *(cursor as *mut Cursor) };
    if js_blocked() {
        return ffi::SQLITE_ERROR;
    }
    let module = unsafe { &*cursor.module };
    let env = module.env;
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    guarded(cursor, |cursor| advance(env, cursor))
}

/// What the facade's `step()` returns when the iterator gave no object row.
const STEP_PRIMITIVE_ROW: i32 = 1;
const STEP_DONE: i32 = 2;
const STEP_NO_NEXT: i32 = 3;
const STEP_BAD_RESULT: i32 = 4;

/// Pulls the next row from the iterator.
fn advance(env: Env, cursor: &mut Cursor) -> Result<c_int> {
    let module = unsafe { &*cursor.module };
    let Some(iterator) = &cursor.iterator else {
        cursor.done = true;
        return Ok(ffi::SQLITE_OK);
    };
    let outcome = js::call(
        env,
        js::undefined(env)?,
        module.step.get(env)?,
        &[iterator.get(env)?],
    )?;
    if is_object(env, outcome)? {
        cursor.done = false;
        cursor.rowid += 1;
        cursor.row = Some(Ref::new(env, outcome)?);
        return Ok(ffi::SQLITE_OK);
    }
    let mut code = 0;
    js::check(env, unsafe {
        sys::napi_get_value_int32(env, outcome, &mut code)
    })?;
    Ok(match code {
        STEP_PRIMITIVE_ROW => {
            cursor.done = false;
            cursor.rowid += 1;
            cursor.row = None;
            ffi::SQLITE_OK
        }
        STEP_DONE => {
            cursor.done = true;
            cursor.row = None;
            ffi::SQLITE_OK
        }
        STEP_NO_NEXT => protocol_error(
            cursor,
            c"The \"options.rows\" iterator must have a next() method",
        ),
        STEP_BAD_RESULT => protocol_error(
            cursor,
            c"The \"options.rows\" iterator's next() method must return an object",
        ),
        _ => {
            return Err(Error::Internal(
                "virtual table: unexpected step result".into(),
            ))
        }
    })
}

unsafe extern "C" fn x_eof(cursor: *mut ffi::sqlite3_vtab_cursor) -> c_int {
    unsafe { (*(cursor as *mut Cursor)).done as c_int }
}

unsafe extern "C" fn x_rowid(
    cursor: *mut ffi::sqlite3_vtab_cursor,
    out: *mut ffi::sqlite3_int64,
) -> c_int {
    unsafe { *out = (*(cursor as *mut Cursor)).rowid };
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_column(
    cursor: *mut ffi::sqlite3_vtab_cursor,
    ctx: *mut ffi::sqlite3_context,
    i: c_int,
) -> c_int {
    let cursor = unsafe { &mut *(cursor as *mut Cursor) };
    let module = unsafe { &*cursor.module };
    let Some(&slot) = usize::try_from(i)
        .ok()
        .and_then(|i| module.row_index.get(i))
    else {
        unsafe { ffi::sqlite3_result_null(ctx) };
        return ffi::SQLITE_OK;
    };
    let Some(index) = slot else {
        let value = cursor.hidden_values[i as usize];
        unsafe {
            if value.is_null() {
                ffi::sqlite3_result_null(ctx);
            } else {
                ffi::sqlite3_result_value(ctx, value);
            }
        }
        return ffi::SQLITE_OK;
    };
    if js_blocked() {
        return ffi::SQLITE_ERROR;
    }
    let env = module.env;
    let _scope = CallbackScope::enter(env, unsafe { &*module.db });
    let rc = guarded(cursor, |cursor| {
        let Some(row) = &cursor.row else {
            unsafe { ffi::sqlite3_result_null(ctx) };
            return Ok(ffi::SQLITE_OK);
        };
        // Read lazily: a getter on the row runs only for the columns asked for.
        let value = js::get_element(env, row.get(env)?, index)?;
        set_column(env, ctx, value)?;
        Ok(ffi::SQLITE_OK)
    });
    if rc != ffi::SQLITE_OK && exception_pending(env) {
        // The pending exception is what the statement rethrows.
        unsafe { ffi::sqlite3_result_error(ctx, c"".as_ptr(), 0) };
    }
    rc
}

thread_local! {
    /// Reused for the UTF-8 bytes of string column values.
    static TEXT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A column's value as SQLite's result: the common kinds directly, anything
/// else through the user-defined function rules (node shares them), which
/// also give booleans, promises and other objects their errors.
fn set_column(env: Env, ctx: *mut ffi::sqlite3_context, value: Value) -> Result<()> {
    match js::type_of(env, value)? {
        ValueType::napi_number => unsafe {
            ffi::sqlite3_result_double(ctx, js::get_f64(env, value)?)
        },
        ValueType::napi_null | ValueType::napi_undefined => unsafe {
            ffi::sqlite3_result_null(ctx)
        },
        ValueType::napi_string => TEXT.with(|text| -> Result<()> {
            let mut text = text
                .try_borrow_mut()
                .map_err(|_| Error::Internal("virtual table: text buffer busy".into()))?;
            js::read_string_into(env, value, &mut text)?;
            unsafe {
                ffi::sqlite3_result_text64(
                    ctx,
                    text.as_ptr() as *const c_char,
                    text.len() as u64,
                    ffi::SQLITE_TRANSIENT(),
                    ffi::SQLITE_UTF8 as u8,
                )
            };
            Ok(())
        })?,
        _ => set_result(env, ctx, value)?,
    }
    Ok(())
}

/// Runs a callback body: a JS exception (or one of ours, thrown now) stays
/// pending and the callback fails; a panic becomes a SQLite error message.
fn guarded(cursor: &mut Cursor, body: impl FnOnce(&mut Cursor) -> Result<c_int>) -> c_int {
    let env = unsafe { &*cursor.module }.env;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&mut *cursor)));
    match outcome {
        Ok(Ok(rc)) => rc,
        Ok(Err(err)) => {
            err.throw(env);
            ffi::SQLITE_ERROR
        }
        Err(_) => protocol_error(cursor, c"internal error in a virtual table callback"),
    }
}

/// Reports an error of the module's own making (nothing was thrown).
fn protocol_error(cursor: &mut Cursor, message: &CStr) -> c_int {
    let vtab = cursor.base.pVtab;
    if !vtab.is_null() {
        unsafe {
            ffi::sqlite3_free((*vtab).zErrMsg as *mut c_void);
            (*vtab).zErrMsg = ffi::sqlite3_mprintf(c"%s".as_ptr(), message.as_ptr());
        }
    }
    ffi::SQLITE_ERROR
}

fn exception_pending(env: Env) -> bool {
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    pending
}

/// `obj[name]` for a fixed ASCII name (one Node-API call).
fn named(env: Env, obj: Value, name: &CStr) -> Result<Value> {
    let mut v = null_mut();
    js::check(env, unsafe {
        sys::napi_get_named_property(env, obj, name.as_ptr(), &mut v)
    })?;
    Ok(v)
}

/// typeof is "object" (not null) or "function", as V8's `IsObject()`.
fn is_object(env: Env, value: Value) -> Result<bool> {
    Ok(matches!(
        js::type_of(env, value)?,
        ValueType::napi_object | ValueType::napi_function
    ))
}

fn iterator_symbol(env: Env) -> Result<Value> {
    let mut global = null_mut();
    js::check(env, unsafe { sys::napi_get_global(env, &mut global) })?;
    let symbol = named(env, global, c"Symbol")?;
    named(env, symbol, c"iterator")
}
