//! `policypress verify-proof`: checks one sealed artifact and its Sigstore
//! bundle that a reader downloaded and kept, without the site: the
//! publisher's signature over the file, the log entry that names it, the
//! inclusion proof against the checkpoint in the bundle, and that
//! checkpoint's signature by the log's key. A parent can keep the two files
//! and the two keys, and check them years later, when the site has moved on.
//!
//! It reads with the caps of `verify` (an artifact or bundle at most
//! 16 MiB, a checkpoint at most 1 MiB, a key file at most 64 KiB) and with
//! its readers: [`tr::Bundle::parse`], [`tr::parse_entry`],
//! [`tlog::verify_checkpoint`], [`merkle::verify_inclusion`] and
//! [`sign::P256Key`], so a bundle this accepts is one `verify` accepts in a
//! log. A checkpoint may carry cosignatures by other keys (a witness's):
//! they are listed and left alone, never a failure.
//!
//! When the artifact was sealed is asked of [`sealing_time`], the one
//! place that reads time from a bundle.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::{MAX_ARTIFACT, MAX_CHECKPOINT, read_capped, read_key_file};
use crate::canonical;
use crate::messages::Language;
use crate::sign::{self, P256Key};
use crate::tlog::{self, merkle, note};
use crate::transparency::{self as tr, Artifact};

/// The keys a reader trusts, obtained from the publisher (the site's
/// verification page, a letter, an e-mail): never read from the bundle.
pub struct TrustedKeys {
    /// The log's checkpoint key (`log.vkey`); its name is the log's origin.
    pub log: tlog::Verifier,
    /// The publisher's artifact key (`publisher.pub`).
    pub publisher: P256Key,
    /// The timestamp authorities whose tokens are trusted (`--tsa`, the
    /// chains the site publishes under `transparency/tsa/`); none: a
    /// bundle with timestamps is not passed over but refused.
    pub tsa: crate::tsa::Trust,
}

/// Why `verify-proof` could not check: the reader's mistake (exit 2), or a
/// file that is no proof (exit 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// A file that cannot be read or a key file that is no key: a usage
    /// error.
    Usage(String),
    /// A file that is read but cannot be what it should be (too large).
    Rejected(String),
}

impl TrustedKeys {
    /// Reads `--log-key` (a note verifier key, as `log.vkey` holds it) and
    /// `--publisher-key` (PEM, as `publisher.pub`), each at most 64 KiB.
    pub fn read(log_key: &Path, publisher_key: &Path) -> Result<TrustedKeys, InputError> {
        let text = read_key_file(log_key).map_err(InputError::Usage)?;
        if text.contains("-----BEGIN") {
            return Err(InputError::Usage(format!(
                "{} is a PEM key, not a log key (a note verifier key such as log.vkey); give it with --publisher-key",
                log_key.display()
            )));
        }
        let log = tlog::Verifier::parse(text.trim()).map_err(|e| {
            InputError::Usage(format!("{} is not a log key: {e}", log_key.display()))
        })?;
        let text = read_key_file(publisher_key).map_err(InputError::Usage)?;
        let der = sign::parse_public_pem(&text).map_err(|why| {
            InputError::Usage(format!(
                "{} is not a publisher key: it {why}",
                publisher_key.display()
            ))
        })?;
        let publisher = P256Key::from_der(&der).map_err(|why| {
            InputError::Usage(format!(
                "{} is not a publisher key: it {why}",
                publisher_key.display()
            ))
        })?;
        Ok(TrustedKeys {
            log,
            publisher,
            tsa: crate::tsa::Trust::default(),
        })
    }
}

/// Reads a downloaded artifact or bundle: a regular file of at most
/// [`MAX_ARTIFACT`] bytes (`publish` seals nothing larger, so a larger
/// file is no proof of this log).
pub fn read_download(path: &Path, what: &str) -> Result<Vec<u8>, InputError> {
    let len = match std::fs::metadata(path) {
        Err(e) => {
            return Err(InputError::Usage(format!(
                "reading the {what} {}: {e}",
                path.display()
            )));
        }
        Ok(m) if !m.is_file() => {
            return Err(InputError::Usage(format!(
                "reading the {what} {}: not a regular file",
                path.display()
            )));
        }
        Ok(m) => m.len(),
    };
    read_capped(path, MAX_ARTIFACT).map_err(|e| {
        if len > MAX_ARTIFACT || e.starts_with("larger than") {
            InputError::Rejected(format!(
                "the {what} {} is {e}: policypress seals nothing larger than 16 MiB, so it is not a file of this log",
                path.display()
            ))
        } else {
            InputError::Usage(format!("reading the {what} {}: {e}", path.display()))
        }
    })
}

