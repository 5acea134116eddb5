//! The checks across entries — one truth per version and relationship
//! state, the links of change notices to the versions they announce and
//! replace, the order in which versions were sealed — made as the log is
//! read, in log order, one verified entry at a time. Of an entry only
//! fixed-size records are kept (its position, SHA-256 digests of what it
//! seals and of its artifact, dates), never the entry or its artifact:
//! about a hundred bytes per version and relationship state, nothing per
//! other entry, plus each document's name once. Names in messages are read
//! back from the index (kept on disk) when a check fails. The same rules
//! as [`crate::transparency::truth`], which `build` and `publish` apply to
//! a log they hold whole.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest as _, Sha256};

use super::index::IndexFile;
use super::{Entries, Report, Verified};
use crate::model::Date;
use crate::sign;
use crate::transparency::Artifact;

/// A SHA-256 digest: of an artifact, or of what an entry seals (kind and
/// names), so that a map of them costs the same whatever the names.
type Key = [u8; 32];

fn key(parts: &[&str]) -> Key {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().into()
}

/// A version that is the first truth of what it seals, as the order check
/// and the pages check need it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Dated {
    pub pos: u64,
    effective: Date,
    late_entry: bool,
    /// The log's size after the publish that sealed it.
    publish_end: u64,
    /// The languages of its texts, as bits of [`Languages`].
    languages: u64,
}

/// The languages the log's versions have texts in, each a bit of
/// [`Dated::languages`]; the last bit says a version has one beyond them.
#[derive(Debug, Default)]
pub(super) struct Languages(Vec<String>);

impl Languages {
    const MORE: u64 = 1 << 63;

    fn bits(&mut self, languages: &[String]) -> u64 {
        let mut bits = 0;
        for l in languages {
            match self.0.iter().position(|k| k == l) {
                Some(i) => bits |= 1 << i,
                None if self.0.len() < 63 => {
                    bits |= 1 << self.0.len();
                    self.0.push(l.clone());
                }
                None => bits |= Self::MORE,
            }
        }
        bits
    }

    /// The languages of `d`, unless it has one beyond those kept.
    pub(super) fn of(&self, d: &Dated) -> Option<Vec<String>> {
        if d.languages & Self::MORE != 0 {
            return None;
        }
        // In the order of the artifact's texts (by language code).
        let mut l: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .filter(|(i, _)| d.languages & (1 << i) != 0)
            .map(|(_, l)| l.clone())
            .collect();
        l.sort();
        Some(l)
    }
}

/// A change notice's claim about the version it replaces, checked once
/// the whole log is read (that version may be sealed after it).
struct Replaces {
    pos: u64,
    key: Key,
    sha256: String,
    version: String,
}

/// What the checks across entries keep while the log is read.
pub(super) struct Cross<'a> {
    idx: &'a IndexFile,
    /// The sizes of the checkpoints seen before: entries below one were
    /// sealed by a publish that ended there at the latest.
    old_sizes: &'a [u64],
    /// What a version, notice or relationship state seals → the entry
    /// that sealed it first (for a relationship: its last state).
    firsts: HashMap<Key, u64>,
    /// A relationship → its states in chain order: position, digest.
    chains: HashMap<Key, Vec<(u64, Key)>>,
    /// The entries that sealed again what an earlier one sealed (each a
    /// failure), by what they seal: position and digest.
    seconds: HashMap<Key, Vec<(u64, Key)>>,
    /// Key transitions, site policies and later timestamps: few, each sealed
    /// at most once (position and digest).
    whole_artifacts: Vec<(u64, Key)>,
    /// A document → its versions that are the first truth, in log order.
    pub documents: BTreeMap<String, Vec<Dated>>,
    languages: Languages,
    replaces: Vec<Replaces>,
    /// Every verified entry; the notices and relationship states among
    /// the first truths; the versions among them.
    pub verified: Entries,
    linked: Entries,
    concerned: Entries,
    late_entries: usize,
    truth: Report,
    conflicts: usize,
    /// Failures of the links check, by position (and which of an entry's
    /// two claims), to report in log order.
    links: Vec<(u64, u8, Vec<u64>, String)>,
    links_unlisted: u64,
    order: Report,
}

impl<'a> Cross<'a> {
    pub(super) fn new(idx: &'a IndexFile, old_sizes: &'a [u64]) -> Self {
        Cross {
            idx,
            old_sizes,
            firsts: HashMap::new(),
            chains: HashMap::new(),
            seconds: HashMap::new(),
            whole_artifacts: Vec::new(),
            documents: BTreeMap::new(),
            languages: Languages::default(),
            replaces: Vec::new(),
            verified: Entries::default(),
            linked: Entries::default(),
            concerned: Entries::default(),
            late_entries: 0,
            truth: Report::default(),
            conflicts: 0,
            links: Vec::new(),
            links_unlisted: 0,
            order: Report::default(),
        }
    }

