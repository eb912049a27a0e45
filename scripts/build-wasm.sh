#!/usr/bin/env bash
# Builds one app's WebAssembly, split into a main module and lazily loaded pages, into a folder
# named by its contents, and writes the loader into the app's HTML (which Trunk produced, with
# `data-trunk-skip` on its rust link). Called by scripts/build-app.sh, after sourcing wasm-env.sh.
#   scripts/build-wasm.sh DIST HTML FOLDER FEATURES
#   e.g. scripts/build-wasm.sh dist index.html app csr
#
# Trunk cannot split: the splitter must run between linking and wasm-bindgen. So:
#   1. cargo links the wasm with relocations kept (-Clink-args=--emit-relocs, in wasm-env.sh and
#      .cargo/config.toml);
#   2. wasm-split-cli (wasm_split_cli_support, pinned in scripts/setup.sh) cuts it at the split
#      points (src/app/lazy.rs) into the main module, one module per page, shared chunks and
#      __wasm_split.js, which fetches a page's module and the chunks it needs in parallel;
#   3. wasm-bindgen (--keep-lld-exports: the pages' modules import the main module's exports) on
#      the main module, wasm-opt -Oz on every module;
#   4. all of it goes into DIST/FOLDER-<hash>/ (the modules' names carry no hash of their own, so
#      the folder versions them; the server caches such folders as immutable).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$1 html=$2 folder=$3 features=$4
name=restock-app
profile=wasm-release
opt_flags=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)

# Where the standard library is built here (-Zbuild-std, scripts/wasm-env.sh): a panic is a bare
# trap, with no panic machinery or messages in the wasm (about 12 KB gzip less, BENCHMARKS.md). A
# panic stops the app either way; the browser's console then says "unreachable" instead of why.
if [ "$(cat .wasm-toolchain 2>/dev/null)" = debian ]; then
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort"
fi
cargo build --quiet --offline --locked --target wasm32-unknown-unknown --profile "$profile" \
  --bin "$name" --no-default-features --features "$features,split"
linked="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$profile/$name.wasm"

work=$(mktemp -d "${TMPDIR:-/tmp}/restock-wasm.XXXXXX")
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$linked" "$work/split" --out-name "$name"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-dir "$work/out" --out-name "$name" "$work/split/$name.wasm"
for f in "$work/split"/*.wasm; do
  [ "$(basename "$f")" = "$name.wasm" ] || cp "$f" "$work/out/"
done
cp "$work/split/__wasm_split.js" "$work/out/"
for f in "$work/out"/*.wasm; do
  # (It warns about the linker's name subsections it does not know; the output has no names.)
  wasm-opt "${opt_flags[@]}" "$f" -o "$f" 2> >(grep -v 'unknown name subsection' >&2)
done

hash=$(cd "$work/out" && LC_ALL=C ls | while read -r f; do sha256sum "$f"; done | sha256sum | cut -c1-16)
out="$dist/$folder-$hash"
rm -rf "$dist/$folder"-*/
mkdir -p "$out"
cp "$work/out"/* "$out/"

# The loader: fetch the glue, its split loader and the main module at once, then start.
base="/$folder-$hash"
loader="<link rel=\"modulepreload\" href=\"$base/$name.js\">
<link rel=\"modulepreload\" href=\"$base/__wasm_split.js\">
<link rel=\"preload\" href=\"$base/${name}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>
<script type=\"module\">import init from '$base/$name.js';await init({ module_or_path: '$base/${name}_bg.wasm' });</script>"
sed -i "/<link[^>]*rel=\"rust\"/d" "$dist/$html"
awk -v loader="$loader" '/<\/head>/ && !done { print loader; done = 1 } { print }' "$dist/$html" > "$work/page.html"
cp "$work/page.html" "$dist/$html"
echo "$html: $(ls "$out" | grep -c 'split_') pages split off into $out" >&2
