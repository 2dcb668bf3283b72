"use strict";
// enhance(db) / isEnhanced(db): better-sqlite3-style helpers, as
// @photostructure/sqlite has them, for any database with exec(), prepare()
// and isTransaction (this addon's or node:sqlite's):
//   db.pragma(source[, { simple }]), db.transaction(fn) with
//   .deferred/.immediate/.exclusive/.database, and statements from db.prepare()
//   with pluck()/raw()/expand() and a `database` back-reference.
// Everything is added to the instance, non-enumerable; prototypes are untouched.

/** Databases whose prepare() already enhances its statements. */
const preparesEnhanced = new WeakSet();

function defineHidden(target, key, value, writable = true) {
  Object.defineProperty(target, key, { value, writable, enumerable: false, configurable: true });
}

// ---- statements ---------------------------------------------------------------

/** First column of a row (array or object), as better-sqlite3's pluck(). */
function firstColumn(row) {
  if (row === undefined || row === null) return row;
  if (Array.isArray(row)) return row[0];
  for (const key in row) return row[key];
  return undefined;
}

/** `{ table: { column: value } }` from an array row; expressions go under `$`. */
function expandRow(row, columns) {
  if (row === undefined || row === null) return row;
  const out = {};
  const values = Array.isArray(row) ? row : Object.values(row);
  for (let i = 0; i < columns.length && i < values.length; i++) {
    const { table, name } = columns[i];
    const group = table === null || table === undefined ? "$" : table;
    if (out[group] === undefined) out[group] = {};
    out[group][name] = values[i];
  }
  return out;
}

function toggleArgument(value) {
  const use = value === undefined ? true : value;
  if (typeof use !== "boolean") throw new TypeError("Expected first argument to be a boolean");
  return use;
}

/**
 * Adds the mutually exclusive row modes: "pluck" (first column), "raw"
 * (arrays) and "expand" (nested by table). Disabling a mode that is not the
 * current one changes nothing, as in better-sqlite3.
 */
function enhanceStatement(stmt, db) {
  if (typeof stmt.pluck === "function") return stmt;
  let mode = "flat";
  let columns;
  const originalGet = stmt.get;
  const originalAll = stmt.all;
  const originalIterate = stmt.iterate;

  function setMode(target, use) {
    if (use) {
      if (target === "expand" && columns === undefined) {
        if (typeof stmt.columns !== "function") {
          throw new TypeError("expand() requires the statement to have a columns() method");
        }
        columns = stmt.columns();
      }
      mode = target;
    } else if (mode === target) {
      mode = "flat";
    } else {
      return stmt;
    }
    // Every mode but "flat" reads positions, which arrays keep exactly (even
    // with duplicate column names).
    if (typeof stmt.setReturnArrays === "function") stmt.setReturnArrays(mode !== "flat");
    return stmt;
  }

  function shape(row) {
    if (mode === "pluck") return firstColumn(row);
    if (mode === "expand") return expandRow(row, columns);
    return row;
  }

  defineHidden(stmt, "pluck", function pluck(toggle) {
    return setMode("pluck", toggleArgument(toggle));
  });
  defineHidden(stmt, "raw", function raw(toggle) {
    return setMode("raw", toggleArgument(toggle));
  });
  defineHidden(stmt, "expand", function expand(toggle) {
    return setMode("expand", toggleArgument(toggle));
  });
  if (typeof originalGet === "function") {
    defineHidden(stmt, "get", function get(...params) {
      return shape(Reflect.apply(originalGet, stmt, params));
    });
  }
  defineHidden(stmt, "all", function all(...params) {
    const rows = Reflect.apply(originalAll, stmt, params);
    return mode === "pluck" || mode === "expand" ? rows.map(shape) : rows;
  });
  if (typeof originalIterate === "function") {
    defineHidden(stmt, "iterate", function iterate(...params) {
      const rows = Reflect.apply(originalIterate, stmt, params);
      return mode === "pluck" || mode === "expand" ? mapIterator(rows, shape) : rows;
    });
  }
  defineHidden(stmt, "database", db, false);
  return stmt;
}

