//! Trusted time: RFC 3161 timestamp tokens from the timestamp authorities
//! a site names, asked for by `publish` and checked by `verify` against the
//! certificate chains committed under `transparency/tsa/`.
//!
//! A token is a CMS SignedData (RFC 5652) over a TSTInfo. It is checked to
//! the letter of RFC 3161 §2.4.2 and RFC 5816: its TSTInfo's message imprint
//! is the SHA-256 of the signature it stamps; the signed attributes carry the
//! TSTInfo content type, its digest, and an ESS signing certificate naming
//! the certificate that signed; that certificate verifies the signature,
//! chains to a committed root, has the critical extended key usage
//! timeStamping, and was valid at the token's `genTime`.
//!
//! The ASN.1 of the protocol (TimeStampReq, TimeStampResp, TSTInfo) is
//! declared here with `der`'s derive: the `x509-tsp` crate that declares
//! it is built on an older `der` and `cms` than the rest of the tree.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912;
use der::asn1::{Any, Int, OctetString};
use der::{Decode, Encode, Sequence, Tagged};
use rustls_pki_types::{CertificateDer, SignatureVerificationAlgorithm, UnixTime};
use sha2::Digest;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::spki::AlgorithmIdentifierOwned;

/// Where the TSAs' certificate chains are committed, below `transparency/`.
pub const DIR: &str = "tsa";
/// The most bytes read from a TSA's answer: a token with its chain is a
/// few KiB; a TSA that sends more is answering badly.
pub const MAX_RESPONSE: u64 = 256 << 10;
/// The most bytes of one committed chain file.
pub const MAX_CHAIN_FILE: u64 = 256 << 10;
/// How long one request to a TSA may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const ID_KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-kp-timeStamping as the content octets of its DER encoding.
const TIME_STAMPING_OID_VALUE: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08];

// ------------------------------------------------------------ ASN.1

/// `MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier,
/// hashedMessage OCTET STRING }`
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// `TimeStampReq` (RFC 3161 §2.4.1), without the fields policypress does
/// not send.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    #[asn1(optional = "true")]
    req_policy: Option<ObjectIdentifier>,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(default = "Default::default")]
    cert_req: bool,
}

/// `TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken
/// TimeStampToken OPTIONAL }`, the token kept as it was sent.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct TimeStampResp {
    status: PkiStatusInfoAny,
    #[asn1(optional = "true")]
    time_stamp_token: Option<Any>,
}

/// `PKIStatusInfo ::= SEQUENCE { status INTEGER, statusString PKIFreeText
/// OPTIONAL, failInfo PKIFailureInfo OPTIONAL }`, with its free text kept undecoded (it may be in any string
/// type a TSA chooses; only the number decides).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct PkiStatusInfoAny {
    status: Int,
    #[asn1(optional = "true")]
    status_string: Option<Any>,
    #[asn1(optional = "true")]
    fail_info: Option<der::asn1::BitString>,
}

/// `Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER
/// OPTIONAL, micros [1] INTEGER OPTIONAL }`
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct Accuracy {
    #[asn1(optional = "true")]
    seconds: Option<u64>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    millis: Option<u16>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    micros: Option<u16>,
}

/// `TSTInfo` (RFC 3161 §2.4.2). `genTime` is kept as it was sent: it may
/// carry fractions of a second, which DER's GeneralizedTime type refuses.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct TstInfo {
    version: u8,
    policy: ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: Any,
    #[asn1(optional = "true")]
    accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    ordering: bool,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<x509_cert::ext::Extensions>,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT
/// sha256, certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }`
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2,
/// policies SEQUENCE OF PolicyInformation OPTIONAL }`
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// `ESSCertID ::= SEQUENCE { certHash OCTET STRING (SHA-1),
/// issuerSerial IssuerSerial OPTIONAL }`
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct EssCertId {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// `SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID,
/// policies SEQUENCE OF PolicyInformation OPTIONAL }`
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    }
}

// ------------------------------------------------------------ asking

