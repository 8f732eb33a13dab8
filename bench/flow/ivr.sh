#!/usr/bin/env bash
# What an IVR flow adds to call set-up (issue 5): "schedule (open all week) -> gather (a menu,
# short TTS prompt with barge-in) -> forward", answer early_media, against a number without
# a flow (b2bua::makeForwardHandler), same hankyod, same run, blocks alternating.
#   - no flow: the baselines' uac.xml (From made 0901<call number>): SIPp's INVITE -> 200
#     relayed from the destination, as bench/flow/run.sh;
#   - IVR (ivr-uac.xml): SIPp's INVITE -> 200, Hankyo's own (a gather answers the caller,
#     in early_media too), then ACK and at once play_dtmf "2" (RFC 2833, pt 96: filler
#     packets, the 200 ms event, its end packets ~0.98 s after the press); the menu
#     forwards and the destination's answer stays on the B leg. BYE 1.5 s after the press.
# SIPp's timers move in 4 ms steps, and the caller never sees the B leg, so each block is
# also captured (tcpdump on lo: SIP, and the RFC 2833 end packets) and ivr_pcap.py times
# each call from kernel timestamps: INVITE -> B leg INVITE (no flow), INVITE -> Hankyo's 200
# and the key's first end packet (where rtp::PressTracker reports the key) -> B leg INVITE
# (IVR). Also: UDP receive-queue drops (/proc/net/udp) of hankyod's SIP socket and the
# UAS's, hankyod's CPU (utime+stime over the block's wall time, % of one core), SIPp's
# failed calls, the load average, and the call log (every IVR call answered, menu = 2).
# Usage: bench/flow/ivr.sh [build/bin]   env: RATE (calls/s, default 200), CALLS (per number
# and round, default 4000), ROUNDS (2), SHARED (the baselines folder), PORT_BASE (25160),
# KEEP=1 keeps the work folder (captures, SIPp output). Needs tcpdump (root).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/../lib.sh"
bench_setup flow-ivr "${1:-}"
here=$(pwd)/bench/flow
shared=${SHARED:-$(realpath ../shared/baselines)}
rate=${RATE:-200}
calls=${CALLS:-4000}
rounds=${ROUNDS:-2}
base=${PORT_BASE:-25160}
hz=$(getconf CLK_TCK)
hankyo_conf "$work/hankyo.conf" "$work"
sip_conf "$work/hankyo.conf" "$base" $((base + 10)) 40000 49999
media_conf
two_numbers ivr
bench_provision
number_id=$(number_ids 0001)
api POST /api/v1/flows "{\"operator_id\": 1, \"document\": {\"name\": \"IVR\",
  \"answer\": \"early_media\", \"start\": \"hours\", \"steps\": {
  \"hours\": {\"verb\": \"schedule\", \"hours\": $(open_week), \"open\": \"menu\",
    \"closed\": \"menu\"},
  \"menu\": {\"verb\": \"gather\", \"prompt\": {\"text\": \"番号を押してください。\"},
    \"choices\": {\"2\": \"desk\"}, \"timeout_sec\": 5, \"retries\": 0, \"variable\": \"menu\",
    \"on_invalid\": \"bye\", \"on_timeout\": \"bye\"},
  \"desk\": {\"verb\": \"forward\"},
  \"bye\": {\"verb\": \"hangup\"}}}}" >/dev/null
attach_flow "$number_id"
start_uas $((base + 10))
sed 's/<sip:sipp@\[local_ip\]/<sip:0901[call_number]@[local_ip]/' "$shared/uac.xml" \
  >"$work/plain-uac.xml"
