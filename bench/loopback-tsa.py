"""A minimal RFC 3161 timestamp authority on 127.0.0.1, for the benchmark.

One Python process answers every request, many at a time (a thread per
connection), so what a token costs is the little work a timestamp needs:
the request parsed, a TSTInfo and its signed attributes encoded, one ECDSA
P-256 (or RSA) signature. Everything that does not change from token to
token (the certificate, the ESS signing certificate attribute, the digest
and signature algorithm identifiers) is encoded once, at start.

Each reply (RFC 3161 §2.4.2, RFC 5652, RFC 5816): status granted; a
SignedData version 3 holding the DER TSTInfo (version 1, the policy, the
request's message imprint, a serial number unique to this authority,
genTime now in UTC to the second, the nonce echoed) and one SignerInfo
(issuer and serial number, SHA-256) whose signed attributes are the content
type id-ct-TSTInfo, the message digest and signingCertificateV2 (the
ESSCertIDv2 of the signing certificate); the signing certificate is carried
when the request sets certReq. A request it cannot answer (another hash
than SHA-256/384/512, a policy that is not its own, extensions) gets a
rejection with the failure info RFC 3161 names.

usage: python loopback-tsa.py --cert TSA.crt --key TSA.key [--policy OID] [--port-file FILE]
Prints the port it listens on (port 0: the system chooses) on stdout.
"""

import argparse
import base64
import datetime
import hashlib
import http.server
import itertools
import os
import sys
import time

from asn1crypto import algos, cms, core, tsp, x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}


class Authority:
    def __init__(self, cert_pem, key_pem, policy):
        self.cert = x509.Certificate.load(pem_to_der(cert_pem))
        self.cert_der = self.cert.dump()
        self.key = serialization.load_pem_private_key(key_pem, password=None)
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            self.sig_alg = algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"})
            self.sign = lambda data: self.key.sign(data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(self.key, rsa.RSAPrivateKey):
            self.sig_alg = algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa", "parameters": None})
            self.sign = lambda data: self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        else:
            sys.exit("loopback-tsa: the key is neither EC nor RSA")
        self.policy = policy
        self.digest_alg = algos.DigestAlgorithm({"algorithm": "sha256"})
        self.sid = cms.SignerIdentifier(
            {
                "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                    {"issuer": self.cert.issuer, "serial_number": self.cert.serial_number}
                )
            }
        )
        # The ESS signing certificate attribute names the certificate by its
        # SHA-256 (RFC 5816 §2.2.1), with its issuer and serial number.
        self.ess = cms.CMSAttribute(
            {
                "type": "signing_certificate_v2",
                "values": [
                    tsp.SigningCertificateV2(
                        {
                            "certs": [
                                tsp.ESSCertIDv2(
                                    {
                                        "cert_hash": hashlib.sha256(self.cert_der).digest(),
                                        "issuer_serial": tsp.IssuerSerial(
                                            {
                                                "issuer": [
                                                    x509.GeneralName({"directory_name": self.cert.issuer})
                                                ],
                                                "serial_number": self.cert.serial_number,
                                            }
                                        ),
                                    }
                                )
                            ]
                        }
                    )
                ],
            }
        )
        self.content_type = cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]})
        # The constant parts, as DER: asn1crypto encodes them once; a token
        # is put together from them and its few own parts (re-encoding the
        # certificate and names with every token would cost ten times the
        # signature).
        self.attrs_constant = [self.content_type.dump(), self.ess.dump()]
        self.digest_alg_der = self.digest_alg.dump()
        self.sid_der = self.sid.dump()
        self.sig_alg_der = self.sig_alg.dump()
        self.oid_message_digest = core.ObjectIdentifier("1.2.840.113549.1.9.4").dump()
        self.oid_signed_data = core.ObjectIdentifier("1.2.840.113549.1.7.2").dump()
        self.oid_tst_info = core.ObjectIdentifier("1.2.840.113549.1.9.16.1.4").dump()
        self.granted = tsp.PKIStatusInfo({"status": "granted"}).dump()
        self.v1 = core.Integer(1).dump()
        self.v3 = core.Integer(3).dump()
        # Serial numbers: a counter that starts at the start time in
        # microseconds, so they stay unique across restarts too;
        # itertools.count is safe to share between threads in CPython.
        self.serials = itertools.count(int(time.time() * 1_000_000))

    def reply(self, body):
        """The DER TimeStampResp for the DER TimeStampReq `body`."""
        try:
            req = tsp.TimeStampReq.load(body, strict=True)
            imprint = req["message_imprint"]
            alg = imprint["hash_algorithm"]["algorithm"].native
            hashed = imprint["hashed_message"].native
            version = req["version"].native
            policy = req["req_policy"].native
            extensions = req["extensions"].native
            nonce = req["nonce"].native
            cert_req = req["cert_req"].native
        except Exception:  # any request asn1crypto cannot read
            return rejection("bad_data_format", "the request is not a DER TimeStampReq")
        if version != "v1":
            return rejection("bad_request", "only TimeStampReq version 1 is known")
        if alg not in DIGEST_SIZES or len(hashed) != DIGEST_SIZES[alg]:
            return rejection("bad_alg", "the message imprint is not SHA-256, SHA-384 or SHA-512")
        if policy is not None and policy != self.policy:
            return rejection("unaccepted_policy", "this authority has one policy: " + self.policy)
        if extensions is not None:
            return rejection("unaccepted_extensions", "this authority takes no extensions")

        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        fields = {
            "version": "v1",
            "policy": self.policy,
            # The request's imprint as it came (its DER, hash algorithm
            # parameters included).
            "message_imprint": tsp.MessageImprint.load(imprint.dump()),
            "serial_number": next(self.serials),
            "gen_time": now,
            "accuracy": {"seconds": 1},
        }
        if nonce is not None:
            fields["nonce"] = nonce
        tst_der = tsp.TSTInfo(fields).dump()

        message_digest = tlv(
            0x30,
            self.oid_message_digest + tlv(0x31, tlv(0x04, hashlib.sha256(tst_der).digest())),
        )
        # DER orders a SET OF by the encodings (X.690 §11.6). The signature
        # is over the attributes as a SET OF (RFC 5652 §5.4); in the
        # SignerInfo they carry the [0] tag instead.
        attrs = b"".join(sorted(self.attrs_constant + [message_digest]))
        signature = self.sign(tlv(0x31, attrs))
        signer = tlv(
            0x30,
            self.v1
            + self.sid_der
            + self.digest_alg_der
            + tlv(0xA0, attrs)
            + self.sig_alg_der
            + tlv(0x04, signature),
        )
        signed_data = tlv(
            0x30,
            self.v3
            + tlv(0x31, self.digest_alg_der)
            + tlv(0x30, self.oid_tst_info + tlv(0xA0, tlv(0x04, tst_der)))
            + (tlv(0xA0, self.cert_der) if cert_req else b"")
            + tlv(0x31, signer),
        )
        token = tlv(0x30, self.oid_signed_data + tlv(0xA0, signed_data))
        return tlv(0x30, self.granted + token)


