#!/usr/bin/env bash
# WebAssembly benchmark: ours vs plain rxing, side by side, in node; plus the worker's sizes.
#   scanner/bench/run.sh            (ROUNDS=5 scanner/bench/run.sh for more rounds; SIZES=0 skips the
#                                    size builds; ONLY=ours times only our decoder; BENCH_PROFILE and
#                                    BENCH_FEATURES choose the timed build, BENCH_WASM_OPT=-Oz runs
#                                    wasm-opt on it first, see below; BENCH_SIMD=0 times it
#                                    without wasm SIMD, as the worker's fallback for old browsers)
# Builds: frames (native, release) -> bench/frames.bin; the bench wasm (features wasm+baseline,
# release = opt-level 3) -> wasm-bindgen --target nodejs -> bench/pkg; then node bench/bench.js.
# Sizes: the worker wasm (features wasm+qr only) at opt-level 3, "z", and the `worker` profile
# (this crate at 3, dependencies at "z"; what build-worker.sh ships), raw, after wasm-opt -Oz, and
# gzip -9 of each.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

# 1. frames, natively (the corpus generator is not in the wasm)
CARGO_TARGET_DIR="$here/target" cargo run --quiet --release --features tools --example gen_frames -- bench/frames.bin

# 2. wasm builds (Debian rustc-web + build-std on this machine: scripts/wasm-env.sh)
(
  export CARGO_TARGET_DIR="$here/target/wasm"
  source "$here/../scripts/wasm-env.sh"
  # BENCH_PROFILE=release-z BENCH_FEATURES=wasm,qr,bench ONLY=ours: time the worker's own build instead
  bprof="${BENCH_PROFILE:-release}"
  # the timed build with wasm SIMD (the worker's restock_scanner_simd), in its own target directory
  base_flags="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}"
  simd=
  if [ "${BENCH_SIMD:-1}" != 0 ]; then
    simd=--enable-simd
    (
      export CARGO_TARGET_DIR="$here/target/wasm-simd"
      export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$base_flags -Ctarget-feature=+simd128"
      cargo build --quiet --lib --target wasm32-unknown-unknown --profile "$bprof" --no-default-features --features "${BENCH_FEATURES:-wasm,baseline,qr}"
    )
    timed="$here/target/wasm-simd/wasm32-unknown-unknown/$bprof/restock_scanner.wasm"
  else
    cargo build --quiet --lib --target wasm32-unknown-unknown --profile "$bprof" --no-default-features --features "${BENCH_FEATURES:-wasm,baseline,qr}"
    timed="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$bprof/restock_scanner.wasm"
  fi
  mkdir -p bench/pkg
  wasm-bindgen --target nodejs --out-dir bench/pkg "$timed"
  # BENCH_WASM_OPT=-Oz: time the wasm after wasm-opt, as the worker ships it
  if [ -n "${BENCH_WASM_OPT:-}" ]; then
    wasm-opt "$BENCH_WASM_OPT" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals $simd \
      bench/pkg/restock_scanner_bg.wasm -o bench/pkg/restock_scanner_bg.wasm
  fi
  [ "${SIZES:-1}" = 0 ] && exit 0
  # the worker's own build (no rxing 1D, no writers), both optimisation levels
  mkdir -p target/sizes
  for prof in release release-z worker; do
    cargo build --quiet --lib --target wasm32-unknown-unknown --profile "$prof" --no-default-features --features wasm,qr
    cp "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$prof/restock_scanner.wasm" "target/sizes/worker-$prof.wasm"
    wasm-bindgen --target no-modules --out-name restock_scanner --out-dir "target/sizes/$prof" "target/sizes/worker-$prof.wasm"
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "target/sizes/$prof/restock_scanner_bg.wasm" -o "target/sizes/$prof/restock_scanner_bg.opt.wasm"
  done
  # the shipped worker's SIMD twin
  (
    export CARGO_TARGET_DIR="$here/target/wasm-simd"
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$base_flags -Ctarget-feature=+simd128"
    cargo build --quiet --lib --target wasm32-unknown-unknown --profile worker --no-default-features --features wasm,qr
  )
  cp target/wasm-simd/wasm32-unknown-unknown/worker/restock_scanner.wasm target/sizes/worker-simd.wasm
  wasm-bindgen --target no-modules --out-name restock_scanner --out-dir target/sizes/simd target/sizes/worker-simd.wasm
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-simd \
    target/sizes/simd/restock_scanner_bg.wasm -o target/sizes/simd/restock_scanner_bg.opt.wasm
  # and the 1D-only worker (no QR, no rxing at all)
  cargo build --quiet --lib --target wasm32-unknown-unknown --profile release-z --no-default-features --features wasm
  cp "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release-z/restock_scanner.wasm" target/sizes/worker-1d-z.wasm
  wasm-bindgen --target no-modules --out-name restock_scanner --out-dir target/sizes/1d target/sizes/worker-1d-z.wasm
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    target/sizes/1d/restock_scanner_bg.wasm -o target/sizes/1d/restock_scanner_bg.opt.wasm
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    bench/pkg/restock_scanner_bg.wasm -o target/sizes/bench-baseline.opt.wasm
)

if [ "${SIZES:-1}" != 0 ]; then
size() { printf '| %s | %s | %s |\n' "$1" "$(stat -c %s "$2")" "$(gzip -9 -c "$2" | wc -c)"; }
echo
echo "| wasm | bytes | gzip -9 bytes |"
echo "|---|---|---|"
size "worker (1D + QR), opt-level 3, wasm-bindgen" target/sizes/release/restock_scanner_bg.wasm
size "worker (1D + QR), opt-level 3, + wasm-opt -Oz" target/sizes/release/restock_scanner_bg.opt.wasm
size "worker (1D + QR), opt-level z, wasm-bindgen" target/sizes/release-z/restock_scanner_bg.wasm
size "worker (1D + QR), opt-level z, + wasm-opt -Oz" target/sizes/release-z/restock_scanner_bg.opt.wasm
size "worker (1D + QR), profile worker (3 / deps z), wasm-bindgen" target/sizes/worker/restock_scanner_bg.wasm
size "worker (1D + QR), profile worker (3 / deps z), + wasm-opt -Oz (shipped, no SIMD)" target/sizes/worker/restock_scanner_bg.opt.wasm
size "worker (1D + QR), profile worker, SIMD, + wasm-opt -Oz (shipped, restock_scanner_simd)" target/sizes/simd/restock_scanner_bg.opt.wasm
size "worker 1D only (no rxing), opt-level z, + wasm-opt -Oz" target/sizes/1d/restock_scanner_bg.opt.wasm
size "bench build with plain rxing (all formats), + wasm-opt -Oz" target/sizes/bench-baseline.opt.wasm
size "glue restock_scanner.js (no-modules)" target/sizes/release/restock_scanner.js
fi
echo
node bench/bench.js bench/pkg bench/frames.bin
