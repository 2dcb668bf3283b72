"use strict";
// Session (changeset recording): a native class, constructed only by
// db.createSession(); its methods are the addon's functions as they are.
// Also the changeset utilities the addon adds to node:sqlite's API.
const native = require("./native");
const { defineMethods, defineExtras } = require("./define");

const Session = native.Session;
defineMethods(Session.prototype, {
  changeset: native.sessionChangeset,
  patchset: native.sessionPatchset,
  close: native.sessionClose,
  [Symbol.dispose]: native.sessionDispose,
});

defineExtras(Session.prototype, {
  /** Alias of `[Symbol.dispose]()` (@photostructure/sqlite). */
  dispose: native.sessionDispose,
  /** The inverse of a changeset: applying it undoes the changes (@photostructure/sqlite). */
  changesetInvert: native.sessionChangesetInvert,
});

/**
 * The inverse of a changeset (not a patchset): applying it undoes `changeset`.
 * @param {Uint8Array} changeset
 * @returns {Uint8Array}
 */
function changesetInvert(changeset) {
  return native.changesetInvert(changeset);
}

/**
 * One changeset with the effect of applying `changesetA`, then `changesetB`.
 * @param {Uint8Array} changesetA
 * @param {Uint8Array} changesetB
 * @returns {Uint8Array}
 */
function changesetConcat(changesetA, changesetB) {
  return native.changesetConcat(changesetA, changesetB);
}

/**
 * The changes a changeset or patchset holds, in order, as null-prototype
 * `{ table, operation, indirect, primaryKey, oldValues, newValues }`:
 * `operation` is 'INSERT' | 'UPDATE' | 'DELETE', `primaryKey` flags the key
 * columns, and the value arrays (by column index, `null` when the operation
 * has no such side) hold `undefined` where the change carries no value.
 * @param {Uint8Array} changeset
 * @returns {object[]}
 */
function changesetInspect(changeset) {
  return native.changesetInspect(changeset);
}

module.exports = { Session, changesetInvert, changesetConcat, changesetInspect };
