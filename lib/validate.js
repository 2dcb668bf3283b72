"use strict";
// Argument checks with node:sqlite's messages.
const { invalidArgType } = require("./errors");

function isObject(value) {
  return value !== null && (typeof value === "object" || typeof value === "function");
}

/** `options` must be an object (node's IsObject(): functions too) when given. */
function validateOptionsObject(value, name = "options") {
  if (!isObject(value)) {
    throw invalidArgType(`The "${name}" argument must be an object.`);
  }
}

function validateBoolean(value, name) {
  if (typeof value !== "boolean") throw invalidArgType(`The "${name}" argument must be a boolean.`);
}

function optionalBoolean(options, key, prefix = "options") {
  const value = options[key];
  if (value !== undefined) validateBoolean(value, `${prefix}.${key}`);
  return value;
}

function validateString(value, name) {
  if (typeof value !== "string") throw invalidArgType(`The "${name}" argument must be a string.`);
}

function validateFunction(value, name) {
  if (typeof value !== "function") throw invalidArgType(`The "${name}" argument must be a function.`);
}

// V8's IsInt32(): -0 is not one.
const isInt32 = (value) =>
  Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0);

module.exports = {
  isObject,
  isInt32,
  validateOptionsObject,
  validateBoolean,
  optionalBoolean,
  validateString,
  validateFunction,
};
