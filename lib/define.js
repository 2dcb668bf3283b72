"use strict";
// Property layout helpers: node:sqlite's prototype methods are enumerable,
// writable and configurable with `length` 0; its instance accessors are own,
// enumerable, non-configurable getters.

function defineMethods(proto, methods) {
  for (const key of Reflect.ownKeys(methods)) {
    const fn = methods[key];
    if (fn.length !== 0) Object.defineProperty(fn, "length", { value: 0 });
    // node names methods by their key; its [Symbol.dispose] methods are anonymous.
    const name = typeof key === "string" ? key : "";
    if (fn.name !== name) Object.defineProperty(fn, "name", { value: name });
    Object.defineProperty(proto, key, { value: fn, writable: true, enumerable: true, configurable: true });
  }
}

/** Extras that node does not have: non-enumerable so that node's layout stays intact. */
function defineExtras(proto, methods) {
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(proto, key, { value: methods[key], writable: true, enumerable: false, configurable: true });
  }
}

function getterDescriptors(getters) {
  const descriptors = {};
  for (const key of Reflect.ownKeys(getters)) {
    descriptors[key] = { get: getters[key], set: undefined, enumerable: true, configurable: false };
  }
  return descriptors;
}

module.exports = { defineMethods, defineExtras, getterDescriptors };