def tlv(tag, value):
    """One DER element: a one-byte tag, the definite length, the value."""
    n = len(value)
    if n < 0x80:
        return bytes((tag, n)) + value
    length = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + value


class Response(core.Sequence):
    """TimeStampResp (RFC 3161 §2.4.2), whose token is absent when the
    request is rejected (asn1crypto's own requires it)."""

    _fields = [
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


def rejection(failure, text):
    return Response(
        {
            "status": {
                "status": "rejection",
                "status_string": [text],
                "fail_info": tsp.PKIFailureInfo({failure}),
            }
        }
    ).dump()


def pem_to_der(pem):
    lines = pem.decode("ascii").splitlines()
    start = lines.index("-----BEGIN CERTIFICATE-----")
    end = lines.index("-----END CERTIFICATE-----", start)
    return base64.b64decode("".join(lines[start + 1 : end]))


def handler(authority):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # The answer goes out as one write (headers and body buffered, sent
        # when the request is done) with Nagle's algorithm off: a reply
        # whose body waited for the client's delayed acknowledgement
        # (40 ms) would time the network stack, not the authority.
        wbufsize = -1
        disable_nagle_algorithm = True

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > 64 * 1024:
                self.answer(413, "text/plain", b"too large\n")
                return
            body = self.rfile.read(length)
            if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/timestamp-query":
                self.answer(415, "text/plain", b"expected application/timestamp-query\n")
                return
            self.answer(200, "application/timestamp-reply", authority.reply(body))

        def answer(self, code, content_type, body):
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def main():
    p = argparse.ArgumentParser(description="A minimal RFC 3161 timestamp authority on 127.0.0.1")
    p.add_argument("--cert", required=True, help="the TSA certificate (PEM)")
    p.add_argument("--key", required=True, help="its private key (PEM, unencrypted)")
    p.add_argument("--policy", default="1.2.3.4.1", help="the TSA policy OID")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file", help="also write the port to this file")
    a = p.parse_args()
    with open(a.cert, "rb") as f:
        cert = f.read()
    with open(a.key, "rb") as f:
        key = f.read()
    authority = Authority(cert, key, a.policy)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), handler(authority))
    server.daemon_threads = True
    port = server.server_address[1]
    print(port, flush=True)
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(a.port_file + ".tmp", a.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
