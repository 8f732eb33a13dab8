#!/usr/bin/env bash
# `make run`: start hankyod on SQLite in var/demo/ with a demo operator, advertisers and
# numbers (etc/demo/demo.json), a demo admin login and API key, then place demo calls through
# SIPp (a caller and the advertisers' phones, tools/demo/calls.csv) so the call log fills with
# real calls. Ctrl-C stops it all.
set -euo pipefail
bin=${1:-build/bin}
cd "$(dirname "$0")/.."
root=$(pwd)
dir=var/demo
mkdir -p "$dir"
conf=$dir/hankyo.conf
if [[ ! -f $conf ]]; then
  cat >"$conf" <<CONF
# Written by tools/run-demo.sh; every key: etc/hankyo.conf.sample
[http]
listen = 127.0.0.1:${HANKYO_DEMO_PORT:-8080}
[store]
url = sqlite:$dir/hankyo.db
[calllog]
journal = $dir/calllog.journal
[crypto]
key_file = $dir/hankyo.key
[sip]
udp_listen = 127.0.0.1:${HANKYO_DEMO_SIP_PORT:-5060}
rtp_port_min = 40000
rtp_port_max = 40999
# The carrier: calls from SIPp on this machine.
[trunk.carrier]
direction = inbound
sources = 127.0.0.1
# The advertisers' phones: a SIPp playing every destination.
[trunk.phones]
direction = outbound
host = 127.0.0.1
port = $(( ${HANKYO_DEMO_SIP_PORT:-5060} + 10 ))
CONF
fi
ctl() { "$bin/hankyoctl" --config "$conf" "$@"; }

ctl apply etc/demo/demo.json
if [[ ! -s $dir/api-key ]]; then
  (umask 077; ctl key create --name "demo" --role operator_admin --operator "Demo Media" |
    tail -n 1 >"$dir/api-key")
  ctl user create --login admin@demo.example --password "demo-password-123" \
    --role operator_admin --operator "Demo Media" >/dev/null
fi
key=$(cat "$dir/api-key")
port=$(sed -n 's/^listen = .*:\([0-9]*\)$/\1/p' "$conf" | head -n 1)
sip_port=$(sed -n 's/^udp_listen = .*:\([0-9]*\)$/\1/p' "$conf")
phones_port=$(sed -n 's/^port = \([0-9]*\)$/\1/p' "$conf" | tail -n 1)
cat <<MSG

  Hankyo demo
  API:      http://127.0.0.1:$port/api/v1   (OpenAPI: docs/openapi.yaml)
  API key:  $key   (also in $dir/api-key)
  Login:    admin@demo.example / demo-password-123   (POST /api/v1/auth/login)

  Try:
    curl -s -H "Authorization: Bearer $key" http://127.0.0.1:$port/api/v1/numbers | python3 -m json.tool
    curl -s -H "Authorization: Bearer $key" http://127.0.0.1:$port/api/v1/advertisers
    $bin/hankyoctl --api http://127.0.0.1:$port --key $key export

  Demo calls: SIPp calls the demo numbers from 127.0.0.1 (tools/demo/calls.csv); watch
    curl -s -H "Authorization: Bearer $key" http://127.0.0.1:$port/api/v1/calls | python3 -m json.tool
  SIPp logs: $dir/sipp/

  Ctrl-C stops hankyod and SIPp; delete $dir to start over.

MSG
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 0' INT TERM
"$bin/hankyod" --config "$conf" &
pids+=($!)
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
if command -v sipp >/dev/null; then
  mkdir -p "$dir/sipp"
  pcap=/usr/share/sip-tester/g711a.pcap
  # The scenarios' SDP port is @AUDIO_PORT@ (the test runner may point it at a listener):
  # here SIPp's own media port.
  sed -e "s|@PCAP@|$pcap|" -e 's|@AUDIO_PORT@|[media_port]|g' \
      tests/sipp/scenarios/uas-router.xml >"$dir/sipp/phones.xml"
  sed -e "s|@PCAP@|$pcap|" -e 's|@AUDIO_PORT@|[media_port]|g' -e 's|sip:\[service\]@|sip:[field1]@|g' \
      -e 's|09012345678|[field0]|g' tests/sipp/scenarios/uac-call.xml >"$dir/sipp/caller.xml"
  (cd "$dir/sipp" && exec sipp -sf phones.xml -i 127.0.0.1 -p "$phones_port" -mp 41000 \
    -d 3000 -nostdin -trace_err >phones.out 2>&1) &
  pids+=($!)
  sleep 1
  (cd "$dir/sipp" && exec sipp -sf caller.xml -inf "$root/tools/demo/calls.csv" \
    "127.0.0.1:$sip_port" -i 127.0.0.1 -p $((phones_port + 1)) -mp 42000 -m 8 -r 1 -l 3 \
    -d 3000 -timeout 60s -nostdin -trace_err >caller.out 2>&1; echo "demo calls placed") &
  pids+=($!)
else
  echo "sipp is not installed: no demo calls (apt-get install sip-tester)"
fi
wait "${pids[0]}"
