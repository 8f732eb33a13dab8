#!/usr/bin/env bash
# Runs every test label of the sanitized build with ctest -j2 and prints ctest's summary.
set -uo pipefail
build=${1:-build/asan}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build"
ctest -j2 --output-on-failure --timeout 300
rc=$?
exit $rc
