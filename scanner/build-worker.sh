#!/usr/bin/env bash
# Builds the scanner web worker into OUTDIR: scanner-worker.js, restock_scanner.js,
# restock_scanner_bg.wasm. Idempotent; quick when nothing changed (cargo is incremental and the
# wasm-bindgen / wasm-opt steps run only when the wasm changed).
#   scanner/build-worker.sh OUTDIR
# Profile: release (opt-level 3; see BENCHMARKS.md for the size/speed trade-off), features wasm+qr.
set -euo pipefail
out="${1:?usage: build-worker.sh OUTDIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$here"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
export CARGO_TARGET_DIR="$here/target/wasm"
source "$here/../scripts/wasm-env.sh"
profile="${SCANNER_PROFILE:-release}"
cargo build --quiet --lib --target wasm32-unknown-unknown --profile "$profile" --no-default-features --features wasm,qr
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/restock_scanner.wasm"
stage="$here/target/worker-$profile"
if [ ! -f "$stage/restock_scanner_bg.wasm" ] || [ "$wasm" -nt "$stage/restock_scanner_bg.wasm" ]; then
  rm -rf "$stage" && mkdir -p "$stage/raw"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$stage/raw" "$wasm"
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$stage/raw/restock_scanner_bg.wasm" -o "$stage/restock_scanner_bg.wasm"
  cp "$stage/raw/restock_scanner.js" "$stage/restock_scanner.js"
fi
for f in restock_scanner.js restock_scanner_bg.wasm; do
  cmp -s "$stage/$f" "$out/$f" || cp "$stage/$f" "$out/$f"
done
cmp -s worker/worker.js "$out/scanner-worker.js" || cp worker/worker.js "$out/scanner-worker.js"
