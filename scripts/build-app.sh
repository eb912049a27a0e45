#!/usr/bin/env bash
# Builds the WebAssembly client into dist/ (release: size-optimised, wasm-opt -Oz) and prints its
# size report. Trunk runs offline: every tool it needs was installed by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
trunk build --offline --release "$@" 2>&1 | grep -vE '^\s*$|INFO (spawn|finished|applying|downloading|fetching|spawned)' >&2
./scripts/size-report.sh
