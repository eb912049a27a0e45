#!/usr/bin/env bash
# Others' reads while wrong passwords flood sign-in, against the real release server on SQLite,
# with wrk: the read latency alone, then the same reads while `flood` connections post wrong
# passwords (from one address, over 50 phone numbers), and how the flood was answered.
#   scripts/bench-sign-in-flood.sh [seconds] [flood connections] [server binary]
# The binary defaults to this tree's release build (built first); pass another one (an older
# commit's build) to compare. Extra server settings come from the environment (RESTOCK_…).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10} flood=${2:-16} bin=${3:-}
# Only wrk is needed here, not the app toolchain.
command -v wrk >/dev/null || ./scripts/setup.sh --bench
if [ -z "$bin" ]; then
  cargo build --quiet --release --features ssr --bin restock
  bin=./target/release/restock
fi
work=$(mktemp -d /tmp/restock-flood.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RESTOCK_LISTEN=127.0.0.1:$port DATABASE_URL=sqlite://$work/bench.db RUST_LOG=warn "$bin" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -fs -c - -H 'content-type: application/json' -d '{"phone":"13800000001","password":"demo1234"}' \
  "http://127.0.0.1:$port/api/v1/account/sign-in" | awk '/restock_session/ {print $7}')
cat > "$work/reads.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/catalogue/product?id=" .. ((n % 2000) + 1), {["cookie"]="restock_session=$cookie"})
end
LUA
cat > "$work/flood.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
n, c401, c429, other = 0, 0, 0, 0
request = function()
  n = n + 1
  local body = string.format('{"phone":"138%08d","password":"wrong-%d"}', 10 + (n % 50), n)
  return wrk.format("POST", "/api/v1/account/sign-in", {["content-type"]="application/json"}, body)
end
response = function(status)
  if status == 401 then c401 = c401 + 1 elseif status == 429 then c429 = c429 + 1 else other = other + 1 end
end
function done(summary)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("c401"); b = b + t:get("c429"); c = c + t:get("other") end
  io.write(string.format("  flood: %d requests in %.1f s: %d x 401 (password checked), %d x 429, %d other\n",
    summary.requests, summary.duration / 1e6, a, b, c))
end
LUA
url="http://127.0.0.1:$port"
echo "== $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $bin"
echo "== reads alone: wrk -t1 -c4 -d${secs}s"
wrk -t1 -c4 -d"${secs}s" --latency -s "$work/reads.lua" "$url" | sed -n '/Latency Distribution/,/Requests\/sec/p'
echo "== reads while $flood connections send wrong passwords"
wrk -t1 -c"$flood" -d"$((secs + 2))s" -s "$work/flood.lua" "$url" >"$work/flood.txt" &
flooder=$!
sleep 1
wrk -t1 -c4 -d"${secs}s" --latency -s "$work/reads.lua" "$url" | sed -n '/Latency Distribution/,/Requests\/sec/p'
wait $flooder
grep -E 'flood' "$work/flood.txt"
