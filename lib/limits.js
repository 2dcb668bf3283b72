"use strict";
// `db.limits`: one object per database whose 11 properties read and write
// sqlite3_limit() live (a Proxy over a target that holds the property layout).
const native = require("./native");
const { invalidArgType, invalidState, outOfRange } = require("./errors");
const { isInt32 } = require("./validate");

// Name -> SQLITE_LIMIT_* id, in node's key order.
const LIMITS = [
  ["length", 0],
  ["sqlLength", 1],
  ["column", 2],
  ["exprDepth", 3],
  ["compoundSelect", 4],
  ["vdbeOp", 5],
  ["functionArg", 6],
  ["attach", 7],
  ["likePatternLength", 8],
  ["variableNumber", 9],
  ["triggerDepth", 10],
];
const LIMIT_IDS = new Map(LIMITS);

/** Validates the constructor's `options.limits`; returns `[[id, value], ...]`. */
function parseLimitsOption(limits) {
  if (limits === null || typeof limits !== "object") {
    throw invalidArgType('The "options.limits" argument must be an object.');
  }
  const out = [];
  for (const [name, id] of LIMITS) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!isInt32(value)) throw invalidArgType(`The "options.limits.${name}" argument must be an integer.`);
    if (value < 0) throw outOfRange(`The "options.limits.${name}" argument must be non-negative.`);
    out.push([id, value]);
  }
  return out;
}

function DatabaseSyncLimits() {}

function createLimits(db) {
  const target = Object.create(DatabaseSyncLimits.prototype);
  for (const [name] of LIMITS) {
    Object.defineProperty(target, name, { value: 0, writable: true, enumerable: true, configurable: false });
  }
  return new Proxy(target, {
    get(t, key, receiver) {
      const id = typeof key === "string" ? LIMIT_IDS.get(key) : undefined;
      if (id === undefined) return Reflect.get(t, key, receiver);
      return native.dbGetLimit(db, id);
    },
    set(t, key, value, receiver) {
      const id = typeof key === "string" ? LIMIT_IDS.get(key) : undefined;
      if (id === undefined) return Reflect.set(t, key, value, receiver);
      // node checks the connection (open, not in its authorizer) before the value.
      if (!native.dbIsOpen.call(db)) throw invalidState("database is not open");
      native.tagStoreCheckDb(db);
      if (!(isInt32(value) || value === Infinity)) {
        throw invalidArgType("Limit value must be a non-negative integer or Infinity.");
      }
      if (value < 0) throw outOfRange("Limit value must be non-negative.");
      native.dbSetLimit(db, id, value);
      return true;
    },
    getOwnPropertyDescriptor(t, key) {
      const desc = Reflect.getOwnPropertyDescriptor(t, key);
      const id = typeof key === "string" ? LIMIT_IDS.get(key) : undefined;
      if (desc !== undefined && id !== undefined) desc.value = native.dbGetLimit(db, id);
      return desc;
    },
  });
}

module.exports = { parseLimitsOption, createLimits };
