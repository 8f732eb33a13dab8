#!/usr/bin/env bash
# Installs the Debian packages listed in ci/packages.txt (and, with --bench, the benchmark
# peers) that are missing. Idempotent: when everything is there it installs nothing and
# does not touch the network.
set -euo pipefail
cd "$(dirname "$0")/.."
lists=(ci/packages.txt)
[[ "${1:-}" == "--bench" ]] && lists+=(ci/packages-bench.txt)
mapfile -t wanted < <(grep -hvE '^\s*(#|$)' "${lists[@]}")
missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#wanted[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: need root to install packages (or install them yourself)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# The Japanese voice (hts-voice-nitech-jp-atr503-m001) is in Debian's contrib section.
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
  [[ -f "$f" ]] || continue
  if [[ "$f" == *.sources ]]; then
    grep -q '^Components:.*contrib' "$f" || sed -i 's/^Components: main$/Components: main contrib/' "$f"
  else
    grep -qE '^deb .* main.*contrib' "$f" || sed -i -E 's/^(deb .* main)$/\1 contrib/' "$f"
  fi
done
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
