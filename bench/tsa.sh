#!/usr/bin/env bash
# Benchmark (not a test) of trusted time: `publish` of 1,000 new versions
# with a timestamp authority on 127.0.0.1 (target under 5 s; requests go
# 8 at a time), and `verify` of a 10,000-entry log whose every entry
# carries a timestamp (target under 2 s).
#
# publish is timed with two authorities written elsewhere, and for each
# the CPU time the authority itself used (its process and children, from
# /proc) is reported beside policypress's own:
# - Debian's `openssl ts -reply` behind a small HTTP server
#   (tests/interop/test-tsa.sh), one openssl process per token;
# - Certomancer (PyPI, pinned in bench/tsa-certomancer/requirements.txt,
#   installed into a temporary virtualenv), one Python process answering
#   every request.
# usage: bench/tsa.sh [--debug] [--no-certomancer]   (release build unless --debug)
set -euo pipefail
cd "$(dirname "$0")/.."
certomancer=1
build=release
for a in "$@"; do
  case $a in
    --debug) build=debug ;;
    --no-certomancer) certomancer= ;;
    *) echo "usage: bench/tsa.sh [--debug] [--no-certomancer]" >&2; exit 2 ;;
  esac
done
if [ "$build" = debug ]; then
  cargo build --quiet && pp=$PWD/target/debug/policypress
else
  cargo build --release --quiet && pp=$PWD/target/release/policypress
fi
work=$(mktemp -d)
server=
certo=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$certo" ] && kill "$certo" 2>/dev/null; rm -rf "$work"' EXIT
export POLICYPRESS_KEY_PASSWORD=bench XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
. tests/interop/test-tsa.sh
start_test_tsa "$work/tsa"

secs() {
  local TIMEFORMAT='%R s wall, %U s user + %S s sys CPU'
  { time "$@" >/dev/null 2>&1; } 2>&1
}
# CPU seconds a process and its waited-for children used so far.
cpu_of() {
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15 + $16 + $17) / hz}' "/proc/$1/stat"
}
with_tsa() { # site dir, url, chain file
  sed -i "s|^origin = .*|&\ntimestamp_authorities = [\"$2\"]|" "$1/content/site.toml"
  mkdir -p "$1/transparency/tsa"
  local host_port=${2#http://}
  host_port=${host_port%%/*}
  cp "$3" "$1/transparency/tsa/${host_port/:/_}.pem"
}
publish_1000() { # name of the site, url, chain file, pid of the authority
  bash bench/gen-site.sh "$work/$1" 10 100
  sed -i "s|bench.example/log|$1.bench.example/log|" "$work/$1/content/site.toml"
  "$pp" keygen --site "$work/$1" >/dev/null
  with_tsa "$work/$1" "$2" "$3"
  local before after t
  before=$(cpu_of "$4")
  t=$(secs "$pp" publish --site "$work/$1" --as-of 2030-01-01)
  after=$(cpu_of "$4")
  echo "${t}; the authority: $(awk -v a="$before" -v b="$after" 'BEGIN {printf "%.1f", b - a}') s CPU"
}

echo "generating and publishing a site with 1,000 versions (openssl ts -reply)…"
echo "publish, 1,000 new versions, each timestamped, openssl ts -reply: $(publish_1000 a "$url" "$tsa/chain.pem" "$server")"

if [ -n "$certomancer" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet -r bench/tsa-certomancer/requirements.txt
  mkdir -p "$work/certo/keys"
  cp bench/tsa-certomancer/certomancer.yml "$work/certo/"
  for k in root tsa; do
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/certo/keys/$k.key.pem" 2>/dev/null
  done
  cport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$work/certo" && exec "$work/venv/bin/certomancer" --config certomancer.yml animate --port "$cport" >animate.log 2>&1) &
  certo=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$cport/_certomancer/any-cert/bench/root.cert.pem" >"$work/certo/root.pem" && break
    sleep 0.2
  done
  # Certomancer makes its certificates when it starts: the chain is the one
  # this process serves.
  curl -sf "http://127.0.0.1:$cport/_certomancer/any-cert/bench/tsa.cert.pem" >"$work/certo/chain.pem"
  cat "$work/certo/root.pem" >>"$work/certo/chain.pem"
  echo "publish, 1,000 new versions, each timestamped, Certomancer:        $(publish_1000 c "http://127.0.0.1:$cport/bench/tsa/tsa" "$work/certo/chain.pem" "$certo")"
fi

echo "generating and publishing a site with 10,000 versions…"
bash bench/gen-site.sh "$work/b" 20 500
sed -i 's|bench.example/log|bench-10k.example/log|' "$work/b/content/site.toml"
"$pp" keygen --site "$work/b" >/dev/null
with_tsa "$work/b" "$url" "$tsa/chain.pem"
t_pub10=$(secs "$pp" publish --site "$work/b" --as-of 2030-01-01)
echo "publish, 10,000 new versions, each timestamped (openssl): ${t_pub10}"
"$pp" verify "$work/b" | grep -c '^ok .*: sealed 20' | sed 's/^/versions with a sealing time: /'
rm -rf "$XDG_STATE_HOME"
t_ver=$(secs "$pp" verify "$work/b")
t_ver2=$(secs "$pp" verify "$work/b")
echo "verify, 10,000 timestamped entries (first):    ${t_ver}"
echo "verify again:                                  ${t_ver2}"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
