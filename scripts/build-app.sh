#!/usr/bin/env bash
# Builds the WebAssembly clients into dist/ (release: size-optimised, wasm-opt -Oz) and prints the
# size report. Two apps from one crate: the shop app (index.html, what a shop owner's phone loads)
# and the staff app (staff.html: the shop app plus the salespeople's, dispatchers', reviewers' and
# admins' screens), which the server sends to staff sessions. Trunk runs offline: every tool it
# needs was installed by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
# Trunk builds with cargo --offline, so every crate must be in cargo's cache first: both lock
# files' crates, and (-Zbuild-std) the standard library's own dependencies. Quick when present.
cargo fetch --quiet --locked --target wasm32-unknown-unknown
(cd scanner && cargo fetch --quiet --locked --target wasm32-unknown-unknown)
quiet() { grep -vE '^\s*$|INFO (spawn|finished|applying|downloading|fetching|spawned)' >&2 || true; }
# Trunk makes each page's HTML, CSS, icons and manifest; scripts/build-wasm.sh the WebAssembly,
# split into lazily loaded pages (Trunk cannot split), and its loader in the page.
staff_dist=target/dist-staff
trunk build staff.html --offline --release --html-output staff.html --dist "$staff_dist" "$@" 2>&1 | quiet
scripts/build-wasm.sh "$staff_dist" staff.html staff csr,staff
trunk build index.html --offline --release "$@" 2>&1 | quiet
scripts/build-wasm.sh dist index.html app csr
# The service worker precaches exactly the shop app: every file of it, each page's module too.
scripts/gen-sw.sh dist
# The staff app's files join the shop app's (its folder is named by its contents: no clashes).
# Staff files are cached by the service worker when first loaded.
cp "$staff_dist"/staff.html "$staff_dist"/staff-*.css dist/
cp -r "$staff_dist"/staff-*/ dist/
# The barcode decoder (scanner/, a separate crate): a web worker and its wasm, fetched only when
# the scanner opens.
scanner/build-worker.sh dist/scanner
printf '%-44s %10s %10s\n' "scanner (lazy): file" "raw" "gzip"
for f in dist/scanner/*; do printf '%-44s %10d %10d\n' "$(basename "$f")" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)"; done
./scripts/size-report.sh dist index.html
./scripts/size-report.sh dist staff.html