    /// `#i artifact`, read back from the index.
    fn label(&self, i: u64) -> String {
        match self.idx.entry(i) {
            Some(e) => format!("#{i} {}", e.artifact),
            None => format!("#{i}"),
        }
    }

    /// The digest the index gives entry `i` (for a verified entry, its
    /// artifact's).
    fn digest_of(&self, i: u64) -> String {
        self.idx.entry(i).map(|e| e.sha256).unwrap_or_default()
    }

    /// The earliest entry of `group` (and of the seconds of `k`) that
    /// sealed the artifact with `digest`.
    fn same_artifact(&self, k: &Key, group: &[(u64, Key)], digest: &Key) -> Option<u64> {
        group
            .iter()
            .chain(self.seconds.get(k).into_iter().flatten())
            .filter(|(_, d)| d == digest)
            .map(|(p, _)| *p)
            .min()
    }

    fn conflict(&mut self, entries: Vec<u64>, message: String) {
        self.conflicts += 1;
        self.truth.fail("one-truth", entries, message);
    }

    /// Takes the next verified entry, in log order: its position, its
    /// artifact's digest and what it seals.
    pub(super) fn add(&mut self, pos: u64, digest: Key, state: Option<u64>, v: &Verified) {
        self.verified.push(pos);
        let second = match &v.artifact {
            Artifact::Version(a) => {
                let k = key(&["version", &a.document, a.version.as_str()]);
                self.sealed_once(k, pos, digest, &v.artifact)
            }
            Artifact::Notice(n) => {
                let k = key(&["notice", &n.document, n.new.0.as_str()]);
                self.sealed_once(k, pos, digest, &v.artifact)
            }
            // Sealed whole, each at most once; none says anything of a
            // version or a state.
            Artifact::KeyTransition(_) | Artifact::SitePolicy(_) | Artifact::Timestamps(_) => {
                match self
                    .whole_artifacts
                    .iter()
                    .find(|(_, d)| *d == digest)
                    .map(|(p, _)| *p)
                {
                    Some(first) => {
                        let message = format!(
                            "{}: seals the same artifact as {}",
                            self.label(pos),
                            self.label(first)
                        );
                        self.conflict(vec![first, pos], message);
                        true
                    }
                    None => {
                        self.whole_artifacts.push((pos, digest));
                        false
                    }
                }
            }
            Artifact::Relationship(s) => {
                let k = key(&["relationship", &s.relationship]);
                self.state(k, pos, digest, state, &v.artifact, s.previous.as_deref())
            }
        };
        if !second {
            self.first_truth(pos, v);
        }
    }

    /// A version or notice: the first to seal it, or a second (a failure).
    fn sealed_once(&mut self, k: Key, pos: u64, digest: Key, a: &Artifact) -> bool {
        let Some(&first) = self.firsts.get(&k) else {
            self.firsts.insert(k, pos);
            return false;
        };
        let first_digest = self.digest_of(first);
        let same = if first_digest == sign::hex(&digest) {
            Some(first)
        } else {
            self.same_artifact(&k, &[], &digest)
        };
        let message = match (same, a) {
            (Some(f), _) => format!(
                "{}: seals the same artifact as {}",
                self.label(pos),
                self.label(f)
            ),
            (None, Artifact::Version(_)) => format!(
                "{}: a second text of {}: {} sealed it first; a version has one text",
                self.label(pos),
                a.describe(),
                self.label(first)
            ),
            (None, _) => format!(
                "{}: a second change notice for {}: {} is its notice",
                self.label(pos),
                a.describe().trim_start_matches("the change notice of "),
                self.label(first)
            ),
        };
        let first = same.unwrap_or(first);
        self.conflict(vec![first, pos], message);
        if same.is_none() {
            self.seconds.entry(k).or_default().push((pos, digest));
        }
        true
    }