/// A request for a token over `signature`: its DER and its nonce.
pub fn request(signature: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut nonce = [0u8; 16];
    getrandom::fill(&mut nonce).expect("bug: the system has no random numbers");
    // A positive INTEGER of at most 64 bits, as many TSAs accept no more.
    nonce[8] &= 0x7f;
    nonce[8] |= 0x01;
    let nonce_int = Int::new(&nonce[8..]).expect("bug: a 64-bit nonce is an INTEGER");
    let req = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            hash_algorithm: sha256_alg(),
            hashed_message: OctetString::new(sha2::Sha256::digest(signature).to_vec())
                .expect("bug: a digest is an OCTET STRING"),
        },
        req_policy: None,
        nonce: Some(nonce_int.clone()),
        cert_req: true,
    };
    (
        req.to_der().expect("bug: a request always encodes"),
        nonce_int.as_bytes().to_vec(),
    )
}

/// Asks the TSA at `url` for a token over `signature`, checks the answer
/// (DER, status granted, the nonce sent, a token that verifies against
/// `trust`), and returns it: the DER TimeStampResp, which is what a
/// Sigstore bundle's `signedTimestamp` holds (bundle protobuf-specs:
/// "the DER encoded TimeStampResponse").
pub fn obtain(
    agent: &ureq::Agent,
    url: &str,
    signature: &[u8],
    trust: &Trust,
) -> Result<(Vec<u8>, Stamp), String> {
    let (body, nonce) = request(signature);
    let mut resp = agent
        .post(url)
        .header("Content-Type", "application/timestamp-query")
        .header("Accept", "application/timestamp-reply")
        .send(&body[..])
        .map_err(|e| format!("cannot reach the timestamp authority {url}: {e}"))?;
    let status = resp.status().as_u16();
    if status != 200 {
        return Err(format!(
            "the timestamp authority {url} answered HTTP {status}"
        ));
    }
    let mut bytes = Vec::new();
    resp.body_mut()
        .as_reader()
        .take(MAX_RESPONSE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading the answer of the timestamp authority {url}: {e}"))?;
    if bytes.len() as u64 > MAX_RESPONSE {
        return Err(format!(
            "the timestamp authority {url} answered more than {MAX_RESPONSE} bytes"
        ));
    }
    let token = token_from_response(&bytes)
        .map_err(|e| format!("the timestamp authority {url} answered badly: {e}"))?;
    let checked = check(&token, signature, trust)
        .map_err(|e| format!("the timestamp authority {url} sent a token that {e}"))?;
    if checked.nonce.as_deref() != Some(&nonce[..]) {
        return Err(format!(
            "the timestamp authority {url} answered with another nonce than was sent"
        ));
    }
    Ok((bytes, checked.stamp))
}

/// How many requests are sent to the authorities at once.
pub const PARALLEL_REQUESTS: usize = 8;

/// A token from every authority in `urls` for every signature, asked for
/// [`PARALLEL_REQUESTS`] at a time; the first failure stops the rest and is
/// the error. `out[i]` holds the tokens for `signatures[i]`, in `urls`
/// order.
pub fn obtain_all(
    urls: &[String],
    trust: &Trust,
    signatures: &[&[u8]],
) -> Result<Vec<Vec<Vec<u8>>>, String> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let jobs = signatures.len() * urls.len();
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Vec<u8>>>> = Mutex::new(vec![None; jobs]);
    let first_error: Mutex<Option<(usize, String)>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..PARALLEL_REQUESTS.min(jobs) {
            s.spawn(|| {
                loop {
                    let job = next.fetch_add(1, Ordering::Relaxed);
                    if job >= jobs || failed.load(Ordering::Relaxed) {
                        return;
                    }
                    let (sig, url) = (job / urls.len(), job % urls.len());
                    match obtain(&agent, &urls[url], signatures[sig], trust) {
                        Ok((token, _)) => {
                            results.lock().expect("bug: a request panicked")[job] = Some(token)
                        }
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            let mut first = first_error.lock().expect("bug: a request panicked");
                            if first.as_ref().is_none_or(|(j, _)| job < *j) {
                                *first = Some((job, e));
                            }
                            return;
                        }
                    }
                }
            });
        }
    });
    if let Some((_, e)) = first_error.into_inner().expect("bug: a request panicked") {
        return Err(e);
    }
    let mut flat = results
        .into_inner()
        .expect("bug: a request panicked")
        .into_iter();
    Ok(signatures
        .iter()
        .map(|_| {
            (0..urls.len())
                .map(|_| {
                    flat.next()
                        .flatten()
                        .expect("bug: every request was answered")
                })
                .collect()
        })
        .collect())
}

