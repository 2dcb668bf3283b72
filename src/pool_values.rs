//! Owned values for the experimental `DatabasePool`. Bind parameters are
//! copied out of JS on the JS thread when a call is made (so later changes to
//! a buffer cannot reach the query), and rows are read into owned values on
//! the pool thread, turned into JS only when the promise settles.

use napi::sys::ValueType;

use crate::errors::{Error, Result};
use crate::js::{self, Env, Value};
use crate::values::{js_to_sql, SqlValue, Unsupported};

/// One SQLite value, owned.
#[derive(Debug, Clone)]
pub enum Owned {
    Null,
    Integer(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl Owned {
    /// The value as the sync API binds it.
    pub fn as_sql(&self) -> crate::values::SqlValue<'_> {
        use crate::values::SqlValue;
        match self {
            Owned::Null => SqlValue::Null,
            Owned::Integer(i) => SqlValue::Integer(*i),
            Owned::Real(f) => SqlValue::Real(*f),
            Owned::Text(b) => SqlValue::Text(b),
            Owned::Blob(b) => SqlValue::Blob(b),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Run,
    Get,
    All,
}

#[derive(Debug)]
pub enum Params {
    None,
    Positional(Vec<Owned>),
    /// `(key as written, value)`; a key may omit its `:`, `$` or `@` prefix.
    Named(Vec<(Vec<u8>, Owned)>),
}

#[derive(Debug)]
pub struct Operation {
    pub kind: Kind,
    pub sql: Vec<u8>,
    pub params: Params,
}

/// What one `run`/`get`/`all`/`batch` call asks of a connection.
#[derive(Debug)]
pub struct Request {
    pub operations: Vec<Operation>,
    /// `BEGIN DEFERRED` etc. around the whole batch, when asked for.
    pub begin: Option<&'static str>,
}

/// What one operation produced.
pub struct OpResult {
    pub kind: Kind,
    pub changes: i64,
    pub names: Vec<Vec<u8>>,
    /// The rows' values back to back, `names.len()` per row.
    pub values: Vec<Owned>,
}

fn owned(env: Env, value: Value, scratch: &mut Vec<u8>) -> Result<Owned> {
    let read = match js_to_sql(env, value, scratch)? {
        Ok(v) => v,
        Err(Unsupported::BigIntRange) => {
            return Err(Error::invalid_arg_value(
                "BigInt value is too large to bind.",
            ))
        }
        Err(Unsupported::Kind) => {
            return Err(Error::invalid_arg_type(
                "Bind parameters must be null, a number, bigint, string, or ArrayBufferView.",
            ))
        }
    };
    Ok(match read {
        SqlValue::Null => Owned::Null,
        SqlValue::Integer(v) => Owned::Integer(v),
        SqlValue::Real(v) => Owned::Real(v),
        SqlValue::Text(b) => Owned::Text(b.to_vec()),
        SqlValue::Blob(b) => Owned::Blob(b.to_vec()),
    })
}

fn read_params(env: Env, params: Value) -> Result<Params> {
    let kind = js::type_of(env, params)?;
    if kind == ValueType::napi_undefined {
        return Ok(Params::None);
    }
    if kind != ValueType::napi_object {
        return Err(Error::invalid_arg_type(
            "Parameters must be an array or object.",
        ));
    }
    let mut scratch = Vec::new();
    let mut is_array = false;
    js::check(env, unsafe {
        napi::sys::napi_is_array(env, params, &mut is_array)
    })?;
    if is_array {
        let n = js::array_length(env, params)?;
        let mut values = Vec::with_capacity(n as usize);
        for i in 0..n {
            values.push(owned(env, js::get_element(env, params, i)?, &mut scratch)?);
        }
        return Ok(Params::Positional(values));
    }
    let keys = js::own_keys(env, params)?;
    let n = js::array_length(env, keys)?;
    let mut values = Vec::with_capacity(n as usize);
    for i in 0..n {
        let key = js::get_element(env, keys, i)?;
        let mut name = Vec::new();
        js::read_string_into(env, key, &mut name)?;
        let value = js::get_property(env, params, key)?;
        values.push((name, owned(env, value, &mut scratch)?));
    }
    Ok(Params::Named(values))
}

/// Reads `[[kind, sql, params], ...]` (the facade has validated the shapes;
/// kind is 0 run, 1 get, 2 all) and the transaction mode.
pub fn read_request(env: Env, ops: Value, transaction: Option<Value>) -> Result<Request> {
    let n = js::array_length(env, ops)?;
    let mut operations = Vec::with_capacity(n as usize);
    for i in 0..n {
        let op = js::get_element(env, ops, i)?;
        let kind = match js::get_f64(env, js::get_element(env, op, 0)?)? as i32 {
            1 => Kind::Get,
            2 => Kind::All,
            _ => Kind::Run,
        };
        let mut sql = Vec::new();
        js::read_string_into(env, js::get_element(env, op, 1)?, &mut sql)?;
        let params = read_params(env, js::get_element(env, op, 2)?)?;
        operations.push(Operation { kind, sql, params });
    }
    let begin = match transaction {
        Some(t) if js::type_of(env, t)? == ValueType::napi_string => {
            match js::get_string(env, t)?.as_str() {
                "deferred" => Some("BEGIN DEFERRED"),
                "immediate" => Some("BEGIN IMMEDIATE"),
                "exclusive" => Some("BEGIN EXCLUSIVE"),
                other => {
                    return Err(Error::invalid_arg_value(format!(
                        "Unknown transaction mode '{other}'."
                    )))
                }
            }
        }
        _ => None,
    };
    Ok(Request { operations, begin })
}

fn value_to_js(env: Env, v: &Owned, read_bigints: bool) -> Result<Value> {
    match v {
        Owned::Null => js::null(env),
        // Range was checked on the pool thread.
        Owned::Integer(i) if read_bigints => js::bigint(env, *i),
        Owned::Integer(i) => js::number(env, *i as f64),
        Owned::Real(f) => js::number(env, *f),
        Owned::Text(b) => crate::values::text_to_js(env, b),
        Owned::Blob(b) => js::uint8_array(env, b),
    }
}

/// Each result as `[kind, changes, names, values]`; the facade shapes rows
/// with the same row factories as the synchronous API.
pub fn results_to_js(env: Env, results: &[OpResult], read_bigints: bool) -> Result<Value> {
    let out = js::array(env, results.len())?;
    for (i, r) in results.iter().enumerate() {
        let kind = match r.kind {
            Kind::Run => 0,
            Kind::Get => 1,
            Kind::All => 2,
        };
        let changes = if read_bigints {
            js::bigint(env, r.changes)?
        } else {
            js::number(env, r.changes as f64)?
        };
        let names = js::array(env, r.names.len())?;
        for (j, name) in r.names.iter().enumerate() {
            js::set_element(env, names, j as u32, js::string_bytes(env, name)?)?;
        }
        let values = js::array(env, r.values.len())?;
        for (j, v) in r.values.iter().enumerate() {
            js::set_element(env, values, j as u32, value_to_js(env, v, read_bigints)?)?;
        }
        let entry = js::array(env, 4)?;
        js::set_element(env, entry, 0, js::int(env, kind)?)?;
        js::set_element(env, entry, 1, changes)?;
        js::set_element(env, entry, 2, names)?;
        js::set_element(env, entry, 3, values)?;
        js::set_element(env, out, i as u32, entry)?;
    }
    Ok(out)
}
