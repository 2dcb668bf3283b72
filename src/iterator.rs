//! The iterator returned by `stmt.iterate()`: steps the statement lazily and
//! is invalidated when the statement executes again.

use std::cell::Cell;
use std::rc::Rc;

use rusqlite::ffi;

use crate::env_data::AddonEnv;
use crate::errors::{Error, Result};
use crate::js::{self, native_method, Env, Value};
use crate::stmt_core::{DbLock, Running, StmtCore};

pub struct StatementIterator {
    core: Rc<StmtCore>,
    generation: u64,
    done: Cell<bool>,
}

/// A new iterator's handle; the facade wraps it in a `StatementSyncIterator`.
pub fn create(env: Env, core: Rc<StmtCore>) -> Result<Value> {
    let generation = core.generation.get();
    js::external(
        env,
        Box::new(StatementIterator {
            core,
            generation,
            done: Cell::new(false),
        }),
    )
}

fn done_result(env: Env) -> Result<Value> {
    let make = AddonEnv::helpers(env)?.done_result.get(env)?;
    js::call(env, js::undefined(env)?, make, &[])
}

impl StatementIterator {
    /// The statement handle if this iterator may still use it.
    fn live_handle(&self) -> Result<*mut ffi::sqlite3_stmt> {
        let stmt = self.core.raw()?;
        if self.core.generation.get() != self.generation {
            return Err(Error::invalid_state("iterator was invalidated"));
        }
        Ok(stmt)
    }

    fn finish(&self, stmt: *mut ffi::sqlite3_stmt) {
        self.done.set(true);
        self.core.reset(stmt);
    }
}

native_method! {
    /// `iterator.next()`.
    fn iter_next(env, args) {
        let it: &StatementIterator = unsafe { js::external_ref(env, args.get(0))? };
        it.core.raw()?;
        if it.done.get() {
            return done_result(env);
        }
        it.core.db.check_not_in_authorizer()?;
        // node reports re-entry before invalidation (a run that has just
        // begun, e.g. binding, has already invalidated this iterator).
        if it.core.executing.get() {
            return Err(Error::invalid_state("statement is already being executed"));
        }
        let stmt = it.live_handle()?;
        let _lock = DbLock::new(&it.core.db)?;
        let _running = Running::new(&it.core);
        let _deadline = it.core.db.query_timeout.start();
        match it.core.step(stmt) {
            ffi::SQLITE_ROW => {
                let f = it.core.flags.get();
                let built = it
                    .core
                    .shape
                    .borrow_mut()
                    .functions_for(env, stmt, f)
                    .and_then(|fns| fns.iter_result(env, stmt));
                if built.is_err() {
                    it.finish(stmt);
                }
                built
            }
            ffi::SQLITE_DONE => {
                it.finish(stmt);
                done_result(env)
            }
            _ => {
                let err = it.core.step_error(env);
                it.finish(stmt);
                Err(err)
            }
        }
    }
}

native_method! {
    /// `iterator.return()`: ends the iteration and resets the statement.
    fn iter_return(env, args) {
        let it: &StatementIterator = unsafe { js::external_ref(env, args.get(0))? };
        it.core.raw()?;
        // An invalidated or finished iterator just reports that it is done.
        if !it.done.get() {
            it.core.db.check_not_in_authorizer()?;
            let stmt = it.core.raw()?;
            if it.core.generation.get() == it.generation {
                it.finish(stmt);
            }
            it.done.set(true);
        }
        done_result(env)
    }
}
