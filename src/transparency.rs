//! The sealed state of a site: which versions and relationship states are in
//! the log, the canonical artifacts they were sealed as, and `publish`,
//! which seals what is new. `build` reads the same state to leave unsealed
//! versions out and to refuse content that contradicts the log.
//!
//! Layout of `transparency/` (written only by `publish` and `keygen`, and
//! copied unchanged into `public/transparency/`):
//!
//! ```text
//! publisher.pub                      P-256 public key that signs artifacts (PEM)
//! log.vkey                           the checkpoint key, C2SP note verifier key
//! log/checkpoint, log/tile/…         the log, C2SP tlog-tiles
//! artifacts/documents/<doc>/<v>.json         a version            (policypress.version/v1 or v2)
//! artifacts/documents/<doc>/<v>.notice.json  its change notice    (policypress.change-notice/v1)
//! artifacts/relationships/<slug>/<n>.json    a relationship state (policypress.relationship/v1, v2 or v3)
//! bundles/…/<name>.sigstore.json     Sigstore bundle v0.3 for each artifact
//! index.json                         log index → where its files are, digest
//! artifacts/keys/<n>.json            a key transition     (policypress.key-transition/v1)
//! keys/<n>/publisher.pub, log.vkey   the keys key transition n replaced
//! logs.json, logs/<n>/…              earlier logs, closed (see [`logs`]), each laid out as this folder
//! ```
//!
//! What an entry seals — which version of which document, which state of
//! which relationship — is what its signed artifact says
//! ([`artifact::Artifact`]); the index's labels must agree with it, and
//! are never read instead of it. The log holds one truth per version: one
//! text of each version, one change notice for it, one state of each
//! number per relationship (a state's number is its place in the chain of
//! `previous` digests), never one artifact twice; `build`, `publish` and
//! `verify` each refuse a log that does not. A version that takes effect
//! before a version of its document sealed by an earlier publish is
//! sealed only when its artifact says why (`late_entry`).
//!
//! Artifacts are RFC 8785 canonical JSON (keys sorted, no whitespace);
//! dates are `YYYY-MM-DD`; a *text* is a string (language-neutral) or an
//! object of language code → string; optional fields are left out when
//! absent. Their shapes:
//!
//! - `policypress.version/v1`: `type`, `document` (slug), `version`,
//!   `published`, `effective`, `material`, `approved_by`?, `approved_on`?,
//!   `summary`?, `urgent`?, `bodies` (language → the normalised Markdown
//!   exactly as the content reader produced it: no BOM, LF line ends, NFC).
//! - `policypress.version/v2`: v1 and `late_entry` (a text: why the version
//!   was entered after one that takes effect later). A version without the
//!   fields v2 added is sealed as v1, so its artifact keeps the bytes it
//!   always had. Fields that only steer `check` are never sealed.
//! - `policypress.change-notice/v1`: `type`, `document`, `previous`
//!   `{version, sha256}`, `new` `{version, sha256}`, `published`,
//!   `effective`, `summary`?, `urgent`?.
//! - `policypress.relationship/v1`: `type`, `relationship` (slug), `kind`,
//!   `controller`, `party`, `schools` (`"all"` or slugs), `purposes`,
//!   `data_subjects`, `data_categories` (lists of texts), `legal_basis`,
//!   `retention`?, `location`?, `agreement`? `{name, signed?, url?}`,
//!   `statement`? `{document, version?}` or `{url}`, `sub_processors`,
//!   `since`, `until`?, and `previous`? (the SHA-256 of the state it
//!   replaces, so a relationship's history is a chain).
//! - `policypress.relationship/v2`: v1 and `from` (the first day of the
//!   state, for a state a `[[change]]` makes) and `outside_eea`? (`true`
//!   when data goes outside the EEA). The first state of a relationship
//!   that sends no data outside the EEA is sealed as v1, so a
//!   relationship without changes keeps the bytes it always had.
//! - `policypress.relationship/v3`: v2, where `location` may also be
//!   `{countries, transfer?}` (ISO 3166-1 alpha-2 codes; `adequacy`,
//!   `scc`, `bcr` or `derogation`), `outside_eea` is derived from those
//!   countries, and `special_categories`? (their keys), `dpia`?
//!   `{done, url?}` and `bijsluiter`? `{url, version?}`. Only a state that
//!   has one of these is sealed as v3; every other keeps v1 or v2.
//!
//! Each state of a relationship file (its base table, then each
//! `[[change]]` applied) is sealed once, in the order of `from`, chained
//! to the state sealed before it; an edited state is sealed again as a
//! new link. A change the log sealed stays in the file: `build`, `check`
//! and `publish` refuse a file that lost or re-dated one.
//!
//! Each log entry is a Rekor v2 `hashedrekord` 0.0.2 body in canonical
//! JSON — `{"apiVersion":"0.0.2","kind":"hashedrekord","spec":
//! {"hashedRekordV002":{"data":{"algorithm":"SHA2_256","digest":…},
//! "signature":{"content":…,"verifier":{"keyDetails":
//! "PKIX_ECDSA_P256_SHA_256","publicKey":{"rawBytes":…}}}}}}` — over the
//! artifact's SHA-256 and its P-256 signature (ASN.1 DER), with the DER
//! SubjectPublicKeyInfo of the publisher's key. The log ID in bundles is
//! SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ Ed25519 key), whose first 4 bytes are the
//! checkpoint signature's key ID, as Sigstore clients match them.
//!
//! Which versions are sealed: every version published on or before the
//! publish date (today) that is not in the log yet, announced ones
//! included; a version dated later is sealed by the first publish on or
//! after its publication date, so its text is not made public early.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub mod artifact;
pub mod logs;
pub mod truth;

pub use artifact::Artifact;

use crate::canonical;
use crate::diag::Diagnostic;
use crate::model::{
    Document, Location, Relationship, SchoolSelection, Site, StatementRef, Text, Version,
};
use crate::sign::{self, ArtifactKey};
use crate::tlog::{self, Checkpoint, TileSource, merkle, note, tiles};

/// The folder, below the site folder, that holds the log and artifacts.
pub const DIR: &str = "transparency";
/// The log's folder below `transparency/`.
pub const LOG_DIR: &str = "log";
/// The index file below `transparency/`.
pub const INDEX_FILE: &str = "index.json";
/// The index of a publish, written before its checkpoint and renamed to
/// [`INDEX_FILE`] after it. When a publish dies between the two, this file
/// (and only when it matches the checkpoint's size) is the index.
pub const PENDING_INDEX_FILE: &str = "index.pending.json";
/// `schema` of the index file.
pub const INDEX_SCHEMA: &str = "policypress.transparency-index/v1";
/// `type` of a version artifact.
pub const VERSION_TYPE: &str = artifact::VERSION_V1;
/// `type` of a version artifact with a field v1 does not have (`late_entry`).
pub const VERSION_TYPE_V2: &str = artifact::VERSION_V2;
/// `type` of a change notice artifact.
pub const NOTICE_TYPE: &str = artifact::NOTICE_V1;
/// `type` of a relationship state artifact.
pub const RELATIONSHIP_TYPE: &str = artifact::RELATIONSHIP_V1;
/// `type` of a relationship state a `[[change]]` makes, or one that sends
/// data outside the EEA.
pub const RELATIONSHIP_TYPE_V2: &str = artifact::RELATIONSHIP_V2;
/// `type` of a relationship state with a field v2 does not have: a
/// location that names its countries, special categories, a DPIA or a
/// privacybijsluiter.
pub const RELATIONSHIP_TYPE_V3: &str = artifact::RELATIONSHIP_V3;
/// Media type of the bundles.
pub const BUNDLE_MEDIA_TYPE: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";

/// What one log entry seals, as recorded in `index.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    /// Position in the log.
    pub index: u64,
    /// `version`, `change-notice` or `relationship`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    /// The relationship state's number, 1 for the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<u64>,
    /// Lowercase hex SHA-256 of the artifact.
    pub sha256: String,
    /// The artifact, relative to `transparency/`.
    pub artifact: String,
    /// Its bundle, relative to `transparency/`.
    pub bundle: String,
}

/// `index.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub schema: String,
    pub origin: String,
    pub entries: Vec<IndexEntry>,
}

impl Index {
    /// The file's bytes: pretty JSON, so that `git diff` shows what a
    /// publish added.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("bug: the index always serialises");
        v.push(b'\n');
        v
    }
}

// ------------------------------------------------------------ artifacts

fn text_json(t: &Text) -> Value {
    match t {
        Text::Neutral(s) => Value::String(s.clone()),
        Text::PerLang(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        ),
    }
}

fn date_json(d: crate::model::Date) -> Value {
    Value::String(format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

fn insert_opt(map: &mut serde_json::Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        map.insert(key.to_string(), v);
    }
}

/// The canonical artifact of one version: its document's slug, number,
/// dates, materiality, approval, summary, urgency, late entry and every
/// language's normalised Markdown exactly as the content reader produced
/// it. Schema v2 only when it has `late_entry`.
pub fn version_artifact(doc: &Document, v: &Version) -> Vec<u8> {
    let mut m = serde_json::Map::new();
    let schema = if v.late_entry.is_some() {
        VERSION_TYPE_V2
    } else {
        VERSION_TYPE
    };
    m.insert("type".into(), json!(schema));
    m.insert("document".into(), json!(doc.slug));
    m.insert("version".into(), json!(v.number.as_str()));
    insert_opt(&mut m, "published", v.published.map(date_json));
    m.insert("effective".into(), date_json(v.effective));
    m.insert("material".into(), json!(v.material));
    insert_opt(&mut m, "approved_by", v.approved_by.as_ref().map(text_json));
    insert_opt(&mut m, "approved_on", v.approved_on.map(date_json));
    insert_opt(&mut m, "summary", v.summary.as_ref().map(text_json));
    insert_opt(&mut m, "urgent", v.urgent.as_ref().map(text_json));
    insert_opt(&mut m, "late_entry", v.late_entry.as_ref().map(text_json));
    m.insert(
        "bodies".into(),
        Value::Object(
            v.bodies
                .iter()
                .map(|(l, b)| (l.clone(), Value::String(b.source.clone())))
                .collect(),
        ),
    );
    canonical::to_vec(&Value::Object(m)).expect("bug: an artifact has no floats")
}

/// The change notice of a material version: what it replaces (by digest),
/// when it takes effect and what changed.
pub fn notice_artifact(
    doc: &Document,
    previous: &Version,
    previous_sha256: &str,
    v: &Version,
    sha256: &str,
) -> Vec<u8> {
    let mut m = serde_json::Map::new();
    m.insert("type".into(), json!(NOTICE_TYPE));
    m.insert("document".into(), json!(doc.slug));
    m.insert(
        "previous".into(),
        json!({"version": previous.number.as_str(), "sha256": previous_sha256}),
    );
    m.insert(
        "new".into(),
        json!({"version": v.number.as_str(), "sha256": sha256}),
    );
    insert_opt(&mut m, "published", v.published.map(date_json));
    m.insert("effective".into(), date_json(v.effective));
    insert_opt(&mut m, "summary", v.summary.as_ref().map(text_json));
    insert_opt(&mut m, "urgent", v.urgent.as_ref().map(text_json));
    canonical::to_vec(&Value::Object(m)).expect("bug: an artifact has no floats")
}

/// Every state of a relationship file as the JSON object it is sealed as,
/// without its chain link, oldest first.
pub fn relationship_states(rel: &Relationship) -> Vec<serde_json::Map<String, Value>> {
    rel.states().iter().map(state_object).collect()
}

/// One state as the JSON object it is sealed as, without its chain link.
fn state_object(st: &crate::history::State) -> serde_json::Map<String, Value> {
    let rel = &st.terms;
    // Each schema is used only for what needs it, so a state keeps the
    // bytes it was sealed with under the schema it was sealed as.
    let v3 = matches!(rel.location, Some(Location::Places(_)))
        || !rel.special_categories.is_empty()
        || rel.dpia.is_some()
        || rel.bijsluiter.is_some();
    let v2 = !v3 && (st.change.is_some() || rel.outside_eea);
    let mut m = serde_json::Map::new();
    m.insert(
        "type".into(),
        json!(if v3 {
            RELATIONSHIP_TYPE_V3
        } else if v2 {
            RELATIONSHIP_TYPE_V2
        } else {
            RELATIONSHIP_TYPE
        }),
    );
    if v2 || v3 {
        m.insert("from".into(), date_json(st.from));
        if rel.leaves_eea() {
            m.insert("outside_eea".into(), json!(true));
        }
    }
    if v3 {
        if !rel.special_categories.is_empty() {
            let keys: Vec<&str> = rel.special_categories.iter().map(|c| c.key()).collect();
            m.insert("special_categories".into(), json!(keys));
        }
        insert_opt(
            &mut m,
            "dpia",
            rel.dpia.as_ref().map(|d| {
                let mut o = serde_json::Map::new();
                o.insert("done".into(), date_json(d.done));
                insert_opt(&mut o, "url", d.url.clone().map(Value::String));
                Value::Object(o)
            }),
        );
        insert_opt(
            &mut m,
            "bijsluiter",
            rel.bijsluiter.as_ref().map(|b| {
                let mut o = serde_json::Map::new();
                o.insert("url".into(), json!(b.url));
                insert_opt(&mut o, "version", b.version.clone().map(Value::String));
                Value::Object(o)
            }),
        );
    }
    m.insert("relationship".into(), json!(rel.slug));
    m.insert("kind".into(), json!(rel.kind.key()));
    m.insert("controller".into(), json!(rel.controller));
    m.insert("party".into(), json!(rel.party));
    m.insert(
        "schools".into(),
        match &rel.schools {
            SchoolSelection::All => json!("all"),
            SchoolSelection::List(l) => json!(l),
        },
    );
    let texts = |l: &[Text]| Value::Array(l.iter().map(text_json).collect());
    m.insert("purposes".into(), texts(&rel.purposes));
    m.insert("data_subjects".into(), texts(&rel.data_subjects));
    m.insert("data_categories".into(), texts(&rel.data_categories));
    m.insert("legal_basis".into(), json!(rel.legal_basis.key()));
    insert_opt(&mut m, "retention", rel.retention.as_ref().map(text_json));
    insert_opt(
        &mut m,
        "location",
        rel.location.as_ref().map(|l| match l {
            Location::Text(t) => text_json(t),
            Location::Places(p) => {
                let codes: Vec<&str> = p.countries.iter().map(|c| c.code).collect();
                let mut o = serde_json::Map::new();
                o.insert("countries".into(), json!(codes));
                insert_opt(&mut o, "transfer", p.transfer.map(|t| json!(t.key())));
                Value::Object(o)
            }
        }),
    );
    insert_opt(
        &mut m,
        "agreement",
        rel.agreement.as_ref().map(|a| {
            let mut o = serde_json::Map::new();
            o.insert("name".into(), text_json(&a.name));
            insert_opt(&mut o, "signed", a.signed.map(date_json));
            insert_opt(&mut o, "url", a.url.clone().map(Value::String));
            Value::Object(o)
        }),
    );
    insert_opt(
        &mut m,
        "statement",
        rel.statement.as_ref().map(|s| match s {
            StatementRef::Document { document, version } => {
                let mut o = serde_json::Map::new();
                o.insert("document".into(), json!(document));
                insert_opt(
                    &mut o,
                    "version",
                    version.as_ref().map(|v| json!(v.as_str())),
                );
                Value::Object(o)
            }
            StatementRef::Url(u) => json!({ "url": u }),
        }),
    );
    m.insert("sub_processors".into(), json!(rel.sub_processors));
    m.insert("since".into(), date_json(rel.since));
    insert_opt(&mut m, "until", rel.until.map(date_json));
    m
}

/// The canonical artifact of a relationship state; `previous` is the
/// digest of the state it replaces, chaining a relationship's history.
pub fn relationship_artifact(
    state: &serde_json::Map<String, Value>,
    previous: Option<&str>,
) -> Vec<u8> {
    let mut m = state.clone();
    insert_opt(&mut m, "previous", previous.map(|p| json!(p)));
    canonical::to_vec(&Value::Object(m)).expect("bug: an artifact has no floats")
}

/// A sealed state's JSON without its chain link.
fn without_previous(bytes: &[u8]) -> serde_json::Map<String, Value> {
    let mut m = serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    m.remove("previous");
    m
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sign::hex(&Sha256::digest(bytes))
}

// ------------------------------------------------------------ log entries

/// The log entry for an artifact: a Rekor v2 `hashedrekord` 0.0.2 body in
/// canonical JSON, over its SHA-256 digest and P-256 signature.
pub fn hashedrekord_body(digest: &[u8; 32], signature: &[u8], public_der: &[u8]) -> Vec<u8> {
    let v = json!({
        "apiVersion": "0.0.2",
        "kind": "hashedrekord",
        "spec": {"hashedRekordV002": {
            "data": {"algorithm": "SHA2_256", "digest": B64.encode(digest)},
            "signature": {
                "content": B64.encode(signature),
                "verifier": {
                    "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                    "publicKey": {"rawBytes": B64.encode(public_der)}
                }
            }
        }}
    });
    canonical::to_vec(&v).expect("bug: a log entry has no floats")
}

/// The parts of a `hashedrekord` 0.0.2 log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub digest: [u8; 32],
    pub signature: Vec<u8>,
    pub public_der: Vec<u8>,
}