/// One of the checks, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// The file is a policypress artifact.
    File,
    /// The bundle is a Sigstore bundle as policypress writes them.
    Bundle,
    /// The publisher's key signed exactly these bytes.
    Signature,
    /// The log entry in the bundle names this file, this signature and key.
    Entry,
    /// The checkpoint is signed by the log's key and is the proof's tree.
    Checkpoint,
    /// The entry is in that tree.
    Inclusion,
    /// When it was sealed.
    Time,
}

impl Step {
    /// Its name in the report.
    pub fn name(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Step::File, Language::En) => "file",
            (Step::File, Language::Nl) => "bestand",
            (Step::Bundle, Language::En) => "bundle",
            (Step::Bundle, Language::Nl) => "bundel",
            (Step::Signature, Language::En) => "signature",
            (Step::Signature, Language::Nl) => "handtekening",
            (Step::Entry, Language::En) => "log entry",
            (Step::Entry, Language::Nl) => "logregel",
            (Step::Checkpoint, Language::En) => "checkpoint",
            (Step::Checkpoint, Language::Nl) => "controlepunt",
            (Step::Inclusion, Language::En) => "inclusion",
            (Step::Inclusion, Language::Nl) => "opname",
            (Step::Time, Language::En) => "time",
            (Step::Time, Language::Nl) => "tijd",
        }
    }
}

/// What an artifact seals, for the report (in JSON: `type` names the
/// kind, the other fields are as the artifact says them).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(
    tag = "type",
    rename_all = "kebab-case",
    rename_all_fields = "snake_case"
)]
pub enum Sealed {
    Version {
        document: String,
        version: String,
        languages: Vec<String>,
        published: String,
        effective: String,
        material: bool,
    },
    Notice {
        document: String,
        version: String,
        previous: String,
        published: String,
        effective: String,
    },
    State {
        relationship: String,
        from: String,
        until: Option<String>,
    },
    KeyTransition {
        number: u64,
        origin: String,
    },
    SitePolicy {
        material_notice_days: u32,
        authorities: usize,
    },
    Timestamps {
        entries: usize,
    },
}

impl Sealed {
    fn of(a: &Artifact) -> Sealed {
        match a {
            Artifact::Version(v) => Sealed::Version {
                document: v.document.clone(),
                version: v.version.as_str().to_string(),
                languages: v.bodies.keys().cloned().collect(),
                published: v.published.to_string(),
                effective: v.effective.to_string(),
                material: v.material,
            },
            Artifact::Notice(n) => Sealed::Notice {
                document: n.document.clone(),
                version: n.new.0.as_str().to_string(),
                previous: n.previous.0.as_str().to_string(),
                published: n.published.to_string(),
                effective: n.effective.to_string(),
            },
            Artifact::Relationship(s) => Sealed::State {
                relationship: s.relationship.clone(),
                from: s.from.unwrap_or(s.since).to_string(),
                until: s.until.map(|u| u.to_string()),
            },
            Artifact::KeyTransition(k) => Sealed::KeyTransition {
                number: k.number,
                origin: k.origin.clone(),
            },
            Artifact::SitePolicy(p) => Sealed::SitePolicy {
                material_notice_days: p.material_notice_days,
                authorities: p.timestamp_authorities.len(),
            },
            Artifact::Timestamps(t) => Sealed::Timestamps {
                entries: t.entries.len(),
            },
        }
    }

