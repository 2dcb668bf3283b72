"use strict";
// A small seeded PRNG (sfc32), so every stress and fuzz run can be replayed
// exactly from its seed.

/** 32-bit hash of a string (FNV-1a), to derive seeds from names. */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A PRNG seeded from any number of integers or strings. */
function createRandom(...seedParts) {
  const key = seedParts.map(String).join("/");
  let a = hash32(key);
  let b = hash32(`b${key}`);
  let c = hash32(`c${key}`);
  let d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const random = {
    /** A float in [0, 1). */
    next,
    /** An integer in [min, max]. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    /** True with probability p. */
    chance: (p) => next() < p,
    /** One element of an array. */
    pick: (items) => items[Math.floor(next() * items.length)],
    /** An element chosen by weight from [[weight, value], ...]. */
    weighted(entries) {
      let total = 0;
      for (const [w] of entries) total += w;
      let r = next() * total;
      for (const [w, value] of entries) {
        if ((r -= w) < 0) return value;
      }
      return entries[entries.length - 1][1];
    },
  };
  return random;
}

module.exports = { createRandom, hash32 };