/// Reads a log entry, strictly: it must be exactly the canonical body that
/// [`hashedrekord_body`] writes.
pub fn parse_entry(bytes: &[u8]) -> Result<LogEntry, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|_| "is not JSON".to_string())?;
    let s = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("has no {p}"))
    };
    let b = |p: &str| -> Result<Vec<u8>, String> {
        B64.decode(s(p)?).map_err(|_| format!("{p} is not base64"))
    };
    let digest: [u8; 32] = b("/spec/hashedRekordV002/data/digest")?
        .try_into()
        .map_err(|_| "digest is not 32 bytes".to_string())?;
    let entry = LogEntry {
        digest,
        signature: b("/spec/hashedRekordV002/signature/content")?,
        public_der: b("/spec/hashedRekordV002/signature/verifier/publicKey/rawBytes")?,
    };
    if hashedrekord_body(&entry.digest, &entry.signature, &entry.public_der) != bytes {
        return Err("is not a canonical hashedrekord 0.0.2 body".into());
    }
    Ok(entry)
}

/// The log ID of a checkpoint key, as Sigstore clients match it: the full
/// SHA-256 over the key name, a newline, the signature type 0x01 and the
/// Ed25519 key; its first 4 bytes are the note's key ID.
pub fn log_id(v: &tlog::Verifier) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(v.name().as_bytes());
    h.update([b'\n', 0x01]);
    h.update(v.public_key());
    h.finalize().into()
}

/// A Sigstore bundle v0.3 (protobuf JSON form) for an artifact sealed at
/// `index`, with its inclusion proof in the tree of `checkpoint_note`.
#[allow(clippy::too_many_arguments)]
pub fn bundle(
    digest: &[u8; 32],
    signature: &[u8],
    public_der: &[u8],
    body: &[u8],
    index: u64,
    log_id: &[u8; 32],
    cp: &Checkpoint,
    checkpoint_note: &[u8],
    proof: &[merkle::Hash],
) -> Vec<u8> {
    bundle_stamped(
        digest,
        signature,
        public_der,
        body,
        index,
        log_id,
        cp,
        checkpoint_note,
        proof,
        Vec::new(),
    )
}

/// [`bundle`] with RFC 3161 timestamp tokens over the signature.
#[allow(clippy::too_many_arguments)]
pub fn bundle_stamped(
    digest: &[u8; 32],
    signature: &[u8],
    public_der: &[u8],
    body: &[u8],
    index: u64,
    log_id: &[u8; 32],
    cp: &Checkpoint,
    checkpoint_note: &[u8],
    proof: &[merkle::Hash],
    timestamps: Vec<Vec<u8>>,
) -> Vec<u8> {
    Bundle {
        digest: *digest,
        signature: signature.to_vec(),
        key_hint: sign::key_hint(public_der),
        log_index: index,
        log_id: *log_id,
        body: body.to_vec(),
        tree_size: cp.size,
        root: cp.root,
        proof: proof.to_vec(),
        checkpoint_note: String::from_utf8_lossy(checkpoint_note).into_owned(),
        timestamps,
    }
    .to_bytes()
}

/// What a bundle says, decoded: the shape [`bundle`] writes, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// SHA-256 of the artifact (`messageSignature.messageDigest`).
    pub digest: [u8; 32],
    /// The artifact's ECDSA signature, ASN.1 DER.
    pub signature: Vec<u8>,
    /// Lowercase hex SHA-256 of the publisher's public key.
    pub key_hint: String,
    /// The entry's position in the log (both `logIndex` fields).
    pub log_index: u64,
    /// The log ID ([`log_id`]).
    pub log_id: [u8; 32],
    /// The log entry (`canonicalizedBody`).
    pub body: Vec<u8>,
    /// The size of the tree the inclusion proof is for.
    pub tree_size: u64,
    /// The root of that tree.
    pub root: merkle::Hash,
    /// The inclusion proof's hashes.
    pub proof: Vec<merkle::Hash>,
    /// The signed checkpoint (note) of that tree.
    pub checkpoint_note: String,
    /// RFC 3161 timestamps over the signature, each the DER
    /// TimeStampResp holding the token (`verificationMaterial.
    /// timestampVerificationData.rfc3161Timestamps[].signedTimestamp`, as
    /// the bundle's protobuf-specs define it); none when sealed without.
    pub timestamps: Vec<Vec<u8>>,
}