    /// A relationship state: where it is in its relationship's chain.
    fn state(
        &mut self,
        k: Key,
        pos: u64,
        digest: Key,
        said: Option<u64>,
        a: &Artifact,
        previous: Option<&str>,
    ) -> bool {
        let chain = self.chains.remove(&k).unwrap_or_default();
        if let Some(first) = self.same_artifact(&k, &chain, &digest) {
            let message = format!(
                "{}: seals the same artifact as {}",
                self.label(pos),
                self.label(first)
            );
            self.conflict(vec![first, pos], message);
            self.chains.insert(k, chain);
            return true;
        }
        let what = a.describe();
        let what = what.trim_start_matches("a state of ");
        let mut chain = chain;
        let number = match previous {
            None if chain.is_empty() => Some(1),
            None => {
                let message = format!(
                    "{}: a second state 1 of {what}: {} is state 1 already",
                    self.label(pos),
                    self.label(chain[0].0)
                );
                self.conflict(vec![chain[0].0, pos], message);
                None
            }
            Some(p) => match chain.iter().position(|(_, d)| sign::hex(d) == p) {
                Some(k) if k + 1 < chain.len() => {
                    let number = k as u64 + 2;
                    let message = format!(
                        "{}: a second state {number} of {what}: {} is state {number} already",
                        self.label(pos),
                        self.label(chain[k + 1].0)
                    );
                    self.conflict(vec![chain[k + 1].0, pos], message);
                    None
                }
                Some(k) => Some(k as u64 + 2),
                None => {
                    let message = match chain.last() {
                        None => (
                            vec![pos],
                            format!(
                                "{}: the first state of {what} names a state before it",
                                self.label(pos)
                            ),
                        ),
                        Some(&(last, _)) => (
                            vec![last, pos],
                            format!(
                                "{}: {what} names as the state it replaces none of its earlier states (the last is state {}, {}): its history was changed",
                                self.label(pos),
                                chain.len(),
                                self.label(last)
                            ),
                        ),
                    };
                    self.conflict(message.0, message.1);
                    None
                }
            },
        };
        let second = number.is_none();
        match number {
            Some(n) => {
                chain.push((pos, digest));
                if let Some(said) = said
                    && said != n
                {
                    let message = format!(
                        "{}: the index numbers it state {said}, but it is state {n} of {what}",
                        self.label(pos)
                    );
                    self.conflict(vec![pos], message);
                }
            }
            None => self.seconds.entry(k).or_default().push((pos, digest)),
        }
        self.chains.insert(k, chain);
        second
    }

    /// An entry that is the first truth of what it seals: its links and,
    /// for a version, its order.
    fn first_truth(&mut self, pos: u64, v: &Verified) {
        match &v.artifact {
            Artifact::Version(a) => {
                let mut publish_end = v.publish_end;
                for &s in self.old_sizes {
                    if pos < s {
                        publish_end = publish_end.min(s);
                    }
                }
                let late_entry = a.late_entry.is_some();
                self.late_entries += usize::from(late_entry);
                self.concerned.push(pos);
                let d = Dated {
                    pos,
                    effective: a.effective,
                    late_entry,
                    publish_end,
                    languages: self.languages.bits(&v.languages),
                };
                let before = self.documents.entry(a.document.clone()).or_default();
                // Conflicts with a version of this publish first: no late
                // entry excuses those.
                let same = before
                    .iter()
                    .filter(|b| b.effective >= d.effective && b.publish_end > d.pos)
                    .min_by_key(|b| (b.effective, b.pos))
                    .copied();
                let earlier = before
                    .iter()
                    .filter(|b| b.effective >= d.effective && b.publish_end <= d.pos)
                    .min_by_key(|b| (b.effective, b.pos))
                    .copied();
                before.push(d);
                let late = match (same, earlier) {
                    (Some(b), _) => Some((b, false)),
                    (None, Some(b)) if !d.late_entry || b.effective == d.effective => {
                        Some((b, true))
                    }
                    _ => None,
                };
                if let Some((b, earlier_publish)) = late {
                    let b_version = self
                        .idx
                        .entry(b.pos)
                        .and_then(|e| e.version)
                        .unwrap_or_default();
                    let when = if a.effective == b.effective {
                        "on the same day as"
                    } else {
                        "before"
                    };
                    let message = if earlier_publish {
                        format!(
                            "{}: version {} of {:?} takes effect on {}, {when} version {b_version} (#{}), which an earlier publish sealed: it is back-dated{}",
                            self.label(pos),
                            a.version,
                            a.document,
                            crate::i18n::iso(a.effective),
                            b.pos,
                            if late_entry {
                                ""
                            } else {
                                ", and its artifact does not say it is a late entry"
                            }
                        )
                    } else {
                        format!(
                            "{}: version {} of {:?} takes effect on {}, {when} version {b_version} (#{}), which the same publish sealed before it: out of order",
                            self.label(pos),
                            a.version,
                            a.document,
                            crate::i18n::iso(a.effective),
                            b.pos
                        )
                    };
                    self.order.fail("order", vec![b.pos, pos], message);
                }
            }
            Artifact::Notice(n) => {
                self.linked.push(pos);
                let new = n.new.0.as_str();
                match self.firsts.get(&key(&["version", &n.document, new])) {
                    Some(&j) if self.digest_of(j) == n.new.1 => {}
                    Some(&j) => {
                        let m = format!(
                            "{}: the notice announces another text of version {new} than the log sealed (#{j})",
                            self.label(pos)
                        );
                        self.link_failed(pos, 0, vec![j, pos], m);
                    }
                    None => {
                        let m = format!(
                            "{}: the notice announces version {new} of {:?}, which the log does not seal before it",
                            self.label(pos),
                            n.document
                        );
                        self.link_failed(pos, 0, vec![pos], m);
                    }
                }
                self.replaces.push(Replaces {
                    pos,
                    key: key(&["version", &n.document, n.previous.0.as_str()]),
                    sha256: n.previous.1.clone(),
                    version: n.previous.0.as_str().to_string(),
                });
            }
            Artifact::Relationship(_) => self.linked.push(pos),
            Artifact::KeyTransition(_) | Artifact::SitePolicy(_) | Artifact::Timestamps(_) => {}
        }
    }

