#!/usr/bin/env bash
# Media relay: 300 bridged calls, G.711 20 ms both ways, through rtp::MediaEngine on
# loopback; the relay's CPU per relayed packet (getrusage of the relay process) and the
# loss, for plain relay (PCMU both legs) and for PCMU <-> PCMA transcoding.
# Compare with rtpengine's userspace relay on the same load (about 25 us per packet here).
# BENCH_SINKS=1 adds a run with an audio sink on both legs of every call (every packet
# decoded), the price of the audio hooks next to the plain relay.
# Usage: bench/media/run.sh [build/bin]   (needs hk_media_bench built in that folder)
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
calls=${BENCH_CALLS:-300}
seconds=${BENCH_SECONDS:-20}
if [[ ! -x "$bin/hk_media_bench" ]]; then
  echo "media: $bin/hk_media_bench not built (cmake --build <dir> --target hk_media_bench)" >&2
  exit 1
fi
echo "== media relay, $calls calls, $seconds s"
"$bin/hk_media_bench" --calls "$calls" --seconds "$seconds"
echo "== media transcode PCMU<->PCMA, $calls calls, $seconds s"
"$bin/hk_media_bench" --calls "$calls" --seconds "$seconds" --transcode
if [[ "${BENCH_SINKS:-0}" == 1 ]]; then
  echo "== media relay with a sink on both legs, $calls calls, $seconds s"
  "$bin/hk_media_bench" --calls "$calls" --seconds "$seconds" --sinks
fi