    /// In plain words: "version 2.0 of document \"privacyverklaring\"
    /// (its text in en, nl), published …".
    pub fn text(&self, lang: Language) -> String {
        use Language::{En, Nl};
        match (self, lang) {
            (
                Sealed::Version {
                    document,
                    version,
                    languages,
                    published,
                    effective,
                    material,
                },
                En,
            ) => format!(
                "version {version} of document \"{document}\" (its text in {}), published {published}, taking effect {effective}{}",
                languages.join(", "),
                if *material { ", a material change" } else { "" }
            ),
            (
                Sealed::Version {
                    document,
                    version,
                    languages,
                    published,
                    effective,
                    material,
                },
                Nl,
            ) => format!(
                "versie {version} van document \"{document}\" (de tekst in {}), gepubliceerd {published}, in werking vanaf {effective}{}",
                languages.join(", "),
                if *material {
                    ", een wezenlijke wijziging"
                } else {
                    ""
                }
            ),
            (
                Sealed::Notice {
                    document,
                    version,
                    previous,
                    published,
                    effective,
                },
                En,
            ) => format!(
                "the change notice of version {version} of document \"{document}\" (replacing version {previous}), published {published}, taking effect {effective}"
            ),
            (
                Sealed::Notice {
                    document,
                    version,
                    previous,
                    published,
                    effective,
                },
                Nl,
            ) => format!(
                "de wijzigingsmelding van versie {version} van document \"{document}\" (die versie {previous} vervangt), gepubliceerd {published}, in werking vanaf {effective}"
            ),
            (
                Sealed::State {
                    relationship,
                    from,
                    until,
                },
                En,
            ) => format!(
                "a state of relationship \"{relationship}\", from {from}{}",
                until
                    .as_ref()
                    .map_or(String::new(), |u| format!(" until {u}"))
            ),
            (
                Sealed::State {
                    relationship,
                    from,
                    until,
                },
                Nl,
            ) => format!(
                "een stand van relatie \"{relationship}\", vanaf {from}{}",
                until
                    .as_ref()
                    .map_or(String::new(), |u| format!(" tot en met {u}"))
            ),
            (Sealed::KeyTransition { number, origin }, En) => format!(
                "key transition {number} of the log {origin}, naming the keys that sign after it"
            ),
            (Sealed::KeyTransition { number, origin }, Nl) => format!(
                "sleutelwissel {number} van het logboek {origin}, die de sleutels noemt die daarna ondertekenen"
            ),
            (
                Sealed::SitePolicy {
                    material_notice_days,
                    authorities,
                },
                En,
            ) => format!(
                "the site's policy: {material_notice_days} days' notice of a material change, {authorities} timestamp authorit{}",
                if *authorities == 1 { "y" } else { "ies" }
            ),
            (
                Sealed::SitePolicy {
                    material_notice_days,
                    authorities,
                },
                Nl,
            ) => format!(
                "het beleid van de site: {material_notice_days} dagen aankondiging van een wezenlijke wijziging, {authorities} tijdstempelautoriteit{}",
                if *authorities == 1 { "" } else { "en" }
            ),
            (Sealed::Timestamps { entries }, En) => format!(
                "timestamps added afterwards for {entries} earlier entr{}",
                if *entries == 1 { "y" } else { "ies" }
            ),
            (Sealed::Timestamps { entries }, Nl) => format!(
                "achteraf toegevoegde tijdstempels voor {entries} eerdere vermelding{}",
                if *entries == 1 { "" } else { "en" }
            ),
        }
    }
}

