#!/usr/bin/env bash
# Benchmark (not a test) of trusted time: `publish` of 1,000 new versions
# with a timestamp authority on 127.0.0.1 (target under 5 s; requests go
# 8 at a time), and `verify` of a 10,000-entry log whose every entry
# carries a timestamp (target under 2 s). The authority is Debian's
# `openssl ts -reply` behind a small HTTP server (tests/interop/test-tsa.sh),
# one openssl process per token, so its own cost is in the publish figure.
# usage: bench/tsa.sh [--debug]      (release build unless --debug)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--debug" ]; then
  cargo build --quiet && pp=$PWD/target/debug/policypress
else
  cargo build --release --quiet && pp=$PWD/target/release/policypress
fi
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
export POLICYPRESS_KEY_PASSWORD=bench XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
. tests/interop/test-tsa.sh
start_test_tsa "$work/tsa"
name=127.0.0.1_$(cat "$tsa/port").pem

secs() {
  local TIMEFORMAT='%R s wall, %U s user + %S s sys CPU'
  { time "$@" >/dev/null 2>&1; } 2>&1
}
with_tsa() { # site dir
  sed -i "s|^origin = .*|&\ntimestamp_authorities = [\"$url\"]|" "$1/content/site.toml"
  mkdir -p "$1/transparency/tsa"
  cp "$tsa/chain.pem" "$1/transparency/tsa/$name"
}

echo "generating a site with 1,000 versions…"
bash bench/gen-site.sh "$work/a" 10 100
"$pp" keygen --site "$work/a" >/dev/null
with_tsa "$work/a"
t_pub=$(secs "$pp" publish --site "$work/a" --as-of 2030-01-01)
echo "publish, 1,000 new versions, each timestamped: ${t_pub}"

echo "generating a site with 10,000 versions…"
bash bench/gen-site.sh "$work/b" 20 500
sed -i 's|bench.example/log|bench-10k.example/log|' "$work/b/content/site.toml"
"$pp" keygen --site "$work/b" >/dev/null
with_tsa "$work/b"
t_pub10=$(secs "$pp" publish --site "$work/b" --as-of 2030-01-01)
echo "publish, 10,000 new versions, each timestamped: ${t_pub10}"
"$pp" verify "$work/b" | grep -c '^ok .*: sealed 20' | sed 's/^/versions with a sealing time: /'
rm -rf "$XDG_STATE_HOME"
t_ver=$(secs "$pp" verify "$work/b")
t_ver2=$(secs "$pp" verify "$work/b")
echo "verify, 10,000 timestamped entries (first):    ${t_ver}"
echo "verify again:                                  ${t_ver2}"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
