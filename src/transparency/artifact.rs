//! What a sealed artifact says, read strictly: the one source of what a log
//! entry means (which version of which document, which state of which
//! relationship, which change notice). `index.json` only says where the
//! files are; `verify`, `build` and `publish` take the meaning from here.
//!
//! Every schema version ever written is read: `policypress.version/v1`
//! and `/v2` (v1 with `late_entry`), `policypress.change-notice/v1`,
//! `policypress.relationship/v1`, `/v2` (v1 with `from` and
//! `outside_eea`) and `/v3` (v2 with a location of countries,
//! `special_categories`, `dpia` and `bijsluiter`). Each field must be one the schema has,
//! of its type and form (slugs, version numbers, calendar dates, texts,
//! lowercase hex digests, known keys), so that an artifact has one meaning
//! for every reader.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::countries::{self, Country};
use crate::model::{Date, LegalBasis, RelationshipKind, SpecialCategory, Transfer, VersionNumber};

/// `type` of a version artifact without fields added after v1.
pub const VERSION_V1: &str = "policypress.version/v1";
/// `type` of a version artifact with `late_entry`.
pub const VERSION_V2: &str = "policypress.version/v2";
/// `type` of a change notice artifact.
pub const NOTICE_V1: &str = "policypress.change-notice/v1";
/// `type` of a relationship state artifact.
pub const RELATIONSHIP_V1: &str = "policypress.relationship/v1";
/// `type` of a relationship state with the day it starts (`from`) and
/// whether data goes outside the EEA.
pub const RELATIONSHIP_V2: &str = "policypress.relationship/v2";
/// `type` of a relationship state with a structured location (countries
/// and transfer basis), special categories, a DPIA or a privacybijsluiter.
pub const RELATIONSHIP_V3: &str = "policypress.relationship/v3";
/// `type` of a key transition: the publisher's keys replaced by new ones.
pub const KEY_TRANSITION_V1: &str = "policypress.key-transition/v1";

/// `type` of the site's sealed policy: its notice period and the
/// timestamp authorities it trusts.
pub const SITE_POLICY_V1: &str = "policypress.site-policy/v1";
/// `type` of the timestamps added afterwards for entries sealed without.
pub const TIMESTAMPS_V1: &str = "policypress.timestamps/v1";

/// The site's policy as sealed (`policypress.site-policy/v1`): fields
/// `type`, `material_notice_days` and `timestamp_authorities`, a list of
/// `{url, certificates, sha256}` (the chain file below `transparency/`
/// and its SHA-256). Sealed again whenever it changes, so a notice period
/// lowered afterwards, or a timestamp authority added, shows in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePolicy {
    pub material_notice_days: u32,
    pub timestamp_authorities: Vec<SealedTsa>,
}

/// One timestamp authority of a [`SitePolicy`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedTsa {
    pub url: String,
    /// Its chain file, below `transparency/` (`tsa/<name>.pem`).
    pub certificates: String,
    /// Lowercase hex SHA-256 of that file.
    pub sha256: String,
}

/// Entries sealed without a timestamp (`publish --no-timestamp`), stamped
/// afterwards (`publish --timestamp-pending`): this entry's timestamp says
/// they existed by then. Fields `type` and `entries`, a list of
/// `{index, sha256}` (the entry's log index and its artifact's SHA-256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamps {
    pub entries: Vec<(u64, String)>,
}

/// A sealed artifact, by what it seals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Artifact {
    Version(Box<VersionArtifact>),
    Notice(NoticeArtifact),
    Relationship(StateArtifact),
    KeyTransition(KeyTransition),
    SitePolicy(SitePolicy),
    Timestamps(Timestamps),
}

/// A key transition (`policypress.key-transition/v1`): the log's keys up
/// to this entry and the keys that sign after it. It is signed by the
/// previous artifact key, and the checkpoint that first holds it by both
/// the previous and the next checkpoint key, so each pair vouches for the
/// other. Fields: `type`, `origin`, `number` (1 for the first rotation),
/// `previous` and `next`, each `{publisher_key, log_key}`: the artifact
/// key as base64 DER SubjectPublicKeyInfo, the checkpoint key as a note
/// verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTransition {
    pub origin: String,
    pub number: u64,
    pub previous: KeyPair,
    pub next: KeyPair,
}

/// The two public keys of a log at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// The artifact key, DER SubjectPublicKeyInfo.
    pub publisher_key: Vec<u8>,
    /// The checkpoint key, `name+id+key` as `log.vkey` holds it.
    pub log_key: String,
}

