//! `@photostructure/sqlite`: node:sqlite as a Rust Node-API addon.
//!
//! The addon exports one object of native functions; `index.js` builds the
//! node:sqlite classes around them (validation, property layout) and installs
//! the hot methods on the prototypes directly.

mod aggregates;
mod authorizer;
mod backup;
mod bare_names;
mod bind;
mod callbacks;
mod changeset;
mod changeset_iter;
mod changeset_ops;
mod connection;
mod database;
mod database_extras;
mod dependents;
mod diagnostics;
mod encryption;
mod env_data;
mod errors;
mod extension;
mod functions;
mod host;
mod iterator;
mod js;
mod pool;
mod pool_exec;
mod pool_registry;
mod pool_values;
mod query_timeout;
mod row_factory_cache;
mod rows;
mod run_scratch;
mod serialize;
mod session;
mod statement;
mod statement_cache;
mod statement_extras;
mod step_scope;
mod stmt_core;
mod tag_store;
mod task_value;
mod teardown;
mod unpublished;
mod values;
mod vtab;

use napi::bindgen_prelude::{Env, JsValue, Object};
use napi::sys;

use crate::env_data::{AddonEnv, Classes, Helpers};
use crate::errors::{Error, Result};
use crate::js::{native_method, Callback, Ref};

native_method! {
    /// `setup(helpers)`: the facade hands over its constructors and factories.
    fn setup(env, args) {
        let Some(h) = args.get(0) else {
            return Err(Error::Internal("setup: missing helpers".into()));
        };
        let get = |name: &str| -> Result<Ref> { Ref::new(env, js::get_named(env, h, name)?) };
        let helpers = Helpers {
            prepare_database: get("prepareDatabase")?,
            row_factory: get("rowFactory")?,
            array_factory: get("arrayFactory")?,
            done_result: get("doneResult")?,
            run_result: get("runResult")?,
            column_info: get("columnInfo")?,
            is_shared_array_buffer: get("sharedArrayBufferView")?,
        };
        AddonEnv::get(env)?.helpers = Some(helpers);
        js::undefined(env)
    }
}