/// What a check found, in either language. Details that come from a
/// reader of a file format (`why`) are technical and stay in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// The file is this artifact.
    FileIs { what: Box<Sealed>, sha256: String },
    /// The file is not RFC 8785 canonical JSON.
    NotCanonical,
    /// The file is no policypress artifact.
    NotArtifact { why: String },
    /// The bundle is readable.
    BundleIs { index: u64 },
    /// The bundle is not one policypress writes.
    BundleUnreadable { why: String },
    /// The bundle carries timestamps this version cannot check.
    BundleTimestamped,
    /// The bundle carries timestamps, and no authority was given to check
    /// them against.
    TimestampsUnchecked { count: usize },
    /// A timestamp does not verify.
    TimestampFails { why: String },
    /// The timestamps prove when the artifact was sealed.
    SealedAt { time: String, authority: String },
    /// The publisher key signed these bytes.
    SignedBy { hint: String },
    /// The bundle names another key than the one given.
    OtherKeyNamed { named: String, given: String },
    /// The bundle's signature does not verify over the file, which is
    /// the one the bundle names.
    SignatureFails,
    /// The signature does not verify: the file is another one.
    SignatureOtherFile,
    /// The log entry cannot be read.
    EntryUnreadable { why: String },
    /// The log entry seals another file.
    EntryOtherFile { logged: String, sha256: String },
    /// The bundle names another file.
    BundleOtherFile { named: String, sha256: String },
    /// The bundle's signature is not the log entry's.
    EntrySignatureDiffers,
    /// The log entry names another key.
    EntryOtherKey,
    /// The log entry seals this file.
    EntrySeals { index: u64 },
    /// The bundle is of another log than the key given.
    OtherLog { origin: String },
    /// The checkpoint is too large.
    CheckpointTooLarge,
    /// The checkpoint's signature does not verify.
    CheckpointFails { why: String },
    /// The checkpoint is of another tree than the proof.
    CheckpointOtherTree,
    /// The log key signed the checkpoint; `others` signed it too.
    CheckpointSigned {
        origin: String,
        size: u64,
        others: Vec<String>,
    },
    /// The entry is in the tree.
    Included { index: u64, size: u64 },
    /// The inclusion proof fails.
    InclusionFails { why: String },
    /// The bundle carries no timestamp.
    NoTimestamp,
}

