#!/usr/bin/env bash
# DNI throughput: POST /dni/v1/issue (100 returning visitors on a 200-number pool, so every
# answer is their live lease, renewed) and POST /dni/v1/renew (100 live leases) on hankyod,
# side by side with nginx serving a static body of the same size, same wrk load (keep-alive,
# 2 threads, 64 connections). The lease table is in memory; SQLite sees only the write-behind.
# Usage: bench/dni/run.sh [build/bin]   (needs: wrk nginx curl python3)
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/hk-bench-dni.XXXXXX)
chmod 755 "$work"  # nginx workers (www-data) read the static file
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
duration=${BENCH_DURATION:-10s}
nginx_port=${BENCH_NGINX_PORT:-18081}

cat >"$work/hankyo.conf" <<CONF
[http]
listen = 127.0.0.1:0
threads = 2
[store]
url = sqlite:$work/hankyo.db
[calllog]
journal = $work/calllog.journal
[crypto]
key_file = $work/hankyo.key
[log]
level = warn
CONF
key=$("$bin/hankyoctl" --config "$work/hankyo.conf" key create --name bench --role system_admin |
  tail -n 1)
"$bin/hankyod" --config "$work/hankyo.conf" >"$work/hankyod.out" 2>"$work/hankyod.err" &
pids+=($!)
for _ in $(seq 100); do grep -q ready "$work/hankyod.out" 2>/dev/null && break; sleep 0.05; done
addr=$(sed -n 's/^hankyod ready: http:\/\///p' "$work/hankyod.out")
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
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    server {
        listen 127.0.0.1:$nginx_port reuseport;
        root $work/www;
        location = /issue { default_type application/json; try_files /issue.json =404; }
    }
}
CONF
nginx -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
sleep 0.5

run() {  # name, wrk args...
  local name=$1
  shift
  wrk -t2 -c64 -d"$duration" --latency "$@" | tee "$work/$name.txt" |
    grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
}
echo "== nginx, static $size-byte file"
run nginx "http://127.0.0.1:$nginx_port/issue"
echo "== hankyod, POST /dni/v1/issue (returning visitors)"
run issue -s "$work/issue.lua" "$base/dni/v1/issue"
echo "== hankyod, POST /dni/v1/renew"
run renew -s "$work/renew.lua" "$base/dni/v1/renew"
n=$(awk '/Requests\/sec/{print $2}' "$work/nginx.txt")
for t in issue renew; do
  h=$(awk '/Requests\/sec/{print $2}' "$work/$t.txt")
  echo "== ratio $t/nginx: $(python3 -c "print(round($h/$n, 3))")"
done
echo "== RSS after load: $(awk '/VmRSS/{print $2, $3}' /proc/${pids[0]}/status)"
