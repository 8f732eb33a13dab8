# shellcheck shell=bash
# Shared by the benchmarks (bench/api, bench/dni, bench/flow, bench/sip): source it, then call
# bench_setup.
#   bench_setup NAME [bin]  -> $bin, $work (a private folder, removed at exit unless KEEP is
#                              set), $pids (killed at exit), $duration (BENCH_DURATION, default
#                              10s); a function bench_at_exit, when defined, runs at exit
#                              after the kills
#   hankyo_conf FILE DIR [LEVEL [LOG]] -> a minimal hankyod config with its store, journal
#                              and key in DIR, logging at LEVEL (warn) to LOG (stderr)
#   sip_conf FILE SIP UAS RTP_MIN RTP_MAX -> appends the SIP part: listening on 127.0.0.1:SIP,
#                              SIPp's calls in from 127.0.0.1 (trunk sipp), out to 127.0.0.1:UAS
#                              (trunk uas), RTP ports RTP_MIN-RTP_MAX, no call-rate limit
#   start_hankyod CONF      -> starts it, waits for "ready", sets $addr (host:port)
#   start_nginx PORT PATH FILE -> nginx (2 workers, no access log) serving $work/www/FILE at PATH
#   run_wrk NAME ARGS...    -> wrk -t2 -c64 --latency, output kept in $work/NAME.txt
bench_setup() {
  bin=$(realpath "${2:-build/bin}")
  cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
  work=$(mktemp -d "/tmp/hk-bench-$1.XXXXXX")
  chmod 755 "$work"  # nginx workers (www-data) read the static file
  pids=()
  trap bench_cleanup EXIT
  duration=${BENCH_DURATION:-10s}
}

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if declare -F bench_at_exit >/dev/null; then bench_at_exit; fi
  if [[ -n "${KEEP:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
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
level = ${3:-warn}
CONF
  if [[ -n "${4:-}" ]]; then echo "file = $4" >>"$1"; fi
}

sip_conf() {
  cat >>"$1" <<CONF
[sip]
udp_listen = 127.0.0.1:$2
max_calls = 100000
max_calls_per_sec = 100000
rtp_port_min = $4
rtp_port_max = $5
[trunk.sipp]
direction = inbound
sources = 127.0.0.1
[trunk.uas]
direction = outbound
host = 127.0.0.1
port = $3
CONF
}

start_hankyod() {
  "$bin/hankyod" --config "$1" >"$work/hankyod.out" 2>"$work/hankyod.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q ready "$work/hankyod.out" 2>/dev/null && break; sleep 0.05; done
  # shellcheck disable=SC2034  # for the scripts that source this
  addr=$(sed -n 's/^hankyod ready: http:\/\///p' "$work/hankyod.out")
}

# two_numbers LABEL: $work/numbers.json with 050-0000-0000 (no flow) and 050-0000-0001
# (LABEL), both forwarding to 0311110000, for the with/without-flow benches.
two_numbers() {
  cat >"$work/numbers.json" <<JSON
{"operators": [{"name": "Bench", "advertisers": [{"name": "Bench", "numbers": [
  {"number": "050-0000-0000", "name": "no flow", "destinations": ["0311110000"]},
  {"number": "050-0000-0001", "name": "$1", "destinations": ["0311110000"]}]}]}]}
JSON
}

# media_conf: hankyod's media folder (prompts, TTS cache) inside the work folder.
media_conf() {
  printf '[media]\ndir = %s/media\n' "$work" >>"$work/hankyo.conf"
}

# bench_provision: the numbers of $work/numbers.json applied, a system_admin key in $key
# (the scripts' api calls use it), hankyod started (its pid in $hk_pid) with the
# config $work/hankyo.conf.
bench_provision() {
  "$bin/hankyoctl" --config "$work/hankyo.conf" apply "$work/numbers.json" >/dev/null
  key=$("$bin/hankyoctl" --config "$work/hankyo.conf" key create --name bench \
    --role system_admin | tail -1)
  start_hankyod "$work/hankyo.conf"
  # shellcheck disable=SC2034  # for the scripts that source this
  hk_pid=${pids[-1]}
}

# api METHOD PATH [BODY]: hankyod's API with the bench key.
api() {
  curl -sf -X "$1" "http://$addr$2" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' ${3:+--data "$3"}
}

# number_ids [SUFFIX]: the ids of the numbers (ending in SUFFIX), space-separated.
number_ids() {
  api GET /api/v1/numbers | python3 -c '
import json, sys
print(" ".join(str(n["id"]) for n in json.load(sys.stdin)["items"]
               if n["number"].endswith(sys.argv[1])))' "${1:-}"
}

# attach_flow NUMBER_ID...: flow 1 attached to the numbers, then the flows' reload awaited.
attach_flow() {
  local id
  for id in "$@"; do
    api POST /api/v1/flow-attachments "{\"operator_id\": 1, \"flow_id\": 1, \"number_id\": $id}" \
      >/dev/null
  done
  sleep 1.5  # flows.refresh_ms
}

# start_uas PORT: the destinations, the baselines' SIPp UAS answering every call.
start_uas() {
  sipp -sf "$shared/uas.xml" -i 127.0.0.1 -p "$1" -nostdin -buff_size 4194304 >/dev/null 2>&1 &
  pids+=($!)
  sleep 0.3
}

# open_week: a schedule's "hours", open all day every day (Asia/Tokyo, holidays ignored).
open_week() {
  local day='[["00:00", "24:00"]]'
  echo "{\"timezone\": \"Asia/Tokyo\", \"weekly\": {\"mon\": $day, \"tue\": $day,
    \"wed\": $day, \"thu\": $day, \"fri\": $day, \"sat\": $day, \"sun\": $day},
    \"holidays\": \"ignore\"}"
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
