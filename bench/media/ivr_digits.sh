#!/usr/bin/env bash
# Issue 4 (media): "200 concurrent callers hearing a prompt and sending digits: every digit
# detected". Four SIPp callers (ivr_uac.xml, each -l LIMIT/4, so LIMIT calls at once) dial
# four tracking numbers that run one flow: a gather (TTS prompt, 4 digits, no terminator,
# timeout 10 s, variable "code") -> hangup. Each caller waits DELAY_MS after the answer, so
# the prompt plays to its end (a DELAY_MS shorter than the prompt tests barge-in instead:
# the first key stops the prompt), then sends its own 4 keys: RFC 2833 (play_dtmf, 200 ms events) with MODE=rfc2833, in-band
# tones (play_pcap_audio of an ivr_tool.py pcap, 100 ms on / 100 ms off, u-law) with
# MODE=inband. Hankyo hangs up when the 4 keys are in (or at the timeout). Then the call log
# (GET /api/v1/calls, vars.code, din_id names the caller's keys) is counted: every call must
# hold exactly its keys. Also hankyod's CPU (utime+stime over the run, % of one core), RSS
# (peak and after), the RTP packets delivered to the callers' media ports (an iptables
# counting rule, no verdict: what the callers heard, against the prompt's length), live
# calls (hankyo_live_calls, peak of 1 s samples), the load average.
# Usage: bench/media/ivr_digits.sh [build/bin]   env: MODE (rfc2833|inband, default rfc2833),
# CALLS (total, default 1000), LIMIT (concurrent, default 200), RATE (calls/s, default 60),
# DELAY_MS (after the answer; default: the prompt's length + 500 ms, from a warm-up call),
# PORT_BASE (25260), KEEP=1 keeps the work folder. Needs root (iptables).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/../lib.sh"
bench_setup media-ivr "${1:-}"
chain="HKIVR$$"
bench_at_exit() {
  iptables -w -D INPUT -j "$chain" 2>/dev/null || true
  iptables -w -F "$chain" 2>/dev/null || true
  iptables -w -X "$chain" 2>/dev/null || true
}
here=$(pwd)/bench/media
mode=${MODE:-rfc2833}
calls=${CALLS:-1000}
limit=${LIMIT:-200}
rate=${RATE:-60}
base=${PORT_BASE:-25260}
hz=$(getconf CLK_TCK)
[[ $mode == rfc2833 || $mode == inband ]] || { echo "MODE: rfc2833 or inband" >&2; exit 1; }
keys=(1234 5678 90*# 3691)
hankyo_conf "$work/hankyo.conf" "$work"
sip_conf "$work/hankyo.conf" "$base" $((base + 10)) 40000 49999
media_conf
python3 - "$work/numbers.json" <<'PY'
import json, sys
nums = [{"number": f"050-0000-001{i}", "name": f"keys {i}", "destinations": ["0311110000"]}
        for i in range(4)]
json.dump({"operators": [{"name": "Bench", "advertisers": [{"name": "Bench", "numbers": nums}]}]},
          open(sys.argv[1], "w"))
PY
bench_provision
api POST /api/v1/flows '{"operator_id": 1, "document": {"name": "Code", "answer": "now",
  "start": "code", "steps": {
  "code": {"verb": "gather", "prompt": {"text": "会員番号を四桁で押してください。"},
    "next": "bye", "max_digits": 4, "terminator": "", "timeout_sec": 10, "retries": 0,
    "variable": "code", "on_timeout": "bye"},
  "bye": {"verb": "hangup"}}}}' >/dev/null
# shellcheck disable=SC2046  # one id per word
attach_flow $(number_ids)

scenario() {  # $1: keys, $2: delay ms, $3: out file
  local send
  if [[ $mode == rfc2833 ]]; then
    send="<exec play_dtmf=\"$1\"/>"
  else
    python3 "$here/ivr_tool.py" inband "$work/keys-$1.pcap" "$1"
    send="<exec play_pcap_audio=\"$work/keys-$1.pcap\"/>"
  fi
  sed -e "s|@DELAY_MS@|$2|" -e "s|@SEND@|$send|" "$here/ivr_uac.xml" >"$3"
}
caller() {  # $1: index (0-3), $2: scenario, $3: calls, $4: limit, $5: rate, $6: label
  sipp "127.0.0.1:$base" -sf "$2" -s "0500000001$1" -i 127.0.0.1 -p $((base + 1 + $1)) \
    -mi 127.0.0.1 -mp $((base + 20 + 4 * $1)) -r "$5" -m "$3" -l "$4" -timeout 300s \
    -timeout_error -nostdin -trace_stat -stf "$work/$6-$1.stat" -buff_size 4194304 \
    -default_behaviors all,-abortunexp >"$work/$6-$1.out" 2>&1 || true
}