impl KeyPair {
    fn to_json(&self) -> Value {
        use base64::Engine as _;
        serde_json::json!({
            "publisher_key": base64::engine::general_purpose::STANDARD.encode(&self.publisher_key),
            "log_key": self.log_key,
        })
    }

    fn parse(f: &Fields<'_>, name: &str) -> Result<KeyPair, String> {
        use base64::Engine as _;
        let Value::Object(m) = f.need(name)? else {
            return Err(f.bad(name, "is not an object"));
        };
        let inner = Fields(m);
        inner
            .only(&["publisher_key", "log_key"])
            .map_err(|_| f.bad(name, "has fields other than `publisher_key` and `log_key`"))?;
        let der = base64::engine::general_purpose::STANDARD
            .decode(inner.string("publisher_key")?)
            .map_err(|_| f.bad(name, "has a `publisher_key` that is not base64"))?;
        crate::sign::P256Key::from_der(&der)
            .map_err(|why| f.bad(name, &format!("has a `publisher_key` that {why}")))?;
        let log_key = inner.string("log_key")?.to_string();
        crate::tlog::Verifier::parse(&log_key)
            .map_err(|e| f.bad(name, &format!("has a `log_key` that is unreadable: {e}")))?;
        Ok(KeyPair {
            publisher_key: der,
            log_key,
        })
    }
}

impl KeyTransition {
    /// The artifact's bytes (RFC 8785).
    pub fn to_bytes(&self) -> Vec<u8> {
        crate::canonical::to_vec(&serde_json::json!({
            "type": KEY_TRANSITION_V1,
            "origin": self.origin,
            "number": self.number,
            "previous": self.previous.to_json(),
            "next": self.next.to_json(),
        }))
        .expect("bug: a key transition has no floats")
    }
}

/// A version artifact. Texts are kept as the JSON they are sealed as (a
/// string, or an object of language → string), the form the API writes
/// them in too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionArtifact {
    /// The schema version: 1 or 2.
    pub schema: u32,
    pub document: String,
    pub version: VersionNumber,
    pub published: Date,
    pub effective: Date,
    pub material: bool,
    pub approved_by: Option<Value>,
    pub approved_on: Option<Date>,
    pub summary: Option<Value>,
    pub urgent: Option<Value>,
    /// Why the version was entered after one that takes effect later.
    pub late_entry: Option<Value>,
    /// Language → normalised Markdown.
    pub bodies: BTreeMap<String, String>,
}

/// A change notice: the version it announces and the one it replaces, each
/// by number and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeArtifact {
    pub document: String,
    pub previous: (VersionNumber, String),
    pub new: (VersionNumber, String),
    pub published: Date,
    pub effective: Date,
}

/// A relationship state; `previous` is the SHA-256 of the state it
/// replaces, absent for the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateArtifact {
    pub relationship: String,
    pub previous: Option<String>,
    pub since: Date,
    pub until: Option<Date>,
    /// The first day of the state (v2); v1 states start on `since`.
    pub from: Option<Date>,
}

