"use strict";
// The platforms that get a prebuilt addon, and how a running Node names its
// own. Used by the release workflow (npm-packages.js); the loader can use
// `currentPlatform()` to find `@photostructure/sqlite-<platform>`.

/** napi-rs style names: <os>-<cpu>[-<abi>]. */
const PLATFORMS = {
  "linux-x64-gnu": { os: "linux", cpu: "x64", libc: "glibc", rust: "x86_64-unknown-linux-gnu" },
  "linux-arm64-gnu": { os: "linux", cpu: "arm64", libc: "glibc", rust: "aarch64-unknown-linux-gnu" },
  "linux-x64-musl": { os: "linux", cpu: "x64", libc: "musl", rust: "x86_64-unknown-linux-musl" },
  "linux-arm64-musl": { os: "linux", cpu: "arm64", libc: "musl", rust: "aarch64-unknown-linux-musl" },
  "darwin-x64": { os: "darwin", cpu: "x64", rust: "x86_64-apple-darwin" },
  "darwin-arm64": { os: "darwin", cpu: "arm64", rust: "aarch64-apple-darwin" },
  "win32-x64-msvc": { os: "win32", cpu: "x64", rust: "x86_64-pc-windows-msvc" },
  "win32-arm64-msvc": { os: "win32", cpu: "arm64", rust: "aarch64-pc-windows-msvc" },
};

/** glibc or musl, from the process report (no glibc version means musl). */
function linuxLibc() {
  const header = process.report && typeof process.report.getReport === "function" ? process.report.getReport().header : {};
  return header && header.glibcVersionRuntime ? "glibc" : "musl";
}

/** This process's platform name, or undefined when no prebuilt exists for it. */
function currentPlatform() {
  const libc = process.platform === "linux" ? linuxLibc() : undefined;
  for (const [name, p] of Object.entries(PLATFORMS)) {
    if (p.os === process.platform && p.cpu === process.arch && p.libc === libc) return name;
  }
  return undefined;
}

module.exports = { PLATFORMS, currentPlatform };
