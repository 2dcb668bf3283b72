"use strict";
// Extension loading: the allowExtension option, enableLoadExtension(allow),
// loadExtension(path[, entryPoint]).
// Spec: api.md §1.2 (allowExtension), §1.3, §2.16 item 9, catalogue rows 39-43.
//
// A tiny loadable extension is written in C and compiled here with `cc`, using
// the sqlite3ext.h/sqlite3.h headers of the libsqlite3-sys crate that the
// project already depends on (found with `cargo metadata`). Tests that need the
// compiled library are skipped, with the reason, when cargo, the headers or a C
// compiler are unavailable.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { sqlite, tmpPath, assertThrows } = require("./common");

const { DatabaseSync } = sqlite;

const NOT_ALLOWED = { code: "ERR_INVALID_STATE", message: "extension loading is not allowed" };
const NOT_OPEN = { code: "ERR_INVALID_STATE", message: "database is not open" };
const SQL_NOT_AUTHORIZED = { code: "ERR_SQLITE_ERROR", message: "not authorized", errcode: 1, errstr: "SQL logic error" };

const EXTENSION_SOURCE = `
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

static void half_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_double(ctx, sqlite3_value_double(argv[0]) / 2.0);
}

static void twice_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_double(ctx, sqlite3_value_double(argv[0]) * 2.0);
}

/* Default entry point SQLite derives from the file name "half.<ext>". */
int sqlite3_half_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  (void)pzErrMsg;
  return sqlite3_create_function(db, "half", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, half_fn, 0, 0);
}

/* Alternative entry point, only reachable by name. */
int custom_twice_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  (void)pzErrMsg;
  return sqlite3_create_function(db, "twice", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, twice_fn, 0, 0);
}

/* Entry point that reports a failure. */
int failing_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  (void)db;
  *pzErrMsg = sqlite3_mprintf("custom init failure");
  return SQLITE_ERROR;
}
`;

/** Directory holding sqlite3ext.h, from the libsqlite3-sys crate, or an Error. */
function findSqliteHeaders() {
  const manifest = path.resolve(__dirname, "..", "Cargo.toml");
  let stdout;
  let lastError;
  for (const extra of [["--offline"], []]) {
    try {
      stdout = execFileSync("cargo", ["metadata", "--format-version", "1", ...extra, "--manifest-path", manifest], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      });
      break;
    } catch (e) {
      lastError = e;
    }
  }
  if (stdout === undefined) return new Error(`cargo metadata failed: ${lastError && lastError.message.split("\n")[0]}`);
  const pkg = JSON.parse(stdout).packages.find((p) => p.name === "libsqlite3-sys");
  if (!pkg) return new Error("libsqlite3-sys is not in cargo metadata");
  const dir = path.join(path.dirname(pkg.manifest_path), "sqlite3");
  if (!fs.existsSync(path.join(dir, "sqlite3ext.h"))) return new Error(`no sqlite3ext.h in ${dir}`);
  return dir;
}

