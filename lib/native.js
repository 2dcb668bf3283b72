"use strict";
// Loads the native addon: a local build (`npm install` from source, or
// `npm run build`) first, else the prebuilt package for this platform
// (`@photostructure/sqlite-<platform>`, an optional dependency).
const fs = require("node:fs");
const path = require("node:path");
const { currentPlatform } = require("./platforms");

function load() {
  // An explicit binary, e.g. the SQLCipher flavour (npm run test:encryption).
  const override = process.env.PHOTOSTRUCTURE_SQLITE_ADDON;
  if (override) return require(path.resolve(override));
  const local = path.join(__dirname, "..", "sqlite.node");
  if (fs.existsSync(local)) return require(local);
  const platform = currentPlatform();
  const prebuilt = platform && `@photostructure/sqlite-${platform}/sqlite.node`;
  let cause;
  if (prebuilt) {
    try {
      return require(prebuilt);
    } catch (err) {
      cause = err;
    }
  }
  const err = new Error(
    "@photostructure/sqlite: no native addon for " +
      `${process.platform}-${process.arch}` +
      (prebuilt ? ` (no ${local}, and ${prebuilt} could not be loaded: ${cause && cause.message})` : ` (no ${local})`) +
      ". Build it from source with `npm rebuild @photostructure/sqlite` or `npm run build` " +
      "(needs a Rust toolchain from https://rustup.rs and libclang).",
  );
  err.cause = cause;
  throw err;
}

module.exports = load();
