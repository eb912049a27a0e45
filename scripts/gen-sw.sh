#!/usr/bin/env bash
# Writes sw.js into a build (scripts/build-app.sh calls it once the shop app is complete) from
# public/sw.js, filling in the list of files the build produced (to precache: the page, the
# WebAssembly and every lazily loaded page's module) and a version derived from their contents,
# so that every new build replaces the old cache and an unchanged one keeps it.
#   scripts/gen-sw.sh DIST
set -euo pipefail
template="$(cd "$(dirname "$0")/.." && pwd)/public/sw.js"
cd "${1:?usage: gen-sw.sh DIST}"
files=$(find . -type f ! -name sw.js ! -name '*.map' | sed 's|^\./|/|' | LC_ALL=C sort)
version=$(printf '%s\n' $files | while read -r f; do sha256sum ".$f"; done | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's|.*|  "&",|')
awk -v version="$version" -v list="$list" '
  /__PRECACHE__/ { print list; next }
  { gsub(/__VERSION__/, version); print }
' "$template" > sw.js
echo "sw.js: $(printf '%s\n' $files | wc -l) files, version $version" >&2
