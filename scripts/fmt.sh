#!/usr/bin/env bash
# Formats the code as ./test checks it: leptosfmt for the view! macros (leptosfmt.toml), rustfmt
# for the rest (rustfmt.toml), the decoder crate too. leptosfmt settles in two passes on some views.
set -euo pipefail
cd "$(dirname "$0")/.."
leptosfmt -q src
leptosfmt -q src
cargo fmt
(cd scanner && cargo fmt)
