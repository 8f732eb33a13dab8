#!/usr/bin/env bash
# Rewrites tests/data/holidays/jp.csv (date,name) from the npm package
# @holiday-jp/holiday_jp, the reference data for tests/unit/flow/holidays_jp_data_test.cpp.
# The package is fetched with `npm pack` into a temporary directory (nothing is installed)
# and read with node. Needs npm and node (Debian: npm); CI does not run this script, the
# CSV is committed.
#   tools/holidays/refresh.sh            # the latest version
#   tools/holidays/refresh.sh 2.5.1      # a given version
set -euo pipefail
version=${1:-latest}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/tests/data/holidays/jp.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "@holiday-jp/holiday_jp@$version" >pack.txt)
tar -xzf "$tmp/$(tail -n 1 "$tmp/pack.txt")" -C "$tmp"

node - "$tmp/package" "$out.tmp" <<'JS'
const fs = require('fs');
const [dir, out] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(dir + '/package.json', 'utf8'));
const days = require(dir + '/lib/holidays.js');
const lines = [
  `# source: npm ${pkg.name} ${pkg.version} (lib/holidays.js, ${pkg.license} licence), ` +
      'written by tools/holidays/refresh.sh',
  'date,name',
];
for (const date of Object.keys(days).sort()) {
  const name = days[date].name;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || /[",\n]/.test(name)) {
    throw new Error(`unexpected entry ${date} ${name}`);
  }
  lines.push(`${date},${name}`);
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`${lines.length - 2} days, ${Object.keys(days).sort()[0]} .. ` +
            `${Object.keys(days).sort().pop()}, ${pkg.name} ${pkg.version}`);
JS
mv "$out.tmp" "$out"
echo "wrote $out"