/// Checks a TimeStampResp (as a bundle holds it) over `signature`: its
/// token, see [`check`]. The error completes "the timestamp …".
pub fn check_response(resp: &[u8], signature: &[u8], trust: &Trust) -> Result<Checked, String> {
    let token = token_from_response(resp).map_err(|e| format!("is {e}"))?;
    check(&token, signature, trust)
}

/// The `genTime` a TimeStampResp says, without checking it: what `build`
/// shows of the site's own bundles (`verify` checks them).
pub fn gen_time_unchecked(resp: &[u8]) -> Option<i64> {
    let token = token_from_response(resp).ok()?;
    let ci = ContentInfo::from_der(&token).ok()?;
    let sd: SignedData = ci.content.decode_as().ok()?;
    let econtent = sd.encap_content_info.econtent?;
    let tst = OctetString::from_der(&econtent.to_der().ok()?).ok()?;
    gen_time(&TstInfo::from_der(tst.as_bytes()).ok()?.gen_time).ok()
}

/// The token of a DER TimeStampResp, when its status is granted (0) or
/// granted with modifications (1).
pub fn token_from_response(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let resp = TimeStampResp::from_der(bytes).map_err(|e| format!("not a TimeStampResp ({e})"))?;
    if resp.to_der().ok().as_deref() != Some(bytes) {
        return Err("not a DER TimeStampResp".into());
    }
    let status = resp.status.status.as_bytes();
    if !matches!(status, [0] | [1]) {
        return Err(format!(
            "it refused the request (PKIStatus {})",
            status.iter().fold(0u64, |n, b| n << 8 | u64::from(*b))
        ));
    }
    let token = resp
        .time_stamp_token
        .ok_or("it granted the request but sent no token")?;
    token.to_der().map_err(|e| e.to_string())
}

// ------------------------------------------------------------ trust

/// One TSA's committed certificate chain: `transparency/tsa/<name>.pem`,
/// its certificates in PEM, the TSA's own first and its root last.
#[derive(Debug, Clone)]
pub struct Authority {
    /// The file's name without `.pem`.
    pub name: String,
    /// DER of each certificate, in file order.
    pub certs: Vec<Vec<u8>>,
}

/// The committed TSAs a token may chain to.
#[derive(Debug, Default)]
pub struct Trust {
    pub authorities: Vec<Authority>,
    /// The chains that verified, so that each TSA certificate's chain is
    /// built and checked once however many tokens it signed.
    chains: ChainCache,
    /// What a signing certificate is, whatever token it signed: see
    /// [`Trust::signer_facts`].
    signers: SignerCache,
}

/// [`Trust::signer_facts`] of each signing certificate met, by its key.
type SignerCache =
    std::sync::RwLock<std::collections::HashMap<[u8; 32], Result<Vec<usize>, String>>>;

impl Trust {
    /// Trusts the tokens that chain to one of `authorities`.
    pub fn new(authorities: Vec<Authority>) -> Trust {
        Trust {
            authorities,
            chains: ChainCache::default(),
            signers: Default::default(),
        }
    }

    /// Of a signing certificate: that it has (only) the critical
    /// timeStamping key usage, and the committed chains (indexes into
    /// `authorities`) that hold it or its issuer. The same for every token
    /// it signed, so worked out once; keyed by the certificate's SHA-256
    /// and the number of authorities.
    fn signer_facts(&self, signer: &[u8]) -> Result<Vec<usize>, String> {
        let key: [u8; 32] = sha2::Sha256::new()
            .chain_update((self.authorities.len() as u64).to_be_bytes())
            .chain_update(signer)
            .finalize()
            .into();
        if let Some(known) = self
            .signers
            .read()
            .expect("bug: a token check panicked")
            .get(&key)
        {
            return known.clone();
        }
        let facts = check_critical_time_stamping(signer).and_then(|()| {
            let issuer = Certificate::from_der(signer)
                .map_err(|e| format!("has a malformed certificate ({e})"))?
                .tbs_certificate()
                .issuer()
                .clone();
            Ok(self
                .authorities
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    a.certs.iter().any(|c| {
                        c == signer
                            || Certificate::from_der(c)
                                .is_ok_and(|c| *c.tbs_certificate().subject() == issuer)
                    })
                })
                .map(|(k, _)| k)
                .collect())
        });
        self.signers
            .write()
            .expect("bug: a token check panicked")
            .insert(key, facts.clone());
        facts
    }
}