/** Compiles the extension; returns { file, dir } or { skip: reason }. */
function buildExtension() {
  if (process.platform === "win32") return { skip: "building the test extension is not supported on Windows" };
  try {
    execFileSync("cc", ["--version"], { stdio: "ignore", timeout: 30_000 });
  } catch {
    return { skip: "no C compiler (cc) available to build the test extension" };
  }
  const headers = findSqliteHeaders();
  if (headers instanceof Error) return { skip: `sqlite3ext.h not found: ${headers.message}` };
  const source = tmpPath("half.c");
  const dir = path.dirname(source);
  const suffix = process.platform === "darwin" ? ".dylib" : ".so";
  const file = path.join(dir, `half${suffix}`);
  fs.writeFileSync(source, EXTENSION_SOURCE);
  try {
    execFileSync("cc", ["-shared", "-fPIC", "-I", headers, "-o", file, source], {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
  } catch (e) {
    return { skip: `compiling the test extension failed: ${String(e.stderr || e.message).trim()}` };
  }
  return { file, dir, suffix };
}

const ext = buildExtension();
const needsExt = { skip: ext.skip || false };

describe("loadExtension() with a compiled extension", () => {
  test("allowExtension: true lets loadExtension() load the default entry point", needsExt, () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    assert.strictEqual(db.loadExtension(ext.file), undefined);
    assert.deepStrictEqual(db.prepare("select half(5) x").get(), { __proto__: null, x: 2.5 });
    db.close();
  });

  test("an explicit entryPoint selects another init function", needsExt, () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    assert.strictEqual(db.loadExtension(ext.file, "custom_twice_init"), undefined);
    assert.deepStrictEqual(db.prepare("select twice(5) x").get(), { __proto__: null, x: 10 });
    // Only the selected entry point ran.
    assert.throws(() => db.prepare("select half(5)"), { code: "ERR_SQLITE_ERROR", message: "no such function: half" });
    db.close();
  });

  test("the file suffix may be omitted", needsExt, () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    db.loadExtension(path.join(ext.dir, "half"));
    assert.deepStrictEqual(db.prepare("select half(9) x").get(), { __proto__: null, x: 4.5 });
    db.close();
  });

  test("loaded functions are per connection; loading twice is harmless", needsExt, () => {
    const a = new DatabaseSync(":memory:", { allowExtension: true });
    const b = new DatabaseSync(":memory:", { allowExtension: true });
    a.loadExtension(ext.file);
    a.loadExtension(ext.file);
    assert.deepStrictEqual(a.prepare("select half(1) x").get(), { __proto__: null, x: 0.5 });
    assert.throws(() => b.prepare("select half(1)"), { message: "no such function: half" });
    a.close();
    b.close();
  });

  test("an init function that fails -> ERR_LOAD_SQLITE_EXTENSION with its message", needsExt, () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    assertThrows(() => db.loadExtension(ext.file, "failing_init"), Error, {
      code: "ERR_LOAD_SQLITE_EXTENSION",
      message: "error during initialization: custom init failure",
    });
    db.close();
  });

  test("an entry point that does not exist -> ERR_LOAD_SQLITE_EXTENSION", needsExt, () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    const err = assertThrows(() => db.loadExtension(ext.file, "no_such_entry"), Error, {
      code: "ERR_LOAD_SQLITE_EXTENSION",
    });
    assert.match(err.message, /no_such_entry/);
    db.close();
  });

  test("enableLoadExtension(false) disables loading; enableLoadExtension(true) re-enables it", needsExt, () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    assert.strictEqual(db.enableLoadExtension(false), undefined);
    assertThrows(() => db.loadExtension(ext.file), Error, NOT_ALLOWED);
    assert.throws(() => db.prepare("select half(1)"), { message: "no such function: half" });
    assert.strictEqual(db.enableLoadExtension(true), undefined);
    db.loadExtension(ext.file);
    assert.deepStrictEqual(db.prepare("select half(3) x").get(), { __proto__: null, x: 1.5 });
    db.close();
  });

  test("without allowExtension the library is not loaded", needsExt, () => {
    const db = new DatabaseSync(":memory:");
    assertThrows(() => db.loadExtension(ext.file), Error, NOT_ALLOWED);
    assert.throws(() => db.prepare("select half(1)"), { message: "no such function: half" });
    db.close();
  });

  test("SQL load_extension() stays 'not authorized' even with allowExtension", needsExt, () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    const sql = `select load_extension('${ext.file.replace(/'/g, "''")}')`;
    assertThrows(() => db.prepare(sql).get(), Error, SQL_NOT_AUTHORIZED);
    db.enableLoadExtension(true);
    assertThrows(() => db.prepare(sql).get(), Error, SQL_NOT_AUTHORIZED);
    assert.throws(() => db.prepare("select half(1)"), { message: "no such function: half" });
    db.close();
  });
});

