//! Query planning: which `=` constraints on hidden columns become `rows()`
//! arguments.

use std::ffi::{c_int, CString};

use rusqlite::ffi;

use super::callback::{raw_slice, raw_slice_mut};
use super::state::VTab;

/// Each hidden column takes the first usable `=` constraint on it as a
/// `rows()` argument. A plan in which such a constraint exists but is not yet
/// usable is refused, so SQLite never calls `rows(null)` for a parameter the
/// query does give (node PR #66215).
pub(super) unsafe extern "C" fn x_best_index(
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
