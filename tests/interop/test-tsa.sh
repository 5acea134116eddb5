# A test timestamp authority for the interop checks and the benchmark:
# a root CA and a TSA certificate (critical extended key usage
# timeStamping) made by openssl, and Debian's `openssl ts -reply` behind a
# small HTTP server on 127.0.0.1, one openssl process per request, side by
# side.
# usage: . tests/interop/test-tsa.sh; start_test_tsa DIR
#   sets tsa (the folder: ca.crt, chain.pem …), url and server (its pid).
start_test_tsa() {
  tsa=$1
  mkdir -p "$tsa"
  (
    cd "$tsa"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
      -days 3650 -subj "/CN=Test Root CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tsa.key -out tsa.csr \
      -subj "/CN=Test TSA" 2>/dev/null
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
signer_cert = TSA_DIR/tsa.crt
certs = TSA_DIR/chain.pem
signer_key = TSA_DIR/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
    sed -i "s|TSA_DIR|$PWD|" tsa.cnf
    cat > serve.py <<'PY'
import http.server, subprocess, sys, tempfile, os, secrets
tsa = os.path.abspath(sys.argv[1])
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body in one write, Nagle off: a body held back until the
    # client's delayed acknowledgement costs 40 ms a request.
    wbufsize = -1
    disable_nagle_algorithm = True
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_response(415); self.send_header("Content-Length", "0"); self.end_headers(); return
        with tempfile.TemporaryDirectory() as d:
            q, r = os.path.join(d, "q.tsq"), os.path.join(d, "r.tsr")
            open(q, "wb").write(body)
            # openssl keeps the serial number in a file of its folder: each
            # request its own folder and a random serial, so requests run
            # side by side.
            open(os.path.join(d, "serial"), "w").write(secrets.token_hex(8) + "\n")
            subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(tsa, "tsa.cnf"),
                            "-queryfile", q, "-out", r], cwd=d, check=True, capture_output=True)
            reply = open(r, "rb").read()
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
  )
  python3 "$tsa/serve.py" "$tsa" > "$tsa/port" &
  server=$!
  for _ in $(seq 100); do [ -s "$tsa/port" ] && break; sleep 0.1; done
  [ -s "$tsa/port" ] || { echo "FAILED: the test TSA did not start"; return 1; }
  url="http://127.0.0.1:$(cat "$tsa/port")/tsr"
}
