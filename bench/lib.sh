# shellcheck shell=bash
# Shared by the HTTP benchmarks (bench/api, bench/dni): source it, then call bench_setup.
#   bench_setup NAME [bin]  -> $bin, $work (a private folder, removed at exit), $pids (killed
#                              at exit), $duration (BENCH_DURATION, default 10s)
#   hankyo_conf FILE DIR    -> a minimal hankyod config with its store, journal and key in DIR
#   start_hankyod CONF      -> starts it, waits for "ready", sets $addr (host:port)
#   start_nginx PORT PATH FILE -> nginx (2 workers, no access log) serving $work/www/FILE at PATH
#   run_wrk NAME ARGS...    -> wrk -t2 -c64 --latency, output kept in $work/NAME.txt
bench_setup() {
  bin=$(realpath "${2:-build/bin}")
  cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
  work=$(mktemp -d "/tmp/hk-bench-$1.XXXXXX")
  chmod 755 "$work"  # nginx workers (www-data) read the static file
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
  duration=${BENCH_DURATION:-10s}
}

hankyo_conf() {
  mkdir -p "$2"
  cat >"$1" <<CONF
[http]
listen = 127.0.0.1:0
threads = 2
[store]
url = sqlite:$2/hankyo.db
[calllog]
journal = $2/calllog.journal
[crypto]
key_file = $2/hankyo.key
[log]
level = warn
CONF
}

start_hankyod() {
  "$bin/hankyod" --config "$1" >"$work/hankyod.out" 2>"$work/hankyod.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q ready "$work/hankyod.out" 2>/dev/null && break; sleep 0.05; done
  addr=$(sed -n 's/^hankyod ready: http:\/\///p' "$work/hankyod.out")
}

start_nginx() {
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
        listen 127.0.0.1:$1 reuseport;
        root $work/www;
        location = $2 { default_type application/json; try_files /$3 =404; }
    }
}
CONF
  nginx -c "$work/nginx.conf" -g "daemon off;" &
  pids+=($!)
  sleep 0.5
}

run_wrk() {
  local name=$1
  shift
  wrk -t2 -c64 -d"$duration" --latency "$@" | tee "$work/$name.txt" |
    grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
}
