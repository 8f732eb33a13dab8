#!/usr/bin/env bash
# What the flow engine adds to call set-up: SIPp's response time from the caller's INVITE to
# the 200 OK relayed from the destination (the B leg's INVITE, the destination's immediate
# 180/200, the relay back), for a number without a flow (b2bua::makeForwardHandler) and for
# one running "schedule (open all week) -> forward to the number's destinations" (answer
# on_connect, so the caller sees the destination's answer, not Hankyo's). Same hankyod, same
# run, calls to the two numbers alternate by block. Scenarios: ../shared/baselines.
# Usage: bench/flow/run.sh [build/bin]   env: RATE (calls/s, default 100), CALLS (per number,
# default 2000), SHARED (the baselines folder), PORT_BASE (default 25060)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/../lib.sh"
bench_setup flow "${1:-}"
shared=${SHARED:-$(realpath ../shared/baselines)}
rate=${RATE:-100}
calls=${CALLS:-2000}
base=${PORT_BASE:-25060}
hankyo_conf "$work/hankyo.conf" "$work"
sip_conf "$work/hankyo.conf" "$base" $((base + 10)) 40000 49999
two_numbers flow
bench_provision
number_id=$(number_ids 0001)
api POST /api/v1/flows "{\"operator_id\": 1, \"document\": {\"name\": \"Hours\",
  \"answer\": \"on_connect\", \"start\": \"hours\", \"steps\": {
  \"hours\": {\"verb\": \"schedule\", \"hours\": $(open_week), \"open\": \"desk\",
    \"closed\": \"desk\"},
  \"desk\": {\"verb\": \"forward\"}}}}" >/dev/null
attach_flow "$number_id"
start_uas $((base + 10))
uac() {  # $1: label, $2: number dialled
  (cd "$work" && sipp 127.0.0.1:$base -sf "$shared/uac.xml" -s "$2" -i 127.0.0.1 \
    -p $((base + 1)) -r "$rate" -m "$calls" -d 0 -timeout 300s -timeout_error -nostdin \
    -trace_rtt -rtt_freq 1 -buff_size 4194304 -default_behaviors all,-abortunexp \
    >"$work/$1.out" 2>&1 || true)
  local f
  f=$(ls -t "$work"/*_rtt.csv 2>/dev/null | head -1 || true)
  if [[ -z "$f" ]]; then
    echo "$1: SIPp measured nothing (see $work/$1.out)"
    return
  fi
  mv "$f" "$work/$1.rtt"
  python3 - "$work/$1.rtt" "$1" <<'PY'
import sys
ms = sorted(float(l.split(";")[1]) for l in open(sys.argv[1]).read().splitlines()[1:] if l)
q = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
print(f"{sys.argv[2]:8s}: {len(ms)} calls, INVITE -> 200 median {q(0.5):.3f} ms, "
      f"p90 {q(0.9):.3f} ms, p99 {q(0.99):.3f} ms")
PY
}
for round in 1 2; do
  echo "== round $round: $calls calls per number at $rate calls/s"
  uac no-flow 05000000000
  uac flow 05000000001
done