impl Artifact {
    /// Reads an artifact's bytes (already known to be canonical JSON, or
    /// not: this reader does not care about the spelling). The error
    /// completes "#i artifact: …".
    pub fn parse(bytes: &[u8]) -> Result<Artifact, String> {
        let v: Value =
            serde_json::from_slice(bytes).map_err(|_| "the artifact is not JSON".to_string())?;
        let Value::Object(m) = v else {
            return Err("the artifact is not a JSON object".into());
        };
        let f = Fields(&m);
        let kind = match m.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(_) => return Err("the artifact's `type` is not a string".into()),
            None => return Err("the artifact has no `type`".into()),
        };
        match kind {
            VERSION_V1 | VERSION_V2 => {
                let v2 = kind == VERSION_V2;
                let mut fields = vec![
                    "type",
                    "document",
                    "version",
                    "published",
                    "effective",
                    "material",
                    "approved_by",
                    "approved_on",
                    "summary",
                    "urgent",
                    "bodies",
                ];
                if v2 {
                    fields.push("late_entry");
                }
                f.only(&fields)?;
                let late_entry = if v2 {
                    Some(f.text("late_entry")?.ok_or(
                        "the artifact is a policypress.version/v2 without `late_entry` (a v1 artifact says the same)",
                    )?)
                } else {
                    None
                };
                Ok(Artifact::Version(Box::new(VersionArtifact {
                    schema: if v2 { 2 } else { 1 },
                    document: f.slug("document")?,
                    version: f.version("version")?,
                    published: f.date("published")?,
                    effective: f.date("effective")?,
                    material: match f.need("material")? {
                        Value::Bool(b) => *b,
                        _ => return Err(f.bad("material", "is not true or false")),
                    },
                    approved_by: f.text("approved_by")?,
                    approved_on: f.opt_date("approved_on")?,
                    summary: f.text("summary")?,
                    urgent: f.text("urgent")?,
                    late_entry,
                    bodies: f.bodies("bodies")?,
                })))
            }
            NOTICE_V1 => {
                f.only(&[
                    "type",
                    "document",
                    "previous",
                    "new",
                    "published",
                    "effective",
                    "summary",
                    "urgent",
                ])?;
                f.text("summary")?;
                f.text("urgent")?;
                Ok(Artifact::Notice(NoticeArtifact {
                    document: f.slug("document")?,
                    previous: f.version_ref("previous")?,
                    new: f.version_ref("new")?,
                    published: f.date("published")?,
                    effective: f.date("effective")?,
                }))
            }
            RELATIONSHIP_V1 | RELATIONSHIP_V2 | RELATIONSHIP_V3 => {
                let v3 = kind == RELATIONSHIP_V3;
                let v2 = v3 || kind == RELATIONSHIP_V2;
                let mut fields = vec![
                    "type",
                    "relationship",
                    "kind",
                    "controller",
                    "party",
                    "schools",
                    "purposes",
                    "data_subjects",
                    "data_categories",
                    "legal_basis",
                    "retention",
                    "location",
                    "agreement",
                    "statement",
                    "sub_processors",
                    "since",
                    "until",
                    "previous",
                ];
                if v2 {
                    fields.extend(["from", "outside_eea"]);
                }
                if v3 {
                    fields.extend(["special_categories", "dpia", "bijsluiter"]);
                }
                f.only(&fields)?;
                let from = if v2 { Some(f.date("from")?) } else { None };
                match m.get("outside_eea") {
                    None | Some(Value::Bool(true)) => {}
                    Some(_) => {
                        return Err(f.bad("outside_eea", "is not `true` (left out when false)"));
                    }
                }
                let key = |name: &str, known: &dyn Fn(&str) -> bool| match f.need(name)? {
                    Value::String(s) if known(s) => Ok(()),
                    _ => Err(f.bad(name, "is not one of the known values")),
                };
                key("kind", &|s| RelationshipKind::parse(s).is_some())?;
                key("legal_basis", &|s| LegalBasis::parse(s).is_some())?;
                f.slug("controller")?;
                f.slug("party")?;
                match f.need("schools")? {
                    Value::String(s) if s == "all" => {}
                    Value::Array(l) if l.iter().all(is_slug_value) => {}
                    _ => return Err(f.bad("schools", "is not \"all\" or a list of slugs")),
                }
                for list in ["purposes", "data_subjects", "data_categories"] {
                    match f.need(list)? {
                        Value::Array(l) if l.iter().all(is_text) => {}
                        _ => return Err(f.bad(list, "is not a list of texts")),
                    }
                }
                match f.need("sub_processors")? {
                    Value::Array(l) if l.iter().all(is_slug_value) => {}
                    _ => return Err(f.bad("sub_processors", "is not a list of slugs")),
                }
                f.text("retention")?;
                match m.get("location") {
                    Some(Value::Object(o)) if v3 && o.contains_key("countries") => {
                        let ok = o.keys().all(|k| k == "countries" || k == "transfer")
                            && o.get("transfer").is_none_or(|t| {
                                t.as_str().is_some_and(|s| Transfer::parse(s).is_some())
                            });
                        let countries: Option<Vec<&Country>> =
                            o.get("countries").and_then(Value::as_array).and_then(|l| {
                                l.iter()
                                    .map(|c| c.as_str().and_then(countries::lookup))
                                    .collect()
                            });
                        let Some(countries) = countries.filter(|c| ok && !c.is_empty()) else {
                            return Err(f.bad(
                                "location",
                                "is not a text or {countries (ISO 3166-1 codes), transfer?}",
                            ));
                        };
                        let leaves = countries.iter().any(|c| !c.eea);
                        if leaves != m.contains_key("outside_eea") {
                            return Err(f.bad(
                                "outside_eea",
                                "does not agree with the countries of `location`",
                            ));
                        }
                    }
                    _ => {
                        f.text("location")?;
                    }
                }
                if let Some(l) = m.get("special_categories") {
                    let ok = l.as_array().is_some_and(|l| {
                        !l.is_empty()
                            && l.iter().all(|c| {
                                c.as_str()
                                    .is_some_and(|s| SpecialCategory::parse(s).is_some())
                            })
                    });
                    if !ok {
                        return Err(
                            f.bad("special_categories", "is not a list of special categories")
                        );
                    }
                }
                if let Some(d) = m.get("dpia") {
                    let ok = d.as_object().is_some_and(|o| {
                        o.keys().all(|k| k == "done" || k == "url")
                            && o.get("done").is_some_and(|d| {
                                d.as_str().is_some_and(|s| parse_date(s).is_some())
                            })
                            && o.get("url")
                                .is_none_or(|u| u.as_str().is_some_and(|s| !s.is_empty()))
                    });
                    if !ok {
                        return Err(f.bad("dpia", "is not {done, url?}"));
                    }
                }
                if let Some(b) = m.get("bijsluiter") {
                    let ok = b.as_object().is_some_and(|o| {
                        o.keys().all(|k| k == "url" || k == "version")
                            && o.get("url")
                                .is_some_and(|u| u.as_str().is_some_and(|s| !s.is_empty()))
                            && o.get("version")
                                .is_none_or(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                    });
                    if !ok {
                        return Err(f.bad("bijsluiter", "is not {url, version?}"));
                    }
                }
                if let Some(a) = m.get("agreement") {
                    let ok = a.as_object().is_some_and(|o| {
                        o.keys()
                            .all(|k| ["name", "signed", "url"].contains(&k.as_str()))
                            && o.get("name").is_some_and(is_text)
                            && o.get("signed")
                                .is_none_or(|d| d.as_str().is_some_and(|s| parse_date(s).is_some()))
                            && o.get("url")
                                .is_none_or(|u| u.as_str().is_some_and(|s| !s.is_empty()))
                    });
                    if !ok {
                        return Err(f.bad("agreement", "is not {name, signed?, url?}"));
                    }
                }
                if let Some(s) = m.get("statement") {
                    let ok =
                        s.as_object()
                            .is_some_and(|o| match (o.get("document"), o.get("url")) {
                                (Some(d), None) => {
                                    o.keys().all(|k| k == "document" || k == "version")
                                        && is_slug_value(d)
                                        && o.get("version").is_none_or(|v| {
                                            v.as_str()
                                                .is_some_and(|s| VersionNumber::parse(s).is_some())
                                        })
                                }
                                (None, Some(u)) => {
                                    o.len() == 1 && u.as_str().is_some_and(|s| !s.is_empty())
                                }
                                _ => false,
                            });
                    if !ok {
                        return Err(f.bad("statement", "is not {document, version?} or {url}"));
                    }
                }
                let since = f.date("since")?;
                let until = f.opt_date("until")?;
                if until.is_some_and(|u| u < since) {
                    return Err(f.bad("until", "is before `since`"));
                }
                if from.is_some_and(|d| d < since || until.is_some_and(|u| d > u)) {
                    return Err(f.bad("from", "is not between `since` and `until`"));
                }
                Ok(Artifact::Relationship(StateArtifact {
                    relationship: f.slug("relationship")?,
                    previous: match m.get("previous") {
                        None => None,
                        Some(Value::String(p)) if is_sha256(p) => Some(p.clone()),
                        Some(_) => return Err(f.bad("previous", "is not a SHA-256")),
                    },
                    since,
                    until,
                    from,
                }))
            }
            KEY_TRANSITION_V1 => {
                f.only(&["type", "origin", "number", "previous", "next"])?;
                let number = f
                    .need("number")?
                    .as_u64()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| f.bad("number", "is not a number from 1"))?;
                Ok(Artifact::KeyTransition(KeyTransition {
                    origin: f.string("origin")?.to_string(),
                    number,
                    previous: KeyPair::parse(&f, "previous")?,
                    next: KeyPair::parse(&f, "next")?,
                }))
            }
            SITE_POLICY_V1 => {
                f.only(&["type", "material_notice_days", "timestamp_authorities"])?;
                let days = f
                    .need("material_notice_days")?
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| f.bad("material_notice_days", "is not a number of days"))?;
                let list = f
                    .need("timestamp_authorities")?
                    .as_array()
                    .ok_or_else(|| f.bad("timestamp_authorities", "is not a list"))?;
                let mut tsas = Vec::new();
                for t in list {
                    let o = t.as_object().filter(|o| o.len() == 3).ok_or_else(|| {
                        f.bad(
                            "timestamp_authorities",
                            "is not a list of {url, certificates, sha256}",
                        )
                    })?;
                    let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
                    match (s("url"), s("certificates"), s("sha256")) {
                        (Some(url), Some(c), Some(h))
                            if is_sha256(&h)
                                && c.strip_prefix("tsa/").is_some_and(|n| {
                                    n.ends_with(".pem")
                                        && !n.starts_with('.')
                                        && n.bytes().all(|b| {
                                            b.is_ascii_lowercase()
                                                || b.is_ascii_digit()
                                                || matches!(b, b'.' | b'-' | b'_')
                                        })
                                }) =>
                        {
                            tsas.push(SealedTsa {
                                url,
                                certificates: c,
                                sha256: h,
                            })
                        }
                        _ => {
                            return Err(f.bad(
                                "timestamp_authorities",
                                "is not a list of {url, certificates: \"tsa/<name>.pem\", sha256}",
                            ));
                        }
                    }
                }
                Ok(Artifact::SitePolicy(SitePolicy {
                    material_notice_days: days,
                    timestamp_authorities: tsas,
                }))
            }
            TIMESTAMPS_V1 => {
                f.only(&["type", "entries"])?;
                let list = f
                    .need("entries")?
                    .as_array()
                    .filter(|l| !l.is_empty())
                    .ok_or_else(|| f.bad("entries", "is not a list of entries"))?;
                let mut entries = Vec::new();
                for e in list {
                    let o = e.as_object().filter(|o| o.len() == 2);
                    let index = o.and_then(|o| o.get("index")).and_then(Value::as_u64);
                    let sha = o
                        .and_then(|o| o.get("sha256"))
                        .and_then(Value::as_str)
                        .filter(|s| is_sha256(s));
                    match (index, sha) {
                        (Some(i), Some(h)) => entries.push((i, h.to_string())),
                        _ => return Err(f.bad("entries", "is not a list of {index, sha256}")),
                    }
                }
                Ok(Artifact::Timestamps(Timestamps { entries }))
            }
            other => Err(format!("the artifact has an unknown type {other:?}")),
        }
    }

    /// `version`, `change-notice` or `relationship`: the index's name for
    /// this kind of entry.
    pub fn kind(&self) -> &'static str {
        match self {
            Artifact::Version(_) => "version",
            Artifact::Notice(_) => "change-notice",
            Artifact::Relationship(_) => "relationship",
            Artifact::KeyTransition(_) => "key-transition",
            Artifact::SitePolicy(_) => "site-policy",
            Artifact::Timestamps(_) => "timestamps",
        }
    }

    /// The document and version number of a version or notice.
    pub fn document_version(&self) -> Option<(&str, &str)> {
        match self {
            Artifact::Version(v) => Some((&v.document, v.version.as_str())),
            Artifact::Notice(n) => Some((&n.document, n.new.0.as_str())),
            Artifact::Relationship(_)
            | Artifact::KeyTransition(_)
            | Artifact::SitePolicy(_)
            | Artifact::Timestamps(_) => None,
        }
    }

    /// The relationship of a state.
    pub fn relationship(&self) -> Option<&str> {
        match self {
            Artifact::Relationship(s) => Some(&s.relationship),
            _ => None,
        }
    }

    /// "version 2.0 of \"p\"", for messages.
    pub fn describe(&self) -> String {
        match self {
            Artifact::Version(v) => format!("version {} of {:?}", v.version, v.document),
            Artifact::Notice(n) => {
                format!(
                    "the change notice of version {} of {:?}",
                    n.new.0, n.document
                )
            }
            Artifact::Relationship(s) => format!("a state of relationship {:?}", s.relationship),
            Artifact::KeyTransition(k) => format!("key transition {} of {}", k.number, k.origin),
            Artifact::SitePolicy(_) => "the site policy".to_string(),
            Artifact::Timestamps(t) => {
                format!("timestamps for {} earlier entries", t.entries.len())
            }
        }
    }
}