impl Clone for Trust {
    fn clone(&self) -> Trust {
        Trust::new(self.authorities.clone())
    }
}

/// A chain that verified: from a signing certificate, with the
/// certificates a token carried, to the root of one committed chain. The
/// key is the SHA-256 of all of them (see [`chain_key`]), so a token that
/// carries another certificate, or a chain committed anew, never meets
/// what was verified for another; the value is the span of time in which
/// every certificate of the verified path is valid, the one part of the
/// chain's check that depends on the token (its `genTime`).
#[derive(Debug, Default)]
struct ChainCache(std::sync::RwLock<std::collections::HashMap<[u8; 32], Validity>>);

/// Seconds since 1970, both ends included, as webpki compares them.
#[derive(Debug, Clone, Copy)]
struct Validity {
    not_before: u64,
    not_after: u64,
}

impl Validity {
    fn holds(&self, at: UnixTime) -> bool {
        let t = at.as_secs();
        self.not_before <= t && t <= self.not_after
    }
}

/// What a verified chain depends on: the signing certificate, the
/// certificates the token carried, and the committed chain (its root
/// last), each with its length.
fn chain_key(signer: &[u8], carried: &[Vec<u8>], committed: &Authority) -> [u8; 32] {
    let mut h = sha2::Sha256::new();
    let mut part = |tag: u8, bytes: &[u8]| {
        h.update([tag]);
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    part(0, signer);
    for c in carried {
        part(1, c);
    }
    part(2, committed.name.as_bytes());
    for c in &committed.certs {
        part(3, c);
    }
    h.finalize().into()
}

/// The span in which every certificate of a verified path is valid: the
/// end entity and each intermediate (webpki checks no validity of the
/// trust anchor).
fn path_validity(path: &webpki::VerifiedPath<'_>) -> Option<Validity> {
    let mut v = Validity {
        not_before: 0,
        not_after: u64::MAX,
    };
    let ders = std::iter::once(path.end_entity().der())
        .chain(path.intermediate_certificates().map(|c| c.der()));
    for der in ders {
        let cert = Certificate::from_der(&der).ok()?;
        let validity = cert.tbs_certificate().validity();
        v.not_before = v
            .not_before
            .max(validity.not_before.to_unix_duration().as_secs());
        v.not_after = v
            .not_after
            .min(validity.not_after.to_unix_duration().as_secs());
    }
    Some(v)
}

/// The file name under [`DIR`] for a TSA's URL: its host, and its port
/// after `_` when it has one, then `.pem`; e.g. `https://tsa.example:8443/x`
/// → `tsa.example_8443.pem`.
pub fn file_name(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?.to_ascii_lowercase();
    if host_port.is_empty() {
        return None;
    }
    let name: String = host_port
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '.' | '-' => c,
            _ => '_',
        })
        .collect();
    let name = name.trim_matches('_').to_string();
    (!name.is_empty() && !name.starts_with('.')).then(|| format!("{name}.pem"))
}

/// Reads the PEM certificates of a chain file.
pub fn parse_chain(name: &str, pem: &[u8]) -> Result<Authority, String> {
    let text = std::str::from_utf8(pem).map_err(|_| "is not PEM text".to_string())?;
    let mut certs = Vec::new();
    let mut rest = text;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    while let Some(start) = rest.find(BEGIN) {
        let after = &rest[start..];
        let end = after
            .find(END)
            .ok_or("has a certificate without its END line")?
            + END.len();
        let (_, der) = der::pem::decode_vec(&after.as_bytes()[..end])
            .map_err(|e| format!("has a certificate that is not PEM ({e})"))?;
        Certificate::from_der(&der)
            .map_err(|e| format!("has a certificate that is not X.509 ({e})"))?;
        certs.push(der);
        rest = &after[end..];
    }
    if certs.is_empty() {
        return Err("holds no certificate".into());
    }
    Ok(Authority {
        name: name.to_string(),
        certs,
    })
}

