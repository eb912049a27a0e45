#!/usr/bin/env bash
# Lighthouse (mobile, its simulated slow 4G and 4x CPU slowdown) on the sign-in screen and on the
# signed-in home and catalogue screens of the shop app, against the real release server on a fresh
# SQLite database with the demo data. Runs each page RUNS times (default 3) and prints the median
# of each category; the JSON reports go to test-output/lighthouse/.
#   scripts/lighthouse.sh [runs]
# Needs the app built (./scripts/build-app.sh, done here) and Chromium (scripts/setup.sh --test).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
LIGHTHOUSE_VERSION=12.8.2   # 13 needs Node 22; the machines have Node 20
./scripts/setup.sh --test
lh_dir="$HOME/.cache/restock-tools/lighthouse-$LIGHTHOUSE_VERSION"
if [ ! -x "$lh_dir/node_modules/.bin/lighthouse" ]; then
  echo "[lighthouse] installing lighthouse $LIGHTHOUSE_VERSION from npm" >&2
  mkdir -p "$lh_dir"
  npm install --silent --no-audit --no-fund --prefix "$lh_dir" "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null 2>&1
fi
[ -f dist/index.html ] || ./scripts/build-app.sh
cargo build --quiet --release --features ssr --bin restock

work=$(mktemp -d /tmp/restock-lh.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RESTOCK_LISTEN=127.0.0.1:$port DATABASE_URL=sqlite://$work/lh.db RESTOCK_EVIDENCE_DIR=$work/evidence RUST_LOG=warn ./target/release/restock &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
cookie=$(curl -fs -c - -H 'content-type: application/json' -H "origin: $base" -d '{"phone":"13800000001","password":"demo1234"}' \
  "$base/api/v1/account/sign-in" | awk '/restock_session/ {print $6"="$7}')
[ -n "$cookie" ] || { echo "[lighthouse] could not sign in" >&2; exit 1; }

out=test-output/lighthouse
mkdir -p "$out"
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --lang=zh-CN"
export CHROME_PATH=/usr/bin/chromium
run_page() { # name url signed-in(0/1)
  local name=$1 url=$2 signed=$3 i
  for i in $(seq "$runs"); do
    local extra=()
    [ "$signed" = 1 ] && extra=(--extra-headers "{\"Cookie\":\"$cookie\"}")
    "$lh_dir/node_modules/.bin/lighthouse" "$url" --quiet --output=json --output-path="$out/$name-$i.json" \
      --only-categories=performance,accessibility,best-practices --form-factor=mobile \
      --chrome-flags="$flags --user-data-dir=$work/chrome-$name-$i" "${extra[@]}" >/dev/null 2>&1 || {
        echo "[lighthouse] run $i of $name failed" >&2; continue; }
  done
}
run_page sign-in "$base/" 0
run_page home "$base/" 1
run_page catalogue "$base/catalogue" 1

python3 - "$out" "$runs" <<'PY'
import json, sys, statistics, glob, os
out, runs = sys.argv[1], int(sys.argv[2])
print(f"{'page':<10} {'performance':>11} {'accessibility':>13} {'best practices':>14}   (median of {runs} runs; LCP, TBT, transfer)")
for page in ["sign-in", "home", "catalogue"]:
    reports = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out, f"{page}-*.json")))]
    # A run whose trace failed (Lighthouse's NO_NAVSTART and the like) has no scores: left out.
    reports = [r for r in reports if all(r["categories"][c]["score"] is not None for c in ("performance", "accessibility", "best-practices"))]
    if not reports:
        print(f"{page:<10} no report"); continue
    med = lambda key: statistics.median(r["categories"][key]["score"] * 100 for r in reports)
    lcp = statistics.median(r["audits"]["largest-contentful-paint"]["numericValue"] for r in reports)
    tbt = statistics.median(r["audits"]["total-blocking-time"]["numericValue"] for r in reports)
    kb = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports) / 1000
    print(f"{page:<10} {med('performance'):>11.0f} {med('accessibility'):>13.0f} {med('best-practices'):>14.0f}   LCP {lcp/1000:.1f} s, TBT {tbt:.0f} ms, {kb:.0f} KB")
    failed = {}
    for r in reports:
        for cat in ("accessibility", "best-practices"):
            for ref in r["categories"][cat]["auditRefs"]:
                a = r["audits"][ref["id"]]
                if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
                    failed[a["id"]] = a["title"]
    for k, t in sorted(failed.items()):
        print(f"           to fix: {k}: {t}")
PY