// The bundle's JSON, field by field in the order it is written. Unknown and
// repeated fields are refused: a verifier that reads the last of two
// `canonicalizedBody` fields, or ignores a `certificate` beside the key,
// would check another bundle than the one other Sigstore clients see.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BundleJson {
    media_type: String,
    verification_material: MaterialJson,
    message_signature: MessageSignatureJson,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MaterialJson {
    public_key: PublicKeyJson,
    tlog_entries: Vec<TlogEntryJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timestamp_verification_data: Option<TimestampDataJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TimestampDataJson {
    rfc3161_timestamps: Vec<Rfc3161Json>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Rfc3161Json {
    signed_timestamp: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicKeyJson {
    hint: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TlogEntryJson {
    log_index: String,
    log_id: LogIdJson,
    kind_version: KindVersionJson,
    // Protobuf JSON may leave out a zero; Rekor v2 entries have no time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    integrated_time: Option<String>,
    inclusion_proof: InclusionProofJson,
    canonicalized_body: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct LogIdJson {
    key_id: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindVersionJson {
    kind: String,
    version: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct InclusionProofJson {
    log_index: String,
    root_hash: String,
    tree_size: String,
    hashes: Vec<String>,
    checkpoint: CheckpointJson,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckpointJson {
    envelope: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MessageSignatureJson {
    message_digest: MessageDigestJson,
    signature: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageDigestJson {
    algorithm: String,
    digest: String,
}

/// A protobuf JSON int64 as policypress writes it: a string of decimal
/// digits without sign or leading zero, so one number has one spelling.
fn parse_decimal(s: &str, what: &str) -> Result<u64, String> {
    let canonical =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    canonical
        .then(|| s.parse().ok())
        .flatten()
        .ok_or_else(|| format!("its {what} {s:?} is not a decimal number"))
}

fn parse_base64(s: &str, what: &str) -> Result<Vec<u8>, String> {
    B64.decode(s)
        .map_err(|_| format!("its {what} is not base64"))
}

fn parse_hash(s: &str, what: &str) -> Result<[u8; 32], String> {
    parse_base64(s, what)?
        .try_into()
        .map_err(|_| format!("its {what} is not 32 bytes"))
}

impl Bundle {
    /// Reads a bundle strictly: exactly the fields [`bundle`] writes, each
    /// once, numbers and base64 in their one canonical spelling, the media
    /// type, digest algorithm and entry kind that policypress uses, and one
    /// log entry. The error completes "the bundle …".
    pub fn parse(bytes: &[u8]) -> Result<Bundle, String> {
        let j: BundleJson = serde_json::from_slice(bytes)
            .map_err(|e| format!("is not a policypress Sigstore bundle ({e})"))?;
        if j.media_type != BUNDLE_MEDIA_TYPE {
            return Err("is not a Sigstore bundle v0.3".into());
        }
        let md = &j.message_signature.message_digest;
        if md.algorithm != "SHA2_256" {
            return Err(format!(
                "its message digest algorithm is {:?}, not SHA2_256",
                md.algorithm
            ));
        }
        let hint = &j.verification_material.public_key.hint;
        if hint.len() != 64 || !hint.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err("its key hint is not a lowercase hex SHA-256".into());
        }
        let [t] = j.verification_material.tlog_entries.as_slice() else {
            return Err(format!(
                "has {} log entries, expected 1",
                j.verification_material.tlog_entries.len()
            ));
        };
        if t.kind_version.kind != "hashedrekord" || t.kind_version.version != "0.0.2" {
            return Err("its entry kind is not hashedrekord 0.0.2".into());
        }
        if t.integrated_time.as_deref().is_some_and(|s| s != "0") {
            return Err("it claims an integrated time, which this log does not give".into());
        }
        let p = &t.inclusion_proof;
        let log_index = parse_decimal(&t.log_index, "log index")?;
        if parse_decimal(&p.log_index, "proof's log index")? != log_index {
            return Err("its proof is for another log index than its entry".into());
        }
        Ok(Bundle {
            digest: parse_hash(&md.digest, "message digest")?,
            signature: parse_base64(&j.message_signature.signature, "signature")?,
            key_hint: hint.clone(),
            log_index,
            log_id: parse_hash(&t.log_id.key_id, "log ID")?,
            body: parse_base64(&t.canonicalized_body, "log entry body")?,
            tree_size: parse_decimal(&p.tree_size, "tree size")?,
            root: parse_hash(&p.root_hash, "root hash")?,
            proof: p
                .hashes
                .iter()
                .map(|h| parse_hash(h, "inclusion proof hash"))
                .collect::<Result<_, _>>()?,
            checkpoint_note: p.checkpoint.envelope.clone(),
            timestamps: match &j.verification_material.timestamp_verification_data {
                None => Vec::new(),
                Some(d) if d.rfc3161_timestamps.is_empty() => {
                    return Err("has timestamp verification data without a timestamp".into());
                }
                Some(d) => d
                    .rfc3161_timestamps
                    .iter()
                    .map(|t| parse_base64(&t.signed_timestamp, "RFC 3161 timestamp"))
                    .collect::<Result<_, _>>()?,
            },
        })
    }

    /// The bundle's file: pretty JSON ending in a newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let j = BundleJson {
            media_type: BUNDLE_MEDIA_TYPE.into(),
            verification_material: MaterialJson {
                public_key: PublicKeyJson {
                    hint: self.key_hint.clone(),
                },
                tlog_entries: vec![TlogEntryJson {
                    log_index: self.log_index.to_string(),
                    log_id: LogIdJson {
                        key_id: B64.encode(self.log_id),
                    },
                    kind_version: KindVersionJson {
                        kind: "hashedrekord".into(),
                        version: "0.0.2".into(),
                    },
                    integrated_time: Some("0".into()),
                    inclusion_proof: InclusionProofJson {
                        log_index: self.log_index.to_string(),
                        root_hash: B64.encode(self.root),
                        tree_size: self.tree_size.to_string(),
                        hashes: self.proof.iter().map(|h| B64.encode(h)).collect(),
                        checkpoint: CheckpointJson {
                            envelope: self.checkpoint_note.clone(),
                        },
                    },
                    canonicalized_body: B64.encode(&self.body),
                }],
                timestamp_verification_data: (!self.timestamps.is_empty()).then(|| {
                    TimestampDataJson {
                        rfc3161_timestamps: self
                            .timestamps
                            .iter()
                            .map(|t| Rfc3161Json {
                                signed_timestamp: B64.encode(t),
                            })
                            .collect(),
                    }
                }),
            },
            message_signature: MessageSignatureJson {
                message_digest: MessageDigestJson {
                    algorithm: "SHA2_256".into(),
                    digest: B64.encode(self.digest),
                },
                signature: B64.encode(&self.signature),
            },
        };
        let mut out = serde_json::to_vec_pretty(&j).expect("bug: a bundle always serialises");
        out.push(b'\n');
        out
    }
}

// ------------------------------------------------------------ sealed state

/// The log and index of a site, read and checked against each other and
/// against the artifacts, which say what each entry seals.
#[derive(Debug)]
pub struct Sealed {
    /// `<site>/transparency`.
    pub dir: PathBuf,
    pub checkpoint: Checkpoint,
    pub index: Index,
    /// The key transitions (`keygen --rotate`) by position, oldest first.
    pub transitions: Vec<(usize, artifact::KeyTransition)>,
    /// The site policy sealed last, if any.
    pub policy: Option<artifact::SitePolicy>,
    /// The entries a later `timestamps` entry stamped.
    pub restamped: std::collections::BTreeSet<u64>,
    /// (document, version) → the position of its entry and its effective date.
    versions: BTreeMap<(String, String), (usize, crate::model::Date)>,
    /// (document, version) → the position of its change notice.
    notices: BTreeMap<(String, String), usize>,
    /// Relationship → the positions of its states, state 1 first.
    relationships: BTreeMap<String, Vec<usize>>,
}

/// The public keys of `dir` (`transparency/` or a closed log's folder):
/// the artifact key (DER) and the checkpoint key (`log.vkey`'s line).
pub fn public_keys(dir: &Path) -> Result<artifact::KeyPair, Diagnostic> {
    let pub_file = dir.join(sign::PUBLIC_KEY_FILE);
    let pem = fs::read_to_string(&pub_file)
        .map_err(|e| damaged(&pub_file, format!("the publisher key cannot be read ({e})")))?;
    let der = sign::parse_public_pem(&pem).map_err(|why| damaged(&pub_file, why))?;
    let vkey_file = dir.join(sign::VERIFIER_KEY_FILE);
    let vkey = fs::read_to_string(&vkey_file).map_err(|e| {
        damaged(
            &vkey_file,
            format!("the checkpoint key cannot be read ({e})"),
        )
    })?;
    Ok(artifact::KeyPair {
        publisher_key: der,
        log_key: vkey.trim().to_string(),
    })
}

/// The key transitions of a log must form one chain, numbered in turn,
/// ending at the keys the folder publishes now, with each key before the
/// last kept in `keys/<n>/`. Of a log of `size` entries whose last is a
/// key transition, the public keys may still be the ones it replaced (a
/// rotation interrupted after its checkpoint): an error that says so,
/// unless `unfinished` (the rotation is being finished).
fn check_key_chain(
    dir: &Path,
    transitions: &[(usize, artifact::KeyTransition)],
    size: u64,
    unfinished: bool,
) -> Result<(), Diagnostic> {
    let Some((_, last)) = transitions.last() else {
        return Ok(());
    };
    let index_file = dir.join(INDEX_FILE);
    for (k, (i, t)) in transitions.iter().enumerate() {
        if t.number != k as u64 + 1 {
            return Err(damaged(
                &index_file,
                format!(
                    "entry {i} is key transition {}, but it is the log's transition {}",
                    t.number,
                    k + 1
                ),
            ));
        }
        if k > 0 && transitions[k - 1].1.next != t.previous {
            return Err(damaged(
                &index_file,
                format!(
                    "key transition {} (entry {i}) does not start from the keys the one before it named",
                    t.number
                ),
            ));
        }
        let kept = dir.join(logs::KEYS_DIR).join(t.number.to_string());
        if public_keys(&kept)? != t.previous {
            return Err(damaged(
                &kept,
                format!(
                    "the keys kept here are not the ones key transition {} replaced",
                    t.number
                ),
            ));
        }
    }
    let now = public_keys(dir)?;
    if now != last.next {
        // A rotation that died after its checkpoint, before both key files
        // were replaced: not damaged, but not to be built or published on
        // (that would sign with the old keys after the transition).
        let (i, _) = transitions[transitions.len() - 1];
        let is_last_entry = size == i as u64 + 1;
        let either = |a: &[u8], b: &[u8], c: &[u8]| a == b || a == c;
        if is_last_entry
            && either(
                &now.publisher_key,
                &last.previous.publisher_key,
                &last.next.publisher_key,
            )
            && (now.log_key == last.previous.log_key || now.log_key == last.next.log_key)
        {
            if unfinished {
                return Ok(());
            }
            return Err(Diagnostic::error(format!(
                "a key rotation was interrupted: key transition {} (entry {i}) is in the log, but the public keys are not yet the ones it names",
                last.number
            ))
            .in_file(dir.join(sign::PUBLIC_KEY_FILE))
            .hint("run `policypress keygen --rotate` again to finish it"));
        }
        return Err(damaged(
            &dir.join(sign::PUBLIC_KEY_FILE),
            format!(
                "the public keys are not the ones the last key transition (entry {}) named",
                transitions[transitions.len() - 1].0
            ),
        ));
    }
    Ok(())
}

/// Whether the site in `root` has a log (a checkpoint was written).
pub fn has_log(root: &Path) -> bool {
    root.join(DIR)
        .join(LOG_DIR)
        .join(tlog::store::CHECKPOINT_FILE)
        .is_file()
}

fn damaged(file: &Path, what: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("the transparency log is damaged: {what}"))
        .in_file(file)
        .hint("restore transparency/ from version control; it is only ever written by `policypress publish`")
}

/// Whether `rel`, a path an index names, stays inside `transparency/`:
/// relative, with no empty, `.` or `..` part.
pub fn is_inside(rel: &str) -> bool {
    !rel.starts_with('/')
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Whether the artifact is what the index entry says it seals: its kind,
/// and its document and version, or its relationship (a state's number is
/// its place in the chain, checked with the chain). The error completes
/// "entry …: ".
pub fn label_matches(e: &IndexEntry, a: &Artifact) -> Result<(), String> {
    let (document, version) = match a.document_version() {
        Some((d, v)) => (Some(d.to_string()), Some(v.to_string())),
        None => (None, None),
    };
    let relationship = a.relationship().map(str::to_string);
    let said = (e.kind.as_str(), &e.document, &e.version, &e.relationship);
    let is = (a.kind(), &document, &version, &relationship);
    if said != is {
        return Err(format!(
            "the index says it seals {}, but the artifact is {}",
            describe_label(said),
            describe_label(is)
        ));
    }
    match (a.kind(), e.state) {
        ("relationship", Some(n)) if n >= 1 => Ok(()),
        ("relationship", _) => Err("the index numbers no state of the relationship".into()),
        (_, None) => Ok(()),
        (kind, Some(_)) => Err(format!("the index gives a {kind} a relationship state")),
    }
}

/// "version \"2.0\" of document \"x\"", and any field that does not belong.
fn describe_label(
    (kind, document, version, relationship): (
        &str,
        &Option<String>,
        &Option<String>,
        &Option<String>,
    ),
) -> String {
    let q = |x: &Option<String>| x.as_deref().map_or("(none)".into(), |s| format!("{s:?}"));
    // The description, and which of the three fields it already names.
    let (mut s, named): (String, &[&str]) = match kind {
        "version" => (
            format!("version {} of document {}", q(version), q(document)),
            &["document", "version"],
        ),
        "change-notice" => (
            format!(
                "the change notice of version {} of document {}",
                q(version),
                q(document)
            ),
            &["document", "version"],
        ),
        "relationship" => (
            format!("a state of relationship {}", q(relationship)),
            &["relationship"],
        ),
        other => (format!("an entry of kind {other:?}"), &[]),
    };
    for (name, x) in [
        ("document", document),
        ("version", version),
        ("relationship", relationship),
    ] {
        if !named.contains(&name) && x.is_some() {
            s.push_str(&format!(" (and {name} {})", q(x)));
        }
    }
    s
}

/// A conflict in words for `build` and `publish`, by entry number.
fn conflict_message(c: &truth::Conflict, said: &[Option<Artifact>]) -> String {
    use truth::Conflict as C;
    let what = |i: usize| {
        said[i]
            .as_ref()
            .map_or_else(String::new, Artifact::describe)
    };
    match c {
        C::SameArtifact { first, second } => format!(
            "entries {first} and {second} seal the same artifact ({})",
            what(*first)
        ),
        C::SecondText { first, second } => format!(
            "it holds two texts of {} (entries {first} and {second}); a version has one text",
            what(*first)
        ),
        C::SecondNotice { first, second } => format!(
            "it holds two change notices for {} (entries {first} and {second})",
            what(*first).trim_start_matches("the change notice of ")
        ),
        C::SecondState {
            first,
            second,
            number,
        } => format!(
            "it holds two states {number} of {} (entries {first} and {second})",
            what(*first).trim_start_matches("a state of ")
        ),
        C::FirstNamesPrevious { at } => format!(
            "the first state of {} (entry {at}) names a state before it",
            what(*at).trim_start_matches("a state of ")
        ),
        C::UnknownPrevious { at, last, .. } => format!(
            "entry {at}, {}, names a state before it that is not one of its earlier states (the last is entry {last})",
            what(*at)
        ),
        C::Misnumbered { at, said, is } => format!(
            "the index numbers entry {at} state {said}, but it is state {is} of {}",
            what(*at).trim_start_matches("a state of ")
        ),
    }
}

/// The bytes of a sealed artifact, which must have the digest the log holds.
fn read_sealed(dir: &Path, e: &IndexEntry) -> Result<Vec<u8>, Diagnostic> {
    let file = dir.join(&e.artifact);
    if !is_inside(&e.artifact) {
        return Err(damaged(
            &dir.join(INDEX_FILE),
            format!(
                "entry {} names the file {:?}, outside transparency/",
                e.index, e.artifact
            ),
        ));
    }
    let bytes = fs::read(&file)
        .map_err(|err| damaged(&file, format!("cannot read a sealed artifact ({err})")))?;
    if sha256_hex(&bytes) != e.sha256 {
        return Err(damaged(
            &file,
            format!(
                "the artifact of log entry {} does not match its digest",
                e.index
            ),
        ));
    }
    Ok(bytes)
}

/// Reads every entry of the tree of `size` from the entry bundles.
pub fn read_all_entries<S: TileSource>(src: &S, size: u64) -> tlog::Result<Vec<Vec<u8>>> {
    // Capacity for what a real log holds at most, not for what a hostile
    // checkpoint claims.
    let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(1 << 16));
    for t in tiles::entry_bundles_for_size(size) {
        let bytes = tiles::fetch(src, &t)?;
        out.extend(tiles::decode_entry_bundle(&t, &bytes)?);
    }
    Ok(out)
}

impl Sealed {
    /// Reads `<root>/transparency`: the checkpoint (its signature checked
    /// against `log.vkey`), the tiles (they must produce its root), the
    /// index (every entry the checkpoint covers must be listed with the
    /// digest the log holds) and every artifact (it must have that digest,
    /// be well-formed and be what the index labels it), and refuses a log
    /// that says two things of one version or relationship. Entries beyond
    /// the checkpoint, left by an interrupted publish, are ignored.
    /// `Ok(None)`: no log yet.
    pub fn load(root: &Path, origin: &str) -> Result<Option<Sealed>, Diagnostic> {
        if !has_log(root) {
            return Ok(None);
        }
        Sealed::load_dir(&root.join(DIR), origin).map(Some)
    }

    /// [`Sealed::load`] of a folder laid out as `transparency/` is: the
    /// current log, or an earlier one kept in `transparency/logs/<n>/`.
    pub fn load_dir(dir: &Path, origin: &str) -> Result<Sealed, Diagnostic> {
        Sealed::load_dir_as(dir, origin, false)
    }

    /// [`Sealed::load`] for `keygen --rotate`, which finishes a rotation
    /// that was interrupted after its checkpoint: the public keys may still
    /// be (some of) the ones the last key transition replaced.
    pub fn load_unfinished_rotation(
        root: &Path,
        origin: &str,
    ) -> Result<Option<Sealed>, Diagnostic> {
        if !has_log(root) {
            return Ok(None);
        }
        Sealed::load_dir_as(&root.join(DIR), origin, true).map(Some)
    }

    fn load_dir_as(dir: &Path, origin: &str, unfinished: bool) -> Result<Sealed, Diagnostic> {
        use rayon::prelude::*;
        let dir = dir.to_path_buf();
        let log_dir = dir.join(LOG_DIR);
        let vkey_file = dir.join(sign::VERIFIER_KEY_FILE);
        let vkey = fs::read_to_string(&vkey_file).map_err(|e| {
            damaged(
                &vkey_file,
                format!("the checkpoint key cannot be read ({e})"),
            )
        })?;
        let verifier = tlog::Verifier::parse(vkey.trim())
            .map_err(|e| damaged(&vkey_file, format!("the checkpoint key is unreadable: {e}")))?;
        let cp_file = log_dir.join(tlog::store::CHECKPOINT_FILE);
        let note_bytes = fs::read(&cp_file)
            .map_err(|e| damaged(&cp_file, format!("cannot read the checkpoint ({e})")))?;
        let checkpoint = tlog::verify_checkpoint(&note_bytes, origin, &[verifier])
            .map_err(|e| damaged(&cp_file, e))?;
        let store = tlog::TileStore::open(&log_dir).map_err(|e| damaged(&log_dir, e))?;
        tlog::verify_tree(&store, &checkpoint).map_err(|e| damaged(&log_dir, e))?;
        let leaves = read_all_entries(&store, checkpoint.size).map_err(|e| damaged(&log_dir, e))?;
        let mut index_file = dir.join(INDEX_FILE);
        let bytes = fs::read(&index_file)
            .map_err(|e| damaged(&index_file, format!("cannot read the index ({e})")))?;
        let mut index: Index = serde_json::from_slice(&bytes)
            .map_err(|e| damaged(&index_file, format!("the index is unreadable: {e}")))?;
        if (index.entries.len() as u64) < checkpoint.size
            && let Some(p) = pending_index(&dir, checkpoint.size)
        {
            index = p;
            index_file = dir.join(PENDING_INDEX_FILE);
        }
        if index.schema != INDEX_SCHEMA || index.origin != origin {
            return Err(damaged(
                &index_file,
                format!("the index is for {:?}, not this log", index.origin),
            ));
        }
        index.entries.retain(|e| e.index < checkpoint.size);
        if (index.entries.len() as u64) < checkpoint.size {
            return Err(damaged(
                &index_file,
                format!(
                    "the index lists {} entries, the log has {}",
                    index.entries.len(),
                    checkpoint.size
                ),
            ));
        }
        for (i, e) in index.entries.iter().enumerate() {
            if e.index != i as u64 {
                return Err(damaged(
                    &index_file,
                    format!("entry {i} of the index is numbered {}", e.index),
                ));
            }
            let leaf = parse_entry(&leaves[i])
                .map_err(|why| damaged(&log_dir, format!("log entry {i} {why}")))?;
            if sign::hex(&leaf.digest) != e.sha256 {
                return Err(damaged(
                    &index_file,
                    format!("the index and the log disagree about entry {i}"),
                ));
            }
        }
        // What each entry seals is what its artifact says.
        let read: Vec<Result<Artifact, Diagnostic>> = index
            .entries
            .par_iter()
            .map(|e| {
                let bytes = read_sealed(&dir, e)?;
                let file = dir.join(&e.artifact);
                let a = Artifact::parse(&bytes)
                    .map_err(|why| damaged(&file, format!("entry {}: {why}", e.index)))?;
                label_matches(e, &a)
                    .map_err(|why| damaged(&index_file, format!("entry {}: {why}", e.index)))?;
                Ok(a)
            })
            .collect();
        let mut artifacts = Vec::with_capacity(read.len());
        for a in read {
            artifacts.push(a?);
        }
        let said: Vec<truth::Said> = index
            .entries
            .iter()
            .zip(&artifacts)
            .enumerate()
            .map(|(pos, (entry, artifact))| truth::Said {
                pos,
                entry,
                artifact,
            })
            .collect();
        let t = truth::one_truth(&said);
        if let Some(c) = t.conflicts.first() {
            let by_pos: Vec<Option<Artifact>> = artifacts.iter().cloned().map(Some).collect();
            return Err(Diagnostic::error(format!(
                "the transparency log says two things: {}",
                conflict_message(c, &by_pos)
            ))
            .in_file(&index_file)
            .hint("`policypress publish` never writes such a log; restore transparency/ from version control to before the later entry, and publish the change as a new version"));
        }
        let mut versions = BTreeMap::new();
        let mut notices = BTreeMap::new();
        let mut relationships: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut transitions = Vec::new();
        let mut policy = None;
        let mut restamped = std::collections::BTreeSet::new();
        for (i, a) in artifacts.iter().enumerate() {
            match a {
                Artifact::Version(v) => {
                    versions.insert(
                        (v.document.clone(), v.version.to_string()),
                        (i, v.effective),
                    );
                }
                Artifact::Notice(n) => {
                    notices.insert((n.document.clone(), n.new.0.to_string()), i);
                }
                Artifact::Relationship(s) => {
                    relationships
                        .entry(s.relationship.clone())
                        .or_default()
                        .push(i);
                }
                Artifact::KeyTransition(k) => transitions.push((i, k.clone())),
                Artifact::SitePolicy(p) => policy = Some(p.clone()),
                Artifact::Timestamps(t) => restamped.extend(t.entries.iter().map(|(i, _)| *i)),
            }
        }
        check_key_chain(&dir, &transitions, checkpoint.size, unfinished)?;
        Ok(Sealed {
            dir,
            checkpoint,
            index,
            transitions,
            versions,
            notices,
            relationships,
            policy,
            restamped,
        })
    }

    /// The entry that sealed a version.
    pub fn version(&self, doc: &str, version: &str) -> Option<&IndexEntry> {
        self.versions
            .get(&(doc.to_string(), version.to_string()))
            .map(|(i, _)| &self.index.entries[*i])
    }

    /// The entry that sealed a version's change notice.
    pub fn notice(&self, doc: &str, version: &str) -> Option<&IndexEntry> {
        self.notices
            .get(&(doc.to_string(), version.to_string()))
            .map(|i| &self.index.entries[*i])
    }

    /// The latest sealed state of a relationship.
    pub fn relationship(&self, slug: &str) -> Option<&IndexEntry> {
        self.relationships
            .get(slug)
            .and_then(|l| l.last())
            .map(|i| &self.index.entries[*i])
    }

    /// How many states of a relationship are sealed.
    fn relationship_states(&self, slug: &str) -> u64 {
        self.relationships.get(slug).map_or(0, |l| l.len() as u64)
    }

    /// Every sealed state of a relationship, state 1 first: its entry and
    /// what it says (without its chain link).
    fn sealed_states(&self, slug: &str) -> Result<Vec<(&IndexEntry, StateFields)>, Diagnostic> {
        let Some(list) = self.relationships.get(slug) else {
            return Ok(Vec::new());
        };
        list.iter()
            .map(|i| {
                let e = &self.index.entries[*i];
                Ok((e, without_previous(&self.read_artifact(e)?)))
            })
            .collect()
    }

    /// The sealed versions of a document: number, effective date, entry.
    fn versions_of<'s>(
        &'s self,
        doc: &'s str,
    ) -> impl Iterator<Item = (&'s str, crate::model::Date, &'s IndexEntry)> + 's {
        self.versions
            .iter()
            .filter(move |((d, _), _)| d == doc)
            .map(|((_, v), (i, eff))| (v.as_str(), *eff, &self.index.entries[*i]))
    }

    fn read_artifact(&self, e: &IndexEntry) -> Result<Vec<u8>, Diagnostic> {
        read_sealed(&self.dir, e)
    }

    /// An error when sealing `v` now would back-date it: a version of its
    /// document that takes effect on or after its effective date is sealed
    /// already, and `v` does not say it is a late entry.
    fn back_dating(&self, doc: &Document, v: &Version) -> Option<Diagnostic> {
        let (number, effective, e) = self
            .versions_of(&doc.slug)
            .filter(|(_, eff, _)| {
                *eff > v.effective && v.late_entry.is_none() || *eff == v.effective
            })
            .min_by_key(|(_, eff, _)| *eff)?;
        let mut d = Diagnostic::error(format!(
            "version {} of {} takes effect before version {number} ({}), which the transparency log sealed earlier (entry {}): sealing it now would back-date it",
            v.number,
            doc.slug,
            crate::i18n::iso(effective),
            e.index
        ))
        .in_file(v.file.clone());
        // Point at `effective`, the date to check.
        let root = self.dir.parent().unwrap_or(Path::new("."));
        if let Ok(src) = fs::read_to_string(root.join(&v.file))
            && let Some(line) = src.lines().position(|l| {
                l.trim_start()
                    .strip_prefix("effective")
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
        {
            d = d.at_line_col(&src, line as u32 + 1, 1);
        }
        Some(d.hint(format!(
            "if this version was adopted before version {number} and is entered only now, say so in version.toml: late_entry = {{ nl = \"…\", en = \"…\" }} (readers are shown it); otherwise give it an effective date after {} and a number after {number}",
            crate::i18n::iso(effective)
        )))
    }

    /// Errors for every sealed version whose text or metadata differs from
    /// the content now, or that is gone from the content.
    pub fn contradictions(&self, site: &Site) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for ((doc_slug, number), (i, _)) in &self.versions {
            let e = &self.index.entries[*i];
            let doc = site.documents.get(doc_slug);
            let Some(v) = doc.and_then(|d| d.versions.iter().find(|v| v.number.as_str() == number))
            else {
                let folder = Path::new("content/documents").join(doc_slug).join(number);
                out.push(
                    Diagnostic::error(format!(
                        "version {number} of {doc_slug} was sealed in the transparency log (entry {}) but is missing from the content",
                        e.index
                    ))
                    .in_file(folder)
                    .hint("a published version stays published: restore its folder; publish a correction as a new version"),
                );
                continue;
            };
            let doc = doc.expect("bug: found a version of a missing document");
            let now = version_artifact(doc, v);
            if sha256_hex(&now) == e.sha256 {
                continue;
            }
            let (file, what) = match self.read_artifact(e) {
                Ok(old) => changed_part(&old, &now, v),
                Err(d) => {
                    out.push(d);
                    continue;
                }
            };
            out.push(
                Diagnostic::error(format!(
                    "version {number} of {doc_slug} was sealed in the transparency log (entry {}) and its {what} has changed since",
                    e.index
                ))
                .in_file(file)
                .hint("a sealed version cannot change: undo the edit, and publish the change as a new version"),
            );
        }
        // A change the log sealed stays in the file: it was announced.
        for rel in site.relationships.values() {
            let states = match self.sealed_states(&rel.slug) {
                Ok(s) => s,
                Err(d) => {
                    out.push(d);
                    continue;
                }
            };
            let froms: Vec<String> = rel.states().iter().map(|s| s.from.to_string()).collect();
            let mut told = std::collections::BTreeSet::new();
            for (e, m) in &states {
                let Some(from) = m.get("from").and_then(Value::as_str) else {
                    continue;
                };
                if froms.iter().any(|f| f == from) || !told.insert(from.to_string()) {
                    continue;
                }
                out.push(
                    Diagnostic::error(format!(
                        "relationship {} has no state from {from} any more, but the transparency log sealed one (entry {}, state {})",
                        rel.slug,
                        e.index,
                        e.state.unwrap_or(1)
                    ))
                    .in_file(&rel.file)
                    .hint(format!("a sealed change was announced and stays in the history: restore its [[change]] with from = {from}; to undo it, add a later [[change]] that sets the keys back")),
                );
            }
        }
        // A relationship that ended stays, with its end date: the log's
        // record of it must keep a page, and the end must be sealed too.
        for (slug, states) in &self.relationships {
            if site.relationships.contains_key(slug) {
                continue;
            }
            let last = states.last().map_or(0, |&i| self.index.entries[i].index);
            out.push(
                Diagnostic::error(format!(
                    "relationship {slug} was sealed in the transparency log (last at entry {last}) but is missing from the content"
                ))
                .in_file(Path::new("content/relationships").join(format!("{slug}.toml")))
                .hint("a relationship that ended keeps its file: restore it and set `until` to the date it ended; `policypress publish` then seals the end"),
            );
        }
        out
    }
}

/// Which file and part of a version differ between the sealed artifact
/// `old` and `now`.
fn changed_part(old: &[u8], now: &[u8], v: &Version) -> (PathBuf, String) {
    let old: Value = serde_json::from_slice(old).unwrap_or(Value::Null);
    let now: Value = serde_json::from_slice(now).unwrap_or(Value::Null);
    let empty = serde_json::Map::new();
    let bodies = |x: &Value| {
        x.get("bodies")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (ob, nb) = (bodies(&old), bodies(&now));
    for lang in ob.keys().chain(nb.keys()) {
        if ob.get(lang) != nb.get(lang) {
            let file = v
                .bodies
                .get(lang)
                .map(|b| b.file.clone())
                .unwrap_or_else(|| v.file.with_file_name(format!("{lang}.md")));
            let what = if nb.contains_key(lang) && ob.contains_key(lang) {
                format!("{lang} text")
            } else if nb.contains_key(lang) {
                format!("set of languages ({lang} was added)")
            } else {
                format!("set of languages ({lang} was removed)")
            };
            return (file, what);
        }
    }
    let oo = old.as_object().unwrap_or(&empty);
    let no = now.as_object().unwrap_or(&empty);
    let mut fields: Vec<&String> = oo
        .keys()
        .chain(no.keys())
        .filter(|k| *k != "bodies" && oo.get(*k) != no.get(*k))
        .collect();
    fields.sort();
    fields.dedup();
    let what = if fields.is_empty() {
        "metadata".to_string()
    } else {
        format!(
            "metadata ({})",
            fields
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    (v.file.clone(), what)
}

/// Warnings for each state of a relationship file that the log has not
/// sealed (yet): where the file and the log's states do not agree.
pub fn unsealed_relationships(sealed: &Sealed, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rel in site.relationships.values() {
        let states = sealed.sealed_states(&rel.slug).unwrap_or_default();
        let history = rel.states();
        for (st, m) in history.iter().zip(relationship_states(rel)) {
            if states.iter().any(|(_, s)| *s == m) {
                continue;
            }
            let at_from = states
                .iter()
                .rev()
                .find(|(_, s)| s.get("from").and_then(Value::as_str) == Some(&st.from.to_string()));
            let what = match (st.change, at_from) {
                (None, _) if history.len() == 1 => format!(
                    "the current state of relationship {} is not sealed in the transparency log",
                    rel.slug
                ),
                (_, Some((e, _))) => format!(
                    "the state of relationship {} from {} differs from the one the transparency log sealed (entry {})",
                    rel.slug, st.from, e.index
                ),
                _ => format!(
                    "the state of relationship {} from {} is not sealed in the transparency log",
                    rel.slug, st.from
                ),
            };
            let mut d = Diagnostic::warning(what)
                .in_file(&rel.file)
                .hint("run `policypress publish` to seal it");
            if let Some(c) = st.change {
                d = d.at(c.line, 1);
            }
            out.push(d);
        }
    }
    out
}

// ------------------------------------------------------------ publish

/// One artifact to seal.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The index entry, without its final index.
    pub entry: IndexEntry,
    pub bytes: Vec<u8>,
}

/// What `publish` would seal, in log order: for each document (by slug)
/// each unsealed version published by `as_of` (by number) and its change
/// notice, then each relationship whose state changed. Errors when sealed
/// content contradicts the content now, and for what would make the log
/// say two things: a version that takes effect before one sealed by an
/// earlier publish without saying it is a late entry, a second change
/// notice, an artifact sealed before, a file of the log written over.
pub fn plan(
    site: &Site,
    sealed: Option<&Sealed>,
    as_of: crate::model::Date,
) -> Result<Vec<Pending>, Vec<Diagnostic>> {
    if let Some(s) = sealed {
        let errors = s.contradictions(site);
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for doc in site.documents.values() {
        let mut previous: Option<(&Version, String)> = None;
        for v in &doc.versions {
            let bytes = version_artifact(doc, v);
            let digest = sha256_hex(&bytes);
            let is_sealed =
                sealed.is_some_and(|s| s.version(&doc.slug, v.number.as_str()).is_some());
            if !is_sealed && v.published_by(as_of) {
                if let Some(s) = sealed {
                    errors.extend(s.back_dating(doc, v));
                    if let Some(n) = s.notice(&doc.slug, v.number.as_str()) {
                        errors.push(
                            Diagnostic::error(format!(
                                "the transparency log holds a change notice for version {} of {} (entry {}), but not the version",
                                v.number, doc.slug, n.index
                            ))
                            .in_file(v.file.clone())
                            .hint("`policypress publish` seals a notice with its version; restore transparency/ from version control"),
                        );
                    }
                }
                let base = format!("documents/{}/{}", doc.slug, v.number);
                out.push(Pending {
                    entry: IndexEntry {
                        index: 0,
                        kind: "version".into(),
                        document: Some(doc.slug.clone()),
                        version: Some(v.number.to_string()),
                        relationship: None,
                        state: None,
                        sha256: digest.clone(),
                        artifact: format!("artifacts/{base}.json"),
                        bundle: format!("bundles/{base}.sigstore.json"),
                    },
                    bytes,
                });
                if v.material
                    && let Some((prev, prev_digest)) = &previous
                {
                    let notice = notice_artifact(doc, prev, prev_digest, v, &digest);
                    out.push(Pending {
                        entry: IndexEntry {
                            index: 0,
                            kind: "change-notice".into(),
                            document: Some(doc.slug.clone()),
                            version: Some(v.number.to_string()),
                            relationship: None,
                            state: None,
                            sha256: sha256_hex(&notice),
                            artifact: format!("artifacts/{base}.notice.json"),
                            bundle: format!("bundles/{base}.notice.sigstore.json"),
                        },
                        bytes: notice,
                    });
                }
            }
            previous = Some((v, digest));
        }
    }
    for rel in site.relationships.values() {
        let states = match sealed {
            Some(s) => s.sealed_states(&rel.slug).map_err(|d| vec![d])?,
            None => Vec::new(),
        };
        let mut last = sealed
            .and_then(|s| s.relationship(&rel.slug))
            .map(|e| e.sha256.clone());
        let mut n = sealed.map_or(0, |s| s.relationship_states(&rel.slug));
        for state in relationship_states(rel) {
            if states.iter().any(|(_, s)| *s == state) {
                continue;
            }
            n += 1;
            let bytes = relationship_artifact(&state, last.as_deref());
            let digest = sha256_hex(&bytes);
            let base = format!("relationships/{}/{n}", rel.slug);
            last = Some(digest.clone());
            out.push(Pending {
                entry: IndexEntry {
                    index: 0,
                    kind: "relationship".into(),
                    document: None,
                    version: None,
                    relationship: Some(rel.slug.clone()),
                    state: Some(n),
                    sha256: digest,
                    artifact: format!("artifacts/{base}.json"),
                    bundle: format!("bundles/{base}.sigstore.json"),
                },
                bytes,
            });
        }
    }
    if let Some(s) = sealed {
        errors.extend(overwrites(s, &out));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The site policy to seal, when it is not the one sealed last: sealed
/// once the site names timestamp authorities (and from then on whenever
/// it changes), with the notice period and each authority's chain file
/// and its SHA-256, read from `<root>/transparency/tsa/`.
pub fn policy_pending(
    root: &Path,
    site: &Site,
    sealed: Option<&Sealed>,
) -> Result<Option<Pending>, Vec<Diagnostic>> {
    let urls = site.config.timestamp_authorities().to_vec();
    let before = sealed.and_then(|s| s.policy.as_ref());
    if urls.is_empty() && before.is_none() {
        return Ok(None);
    }
    let tsas = committed_chains(root, &urls)?
        .into_iter()
        .map(|c| artifact::SealedTsa {
            url: c.url,
            sha256: sha256_hex(&c.bytes),
            certificates: c.file,
        })
        .collect();
    let policy = artifact::SitePolicy {
        material_notice_days: site.config.material_notice_days,
        timestamp_authorities: tsas,
    };
    if before == Some(&policy) {
        return Ok(None);
    }
    let n = sealed.map_or(0, |s| {
        s.index
            .entries
            .iter()
            .filter(|e| e.kind == "site-policy")
            .count()
    }) + 1;
    let bytes = policy_artifact(&policy);
    Ok(Some(Pending {
        entry: IndexEntry {
            index: 0,
            kind: "site-policy".into(),
            document: None,
            version: None,
            relationship: None,
            state: None,
            sha256: sha256_hex(&bytes),
            artifact: format!("artifacts/site-policy/{n}.json"),
            bundle: format!("bundles/site-policy/{n}.sigstore.json"),
        },
        bytes,
    }))
}

/// The committed chains of the authorities in `urls` (each must be there).
pub fn configured_tsas(
    root: &Path,
    urls: &[String],
) -> Result<Vec<crate::tsa::Authority>, Vec<Diagnostic>> {
    Ok(committed_chains(root, urls)?
        .into_iter()
        .map(|c| c.authority)
        .collect())
}

/// One configured authority's chain as committed under `transparency/tsa/`.
pub struct CommittedChain {
    /// The authority's URL, as `site.toml` names it.
    pub url: String,
    /// The chain file below `transparency/`: `tsa/<name>.pem`.
    pub file: String,
    /// Its bytes, as sealed in a site policy.
    pub bytes: Vec<u8>,
    /// Its certificates.
    pub authority: crate::tsa::Authority,
}

/// Reads and parses the committed chain of the authority at `url`; the
/// error is the file (from the site folder) and why it cannot be used.
/// `None` when the URL names no file (which `content` refuses).
pub fn read_committed_chain(
    root: &Path,
    url: &str,
) -> Option<Result<CommittedChain, (String, String)>> {
    let name = crate::tsa::file_name(url)?;
    let file = format!("{}/{name}", crate::tsa::DIR);
    let shown = format!("{DIR}/{file}");
    let bytes = match fs::read(root.join(DIR).join(&file)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(Err((shown, "missing".to_string())));
        }
        Err(e) => return Some(Err((shown, e.to_string()))),
    };
    Some(
        match crate::tsa::parse_chain(name.trim_end_matches(".pem"), &bytes) {
            Ok(authority) => Ok(CommittedChain {
                url: url.to_string(),
                file,
                bytes,
                authority,
            }),
            Err(e) => Err((shown, format!("it {e}"))),
        },
    )
}

/// The committed chain of every authority in `urls`, each read once: what
/// `publish` seals in the site policy and what it checks tokens against
/// are the same bytes. A chain missing or unusable is an error on
/// `site.toml`, all of them reported together.
pub fn committed_chains(
    root: &Path,
    urls: &[String],
) -> Result<Vec<CommittedChain>, Vec<Diagnostic>> {
    let mut chains = Vec::new();
    let mut errors = Vec::new();
    for url in urls {
        match read_committed_chain(root, url) {
            Some(Ok(c)) => chains.push(c),
            Some(Err((file, why))) => errors.push(
                crate::messages::Message::TsaWithoutCertificates {
                    url: url.clone(),
                    file,
                    why,
                }
                .error()
                .in_file("content/site.toml"),
            ),
            None => errors.push(
                Diagnostic::error(format!("the timestamp authority {url} names no file"))
                    .in_file("content/site.toml"),
            ),
        }
    }
    if errors.is_empty() {
        Ok(chains)
    } else {
        Err(errors)
    }
}

/// The canonical JSON of a site policy.
pub fn policy_artifact(p: &artifact::SitePolicy) -> Vec<u8> {
    let tsas: Vec<Value> = p
        .timestamp_authorities
        .iter()
        .map(|t| json!({"url": t.url, "certificates": t.certificates, "sha256": t.sha256}))
        .collect();
    canonical::to_vec(&json!({
        "type": artifact::SITE_POLICY_V1,
        "material_notice_days": p.material_notice_days,
        "timestamp_authorities": tsas,
    }))
    .expect("bug: an artifact has no floats")
}

/// Every sealed entry whose bundle has no timestamp and that no later
/// `timestamps` entry stamped, as `(index, sha256)`: what `publish
/// --timestamp-pending` stamps. Errors name a bundle that cannot be read.
pub fn untimestamped(sealed: &Sealed) -> Result<Vec<(u64, String)>, Diagnostic> {
    let mut out = Vec::new();
    for e in &sealed.index.entries {
        if sealed.restamped.contains(&e.index) {
            continue;
        }
        let p = sealed.dir.join(&e.bundle);
        let bytes = fs::read(&p).map_err(|err| damaged(&p, format!("cannot read it ({err})")))?;
        let b = Bundle::parse(&bytes).map_err(|why| damaged(&p, format!("the bundle {why}")))?;
        if b.timestamps.is_empty() {
            out.push((e.index, e.sha256.clone()));
        }
    }
    Ok(out)
}

/// The entry that stamps `entries` (`publish --timestamp-pending`).
pub fn timestamps_pending(sealed: &Sealed, entries: &[(u64, String)]) -> Pending {
    let n = sealed
        .index
        .entries
        .iter()
        .filter(|e| e.kind == "timestamps")
        .count()
        + 1;
    let list: Vec<Value> = entries
        .iter()
        .map(|(i, h)| json!({"index": i, "sha256": h}))
        .collect();
    let bytes = canonical::to_vec(&json!({"type": artifact::TIMESTAMPS_V1, "entries": list}))
        .expect("bug: an artifact has no floats");
    Pending {
        entry: IndexEntry {
            index: 0,
            kind: "timestamps".into(),
            document: None,
            version: None,
            relationship: None,
            state: None,
            sha256: sha256_hex(&bytes),
            artifact: format!("artifacts/timestamps/{n}.json"),
            bundle: format!("bundles/timestamps/{n}.sigstore.json"),
        },
        bytes,
    }
}

/// Errors for pending entries that would write over a file the log seals
/// (or another pending entry's), or seal an artifact the log holds
/// already. Files no sealed entry names are what an interrupted publish
/// left behind, and are written anew.
fn overwrites(sealed: &Sealed, pending: &[Pending]) -> Vec<Diagnostic> {
    let mut files: BTreeMap<&str, u64> = BTreeMap::new();
    let mut digests: BTreeMap<&str, u64> = BTreeMap::new();
    for e in &sealed.index.entries {
        files.insert(&e.artifact, e.index);
        files.insert(&e.bundle, e.index);
        digests.insert(&e.sha256, e.index);
    }
    let mut out = Vec::new();
    let mut new_files = std::collections::BTreeSet::new();
    for p in pending {
        for path in [&p.entry.artifact, &p.entry.bundle] {
            let taken = files
                .get(path.as_str())
                .map(|i| format!("which the log seals as entry {i}"));
            let twice = (!new_files.insert(path.as_str())).then(|| "twice".to_string());
            if let Some(why) = taken.or(twice) {
                out.push(
                    Diagnostic::error(format!(
                        "publish would write over {DIR}/{path}, {why}"
                    ))
                    .in_file(Path::new(DIR).join(path))
                    .hint("a sealed file is never replaced; transparency/ and its index.json are written only by `policypress publish`: restore them from version control"),
                );
            }
        }
        if let Some(i) = digests.get(p.entry.sha256.as_str()) {
            out.push(
                Diagnostic::error(format!(
                    "publish would seal {} again: entry {i} of the log holds the same artifact",
                    p.entry.artifact
                ))
                .in_file(Path::new(DIR).join(&p.entry.artifact))
                .hint("restore transparency/ from version control; it is only ever written by `policypress publish`"),
            );
        }
    }
    out
}

/// `publish --dry-run`: prints what `pending` would add to a log of `size`
/// entries, entry by entry, and writes nothing.
pub fn dry_run(pending: &[Pending], size: u64) {
    if pending.is_empty() {
        println!("Nothing new to seal; the log has {size} entries. (dry run: nothing was written)");
        return;
    }
    for (k, p) in pending.iter().enumerate() {
        let what = match (&p.entry.document, &p.entry.version, &p.entry.relationship) {
            (Some(d), Some(v), _) if p.entry.kind == "change-notice" => {
                format!("the change notice of version {v} of {d}")
            }
            (Some(d), Some(v), _) => format!("version {v} of {d}"),
            (_, _, Some(r)) => format!("state {} of relationship {r}", p.entry.state.unwrap_or(1)),
            _ => p.entry.kind.clone(),
        };
        println!(
            "  would seal #{:<5} {}  {}  ({what})",
            size + k as u64,
            &p.entry.sha256[..16],
            p.entry.artifact
        );
    }
    println!(
        "Would seal {} artifact{}; the log would then have {} entries. (dry run: nothing was written)",
        pending.len(),
        if pending.len() == 1 { "" } else { "s" },
        size + pending.len() as u64
    );
}

/// What went wrong while publishing.
#[derive(Debug)]
pub enum PublishError {
    /// The content contradicts the log, or transparency/ is damaged.
    Content(Vec<Diagnostic>),
    /// A key or file problem.
    Failed(String),
}

impl From<tlog::Error> for PublishError {
    fn from(e: tlog::Error) -> Self {
        PublishError::Failed(e.to_string())
    }
}

/// How `publish` gets trusted time for what it seals.
pub enum Stamping<'a> {
    /// No timestamps: no authority is configured, or `--no-timestamp`
    /// (the entries are then shown as not timestamped).
    None,
    /// A token from each of these authorities (URLs) over every new
    /// signature, checked against the committed chains.
    Ask {
        urls: &'a [String],
        trust: &'a crate::tsa::Trust,
    },
}

/// Seals `pending` into the log in `<root>/transparency`: appends the log
/// entries, writes artifacts, bundles and the index, and writes the signed
/// checkpoint last. Returns the new index entries.
pub fn seal(
    root: &Path,
    origin: &str,
    sealed: Option<&Sealed>,
    pending: Vec<Pending>,
    artifact_key: &ArtifactKey,
    checkpoint_key: &tlog::Signer,
) -> Result<Vec<IndexEntry>, PublishError> {
    seal_stamped(
        root,
        origin,
        sealed,
        pending,
        artifact_key,
        checkpoint_key,
        &Stamping::None,
    )
}

/// [`seal`], with a timestamp token from each authority `stamping` names
/// in every new bundle, all obtained before anything is written.
pub fn seal_stamped(
    root: &Path,
    origin: &str,
    sealed: Option<&Sealed>,
    pending: Vec<Pending>,
    artifact_key: &ArtifactKey,
    checkpoint_key: &tlog::Signer,
    stamping: &Stamping<'_>,
) -> Result<Vec<IndexEntry>, PublishError> {
    // Keys that do not fit are refused before any authority is asked.
    check_public_keys(&root.join(DIR), artifact_key, checkpoint_key)?;
    let prepared = prepare(pending, artifact_key, stamping)?;
    seal_prepared(root, origin, sealed, prepared, artifact_key, checkpoint_key)
}

/// What is to be sealed, signed and timestamped, with nothing written yet:
/// see [`prepare`].
pub struct Prepared {
    pending: Vec<Pending>,
    signed: Vec<([u8; 32], Vec<u8>)>,
    bodies: Vec<Vec<u8>>,
    tokens: Vec<Vec<Vec<u8>>>,
}

/// Signs every pending artifact with `artifact_key` and gets the tokens
/// `stamping` asks for over each signature. Writes nothing, so a
/// timestamp authority that cannot be reached or answers badly leaves
/// everything as it was; [`seal_prepared`] then writes it all.
pub fn prepare(
    pending: Vec<Pending>,
    artifact_key: &ArtifactKey,
    stamping: &Stamping<'_>,
) -> Result<Prepared, PublishError> {
    // What readers would refuse to read is not sealed.
    let too_large: Vec<Diagnostic> = pending
        .iter()
        .filter(|p| p.bytes.len() as u64 > crate::verify::MAX_ARTIFACT)
        .map(|p| {
            Diagnostic::error(format!(
                "the artifact {} would be {} bytes, more than the {} a reader's verify accepts; nothing was sealed",
                p.entry.artifact,
                p.bytes.len(),
                crate::verify::MAX_ARTIFACT
            ))
            .hint("split the text into smaller versions or documents, or move large parts out of it")
        })
        .collect();
    if !too_large.is_empty() {
        return Err(PublishError::Content(too_large));
    }
    let public_der = artifact_key.public_der().to_vec();
    let mut signed = Vec::with_capacity(pending.len());
    let mut bodies = Vec::with_capacity(pending.len());
    for p in &pending {
        let digest: [u8; 32] = Sha256::digest(&p.bytes).into();
        let sig = artifact_key
            .sign(&p.bytes)
            .map_err(|e| PublishError::Failed(e.to_string()))?;
        bodies.push(hashedrekord_body(&digest, &sig, &public_der));
        signed.push((digest, sig));
    }
    let sigs: Vec<&[u8]> = signed.iter().map(|(_, s)| s.as_slice()).collect();
    let tokens = stamp(stamping, &sigs)?;
    Ok(Prepared {
        pending,
        signed,
        bodies,
        tokens,
    })
}

/// The tokens `stamping` asks for over each of `signatures`, in order.
fn stamp(stamping: &Stamping<'_>, signatures: &[&[u8]]) -> Result<Vec<Vec<Vec<u8>>>, PublishError> {
    match stamping {
        Stamping::None => Ok(vec![Vec::new(); signatures.len()]),
        Stamping::Ask { urls, trust } => {
            crate::tsa::obtain_all(urls, trust, signatures).map_err(PublishError::Failed)
        }
    }
}

/// Seals what [`prepare`] signed and stamped into the log in
/// `<root>/transparency`, as [`seal`] does; `artifact_key` must be the key
/// it was signed with.
pub fn seal_prepared(
    root: &Path,
    origin: &str,
    sealed: Option<&Sealed>,
    prepared: Prepared,
    artifact_key: &ArtifactKey,
    checkpoint_key: &tlog::Signer,
) -> Result<Vec<IndexEntry>, PublishError> {
    let dir = root.join(DIR);
    check_public_keys(&dir, artifact_key, checkpoint_key)?;
    let Prepared {
        pending,
        signed,
        bodies,
        tokens,
    } = prepared;
    if let Some(s) = sealed {
        let refused = overwrites(s, &pending);
        if !refused.is_empty() {
            return Err(PublishError::Content(refused));
        }
    }
    let mut log = tlog::Log::open(dir.join(LOG_DIR), origin)?;
    let first = log.size();
    let mut entries = sealed.map(|s| s.index.entries.clone()).unwrap_or_default();
    if entries.len() as u64 != first {
        return Err(PublishError::Failed(format!(
            "the index lists {} entries but the log has {first}",
            entries.len()
        )));
    }
    let public_der = artifact_key.public_der().to_vec();
    let indexes = log.append(&bodies)?;
    let cp = Checkpoint::new(origin, log.size(), log.root()?);
    let note_bytes = note::sign(&cp.to_text(), &[checkpoint_key])?;
    let id = log_id(&checkpoint_key.verifier());
    let mut new_entries = Vec::new();
    for ((((p, (digest, sig)), body), index), tokens) in pending
        .into_iter()
        .zip(signed)
        .zip(bodies)
        .zip(indexes)
        .zip(tokens)
    {
        let proof = log.inclusion_proof(index, cp.size)?;
        let b = bundle_stamped(
            &digest,
            &sig,
            &public_der,
            &body,
            index,
            &id,
            &cp,
            &note_bytes,
            &proof,
            tokens,
        );
        write_file(&dir.join(&p.entry.artifact), &p.bytes, false)?;
        write_file(&dir.join(&p.entry.bundle), &b, false)?;
        let mut e = p.entry;
        e.index = index;
        entries.push(e.clone());
        new_entries.push(e);
    }
    let index = Index {
        schema: INDEX_SCHEMA.into(),
        origin: origin.into(),
        entries,
    };
    // The index is written beside the current one and renamed into place
    // only after the checkpoint: a publish killed at any moment leaves the
    // checkpoint and an index of the same size (index.json, or the pending
    // one when it died between the checkpoint and the rename).
    let pending = dir.join(PENDING_INDEX_FILE);
    write_file(&pending, &index.to_bytes(), false)?;
    // One flush of the whole file system instead of one per file: every
    // artifact, bundle and the index are on disk before the checkpoint
    // that publishes them.
    flush_filesystem(&dir)?;
    log.store().write_checkpoint(&note_bytes)?;
    let index_file = dir.join(INDEX_FILE);
    fs::rename(&pending, &index_file).map_err(|e| {
        PublishError::Failed(format!("moving {} into place: {e}", index_file.display()))
    })?;
    Ok(new_entries)
}

/// Replaces the keys of the log in `<root>/transparency` (`keygen
/// --rotate`): seals a key transition naming the current and the next
/// keys, signed by the current artifact key, under a checkpoint signed by
/// both the current and the next checkpoint key; keeps the current public
/// keys in `keys/<n>/`; and puts the next ones at the fixed names, so that
/// `publish` signs with them from now on. Returns the transition's entry.
pub fn rotate(
    root: &Path,
    sealed: &Sealed,
    current: (&ArtifactKey, &tlog::Signer),
    next: (&ArtifactKey, &tlog::Signer),
    stamping: &Stamping<'_>,
) -> Result<IndexEntry, PublishError> {
    let dir = root.join(DIR);
    check_public_keys(&dir, current.0, current.1)?;
    let origin = sealed.checkpoint.origin.as_str();
    if next.1.name() != origin {
        return Err(PublishError::Failed(format!(
            "bug: the next checkpoint key is named {:?}, not {origin:?}",
            next.1.name()
        )));
    }
    let number = sealed.transitions.len() as u64 + 1;
    let pair = |a: &ArtifactKey, c: &tlog::Signer| artifact::KeyPair {
        publisher_key: a.public_der().to_vec(),
        log_key: c.verifier().to_key_string(),
    };
    let transition = artifact::KeyTransition {
        origin: origin.to_string(),
        number,
        previous: pair(current.0, current.1),
        next: pair(next.0, next.1),
    };
    let bytes = transition.to_bytes();
    let kept = dir.join(logs::KEYS_DIR).join(number.to_string());
    if kept.exists() {
        return Err(PublishError::Failed(format!(
            "{} exists, but the log holds no key transition {number}: an earlier rotation was interrupted\n  = hint: restore transparency/ from version control and run it again",
            kept.display()
        )));
    }
    let mut log = tlog::Log::open(dir.join(LOG_DIR), origin)?;
    let mut entries = sealed.index.entries.clone();
    if entries.len() as u64 != log.size() {
        return Err(PublishError::Failed(format!(
            "the index lists {} entries but the log has {}",
            entries.len(),
            log.size()
        )));
    }
    let public_der = current.0.public_der().to_vec();
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    let sig = current
        .0
        .sign(&bytes)
        .map_err(|e| PublishError::Failed(e.to_string()))?;
    let body = hashedrekord_body(&digest, &sig, &public_der);
    // Trusted time before anything is written, as `publish` gets it.
    let tokens = stamp(stamping, &[&sig])?.pop().unwrap_or_default();
    let index = log.append(&[&body])?[0];
    let cp = Checkpoint::new(origin, log.size(), log.root()?);
    // Both keys sign: the old one hands over, the new one takes over.
    let note_bytes = note::sign(&cp.to_text(), &[current.1, next.1])?;
    let proof = log.inclusion_proof(index, cp.size)?;
    let b = bundle_stamped(
        &digest,
        &sig,
        &public_der,
        &body,
        index,
        &log_id(&current.1.verifier()),
        &cp,
        &note_bytes,
        &proof,
        tokens,
    );
    let entry = IndexEntry {
        index,
        kind: "key-transition".into(),
        document: None,
        version: None,
        relationship: None,
        state: None,
        sha256: sha256_hex(&bytes),
        artifact: format!("artifacts/keys/{number}.json"),
        bundle: format!("bundles/keys/{number}.sigstore.json"),
    };
    write_file(&dir.join(&entry.artifact), &bytes, false)?;
    write_file(&dir.join(&entry.bundle), &b, false)?;
    crash_point("rotate:artifact");
    for name in [sign::PUBLIC_KEY_FILE, sign::VERIFIER_KEY_FILE] {
        let from = dir.join(name);
        let kept_bytes = fs::read(&from)
            .map_err(|e| PublishError::Failed(format!("reading {}: {e}", from.display())))?;
        write_file(&kept.join(name), &kept_bytes, false)?;
    }
    crash_point("rotate:kept-keys");
    entries.push(entry.clone());
    let index_bytes = Index {
        schema: INDEX_SCHEMA.into(),
        origin: origin.into(),
        entries,
    }
    .to_bytes();
    let pending = dir.join(PENDING_INDEX_FILE);
    write_file(&pending, &index_bytes, false)?;
    flush_filesystem(&dir)?;
    crash_point("rotate:pending-index");
    // The checkpoint verifies with the old and the new key alike, so the
    // log stays readable whichever key file a reader sees first.
    log.store().write_checkpoint(&note_bytes)?;
    crash_point("rotate:checkpoint");
    finish_rotation(root, &transition.next)?;
    Ok(entry)
}

/// Dies here, as a crash would (no clean-up, nothing flushed), when
/// `POLICYPRESS_CRASH_AT` names this point: how the tests interrupt
/// `keygen --rotate` and `keygen --new-log` after each of their steps.
pub fn crash_point(point: &str) {
    if std::env::var_os("POLICYPRESS_CRASH_AT").is_some_and(|v| v == point) {
        std::process::abort();
    }
}

/// The steps of a rotation after its checkpoint, which holds the key
/// transition to `next`: the fixed names take the new public keys, and the
/// index that lists the transition goes into place. Run again, it does
/// what is left: an interrupted rotation is finished with it.
pub fn finish_rotation(root: &Path, next: &artifact::KeyPair) -> Result<(), PublishError> {
    let dir = root.join(DIR);
    let vkey = format!("{}\n", next.log_key);
    for (name, bytes) in [
        (
            sign::PUBLIC_KEY_FILE,
            sign::public_pem(&next.publisher_key).into_bytes(),
        ),
        (sign::VERIFIER_KEY_FILE, vkey.into_bytes()),
    ] {
        let file = dir.join(name);
        if fs::read(&file).ok().as_deref() != Some(&bytes[..]) {
            write_file(&file, &bytes, true)?;
            crash_point("rotate:public-key");
        }
    }
    let pending = dir.join(PENDING_INDEX_FILE);
    if pending.exists() {
        let index_file = dir.join(INDEX_FILE);
        fs::rename(&pending, &index_file).map_err(|e| {
            PublishError::Failed(format!("moving {} into place: {e}", index_file.display()))
        })?;
    }
    Ok(())
}

/// Removes what a rotation to key transition `number` wrote before it
/// died short of its checkpoint: the transition's artifact and bundle,
/// the kept public keys and the index that would have listed it. None of
/// it is in the log (`sealed`, which holds no transition `number`), so
/// nothing sealed is lost, and the rotation can run again.
pub fn clear_unsealed_rotation(
    root: &Path,
    sealed: &Sealed,
    number: u64,
) -> Result<(), PublishError> {
    if sealed.transitions.len() as u64 >= number {
        return Err(PublishError::Failed(format!(
            "bug: key transition {number} is in the log; it is finished, not cleared"
        )));
    }
    let dir = root.join(DIR);
    let fail = |p: &Path, e: std::io::Error| {
        PublishError::Failed(format!("removing {}: {e}", p.display()))
    };
    let kept = dir.join(logs::KEYS_DIR).join(number.to_string());
    if kept.exists() {
        fs::remove_dir_all(&kept).map_err(|e| fail(&kept, e))?;
    }
    for f in [
        format!("artifacts/keys/{number}.json"),
        format!("bundles/keys/{number}.sigstore.json"),
    ] {
        let f = dir.join(f);
        if f.exists() {
            fs::remove_file(&f).map_err(|e| fail(&f, e))?;
        }
    }
    // An index beyond the checkpoint was never the log's.
    let pending = dir.join(PENDING_INDEX_FILE);
    let beyond = fs::read(&pending)
        .ok()
        .and_then(|b| serde_json::from_slice::<Index>(&b).ok())
        .is_some_and(|i| i.entries.len() as u64 > sealed.checkpoint.size);
    if beyond {
        fs::remove_file(&pending).map_err(|e| fail(&pending, e))?;
    }
    Ok(())
}

/// Refuses keys that do not belong to the site: the public keys in
/// `transparency/` must be the private keys' own.
fn check_public_keys(
    dir: &Path,
    artifact_key: &ArtifactKey,
    checkpoint_key: &tlog::Signer,
) -> Result<(), PublishError> {
    let pub_file = dir.join(sign::PUBLIC_KEY_FILE);
    let pem = fs::read_to_string(&pub_file).map_err(|e| {
        PublishError::Failed(format!(
            "cannot read {}: {e}\n  = hint: create the keys with `policypress keygen` first",
            pub_file.display()
        ))
    })?;
    let der = sign::parse_public_pem(&pem)
        .map_err(|why| PublishError::Failed(format!("{} {why}", pub_file.display())))?;
    if der != artifact_key.public_der() {
        return Err(PublishError::Failed(format!(
            "the signing key does not belong to this site: it does not match {}\n  = hint: give the publisher.key made for this site with --key",
            pub_file.display()
        )));
    }
    let vkey_file = dir.join(sign::VERIFIER_KEY_FILE);
    let vkey = fs::read_to_string(&vkey_file)
        .map_err(|e| PublishError::Failed(format!("cannot read {}: {e}", vkey_file.display())))?;
    if vkey.trim() != checkpoint_key.verifier().to_key_string() {
        return Err(PublishError::Failed(format!(
            "the checkpoint key does not belong to this log: it does not match {}\n  = hint: the checkpoint key's name must be the site's transparency origin; give the checkpoint.key made for this site",
            vkey_file.display()
        )));
    }
    Ok(())
}

/// Writes `bytes` to a temp file beside `path`, flushes it and renames it
/// into place, so a reader sees the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    write_file(path, bytes, true)
}

fn flush_filesystem(dir: &Path) -> Result<(), PublishError> {
    let f = fs::File::open(dir)
        .map_err(|e| PublishError::Failed(format!("opening {}: {e}", dir.display())))?;
    rustix::fs::syncfs(&f)
        .map_err(|e| PublishError::Failed(format!("flushing {} to disk: {e}", dir.display())))
}

/// [`write_atomic`], flushing the file itself only when `durable`; the
/// caller flushes otherwise.
fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<(), PublishError> {
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        PublishError::Failed(format!("{what} {}: {e}", p.display()))
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| fail("creating folder", parent, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(|e| fail("creating", &tmp, e))?;
        f.write_all(bytes).map_err(|e| fail("writing", &tmp, e))?;
        if durable {
            f.sync_all().map_err(|e| fail("flushing", &tmp, e))?;
        }
        fs::rename(&tmp, path).map_err(|e| fail("renaming into", path, e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

// ------------------------------------------------------------ build

/// What a sealed relationship state says: its artifact's fields, without
/// its chain link.
type StateFields = serde_json::Map<String, Value>;

/// What a build needs to know of the log: which versions, notices and
/// relationship states are sealed where (as their artifacts say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seals {
    pub origin: String,
    pub size: u64,
    /// The checkpoint key, as `log.vkey` holds it.
    pub vkey: String,
    /// SHA-256 of the publisher's key, as bundles name it.
    pub key_hint: String,
    versions: BTreeMap<(String, String), IndexEntry>,
    notices: BTreeMap<(String, String), IndexEntry>,
    /// Relationship → every sealed state, state 1 first, with what it
    /// says (without its chain link).
    relationships: BTreeMap<String, Vec<(IndexEntry, StateFields)>>,
    /// The site's earlier logs, closed when their keys were lost, oldest
    /// first.
    pub earlier: Vec<logs::EarlierLog>,
    /// The key transitions of this log: (entry, number), oldest first.
    pub rotations: Vec<(u64, u64)>,
    /// The size in bytes of each artifact and bundle, by its path below
    /// `transparency/`, for the pages that offer them as downloads.
    sizes: BTreeMap<String, u64>,
    /// What the site's sealed policy asks of time, when it names
    /// timestamp authorities: the pages then say when each entry was sealed.
    pub time: Option<SealTimes>,
}

/// Days after its `published` date (or a relationship state's first day)
/// by which an entry must be sealed not to be "sealed late": `verify`
/// reports it, and the pages say it.
pub const LATE_AFTER_DAYS: i64 = 7;

/// When each entry was sealed, as the site's own bundles say (the
/// `genTime` of their first timestamp, or of the later entry that stamped
/// them); `verify` is what checks the tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealTimes {
    /// The notice period the sealed policy asks, in days.
    pub material_notice_days: u32,
    /// Log index → the day (UTC) it was sealed.
    pub days: BTreeMap<u64, crate::model::Date>,
}

impl SealTimes {
    /// Reads the times of every entry's bundle; `None` unless the sealed
    /// policy names a timestamp authority.
    fn read(sealed: &Sealed) -> Option<SealTimes> {
        let policy = sealed.policy.as_ref()?;
        if policy.timestamp_authorities.is_empty() {
            return None;
        }
        let mut days = BTreeMap::new();
        let time_of = |e: &IndexEntry| {
            let bytes = fs::read(sealed.dir.join(&e.bundle)).ok()?;
            let b = Bundle::parse(&bytes).ok()?;
            let unix = crate::tsa::gen_time_unchecked(b.timestamps.first()?)?;
            Some(time::OffsetDateTime::from_unix_timestamp(unix).ok()?.date())
        };
        for e in &sealed.index.entries {
            if let Some(d) = time_of(e) {
                days.insert(e.index, d);
            }
            if e.kind == "timestamps"
                && let Some(d) = days.get(&e.index).copied()
                && let Ok(bytes) = fs::read(sealed.dir.join(&e.artifact))
                && let Ok(Artifact::Timestamps(t)) = Artifact::parse(&bytes)
            {
                for (i, _) in t.entries {
                    days.entry(i).or_insert(d);
                }
            }
        }
        Some(SealTimes {
            material_notice_days: policy.material_notice_days,
            days,
        })
    }
}

/// The `sealed`, `artifact_digest` and `log_index` fields of the API for
/// one version or relationship of a site with a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSeal {
    /// Whether the log seals it (for a relationship: the state shown).
    pub sealed: bool,
    /// `sha256:` and the lowercase hex SHA-256 of its artifact.
    pub artifact_digest: Option<String>,
    /// Its entry in the log.
    pub log_index: Option<u64>,
}

impl ApiSeal {
    fn of(e: Option<&IndexEntry>) -> ApiSeal {
        ApiSeal {
            sealed: e.is_some(),
            artifact_digest: e.map(|e| format!("sha256:{}", e.sha256)),
            log_index: e.map(|e| e.index),
        }
    }
}

impl Seals {
    /// The sealed state as a build shows it.
    pub fn new(sealed: &Sealed) -> Seals {
        let entry = |i: &usize| sealed.index.entries[*i].clone();
        let versions = sealed
            .versions
            .iter()
            .map(|(k, (i, _))| (k.clone(), entry(i)))
            .collect();
        let notices = sealed
            .notices
            .iter()
            .map(|(k, i)| (k.clone(), entry(i)))
            .collect();
        let relationships = sealed
            .relationships
            .keys()
            .map(|slug| {
                let states = sealed
                    .sealed_states(slug)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(e, m)| (e.clone(), m))
                    .collect();
                (slug.clone(), states)
            })
            .collect();
        let read = |name: &str| fs::read_to_string(sealed.dir.join(name)).unwrap_or_default();
        Seals {
            origin: sealed.checkpoint.origin.clone(),
            size: sealed.checkpoint.size,
            vkey: read(sign::VERIFIER_KEY_FILE).trim().to_string(),
            key_hint: sign::parse_public_pem(&read(sign::PUBLIC_KEY_FILE))
                .map(|der| sign::key_hint(&der))
                .unwrap_or_default(),
            versions,
            notices,
            relationships,
            earlier: logs::read(&sealed.dir).unwrap_or_default(),
            rotations: sealed
                .transitions
                .iter()
                .map(|(i, t)| (*i as u64, t.number))
                .collect(),
            sizes: sealed
                .index
                .entries
                .iter()
                .flat_map(|e| [&e.artifact, &e.bundle])
                .filter_map(|rel| {
                    let len = fs::metadata(sealed.dir.join(rel)).ok()?.len();
                    Some((rel.clone(), len))
                })
                .collect(),
            time: SealTimes::read(sealed),
        }
    }

    /// The size in bytes of an artifact or bundle (by its path below
    /// `transparency/`), as it is published.
    pub fn file_size(&self, rel: &str) -> Option<u64> {
        self.sizes.get(rel).copied()
    }

    /// The entry that sealed a version: the seal of its page.
    pub fn version(&self, doc: &str, version: &str) -> Option<&IndexEntry> {
        self.versions.get(&(doc.to_string(), version.to_string()))
    }

    /// The entry that sealed a version's change notice.
    pub fn notice(&self, doc: &str, version: &str) -> Option<&IndexEntry> {
        self.notices.get(&(doc.to_string(), version.to_string()))
    }

    /// The entry that sealed state `number` (1 for the first) of a
    /// relationship as its file has it now: the latest sealed state that
    /// says the same. `None` when the file changed it since the last
    /// publish (or it was never sealed).
    pub fn relationship(&self, rel: &Relationship, number: usize) -> Option<&IndexEntry> {
        let states = self.relationships.get(&rel.slug)?;
        let history = rel.states();
        let now = state_object(history.get(number.checked_sub(1)?)?);
        states.iter().rev().find(|(_, s)| *s == now).map(|(e, _)| e)
    }

    /// The API's seal fields of a version.
    pub fn version_api(&self, doc: &str, version: &str) -> ApiSeal {
        ApiSeal::of(self.version(doc, version))
    }

    /// The API's seal fields of state `number` of a relationship.
    pub fn relationship_api(&self, rel: &Relationship, number: usize) -> ApiSeal {
        ApiSeal::of(self.relationship(rel, number))
    }
}

/// Files to publish: path below the output folder, bytes.
pub type PublicFiles = Vec<(String, Vec<u8>)>;

/// Everything `build` takes from `transparency/`: the seals, the files to
/// publish, and problems (errors when the content contradicts the log).
pub fn for_build(root: &Path, site: &Site) -> (Option<Seals>, PublicFiles, Vec<Diagnostic>) {
    if !has_log(root) {
        return (None, Vec::new(), Vec::new());
    }
    let Some(t) = &site.config.transparency else {
        return (
            None,
            Vec::new(),
            vec![
                Diagnostic::error("this site has a transparency log, but content/site.toml has no [transparency] table naming it")
                    .in_file("content/site.toml")
                    .hint("add [transparency] with the log's origin, as in transparency/log/checkpoint's first line"),
            ],
        );
    };
    let sealed = match Sealed::load(root, &t.origin) {
        Ok(Some(s)) => s,
        Ok(None) => return (None, Vec::new(), Vec::new()),
        Err(d) => return (None, Vec::new(), vec![d]),
    };
    let mut diags = sealed.contradictions(site);
    diags.extend(unsealed_relationships(&sealed, site));
    diags.extend(logs::check(root).1);
    let files = match public_files(root) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    (Some(Seals::new(&sealed)), files, diags)
}

/// The index a publish left pending, when it holds exactly `size` entries:
/// that publish died after its checkpoint, before renaming its index.
pub fn pending_index(dir: &Path, size: u64) -> Option<Index> {
    let bytes = fs::read(dir.join(PENDING_INDEX_FILE)).ok()?;
    let index: Index = serde_json::from_slice(&bytes).ok()?;
    (index.entries.len() as u64 == size).then_some(index)
}

/// The files of `transparency/` that go into `public/transparency/`:
/// public keys, the log, artifacts, bundles and the index. Temp files are
/// skipped; anything that looks like a private key is refused.
pub fn public_files(root: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let dir = root.join(DIR);
    let mut out = Vec::new();
    for name in [
        sign::PUBLIC_KEY_FILE,
        sign::VERIFIER_KEY_FILE,
        INDEX_FILE,
        PENDING_INDEX_FILE,
        logs::LOGS_FILE,
    ] {
        let p = dir.join(name);
        if p.is_file() {
            let bytes = fs::read(&p).map_err(|e| damaged(&p, format!("cannot read it ({e})")))?;
            out.push((format!("{DIR}/{name}"), bytes));
        }
    }
    for sub in [
        LOG_DIR,
        "artifacts",
        "bundles",
        crate::tsa::DIR,
        logs::KEYS_DIR,
        logs::LOGS_DIR,
    ] {
        collect(&dir.join(sub), &format!("{DIR}/{sub}"), &mut out)?;
    }
    for (path, bytes) in &out {
        if bytes.windows(11).any(|w| w == b"PRIVATE KEY") || bytes.starts_with(b"PRIVATE+KEY+") {
            return Err(Diagnostic::error(format!(
                "{path} holds a private key, and would be published"
            ))
            .in_file(root.join(path))
            .hint("move private keys out of the site folder (keygen keeps them in your config folder) and create new ones: this one may be exposed"));
        }
    }
    Ok(out)
}

fn collect(dir: &Path, rel: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Diagnostic> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Ok(());
    };
    let mut names: Vec<_> = rd.filter_map(Result::ok).collect();
    names.sort_by_key(|e| e.file_name());
    for e in names {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        let child = format!("{rel}/{name}");
        if path.is_dir() {
            collect(&path, &child, out)?;
        } else {
            let bytes =
                fs::read(&path).map_err(|err| damaged(&path, format!("cannot read it ({err})")))?;
            out.push((child, bytes));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bundle {
        Bundle {
            digest: [1; 32],
            signature: vec![0x30, 0x44, 7, 7],
            key_hint: "ab".repeat(32),
            log_index: 5,
            log_id: [2; 32],
            body: b"{\"apiVersion\":\"0.0.2\"}".to_vec(),
            tree_size: 9,
            root: [3; 32],
            proof: vec![[4; 32], [5; 32]],
            checkpoint_note: "o\n9\nAwMD\n\n\u{2014} o abc=\n".into(),
            timestamps: Vec::new(),
        }
    }

    /// The bytes Sigstore clients read: protobuf JSON in the field order of
    /// the bundle v0.3 schema, pretty-printed.
    #[test]
    fn bundles_are_written_in_the_protobuf_json_layout_and_read_back() {
        let b = sample();
        let expected = json!({
            "mediaType": BUNDLE_MEDIA_TYPE,
            "verificationMaterial": {
                "publicKey": {"hint": b.key_hint},
                "tlogEntries": [{
                    "logIndex": "5",
                    "logId": {"keyId": B64.encode([2; 32])},
                    "kindVersion": {"kind": "hashedrekord", "version": "0.0.2"},
                    "integratedTime": "0",
                    "inclusionProof": {
                        "logIndex": "5",
                        "rootHash": B64.encode([3; 32]),
                        "treeSize": "9",
                        "hashes": [B64.encode([4; 32]), B64.encode([5; 32])],
                        "checkpoint": {"envelope": b.checkpoint_note}
                    },
                    "canonicalizedBody": B64.encode(&b.body)
                }]
            },
            "messageSignature": {
                "messageDigest": {"algorithm": "SHA2_256", "digest": B64.encode([1; 32])},
                "signature": B64.encode(&b.signature)
            }
        });
        let mut want = serde_json::to_vec_pretty(&expected).unwrap();
        want.push(b'\n');
        assert_eq!(
            String::from_utf8(b.to_bytes()).unwrap(),
            String::from_utf8(want).unwrap()
        );
        assert_eq!(Bundle::parse(&b.to_bytes()), Ok(b));
    }

    /// An index entry must name what its artifact is; a relabelled entry
    /// says what the index claims and what the artifact is.
    #[test]
    fn index_labels_must_be_what_the_artifacts_are() {
        let bodies = r#""bodies":{"nl":"x"},"document":"p","effective":"2020-01-01","material":false,"published":"2020-01-01""#;
        let version = Artifact::parse(
            format!(r#"{{{bodies},"type":"policypress.version/v1","version":"2.0"}}"#).as_bytes(),
        )
        .unwrap();
        let sha = "ab".repeat(32);
        let notice = Artifact::parse(format!(r#"{{"document":"p","effective":"2020-01-01","new":{{"sha256":"{sha}","version":"2.0"}},"previous":{{"sha256":"{sha}","version":"1.0"}},"published":"2020-01-01","type":"policypress.change-notice/v1"}}"#).as_bytes()).unwrap();
        let rel = Artifact::parse(br#"{"controller":"b","data_categories":[],"data_subjects":[],"kind":"recipient","legal_basis":"consent","party":"duo","purposes":["x"],"relationship":"duo","schools":"all","since":"2020-01-01","sub_processors":[],"type":"policypress.relationship/v1"}"#).unwrap();
        let entry = |kind: &str, doc: Option<&str>, v: Option<&str>, r: Option<&str>| IndexEntry {
            index: 0,
            kind: kind.into(),
            document: doc.map(Into::into),
            version: v.map(Into::into),
            relationship: r.map(Into::into),
            state: r.map(|_| 1),
            sha256: String::new(),
            artifact: String::new(),
            bundle: String::new(),
        };
        assert_eq!(
            label_matches(&entry("version", Some("p"), Some("2.0"), None), &version),
            Ok(())
        );
        assert_eq!(
            label_matches(
                &entry("change-notice", Some("p"), Some("2.0"), None),
                &notice
            ),
            Ok(())
        );
        assert_eq!(
            label_matches(&entry("relationship", None, None, Some("duo")), &rel),
            Ok(())
        );
        for (e, a, why) in [
            (
                entry("version", Some("p"), Some("1.0"), None),
                &version,
                "the index says it seals version \"1.0\" of document \"p\", but the artifact is version \"2.0\" of document \"p\"",
            ),
            (
                entry("version", Some("p"), Some("2.0"), None),
                &notice,
                "but the artifact is the change notice of version \"2.0\"",
            ),
            (
                entry("version", Some("p"), Some("2.0"), Some("duo")),
                &version,
                "version \"2.0\" of document \"p\" (and relationship \"duo\")",
            ),
            (
                entry("relationship", None, None, Some("ggd")),
                &rel,
                "a state of relationship \"ggd\"",
            ),
        ] {
            let got = label_matches(&e, a).unwrap_err();
            assert!(got.contains(why), "{got}");
        }
        let mut unnumbered = entry("relationship", None, None, Some("duo"));
        unnumbered.state = Some(0);
        assert!(label_matches(&unnumbered, &rel).is_err());
        let mut numbered = entry("version", Some("p"), Some("2.0"), None);
        numbered.state = Some(1);
        assert!(label_matches(&numbered, &version).is_err());
    }

    /// Each spelling that other readers could take for another bundle, or
    /// that says something this log does not, is refused with its reason.
    #[test]
    fn bundles_are_read_strictly() {
        let good = String::from_utf8(sample().to_bytes()).unwrap();
        let cases = [
            (
                "\"treeSize\": \"9\"",
                "\"treeSize\": \"+9\"",
                "tree size \"+9\"",
            ),
            (
                "\"treeSize\": \"9\"",
                "\"treeSize\": \"09\"",
                "tree size \"09\"",
            ),
            ("\"treeSize\": \"9\"", "\"treeSize\": 9", "invalid type"),
            (
                "\"logIndex\": \"5\"",
                "\"logIndex\": \"05\"",
                "log index \"05\"",
            ),
            ("\"SHA2_256\"", "\"SHA2_384\"", "not SHA2_256"),
            ("\"hashedrekord\"", "\"dsse\"", "not hashedrekord"),
            (
                "\"integratedTime\": \"0\"",
                "\"integratedTime\": \"1700000000\"",
                "integrated time",
            ),
            ("\"hint\": \"abab", "\"hint\": \"ABAB", "lowercase hex"),
            (
                "\"publicKey\": {",
                "\"x509CertificateChain\": {}, \"publicKey\": {",
                "unknown field",
            ),
            (
                "\"mediaType\"",
                "\"mediaType\": \"x\", \"mediaType\"",
                "duplicate field",
            ),
            (
                "\"canonicalizedBody\"",
                "\"canonicalizedBody\": \"\", \"canonicalizedBody\"",
                "duplicate field",
            ),
        ];
        for (from, to, why) in cases {
            let bad = good.replacen(from, to, 1);
            assert_ne!(bad, good, "{from} is in the bundle");
            let e = Bundle::parse(bad.as_bytes()).unwrap_err();
            assert!(e.contains(why), "{to}: {e}");
        }
        // Trailing bytes after the JSON value.
        let e = Bundle::parse(format!("{good}x").as_bytes()).unwrap_err();
        assert!(e.contains("trailing characters"), "{e}");
        // The time may be left out, as protobuf JSON leaves out zeros.
        let without = good.replacen("\"integratedTime\": \"0\",", "", 1);
        assert_eq!(Bundle::parse(without.as_bytes()), Ok(sample()));
    }
}

#[cfg(test)]
mod schema_tests {
    use super::*;
    use crate::countries;
    use crate::model::{
        Dpia, LegalBasis, Location, Places, RelationshipKind, SpecialCategory, Transfer,
    };
    use std::path::PathBuf;
    use time::macros::date;

    fn rel(location: Location) -> Relationship {
        Relationship {
            slug: "leerwolk".into(),
            kind: RelationshipKind::Processor,
            controller: "bestuur".into(),
            party: "leerwolk".into(),
            schools: SchoolSelection::All,
            purposes: vec![Text::Neutral("lessen".into())],
            data_subjects: Vec::new(),
            data_categories: Vec::new(),
            legal_basis: LegalBasis::PublicTask,
            retention: None,
            location: Some(location),
            agreement: None,
            statement: None,
            sub_processors: Vec::new(),
            special_categories: Vec::new(),
            dpia: None,
            bijsluiter: None,
            since: date!(2021 - 08 - 01),
            until: None,
            outside_eea: false,
            changes: Vec::new(),
            file: PathBuf::new(),
        }
    }

    fn sealed(r: &Relationship) -> String {
        let states = relationship_states(r);
        String::from_utf8(canonical::to_vec(&Value::Object(states[0].clone())).unwrap()).unwrap()
    }

    /// A state with nothing v3 added keeps the bytes it was sealed with
    /// before v3 existed; countries, special categories, a DPIA or a
    /// bijsluiter make it v3.
    #[test]
    fn a_state_is_sealed_under_the_oldest_schema_that_holds_it() {
        let text = rel(Location::Text(Text::Neutral("EU".into())));
        assert_eq!(
            sealed(&text),
            "{\"controller\":\"bestuur\",\"data_categories\":[],\"data_subjects\":[],\"kind\":\"processor\",\"legal_basis\":\"public-task\",\"location\":\"EU\",\"party\":\"leerwolk\",\"purposes\":[\"lessen\"],\"relationship\":\"leerwolk\",\"schools\":\"all\",\"since\":\"2021-08-01\",\"sub_processors\":[],\"type\":\"policypress.relationship/v1\"}"
        );
        let mut outside = text.clone();
        outside.outside_eea = true;
        assert!(sealed(&outside).contains("\"type\":\"policypress.relationship/v2\""));

        let places = rel(Location::Places(Places {
            countries: vec![
                countries::lookup("NL").unwrap(),
                countries::lookup("US").unwrap(),
            ],
            transfer: Some(Transfer::Scc),
        }));
        let s = sealed(&places);
        assert!(
            s.contains("\"type\":\"policypress.relationship/v3\""),
            "{s}"
        );
        assert!(
            s.contains("\"location\":{\"countries\":[\"NL\",\"US\"],\"transfer\":\"scc\"}"),
            "{s}"
        );
        assert!(s.contains("\"outside_eea\":true"), "{s}");
        assert!(s.contains("\"from\":\"2021-08-01\""), "{s}");

        let mut dpia = text.clone();
        dpia.special_categories = vec![SpecialCategory::Health];
        dpia.dpia = Some(Dpia {
            done: date!(2021 - 05 - 20),
            url: None,
        });
        let s = sealed(&dpia);
        assert!(
            s.contains("\"type\":\"policypress.relationship/v3\""),
            "{s}"
        );
        assert!(s.contains("\"special_categories\":[\"health\"]"), "{s}");
        assert!(s.contains("\"dpia\":{\"done\":\"2021-05-20\"}"), "{s}");
        assert!(!s.contains("outside_eea"), "{s}");
        // What is sealed reads back under its schema.
        for r in [&text, &outside, &places, &dpia] {
            let bytes =
                canonical::to_vec(&Value::Object(relationship_states(r)[0].clone())).unwrap();
            assert!(Artifact::parse(&bytes).is_ok(), "{}", sealed(r));
        }
    }
}
