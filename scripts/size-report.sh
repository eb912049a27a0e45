#!/usr/bin/env bash
# Size report of the built app: raw and gzip -9 bytes of what a first visit downloads before the
# app can start (index.html, the JS glue, the wasm, the CSS). The budget is enforced by
# tests/size_budget.rs.
set -euo pipefail
dist="${1:-$(dirname "$0")/../dist}"
printf '%-44s %10s %10s\n' "file" "raw" "gzip"
total_raw=0 total_gz=0
for f in "$dist"/index.html "$dist"/*.js "$dist"/*_bg.wasm "$dist"/*.css; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in sw.js) continue ;; esac
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %10d %10d\n' "initial load" "$total_raw" "$total_gz"
