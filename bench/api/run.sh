#!/usr/bin/env bash
# API throughput: GET /api/v1/numbers/{id} with an API key on hankyod, side by side with
# nginx serving a static body of the same size, in the same run, with the same wrk load
# (keep-alive, 2 threads, 64 connections). Also start-up time and idle RSS.
# Usage: bench/api/run.sh [build/bin]   (needs: wrk nginx hyperfine — make bench installs them)
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d /tmp/hk-bench-api.XXXXXX)
chmod 755 "$work"  # nginx workers (www-data) read the static file
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
duration=${BENCH_DURATION:-10s}

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
ctl() { "$bin/hankyoctl" --config "$work/hankyo.conf" "$@"; }
ctl apply etc/demo/demo.json >/dev/null
key=$(ctl key create --name bench --role operator_admin --operator "Demo Media" | tail -n 1)

echo "== start-up (empty store), hyperfine"
cat >"$work/empty.conf" <<CONF
[http]
listen = 127.0.0.1:0
[store]
url = sqlite:$work/empty/hankyo.db
[calllog]
journal = $work/empty/calllog.journal
[crypto]
key_file = $work/empty/hankyo.key
[log]
level = warn
CONF
"$bin/hankyod" --config "$work/empty.conf" --start-and-exit >/dev/null  # creates the store
hyperfine --warmup 3 --runs 20 --export-json "$work/startup.json" \
  "$bin/hankyod --config $work/empty.conf --start-and-exit" | sed -n '1,4p'

"$bin/hankyod" --config "$work/hankyo.conf" >"$work/hankyod.out" 2>"$work/hankyod.err" &
pids+=($!)
for _ in $(seq 100); do grep -q ready "$work/hankyod.out" 2>/dev/null && break; sleep 0.05; done
addr=$(sed -n 's/^hankyod ready: http:\/\///p' "$work/hankyod.out")
url="http://$addr/api/v1/numbers/1"
body=$(curl -sf -H "Authorization: Bearer $key" "$url")
size=${#body}
echo "== idle RSS: $(awk '/VmRSS/{print $2, $3}' /proc/${pids[0]}/status)"
echo "== body: $size bytes"

mkdir -p "$work/www"
printf "%s" "$body" >"$work/www/number.json"
chmod -R a+rX "$work/www"
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
        listen 127.0.0.1:18080 reuseport;
        root $work/www;
        location = /number { default_type application/json; try_files /number.json =404; }
    }
}
CONF
nginx -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
sleep 0.5

echo "== nginx, static $size-byte file"
wrk -t2 -c64 -d"$duration" --latency http://127.0.0.1:18080/number | tee "$work/nginx.txt" |
  grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
echo "== hankyod, GET /api/v1/numbers/1 with an API key"
wrk -t2 -c64 -d"$duration" --latency -H "Authorization: Bearer $key" "$url" |
  tee "$work/hankyo.txt" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
n=$(awk '/Requests\/sec/{print $2}' "$work/nginx.txt")
h=$(awk '/Requests\/sec/{print $2}' "$work/hankyo.txt")
echo "== ratio hankyod/nginx: $(python3 -c "print(round($h/$n, 3))")"
echo "== RSS after load: $(awk '/VmRSS/{print $2, $3}' /proc/${pids[0]}/status)"