function* mapIterator(iterator, fn) {
  // for...of closes `iterator` when the generator is closed early.
  for (const row of { [Symbol.iterator]: () => iterator }) yield fn(row);
}

// ---- database methods -----------------------------------------------------------

/** `db.pragma(source[, { simple }])`: all rows, or the first value with `simple`. */
function pragma(source, options) {
  if (typeof source !== "string") throw new TypeError("Expected first argument to be a string");
  if (options !== undefined && options !== null && typeof options !== "object") {
    throw new TypeError("Expected second argument to be an options object");
  }
  const simple = options === undefined || options === null ? undefined : options.simple;
  if (simple !== undefined && typeof simple !== "boolean") {
    throw new TypeError('Expected the "simple" option to be a boolean');
  }
  const rows = this.prepare(`PRAGMA ${source}`).all();
  return simple === true ? firstColumn(rows[0]) : rows;
}

// Savepoint names only need to be unique among the open ones.
let savepointCounter = 0;

const BEGIN = { deferred: "BEGIN DEFERRED", immediate: "BEGIN IMMEDIATE", exclusive: "BEGIN EXCLUSIVE" };

function transactionVariant(db, fn, mode) {
  return function transaction(...args) {
    const nested = db.isTransaction;
    const name = nested ? `\`_txn_${++savepointCounter}\`` : undefined;
    db.exec(nested ? `SAVEPOINT ${name}` : BEGIN[mode]);
    try {
      const result = Reflect.apply(fn, this, args);
      if (result !== null && typeof result === "object" && typeof result.then === "function") {
        throw new TypeError(
          "Transaction function must not return a Promise. SQLite transactions are synchronous and " +
            "cannot span across async operations. Use synchronous code within transactions.",
        );
      }
      db.exec(nested ? `RELEASE ${name}` : "COMMIT");
      return result;
    } catch (err) {
      // SQLite may already have rolled back (e.g. after some constraint errors).
      if (db.isTransaction) {
        if (nested) {
          db.exec(`ROLLBACK TO ${name}`);
          db.exec(`RELEASE ${name}`);
        } else {
          db.exec("ROLLBACK");
        }
      }
      throw err;
    }
  };
}

/**
 * `db.transaction(fn)`: a function that runs `fn` in BEGIN/COMMIT (ROLLBACK on
 * a throw), or in a savepoint when a transaction is already open.
 */
function transaction(fn) {
  if (typeof fn !== "function") throw new TypeError("Expected first argument to be a function");
  const db = this;
  const variants = {
    deferred: transactionVariant(db, fn, "deferred"),
    immediate: transactionVariant(db, fn, "immediate"),
    exclusive: transactionVariant(db, fn, "exclusive"),
  };
  for (const variant of Object.values(variants)) {
    Object.defineProperties(variant, {
      deferred: { value: variants.deferred, enumerable: true },
      immediate: { value: variants.immediate, enumerable: true },
      exclusive: { value: variants.exclusive, enumerable: true },
      database: { value: db, enumerable: true },
    });
  }
  return variants.deferred;
}

// ---- public ---------------------------------------------------------------------

/** True if `db` has `pragma()` and `transaction()`. */
function isEnhanced(db) {
  return db !== null && db !== undefined && typeof db.pragma === "function" && typeof db.transaction === "function";
}

/** Adds the helpers to `db` (idempotent) and returns it. */
function enhance(db) {
  if (db === null || (typeof db !== "object" && typeof db !== "function")) {
    throw new TypeError("Expected a database object");
  }
  if (!isEnhanced(db)) {
    defineHidden(db, "pragma", pragma);
    defineHidden(db, "transaction", transaction);
  }
  if (!preparesEnhanced.has(db)) {
    const original = db.prepare;
    defineHidden(db, "prepare", function prepare(...args) {
      return enhanceStatement(Reflect.apply(original, db, args), db);
    });
    preparesEnhanced.add(db);
  }
  return db;
}

module.exports = { enhance, isEnhanced };
