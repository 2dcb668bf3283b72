"use strict";
// Loads the compiled addon (built by `npm install` / `npm run build`).
const path = require("node:path");

const file = path.join(__dirname, "..", "sqlite.node");
let native;
try {
  native = require(file);
} catch (err) {
  const e = new Error(
    `@photostructure/sqlite: could not load the native addon at ${file} (${err.message}). ` +
      "Build it with `npm run build` (needs a Rust toolchain and libclang).",
  );
  e.cause = err;
  throw e;
}
module.exports = native;
