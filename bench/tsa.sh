#!/usr/bin/env bash
# Benchmark (not a test) of trusted time: `publish` of 1,000 new versions
# with a timestamp authority on 127.0.0.1 (target under 5 s; requests go
# 8 at a time), and `verify` of a 10,000-entry log whose every entry
# carries a timestamp (target under 2 s).
#
# publish is timed with each authority below, and for each the CPU time the
# authority itself used (its process and children, from /proc) is reported
# beside policypress's own, with the load average after the run:
# - bench/loopback-tsa.py: one Python process answering many requests at a
#   time, a fraction of a millisecond of CPU a token, so the figure is
#   policypress's; the 10,000-entry log is sealed with it too;
# - Debian's `openssl ts -reply` behind a small HTTP server
#   (tests/interop/test-tsa.sh), one openssl process per token (about
#   7.5 ms of CPU a token: the authority is most of the time);
# - with --certomancer, Certomancer (PyPI, pinned in
#   bench/tsa-certomancer/requirements.txt), one Python process answering
#   one request at a time (about 19 ms of CPU a token: a minute or more).
# The loopback authority and Certomancer run from a temporary virtualenv
# with the pins of bench/tsa-certomancer/requirements.txt.
# Every site published is checked before its figure counts: `policypress
# verify` (every token) and `openssl ts -verify` of 20 tokens spread over the
# log; the benchmark fails if either fails.
# usage: bench/tsa.sh [--debug] [--certomancer] [--publish-only]
#   (release build unless --debug; --publish-only skips the 10,000 entries)
set -euo pipefail
cd "$(dirname "$0")/.."
certomancer=
build=release
big=1
for a in "$@"; do
  case $a in
    --debug) build=debug ;;
    --certomancer) certomancer=1 ;;
    --publish-only) big= ;;
    *) echo "usage: bench/tsa.sh [--debug] [--certomancer] [--publish-only]" >&2; exit 2 ;;
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
loop=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$certo" ] && kill "$certo" 2>/dev/null; [ -n "$loop" ] && kill "$loop" 2>/dev/null; rm -rf "$work"' EXIT
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
load() { cut -d" " -f1-3 /proc/loadavg; }
# The tokens are real: policypress verify checks every one, and openssl
# checks 20 spread over the log (the bundle holds the TSA's response; the
# data is the bundle's signature).
check_tokens() { # site dir, root certificate
  local T=$1/transparency n=0 total bundle
  "$pp" verify "$1" >"$work/verify.out" 2>&1 || {
    tail -5 "$work/verify.out" >&2
    echo "FAILED: policypress verify of $1" >&2
    return 1
  }
  total=$(jq '.entries | length' "$T/index.json")
  while read -r bundle; do
    jq -r .messageSignature.signature "$T/$bundle" | base64 -d >"$work/sig.bin"
    jq -r '.verificationMaterial.timestampVerificationData.rfc3161Timestamps[0].signedTimestamp' "$T/$bundle" \
      | base64 -d >"$work/token.der"
    openssl ts -verify -in "$work/token.der" -data "$work/sig.bin" -CAfile "$2" >/dev/null 2>&1 || {
      echo "FAILED: openssl ts -verify of $bundle" >&2
      return 1
    }
    n=$((n + 1))
  done < <(jq -r --argjson step "$(( (total + 19) / 20 ))" \
    '.entries | to_entries[] | select(.key % $step == 0) | .value.bundle' "$T/index.json")
  [ "$n" -ge 20 ] || { echo "FAILED: only $n tokens checked with openssl" >&2; return 1; }
  echo "checked: policypress verify, and openssl ts -verify of $n of $total tokens" >&2
}
publish_1000() { # name of the site, url, chain file, pid of the authority, root certificate
  bash bench/gen-site.sh "$work/$1" 10 100
  sed -i "s|bench.example/log|$1.bench.example/log|" "$work/$1/content/site.toml"
  "$pp" keygen --site "$work/$1" >/dev/null
  with_tsa "$work/$1" "$2" "$3"
  local before after t
  before=$(cpu_of "$4")
  t=$(secs "$pp" publish --site "$work/$1" --as-of 2030-01-01)
  after=$(cpu_of "$4")
  local l
  l=$(load)
  check_tokens "$work/$1" "$5"
  echo "${t}; the authority: $(awk -v a="$before" -v b="$after" 'BEGIN {printf "%.1f", b - a}') s CPU; load average $l"
}

python3 -m venv "$work/venv"
if [ -n "$certomancer" ]; then
  "$work/venv/bin/pip" install --quiet -r bench/tsa-certomancer/requirements.txt
else
  "$work/venv/bin/pip" install --quiet -c bench/tsa-certomancer/requirements.txt asn1crypto cryptography
fi
# The loopback authority signs with the key and certificate
# tests/interop/test-tsa.sh made (critical timeStamping, under its root).
"$work/venv/bin/python" bench/loopback-tsa.py --cert "$tsa/tsa.crt" --key "$tsa/tsa.key" \
  --port-file "$work/loop.port" >/dev/null &
loop=$!
for _ in $(seq 100); do [ -s "$work/loop.port" ] && break; sleep 0.1; done
[ -s "$work/loop.port" ] || { echo "FAILED: the loopback TSA did not start" >&2; exit 1; }
loop_url="http://127.0.0.1:$(cat "$work/loop.port")/tsr"

echo "generating and publishing a site with 1,000 versions (loopback TSA)…"
echo "publish, 1,000 new versions, each timestamped, loopback TSA:      $(publish_1000 l "$loop_url" "$tsa/chain.pem" "$loop" "$tsa/ca.crt")"
echo "generating and publishing a site with 1,000 versions (openssl ts -reply)…"
echo "publish, 1,000 new versions, each timestamped, openssl ts -reply: $(publish_1000 a "$url" "$tsa/chain.pem" "$server" "$tsa/ca.crt")"

if [ -n "$certomancer" ]; then
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
  echo "publish, 1,000 new versions, each timestamped, Certomancer:       $(publish_1000 c "http://127.0.0.1:$cport/bench/tsa/tsa" "$work/certo/chain.pem" "$certo" "$work/certo/root.pem")"
fi
[ -n "$big" ] || exit 0

echo "generating and publishing a site with 10,000 versions…"
bash bench/gen-site.sh "$work/b" 20 500
sed -i 's|bench.example/log|bench-10k.example/log|' "$work/b/content/site.toml"
"$pp" keygen --site "$work/b" >/dev/null
with_tsa "$work/b" "$loop_url" "$tsa/chain.pem"
t_pub10=$(secs "$pp" publish --site "$work/b" --as-of 2030-01-01)
echo "publish, 10,000 new versions, each timestamped (loopback TSA): ${t_pub10}; load average $(load)"
# verify lists the first 1,000 sealing times and counts the rest.
"$pp" verify "$work/b" > "$work/verify.out"
listed=$(grep -c '^ok .*: sealed 20' "$work/verify.out" || true)
more=$(sed -n 's/.*and \([0-9]*\) more versions with a sealing time.*/\1/p' "$work/verify.out")
echo "versions with a sealing time: $((listed + ${more:-0})) ($listed listed)"
rm -rf "$XDG_STATE_HOME"
t_ver=$(secs "$pp" verify "$work/b")
t_ver2=$(secs "$pp" verify "$work/b")
echo "verify, 10,000 timestamped entries (first):    ${t_ver}"
echo "verify again:                                  ${t_ver2}"
echo "load average: $(load)"
