#!/usr/bin/env bash
# Every benchmark of bench/, in the foreground, one after the other.
set -euo pipefail
bin=${1:-build/bin}
cd "$(dirname "$0")"
bash api/run.sh "../$bin"
bash media/run.sh "../$bin"
bash flow/run.sh "../$bin"
bash flow/ivr.sh "../$bin"
bash media/ivr_digits.sh "../$bin"
