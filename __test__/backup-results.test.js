"use strict";
// backup(sourceDb, path[, options]): the copy it produces, the progress
// callback and attached schemas. Reference: api.md §1.7, §2.11.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { sqlite, tmpPath, rejectsSqlite } = require("./common");
const { DatabaseSync, backup } = sqlite;
const { all, pageCount, fill, db52, sampleDb, openCopy } = require("./backup-fixtures");

describe("backup() results", () => {
  test("is a function named backup with length 2", () => {
    assert.equal(typeof backup, "function");
    assert.equal(backup.name, "backup");
    assert.equal(backup.length, 2);
  });

  test("resolves to 0 for an empty database", async () => {
    const db = new DatabaseSync(":memory:");
    const file = tmpPath("empty.db");
    const promise = backup(db, file);
    assert.ok(promise instanceof Promise);
    assert.equal(await promise, 0);
    assert.ok(fs.existsSync(file));
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM sqlite_schema"), []);
    copy.close();
    db.close();
  });

  test("the copy is a complete database and the result is the total page count", async () => {
    const db = sampleDb();
    fill(db, 30, 2000);
    const file = tmpPath("copy.db");
    const pages = await backup(db, file);
    assert.equal(pages, pageCount(db));
    const copy = openCopy(file);
    assert.equal(pageCount(copy), pages);
    for (const sql of [
      "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
      "SELECT * FROM people ORDER BY id",
      "SELECT * FROM adults ORDER BY name",
      "SELECT id, hex(x) AS x FROM t ORDER BY id",
    ]) {
      assert.deepEqual(all(copy, sql), all(db, sql), sql);
    }
    copy.close();
    db.close();
  });

  test("a file database can be backed up; the source stays usable", async () => {
    const db = sampleDb(tmpPath("source.db"));
    const file = tmpPath("copy.db");
    assert.equal(await backup(db, file), pageCount(db));
    db.exec("INSERT INTO people VALUES (4, 'Dee', 50, NULL)");
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM people ORDER BY id"), [
      { __proto__: null, name: "Ann" },
      { __proto__: null, name: "Bob" },
      { __proto__: null, name: "Cy" },
    ]);
    copy.close();
    db.close();
  });

  test("an existing target database is overwritten", async () => {
    const file = tmpPath("existing.db");
    const old = new DatabaseSync(file);
    old.exec("CREATE TABLE other(z); INSERT INTO other VALUES (1)");
    old.close();
    const db = sampleDb();
    await backup(db, file);
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM sqlite_schema WHERE type = 'table'"), [{ __proto__: null, name: "people" }]);
    copy.close();
    db.close();
  });

  test("the path may be a Buffer or a file: URL", async () => {
    const db = sampleDb();
    const bufferFile = tmpPath("buffer.db");
    const urlFile = tmpPath("url.db");
    assert.equal(await backup(db, Buffer.from(bufferFile)), pageCount(db));
    assert.equal(await backup(db, pathToFileURL(urlFile)), pageCount(db));
    for (const file of [bufferFile, urlFile]) {
      const copy = openCopy(file);
      assert.equal(copy.prepare("SELECT count(*) AS n FROM people").get().n, 3);
      copy.close();
    }
    db.close();
  });

  test("several backups of one database may run concurrently", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 40, 3000);
    const files = [tmpPath("a.db"), tmpPath("b.db"), tmpPath("c.db")];
    const results = await Promise.all(files.map((f, i) => backup(db, f, { rate: i + 1 })));
    assert.deepEqual(results, [pageCount(db), pageCount(db), pageCount(db)]);
    for (const file of files) {
      const copy = openCopy(file);
      assert.equal(copy.prepare("SELECT count(*) AS n FROM t").get().n, 40);
      copy.close();
    }
    db.close();
  });

  test("writes made through the source connection during the backup end up in the copy", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 20, 3000);
    const file = tmpPath("live.db");
    let calls = 0;
    const pages = await backup(db, file, {
      rate: 1,
      progress: () => {
        if (calls++ === 0) db.exec("INSERT INTO t(x) VALUES (randomblob(3000))");
      },
    });
    assert.equal(pages, pageCount(db));
    const copy = openCopy(file);
    assert.equal(copy.prepare("SELECT count(*) AS n FROM t").get().n, 21);
    copy.close();
    db.close();
  });
});

