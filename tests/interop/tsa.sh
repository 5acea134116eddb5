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

echo "-- a test TSA: root CA, TSA certificate with critical timeStamping"
tsa=$work/tsa
mkdir -p "$tsa"
(
  cd "$tsa"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
    -days 3650 -subj "/CN=Interop Test Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tsa.key -out tsa.csr \
    -subj "/CN=Interop Test TSA" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n' > ext.cnf
  openssl x509 -req -in tsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tsa.crt -days 3650 \
    -extfile ext.cnf 2>/dev/null
  cat tsa.crt ca.crt > chain.pem
  echo 01 > serial
  cat > tsa.cnf <<'CNF'
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.crt
certs = ./chain.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
)

echo "-- served over HTTP on 127.0.0.1"
cat > "$work/serve.py" <<'PY'
import http.server, subprocess, sys, threading, os
lock = threading.Lock()
tsa = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_response(415); self.send_header("Content-Length", "0"); self.end_headers(); return
        with lock:
            open(os.path.join(tsa, "q.tsq"), "wb").write(body)
            subprocess.run(["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", "q.tsq",
                            "-out", "r.tsr"], cwd=tsa, check=True, capture_output=True)
            reply = open(os.path.join(tsa, "r.tsr"), "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$work/serve.py" "$tsa" > "$work/port" &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
[ -n "$port" ] || fail "the test TSA did not start"
url="http://127.0.0.1:$port/tsr"

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
