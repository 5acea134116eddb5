#!/usr/bin/env bash
# Trusted time checked by tools no one on this project wrote: the example
# site sealed with RFC 3161 timestamps from Debian's `openssl ts -reply`
# (behind a small HTTP wrapper on 127.0.0.1, with a test CA and TSA
# certificate made here by openssl), then every token checked with
# `openssl ts -verify` and every bundle with @sigstore/verify with that TSA
# in its trusted root (timestampThreshold: 1). Each must also reject a
# bundle whose token was swapped for one over another signature.
# Needs: a built policypress (POLICYPRESS, default target/debug/policypress),
# openssl, python3, jq, node with tests/interop/js/node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
pp=${POLICYPRESS:-$repo/target/debug/policypress}
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export POLICYPRESS_KEY_PASSWORD=interop-test-password
export XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state

fail() { echo "FAILED: $*"; exit 1; }

echo "-- a test TSA on 127.0.0.1: root CA, TSA certificate with critical timeStamping"
. tests/interop/test-tsa.sh
start_test_tsa "$work/tsa"
port=$(cat "$tsa/port")

echo "-- the example site, sealed with timestamps"
mkdir -p "$work/site"
cp -r content "$work/site/content"
printf '\n[transparency]\norigin = "privacy.waterlinie.example/log"\ntimestamp_authorities = ["%s"]\n' "$url" >> "$work/site/content/site.toml"
mkdir -p "$work/site/transparency/tsa"
cp "$tsa/chain.pem" "$work/site/transparency/tsa/127.0.0.1_$port.pem"
"$pp" keygen --site "$work/site" >/dev/null
"$pp" publish --site "$work/site" --as-of 2026-11-25 >/dev/null
"$pp" verify "$work/site" >/dev/null || fail "policypress verify"
T=$work/site/transparency

echo "-- openssl ts -verify, every token"
n=0
while IFS=$'\t' read -r bundle; do
  jq -r .messageSignature.signature "$T/$bundle" | base64 -d > "$work/sig.bin"
  jq -r '.verificationMaterial.timestampVerificationData.rfc3161Timestamps[0].signedTimestamp' "$T/$bundle" \
    | base64 -d > "$work/token.der"
  openssl ts -verify -in "$work/token.der" -data "$work/sig.bin" -CAfile "$tsa/ca.crt" >/dev/null 2>&1 \
    || fail "openssl ts -verify: $bundle"
  n=$((n + 1))
done < <(jq -r '.entries[].bundle' "$T/index.json")
[ "$n" -gt 0 ] || fail "no bundles"
echo "ok  openssl ts -verify accepted $n tokens"
# A token over another signature is refused by openssl too.
first=$(jq -r '.entries[1].bundle' "$T/index.json")
jq -r .messageSignature.signature "$T/$first" | base64 -d > "$work/sig.bin"
jq -r '.verificationMaterial.timestampVerificationData.rfc3161Timestamps[0].signedTimestamp' \
  "$T/$(jq -r '.entries[2].bundle' "$T/index.json")" | base64 -d > "$work/token.der"
if openssl ts -verify -in "$work/token.der" -data "$work/sig.bin" -CAfile "$tsa/ca.crt" >/dev/null 2>&1; then
  fail "openssl accepted a token over another signature"
fi
echo "ok  rejected: openssl, a token over another signature"

echo "-- @sigstore/verify with the TSA in its trusted root (timestampThreshold: 1)"
node tests/interop/js/verify.js --tsa "$tsa/chain.pem" "$T" | tail -3
rm -rf "$work/t-swap"; cp -r "$T" "$work/t-swap"
other=$(jq -r '.verificationMaterial.timestampVerificationData' "$T/$(jq -r '.entries[2].bundle' "$T/index.json")")
jq --argjson t "$other" '.verificationMaterial.timestampVerificationData = $t' "$T/$first" > "$work/t-swap/$first"
if node tests/interop/js/verify.js --tsa "$tsa/chain.pem" "$work/t-swap" >/dev/null 2>&1; then
  fail "@sigstore/verify accepted a token over another signature"
fi
echo "ok  rejected: @sigstore/verify, a token over another signature"
if "$pp" verify "$work/t-swap" >/dev/null 2>&1; then
  fail "policypress verify accepted a token over another signature"
fi
echo "ok  rejected: policypress verify, a token over another signature"
echo "tsa interop: all checks passed"
