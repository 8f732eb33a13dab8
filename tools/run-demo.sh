#!/usr/bin/env bash
# `make run`: start hankyod on SQLite in var/demo/ with a demo operator, advertisers and
# numbers (etc/demo/demo.json), a demo admin login and API key. Ctrl-C stops it.
set -euo pipefail
bin=${1:-build/bin}
cd "$(dirname "$0")/.."
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
port=$(sed -n 's/^listen = .*:\([0-9]*\)$/\1/p' "$conf")
cat <<MSG

  Hankyo demo
  API:      http://127.0.0.1:$port/api/v1   (OpenAPI: docs/openapi.yaml)
  API key:  $key   (also in $dir/api-key)
  Login:    admin@demo.example / demo-password-123   (POST /api/v1/auth/login)

  Try:
    curl -s -H "Authorization: Bearer $key" http://127.0.0.1:$port/api/v1/numbers | python3 -m json.tool
    curl -s -H "Authorization: Bearer $key" http://127.0.0.1:$port/api/v1/advertisers
    $bin/hankyoctl --api http://127.0.0.1:$port --key $key export

  Ctrl-C stops hankyod; delete $dir to start over.

MSG
exec "$bin/hankyod" --config "$conf"
