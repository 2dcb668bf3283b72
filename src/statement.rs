//! `StatementSync`: a prepared statement on a connection. Its methods are raw
//! Node-API callbacks installed on the facade's prototype (design §2.4b).

use std::ffi::CStr;
use std::rc::Rc;

use rusqlite::ffi;

use crate::bind::bind_params;
use crate::env_data::AddonEnv;
use crate::errors::{Error, Result};
use crate::iterator;
use crate::js::{self, native_method, Args, Env, Value};
use crate::rows::RowBatch;
use crate::run_scratch::RunScratch;
use crate::stmt_core::{Running, Statement, StmtCore, STAT_COUNTERS};
use crate::values::{integer_to_js, too_large_for_number, MAX_SAFE_INTEGER};

/// The statement whose handle is the call's first argument.
#[inline]
unsafe fn this_statement<'a>(env: Env, args: &Args) -> Result<&'a Rc<StmtCore>> {
    let s: &Statement = unsafe { js::external_ref(env, args.get(0))? };
    Ok(&s.core)
}

/// The call's arguments after the handle.
#[inline]
fn params(args: &Args) -> &[Value] {
    args.all().get(1..).unwrap_or(&[])
}

native_method! {
    /// `stmt.get(...params)`: the first row or `undefined`.
    fn stmt_get(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.begin_execution()?;
        let _deadline = core.db.query_timeout.start();
        let result = (|| {
            let _lock = bind_params(env, core, stmt, params(&args))?;
            let _running = Running::new(core);
            match core.step(stmt) {
                ffi::SQLITE_ROW => {
                    let f = core.flags.get();
                    let fns = core.shape.borrow_mut().functions_for(env, stmt, f)?;
                    fns.row(env, stmt)
                }
                ffi::SQLITE_DONE => js::undefined(env),
                _ => Err(core.step_error(env)),
            }
        })();
        core.reset(stmt);
        result
    }
}

native_method! {
    /// `stmt.all(...params)`: every row.
    fn stmt_all(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.begin_execution()?;
        let _deadline = core.db.query_timeout.start();
        let result = (|| {
            let _lock = bind_params(env, core, stmt, params(&args))?;
            let _running = Running::new(core);
            let rows = js::array(env, 0)?;
            let mut rc = core.step(stmt);
            if rc == ffi::SQLITE_ROW {
                let f = core.flags.get();
                let fns = core.shape.borrow_mut().functions_for(env, stmt, f)?;
                let mut batch = RowBatch::new(rows, &fns);
                while rc == ffi::SQLITE_ROW {
                    batch.add(env, &fns, stmt)?;
                    rc = core.step(stmt);
                }
                if rc == ffi::SQLITE_DONE {
                    batch.flush(env, &fns)?;
                }
            }
            match rc {
                ffi::SQLITE_DONE => Ok(rows),
                _ => Err(core.step_error(env)),
            }
        })();
        core.reset(stmt);
        result
    }
}

/// Runs the statement to completion; returns `(changes, lastInsertRowid)`.
fn run_to_end(env: Env, core: &StmtCore, args: &[Value]) -> Result<(i64, i64)> {
    let stmt = core.begin_execution()?;
    let _deadline = core.db.query_timeout.start();
    let result = (|| {
        let _lock = bind_params(env, core, stmt, args)?;
        let _running = Running::new(core);
        loop {
            match core.step(stmt) {
                ffi::SQLITE_ROW => continue,
                ffi::SQLITE_DONE => break,
                _ => return Err(core.step_error(env)),
            }
        }
        let db = core.db.handle()?;
        Ok(unsafe {
            (
                ffi::sqlite3_changes64(db),
                ffi::sqlite3_last_insert_rowid(db),
            )
        })
    })();
    core.reset(stmt);
    result
}

native_method! {
    /// `stmt.run(...params)`: `{ changes, lastInsertRowid }`.
    fn stmt_run(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let (changes, last) = run_to_end(env, core, params(&args))?;
        let big = core.flags.get().read_bigints;
        let changes = integer_to_js(env, changes, big)?;
        let last = integer_to_js(env, last, big)?;
        let make = AddonEnv::helpers(env)?.run_result.get(env)?;
        js::call(env, js::undefined(env)?, make, &[changes, last])
    }
}

native_method! {
    /// `stmtRunScratch(arrayBuffer)`: the facade's buffer for `stmtRunInto`.
    fn stmt_run_scratch(env, args) {
        let buffer = args.get(0).ok_or_else(|| Error::Internal("stmtRunScratch: missing buffer".into()))?;
        AddonEnv::get(env)?.run_scratch = Some(RunScratch::new(env, buffer)?);
        js::undefined(env)
    }
}

native_method! {
    /// `stmtRunInto(handle, ...params)`: `run()` without building its result
    /// here. Writes changes and lastInsertRowid to the scratch buffer — as two
    /// doubles, or as two int64s when it returns true (readBigInts) — and the
    /// facade reads them into the result object.
    fn stmt_run_into(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let (changes, last) = run_to_end(env, core, params(&args))?;
        let big = core.flags.get().read_bigints;
        let scratch = AddonEnv::get(env)?
            .run_scratch
            .as_ref()
            .ok_or_else(|| Error::Internal("stmtRunInto before stmtRunScratch".into()))?;
        let out = scratch.data();
        if big {
            unsafe {
                std::ptr::write_unaligned(out as *mut i64, changes);
                std::ptr::write_unaligned((out as *mut i64).add(1), last);
            }
        } else {
            for v in [changes, last] {
                if !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&v) {
                    return Err(too_large_for_number(v));
                }
            }
            unsafe {
                std::ptr::write_unaligned(out as *mut f64, changes as f64);
                std::ptr::write_unaligned((out as *mut f64).add(1), last as f64);
            }
        }
        js::boolean(env, big)
    }
}