impl Said {
    /// In `lang`.
    pub fn text(&self, lang: Language) -> String {
        use Language::{En, Nl};
        match (self, lang) {
            (Said::FileIs { what, sha256 }, _) => format!("{} (SHA-256 {sha256})", what.text(lang)),
            (Said::NotCanonical, En) => "the file is not canonical JSON (RFC 8785), so it is no artifact policypress sealed".into(),
            (Said::NotCanonical, Nl) => "het bestand is geen canonieke JSON (RFC 8785), dus geen tekst die policypress vastlegde".into(),
            (Said::NotArtifact { why }, En) => format!("the file is no policypress artifact: {why}"),
            (Said::NotArtifact { why }, Nl) => format!("het bestand is geen vastgelegde tekst van policypress: {why}"),
            (Said::BundleIs { index }, En) => format!("a Sigstore bundle for entry {index} of a log, with its inclusion proof and checkpoint"),
            (Said::BundleIs { index }, Nl) => format!("een Sigstore-bundel bij regel {index} van een logboek, met het bewijs van opname en een controlepunt"),
            (Said::BundleUnreadable { why }, En) => format!("the bundle {why}"),
            (Said::BundleUnreadable { why }, Nl) => format!("de bundel is onleesbaar: {why}"),
            (Said::TimestampsUnchecked { count }, En) => format!("the bundle carries {count} timestamp(s), and no timestamp authority was given to check them: give its certificates with --tsa (the site publishes them in transparency/tsa/)"),
            (Said::TimestampsUnchecked { count }, Nl) => format!("de bundel bevat {count} tijdstempel(s), en er is geen tijdstempelautoriteit gegeven om ze mee te controleren: geef haar certificaten met --tsa (de site publiceert ze in transparency/tsa/)"),
            (Said::TimestampFails { why }, En) => format!("a timestamp does not verify: {why}"),
            (Said::TimestampFails { why }, Nl) => format!("een tijdstempel klopt niet: {why}"),
            (Said::SealedAt { time, authority }, En) => format!("sealed {time}, as the timestamp of {authority} proves"),
            (Said::SealedAt { time, authority }, Nl) => format!("vastgelegd op {time}, zoals de tijdstempel van {authority} bewijst"),
            (Said::BundleTimestamped, En) => "the bundle carries timestamps (verificationMaterial.timestampVerificationData), which this version of policypress cannot check; use a newer version".into(),
            (Said::BundleTimestamped, Nl) => "de bundel bevat tijdstempels (verificationMaterial.timestampVerificationData), die deze versie van policypress niet kan controleren; gebruik een nieuwere versie".into(),
            (Said::SignedBy { hint }, En) => format!("the publisher key (SHA-256 {hint}) signed exactly these bytes"),
            (Said::SignedBy { hint }, Nl) => format!("de sleutel van de uitgever (SHA-256 {hint}) ondertekende precies deze bytes"),
            (Said::OtherKeyNamed { named, given }, En) => format!("the bundle names another signing key (SHA-256 {named}) than the publisher key given (SHA-256 {given})"),
            (Said::OtherKeyNamed { named, given }, Nl) => format!("de bundel noemt een andere ondertekeningssleutel (SHA-256 {named}) dan de opgegeven sleutel van de uitgever (SHA-256 {given})"),
            (Said::SignatureFails, En) => "the bundle's signature does not verify with the publisher key over this file".into(),
            (Said::SignatureFails, Nl) => "de handtekening in de bundel klopt niet met de sleutel van de uitgever en dit bestand".into(),
            (Said::SignatureOtherFile, En) => "the signature does not verify with the publisher key over this file: the file is not the one this bundle was made for".into(),
            (Said::SignatureOtherFile, Nl) => "de handtekening klopt niet met de sleutel van de uitgever en dit bestand: het bestand is niet het bestand waarvoor deze bundel gemaakt is".into(),
            (Said::EntryUnreadable { why }, En) => format!("the bundle's log entry {why}"),
            (Said::EntryUnreadable { why }, Nl) => format!("de logregel in de bundel is onleesbaar: {why}"),
            (Said::EntryOtherFile { logged, sha256 }, En) => format!("the log entry seals another file (SHA-256 {logged}), not this one (SHA-256 {sha256})"),
            (Said::EntryOtherFile { logged, sha256 }, Nl) => format!("de logregel legt een ander bestand vast (SHA-256 {logged}), niet dit (SHA-256 {sha256})"),
            (Said::BundleOtherFile { named, sha256 }, En) => format!("the bundle is for another file (SHA-256 {named}), not this one (SHA-256 {sha256})"),
            (Said::BundleOtherFile { named, sha256 }, Nl) => format!("de bundel hoort bij een ander bestand (SHA-256 {named}), niet bij dit (SHA-256 {sha256})"),
            (Said::EntrySignatureDiffers, En) => "the bundle's signature is not the one in its log entry".into(),
            (Said::EntrySignatureDiffers, Nl) => "de handtekening in de bundel is niet die in de logregel".into(),
            (Said::EntryOtherKey, En) => "the log entry names another signing key than the publisher key given".into(),
            (Said::EntryOtherKey, Nl) => "de logregel noemt een andere ondertekeningssleutel dan de opgegeven sleutel van de uitgever".into(),
            (Said::EntrySeals { index }, En) => format!("entry {index} of the log seals this file's SHA-256 with this signature and key"),
            (Said::EntrySeals { index }, Nl) => format!("regel {index} van het logboek legt de SHA-256 van dit bestand vast, met deze handtekening en sleutel"),
            (Said::OtherLog { origin }, En) => format!("the bundle is of another log (its log ID is not that of the log key given, {origin})"),
            (Said::OtherLog { origin }, Nl) => format!("de bundel hoort bij een ander logboek (de log-ID is niet die van de opgegeven sleutel van het logboek, {origin})"),
            (Said::CheckpointTooLarge, En) => "the checkpoint in the bundle is larger than 1 MiB".into(),
            (Said::CheckpointTooLarge, Nl) => "het controlepunt in de bundel is groter dan 1 MiB".into(),
            (Said::CheckpointFails { why }, En) => format!("the checkpoint in the bundle does not verify with the log key given: {why}"),
            (Said::CheckpointFails { why }, Nl) => format!("het controlepunt in de bundel klopt niet met de opgegeven sleutel van het logboek: {why}"),
            (Said::CheckpointOtherTree, En) => "the checkpoint in the bundle is not the tree its inclusion proof is for".into(),
            (Said::CheckpointOtherTree, Nl) => "het controlepunt in de bundel is niet de boom waarvoor het bewijs van opname geldt".into(),
            (Said::CheckpointSigned { origin, size, others }, En) => format!(
                "the log key {origin} signed the tree of {size} entries{}",
                if others.is_empty() { String::new() } else { format!("; also signed by {} (not checked: no witness keys were given)", others.join(", ")) }
            ),
            (Said::CheckpointSigned { origin, size, others }, Nl) => format!(
                "de sleutel van het logboek {origin} ondertekende de boom van {size} regels{}",
                if others.is_empty() { String::new() } else { format!("; ook ondertekend door {} (niet gecontroleerd: er zijn geen sleutels van getuigen opgegeven)", others.join(", ")) }
            ),
            (Said::Included { index, size }, En) => format!("entry {index} is in the tree of {size} entries"),
            (Said::Included { index, size }, Nl) => format!("regel {index} staat in de boom van {size} regels"),
            (Said::InclusionFails { why }, En) => format!("the inclusion proof fails: {why}"),
            (Said::InclusionFails { why }, Nl) => format!("het bewijs van opname klopt niet: {why}"),
            (Said::NoTimestamp, En) => "the bundle carries no timestamp: it proves what was sealed and in which order, not when".into(),
            (Said::NoTimestamp, Nl) => "de bundel bevat geen tijdstempel: hij bewijst wat er is vastgelegd en in welke volgorde, niet wanneer".into(),
        }
    }
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub step: Step,
    /// `Ok(what was proven)`, `Err(why not)`.
    pub result: Result<Said, Said>,
}

