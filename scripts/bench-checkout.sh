#!/usr/bin/env bash
# Checkout under concurrent load against the real release server on SQLite, with wrk: throughput,
# latency percentiles, and the no-oversell invariant checked afterwards.
#   scripts/bench-checkout.sh [seconds] [connections]
# Every request is a new order (its own idempotency key) for 1 case of one of 50 products at
# ¥250, from shop 1. Product 1 has only 300 cases, so it sells out during the run: refusals are
# part of the load, and the invariant is checked exactly at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20} conns=${2:-16}
# Only wrk is needed here, not the app toolchain.
command -v wrk >/dev/null || ./scripts/setup.sh --bench
cargo build --quiet --release --features ssr --bin restock
work=$(mktemp -d /tmp/restock-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RESTOCK_LISTEN=127.0.0.1:$port DATABASE_URL=sqlite://$work/bench.db RUST_LOG=warn ./target/release/restock &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 - "$work/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE products SET case_price_fen = 25000, stock_cases = 1000000, min_cases = 1, max_cases = 1000 WHERE id BETWEEN 1 AND 50")
db.execute("UPDATE products SET stock_cases = 300 WHERE id = 1")
db.commit()
PY
cookie=$(curl -fs -c - -H 'content-type: application/json' -d '{"phone":"13800000001","password":"demo1234"}' \
  "http://127.0.0.1:$port/api/v1/account/sign-in" | awk '/restock_session/ {print $7}')
cat > "$work/checkout.lua" <<LUA
local n = 0
local thread_id = 0
local counter = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args) thread_id = tid end
request = function()
  n = n + 1
  local product = (n % 50) + 1
  local body = string.format('{"req":{"key":"bench-%d-%d","shop_id":null,"lines":[{"product_id":%d,"cases":1,"seen_case_price":25000}],"use_balance":false}}', thread_id, n, product)
  return wrk.format("POST", "/api/v1/orders/place", {["content-type"]="application/json", ["cookie"]="restock_session=$cookie"}, body)
end
LUA
echo "== wrk: $secs s, $conns connections, 2 threads, $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p'))"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/checkout.lua" "http://127.0.0.1:$port" | sed -n '/Latency Distribution/,/Transfer/p'
python3 - "$work/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
orders = db.execute("SELECT COUNT(*) FROM orders WHERE status = 'confirmed'").fetchone()[0]
sold1 = db.execute("SELECT COALESCE(SUM(cases),0) FROM order_lines WHERE product_id = 1").fetchone()[0]
stock1 = db.execute("SELECT stock_cases FROM products WHERE id = 1").fetchone()[0]
neg = db.execute("SELECT COUNT(*) FROM products WHERE stock_cases < 0").fetchone()[0]
sold = db.execute("SELECT COALESCE(SUM(cases),0) FROM order_lines").fetchone()[0]
drop = db.execute("SELECT SUM(1000000 - stock_cases) FROM products WHERE id BETWEEN 2 AND 50").fetchone()[0] + (300 - stock1)
print(f"orders placed: {orders}; product 1 sold {sold1} of 300 (left {stock1}); negative stock rows: {neg}; cases sold {sold} = stock drop {drop}: {'OK' if sold == drop and neg == 0 and sold1 + stock1 == 300 else 'OVERSOLD'}")
PY
