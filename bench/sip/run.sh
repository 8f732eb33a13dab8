#!/usr/bin/env bash
# SIP signalling throughput: SIPp -> hankyod (B2BUA) -> SIPp, side by side with
# SIPp -> Kamailio 5.6 stateful proxy (tm + rr) -> SIPp, same scenarios, same machine, same
# run (../shared/baselines: uac.xml, uas.xml, kamailio-proxy.cfg). Short calls (-d 0).
# A run is clean when no call failed and no message was retransmitted.
# Usage: bench/sip/run.sh [build/bin]   env: RATE (calls/s, default 1000), CALLS (default
# RATE*120: 120 s), RUNS (default 3), SHARED (the baselines folder)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/../lib.sh"
bench_setup sip "${1:-}"
bench_at_exit() { pkill -x kamailio 2>/dev/null || true; }
shared=${SHARED:-$(realpath ../shared/baselines)}
rate=${RATE:-1000}
calls=${CALLS:-$((rate * 120))}
runs=${RUNS:-3}
hankyo_conf "$work/hankyo.conf" "$work" info "$work/hankyod.log"
sip_conf "$work/hankyo.conf" 5060 5070 20000 59999
cat >"$work/numbers.json" <<'JSON'
{"operators": [{"name": "Bench", "advertisers": [{"name": "Bench", "numbers": [
  {"number": "050-0000-0000", "name": "bench", "destinations": ["0311110000"]}]}]}]}
JSON
"$bin/hankyoctl" --config "$work/hankyo.conf" apply "$work/numbers.json" >/dev/null

uas() {
  # -bg: SIPp forks and its parent exits with 99
  sipp -sf "$shared/uas.xml" -i 127.0.0.1 -p 5070 -bg -nostdin -buff_size 4194304 >/dev/null || true
}
uac() {  # $1: label
  local out="$work/$1.csv"
  sipp 127.0.0.1:5060 -sf "$shared/uac.xml" -s 05000000000 -i 127.0.0.1 -p 5061 -r "$rate" \
    -m "$calls" -l 19000 -d 0 -timeout 300s -timeout_error -nostdin -trace_stat -stf "$out" \
    -fd 1 -buff_size 4194304 -default_behaviors all,-abortunexp >/dev/null 2>&1 || true
  python3 - "$out" "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter=';'))
last = rows[-1]
ok = int(last["SuccessfulCall(C)"]); failed = int(last["FailedCall(C)"])
retr = int(last["Retransmissions(C)"])
elapsed = last["ElapsedTime(C)"]
print(f"{sys.argv[2]}: {ok} ok, {failed} failed, {retr} retransmissions, elapsed {elapsed}, "
      f"{'clean' if failed == 0 and retr == 0 else 'NOT clean'}")
PY
}
stop_sipp() {
  pkill -x sipp 2>/dev/null || true
  for _ in $(seq 100); do pgrep -x sipp >/dev/null || return 0; sleep 0.1; done
}
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime+stime in clock ticks

for i in $(seq "$runs"); do
  echo "== run $i: $rate calls/s, $calls calls"
  stop_sipp
  uas
  "$bin/hankyod" --config "$work/hankyo.conf" >/dev/null 2>>"$work/hankyod.err" &
  hk=$!
  pids+=("$hk")
  sleep 0.5
  c0=$(cpu_of "$hk")
  uac hankyod
  c1=$(cpu_of "$hk")
  echo "hankyod CPU: $(python3 -c "print(round(($c1-$c0)/$(getconf CLK_TCK)/$calls*1e6, 1))") µs per call"
  kill "$hk"; wait "$hk" 2>/dev/null || true
  stop_sipp

  uas
  kamailio -f "$shared/kamailio-proxy.cfg" -DD -E -m 1024 -M 32 2>"$work/kamailio.log" &
  ka=$!
  pids+=("$ka")
  sleep 1
  k0=0; for p in $(pgrep -x kamailio); do k0=$((k0 + $(cpu_of "$p"))); done
  uac kamailio
  k1=0; for p in $(pgrep -x kamailio); do k1=$((k1 + $(cpu_of "$p"))); done
  echo "kamailio CPU: $(python3 -c "print(round(($k1-$k0)/$(getconf CLK_TCK)/$calls*1e6, 1))") µs per call"
  kill "$ka"; wait "$ka" 2>/dev/null || true
  pkill -x kamailio 2>/dev/null || true  # its children
  for _ in $(seq 50); do pgrep -x kamailio >/dev/null || break; sleep 0.1; done
  stop_sipp
done
