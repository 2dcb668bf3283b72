"use strict";
// Node-style errors: the class node uses, an own enumerable `code`, and the
// exact message. `captureStackTrace` keeps our frames out of the stack.

function nodeError(Class, code, message, skip) {
  const err = new Class(message);
  if (code !== undefined) err.code = code;
  Error.captureStackTrace(err, skip || nodeError);
  return err;
}

const invalidArgType = (message) => nodeError(TypeError, "ERR_INVALID_ARG_TYPE", message, invalidArgType);
const invalidArgValue = (message) => nodeError(TypeError, "ERR_INVALID_ARG_VALUE", message, invalidArgValue);
const outOfRange = (message) => nodeError(RangeError, "ERR_OUT_OF_RANGE", message, outOfRange);
const invalidState = (message) => nodeError(Error, "ERR_INVALID_STATE", message, invalidState);
const illegalConstructor = () => nodeError(Error, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor", illegalConstructor);
const constructCallRequired = () =>
  nodeError(TypeError, "ERR_CONSTRUCT_CALL_REQUIRED", "Cannot call constructor without `new`", constructCallRequired);

module.exports = {
  nodeError,
  invalidArgType,
  invalidArgValue,
  outOfRange,
  invalidState,
  illegalConstructor,
  constructCallRequired,
};
