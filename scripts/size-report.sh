#!/usr/bin/env bash
# Size report of one built app: raw and gzip -9 bytes of what a first visit downloads before the
# app can start (the HTML, and the JS glue, wasm and CSS it loads). The shop app's budget is
# enforced by tests/size_budget.rs.
#   scripts/size-report.sh [DIST] [index.html|staff.html]
set -euo pipefail
dist="${1:-$(dirname "$0")/../dist}"
html="${2:-index.html}"
printf '%-44s %10s %10s\n' "$html: file" "raw" "gzip"
total_raw=0 total_gz=0
files="$dist/$html"
for f in "$dist"/*.js "$dist"/*_bg.wasm "$dist"/*.css; do
  [ -f "$f" ] || continue
  grep -q "$(basename "$f" | sed 's/_bg\.wasm$//; s/\.js$//')" "$dist/$html" && files="$files $f"
done
for f in $files; do
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %10d %10d\n' "initial load" "$total_raw" "$total_gz"