describe("progress", () => {
  test("52 pages at rate 50: exactly one call {totalPages: 52, remainingPages: 2}", async () => {
    const db = db52();
    assert.equal(pageCount(db), 52, "fixture should have 52 pages");
    const calls = [];
    const promise = backup(db, tmpPath(), { rate: 50, progress: (...args) => calls.push(args) });
    assert.equal(calls.length, 0, "progress must not run synchronously");
    assert.equal(await promise, 52);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].length, 1);
    const [info] = calls[0];
    assert.equal(Object.getPrototypeOf(info), Object.prototype);
    assert.deepEqual(Object.keys(info), ["totalPages", "remainingPages"]);
    assert.deepEqual(info, { totalPages: 52, remainingPages: 2 });
    db.close();
  });

  test("a 2-page database: one call at rate 1, none at rate 2 or by default", async () => {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE a(x)");
    assert.equal(pageCount(db), 2);
    for (const [options, expected] of [
      [{ rate: 1 }, [{ totalPages: 2, remainingPages: 1 }]],
      [{ rate: 2 }, []],
      [{}, []],
    ]) {
      const calls = [];
      assert.equal(await backup(db, tmpPath(), { ...options, progress: (p) => calls.push(p) }), 2);
      assert.deepEqual(calls, expected, JSON.stringify(options));
    }
    db.close();
  });

  test("calls come in order, one per non-final step, all before the promise settles", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 20, 3000);
    const total = pageCount(db);
    const calls = [];
    let settled = false;
    const promise = backup(db, tmpPath(), { rate: 3, progress: (p) => calls.push({ ...p, settled }) });
    promise.then(() => { settled = true; }, () => { settled = true; });
    assert.equal(await promise, total);
    const expected = [];
    for (let remaining = total - 3; remaining > 0; remaining -= 3) {
      expected.push({ totalPages: total, remainingPages: remaining, settled: false });
    }
    assert.deepEqual(calls, expected);
    db.close();
  });

  test("a throwing progress callback rejects with that same value and stops the backup", async () => {
    const db = new DatabaseSync(":memory:");
    fill(db, 20, 3000);
    for (const thrown of [new Error("stop"), new RangeError("range"), "a string", Symbol("s")]) {
      let calls = 0;
      await assert.rejects(
        backup(db, tmpPath(), { rate: 1, progress: () => { calls++; throw thrown; } }),
        (e) => e === thrown,
      );
      assert.equal(calls, 1);
    }
    db.close();
  });
});

describe("schemas", () => {
  test("an attached database can be the source", async () => {
    const db = sampleDb();
    db.exec("ATTACH ':memory:' AS aux; CREATE TABLE aux.q(y); INSERT INTO aux.q VALUES ('from aux')");
    const file = tmpPath("aux.db");
    const pages = await backup(db, file, { source: "aux" });
    assert.equal(pages, db.prepare("PRAGMA aux.page_count").get().page_count);
    const copy = openCopy(file);
    assert.deepEqual(all(copy, "SELECT name FROM sqlite_schema"), [{ __proto__: null, name: "q" }]);
    assert.deepEqual(all(copy, "SELECT * FROM q"), [{ __proto__: null, y: "from aux" }]);
    copy.close();
    db.close();
  });

  test("explicit source 'main' and target 'main' are the defaults", async () => {
    const db = sampleDb();
    const file = tmpPath();
    assert.equal(await backup(db, file, { source: "main", target: "main" }), pageCount(db));
    const copy = openCopy(file);
    assert.equal(copy.prepare("SELECT count(*) AS n FROM people").get().n, 3);
    copy.close();
    db.close();
  });

  test("an unknown source or target schema rejects with 'unknown database nope' (errcode 1)", async () => {
    const db = sampleDb();
    await rejectsSqlite(backup(db, tmpPath(), { source: "nope" }), "unknown database nope", 1, "SQL logic error");
    await rejectsSqlite(backup(db, tmpPath(), { target: "nope" }), "unknown database nope", 1, "SQL logic error");
    db.close();
  });

  test("an unwritable target path rejects with 'unable to open database file' (errcode 14)", async () => {
    const db = sampleDb();
    const missingDir = path.join(path.dirname(tmpPath()), "missing", "x.db");
    const aDirectory = path.dirname(tmpPath());
    for (const target of [missingDir, aDirectory]) {
      await rejectsSqlite(backup(db, target), "unable to open database file", 14, "unable to open database file");
    }
    db.close();
  });
});