impl Trust {
    /// Reads every `*.pem` of `dir` (a missing folder is no TSA).
    pub fn load(dir: &Path) -> Result<Trust, String> {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return Ok(Trust::default());
        };
        let mut names: Vec<_> = rd
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".pem") && !n.starts_with('.'))
            .collect();
        names.sort();
        let mut authorities = Vec::new();
        for n in names {
            let p = dir.join(&n);
            let bytes = read_capped(&p, MAX_CHAIN_FILE)?;
            let a = parse_chain(n.trim_end_matches(".pem"), &bytes)
                .map_err(|e| format!("{} {e}", p.display()))?;
            authorities.push(a);
        }
        Ok(Trust::new(authorities))
    }
}

fn read_capped(p: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let f = std::fs::File::open(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    let mut bytes = Vec::new();
    f.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    if bytes.len() as u64 > cap {
        return Err(format!("{} is larger than {cap} bytes", p.display()));
    }
    Ok(bytes)
}

// ------------------------------------------------------------ checking

/// When a token says its signature existed, and who says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// `genTime`, in seconds since 1970 (fractions dropped).
    pub unix: i64,
    /// The committed chain it verified against ([`Authority::name`]).
    pub authority: String,
}

impl Stamp {
    /// The time as `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn rfc3339(&self) -> String {
        time::OffsetDateTime::from_unix_timestamp(self.unix)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_else(|| self.unix.to_string())
    }

    /// The day (UTC) it was stamped.
    pub fn date(&self) -> Option<time::Date> {
        time::OffsetDateTime::from_unix_timestamp(self.unix)
            .ok()
            .map(|t| t.date())
    }
}

/// A token that verified, with its nonce for `publish` to compare.
#[derive(Debug)]
pub struct Checked {
    pub stamp: Stamp,
    pub nonce: Option<Vec<u8>>,
}

