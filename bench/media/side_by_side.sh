#!/usr/bin/env bash
# Media relay side by side, in one run: SIPp (UAC) -> relay -> SIPp (UAS), N concurrent calls,
# G.711 A-law both ways, through
#   1. Kamailio 5.6 + rtpengine 10.5 userspace (../shared/baselines/kamailio-rtpengine.cfg, the
#      rtpengine command of the baselines README), then
#   2. hankyod (B2BUA, its own RTP relay),
# then both again with both parties recorded (rtpengine --recording-method=pcap with Kamailio
# -A WITH_REC; hankyod --set media.recording=stereo), RUNS times.
# Measured:
#   - CPU of the relay process (utime+stime of all its threads, /proc/<pid>/stat) over a steady
#     window (all calls up, none ended) / RTP packets delivered to the SIPp ends in the window;
#     also over the whole load. Kamailio's CPU is not counted (signalling only).
#   - packets: counted by the kernel (an iptables chain of counting rules, no verdicts, in
#     INPUT): sent by each SIPp media port and delivered to it. Lost = sent - delivered. The
#     relays' own counters (rtpengine "list totals", hankyod /metrics) are kept in the raw file.
#   - recordings: hankyod's <media.dir>/recordings/*.wav counted, each one's length against the
#     call's and both channels heard; rtpengine's pcap files counted.
# Media (MEDIA):
#   - stream (default): SIPp rtp_stream of a generated 8 kHz A-law WAV (speech-like, see
#     sbs_tool.py alaw_wav) looped from the ACK to the BYE on both sides, from one ordinary UDP
#     socket per SIPp: the relays' figure, not SIPp's;
#   - pcap: SIPp play_pcap_audio of its g711a.pcap on both sides, PLAYS times (about 7.1 s
#     each). Each play_pcap_audio opens a raw socket that, on loopback, gets a copy of every
#     packet of every call: ~25% of the CPU of the box at 300 calls, on both relays alike.
#   Both modes: the same call length ((PLAYS - 1) * 7.1 + 8 s) and calls.
# All ports are picked free at run time; the relays' RTP ranges are 20000-29999.
# Usage: bench/media/side_by_side.sh [hankyod bin folder]
#   env: MEDIA (stream|pcap, above), CALLS (300), PLAYS (4: ~29 s calls), RATE (calls/s, 50), RUNS (1), SHARED (baselines
#   folder), KEEP=1 keeps the work folder, MODES ("off on": recording off and on),
#   HK_SET (more hankyod settings, space-separated key=value, e.g. "sip.media_threads=2";
#   the headline figures use none), PERF=1 (perf record of each relay over the window, to
#   <work>/<relay>-<rec>-<run>/perf.data; with KEEP=1), RELAYS ("rtpengine hankyod": which
#   relays are measured; one of them for profiling only, never for the ratio)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../../build/bin}")
shared=${SHARED:-$(realpath "$here/../../../shared/baselines")}
calls=${CALLS:-300}
plays=${PLAYS:-4}
rate=${RATE:-50}
runs=${RUNS:-1}
modes=${MODES:-off on}
media=${MEDIA:-stream}
[[ $media == stream || $media == pcap ]] || { echo "MEDIA must be stream or pcap" >&2; exit 1; }
pcap=/usr/share/sip-tester/g711a.pcap
tool="python3 $here/sbs_tool.py"
hz=$(getconf CLK_TCK)
for x in sipp kamailio rtpengine iptables; do
  command -v "$x" >/dev/null || { echo "side_by_side: $x not installed" >&2; exit 1; }
done
[[ -x "$bin/hankyod" && -x "$bin/hankyoctl" ]] || { echo "no hankyod in $bin" >&2; exit 1; }
[[ -r "$pcap" ]] || { echo "no $pcap (sip-tester)" >&2; exit 1; }

