#!/usr/bin/env bash
# Size report of one built app: raw and gzip -9 bytes of what a first visit downloads before the
# app can start (the HTML, the CSS and the JS glue, split loader and main wasm it loads), then the
# modules of the lazily loaded pages, each fetched (with the shared chunks it needs, in parallel)
# the first time its page opens. The shop app's budget is enforced by tests/size_budget.rs.
#   scripts/size-report.sh [DIST] [index.html|staff.html]
set -euo pipefail
dist="${1:-$(dirname "$0")/../dist}"
html="${2:-index.html}"
row() { printf '%-44s %10d %10d\n' "$1" "$(wc -c < "$2")" "$(gzip -9 -c "$2" | wc -c)"; }
printf '%-44s %10s %10s\n' "$html: file" "raw" "gzip"
total_raw=0 total_gz=0
# What the page itself references (CSS, the loader's JS and wasm), by absolute path.
files="$dist/$html $(grep -oE '(href|from|module_or_path:) *=? *["'\''][^"'\'']+\.(css|js|wasm)' "$dist/$html" \
  | grep -oE '/[^"'\'']+$' | sort -u | sed "s|^|$dist|")"
for f in $files; do
  total_raw=$((total_raw + $(wc -c < "$f"))); total_gz=$((total_gz + $(gzip -9 -c "$f" | wc -c)))
  row "${f#"$dist"/}" "$f"
done
printf '%-44s %10d %10d\n' "initial load" "$total_raw" "$total_gz"
folder=$(dirname "$(echo "$files" | tr ' ' '\n' | grep '_bg\.wasm$' | head -n1)")
for f in "$folder"/split_*.wasm "$folder"/chunk_*.wasm; do
  [ -f "$f" ] && row "  lazy: ${f#"$dist"/}" "$f"
done