/// Checks a token (a DER ContentInfo) over `signature` against `trust`.
/// The error completes "the token …".
pub fn check(token: &[u8], signature: &[u8], trust: &Trust) -> Result<Checked, String> {
    let ci = ContentInfo::from_der(token).map_err(|e| format!("is not a CMS ContentInfo ({e})"))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err("is not CMS SignedData".into());
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| format!("is not CMS SignedData ({e})"))?;
    if sd.version != cms::content_info::CmsVersion::V3 {
        return Err("is not a SignedData version 3 (RFC 5652 §5.1)".into());
    }
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err("does not hold a TSTInfo".into());
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("holds no TSTInfo")?;
    let tst_der = OctetString::from_der(&econtent.to_der().map_err(|e| e.to_string())?)
        .map_err(|_| "holds a TSTInfo that is not an OCTET STRING".to_string())?;
    let tst = TstInfo::from_der(tst_der.as_bytes())
        .map_err(|e| format!("holds a TSTInfo that does not decode ({e})"))?;
    if tst.to_der().ok().as_deref() != Some(tst_der.as_bytes()) {
        return Err("holds a TSTInfo that is not DER".into());
    }
    if tst.version != 1 {
        return Err(format!("is a TSTInfo version {}, not 1", tst.version));
    }
    let imprint = &tst.message_imprint;
    let expected = digest(&imprint.hash_algorithm.oid, signature)
        .ok_or("uses a message imprint hash other than SHA-256, SHA-384 or SHA-512")?;
    if imprint.hashed_message.as_bytes() != expected.as_slice() {
        return Err(
            "is over another signature: its message imprint is not this signature's hash".into(),
        );
    }
    let unix = gen_time(&tst.gen_time)?;
    let [signer] = sd.signer_infos.0.as_slice() else {
        return Err(format!(
            "has {} signers, expected 1",
            sd.signer_infos.0.len()
        ));
    };
    let sid_version = match signer.sid {
        SignerIdentifier::IssuerAndSerialNumber(_) => cms::content_info::CmsVersion::V1,
        SignerIdentifier::SubjectKeyIdentifier(_) => cms::content_info::CmsVersion::V3,
    };
    if signer.version != sid_version {
        return Err("has a SignerInfo of the wrong version (RFC 5652 §5.3)".into());
    }
    let null_or_absent = |p: &Option<Any>| {
        p.as_ref()
            .is_none_or(|p| p.tag() == der::Tag::Null && p.value().is_empty())
    };
    if !null_or_absent(&signer.digest_alg.parameters)
        || sd.digest_algorithms.len() != 1
        || sd.digest_algorithms.iter().next() != Some(&signer.digest_alg)
    {
        return Err("has digest algorithms that are not its signer's".into());
    }
    let attrs_der = check_signed_attributes(signer, tst_der.as_bytes())?;
    // The certificates the token carries: the signer's is among them, and
    // each must be in the committed chain it is verified against.
    let mut carried: Vec<Vec<u8>> = Vec::new();
    if let Some(set) = &sd.certificates {
        for c in set.0.iter() {
            if let CertificateChoices::Certificate(cert) = c {
                carried.push(cert.to_der().map_err(|e| e.to_string())?);
            }
        }
    }
    let signer_der = find_signer(&signer.sid, &carried)?;
    check_ess(signer, &signer_der)?;
    // Its critical timeStamping usage, and the committed chains that hold
    // it or its issuer: with none, the token is from an unknown TSA,
    // whatever else it carries.
    let candidates: Vec<&Authority> = trust
        .signer_facts(&signer_der)?
        .into_iter()
        .filter_map(|k| trust.authorities.get(k))
        .collect();
    let ee_der = CertificateDer::from(signer_der.as_slice());
    let ee = webpki::EndEntityCert::try_from(&ee_der)
        .map_err(|e| format!("is signed by a certificate webpki cannot read ({e:?})"))?;
    let alg = signature_algorithms(signer)?;
    if !alg.iter().any(|a| {
        ee.verify_signature(*a, &attrs_der, signer.signature.as_bytes())
            .is_ok()
    }) {
        return Err("does not verify: its signature is not the TSA certificate's".into());
    }
    let at = UnixTime::since_unix_epoch(Duration::from_secs(u64::try_from(unix).unwrap_or(0)));
    let mut last_err = None;
    let mut carried_other = None;
    for a in candidates {
        let Some(root) = a.certs.last() else {
            continue;
        };
        let root_der = CertificateDer::from(root.as_slice());
        let Ok(anchor) = webpki::anchor_from_trusted_cert(&root_der) else {
            continue;
        };
        let intermediates: Vec<CertificateDer<'_>> = a.certs[..a.certs.len() - 1]
            .iter()
            .chain(&carried)
            .filter(|c| c.as_slice() != signer_der.as_slice())
            .map(|c| CertificateDer::from(c.as_slice()))
            .collect();
        // What the token carries is not signed: it must be what is
        // committed, so a token changed anywhere is refused.
        if let Some(c) = carried.iter().find(|c| !a.certs.contains(c)) {
            let _ = c;
            last_err = None;
            carried_other = Some(a.name.clone());
            continue;
        }
        let key = chain_key(&signer_der, &carried, a);
        let known = trust
            .chains
            .0
            .read()
            .expect("bug: a chain check panicked")
            .get(&key)
            .copied();
        let verified = match known {
            Some(v) if v.holds(at) => Ok(()),
            // Not verified yet, or verified for another time: the whole
            // check, as for a first token.
            _ => ee
                .verify_for_usage(
                    webpki::ALL_VERIFICATION_ALGS,
                    std::slice::from_ref(&anchor),
                    &intermediates,
                    at,
                    webpki::KeyUsage::required_if_present(TIME_STAMPING_OID_VALUE),
                    None,
                    None,
                )
                .map(|path| {
                    if let Some(v) = path_validity(&path) {
                        trust
                            .chains
                            .0
                            .write()
                            .expect("bug: a chain check panicked")
                            .insert(key, v);
                    }
                }),
        };
        match verified {
            Ok(()) => {
                return Ok(Checked {
                    stamp: Stamp {
                        unix,
                        authority: a.name.clone(),
                    },
                    nonce: tst.nonce.map(|n| n.as_bytes().to_vec()),
                });
            }
            Err(e) => last_err = Some(e),
        }
    }
    if let (None, Some(name)) = (&last_err, carried_other) {
        return Err(format!(
            "carries a certificate that is not in {DIR}/{name}.pem: it was altered, or that chain is incomplete"
        ));
    }
    Err(match last_err {
        Some(webpki::Error::CertExpired { .. } | webpki::Error::CertNotValidYet { .. }) => {
            "was made outside the validity of its TSA certificate".into()
        }
        Some(webpki::Error::RequiredEkuNotFoundContext(_)) => {
            "has a certificate in its chain that is not for timestamping".into()
        }
        Some(webpki::Error::UnknownIssuer) | None => {
            "comes from a timestamp authority whose certificates are not in transparency/tsa/"
                .into()
        }
        Some(e) => format!("does not chain to a committed TSA certificate ({e:?})"),
    })
}