/// Reads the fields of one artifact object, naming the field in errors.
struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn bad(&self, name: &str, why: &str) -> String {
        format!("the artifact's `{name}` {why}")
    }

    /// Refuses any field the schema does not have.
    fn only(&self, known: &[&str]) -> Result<(), String> {
        match self.0.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(format!(
                "the artifact has a field `{k}` that its type {} does not have",
                self.0
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            )),
            None => Ok(()),
        }
    }

    fn need(&self, name: &str) -> Result<&Value, String> {
        self.0
            .get(name)
            .ok_or_else(|| format!("the artifact has no `{name}`"))
    }

    fn string(&self, name: &str) -> Result<&str, String> {
        self.need(name)?
            .as_str()
            .ok_or_else(|| self.bad(name, "is not a string"))
    }

    fn slug(&self, name: &str) -> Result<String, String> {
        let s = self.string(name)?;
        if crate::source::is_slug(s) {
            Ok(s.to_string())
        } else {
            Err(self.bad(name, "is not a slug"))
        }
    }

    fn version(&self, name: &str) -> Result<VersionNumber, String> {
        VersionNumber::parse(self.string(name)?)
            .ok_or_else(|| self.bad(name, "is not a version number"))
    }

    fn date(&self, name: &str) -> Result<Date, String> {
        parse_date(self.string(name)?).ok_or_else(|| self.bad(name, "is not a date"))
    }

    fn opt_date(&self, name: &str) -> Result<Option<Date>, String> {
        match self.0.get(name) {
            None => Ok(None),
            Some(_) => self.date(name).map(Some),
        }
    }

    fn text(&self, name: &str) -> Result<Option<Value>, String> {
        match self.0.get(name) {
            None => Ok(None),
            Some(v) if is_text(v) => Ok(Some(v.clone())),
            Some(_) => Err(self.bad(
                name,
                "is not a text (a string, or an object of language codes and strings)",
            )),
        }
    }

    fn version_ref(&self, name: &str) -> Result<(VersionNumber, String), String> {
        let o = self
            .need(name)?
            .as_object()
            .filter(|o| o.len() == 2)
            .ok_or_else(|| self.bad(name, "is not {version, sha256}"))?;
        let version = o
            .get("version")
            .and_then(Value::as_str)
            .and_then(VersionNumber::parse)
            .ok_or_else(|| self.bad(name, "does not name a version number"))?;
        let sha = o
            .get("sha256")
            .and_then(Value::as_str)
            .filter(|s| is_sha256(s))
            .ok_or_else(|| self.bad(name, "does not give a SHA-256"))?;
        Ok((version, sha.to_string()))
    }

    fn bodies(&self, name: &str) -> Result<BTreeMap<String, String>, String> {
        let o = self
            .need(name)?
            .as_object()
            .filter(|o| !o.is_empty())
            .ok_or_else(|| self.bad(name, "is not an object of languages and texts"))?;
        let mut out = BTreeMap::new();
        for (lang, body) in o {
            let text = body
                .as_str()
                .filter(|t| !t.trim().is_empty() && is_language(lang))
                .ok_or_else(|| {
                    self.bad(
                        name,
                        &format!("has no text for {lang:?}, or it is not a language"),
                    )
                })?;
            out.insert(lang.clone(), text.to_string());
        }
        Ok(out)
    }
}