/// What a checked proof proves, for the closing sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proven {
    /// What the artifact seals.
    pub what: Sealed,
    /// Lowercase hex SHA-256 of the artifact.
    pub sha256: String,
    /// Its entry in the log.
    pub log_index: u64,
    /// The log's name.
    pub origin: String,
    /// The size of the tree in the bundle's checkpoint.
    pub tree_size: u64,
}

/// Every check, and what is proven when all passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub checks: Vec<Check>,
    pub proven: Option<Proven>,
}

impl Outcome {
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.proven.is_some()
    }

    /// The report in `lang`: one line per check, then what was proven or
    /// that it was not.
    pub fn lines(&self, lang: Language) -> Vec<String> {
        let mut out: Vec<String> = self
            .checks
            .iter()
            .map(|c| {
                let name = c.step.name(lang);
                match &c.result {
                    // Time is told, not proven, until bundles carry it.
                    Ok(s) if c.step == Step::Time => format!("note    {name}: {}", s.text(lang)),
                    Ok(s) => format!("ok      {name}: {}", s.text(lang)),
                    Err(s) => format!("FAILED  {name}: {}", s.text(lang)),
                }
            })
            .collect();
        let failed = self.checks.iter().filter(|c| c.result.is_err()).count();
        out.push(match (&self.proven, lang) {
            (Some(p), Language::En) => format!(
                "Proven: this file is {}, signed by the publisher and sealed as entry {} of the log {}, whose checkpoint in the bundle covers {} entries. Its SHA-256 is {}.",
                p.what.text(lang), p.log_index, p.origin, p.tree_size, p.sha256
            ),
            (Some(p), Language::Nl) => format!(
                "Bewezen: dit bestand is {}, ondertekend door de uitgever en vastgelegd als regel {} van het logboek {}, waarvan het controlepunt in de bundel {} regels telt. De SHA-256 is {}.",
                p.what.text(lang), p.log_index, p.origin, p.tree_size, p.sha256
            ),
            (None, Language::En) => format!(
                "NOT proven: {failed} check{} failed. Do not rely on this file as a copy of what the publisher sealed.",
                crate::diag::plural(failed)
            ),
            (None, Language::Nl) => format!(
                "NIET bewezen: {failed} {} mislukt. Vertrouw er niet op dat dit bestand een kopie is van wat de uitgever vastlegde.",
                if failed == 1 { "controle" } else { "controles" }
            ),
        });
        out
    }
}

