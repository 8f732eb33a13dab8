#!/usr/bin/env bash
# Fails when a tracked C++ file is not clang-formatted (clang-format 14, .clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || true)
[[ -z "$files" ]] && exit 0
bad=$(echo "$files" | xargs clang-format --dry-run 2>&1 | grep -oE '^[^:]+\.(cpp|hpp)' | sort -u || true)
if [[ -n "$bad" ]]; then
  echo "format-check: these files need 'make format':" >&2
  echo "$bad" >&2
  exit 1
fi
echo "format-check: ok"