work=$(mktemp -d /tmp/hk-bench-media-sbs.XXXXXX)
results="$work/results.jsonl"
chain="HKRB$$"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  iptables -w -D INPUT -j "$chain" 2>/dev/null || true
  iptables -w -F "$chain" 2>/dev/null || true
  iptables -w -X "$chain" 2>/dev/null || true
  if [[ -n "${KEEP:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---- scenarios: the baselines' uac.xml/uas.xml with the media after the ACK.
# pcap: PLAYS plays of the pcap; the UAC hangs up 8 s after its last play starts, after the
# UAS's last play has ended. stream: both loop the WAV until the UAC hangs up after call_s.
call_s=$(python3 -c "print(round(($plays - 1) * 7.1 + 8.0, 1))")
uac_media="" uas_media=""
if [[ $media == pcap ]]; then
  play='<nop><action><exec play_pcap_audio="'"$pcap"'"/></action></nop>'
  for ((i = 1; i <= plays; i++)); do
    uac_media+="$play"$'\n'
    uas_media+="$play"$'\n'
    if ((i < plays)); then
      uac_media+='<pause milliseconds="7100"/>'$'\n'
      uas_media+='<pause milliseconds="7100"/>'$'\n'
    fi
  done
  uac_media+='<pause milliseconds="8000"/>'
  per_call_pkts=$((236 * plays))  # packets in g711a.pcap, per side
else
  $tool alaw_wav "$work/speech.wav" 10
  stream='<nop><action><exec rtp_stream="'"$work/speech.wav"',-1,8"/></action></nop>'
  # Both stop streaming at the hang-up (the UAC before its BYE, the UAS as the BYE comes),
  # so that "lost" counts no packets sent after the relay has closed the call.
  stop='<nop><action><exec rtp_stream="pause"/></action></nop>'
  uac_media="$stream"$'\n''<pause milliseconds="'"$(python3 -c "print(int($call_s * 1000))")"'"/>'$'\n'"$stop"
  uas_media="$stream"
  per_call_pkts=$(python3 -c "print(int($call_s * 50))")  # about, per side
fi
python3 - "$shared/uac.xml" "$work/uac.xml" "$uac_media" <<'PY'
import re, sys
x = open(sys.argv[1]).read()
x = x.replace("<pause/>", sys.argv[3], 1)
open(sys.argv[2], "w").write(x)
PY
python3 - "$shared/uas.xml" "$work/uas.xml" "$uas_media" "${stop:-}" <<'PY'
import sys
x = open(sys.argv[1]).read()
ack = '<recv request="ACK" optional="true" rtd="true" crlf="true"/>'
assert ack in x
x = x.replace(ack, '<recv request="ACK" rtd="true" crlf="true"/>\n' + sys.argv[3], 1)
if sys.argv[4]:
    bye = '<recv request="BYE"/>'
    assert bye in x
    x = x.replace(bye, bye + '\n' + sys.argv[4], 1)
open(sys.argv[2], "w").write(x)
PY

wait_gone() {  # $1: pid (one we started)
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

# ---- one measurement: $1 relay (rtpengine|hankyod), $2 recording (off|on), $3 run number
measure() {
  local relay=$1 rec=$2 run=$3 dir="$work/$1-$2-$3"
  mkdir -p "$dir"
  local ports
  read -r -a ports <<<"$($tool ports 7)"
  local sip_relay=${ports[0]} sip_uac=${ports[1]} sip_uas=${ports[2]} mp_uac=${ports[3]} \
    mp_uas=${ports[4]} ctl=${ports[5]} cli=${ports[6]}
  # counting rules: sent by UAC, sent by UAS, delivered to UAC, delivered to UAS
  iptables -w -F "$chain"
  iptables -w -A "$chain" -p udp --sport "$mp_uac"
  iptables -w -A "$chain" -p udp --sport "$mp_uas"
  iptables -w -A "$chain" -p udp --dport "$mp_uac"
  iptables -w -A "$chain" -p udp --dport "$mp_uas"

  local uas_out uas_pid
  uas_out=$(sipp -sf "$work/uas.xml" -i 127.0.0.1 -p "$sip_uas" -mi 127.0.0.1 -mp "$mp_uas" -bg \
    -nostdin -buff_size 4194304 -default_behaviors all,-abortunexp 2>&1 || true)
  uas_pid=$(grep -o 'PID=\[[0-9]*\]' <<<"$uas_out" | tr -dc 0-9)
  [[ -n "$uas_pid" ]] || { echo "UAS did not start: $uas_out" >&2; return 1; }
  pids+=("$uas_pid")

  local pid ka="" svc
  if [[ $relay == rtpengine ]]; then
    mkdir -p "$dir/rec"
    local recflags=()
    [[ $rec == on ]] && recflags=(--recording-dir="$dir/rec" --recording-method=pcap)
    rtpengine --config-file=none --interface=127.0.0.1 --listen-ng="127.0.0.1:$ctl" \
      --listen-cli="127.0.0.1:$cli" --port-min=20000 --port-max=29999 --table=-1 --foreground \
      --log-stderr --log-level=4 --num-threads=2 "${recflags[@]}" --delete-delay=0 \
      2>"$dir/rtpengine.log" &
    pid=$!
    pids+=("$pid")
    sed -e "s/127.0.0.1:5060/127.0.0.1:$sip_relay/" -e "s/127.0.0.1:22222/127.0.0.1:$ctl/" \
      -e "s/127.0.0.1:5070/127.0.0.1:$sip_uas/" "$shared/kamailio-rtpengine.cfg" >"$dir/k.cfg"
    local kdef=()
    [[ $rec == on ]] && kdef=(-A WITH_REC)
    kamailio -f "$dir/k.cfg" "${kdef[@]}" -DD -E -m 1024 -M 32 -Y "$dir" >"$dir/kamailio.log" 2>&1 &
    ka=$!
    pids+=("$ka")
    svc=05000000000
  else
    cat >"$dir/hankyo.conf" <<CONF
[http]
listen = 127.0.0.1:$ctl
[store]
url = sqlite:$dir/hankyo.db
[calllog]
journal = $dir/calllog.journal
[crypto]
key_file = $dir/hankyo.key
[log]
level = info
file = $dir/hankyod.log
[sip]
udp_listen = 127.0.0.1:$sip_relay
max_calls = 100000
max_calls_per_sec = 100000
rtp_port_min = 20000
rtp_port_max = 29999
[media]
dir = $dir/media
[trunk.sipp]
direction = inbound
sources = 127.0.0.1
[trunk.uas]
direction = outbound
host = 127.0.0.1
port = $sip_uas
CONF
    cat >"$dir/numbers.json" <<'JSON'
{"operators": [{"name": "Bench", "advertisers": [{"name": "Bench", "numbers": [
  {"number": "050-0000-0000", "name": "bench", "destinations": ["0311110000"]}]}]}]}
JSON
    "$bin/hankyoctl" --config "$dir/hankyo.conf" apply "$dir/numbers.json" >/dev/null
    local sets=()
    for kv in ${HK_SET:-}; do sets+=(--set "$kv"); done
    "$bin/hankyod" --config "$dir/hankyo.conf" --set "media.recording=$([[ $rec == on ]] &&
      echo stereo || echo off)" "${sets[@]}" >/dev/null 2>"$dir/hankyod.err" &
    pid=$!
    pids+=("$pid")
    svc=05000000000
  fi
  sleep 1.5
  kill -0 "$pid" || { echo "$relay did not start (see $dir)" >&2; return 1; }

  # window: from 2 s after the last call is placed to 1 s before the first hang-up
  local ramp w0 w1
  ramp=$(python3 -c "import math; print(math.ceil($calls / $rate))")
  w0=$((ramp + 2))
  w1=$(python3 -c "print(int($call_s - 1))")
  ((w1 > w0 + 1)) || { echo "calls too short for a steady window (PLAYS)" >&2; return 1; }

  local c0 k0 cw0 kw0 cw1 kw1 c1 k1 tw0 tw1 th0 th1 load
  c0=$($tool cpu "$pid"); read -r -a k0 <<<"$($tool counters "$chain")"
  sipp "127.0.0.1:$sip_relay" -sf "$work/uac.xml" -s "$svc" -i 127.0.0.1 -p "$sip_uac" \
    -mi 127.0.0.1 -mp "$mp_uac" -r "$rate" -m "$calls" -l "$calls" -timeout 300s \
    -timeout_error -nostdin -trace_stat -stf "$dir/uac.csv" -fd 1 -buff_size 4194304 \
    -default_behaviors all,-abortunexp >/dev/null 2>"$dir/uac.err" &
  local uac=$!
  pids+=("$uac")
  sleep "$w0"
  cw0=$($tool cpu "$pid"); read -r -a kw0 <<<"$($tool counters "$chain")"
  tw0=$(date +%s.%N); th0=$($tool threads "$pid"); load=$(cut -d' ' -f1 /proc/loadavg)
  if [[ -n "${PERF:-}" ]]; then
    perf record -q -F 499 -g -p "$pid" -o "$dir/perf.data" -- sleep $((w1 - w0)) >/dev/null 2>&1 || true
  else
    sleep $((w1 - w0))
  fi
  cw1=$($tool cpu "$pid"); read -r -a kw1 <<<"$($tool counters "$chain")"
  tw1=$(date +%s.%N); th1=$($tool threads "$pid")
  local drops
  drops=$($tool sockdrops 20000 29999)  # the relay's RTP sockets, before the hang-ups
  wait "$uac" || true
  sleep 1  # the last packets in flight
  c1=$($tool cpu "$pid"); read -r -a k1 <<<"$($tool counters "$chain")"

  local own=""
  if [[ $relay == rtpengine ]]; then
    own=$($tool rtpe_totals "$cli" 2>&1 | grep -E 'Total (relayed packets|relayed packet errors|managed sessions) ' |
      tr -s ' ' | tr '\n' ';' || true)
  else
    own="rx $($tool metric "http://127.0.0.1:$ctl/metrics" hankyo_rtp_packets_total) \
write_errors $($tool metric "http://127.0.0.1:$ctl/metrics" hankyo_recording_write_errors_total)"
  fi
  [[ -n "$ka" ]] && { kill "$ka"; wait_gone "$ka"; }
  kill "$pid"
  wait_gone "$pid"
  kill "$uas_pid" 2>/dev/null || true
  wait_gone "$uas_pid"

  local recs="-"
  if [[ $rec == on && $relay == hankyod ]]; then
    local f n lo hi
    read -r f n lo hi <<<"$($tool wavcheck "$dir/media/recordings" "$calls" "$call_s")"
    recs="$n of $calls ($f files, ${lo}-${hi} s, call ${call_s} s)"
  elif [[ $rec == on ]]; then
    recs="$(find "$dir/rec" -name '*.pcap' -size +1k | wc -l) pcap files"
  fi
  local ok failed retr
  read -r ok failed retr <<<"$($tool sipp_stat "$dir/uac.csv")"
  python3 - "$results" <<PY
import json, sys
k0, kw0, kw1, k1 = [$(IFS=,; echo "${k0[*]}")], [$(IFS=,; echo "${kw0[*]}")], \
    [$(IFS=,; echo "${kw1[*]}")], [$(IFS=,; echo "${k1[*]}")]
sent = k1[0] - k0[0] + k1[1] - k0[1]
delivered = k1[2] - k0[2] + k1[3] - k0[3]
win = kw1[2] - kw0[2] + kw1[3] - kw0[3]
win_cpu = ($cw1 - $cw0) / $hz
all_cpu = ($c1 - $c0) / $hz
r = dict(run=$run, relay="$relay", rec="$rec", ok=$ok, failed=$failed, retr=$retr,
         # sent by UAC, sent by UAS, delivered to UAC, delivered to UAS
         by_port=[b - a for a, b in zip(k0, k1)],
         media="$media", expected=$calls * 2 * $per_call_pkts, sent=sent, delivered=delivered,
         lost=sent - delivered, win_s=round($tw1 - $tw0, 2), win_cpu_s=win_cpu, win_pkts=win,
         us_pkt=win_cpu / win * 1e6 if win else float("nan"), all_cpu_s=all_cpu,
         us_pkt_all=all_cpu / delivered * 1e6 if delivered else float("nan"),
         relay_socket_drops=$drops, recs="$recs", load=$load, hk_set="${HK_SET:-}", own="""$own""".strip(),
         threads_before="""$th0""".split("\n"), threads_after="""$th1""".split("\n"))
t0 = {l.split()[0]: int(l.split()[1]) for l in r["threads_before"] if l.strip()}
td = sorted(((int(l.split()[1]) - t0.get(l.split()[0], 0), " ".join(l.split()[2:]))
             for l in r["threads_after"] if l.strip()), reverse=True)
r["busiest_thread"] = td[0][1] if td else ""
r["busiest_us_pkt"] = td[0][0] / $hz / win * 1e6 if td and win else float("nan")
open(sys.argv[1], "a").write(json.dumps(r) + "\n")
print(f'{r["relay"]:9} rec={r["rec"]:3} media={r["media"]} load {r["load"]}; calls {r["ok"]} ok {r["failed"]} failed; '
      f'RTP sent {sent} (expected {r["expected"]}), delivered {delivered}, lost {r["lost"]}; '
      f'window {r["win_s"]} s: {win_cpu:.2f} s CPU / {win} packets = {r["us_pkt"]:.2f} us/packet; '
      f'(busiest thread "{r["busiest_thread"]}" {r["busiest_us_pkt"]:.2f}); '
      f'whole: {r["us_pkt_all"]:.2f} us/packet; relay socket drops {$drops}; own counters: {r["own"]}; recordings: {r["recs"]}')
PY
}

iptables -w -N "$chain"
iptables -w -I INPUT 1 -j "$chain"
echo "== media side by side ($media): $calls calls, ${call_s} s each, $rate calls/s, $runs run(s), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)${HK_SET:+, hankyod --set $HK_SET}"
for run in $(seq "$runs"); do
  for rec in $modes; do
    for relay in ${RELAYS:-rtpengine hankyod}; do
      measure "$relay" "$rec" "$run"
    done
  done
done
echo
$tool table "$results"
cp "$results" "${RESULTS:-/tmp/hk-media-sbs-results.jsonl}"
echo "raw: ${RESULTS:-/tmp/hk-media-sbs-results.jsonl}"