impl Outcome {
    /// The report as one JSON object, for scripts and CI: whether the
    /// proof holds, what it proves, and every check with its result and
    /// its message in `lang`. Check names and results are stable English
    /// words (`signature`, `passed`, `failed`, `note`).
    pub fn to_json(&self, artifact: &str, bundle: &str, lang: Language) -> String {
        #[derive(serde::Serialize)]
        struct CheckJson {
            check: Step,
            result: &'static str,
            message: String,
        }
        #[derive(serde::Serialize)]
        struct Log<'a> {
            origin: &'a str,
            index: u64,
            tree_size: u64,
        }
        #[derive(serde::Serialize)]
        struct Json<'a> {
            artifact: &'a str,
            bundle: &'a str,
            proven: bool,
            sealed: Option<&'a Sealed>,
            sha256: Option<&'a str>,
            log: Option<Log<'a>>,
            /// The earliest time the bundle's timestamps prove (RFC 3339).
            sealed_at: Option<&'a str>,
            failures: usize,
            checks: Vec<CheckJson>,
        }
        let checks = self
            .checks
            .iter()
            .map(|c| {
                let (result, said) = match &c.result {
                    Ok(s) if c.step == Step::Time => ("note", s),
                    Ok(s) => ("passed", s),
                    Err(s) => ("failed", s),
                };
                CheckJson {
                    check: c.step,
                    result,
                    message: said.text(lang),
                }
            })
            .collect();
        let sealed_at = self.checks.iter().find_map(|c| match &c.result {
            Ok(Said::SealedAt { time, .. }) => Some(time.as_str()),
            _ => None,
        });
        let p = self.proven.as_ref();
        let mut s = serde_json::to_string_pretty(&Json {
            artifact,
            bundle,
            proven: self.passed(),
            sealed: p.map(|p| &p.what),
            sha256: p.map(|p| p.sha256.as_str()),
            log: p.map(|p| Log {
                origin: &p.origin,
                index: p.log_index,
                tree_size: p.tree_size,
            }),
            sealed_at,
            failures: self.checks.iter().filter(|c| c.result.is_err()).count(),
            checks,
        })
        .expect("bug: a proof report always serialises");
        s.push('\n');
        s
    }
}

/// When a bundle says its artifact was sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealingTime {
    /// The bundle carries no timestamp: the log proves what was sealed and
    /// in which order, not when.
    NotTimestamped,
    /// The earliest time its timestamps prove.
    Sealed(crate::tsa::Stamp),
}

/// When the artifact of `bundle` was sealed, from the bundle's RFC 3161
/// timestamps (`verificationMaterial.timestampVerificationData`), each
/// checked over the bundle's signature against the authorities in `trust`,
/// as `verify` checks them. Timestamps that cannot be checked (no
/// authority given) are a failure, never passed over.
pub fn sealing_time(bundle: &tr::Bundle, trust: &crate::tsa::Trust) -> Result<SealingTime, Said> {
    if bundle.timestamps.is_empty() {
        return Ok(SealingTime::NotTimestamped);
    }
    if trust.authorities.is_empty() {
        return Err(Said::TimestampsUnchecked {
            count: bundle.timestamps.len(),
        });
    }
    match super::time::check_tokens(&bundle.timestamps, &bundle.signature, trust) {
        Ok(Some(stamp)) => Ok(SealingTime::Sealed(stamp)),
        Ok(None) => Ok(SealingTime::NotTimestamped),
        Err(why) => Err(Said::TimestampFails { why }),
    }
}