# Warm-up: one call, so that the prompt is synthesised (TTS cache) and its length known.
scenario "${keys[0]}" 6000 "$work/warm.xml"
caller 0 "$work/warm.xml" 1 1 1 warm
prompt_s=$(python3 "$here/ivr_tool.py" wavlen "$work"/media/tts/*.wav 2>/dev/null | head -1 |
  cut -d' ' -f1 || true)
delay=${DELAY_MS:-$(python3 -c "print(int(float('${prompt_s:-3}') * 1000) + 500)")}
echo "== $mode: $calls calls, $limit at once, $rate calls/s; prompt ${prompt_s:-?} s, keys" \
  "sent ${delay} ms after the answer; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
per=$((calls / 4)) lim=$((limit / 4)) r=$(((rate + 3) / 4))
for i in 0 1 2 3; do scenario "${keys[$i]}" "$delay" "$work/uac-$i.xml"; done
iptables -w -N "$chain"
iptables -w -I INPUT 1 -j "$chain"
iptables -w -A "$chain" -p udp --dport $((base + 20)):$((base + 35))
c0=$(awk '{print $14 + $15}' "/proc/$hk_pid/stat")
t0=$(date +%s.%N)
load0=$(cut -d' ' -f1 /proc/loadavg)
cpids=()
for i in 0 1 2 3; do
  caller "$i" "$work/uac-$i.xml" "$per" "$lim" "$r" run &
  cpids+=($!)
done
peak=0
while kill -0 "${cpids[@]}" 2>/dev/null; do
  live=$(curl -sf "http://$addr/metrics" | awk '/^hankyo_live_calls/ {s += $2} END {print s + 0}')
  ((live > peak)) && peak=$live
  sleep 1
done
wait "${cpids[@]}" || true
t1=$(date +%s.%N)
c1=$(awk '{print $14 + $15}' "/proc/$hk_pid/stat")
load1=$(cut -d' ' -f1 /proc/loadavg)
sleep 1
heard=$(iptables -w -L "$chain" -v -x -n | awk 'NR == 3 {print $1}')
rss=$(awk '/VmRSS/ {print $2}' "/proc/$hk_pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$hk_pid/status")
sleep 2  # the last records
page=1
while api GET "/api/v1/calls?per_page=500&page=$page" >"$work/calls-$page.json"; do
  python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["items"] else 1)' \
    "$work/calls-$page.json" || break
  page=$((page + 1))
done
rm -f "$work/calls-$page.json"
sipp_ok=0 sipp_failed=0
for i in 0 1 2 3; do
  read -r o f < <(python3 -c '
import csv, sys
r = list(csv.reader(open(sys.argv[1]), delimiter=";"))
d = dict(zip(r[0], r[-1]))
print(d["SuccessfulCall(C)"], d["FailedCall(C)"])' "$work/run-$i.stat")
  sipp_ok=$((sipp_ok + o)) sipp_failed=$((sipp_failed + f))
done
# The warm-up call is in the log too (number 0, keys[0]).
python3 "$here/ivr_tool.py" check "$work" "05000000010=${keys[0]}" "05000000011=${keys[1]}" \
  "05000000012=${keys[2]}" "05000000013=${keys[3]}" >"$work/check.json"
python3 - "$work/check.json" "$c0" "$c1" "$hz" "$t0" "$t1" <<PY
import json, sys
r = json.load(open(sys.argv[1]))
c0, c1, hz, t0, t1 = (float(x) for x in sys.argv[2:])
t = r["total"]
print(f"SIPp: {$sipp_ok} ok, {$sipp_failed} failed; live calls peak {$peak}; "
      f"load {'$load0'} -> {'$load1'}")
print(f"call log (warm-up call included): {t['calls']} calls, {t['exact']} with exactly their "
      f"keys, {t['wrong']} wrong, {t['missing']} missing; keys sent {r['keys_sent']}, "
      f"detected in place {r['keys_detected_in_place']}")
print(f"RTP delivered to the callers: {$heard} packets, {$heard / max(1, $sipp_ok):.0f} per call "
      f"(the prompt alone is {float('${prompt_s:-0}') * 50:.0f} packets of 20 ms)")
print(f"hankyod: CPU {(c1 - c0) / hz / (t1 - t0) * 100:.1f}% of a core over {t1 - t0:.1f} s; "
      f"RSS {$rss / 1024:.1f} MB after, peak {$hwm / 1024:.1f} MB")
if r["examples"]:
    print("not exact:", json.dumps(r["examples"], ensure_ascii=False))
PY
