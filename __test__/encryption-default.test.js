"use strict";
// The default build has no encryption: the extra `encryptionKey` option and
// `db.rekey()` are refused clearly instead of leaving data in plain text.
// (The SQLCipher flavour is tested by `npm run test:encryption`.)
const { describe, test } = require("node:test");
const { sqlite, isNode, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;
const skip = isNode && "addon extra";
const unavailable = {
  code: "ERR_SQLITE_ENCRYPTION_UNAVAILABLE",
  message:
    "Encryption needs the SQLCipher build of @photostructure/sqlite " +
    "(build it with PHOTOSTRUCTURE_SQLITE_ENCRYPTION=1 npm run build).",
};

describe("encryption in the default build", { skip }, () => {
  test("encryptionKey is refused", () => {
    assertThrows(() => new DatabaseSync(":memory:", { encryptionKey: "secret" }), Error, unavailable);
    assertThrows(() => new DatabaseSync(":memory:", { encryptionKey: new Uint8Array([1]) }), Error, unavailable);
  });

  test("a key of the wrong type is a TypeError first", () => {
    assertThrows(() => new DatabaseSync(":memory:", { encryptionKey: 5 }), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: 'The "options.encryptionKey" argument must be a string or Uint8Array.',
    });
  });

  test("rekey() is refused; on a closed database it reports that first", () => {
    const db = new DatabaseSync(":memory:");
    assertThrows(() => db.rekey("x"), Error, unavailable);
    db.close();
    assertThrows(() => db.rekey("x"), Error, { code: "ERR_INVALID_STATE", message: "database is not open" });
  });

  test("without the option nothing changes", () => {
    const db = new DatabaseSync(":memory:", { encryptionKey: undefined });
    db.exec("CREATE TABLE t(x)");
    db.close();
  });
});
