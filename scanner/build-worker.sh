#!/usr/bin/env bash
# Builds the scanner web worker into OUTDIR: scanner-worker.js, restock_scanner.js,
# restock_scanner_bg.wasm. Idempotent; quick when nothing changed (cargo is incremental, the
# wasm-bindgen / wasm-opt steps run only when the wasm changed, and OUTDIR's files are rewritten
# only when they differ).
#   scanner/build-worker.sh OUTDIR
# Profile `worker` (this crate at opt-level 3, its dependencies at "z") + wasm-opt -Oz, features
# wasm+qr: see BENCHMARKS.md for the size/speed trade-off. SCANNER_PROFILE=release (or release-z)
# and SCANNER_WASM_OPT=-O3 choose others.
set -euo pipefail
out="${1:?usage: build-worker.sh OUTDIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$here"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
export CARGO_TARGET_DIR="$here/target/wasm"
source "$here/../scripts/wasm-env.sh"
# The worker is one module, never split: no relocations to keep. Cargo merges the target's
# rustflags from the environment with the app's .cargo/config.toml (which asks the linker for
# relocations, for the app's splitter), so taking the flag out of the environment is not enough:
# RUSTFLAGS replaces both (and, with --target, never reaches build scripts). With the relocations
# the shipped worker carried 390 KB of linking and reloc sections (977 KB raw, 397 KB gzip).
flags="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}"
flags="${flags/ -Clink-args=--emit-relocs/}"
flags="${flags/-Clink-args=--emit-relocs/}"
unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
export RUSTFLAGS="$flags"
profile="${SCANNER_PROFILE:-worker}"
opt="${SCANNER_WASM_OPT:--Oz}"
cargo build --quiet --lib --target wasm32-unknown-unknown --profile "$profile" --no-default-features --features wasm,qr
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/restock_scanner.wasm"
stage="$here/target/worker-$profile$opt"
if [ ! -f "$stage/restock_scanner_bg.wasm" ] || [ "$wasm" -nt "$stage/restock_scanner_bg.wasm" ]; then
  # staged apart and moved in whole: an interrupted build never leaves a half-made stage
  tmp="$stage.tmp"
  rm -rf "$tmp" && mkdir -p "$tmp/raw"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$tmp/raw" "$wasm"
  wasm-opt "$opt" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$tmp/raw/restock_scanner_bg.wasm" -o "$tmp/restock_scanner_bg.wasm"
  cp "$tmp/raw/restock_scanner.js" "$tmp/restock_scanner.js"
  rm -rf "$tmp/raw" "$stage"
  mv "$tmp" "$stage"
fi
for f in restock_scanner.js restock_scanner_bg.wasm; do
  cmp -s "$stage/$f" "$out/$f" || cp "$stage/$f" "$out/$f"
done
cmp -s worker/worker.js "$out/scanner-worker.js" || cp worker/worker.js "$out/scanner-worker.js"
