"use strict";
// db.function(), db.aggregate(): node's validation, then the addon registers
// them with SQLite.
const native = require("./native");
const { invalidArgType } = require("./errors");
const { validateOptionsObject, validateFunction, isInt32 } = require("./validate");

const DETERMINISTIC = 1;
const DIRECT_ONLY = 2;
const BIGINT_ARGS = 4;

/** The four boolean options both methods take, in node's order, as flag bits. */
function readFlags(options) {
  let flags = 0;
  let varargs = false;
  for (const [key, bit] of [
    ["useBigIntArguments", BIGINT_ARGS],
    ["varargs", 0],
    ["deterministic", DETERMINISTIC],
    ["directOnly", DIRECT_ONLY],
  ]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw invalidArgType(`The "options.${key}" argument must be a boolean.`);
    if (key === "varargs") varargs = value;
    else if (value) flags |= bit;
  }
  return { flags, varargs };
}

/** Arity from a function's `length` (node 26 insists on an integer). */
function arityOf(fn, skip) {
  const length = fn.length;
  if (!isInt32(length)) throw invalidArgType('The "function.length" property must be an integer.');
  return Math.max(length - skip, 0);
}

function defineFunction(name, options, fn) {
  native.dbLocation.call(this); // node checks the connection first
  if (typeof name !== "string") throw invalidArgType('The "name" argument must be a string.');
  let settings = { flags: 0, varargs: false };
  if (arguments.length >= 3) {
    validateOptionsObject(options);
    settings = readFlags(options);
  } else {
    fn = options;
  }
  validateFunction(fn, "function");
  const arity = settings.varargs ? -1 : arityOf(fn, 0);
  native.dbFunction(this, name, fn, arity, settings.flags);
}

function defineAggregate(name, options) {
  native.dbLocation.call(this);
  if (typeof name !== "string") throw invalidArgType('The "name" argument must be a string.');
  // Node reads the options without checking them first, so a missing one
  // fails with the engine's own TypeError.
  const { start, step, result, inverse } = options;
  if (start === undefined) {
    throw invalidArgType('The "options.start" argument must be a function or a primitive value.');
  }
  validateFunction(step, "options.step");
  if (inverse !== undefined) validateFunction(inverse, "options.inverse");
  const { flags, varargs } = readFlags(options);
  const arity = varargs ? -1 : arityOf(step, 1);
  // Node ignores a `result` that is not a function.
  const callbacks = [start, step, typeof result === "function" ? result : undefined, inverse];
  native.dbAggregate(this, name, callbacks, arity, flags);
}

module.exports = { defineFunction, defineAggregate };