native_method! {
    /// `stmt.iterate(...params)`: a lazy iterator over the rows.
    fn stmt_iterate(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.begin_execution()?;
        if let Err(e) = bind_params(env, core, stmt, params(&args)) {
            core.reset(stmt);
            return Err(e);
        }
        iterator::create(env, core.clone())
    }
}

native_method! {
    /// `stmt.columns()`: null-prototype descriptors of the result columns.
    fn stmt_columns(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.raw()?;
        let n = unsafe { ffi::sqlite3_column_count(stmt) };
        let out = js::array(env, n as usize)?;
        let make = AddonEnv::helpers(env)?.column_info.get(env)?;
        let text = |p: *const std::ffi::c_char| -> Result<Value> {
            if p.is_null() { js::null(env) } else { js::string_bytes(env, unsafe { CStr::from_ptr(p) }.to_bytes()) }
        };
        for i in 0..n {
            let fields = unsafe {
                [
                    text(ffi::sqlite3_column_origin_name(stmt, i))?,
                    text(ffi::sqlite3_column_database_name(stmt, i))?,
                    text(ffi::sqlite3_column_name(stmt, i))?,
                    text(ffi::sqlite3_column_table_name(stmt, i))?,
                    text(ffi::sqlite3_column_decltype(stmt, i))?,
                ]
            };
            let info = js::call(env, js::undefined(env)?, make, &fields)?;
            js::set_element(env, out, i as u32, info)?;
        }
        Ok(out)
    }
}

native_method! {
    /// `sourceSQL` getter.
    fn stmt_source_sql(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.raw()?;
        js::string_bytes(env, unsafe { CStr::from_ptr(ffi::sqlite3_sql(stmt)) }.to_bytes())
    }
}

native_method! {
    /// `expandedSQL` getter: the SQL with the current bindings substituted.
    fn stmt_expanded_sql(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.raw()?;
        let p = unsafe { ffi::sqlite3_expanded_sql(stmt) };
        if p.is_null() {
            // node's message (and no errcode) when expansion fails, e.g. past SQLITE_LIMIT_LENGTH.
            return Err(Error::Node {
                class: crate::errors::Class::Error,
                code: Some("ERR_SQLITE_ERROR"),
                message: "Expanded SQL text would exceed configured limits".into(),
            });
        }
        let s = js::string_bytes(env, unsafe { CStr::from_ptr(p) }.to_bytes());
        unsafe { ffi::sqlite3_free(p as *mut _) };
        s
    }
}

/// Reads a required boolean argument with node's message.
fn bool_arg(env: Env, args: &Args, name: &str) -> Result<bool> {
    match args.get(1) {
        Some(v) if js::type_of(env, v)? == napi::sys::ValueType::napi_boolean => {
            js::get_bool(env, v)
        }
        _ => Err(Error::expected_boolean(name)),
    }
}

macro_rules! flag_setter {
    ($name:ident, $arg:literal, $field:ident) => {
        native_method! {
            fn $name(env, args) {
                let core = unsafe { this_statement(env, &args)? };
                core.raw()?;
                let value = bool_arg(env, &args, $arg)?;
                let mut f = core.flags.get();
                f.$field = value;
                core.flags.set(f);
                js::undefined(env)
            }
        }
    };
}

flag_setter!(stmt_set_read_bigints, "readBigInts", read_bigints);
flag_setter!(stmt_set_return_arrays, "returnArrays", return_arrays);
flag_setter!(
    stmt_set_allow_bare_named,
    "allowBareNamedParameters",
    allow_bare_named
);
flag_setter!(stmt_set_allow_unknown_named, "enabled", allow_unknown_named);

native_method! {
    /// `stmt.stat(counter)`.
    fn stmt_stat(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.raw()?;
        let name = match args.get(1) {
            Some(v) if js::type_of(env, v)? == napi::sys::ValueType::napi_string => js::get_string(env, v)?,
            _ => return Err(Error::invalid_arg_type("The \"counter\" argument must be a string.")),
        };
        let op = STAT_COUNTERS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, op)| op)
            .ok_or_else(|| Error::invalid_arg_value("The \"counter\" argument is not a valid statistic name."))?;
        js::int(env, unsafe { ffi::sqlite3_stmt_status(stmt, op, 0) } as i64)
    }
}

native_method! {
    /// `stmt.resetStats()`: zeroes every counter but `memused`.
    fn stmt_reset_stats(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        let stmt = core.raw()?;
        for &(_, op) in STAT_COUNTERS.iter().filter(|(n, _)| *n != "memused") {
            unsafe { ffi::sqlite3_stmt_status(stmt, op, 1) };
        }
        js::undefined(env)
    }
}

native_method! {
    /// `stmt.close()` / `stmt.finalize()`.
    fn stmt_close(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        core.raw()?;
        if core.executing.get() {
            return Err(Error::invalid_state("statement is already being executed"));
        }
        core.release();
        js::undefined(env)
    }
}

native_method! {
    /// `stmt[Symbol.dispose]()`: like close, but a no-op when finalized.
    fn stmt_dispose(env, args) {
        let core = unsafe { this_statement(env, &args)? };
        if core.raw().is_ok() {
            if core.executing.get() {
                return Err(Error::invalid_state("statement is already being executed"));
            }
            core.release();
        }
        js::undefined(env)
    }
}
