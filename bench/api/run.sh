#!/usr/bin/env bash
# API throughput: GET /api/v1/numbers/{id} with an API key on hankyod, side by side with
# nginx serving a static body of the same size, in the same run, with the same wrk load
# (keep-alive, 2 threads, 64 connections). Also start-up time and idle RSS.
# Usage: bench/api/run.sh [build/bin]   (needs: wrk nginx hyperfine — make bench installs them)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup api "${1:-}"
hankyo_conf "$work/hankyo.conf" "$work"
ctl() { "$bin/hankyoctl" --config "$work/hankyo.conf" "$@"; }
ctl apply etc/demo/demo.json >/dev/null
key=$(ctl key create --name bench --role operator_admin --operator "Demo Media" | tail -n 1)

echo "== start-up (empty store), hyperfine"
hankyo_conf "$work/empty.conf" "$work/empty"
"$bin/hankyod" --config "$work/empty.conf" --start-and-exit >/dev/null  # creates the store
hyperfine --warmup 3 --runs 20 --export-json "$work/startup.json" \
  "$bin/hankyod --config $work/empty.conf --start-and-exit" | sed -n '1,4p'

start_hankyod "$work/hankyo.conf"
url="http://$addr/api/v1/numbers/1"
body=$(curl -sf -H "Authorization: Bearer $key" "$url")
size=${#body}
echo "== idle RSS: $(awk '/VmRSS/{print $2, $3}' /proc/${pids[0]}/status)"
echo "== body: $size bytes"

mkdir -p "$work/www"
printf "%s" "$body" >"$work/www/number.json"
start_nginx 18080 /number number.json

echo "== nginx, static $size-byte file"
run_wrk nginx http://127.0.0.1:18080/number
echo "== hankyod, GET /api/v1/numbers/1 with an API key"
run_wrk hankyo -H "Authorization: Bearer $key" "$url"
n=$(awk '/Requests\/sec/{print $2}' "$work/nginx.txt")
h=$(awk '/Requests\/sec/{print $2}' "$work/hankyo.txt")
echo "== ratio hankyod/nginx: $(python3 -c "print(round($h/$n, 3))")"
echo "== RSS after load: $(awk '/VmRSS/{print $2, $3}' /proc/${pids[0]}/status)"
