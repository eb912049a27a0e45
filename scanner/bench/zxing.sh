#!/usr/bin/env bash
# Same-run recall and wrong reads: ours, plain rxing, zxing-cpp (native, Python bindings) and
# zxing-wasm (npm, in node) on the same corpus frames.
#   bench/zxing.sh [N_MILD N_HARD [FIRST_INDEX]]     (default 40 40 0; OUT=dir for the frames)
# Installs zxing-cpp 3.1.1 and numpy into bench/venv and zxing-wasm (package.json) into
# bench/node_modules on first use. The frames (1.4 GB at 40 40) go to $OUT, default bench/zxing-out
# (gitignored). Prints the merged tables (bench/merge.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
n_mild="${1:-40}" n_hard="${2:-40}" first="${3:-0}"
out="${OUT:-bench/zxing-out}"
# zxing-cpp's Python bindings and numpy in a virtualenv of their own (bench/venv, gitignored),
# installed on first use; PY=path/to/python uses another.
if [ -z "${PY:-}" ]; then
  if ! bench/venv/bin/python -c 'import zxingcpp, numpy' 2>/dev/null; then
    python3 -m venv bench/venv
    bench/venv/bin/pip install --quiet zxing-cpp==3.1.1 numpy
  fi
  py=bench/venv/bin/python
else
  py="$PY"
fi
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
echo "# $(date -u +%FT%TZ) uptime:$(uptime)" >&2
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}" cargo run --quiet --release --features tools,baseline --example dump -- "$n_mild" "$n_hard" "$out" "$first"
echo "# ours+rxing done $(date -u +%T) uptime:$(uptime)" >&2
"$py" -c 'import importlib.metadata as m; print("# zxing-cpp (python)", m.version("zxing-cpp"))' >&2
"$py" bench/zxing_cpp.py "$out"
echo "# zxing-cpp done $(date -u +%T) uptime:$(uptime)" >&2
[ -d bench/node_modules/zxing-wasm ] || (cd bench && npm install --no-audit --no-fund)
node bench/zxing_wasm.mjs "$out"
echo "# zxing-wasm done $(date -u +%T) uptime:$(uptime)" >&2
"$py" bench/merge.py "$out"
