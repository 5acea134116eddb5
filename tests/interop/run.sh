#!/usr/bin/env bash
# Checks policypress's transparency output with verifiers no one on this
# project wrote: Go's sumdb/note + sumdb/tlog, @sigstore/verify, and
# openssl. Each must accept the real output (with v1 and v2 artifacts: the
# example site has a late entry) and reject tampered copies.
# Needs: a built policypress (POLICYPRESS, default target/debug/policypress),
# go (GOPATH mode, Debian's golang-golang-x-mod-dev), node with
# tests/interop/js/node_modules installed (npm ci), openssl, jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
pp=${POLICYPRESS:-$repo/target/debug/policypress}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export POLICYPRESS_KEY_PASSWORD=interop-test-password
export XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state

fail() { echo "FAILED: $*"; exit 1; }
expect_fail() { # description, command...
  local what=$1; shift
  if "$@" >"$work/out" 2>&1; then cat "$work/out"; fail "accepted a tampered copy: $what"; fi
  echo "ok  rejected: $what"
}

echo "-- the example site, sealed with a throwaway key"
cp -r content "$work/site-content"
mkdir -p "$work/site" && mv "$work/site-content" "$work/site/content"
printf '\n[transparency]\norigin = "privacy.waterlinie.example/log"\n' >> "$work/site/content/site.toml"
"$pp" keygen --site "$work/site" >/dev/null
"$pp" publish --site "$work/site" --as-of 2026-11-25 >/dev/null
echo "-- and a late entry in a second publish: a policypress.version/v2 artifact"
late=$work/site/content/documents/privacyverklaring/1.5
mkdir -p "$late"
cat > "$late/version.toml" <<'TOML'
published = 2026-11-20
effective = 2020-06-01
material = false
summary = { nl = "Tussentijdse versie.", en = "Interim version." }
late_entry = { nl = "Vastgesteld in 2020, pas nu op deze site gezet.", en = "Adopted in 2020, put on this site only now." }
TOML
printf '## Inleiding\n\nTussentijdse tekst.\n' > "$late/nl.md"
"$pp" publish --site "$work/site" --as-of 2026-11-25 >/dev/null
v2=$(jq -r '.entries[] | select(.version == "1.5") | .artifact' "$work/site/transparency/index.json")
[ "$(jq -r .type "$work/site/transparency/$v2")" = policypress.version/v2 ] || fail "the late entry is not a v2 artifact"
"$pp" build --site "$work/site" --as-of 2026-11-25 --out "$work/public" >/dev/null 2>&1
"$pp" verify "$work/public" >/dev/null || fail "policypress verify"

echo "-- a larger log: more than one level of tiles"
bash bench/gen-site.sh "$work/big" 3 100
"$pp" keygen --site "$work/big" >/dev/null
"$pp" publish --site "$work/big" --as-of 2026-11-25 >/dev/null
# A second publish on top, so old bundles prove against an older checkpoint.
cp "$work/big/transparency/log/checkpoint" "$work/big-old-checkpoint"
bash bench/gen-site.sh "$work/big-more" 1 320
mv "$work/big-more/content/documents/doc-1" "$work/big/content/documents/doc-extra"
"$pp" publish --site "$work/big" --as-of 2026-11-25 >/dev/null

T=$work/public/transparency
B=$work/big/transparency

echo "-- Go: golang.org/x/mod/sumdb/note and sumdb/tlog"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$work/gocache GOPROXY=off \
  go build -o "$work/checklog" ./tests/interop/go/checklog