/// Every native function the facade uses, by the name it is exported under and
/// the name the function itself carries (node's method name where it becomes
/// a prototype method).
const NATIVE_FUNCTIONS: &[(&str, &str, Callback)] = &[
    ("setup", "setup", setup),
    ("dbOpen", "open", database::db_open),
    ("dbClose", "close", database::db_close),
    ("dbDispose", "", database::db_dispose),
    ("dbIsOpen", "", database::db_is_open),
    ("dbIsTransaction", "", database::db_is_transaction),
    ("dbExec", "exec", database::db_exec),
    ("dbExecHandle", "exec", database::db_exec_handle),
    ("dbPrepare", "prepare", database::db_prepare),
    ("dbPrepareHandle", "prepare", database::db_prepare_handle),
    ("dbLocation", "location", database::db_location),
    (
        "dbEnableDefensive",
        "enableDefensive",
        database::db_enable_defensive,
    ),
    ("dbGetLimit", "getLimit", database::db_get_limit),
    ("dbSetLimit", "setLimit", database::db_set_limit),
    ("dbRekey", "rekey", database_extras::db_rekey),
    ("dbFunction", "function", functions::db_function),
    ("dbAggregate", "aggregate", aggregates::db_aggregate),
    (
        "dbSetAuthorizer",
        "setAuthorizer",
        authorizer::db_set_authorizer,
    ),
    ("dbSerialize", "serialize", serialize::db_serialize),
    ("dbDeserialize", "deserialize", serialize::db_deserialize),
    (
        "dbEnableLoadExtension",
        "enableLoadExtension",
        extension::db_enable_load_extension,
    ),
    (
        "dbLoadExtension",
        "loadExtension",
        extension::db_load_extension,
    ),
    (
        "setQueryTracing",
        "setQueryTracing",
        diagnostics::set_query_tracing,
    ),
    ("tagStoreCheckDb", "", tag_store::tag_store_check_db),
    ("stmtParameterCount", "", tag_store::stmt_parameter_count),
    ("stmtGet", "get", statement::stmt_get),
    ("stmtAll", "all", statement::stmt_all),
    ("stmtRun", "run", statement::stmt_run),
    ("stmtRunInto", "run", statement::stmt_run_into),
    ("stmtRunScratch", "", statement::stmt_run_scratch),
    ("stmtIterate", "iterate", statement::stmt_iterate),
    ("stmtColumns", "columns", statement::stmt_columns),
    ("stmtSourceSQL", "sourceSQL", statement::stmt_source_sql),
    (
        "stmtExpandedSQL",
        "expandedSQL",
        statement::stmt_expanded_sql,
    ),
    (
        "stmtSetReadBigInts",
        "setReadBigInts",
        statement::stmt_set_read_bigints,
    ),
    (
        "stmtSetReturnArrays",
        "setReturnArrays",
        statement::stmt_set_return_arrays,
    ),
    (
        "stmtSetAllowBareNamedParameters",
        "setAllowBareNamedParameters",
        statement::stmt_set_allow_bare_named,
    ),
    (
        "stmtSetAllowUnknownNamedParameters",
        "setAllowUnknownNamedParameters",
        statement::stmt_set_allow_unknown_named,
    ),
    ("stmtStat", "stat", statement::stmt_stat),
    ("stmtResetStats", "resetStats", statement::stmt_reset_stats),
    ("stmtClose", "close", statement::stmt_close),
    ("stmtDispose", "dispose", statement::stmt_dispose),
    ("iterNext", "next", iterator::iter_next),
    ("iterReturn", "return", iterator::iter_return),
    (
        "dbCreateSession",
        "createSession",
        session::db_create_session,
    ),
    (
        "dbApplyChangeset",
        "applyChangeset",
        changeset::db_apply_changeset,
    ),
    ("sessionChangeset", "changeset", session::session_changeset),
    ("sessionPatchset", "patchset", session::session_patchset),
    ("sessionClose", "close", session::session_close),
    ("sessionDispose", "", session::session_dispose),
    (
        "sessionChangesetInvert",
        "changesetInvert",
        session::session_changeset_invert,
    ),
    (
        "changesetInvert",
        "changesetInvert",
        changeset_ops::changeset_invert,
    ),
    (
        "changesetConcat",
        "changesetConcat",
        changeset_ops::changeset_concat,
    ),
    (
        "changesetInspect",
        "changesetInspect",
        changeset_ops::changeset_inspect,
    ),
    ("backupRun", "backup", backup::backup_run),
    ("backupStop", "", backup::backup_stop),
    ("poolOpen", "", pool::pool_open),
    ("poolRequest", "", pool::pool_request),
    ("poolExecute", "", pool::pool_execute),
    ("poolClose", "", pool::pool_close),
    ("poolInterruptAll", "", pool::pool_interrupt_all),
    ("dbCreateModule", "createModule", vtab::db_create_module),
    ("dbInterrupt", "interrupt", database_extras::db_interrupt),
    ("dbIdleStatements", "", database_extras::db_idle_statements),
    ("dbDependents", "", database_extras::db_dependents),
    ("stmtReader", "reader", statement_extras::stmt_reader),
    ("stmtReadonly", "readonly", statement_extras::stmt_readonly),
    (
        "stmtSetReadNullAsUndefined",
        "setReadNullAsUndefined",
        statement_extras::stmt_set_read_null_as_undefined,
    ),
];

#[napi_derive::napi(module_exports)]
pub fn init(exports: Object, env: Env) -> napi::Result<()> {
    let raw_env = env.raw();
    let exports = exports.raw();
    let result = (|| -> Result<()> {
        AddonEnv::install(raw_env)?;
        let class = |name: &str, ctor: Callback| -> Result<Ref> {
            let c = env_data::define_class(raw_env, name, ctor)?;
            js::set_named(raw_env, exports, name, c)?;
            Ref::new(raw_env, c)
        };
        // Exported for the facade; nothing native constructs databases.
        class("DatabaseSync", database::db_construct)?;
        let classes = Classes {
            session: class("Session", env_data::internal_constructor)?,
        };
        AddonEnv::get(raw_env)?.classes = Some(classes);
        for &(key, name, cb) in NATIVE_FUNCTIONS {
            let f = js::function(raw_env, name, cb, std::ptr::null_mut())?;
            js::set_named(raw_env, exports, key, f)?;
        }
        let version = rusqlite::version();
        js::set_named(
            raw_env,
            exports,
            "sqliteVersion",
            js::string(raw_env, version)?,
        )?;
        Ok(())
    })();
    result.map_err(|e| napi::Error::new(napi::Status::GenericFailure, e.to_string()))
}

#[allow(dead_code)]
fn _napi_sys_is_linked(_: sys::napi_env) {}