    /// A failure of the links check. Those of the first entries are
    /// listed, the rest counted: a log failing everywhere does not fill
    /// memory.
    fn link_failed(&mut self, pos: u64, which: u8, entries: Vec<u64>, m: String) {
        self.links.push((pos, which, entries, m));
        if self.links.len() >= 2 * super::MAX_LISTED {
            self.links.sort_by_key(|(pos, which, ..)| (*pos, *which));
            self.links_unlisted += self.links.drain(super::MAX_LISTED..).count() as u64;
        }
    }

    /// Reports what was found, in the order of the checks: one truth,
    /// links, order.
    pub(super) fn finish(mut self, r: &mut Report) -> (BTreeMap<String, Vec<Dated>>, Languages) {
        r.merge(std::mem::take(&mut self.truth));
        if self.conflicts == 0 && !self.verified.is_empty() {
            r.ok_for(
                "one-truth",
                std::mem::take(&mut self.verified),
                "one truth: one text and at most one change notice per version, one state of each number per relationship, no artifact twice",
            );
        }
        // A notice replaces the version it names by that version's digest,
        // whenever the log seals it.
        for p in std::mem::take(&mut self.replaces) {
            if let Some(&j) = self.firsts.get(&p.key)
                && self.digest_of(j) != p.sha256
            {
                let m = format!(
                    "{}: the notice replaces another text of version {} than the log sealed (#{j})",
                    self.label(p.pos),
                    p.version
                );
                self.link_failed(p.pos, 1, vec![j, p.pos], m);
            }
        }
        self.links.sort_by_key(|(pos, which, ..)| (*pos, *which));
        let linked_ok = self.links.is_empty();
        for (_, _, entries, m) in std::mem::take(&mut self.links) {
            r.fail("links", entries, m);
        }
        if self.links_unlisted > 0 {
            *r.unlisted.entry("links").or_default() += self.links_unlisted;
        }
        if !self.linked.is_empty() && linked_ok {
            r.ok_for(
                "links",
                std::mem::take(&mut self.linked),
                "relationship histories and change notices link to what the log seals",
            );
        }
        let in_order = self.order.passed();
        r.merge(std::mem::take(&mut self.order));
        if in_order && !self.concerned.is_empty() {
            r.ok_for(
                "order",
                std::mem::take(&mut self.concerned),
                match self.late_entries {
                    0 => "versions are sealed in the order they take effect".to_string(),
                    n => format!(
                        "versions are sealed in the order they take effect, but for {n} late entr{} that say{} so in {}",
                        if n == 1 { "y" } else { "ies" },
                        if n == 1 { "s" } else { "" },
                        if n == 1 { "its artifact" } else { "their artifacts" }
                    ),
                },
            );
        }
        (self.documents, self.languages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VersionNumber;
    use crate::transparency::artifact::{NoticeArtifact, StateArtifact, VersionArtifact};
    use crate::transparency::{self as tr, IndexEntry, truth};
    use proptest::prelude::*;
    use time::macros::date;

    /// One entry of a random log: what it seals, chosen among few names so
    /// that second truths, repeated artifacts and broken chains are common.
    #[derive(Debug, Clone)]
    enum Pick {
        Version {
            doc: u8,
            version: u8,
            text: u8,
        },
        Notice {
            doc: u8,
            version: u8,
            text: u8,
        },
        State {
            rel: u8,
            previous: Option<u8>,
            said: Option<u64>,
        },
    }

    fn pick() -> impl Strategy<Value = Pick> {
        prop_oneof![
            (0..2u8, 1..3u8, 0..2u8).prop_map(|(doc, version, text)| Pick::Version {
                doc,
                version,
                text
            }),
            (0..2u8, 1..3u8, 0..2u8).prop_map(|(doc, version, text)| Pick::Notice {
                doc,
                version,
                text
            }),
            (
                0..2u8,
                proptest::option::of(0..12u8),
                proptest::option::of(1..4u64)
            )
                .prop_map(|(rel, previous, said)| Pick::State {
                    rel,
                    previous,
                    said
                }),
        ]
    }

    /// The log's artifacts, index entries and digests.
    fn log(picks: &[Pick]) -> Vec<(IndexEntry, Artifact, Key)> {
        let mut out: Vec<(IndexEntry, Artifact, Key)> = Vec::new();
        for (i, p) in picks.iter().enumerate() {
            let v = |n: u8| VersionNumber::parse(&format!("{n}.0")).unwrap();
            let (artifact, name, state) = match p {
                Pick::Version { doc, version, text } => (
                    Artifact::Version(Box::new(VersionArtifact {
                        schema: 1,
                        document: format!("d{doc}"),
                        version: v(*version),
                        published: date!(2020 - 01 - 01),
                        effective: date!(2020 - 01 - 01),
                        material: true,
                        approved_by: None,
                        approved_on: None,
                        summary: None,
                        urgent: None,
                        late_entry: None,
                        bodies: BTreeMap::new(),
                    })),
                    format!("v{doc}/{version}/{text}"),
                    None,
                ),
                Pick::Notice { doc, version, text } => (
                    Artifact::Notice(NoticeArtifact {
                        document: format!("d{doc}"),
                        previous: (v(1), "0".repeat(64)),
                        new: (v(*version), "0".repeat(64)),
                        published: date!(2020 - 01 - 01),
                        effective: date!(2020 - 01 - 01),
                    }),
                    format!("n{doc}/{version}/{text}"),
                    None,
                ),
                Pick::State {
                    rel,
                    previous,
                    said,
                } => {
                    // The previous state is an earlier entry's digest (of
                    // any kind), or none.
                    let previous = previous
                        .map(|k| k as usize)
                        .filter(|k| *k < out.len())
                        .map(|k| sign::hex(&out[k].2));
                    (
                        Artifact::Relationship(StateArtifact {
                            relationship: format!("r{rel}"),
                            previous: previous.clone(),
                            since: date!(2020 - 01 - 01),
                            until: None,
                            from: None,
                        }),
                        format!("s{rel}/{previous:?}"),
                        Some(said.unwrap_or(1)),
                    )
                }
            };
            let digest: Key = Sha256::digest(name.as_bytes()).into();
            let entry = IndexEntry {
                index: i as u64,
                kind: artifact.kind().into(),
                document: None,
                version: None,
                relationship: None,
                state,
                sha256: sign::hex(&digest),
                artifact: format!("artifacts/{i}.json"),
                bundle: String::new(),
            };
            out.push((entry, artifact, digest));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Read as a stream with fixed-size records, a log has the same
        /// second truths, repeated artifacts and broken chains, naming the
        /// same entries in the same order, as the rules of one truth find
        /// holding the whole log.
        #[test]
        fn the_streamed_checks_find_what_the_whole_log_rules_find(
            picks in proptest::collection::vec(pick(), 0..14)
        ) {
            let log = log(&picks);
            let said: Vec<truth::Said> = log
                .iter()
                .enumerate()
                .map(|(pos, (entry, artifact, _))| truth::Said { pos, entry, artifact })
                .collect();
            let want: Vec<Vec<u64>> = truth::one_truth(&said)
                .conflicts
                .iter()
                .map(|c| c.entries().into_iter().map(|i| i as u64).collect())
                .collect();
            let bytes = tr::Index {
                schema: tr::INDEX_SCHEMA.into(),
                origin: "o".into(),
                entries: log.iter().map(|(e, _, _)| e.clone()).collect(),
            }
            .to_bytes();
            let idx = IndexFile::read(&bytes[..], 100).unwrap();
            let mut cross = Cross::new(&idx, &[]);
            for (e, a, d) in &log {
                let v = Verified { artifact: a.clone(), languages: Vec::new(), publish_end: 100, sealed_at: None };
                cross.add(e.index, *d, e.state, &v);
            }
            let mut r = Report::default();
            let _ = cross.finish(&mut r);
            let got: Vec<Vec<u64>> = r
                .checks
                .iter()
                .filter(|c| c.check == "one-truth" && c.result == super::super::Outcome::Failed)
                .map(|c| c.entries.iter().collect())
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}
