#!/usr/bin/env bash
# Installs everything building, running and testing the app needs, and does nothing slow when all
# of it is already there. Called by ./run and ./test; safe to run any number of times.
#
# Versions are pinned so that a fresh machine builds exactly what we built:
#   Trunk 0.21.14 (0.22 needs rustc >= 1.96.1), wasm-bindgen CLI = the wasm-bindgen crate in
#   Cargo.lock, binaryen (wasm-opt) 132 from npm (Debian's 108 is too old for today's wasm),
#   wasm-split-cli 0.2.4 (wasm_split_cli_support, for the lazily loaded pages), leptosfmt 0.1.33
#   (./test only).
# The WebAssembly standard library comes from rustup where the machine has the target, and
# otherwise from Debian's rustc-web build with -Zbuild-std (see scripts/wasm-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml | head -n1)
BINARYEN_VERSION=132.0.0
WASM_SPLIT_VERSION=0.2.4
LEPTOSFMT_VERSION=0.1.33
WITH_TEST_TOOLS=${WITH_TEST_TOOLS:-0}
[ "${1:-}" = "--test" ] && WITH_TEST_TOOLS=1
WITH_BENCH_TOOLS=0
[ "${1:-}" = "--bench" ] && WITH_BENCH_TOOLS=1

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[setup] %s\n' "$*" >&2; }

missing=()
want_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || missing+=("$1"); }

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo rustup > .wasm-toolchain
else
  # No wasm32 std from rustup here (its download hangs on these machines): Debian's compiler for
  # browsers ships the std source, which cargo builds for wasm32 itself.
  for p in rustc-web cargo-web rust-web-src lld-19; do want_pkg "$p"; done
  echo debian > .wasm-toolchain
fi
want_pkg pkg-config; want_pkg gzip
# ./test formats and lints with rustup's rustfmt and clippy (in its default profile; added if a
# minimal profile left them out).
if [ "$WITH_TEST_TOOLS" = 1 ]; then
  for c in rustfmt clippy; do
    if ! cargo "${c/rustfmt/fmt}" --version >/dev/null 2>&1; then log "adding rustup component $c"; rustup component add "$c"; fi
  done
fi
if [ "$WITH_TEST_TOOLS" = 1 ]; then
  # A CJK font so that screenshots taken by the tests show Chinese, not boxes.
  for p in chromium chromium-driver fonts-wqy-zenhei; do want_pkg "$p"; done
  # PostgreSQL: the test script starts its own server on a loopback port.
  want_pkg postgresql
fi
[ "$WITH_BENCH_TOOLS" = 1 ] && want_pkg wrk
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (several minutes, once)"
  # Without --locked, 0.21.14 fails to build (lightningcss).
  cargo install --quiet --locked "trunk@$TRUNK_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # --locked fails on a yanked dependency of this release.
  cargo install --quiet --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi
# The splitter that cuts the lazily loaded pages out of the wasm (scripts/build-wasm.sh). Its
# runtime half (wasm_split_helpers, through leptos) is in Cargo.lock; the CLI must read what that
# version writes: 0.2.4 with wasm_split_helpers 0.2.3.
# Installed under its own versioned folder (the binary has no --version, and `cargo install --list`
# reads CARGO_HOME, so a newcomer with another CARGO_HOME would compile it again).
WASM_SPLIT_DIR="$HOME/.cache/restock-tools/wasm-split-cli-$WASM_SPLIT_VERSION"
if [ ! -x "$WASM_SPLIT_DIR/bin/wasm-split-cli" ]; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (a minute or two, once)"
  cargo install --quiet --locked --root "$WASM_SPLIT_DIR" "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
fi
# ./test checks the views' formatting (the view! macros, which rustfmt leaves alone) with leptosfmt.
LEPTOSFMT_DIR="$HOME/.cache/restock-tools/leptosfmt-$LEPTOSFMT_VERSION"
if [ "$WITH_TEST_TOOLS" = 1 ] && [ ! -x "$LEPTOSFMT_DIR/bin/leptosfmt" ]; then
  log "installing leptosfmt $LEPTOSFMT_VERSION (a minute or two, once)"
  cargo install --quiet --locked --root "$LEPTOSFMT_DIR" "leptosfmt@$LEPTOSFMT_VERSION"
fi
[ -x "$LEPTOSFMT_DIR/bin/leptosfmt" ] && ln -sf "$LEPTOSFMT_DIR/bin/leptosfmt" "$HOME/.cargo/bin/leptosfmt"
BINARYEN_DIR="$HOME/.cache/restock-tools/binaryen-$BINARYEN_VERSION"
if [ ! -x "$BINARYEN_DIR/node_modules/.bin/wasm-opt" ]; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm"
  mkdir -p "$BINARYEN_DIR"
  npm install --silent --no-audit --no-fund --prefix "$BINARYEN_DIR" "binaryen@$BINARYEN_VERSION" >/dev/null 2>&1
fi
mkdir -p "$HOME/.cargo/bin"
ln -sf "$BINARYEN_DIR/node_modules/.bin/wasm-opt" "$HOME/.cargo/bin/wasm-opt"
ln -sf "$WASM_SPLIT_DIR/bin/wasm-split-cli" "$HOME/.cargo/bin/wasm-split-cli"
log "toolchain ready (wasm std from $(cat .wasm-toolchain))"
