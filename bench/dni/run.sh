#!/usr/bin/env bash
# DNI throughput: POST /dni/v1/issue (100 returning visitors on a 200-number pool, so every
# answer is their live lease, renewed) and POST /dni/v1/renew (100 live leases) on hankyod,
# side by side with nginx serving a static body of the same size, same wrk load (keep-alive,
# 2 threads, 64 connections). The lease table is in memory; SQLite sees only the write-behind.
# Then latency at a constant offered rate (open loop, hk_open_loop from bench/dni: each
# request is due at a fixed time and timed from then, answered or not) on issue and renew,
# and the double-allocation check (GET /debug/dni/allocations) after the load.
# Usage: bench/dni/run.sh [build/bin]   (needs: wrk nginx curl python3, hk_open_loop built)
#   BENCH_RATE (2000 req/s), BENCH_OPEN_SECONDS (30), BENCH_SKIP_WRK=1 (open loop only)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup dni "${1:-}"
nginx_port=${BENCH_NGINX_PORT:-18081}

hankyo_conf "$work/hankyo.conf" "$work"
key=$("$bin/hankyoctl" --config "$work/hankyo.conf" key create --name bench --role system_admin |
  tail -n 1)
start_hankyod "$work/hankyo.conf"
base="http://$addr"

# An operator, an advertiser, 200 numbers, one pool with generous rate limits; then 100
# visitors with a lease each (their lease ids for the renew run).
python3 - "$base" "$key" "$work" <<'PY'
import json, sys, urllib.request
base, key, work = sys.argv[1:]
def call(method, path, body, auth=True):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {key}"} if auth else {})})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())
op = call("POST", "/api/v1/operators", {"name": "Bench Op"})
adv = call("POST", "/api/v1/advertisers", {"name": "Bench Adv", "operator_id": op["id"]})
ids = [call("POST", "/api/v1/numbers", {"number": f"0505{i:07d}", "name": "b",
                                        "operator_id": op["id"], "advertiser_id": adv["id"],
                                        "destinations": ["0311112222"]})["id"]
       for i in range(200)]
call("POST", "/api/v1/pools", {"advertiser_id": adv["id"], "name": "bench", "key": "pk_bench_1",
                               "number_ids": ids, "visitor_rate_per_min": 100000,
                               "pool_rate_per_sec": 100000,
                               "allowed_origins": ["https://shop.example"]})
leases = []
for v in range(100):
    r = call("POST", "/dni/v1/issue", {"pool_key": "pk_bench_1", "visitor_id": f"bench-{v:04d}"},
             auth=False)
    leases.append(r["lease_id"])
body = call("POST", "/dni/v1/issue", {"pool_key": "pk_bench_1", "visitor_id": "bench-0000",
            "page": {"url": "https://shop.example/lp", "referrer": "", "title": "LP"},
            "params": {"utm_source": "google", "gclid": "Cj0KCQ"}}, auth=False)
open(f"{work}/leases.txt", "w").write("".join(l + "\n" for l in leases))
open(f"{work}/leases.lua", "w").write("leases = {" + ",".join(f'"{l}"' for l in leases) + "}\n")
open(f"{work}/body.json", "w").write(json.dumps(body))
PY

cat >"$work/issue.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = "https://shop.example"
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"pool_key":"pk_bench_1","visitor_id":"bench-%04d",' ..
    '"page":{"url":"https://shop.example/lp","referrer":"","title":"LP"},' ..
    '"params":{"utm_source":"google","gclid":"Cj0KCQ"}}', n % 100)
  return wrk.format(nil, nil, nil, body)
end
LUA
cat >"$work/renew.lua" <<LUA
dofile("$work/leases.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"lease_id":"' .. leases[(n % #leases) + 1] .. '"}')
end
LUA

mkdir -p "$work/www"
cp "$work/body.json" "$work/www/issue.json"
chmod -R a+rX "$work/www"
size=$(wc -c <"$work/www/issue.json")
start_nginx "$nginx_port" /issue issue.json

if [[ -z "${BENCH_SKIP_WRK:-}" ]]; then
  echo "== nginx, static $size-byte file"
  run_wrk nginx "http://127.0.0.1:$nginx_port/issue"
  echo "== hankyod, POST /dni/v1/issue (returning visitors)"
  run_wrk issue -s "$work/issue.lua" "$base/dni/v1/issue"
  echo "== hankyod, POST /dni/v1/renew"
  run_wrk renew -s "$work/renew.lua" "$base/dni/v1/renew"
  n=$(awk '/Requests\/sec/{print $2}' "$work/nginx.txt")
  for t in issue renew; do
    h=$(awk '/Requests\/sec/{print $2}' "$work/$t.txt")
    echo "== ratio $t/nginx: $(python3 -c "print(round($h/$n, 3))")"
  done
fi

gen="$bin/hk_open_loop"
if [[ -x "$gen" ]]; then
  rate=${BENCH_RATE:-2000}
  secs=${BENCH_OPEN_SECONDS:-30}
  ticks() { awk '{print $14 + $15}' "/proc/${pids[0]}/stat"; }
  hz=$(getconf CLK_TCK)
  for mode in issue renew; do
    echo "== open loop, POST /dni/v1/$mode at $rate req/s for ${secs}s (load average:" \
      "$(cut -d' ' -f1-3 /proc/loadavg))"
    t0=$(ticks)
    "$gen" --port "${addr##*:}" --rate "$rate" --duration "$secs" --connections 64 \
      --mode "$mode" --leases "$work/leases.txt" | tee "$work/open-$mode.txt" || true
    # CPU hankyod used for the run: with the machine shared, compare it with its fair share.
    python3 -c "c=($(ticks)-$t0)/$hz; print(f'hankyod CPU {c:.1f} s = {c/$secs*100:.0f}% of one core,'
                f' {c/($rate*$secs)*1e6:.0f} us per request')"
  done
  echo "== double allocation check after the load"
  curl -s -H "Authorization: Bearer $key" "$base/debug/dni/allocations"
  echo
  curl -s "$base/metrics" | grep -E '^hankyo_dni_' || true
else
  echo "== open loop skipped: $gen not built (cmake --build <dir> --target hk_open_loop)" >&2
fi
echo "== RSS after load: $(awk '/VmRSS/{print $2, $3}' /proc/${pids[0]}/status)"
