"use strict";
// db.createModule(): node:sqlite's (26.11) validation, in its order, then the
// addon registers the virtual table module with SQLite.
const { types } = require("node:util");
const native = require("./native");
const { invalidArgType, invalidArgValue } = require("./errors");
const { isObject, validateFunction, optionalBoolean } = require("./validate");

const COLUMN_TYPES = ["INTEGER", "TEXT", "REAL", "BLOB", "ANY"];
const DIRECT_ONLY = 1;
const BIGINT_ARGS = 2;

// step()'s answers when the iterator gives no object row (see src/vtab/iteration.rs).
const PRIMITIVE_ROW = 1;
const DONE = 2;
const NO_NEXT = 3;
const BAD_RESULT = 4;
const { apply } = Reflect;

/**
 * One round of the iteration protocol for the addon's xNext, as node runs it
 * natively: `next` is looked up and called each time, then `done` and `value`
 * are read. Returns the row when it is an object, else one of the codes.
 */
function step(iterator) {
  const next = iterator.next;
  if (typeof next !== "function") return NO_NEXT;
  const result = apply(next, iterator, []);
  if (!isObject(result)) return BAD_RESULT;
  if (result.done) return DONE;
  const row = result.value;
  return isObject(row) ? row : PRIMITIVE_ROW;
}

const quoteIdentifier = (name) => `"${name.replaceAll('"', '""')}"`;

/** One column definition, checked property by property as node reads them. */
function readColumn(column) {
  if (!isObject(column)) throw invalidArgType('Each column in "options.columns" must be an object.');
  const name = column.name;
  if (typeof name !== "string") throw invalidArgType('The column "name" property must be a string.');
  const type = column.type;
  if (typeof type !== "string") throw invalidArgType('The column "type" property must be a string.');
  const hidden = column.hidden;
  if (hidden !== undefined && typeof hidden !== "boolean") {
    throw invalidArgType('The column "hidden" property must be a boolean.');
  }
  if (!COLUMN_TYPES.includes(type)) {
    throw invalidArgValue(`The column "type" property must be one of 'INTEGER', 'TEXT', 'REAL', 'BLOB', or 'ANY'.`);
  }
  return { name, type, hidden: hidden === true };
}

function createModule(name, options) {
  native.dbCreateModule.call(this); // open, and not inside the authorizer
  if (typeof name !== "string") throw invalidArgType('The "name" argument must be a string.');
  if (!isObject(options)) throw invalidArgType('The "options" argument must be an object.');
  const columns = options.columns;
  // V8's IsArray(), which a Proxy (even of an array) fails.
  if (types.isProxy(columns) || !Array.isArray(columns)) {
    throw invalidArgType('The "options.columns" argument must be an array.');
  }
  // Read once, here: the getters below may grow or shrink the array.
  const count = columns.length;
  if (count === 0) throw invalidArgValue('The "options.columns" array must not be empty.');
  const rows = options.rows;
  validateFunction(rows, "options.rows");
  let flags = 0;
  if (optionalBoolean(options, "directOnly")) flags |= DIRECT_ONLY;
  if (optionalBoolean(options, "useBigIntArguments")) flags |= BIGINT_ARGS;
  const definitions = [];
  const hidden = [];
  for (let i = 0; i < count; i++) {
    const column = readColumn(columns[i]);
    if (column.hidden) hidden.push(i);
    definitions.push(`${quoteIdentifier(column.name)} ${column.type}${column.hidden ? " HIDDEN" : ""}`);
  }
  const schema = `CREATE TABLE x(${definitions.join(", ")})`;
  // Re-checks the connection: a getter above may have closed it.
  native.dbCreateModule.call(this, name, rows, schema, hidden, count, flags, step);
}

module.exports = { createModule };
