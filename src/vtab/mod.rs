//! `db.createModule()`: read-only virtual tables whose rows come from a JS
//! iterable, as node:sqlite (26.11) has them. The `sqlite3_module` is written
//! by hand (rusqlite's vtab traits own their rows in Rust; here every row is
//! pulled from a JS iterator while SQLite steps, so large tables stream).
//!
//! Errors follow node: a JS exception stays pending and the callback returns
//! `SQLITE_ERROR` (the statement rethrows the exception unchanged); an
//! iteration-protocol violation with nothing thrown becomes a SQLite error
//! message of its own (`ERR_SQLITE_ERROR`).
//!
//! Layout, top down: `module` registers the module and makes its tables;
//! `plan` picks which constraints feed `rows()`; `iteration` pulls rows from
//! the JS iterator; `columns` hands a row's values to SQLite; `cursor` opens
//! and closes a scan (the iterator's `return()`); `callback` is what every
//! callback shares; and `state` holds the structs SQLite keeps for us. The
//! callbacks call no user JS during a teardown (`crate::teardown`).

mod callback;
mod columns;
mod cursor;
mod iteration;
mod module;
mod plan;
mod state;

pub use cursor::drop_cleanup_exception;
pub use module::db_create_module;
