# Sourced before a WebAssembly build: picks the toolchain scripts/setup.sh found on this machine.
#   rustup  the rustup toolchain has the wasm32 target: nothing to do.
#   debian  Debian's rustc-web (/usr/bin) builds the wasm32 standard library from source.
# Only wasm builds may source this: -Zbuild-std must stay out of native builds.
export PATH="$HOME/.cargo/bin:$PATH"
if [ "$(cat "$(dirname "${BASH_SOURCE[0]}")/../.wasm-toolchain" 2>/dev/null)" = debian ]; then
  # /usr/bin first: Debian's cargo and rustc; Trunk and wasm-bindgen stay reachable behind them.
  export PATH="/usr/bin:$PATH"
  export RUSTC=/usr/bin/rustc
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  # Smaller wasm where the compiler allows unstable flags (it does here: RUSTC_BOOTSTRAP): no file
  # and line in panic messages, shallow Debug output. Cargo adds these to .cargo/config.toml's
  # rustflags (erase_components, and --emit-relocs for the splitter, see scripts/build-wasm.sh);
  # they are repeated for a build that replaces them with RUSTFLAGS. Measured in BENCHMARKS.md.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs -Zlocation-detail=none -Zfmt-debug=shallow"
  # Keep these artefacts apart from the native ones: another compiler, other flags.
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/wasm}"
fi