/// A `YYYY-MM-DD` calendar date, in that one spelling.
pub fn parse_date(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    (s.len() == 10)
        .then(|| Date::parse(s, &format).ok())
        .flatten()
}

/// A language code as `site.toml` accepts it: `nl`, `en`, `pt-br`.
pub fn is_language(code: &str) -> bool {
    (2..=3).contains(&code.split('-').next().unwrap_or("").len())
        && code.len() <= 35
        && code.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// 64 lowercase hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_slug_value(v: &Value) -> bool {
    v.as_str().is_some_and(crate::source::is_slug)
}

/// A text as content reads it: a non-blank string, or a non-empty object
/// of language codes and non-blank strings.
fn is_text(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.trim().is_empty(),
        Value::Object(o) => {
            !o.is_empty()
                && o.iter().all(|(k, v)| {
                    is_language(k) && v.as_str().is_some_and(|s| !s.trim().is_empty())
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn version() -> Value {
        json!({
            "type": VERSION_V1,
            "document": "privacyverklaring",
            "version": "2.0",
            "published": "2023-06-15",
            "effective": "2023-08-01",
            "material": true,
            "approved_by": {"nl": "College van Bestuur", "en": "Executive board"},
            "approved_on": "2023-06-06",
            "summary": "Nieuw.",
            "bodies": {"nl": "## Inleiding\n\nTekst.\n", "en": "## Introduction\n\nText.\n"}
        })
    }

    fn relationship() -> Value {
        json!({
            "type": RELATIONSHIP_V1,
            "relationship": "duo-bron",
            "kind": "recipient",
            "controller": "waterlinie",
            "party": "duo",
            "schools": "all",
            "purposes": [{"nl": "bekostiging", "en": "funding"}],
            "data_subjects": ["leerlingen"],
            "data_categories": [],
            "legal_basis": "legal-obligation",
            "location": "NL",
            "agreement": {"name": "Model 4.0", "signed": "2023-05-01"},
            "statement": {"document": "duo-privacy", "version": "1.0"},
            "sub_processors": [],
            "since": "2012-08-01",
            "previous": "ab".repeat(32)
        })
    }

    fn notice() -> Value {
        json!({
            "type": NOTICE_V1,
            "document": "privacyverklaring",
            "previous": {"version": "1.0", "sha256": "01".repeat(32)},
            "new": {"version": "2.0", "sha256": "02".repeat(32)},
            "published": "2023-06-15",
            "effective": "2023-08-01",
            "summary": {"nl": "Nieuw."}
        })
    }

    fn parse(v: &Value) -> Result<Artifact, String> {
        Artifact::parse(&serde_json::to_vec(v).unwrap())
    }

    #[test]
    fn every_schema_ever_written_reads() {
        let Artifact::Version(v) = parse(&version()).unwrap() else {
            panic!("a version")
        };
        assert_eq!(
            (v.schema, v.version.as_str(), v.late_entry),
            (1, "2.0", None)
        );
        let mut v2 = version();
        v2["type"] = VERSION_V2.into();
        v2["late_entry"] = json!({"nl": "Later ingevoerd."});
        let Artifact::Version(v) = parse(&v2).unwrap() else {
            panic!("a version")
        };
        assert_eq!(v.schema, 2);
        assert_eq!(v.late_entry, Some(json!({"nl": "Later ingevoerd."})));
        let Artifact::Notice(n) = parse(&notice()).unwrap() else {
            panic!("a notice")
        };
        assert_eq!(n.new.0.as_str(), "2.0");
        let Artifact::Relationship(s) = parse(&relationship()).unwrap() else {
            panic!("a state")
        };
        assert_eq!(s.previous, Some("ab".repeat(32)));
        let mut first = relationship();
        first.as_object_mut().unwrap().remove("previous");
        first["statement"] = json!({"url": "https://duo.nl/privacy"});
        first["schools"] = json!(["de-schans", "het-bastion"]);
        assert!(parse(&first).is_ok());
        assert!(parse(&relationship_v3()).is_ok());
        // v3 still takes a free-text location.
        let mut text = relationship_v3();
        text["location"] = json!({"nl": "Nederland"});
        text.as_object_mut().unwrap().remove("outside_eea");
        assert!(parse(&text).is_ok());
    }

    /// A state sealed as v3: countries and a transfer, special categories,
    /// a DPIA and a privacybijsluiter.
    fn relationship_v3() -> Value {
        let mut v = relationship();
        v["type"] = RELATIONSHIP_V3.into();
        v["from"] = json!("2012-08-01");
        v["location"] = json!({"countries": ["NL", "US"], "transfer": "scc"});
        v["outside_eea"] = json!(true);
        v["special_categories"] = json!(["health", "national-id"]);
        v["dpia"] = json!({"done": "2020-01-15", "url": "https://example.nl/dpia"});
        v["bijsluiter"] = json!({"url": "https://example.nl/bijsluiter", "version": "2.0"});
        v
    }

    /// What v3 added is read as strictly as the rest, and only under v3.
    #[test]
    fn relationship_v3_is_read_strictly() {
        let cases: Vec<(&str, Value, &str)> = vec![
            (
                "location",
                json!({"countries": ["NL", "XX"], "transfer": "scc"}),
                "`location` is not a text or {countries",
            ),
            (
                "location",
                json!({"countries": [], "transfer": "scc"}),
                "`location` is not a text or {countries",
            ),
            (
                "location",
                json!({"countries": ["US"], "transfer": "contract"}),
                "`location` is not a text or {countries",
            ),
            (
                "location",
                json!({"countries": ["NL"]}),
                "`outside_eea` does not agree with the countries",
            ),
            (
                "special_categories",
                json!(["gezondheid"]),
                "`special_categories` is not a list of special categories",
            ),
            (
                "dpia",
                json!({"url": "https://x"}),
                "`dpia` is not {done, url?}",
            ),
            (
                "dpia",
                json!({"done": "2020-02-30"}),
                "`dpia` is not {done, url?}",
            ),
            (
                "bijsluiter",
                json!({"version": "1"}),
                "`bijsluiter` is not {url, version?}",
            ),
        ];
        for (field, value, says) in cases {
            let mut a = relationship_v3();
            a[field] = value;
            let e = parse(&a).unwrap_err();
            assert!(e.contains(says), "{field}: {e}");
        }
        for field in ["special_categories", "dpia", "bijsluiter"] {
            let mut a = relationship();
            a[field] = relationship_v3()[field].clone();
            let e = parse(&a).unwrap_err();
            assert!(e.contains(&format!("a field `{field}`")), "{field}: {e}");
        }
        let mut v2 = relationship();
        v2["type"] = RELATIONSHIP_V2.into();
        v2["from"] = json!("2012-08-01");
        v2["location"] = json!({"countries": ["NL"]});
        assert!(parse(&v2).unwrap_err().contains("`location` is not a text"));
    }

    /// Each field in another form than the one `publish` writes is refused,
    /// with the field named.
    #[test]
    fn artifacts_are_read_strictly() {
        let cases: Vec<(Value, &str, Value, &str)> = vec![
            (
                version(),
                "effective",
                json!("2023-02-30"),
                "`effective` is not a date",
            ),
            (
                version(),
                "effective",
                json!("2023-8-01"),
                "`effective` is not a date",
            ),
            (
                version(),
                "published",
                json!(20230615),
                "`published` is not a string",
            ),
            (
                version(),
                "version",
                json!("02.0"),
                "`version` is not a version number",
            ),
            (
                version(),
                "document",
                json!("Privacy"),
                "`document` is not a slug",
            ),
            (
                version(),
                "material",
                json!("yes"),
                "`material` is not true or false",
            ),
            (version(), "summary", json!(""), "`summary` is not a text"),
            (version(), "summary", json!({}), "`summary` is not a text"),
            (
                version(),
                "summary",
                json!({"NL": "x"}),
                "`summary` is not a text",
            ),
            (version(), "bodies", json!({}), "`bodies` is not an object"),
            (
                version(),
                "bodies",
                json!({"nl": " \n"}),
                "`bodies` has no text for \"nl\"",
            ),
            (
                version(),
                "late_entry",
                json!("x"),
                "a field `late_entry` that its type policypress.version/v1 does not have",
            ),
            (version(), "extra", json!(1), "a field `extra`"),
            (
                notice(),
                "new",
                json!({"version": "2.0", "sha256": "AB".repeat(32)}),
                "`new` does not give a SHA-256",
            ),
            (
                notice(),
                "previous",
                json!({"version": "1.0"}),
                "`previous` is not {version, sha256}",
            ),
            (
                relationship(),
                "kind",
                json!("supplier"),
                "`kind` is not one of the known values",
            ),
            (
                relationship(),
                "legal_basis",
                json!("6e"),
                "`legal_basis` is not one of",
            ),
            (
                relationship(),
                "schools",
                json!("some"),
                "`schools` is not \"all\"",
            ),
            (
                relationship(),
                "purposes",
                json!("onderwijs"),
                "`purposes` is not a list of texts",
            ),
            (
                relationship(),
                "previous",
                json!("ab"),
                "`previous` is not a SHA-256",
            ),
            (
                relationship(),
                "until",
                json!("2000-01-01"),
                "`until` is before `since`",
            ),
            (
                relationship(),
                "statement",
                json!({"document": "x", "url": "y"}),
                "`statement` is not",
            ),
            (
                relationship(),
                "agreement",
                json!({"signed": "2023-05-01"}),
                "`agreement` is not",
            ),
        ];
        for (mut v, field, value, why) in cases {
            v[field] = value;
            let e = parse(&v).unwrap_err();
            assert!(e.contains(why), "{field}: {e}");
        }
        let mut v2 = version();
        v2["type"] = VERSION_V2.into();
        assert!(parse(&v2).unwrap_err().contains("without `late_entry`"));
        let mut missing = version();
        missing.as_object_mut().unwrap().remove("effective");
        assert!(parse(&missing).unwrap_err().contains("has no `effective`"));
        assert!(
            parse(&json!({"type": "policypress.version/v3"}))
                .unwrap_err()
                .contains("unknown type")
        );
        assert!(parse(&json!([1])).is_err());
    }
}
