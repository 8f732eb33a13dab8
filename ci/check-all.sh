#!/usr/bin/env bash
# `make check-all` (after `make test`): the builds CI has no time for.
#  1. ThreadSanitizer build, unit tests.
#  2. Hardened release build; readelf checks PIE, full RELRO, non-executable stack, canaries
#     and FORTIFY on hankyod and hankyoctl.
#  3. libFuzzer (clang) on every fuzz target for FUZZ_SECONDS (default 60) each.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== TSan"
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHK_SANITIZE=thread >/dev/null
cmake --build build/tsan -j "$jobs"
(cd build/tsan && TSAN_OPTIONS=halt_on_error=1 ctest -j2 -L unit --output-on-failure)

echo "== hardened release"
cmake -S . -B build/harden -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHK_HARDEN=ON -DHK_TESTS=OFF >/dev/null
cmake --build build/harden -j "$jobs"
for b in build/harden/bin/hankyod build/harden/bin/hankyoctl; do
  hdr=$(readelf -h "$b"); dyn=$(readelf -d "$b"); seg=$(readelf -lW "$b"); sym=$(readelf -sW --dyn-syms "$b")
  grep -q "Type:.*DYN" <<<"$hdr" || { echo "$b: not PIE"; exit 1; }
  grep -q "BIND_NOW\|FLAGS.*NOW" <<<"$dyn" || { echo "$b: no BIND_NOW (partial RELRO)"; exit 1; }
  grep -q "GNU_RELRO" <<<"$seg" || { echo "$b: no RELRO"; exit 1; }
  grep "GNU_STACK" <<<"$seg" | grep -q "RWE" && { echo "$b: executable stack"; exit 1; }
  grep -q "__stack_chk_fail" <<<"$sym" || { echo "$b: no stack protector"; exit 1; }
  grep -q "_chk@" <<<"$sym" || { echo "$b: no FORTIFY_SOURCE functions"; exit 1; }
  echo "$b: PIE, full RELRO, NX stack, canaries, FORTIFY"
done

echo "== fuzz"
if ! command -v clang++ >/dev/null || ! dpkg-query -W libclang-rt-14-dev >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev
fi
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHK_FUZZ=ON \
  -DHK_WERROR=OFF >/dev/null
cmake --build build/fuzz -j "$jobs"
(cd build/fuzz && ctest -L '^fuzz$' --output-on-failure)
echo "check-all: ok"
