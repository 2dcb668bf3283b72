// ESM view of experimental.d.ts, mirroring experimental.mjs.
export * from "./experimental.js";
