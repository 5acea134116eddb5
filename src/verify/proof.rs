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
        Ok(TrustedKeys { log, publisher })
    }
}

/// Reads a downloaded artifact or bundle: a regular file of at most
/// [`MAX_ARTIFACT`] bytes (`publish` seals nothing larger, so a larger
/// file is no proof of this log).
pub fn read_download(path: &Path, what: &str) -> Result<Vec<u8>, InputError> {
    match std::fs::metadata(path) {
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
        Ok(_) => {}
    }
    read_capped(path, MAX_ARTIFACT).map_err(|e| {
        InputError::Rejected(format!(
            "the {what} {} is {e}: policypress seals nothing larger than 16 MiB, so it is not a file of this log",
            path.display()
        ))
    })
}

/// One of the checks, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub fn name(self) -> &'static str {
        match self {
            Step::File => "file",
            Step::Bundle => "bundle",
            Step::Signature => "signature",
            Step::Entry => "log entry",
            Step::Checkpoint => "checkpoint",
            Step::Inclusion => "inclusion",
            Step::Time => "time",
        }
    }
}

/// The result of one check, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub step: Step,
    /// `Ok(what was proven)`, `Err(why not)`.
    pub result: Result<String, String>,
}

/// What a checked proof proves, for the closing sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proven {
    /// What the artifact seals, in words: "version 2.0 of document
    /// \"privacyverklaring\" (texts in nl, en), published …".
    pub what: String,
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

    /// The checks that failed, as "step: why".
    pub fn failures(&self) -> Vec<String> {
        self.checks
            .iter()
            .filter_map(|c| {
                c.result
                    .as_ref()
                    .err()
                    .map(|why| format!("{}: {why}", c.step.name()))
            })
            .collect()
    }

    /// The report: one line per check, then what was proven or that it
    /// was not.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .checks
            .iter()
            .map(|c| match &c.result {
                // Time is told, not proven, until bundles carry it.
                Ok(s) if c.step == Step::Time => format!("note    {}: {s}", c.step.name()),
                Ok(s) => format!("ok      {}: {s}", c.step.name()),
                Err(s) => format!("FAILED  {}: {s}", c.step.name()),
            })
            .collect();
        match &self.proven {
            Some(p) => out.push(format!(
                "Proven: this file is {}, signed by the publisher and sealed as entry {} of the log {}, whose checkpoint in the bundle covers {} entries. Its SHA-256 is {}.",
                p.what, p.log_index, p.origin, p.tree_size, p.sha256
            )),
            None => {
                let n = self.checks.iter().filter(|c| c.result.is_err()).count();
                out.push(format!(
                    "NOT proven: {n} check{} failed. Do not rely on this file as a copy of what the publisher sealed.",
                    crate::diag::plural(n)
                ));
            }
        }
        out
    }
}

/// When a bundle says its artifact was sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealingTime {
    /// The bundle carries no timestamp: the log proves what was sealed and
    /// in which order, not when.
    NotTimestamped,
}

/// When the artifact of `bundle` was sealed, from the bundle's trusted
/// timestamps (`verificationMaterial.timestampVerificationData`), each
/// over the bundle's signature; the error says which one does not verify.
/// A bundle as [`tr::Bundle`] reads it today carries none (a bundle with
/// timestamps is refused by [`tr::Bundle::parse`], so it never reaches
/// here unchecked), and this says so.
pub fn sealing_time(bundle: &tr::Bundle) -> Result<SealingTime, String> {
    let _ = bundle;
    Ok(SealingTime::NotTimestamped)
}

