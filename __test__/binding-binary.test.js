"use strict";
// JavaScript -> SQLite binding of binary data: Buffer, typed arrays, DataView
// (api.md §2.1).
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { openDb, probe } = require("./binding-fixtures.js");

/** Bytes of any view as a fresh Uint8Array. */
function bytesOf(view) {
  return Uint8Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

describe("binding binary data", () => {
  test("Uint8Array binds as a BLOB", () => {
    const row = probe(new Uint8Array([1, 2, 255]));
    assert.deepStrictEqual(row, { __proto__: null, t: "blob", v: new Uint8Array([1, 2, 255]) });
  });

  test("Buffer binds its own bytes (byteOffset respected)", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, hex(?1) h");
    assert.deepStrictEqual(s.get(Buffer.from("hi")), { __proto__: null, t: "blob", h: "6869" });
    const big = Buffer.from([9, 8, 7, 6, 5]);
    const sub = big.subarray(1, 4);
    assert.deepStrictEqual(s.get(sub), { __proto__: null, t: "blob", h: "080706" });
  });

  test("every TypedArray binds exactly the bytes of its view", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v");
    const ctors = [
      [Int8Array, [1, -1]],
      [Uint8Array, [1, 255]],
      [Uint8ClampedArray, [0, 255]],
      [Int16Array, [1, 256]],
      [Uint16Array, [0x0102, 0xffff]],
      [Int32Array, [-2, 0x01020304]],
      [Uint32Array, [0xdeadbeef, 7]],
      [Float32Array, [1.5, -2]],
      [Float64Array, [Math.PI, -0]],
      [BigInt64Array, [-1n, 0x0102030405060708n]],
      [BigUint64Array, [2n ** 64n - 1n, 3n]],
    ];
    if (typeof Float16Array === "function") ctors.push([Float16Array, [1.5, -2]]); // eslint-disable-line no-undef
    for (const [Ctor, values] of ctors) {
      const bpe = Ctor.BYTES_PER_ELEMENT;
      // A view in the middle of a larger buffer, with garbage around it.
      const backing = new ArrayBuffer(bpe * 4);
      new Uint8Array(backing).fill(0xaa);
      const view = new Ctor(backing, bpe, 2);
      view.set(values);
      const row = s.get(view);
      assert.strictEqual(row.t, "blob", Ctor.name);
      assert.deepStrictEqual(row.v, bytesOf(view), Ctor.name);
      assert.strictEqual(row.v.length, bpe * 2, Ctor.name);
    }
  });

  test("Int16Array [1, 256] binds bytes 01 00 00 01", () => {
    const db = openDb();
    assert.deepStrictEqual(db.prepare("select hex(?) h").get(new Int16Array([1, 256])), {
      __proto__: null,
      h: "01000001",
    });
  });

  test("DataView binds its byteOffset/byteLength window", () => {
    const db = openDb();
    const buf = new Uint8Array([9, 8, 7, 6, 5]).buffer;
    assert.deepStrictEqual(db.prepare("select typeof(?1) t, hex(?1) h").get(new DataView(buf, 2, 2)), {
      __proto__: null,
      t: "blob",
      h: "0706",
    });
    assert.deepStrictEqual(db.prepare("select hex(?1) h").get(new DataView(buf)), {
      __proto__: null,
      h: "0908070605",
    });
  });

  test("an empty view binds a zero-length BLOB, not NULL", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, length(?1) l, ?1 v");
    const empties = [
      new Uint8Array(0),
      Buffer.alloc(0),
      new Float64Array(0),
      new Uint8Array(new ArrayBuffer(8), 8),
      new DataView(new ArrayBuffer(4), 4),
      new DataView(new ArrayBuffer(0)),
    ];
    for (const view of empties) {
      assert.deepStrictEqual(s.get(view), { __proto__: null, t: "blob", l: 0, v: new Uint8Array(0) }, view.constructor.name);
    }
  });

  test("ArrayBuffer binds the whole buffer as a BLOB", () => {
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v");
    const u8 = new Uint8Array([7, 8, 9]);
    assert.deepStrictEqual(s.get(u8.buffer), { __proto__: null, t: "blob", v: new Uint8Array([7, 8, 9]) });
    // The whole buffer, even when it came from a narrower view.
    const view = new Uint8Array(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2);
    assert.deepStrictEqual(s.get(view.buffer).v, new Uint8Array([1, 2, 3, 4]));
  });

  test("SharedArrayBuffer binds the whole buffer as a BLOB", () => {
    const db = openDb();
    const sab = new SharedArrayBuffer(3);
    new Uint8Array(sab).set([1, 2, 3]);
    assert.deepStrictEqual(db.prepare("select typeof(?1) t, ?1 v").get(sab), {
      __proto__: null,
      t: "blob",
      v: new Uint8Array([1, 2, 3]),
    });
  });

  test("an empty ArrayBuffer or SharedArrayBuffer binds NULL", () => {
    // Observed on Node 26.10 (unlike empty views, which give a zero-length BLOB).
    const db = openDb();
    const s = db.prepare("select typeof(?1) t, ?1 v");
    assert.deepStrictEqual(s.get(new ArrayBuffer(0)), { __proto__: null, t: "null", v: null });
    assert.deepStrictEqual(s.get(new SharedArrayBuffer(0)), { __proto__: null, t: "null", v: null });
  });

  test("binary values are accepted as named parameter values", () => {
    const db = openDb();
    assert.deepStrictEqual(
      db.prepare("select hex($a) a, hex($b) b, hex($c) c").get({
        a: new Uint16Array([0x0102]),
        b: new Uint8Array([5, 6]).buffer,
        c: new DataView(new Uint8Array([1, 2, 3]).buffer, 1),
      }),
      { __proto__: null, a: "0201", b: "0506", c: "0203" },
    );
  });

  test("bound bytes are copied at bind time", () => {
    const db = openDb();
    db.exec("create table t(b blob)");
    const u8 = new Uint8Array([1, 2, 3]);
    db.prepare("insert into t values (?)").run(u8);
    u8[0] = 99;
    assert.deepStrictEqual(db.prepare("select b from t").get().b, new Uint8Array([1, 2, 3]));
  });
});