/// Checks `artifact` against `bundle` with the keys a reader trusts. Every
/// check is run that can be, so each failure is named.
pub fn verify_proof(artifact: &[u8], bundle: &[u8], keys: &TrustedKeys) -> Outcome {
    let mut checks = Vec::new();
    let mut push = |step: Step, result: Result<Said, Said>| {
        checks.push(Check { step, result });
    };
    let digest: [u8; 32] = Sha256::digest(artifact).into();
    let sha = sign::hex(&digest);

    // What the file is (only a policypress artifact is described).
    let parsed = if !canonical::is_canonical(artifact) {
        Err(Said::NotCanonical)
    } else {
        Artifact::parse(artifact)
            .map(|a| Sealed::of(&a))
            .map_err(|why| Said::NotArtifact { why })
    };
    push(
        Step::File,
        parsed
            .as_ref()
            .map(|what| Said::FileIs {
                what: Box::new(what.clone()),
                sha256: sha.clone(),
            })
            .map_err(Clone::clone),
    );

    let b = match parse_bundle(bundle) {
        Ok(b) => b,
        Err(said) => {
            push(Step::Bundle, Err(said));
            return Outcome {
                checks,
                proven: None,
            };
        }
    };
    push(Step::Bundle, Ok(Said::BundleIs { index: b.log_index }));
    let hint = sign::key_hint(keys.publisher.der());

    // The signature, by the key the reader trusts.
    let signature = if b.key_hint != hint {
        Err(Said::OtherKeyNamed {
            named: b.key_hint.clone(),
            given: hint.clone(),
        })
    } else if !keys.publisher.verify(artifact, &b.signature) {
        Err(if b.digest == digest {
            Said::SignatureFails
        } else {
            Said::SignatureOtherFile
        })
    } else {
        Ok(Said::SignedBy { hint })
    };
    push(Step::Signature, signature);

    // The log entry: it names this file's digest, this signature and key.
    let entry_check = match tr::parse_entry(&b.body) {
        Err(why) => Err(Said::EntryUnreadable { why }),
        Ok(e) if e.digest != digest => Err(Said::EntryOtherFile {
            logged: sign::hex(&e.digest),
            sha256: sha.clone(),
        }),
        Ok(_) if b.digest != digest => Err(Said::BundleOtherFile {
            named: sign::hex(&b.digest),
            sha256: sha.clone(),
        }),
        Ok(e) if e.signature != b.signature => Err(Said::EntrySignatureDiffers),
        Ok(e) if e.public_der != keys.publisher.der() => Err(Said::EntryOtherKey),
        Ok(_) => Ok(Said::EntrySeals { index: b.log_index }),
    };
    push(Step::Entry, entry_check);

    // The checkpoint: signed by the log's key, for the proof's tree.
    let origin = keys.log.name().to_string();
    let cp = if b.log_id != tr::log_id(&keys.log) {
        Err(Said::OtherLog {
            origin: origin.clone(),
        })
    } else if b.checkpoint_note.len() as u64 > MAX_CHECKPOINT {
        Err(Said::CheckpointTooLarge)
    } else {
        match tlog::verify_checkpoint(
            b.checkpoint_note.as_bytes(),
            &origin,
            std::slice::from_ref(&keys.log),
        ) {
            Err(e) => Err(Said::CheckpointFails { why: e.to_string() }),
            Ok(c) if c.size != b.tree_size || c.root != b.root => Err(Said::CheckpointOtherTree),
            Ok(c) => Ok(Said::CheckpointSigned {
                origin: origin.clone(),
                size: c.size,
                others: other_signers(&b.checkpoint_note, &keys.log),
            }),
        }
    };
    push(Step::Checkpoint, cp);

    // The inclusion proof, of the entry as the bundle carries it.
    let inclusion = merkle::verify_inclusion(
        &tlog::leaf_hash(&b.body),
        b.log_index,
        b.tree_size,
        &b.proof,
        &b.root,
    )
    .map(|()| Said::Included {
        index: b.log_index,
        size: b.tree_size,
    })
    .map_err(|e| Said::InclusionFails { why: e.to_string() });
    push(Step::Inclusion, inclusion);

    let time = sealing_time(&b, &keys.tsa).map(|t| match t {
        SealingTime::NotTimestamped => Said::NoTimestamp,
        SealingTime::Sealed(s) => Said::SealedAt {
            time: s.rfc3339(),
            authority: s.authority,
        },
    });
    push(Step::Time, time);

    let proven = match (parsed, checks.iter().all(|c| c.result.is_ok())) {
        (Ok(what), true) => Some(Proven {
            what,
            sha256: sha,
            log_index: b.log_index,
            origin,
            tree_size: b.tree_size,
        }),
        _ => None,
    };
    Outcome { checks, proven }
}

/// Reads the bundle with [`tr::Bundle::parse`], naming a part that this
/// version of policypress cannot check rather than only calling it
/// unknown.
fn parse_bundle(bytes: &[u8]) -> Result<tr::Bundle, Said> {
    tr::Bundle::parse(bytes).map_err(|why| {
        let timestamped = serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .is_some_and(|v| {
                v.pointer("/verificationMaterial/timestampVerificationData")
                    .is_some()
            });
        if timestamped {
            Said::BundleTimestamped
        } else {
            Said::BundleUnreadable { why }
        }
    })
}

/// The names of the keys, other than the log's, that signed the checkpoint.
fn other_signers(note_text: &str, log: &tlog::Verifier) -> Vec<String> {
    let Ok((_, sigs)) = note::split(note_text.as_bytes()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = sigs
        .into_iter()
        .filter(|s| !(s.name == log.name() && s.key_id == log.key_id()))
        .map(|s| s.name)
        .collect();
    names.dedup();
    names
}