"$work/checklog" "$T"
"$work/checklog" "$B" "$work/big-old-checkpoint"
tamper() { # copy of $1 in $2 with one byte of file $3 flipped
  rm -rf "$2"; cp -r "$1" "$2"
  python3 - "$2/$3" <<'PY' 2>/dev/null || perl -e 'open(F,"+<",$ARGV[0]);seek(F,int((-s $ARGV[0])/2),0);read(F,$c,1);seek(F,int((-s $ARGV[0])/2),0);print F chr(ord($c)^1);' "$2/$3"
import sys
p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)
PY
}
art=$(jq -r '.entries[3].artifact' "$T/index.json")
tamper "$T" "$work/t-art" "$art"
expect_fail "Go: changed artifact byte" "$work/checklog" "$work/t-art"
tile=$(cd "$B/log" && ls tile/0/000 2>/dev/null || ls tile/0/* | head -1)
tamper "$B" "$work/t-tile" "log/$tile"
expect_fail "Go: changed tile byte" "$work/checklog" "$work/t-tile"
tamper "$B" "$work/t-entries" "log/tile/entries/000"
expect_fail "Go: changed entry bundle byte" "$work/checklog" "$work/t-entries"
rm -rf "$work/t-cp"; cp -r "$T" "$work/t-cp"
sed -i '2s/.*/999/' "$work/t-cp/log/checkpoint"
expect_fail "Go: checkpoint with changed size" "$work/checklog" "$work/t-cp"
expect_fail "Go: old checkpoint of another tree" "$work/checklog" "$B" "$T/log/checkpoint"

echo "-- @sigstore/verify"
node tests/interop/js/verify.js --self-test "$T" | tail -6
node tests/interop/js/verify.js "$B" | tail -1
expect_fail "@sigstore/verify: changed artifact byte" node tests/interop/js/verify.js "$work/t-art"
rm -rf "$work/t-vkey"; cp -r "$T" "$work/t-vkey"; cp "$B/log.vkey" "$work/t-vkey/log.vkey"
expect_fail "@sigstore/verify: another log key" node tests/interop/js/verify.js "$work/t-vkey"

echo "-- openssl dgst -sha256 -verify"
check_openssl() { # dir
  local dir=$1 n=0
  while IFS=$'\t' read -r artifact bundle; do
    jq -r .messageSignature.signature "$dir/$bundle" | base64 -d > "$work/sig.der"
    openssl dgst -sha256 -verify "$dir/publisher.pub" -signature "$work/sig.der" "$dir/$artifact" >/dev/null || return 1
    n=$((n + 1))
  done < <(jq -r '.entries[] | [.artifact, .bundle] | @tsv' "$dir/index.json")
  echo "ok  openssl verified $n signatures in $dir"
}
check_openssl "$T"
check_openssl "$B"
expect_fail "openssl: changed artifact byte" check_openssl "$work/t-art"

echo "-- a proof a reader keeps: the two files a version's page offers, checked apart from the site"
# The links of "Verify this version" on a version's page, saved under the
# names the page gives them, with the two keys the verify page offers.
page=$work/public/nl/documents/privacyverklaring/2.0/index.html
kept=$work/kept
mkdir -p "$kept"
grep -o '<a href="[^"]*" download="[^"]*"' "$page" | sed -E 's/<a href="([^"]*)" download="([^"]*)"/\1 \2/' |
  while read -r href name; do cp "$work/public$href" "$kept/$name"; done
cp "$T/log.vkey" "$T/publisher.pub" "$kept/"
a=$kept/privacyverklaring-2.0.json b=$kept/privacyverklaring-2.0.sigstore.json
[ -f "$a" ] && [ -f "$b" ] || fail "the version page offers no artifact and bundle to download"
"$pp" verify-proof "$a" "$b" --log-key "$kept/log.vkey" --publisher-key "$kept/publisher.pub" | tail -1
node tests/interop/js/verify.js --pair "$a" "$b" "$kept/log.vkey" "$kept/publisher.pub"
jq -r .messageSignature.signature "$b" | base64 -d > "$work/sig.der"
openssl dgst -sha256 -verify "$kept/publisher.pub" -signature "$work/sig.der" "$a"
[ "$(jq -r .messageSignature.messageDigest.digest "$b" | base64 -d | od -An -tx1 | tr -d ' \n')" = "$(sha256sum "$a" | cut -d' ' -f1)" ] ||
  fail "the bundle's digest is not the artifact's SHA-256"
# Each tampering is rejected by all three.
cp "$a" "$work/a-changed"
python3 - "$work/a-changed" <<'PY'
import sys
p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)
PY
expect_fail "verify-proof: changed artifact byte" "$pp" verify-proof "$work/a-changed" "$b" --log-key "$kept/log.vkey" --publisher-key "$kept/publisher.pub"
expect_fail "@sigstore/verify: changed artifact byte (kept pair)" node tests/interop/js/verify.js --pair "$work/a-changed" "$b" "$kept/log.vkey" "$kept/publisher.pub"
expect_fail "openssl: changed artifact byte (kept pair)" openssl dgst -sha256 -verify "$kept/publisher.pub" -signature "$work/sig.der" "$work/a-changed"
other=$kept/privacyverklaring-2.0.notice.json
expect_fail "verify-proof: another artifact with this bundle" "$pp" verify-proof "$other" "$b" --log-key "$kept/log.vkey" --publisher-key "$kept/publisher.pub"
expect_fail "@sigstore/verify: another artifact with this bundle" node tests/interop/js/verify.js --pair "$other" "$b" "$kept/log.vkey" "$kept/publisher.pub"
expect_fail "verify-proof: another log's key" "$pp" verify-proof "$a" "$b" --log-key "$B/log.vkey" --publisher-key "$kept/publisher.pub"
expect_fail "@sigstore/verify: another log's key (kept pair)" node tests/interop/js/verify.js --pair "$a" "$b" "$B/log.vkey" "$kept/publisher.pub"
python3 - "$b" "$work/b-proof" <<'PY'
import base64, json, sys
b = json.load(open(sys.argv[1]))
p = b["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]
h = bytearray(base64.b64decode(p["hashes"][0])); h[0] ^= 1
p["hashes"][0] = base64.b64encode(bytes(h)).decode()
json.dump(b, open(sys.argv[2], "w"), indent=2)
PY
"$pp" verify-proof "$a" "$work/b-proof" --log-key "$kept/log.vkey" --publisher-key "$kept/publisher.pub" >"$work/out" || true
grep -q '^FAILED  inclusion:' "$work/out" || { cat "$work/out"; fail "verify-proof does not name the altered inclusion proof"; }
expect_fail "verify-proof: altered inclusion proof" "$pp" verify-proof "$a" "$work/b-proof" --log-key "$kept/log.vkey" --publisher-key "$kept/publisher.pub"
expect_fail "@sigstore/verify: altered inclusion proof" node tests/interop/js/verify.js --pair "$a" "$work/b-proof" "$kept/log.vkey" "$kept/publisher.pub"

echo "-- policypress verify rejects the same copies"
expect_fail "policypress: changed artifact byte" "$pp" verify "$work/t-art"
expect_fail "policypress: changed tile byte" "$pp" verify "$work/t-tile"
expect_fail "policypress: changed checkpoint" "$pp" verify "$work/t-cp"
rm -rf "$work/t-page"; cp -r "$work/public" "$work/t-page"
sed -i 's/Wie zijn wij?/Wie zijn zij?/' "$work/t-page/nl/documents/privacyverklaring/2.0/index.html"
expect_fail "policypress: changed page text" "$pp" verify "$work/t-page"
echo "interop: all checks passed"
