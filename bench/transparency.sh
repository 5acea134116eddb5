#!/usr/bin/env bash
# Benchmark (not a test): `publish` of 1,000 new versions and `verify` of a
# 10,000-entry log (targets: each under 2 s), and `verify` of a built site
# of 1,000 sealed versions with its pages and API. Prints the figures.
# usage: bench/transparency.sh [--debug]
# Uses the release build unless --debug is given.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--debug" ]; then
  cargo build --quiet && pp=$PWD/target/debug/policypress
else
  cargo build --release --quiet && pp=$PWD/target/release/policypress
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export POLICYPRESS_KEY_PASSWORD=bench XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state

secs() { # command... → "wall, CPU" times; output discarded. On a shared
  # machine the CPU time is the steadier figure.
  local TIMEFORMAT='%R s wall, %U s user + %S s sys CPU'
  { time "$@" >/dev/null 2>&1; } 2>&1
}

echo "generating a site with 1,000 versions…"
bash bench/gen-site.sh "$work/a" 10 100
"$pp" keygen --site "$work/a" >/dev/null
t_pub=$(secs "$pp" publish --site "$work/a" --as-of 2030-01-01)
t_idem=$(secs "$pp" publish --site "$work/a" --as-of 2030-01-01)
echo "publish, 1,000 new versions:        ${t_pub}"
echo "publish again, nothing new:         ${t_idem}"
# The same log with its built site: every version page (nl, en), document
# page and API entry read and compared with the sealed texts as well.
"$pp" build --site "$work/a" --as-of 2030-01-01 --out "$work/a-public" >/dev/null 2>&1
"$pp" verify "$work/a-public" | grep -E "pages of|document pages|API says" || true
rm -rf "$XDG_STATE_HOME"
t_pages=$(secs "$pp" verify "$work/a-public")
echo "verify, 1,000 versions with pages:  ${t_pages}"

echo "generating a site with 10,000 versions…"
bash bench/gen-site.sh "$work/b" 20 500
sed -i 's|bench.example/log|bench-10k.example/log|' "$work/b/content/site.toml"
"$pp" keygen --site "$work/b" >/dev/null
t_pub10=$(secs "$pp" publish --site "$work/b" --as-of 2030-01-01)
echo "publish, 10,000 new versions:       ${t_pub10}"
"$pp" verify "$work/b" | tail -1
rm -rf "$XDG_STATE_HOME"
t_ver=$(secs "$pp" verify "$work/b")
t_ver2=$(secs "$pp" verify "$work/b")
echo "verify, 10,000-entry log (first):   ${t_ver}"
echo "verify again (with consistency):    ${t_ver2}"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