describe("extension loading errors", () => {
  test("loadExtension() without allowExtension -> 'extension loading is not allowed'", () => {
    const db = new DatabaseSync(":memory:");
    assertThrows(() => db.loadExtension("/nonexistent/x.so"), Error, NOT_ALLOWED);
    db.close();
  });

  test("allowExtension: false behaves like the default", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: false });
    assertThrows(() => db.loadExtension("/nonexistent/x.so"), Error, NOT_ALLOWED);
    db.close();
  });

  test("enableLoadExtension(true) without allowExtension throws; (false) is accepted", () => {
    const db = new DatabaseSync(":memory:");
    assertThrows(() => db.enableLoadExtension(true), Error, {
      code: "ERR_INVALID_STATE",
      message: "Cannot enable extension loading because it was disabled at database creation.",
    });
    assert.strictEqual(db.enableLoadExtension(false), undefined);
    assertThrows(() => db.loadExtension("/nonexistent/x.so"), Error, NOT_ALLOWED);
    db.close();
  });

  test("loadExtension() after enableLoadExtension(false) -> 'extension loading is not allowed'", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    db.enableLoadExtension(false);
    assertThrows(() => db.loadExtension("/nonexistent/x.so"), Error, NOT_ALLOWED);
    db.close();
  });

  test("a missing file -> ERR_LOAD_SQLITE_EXTENSION naming the path", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    const missing = path.join(path.dirname(tmpPath("x")), "does-not-exist.so");
    const err = assertThrows(() => db.loadExtension(missing), Error, { code: "ERR_LOAD_SQLITE_EXTENSION" });
    assert.ok(err.message.includes(missing), `message ${JSON.stringify(err.message)} should mention ${missing}`);
    assert.deepStrictEqual(Object.keys(err), ["code"]);
    db.close();
  });

  test("SQL load_extension() is 'not authorized' (errcode 1)", () => {
    for (const options of [{}, { allowExtension: true }]) {
      const db = new DatabaseSync(":memory:", options);
      assertThrows(() => db.prepare("select load_extension('/nonexistent/x.so')").get(), Error, SQL_NOT_AUTHORIZED);
      assertThrows(() => db.exec("select load_extension('/nonexistent/x.so')"), Error, SQL_NOT_AUTHORIZED);
      db.close();
    }
  });

  test("argument validation", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    for (const value of [5, undefined, null, {}]) {
      assertThrows(() => db.loadExtension(value), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "path" argument must be a string.',
      });
    }
    assertThrows(() => db.loadExtension(), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: 'The "path" argument must be a string.',
    });
    for (const value of [1, "true", null, undefined]) {
      assertThrows(() => db.enableLoadExtension(value), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "allow" argument must be a boolean.',
      });
    }
    assertThrows(() => db.enableLoadExtension(), TypeError, {
      code: "ERR_INVALID_ARG_TYPE",
      message: 'The "allow" argument must be a boolean.',
    });
    db.close();
  });

  test("the allowExtension option must be a boolean", () => {
    for (const value of [1, "yes", null]) {
      assertThrows(() => new DatabaseSync(":memory:", { allowExtension: value }), TypeError, {
        code: "ERR_INVALID_ARG_TYPE",
        message: 'The "options.allowExtension" argument must be a boolean.',
      });
    }
  });

  test("closed database -> 'database is not open'", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    db.close();
    assertThrows(() => db.loadExtension("/nonexistent/x.so"), Error, NOT_OPEN);
    assertThrows(() => db.enableLoadExtension(true), Error, NOT_OPEN);
  });

  test("allowExtension survives close() and open()", () => {
    const db = new DatabaseSync(":memory:", { allowExtension: true });
    db.close();
    db.open();
    assert.strictEqual(db.enableLoadExtension(true), undefined);
    assertThrows(() => db.loadExtension("/nonexistent/x.so"), Error, { code: "ERR_LOAD_SQLITE_EXTENSION" });
    db.close();
  });
});