fn digest(alg: &ObjectIdentifier, data: &[u8]) -> Option<Vec<u8>> {
    Some(match *alg {
        ID_SHA256 => sha2::Sha256::digest(data).to_vec(),
        ID_SHA384 => sha2::Sha384::digest(data).to_vec(),
        ID_SHA512 => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

/// `genTime` as seconds since 1970: `YYYYMMDDhhmmss[.f*]Z`, as RFC 3161
/// §2.4.2 allows it (no trailing zero in the fraction).
fn gen_time(any: &Any) -> Result<i64, String> {
    if any.tag() != der::Tag::GeneralizedTime {
        return Err("has a genTime that is not a GeneralizedTime".into());
    }
    let bad = || "has a malformed genTime".to_string();
    let s = std::str::from_utf8(any.value()).map_err(|_| bad())?;
    let s = s.strip_suffix('Z').ok_or_else(bad)?;
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.len() != 14
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || (s.contains('.') && (frac.is_empty() || frac.ends_with('0')))
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| whole[r].parse::<u32>().map_err(|_| bad());
    let month =
        time::Month::try_from(u8::try_from(n(4..6)?).map_err(|_| bad())?).map_err(|_| bad())?;
    let date = time::Date::from_calendar_date(n(0..4)? as i32, month, n(6..8)? as u8)
        .map_err(|_| bad())?;
    let t = time::Time::from_hms(n(8..10)? as u8, n(10..12)? as u8, n(12..14)? as u8)
        .map_err(|_| bad())?;
    Ok(time::PrimitiveDateTime::new(date, t)
        .assume_utc()
        .unix_timestamp())
}

/// The signed attributes (RFC 5652 §5.4, RFC 3161 §2.4.2): the content type
/// is id-ct-TSTInfo and the message digest is the TSTInfo's. Returns their
/// DER as a SET OF, the bytes the signature is over.
fn check_signed_attributes(signer: &SignerInfo, tst: &[u8]) -> Result<Vec<u8>, String> {
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or("has no signed attributes")?;
    let one = |oid: ObjectIdentifier, what: &str| -> Result<&Any, String> {
        let mut found = attrs.iter().filter(|a| a.oid == oid);
        let a = found
            .next()
            .ok_or_else(|| format!("has no {what} attribute"))?;
        if found.next().is_some() || a.values.len() != 1 {
            return Err(format!("has more than one {what}"));
        }
        Ok(a.values.iter().next().expect("bug: one value was counted"))
    };
    let ct = one(ID_CONTENT_TYPE, "content type")?
        .decode_as::<ObjectIdentifier>()
        .map_err(|_| "has a content type attribute that is not an OID".to_string())?;
    if ct != ID_CT_TST_INFO {
        return Err("has signed attributes for another content type".into());
    }
    let md = one(ID_MESSAGE_DIGEST, "message digest")?
        .decode_as::<OctetString>()
        .map_err(|_| "has a message digest attribute that is not an OCTET STRING".to_string())?;
    let want = digest(&signer.digest_alg.oid, tst)
        .ok_or("uses a digest algorithm other than SHA-256, SHA-384 or SHA-512")?;
    if md.as_bytes() != want.as_slice() {
        return Err("was altered: its TSTInfo is not what the TSA signed".into());
    }
    attrs.to_der().map_err(|e| e.to_string())
}

/// The certificate `sid` names, among those the token carries: asked for
/// with `certReq`, a token carries its TSA's certificate (RFC 3161 §2.4.1).
fn find_signer(sid: &SignerIdentifier, carried: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    for der in carried {
        let Ok(cert) = Certificate::from_der(der) else {
            continue;
        };
        let tbs = cert.tbs_certificate();
        let hit = match sid {
            SignerIdentifier::IssuerAndSerialNumber(is) => {
                *tbs.issuer() == is.issuer && *tbs.serial_number() == is.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
                .get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
                .ok()
                .flatten()
                .is_some_and(|(_, k)| k == *ski),
        };
        if hit {
            return Ok(der.clone());
        }
    }
    Err(
        "does not carry the certificate that signed it, as RFC 3161 asks when certReq is set"
            .into(),
    )
}

/// The ESS signing certificate attribute (RFC 5816, RFC 2634) names the
/// certificate that signed, by its hash: the first ESSCertID is the signer's.
fn check_ess(signer: &SignerInfo, cert: &[u8]) -> Result<(), String> {
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or("has no signed attributes")?;
    let value = |oid| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    if let Some(v) = value(ID_SIGNING_CERTIFICATE_V2) {
        let sc: SigningCertificateV2 = v
            .decode_as()
            .map_err(|_| "has a malformed signing certificate attribute".to_string())?;
        let first = sc.certs.first().ok_or("names no signing certificate")?;
        let alg = first.hash_algorithm.as_ref().map_or(ID_SHA256, |a| a.oid);
        let want = digest(&alg, cert).ok_or("names its certificate by an unknown hash")?;
        if first.cert_hash.as_bytes() != want.as_slice() {
            return Err(
                "is signed by another certificate than its signing certificate attribute names"
                    .into(),
            );
        }
        return Ok(());
    }
    if let Some(v) = value(ID_SIGNING_CERTIFICATE) {
        let sc: SigningCertificate = v
            .decode_as()
            .map_err(|_| "has a malformed signing certificate attribute".to_string())?;
        let first = sc.certs.first().ok_or("names no signing certificate")?;
        let want = sha1::Sha1::digest(cert);
        if first.cert_hash.as_bytes() != want.as_slice() {
            return Err(
                "is signed by another certificate than its signing certificate attribute names"
                    .into(),
            );
        }
        return Ok(());
    }
    let _ = ID_SHA1;
    Err("has no signing certificate attribute (RFC 3161 §2.4.1)".into())
}

/// RFC 3161 §2.3: the TSA's certificate has exactly one extended key
/// usage, timeStamping, and the extension is critical.
fn check_critical_time_stamping(cert: &[u8]) -> Result<(), String> {
    let cert =
        Certificate::from_der(cert).map_err(|e| format!("has a malformed certificate ({e})"))?;
    let eku = cert
        .tbs_certificate()
        .get_extension::<x509_cert::ext::pkix::ExtendedKeyUsage>()
        .map_err(|_| {
            "is signed by a certificate with a malformed extended key usage".to_string()
        })?;
    match eku {
        Some((true, ku)) if ku.0 == [ID_KP_TIME_STAMPING] => Ok(()),
        Some((false, _)) => {
            Err("is signed by a certificate whose timeStamping key usage is not critical".into())
        }
        _ => Err("is signed by a certificate without (only) the timeStamping key usage".into()),
    }
}

/// The webpki algorithms a SignerInfo's signature may be, by its
/// signature and digest algorithms.
fn signature_algorithms(
    signer: &SignerInfo,
) -> Result<Vec<&'static dyn SignatureVerificationAlgorithm>, String> {
    use webpki::ring as w;
    let sig = signer.signature_algorithm.oid;
    let dig = signer.digest_alg.oid;
    Ok(match (sig, dig) {
        (rfc5912::ECDSA_WITH_SHA_256, _) => vec![w::ECDSA_P256_SHA256, w::ECDSA_P384_SHA256],
        (rfc5912::ECDSA_WITH_SHA_384, _) => vec![w::ECDSA_P384_SHA384, w::ECDSA_P256_SHA384],
        (rfc5912::ID_EC_PUBLIC_KEY, ID_SHA256) => vec![w::ECDSA_P256_SHA256, w::ECDSA_P384_SHA256],
        (rfc5912::ID_EC_PUBLIC_KEY, ID_SHA384) => vec![w::ECDSA_P384_SHA384, w::ECDSA_P256_SHA384],
        (rfc5912::SHA_256_WITH_RSA_ENCRYPTION, _) | (rfc5912::RSA_ENCRYPTION, ID_SHA256) => {
            vec![w::RSA_PKCS1_2048_8192_SHA256]
        }
        (rfc5912::SHA_384_WITH_RSA_ENCRYPTION, _) | (rfc5912::RSA_ENCRYPTION, ID_SHA384) => {
            vec![w::RSA_PKCS1_2048_8192_SHA384]
        }
        (rfc5912::SHA_512_WITH_RSA_ENCRYPTION, _) | (rfc5912::RSA_ENCRYPTION, ID_SHA512) => {
            vec![w::RSA_PKCS1_2048_8192_SHA512]
        }
        (ID_ED25519, _) => vec![w::ED25519],
        _ => {
            return Err(format!(
                "is signed with an algorithm policypress does not check ({sig})"
            ));
        }
    })
}
