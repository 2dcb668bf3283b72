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
function arityOf(fn, skip, label = "function") {
  const length = fn.length;
  if (!isInt32(length)) throw invalidArgType(`The "${label}.length" property must be an integer.`);
  return Math.max(length - skip, 0);
}

function defineFunction(name, options, fn) {
  native.tagStoreCheckDb(this); // node checks the connection (open, not in its authorizer) first
  if (typeof name !== "string") throw invalidArgType('The "name" argument must be a string.');
  let settings = { flags: 0, varargs: false };
  if (arguments.length >= 3) {
    validateOptionsObject(options);
    settings = readFlags(options);
  } else {
    fn = options;
  }
  validateFunction(fn, "function");
  // node hands fn.length to SQLite as it is: -1 means any number of
  // arguments, below that SQLite refuses the registration.
  let arity = -1;
  if (!settings.varargs) {
    arity = fn.length;
    if (!isInt32(arity)) throw invalidArgType('The "function.length" property must be an integer.');
  }
  native.dbFunction(this, name, fn, arity, settings.flags);
}

/** node converts an aggregate's name as its C++ Utf8Value does: ToString, or "" when that fails. */
function aggregateName(name) {
  try {
    return `${name}`;
  } catch {
    return "";
  }
}

function defineAggregate(name, options) {
  native.tagStoreCheckDb(this);
  name = aggregateName(name);
  // node's order: start, step, result, useBigIntArguments, varargs,
  // directOnly, inverse (it never reads `deterministic` here). A missing
  // options object fails with the engine's own TypeError.
  const start = options.start;
  if (start === undefined) {
    throw invalidArgType('The "options.start" argument must be a function or a primitive value.');
  }
  const step = options.step;
  validateFunction(step, "options.step");
  const result = options.result;
  let flags = 0;
  let varargs = false;
  for (const [key, bit] of [
    ["useBigIntArguments", BIGINT_ARGS],
    ["varargs", 0],
    ["directOnly", DIRECT_ONLY],
  ]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw invalidArgType(`The "options.${key}" argument must be a boolean.`);
    if (key === "varargs") varargs = value;
    else if (value) flags |= bit;
  }
  const inverse = options.inverse;
  if (inverse !== undefined) validateFunction(inverse, "options.inverse");
  // The arity fits both step(acc, ...args) and inverse(acc, ...args).
  let arity = -1;
  if (!varargs) {
    arity = arityOf(step, 1, "options.step");
    if (inverse !== undefined) arity = Math.max(arity, arityOf(inverse, 1, "options.inverse"));
  }
  // Node ignores a `result` that is not a function.
  const callbacks = [start, step, typeof result === "function" ? result : undefined, inverse];
  native.dbAggregate(this, name, callbacks, arity, flags);
}

module.exports = { defineFunction, defineAggregate };
