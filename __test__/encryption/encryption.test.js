"use strict";
// The SQLCipher flavour (run by `npm run test:encryption`, which builds it and
// points PHOTOSTRUCTURE_SQLITE_ADDON at it): encrypted files read back with
// their key, fail with SQLITE_NOTADB without it, and are unreadable by the
// default build.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { tmpPath, addonPath } = require("../common");

const { DatabaseSync } = require(addonPath);

const notADatabase = { code: "ERR_SQLITE_ERROR", errcode: 26, message: "file is not a database" };

function writeEncrypted(key) {
  const file = tmpPath("secret.db");
  const db = new DatabaseSync(file, { encryptionKey: key });
  db.exec("CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('plaintext-marker-7f3a')");
  db.close();
  return file;
}

describe("SQLCipher build", () => {
  test("a string key: the file reads back with it", () => {
    const file = writeEncrypted("correct horse");
    const db = new DatabaseSync(file, { encryptionKey: "correct horse" });
    assert.deepStrictEqual(db.prepare("SELECT body FROM notes").get(), { __proto__: null, body: "plaintext-marker-7f3a" });
    db.close();
    assert.equal(fs.readFileSync(file).includes("plaintext-marker-7f3a"), false, "the file holds no plaintext");
  });

  test("a Uint8Array key", () => {
    const key = new Uint8Array([1, 2, 3, 250, 0, 9]);
    const file = writeEncrypted(key);
    const db = new DatabaseSync(file, { encryptionKey: Buffer.from(key) });
    assert.equal(db.prepare("SELECT count(*) AS n FROM notes").get().n, 1);
    db.close();
  });

  test("a wrong key or no key fails on first use with SQLITE_NOTADB", () => {
    const file = writeEncrypted("right");
    for (const options of [{ encryptionKey: "wrong" }, {}]) {
      const db = new DatabaseSync(file, options);
      assert.throws(() => db.prepare("SELECT * FROM notes").all(), notADatabase);
      db.close();
    }
  });

  test("rekey() re-encrypts: the old key stops working, the new one works", () => {
    const file = writeEncrypted("old");
    const db = new DatabaseSync(file, { encryptionKey: "old" });
    assert.equal(db.rekey("new"), undefined);
    db.close();
    const withOld = new DatabaseSync(file, { encryptionKey: "old" });
    assert.throws(() => withOld.exec("SELECT * FROM notes"), notADatabase);
    withOld.close();
    const withNew = new DatabaseSync(file, { encryptionKey: "new" });
    assert.equal(withNew.prepare("SELECT count(*) AS n FROM notes").get().n, 1);
    withNew.close();
  });

  test("key validation", () => {
    assert.throws(() => new DatabaseSync(":memory:", { encryptionKey: 5 }), {
      name: "TypeError",
      code: "ERR_INVALID_ARG_TYPE",
      message: 'The "options.encryptionKey" argument must be a string or Uint8Array.',
    });
  });

  test("the default build cannot read the encrypted file", () => {
    const file = writeEncrypted("k");
    const code = `
      const { DatabaseSync } = require(${JSON.stringify(addonPath)});
      const db = new DatabaseSync(${JSON.stringify(file)});
      try { db.prepare("SELECT * FROM notes").all(); console.log("READ"); }
      catch (e) { console.log(e.code, e.errcode); }
    `;
    const env = { ...process.env };
    delete env.PHOTOSTRUCTURE_SQLITE_ADDON;
    const res = spawnSync(process.execPath, ["-e", code], { env, encoding: "utf8" });
    assert.equal(res.stdout.trim(), "ERR_SQLITE_ERROR 26", res.stderr);
  });

  test("this is the SQLCipher build", () => {
    const db = new DatabaseSync(":memory:");
    assert.match(db.prepare("PRAGMA cipher_version").get().cipher_version, /\d/);
    db.close();
    assert.ok(path.isAbsolute(process.env.PHOTOSTRUCTURE_SQLITE_ADDON || ""), "run through npm run test:encryption");
  });
});