/// Checks `artifact` against `bundle` with the keys a reader trusts. Every
/// check is run that can be, so each failure is named.
pub fn verify_proof(artifact: &[u8], bundle: &[u8], keys: &TrustedKeys) -> Outcome {
    let mut checks = Vec::new();
    let mut push = |step: Step, result: Result<String, String>| {
        checks.push(Check { step, result });
    };
    let digest: [u8; 32] = Sha256::digest(artifact).into();
    let sha = sign::hex(&digest);

    // What the file is (only a policypress artifact is described).
    let parsed = if !canonical::is_canonical(artifact) {
        Err(
            "the file is not canonical JSON (RFC 8785), so it is no artifact policypress sealed"
                .to_string(),
        )
    } else {
        Artifact::parse(artifact)
            .map_err(|why| format!("the file is no policypress artifact: {why}"))
    };
    push(
        Step::File,
        parsed
            .as_ref()
            .map(|a| format!("{} (SHA-256 {sha})", describe(a)))
            .map_err(Clone::clone),
    );

    let b = match parse_bundle(bundle) {
        Ok(b) => b,
        Err(why) => {
            push(Step::Bundle, Err(format!("the bundle {why}")));
            return Outcome {
                checks,
                proven: None,
            };
        }
    };
    push(
        Step::Bundle,
        Ok(format!(
            "a Sigstore bundle for entry {} of a log, with its inclusion proof and checkpoint",
            b.log_index
        )),
    );
    let hint = sign::key_hint(keys.publisher.der());

    // The signature, by the key the reader trusts.
    let signature = if b.key_hint != hint {
        Err(format!(
            "the bundle names another signing key (SHA-256 {}) than the publisher key given (SHA-256 {hint})",
            b.key_hint
        ))
    } else if !keys.publisher.verify(artifact, &b.signature) {
        Err(if b.digest == digest {
            "the bundle's signature does not verify with the publisher key over this file".into()
        } else {
            "the signature does not verify with the publisher key over this file: the file is not the one this bundle was made for".into()
        })
    } else {
        Ok(format!(
            "the publisher key (SHA-256 {hint}) signed exactly these bytes"
        ))
    };
    push(Step::Signature, signature);

    // The log entry: it names this file's digest, this signature and key.
    let entry = tr::parse_entry(&b.body);
    let entry_check = match &entry {
        Err(why) => Err(format!("the bundle's log entry {why}")),
        Ok(e) if e.digest != digest => Err(format!(
            "the log entry seals another file (SHA-256 {}), not this one (SHA-256 {sha})",
            sign::hex(&e.digest)
        )),
        Ok(_) if b.digest != digest => Err(format!(
            "the bundle is for another file (SHA-256 {}), not this one (SHA-256 {sha})",
            sign::hex(&b.digest)
        )),
        Ok(e) if e.signature != b.signature => {
            Err("the bundle's signature is not the one in its log entry".into())
        }
        Ok(e) if e.public_der != keys.publisher.der() => {
            Err("the log entry names another signing key than the publisher key given".into())
        }
        Ok(_) => Ok(format!(
            "entry {} of the log seals this file's SHA-256 with this signature and key",
            b.log_index
        )),
    };
    push(Step::Entry, entry_check);

    // The checkpoint: signed by the log's key, for the proof's tree.
    let origin = keys.log.name().to_string();
    let cp = if b.log_id != tr::log_id(&keys.log) {
        Err(format!(
            "the bundle is of another log (its log ID is not that of the log key given, {origin})"
        ))
    } else if b.checkpoint_note.len() as u64 > MAX_CHECKPOINT {
        Err("the checkpoint in the bundle is larger than 1 MiB".into())
    } else {
        match tlog::verify_checkpoint(
            b.checkpoint_note.as_bytes(),
            &origin,
            std::slice::from_ref(&keys.log),
        ) {
            Err(e) => Err(format!(
                "the checkpoint in the bundle does not verify with the log key given: {e}"
            )),
            Ok(c) if c.size != b.tree_size || c.root != b.root => Err(
                "the checkpoint in the bundle is not the tree its inclusion proof is for".into(),
            ),
            Ok(c) => Ok(c),
        }
    };
    push(
        Step::Checkpoint,
        cp.as_ref()
            .map(|c| {
                let others = other_signers(&b.checkpoint_note, &keys.log);
                let also = match others.as_slice() {
                    [] => String::new(),
                    names => format!(
                        "; also signed by {} (not checked: no witness keys were given)",
                        names.join(", ")
                    ),
                };
                format!(
                    "the log key {origin} signed the tree of {} entries{also}",
                    c.size
                )
            })
            .map_err(Clone::clone),
    );

    // The inclusion proof, of the entry as the bundle carries it.
    let inclusion = merkle::verify_inclusion(
        &tlog::leaf_hash(&b.body),
        b.log_index,
        b.tree_size,
        &b.proof,
        &b.root,
    )
    .map(|()| {
        format!(
            "entry {} is in the tree of {} entries",
            b.log_index, b.tree_size
        )
    })
    .map_err(|e| format!("the inclusion proof fails: {e}"));
    push(Step::Inclusion, inclusion);

    let time = sealing_time(&b).map(|t| match t {
        SealingTime::NotTimestamped => "the bundle carries no timestamp: it proves what was sealed and in which order, not when".to_string(),
    });
    push(Step::Time, time);

    let proven = match (&parsed, checks.iter().all(|c| c.result.is_ok())) {
        (Ok(a), true) => Some(Proven {
            what: describe(a),
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
/// unknown. The error completes "the bundle …".
fn parse_bundle(bytes: &[u8]) -> Result<tr::Bundle, String> {
    tr::Bundle::parse(bytes).map_err(|why| {
        let timestamped = serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .is_some_and(|v| {
                v.pointer("/verificationMaterial/timestampVerificationData")
                    .is_some()
            });
        if timestamped {
            "carries timestamps (verificationMaterial.timestampVerificationData), which this version of policypress cannot check; use a newer version".to_string()
        } else {
            why
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

/// What an artifact seals, in plain words.
fn describe(a: &Artifact) -> String {
    match a {
        Artifact::Version(v) => {
            let langs: Vec<&str> = v.bodies.keys().map(String::as_str).collect();
            format!(
                "version {} of document \"{}\" (its text in {}), published {}, taking effect {}{}",
                v.version.as_str(),
                v.document,
                langs.join(", "),
                v.published,
                v.effective,
                if v.material {
                    ", a material change"
                } else {
                    ""
                }
            )
        }
        Artifact::Notice(n) => format!(
            "the change notice of version {} of document \"{}\" (replacing version {}), published {}, taking effect {}",
            n.new.0.as_str(),
            n.document,
            n.previous.0.as_str(),
            n.published,
            n.effective
        ),
        Artifact::Relationship(s) => format!(
            "a state of relationship \"{}\", from {}{}",
            s.relationship,
            s.from.unwrap_or(s.since),
            s.until.map_or(String::new(), |u| format!(" until {u}"))
        ),
        Artifact::KeyTransition(k) => format!(
            "key transition {} of the log {}, naming the keys that sign after it",
            k.number, k.origin
        ),
    }
}