drops() {  # UDP receive-queue drops (cumulative) of hankyod's SIP socket and the UAS's
  awk -v a="$(printf ':%04X' "$base")" -v b="$(printf ':%04X' $((base + 10)))" '
    $2 ~ a "$" {h += $NF} $2 ~ b "$" {u += $NF} END {print h + 0, u + 0}' /proc/net/udp
}
cpu() { awk '{print $14 + $15}' "/proc/$hk_pid/stat"; }
uac() {  # $1: label, $2: number dialled, $3: scenario
  local c0 c1 t0 t1 load cap d0 d1
  read -r -a d0 <<<"$(drops)"
  tcpdump -i lo -s 2000 -B 32768 -w "$work/$1.pcap" "udp and (port $base or port \
    $((base + 10)) or (udp[9] & 0x7f = 96 and udp[21] & 0x80 != 0))" 2>"$work/$1.tcpdump" &
  cap=$!
  sleep 0.5
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  c0=$(cpu)
  t0=$(date +%s.%N)
  (cd "$work" && sipp "127.0.0.1:$base" -sf "$3" -s "$2" -i 127.0.0.1 -p $((base + 1)) \
    -mi 127.0.0.1 -mp $((base + 20)) -r "$rate" -m "$calls" -d "$4" -timeout 300s -timeout_error \
    -nostdin -trace_stat -stf "$work/$1.stat" -trace_rtt -rtt_freq 1 -buff_size 4194304 \
    -default_behaviors all,-abortunexp >"$work/$1.out" 2>&1 || true)
  t1=$(date +%s.%N)
  c1=$(cpu)
  sleep 0.5
  kill "$cap"
  wait "$cap" 2>/dev/null || true
  read -r -a d1 <<<"$(drops)"
  echo "$1: UDP receive drops: hankyod SIP socket $((d1[0] - d0[0])), UAS $((d1[1] - d0[1]))"
  local f
  f=$(ls -t "$work"/*_rtt.csv 2>/dev/null | head -1 || true)
  if [[ -z "$f" ]]; then
    echo "$1: SIPp measured nothing (see $work/$1.out)"
    return
  fi
  mv "$f" "$work/$1.rtt"
  python3 - "$work/$1.rtt" "$work/$1.stat" "$1" "$((c1 - c0))" "$hz" "$t0" "$t1" "$load" <<'PY'
import csv, sys
rtt, stat, label, ticks, hz, t0, t1, load = sys.argv[1:]
by = {}
for line in open(rtt).read().splitlines()[1:]:
    f = line.split(";")
    if len(f) >= 3 and f[1]:
        by.setdefault(f[2].strip(), []).append(float(f[1]))
rows = list(csv.reader(open(stat), delimiter=";"))
last = dict(zip(rows[0], rows[-1]))
ok, failed = int(last["SuccessfulCall(C)"]), int(last["FailedCall(C)"])
wall = float(t1) - float(t0)
cpu = int(ticks) / int(hz) / wall * 100
out = [f"{label:8s}: {ok} ok, {failed} failed; hankyod CPU {cpu:.1f}% of a core over "
       f"{wall:.1f} s; load {load}"]
for name, ms in sorted(by.items()):
    ms.sort()
    q = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
    out.append(f"  rtd {name:5s}: {len(ms)} calls, median {q(0.5):.3f} ms, p90 {q(0.9):.3f} ms, "
               f"p99 {q(0.99):.3f} ms, max {ms[-1]:.3f} ms")
print("\n".join(out))
PY
  python3 "$here/ivr_pcap.py" "$work/$1.pcap" "$base" $((base + 10)) "$1"
  grep -h "dropped by kernel" "$work/$1.tcpdump" | sed 's/^/  tcpdump: /'
  [[ -n "${KEEP:-}" ]] || rm -f "$work/$1.pcap"
}
for round in $(seq "$rounds"); do
  echo "== round $round: $calls calls per number at $rate calls/s"
  uac no-flow 05000000000 "$work/plain-uac.xml" 0
  uac ivr 05000000001 "$here/ivr-uac.xml" 1500
done
echo "== hankyod after the rounds: RSS $(awk '/VmRSS/ {print $2, $3}' "/proc/$hk_pid/status")"
sleep 2  # the last calls' records
page=1
while api GET "/api/v1/calls?per_page=500&page=$page" >"$work/calls-$page.json"; do
  python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["items"] else 1)' \
    "$work/calls-$page.json" || break
  page=$((page + 1))
done
python3 - "$work" <<'PY'
import collections, glob, json, sys
items = [c for f in glob.glob(sys.argv[1] + "/calls-*.json") for c in json.load(open(f))["items"]]
kinds = collections.Counter()
for c in items:
    ivr = bool(c.get("flow_path"))
    menu = (c.get("vars") or {}).get("menu")
    good = c.get("dial_stat") == "answered" and (not ivr or menu == "2")
    kinds[("ivr" if ivr else "no-flow", "answered" + (", menu=2" if ivr else "") if good else
           f'{c.get("dial_stat")} {json.dumps(c.get("vars"), ensure_ascii=False)}')] += 1
print(f"== call log: {len(items)} calls")
for (who, what), n in sorted(kinds.items()):
    print(f"  {who:8s} {what}: {n}")
PY
