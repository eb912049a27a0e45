#!/usr/bin/env bash
# Builds the scanner web worker into OUTDIR: scanner-worker.js, restock_scanner.js,
# restock_scanner_bg.wasm, and their SIMD twins restock_scanner_simd.js, restock_scanner_simd_bg.wasm
# (the worker loads one pair). Idempotent; quick when nothing changed (cargo is incremental, the
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
source "$here/../scripts/wasm-env.sh"
# The worker is one module, never split: no relocations to keep. Cargo joins the target's
# rustflags from the environment with those of the repository's .cargo/config.toml (which has
# --emit-relocs for the app's splitter), so the flags go in RUSTFLAGS, which replaces them all
# (with --target, not for build scripts): with the relocations the worker's wasm was 1 014 582
# bytes instead of ~505 000 (its linking and reloc.* sections; wasm-opt keeps them).
base_flags="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}"
base_flags="${base_flags/-Clink-args=--emit-relocs/}"
unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
profile="${SCANNER_PROFILE:-worker}"
opt="${SCANNER_WASM_OPT:--Oz}"
# Two builds of the same sources: restock_scanner_simd* with wasm SIMD (simd128: the RGBA to luma
# conversion and the QR pre-check's rows, 16 pixels at a time), which the worker loads where the
# browser validates a SIMD module (Chrome 91+, Firefox 89+, Safari 16.4+), and restock_scanner*
# without, for older browsers. Each has its own target directory (other flags than each other and
# than bench/run.sh's builds: no rebuild when switching). SCANNER_SIMD=0 builds only the one
# without.
variants="plain"
[ "${SCANNER_SIMD:-1}" = 0 ] || variants="plain simd"
for v in $variants; do
  if [ "$v" = simd ]; then
    export CARGO_TARGET_DIR="$here/target/wasm-worker-simd"
    export RUSTFLAGS="$base_flags -Ctarget-feature=+simd128"
    name=restock_scanner_simd
    simd=--enable-simd
  else
    export CARGO_TARGET_DIR="$here/target/wasm"
    export RUSTFLAGS="$base_flags"
    name=restock_scanner
    simd=
  fi
  cargo build --quiet --lib --target wasm32-unknown-unknown --profile "$profile" --no-default-features --features wasm,qr
  wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/restock_scanner.wasm"
  stage="$here/target/worker-$profile$opt-$v"
  if [ ! -f "$stage/${name}_bg.wasm" ] || [ "$wasm" -nt "$stage/${name}_bg.wasm" ]; then
    # staged apart and moved in whole: an interrupted build never leaves a half-made stage
    tmp="$stage.tmp"
    rm -rf "$tmp" && mkdir -p "$tmp/raw"
    wasm-bindgen --target no-modules --no-typescript --out-name "$name" --out-dir "$tmp/raw" "$wasm"
    wasm-opt "$opt" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals $simd \
      "$tmp/raw/${name}_bg.wasm" -o "$tmp/${name}_bg.wasm"
    cp "$tmp/raw/$name.js" "$tmp/$name.js"
    rm -rf "$tmp/raw" "$stage"
    mv "$tmp" "$stage"
  fi
  for f in "$name.js" "${name}_bg.wasm"; do
    cmp -s "$stage/$f" "$out/$f" || cp "$stage/$f" "$out/$f"
  done
done
cmp -s worker/worker.js "$out/scanner-worker.js" || cp worker/worker.js "$out/scanner-worker.js"
