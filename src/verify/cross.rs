//! The checks across entries — one truth per version and relationship
//! state, the links of change notices to the versions they announce and
//! replace, the order in which versions were sealed — made as the log is
//! read, in log order, one verified entry at a time. Of an entry only
//! fixed-size records are kept (its position, SHA-256 digests of what it
//! seals and of its artifact, dates), never the entry or its artifact, and
//! they are kept on disk (see [`super::spill`]): what stays in memory is
//! the same whatever the size of the log. Names in messages are read back
//! from the index (kept on disk too) when a check fails. The same rules as
//! [`crate::transparency::truth`], which `build` and `publish` apply to a
//! log they hold whole.

use std::io;

use sha2::{Digest as _, Sha256};

use super::index::IndexFile;
use super::spill::{DiskMap, Key, Records, Sorted, Sorter, Spill, tmp_err};
use super::{Entries, Report, Verified};
use crate::model::Date;
use crate::sign;
use crate::transparency::Artifact;

fn key(parts: &[&str]) -> Key {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().into()
}

/// The key of one fact about what `k` names (`what`: a tag, `of`: bytes
/// it concerns), in the same map as `k` without meeting it.
fn sub(k: &Key, what: &[u8], of: &[u8]) -> Key {
    let mut h = Sha256::new();
    h.update(k);
    h.update((what.len() as u64).to_le_bytes());
    h.update(what);
    h.update(of);
    h.finalize().into()
}

/// A digest as [`sign::hex`] spells it, back to its bytes; `None` for any
/// other spelling (which names no digest the log sealed).
fn unhex(s: &str) -> Option<Key> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut k = [0u8; 32];
    for (i, pair) in b.chunks_exact(2).enumerate() {
        k[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(k)
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

/// The bytes of a [`Dated`] on disk.
const DATED: usize = 32;

impl Dated {
    fn to_bytes(self) -> [u8; DATED] {
        let mut b = [0u8; DATED];
        b[..8].copy_from_slice(&self.pos.to_le_bytes());
        b[8..12].copy_from_slice(&self.effective.to_julian_day().to_le_bytes());
        b[12] = u8::from(self.late_entry);
        b[16..24].copy_from_slice(&self.publish_end.to_le_bytes());
        b[24..32].copy_from_slice(&self.languages.to_le_bytes());
        b
    }

    fn from_bytes(b: &[u8]) -> Dated {
        let u = |r: std::ops::Range<usize>| {
            u64::from_le_bytes(b[r].try_into().expect("bug: 8 bytes of a record"))
        };
        let day = i32::from_le_bytes(b[8..12].try_into().expect("bug: 4 bytes of a record"));
        Dated {
            pos: u(0..8),
            effective: Date::from_julian_day(day).expect("bug: a date written is a date"),
            late_entry: b[12] != 0,
            publish_end: u(16..24),
            languages: u(24..32),
        }
    }
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

/// What the checks across entries keep while the log is read.
///
/// On disk, in [`Cross::map`], by SHA-256 keys: what a version or notice
/// seals → the entry that sealed it first; a relationship's chain (its
/// length, each state's position by number, each state's number by its
/// digest); what sealed again what an earlier entry sealed (each a
/// failure) → the earliest entry with that artifact; the digests of key
/// transitions, site policies and later timestamps (each sealed at most
/// once); a document → its last version in [`Cross::dated`] and the
/// latest day one of its versions takes effect.
pub(super) struct Cross<'a> {
    idx: &'a IndexFile,
    /// The sizes of the checkpoints seen before: entries below one were
    /// sealed by a publish that ended there at the latest.
    old_sizes: &'a [u64],
    map: DiskMap,
    /// The versions that are the first truth, in log order, each with the
    /// number of the previous one of its document (`u64::MAX`: none).
    dated: Records<{ DATED + 8 }>,
    /// The same versions by document name, for the pages check.
    documents: Sorter,
    languages: Languages,
    /// A change notice's claim about the version it replaces, checked once
    /// the whole log is read (that version may be sealed after it).
    replaces: Spill,
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

/// The versions of each document, read back by document name.
pub(super) struct Documents {
    sorted: Sorted,
    next: Option<(String, Dated)>,
}

impl Iterator for Documents {
    /// A document and its first-truth versions in log order, or why they
    /// could not be read back.
    type Item = Result<(String, Vec<Dated>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut read = || -> io::Result<Option<(String, Dated)>> {
            Ok(self
                .sorted
                .next_record()?
                .map(|(name, b)| (name, Dated::from_bytes(&b))))
        };
        let (doc, first) = match self.next.take() {
            Some(n) => n,
            None => match read() {
                Ok(Some(n)) => n,
                Ok(None) => return None,
                Err(e) => return Some(Err(tmp_err(e))),
            },
        };
        let mut versions = vec![first];
        loop {
            match read() {
                Ok(Some((name, d))) if name == doc => versions.push(d),
                Ok(Some(other)) => {
                    self.next = Some(other);
                    break;
                }
                Ok(None) => break,
                Err(e) => return Some(Err(tmp_err(e))),
            }
        }
        Some(Ok((doc, versions)))
    }
}

impl<'a> Cross<'a> {
    pub(super) fn new(idx: &'a IndexFile, old_sizes: &'a [u64]) -> Result<Self, String> {
        Ok(Cross {
            idx,
            old_sizes,
            map: DiskMap::new().map_err(tmp_err)?,
            dated: Records::new().map_err(tmp_err)?,
            documents: Sorter::new().map_err(tmp_err)?,
            languages: Languages::default(),
            replaces: Spill::new().map_err(tmp_err)?,
            verified: Entries::default(),
            linked: Entries::default(),
            concerned: Entries::default(),
            late_entries: 0,
            truth: Report::default(),
            conflicts: 0,
            links: Vec::new(),
            links_unlisted: 0,
            order: Report::default(),
        })
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

    fn get(&self, k: &Key) -> Result<Option<u64>, String> {
        Ok(self.map.get(k).map_err(tmp_err)?.map(|v| v.0))
    }

    fn set(&mut self, k: &Key, v: u64) -> Result<(), String> {
        self.map.insert(k, (v, 0)).map_err(tmp_err)
    }

    /// The earliest entry that sealed again, with the artifact `digest`,
    /// what `k` names (for a relationship, also a state of its chain).
    fn same_artifact(&self, k: &Key, digest: &Key) -> Result<Option<u64>, String> {
        self.get(&sub(k, b"same", digest))
    }

    /// Remembers that `pos` sealed the artifact `digest` for what `k`
    /// names (the first such entry is the earliest: the log is read in
    /// order).
    fn sealed_again(&mut self, k: &Key, digest: &Key, pos: u64) -> Result<(), String> {
        let s = sub(k, b"same", digest);
        if self.get(&s)?.is_none() {
            self.set(&s, pos)?;
        }
        Ok(())
    }

    fn conflict(&mut self, entries: Vec<u64>, message: String) {
        self.conflicts += 1;
        self.truth.fail("one-truth", entries, message);
    }

    /// Takes the next verified entry, in log order: its position, its
    /// artifact's digest and what it seals. The error: a temporary file
    /// could not be written or read.
    pub(super) fn add(
        &mut self,
        pos: u64,
        digest: Key,
        state: Option<u64>,
        v: &Verified,
    ) -> Result<(), String> {
        self.verified.push(pos);
        let second = match &v.artifact {
            Artifact::Version(a) => {
                let k = key(&["version", &a.document, a.version.as_str()]);
                self.sealed_once(k, pos, digest, &v.artifact)?
            }
            Artifact::Notice(n) => {
                let k = key(&["notice", &n.document, n.new.0.as_str()]);
                self.sealed_once(k, pos, digest, &v.artifact)?
            }
            // Sealed whole, each at most once; none says anything of a
            // version or a state.
            Artifact::KeyTransition(_) | Artifact::SitePolicy(_) | Artifact::Timestamps(_) => {
                let k = sub(&key(&["whole"]), b"digest", &digest);
                match self.get(&k)? {
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
                        self.set(&k, pos)?;
                        false
                    }
                }
            }
            Artifact::Relationship(s) => {
                let k = key(&["relationship", &s.relationship]);
                self.state(k, pos, digest, state, &v.artifact, s.previous.as_deref())?
            }
        };
        if !second {
            self.first_truth(pos, v)?;
        }
        Ok(())
    }

    /// A version or notice: the first to seal it, or a second (a failure).
    fn sealed_once(&mut self, k: Key, pos: u64, digest: Key, a: &Artifact) -> Result<bool, String> {
        let Some(first) = self.get(&k)? else {
            self.set(&k, pos)?;
            return Ok(false);
        };
        let first_digest = self.digest_of(first);
        let same = if first_digest == sign::hex(&digest) {
            Some(first)
        } else {
            self.same_artifact(&k, &digest)?
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
            self.sealed_again(&k, &digest, pos)?;
        }
        Ok(true)
    }

    /// State `number` (from 1) of the relationship `k`: its position.
    fn state_at(&self, k: &Key, number: u64) -> Result<u64, String> {
        self.get(&sub(k, b"state", &number.to_le_bytes()))?
            .ok_or_else(|| "bug: a state of a chain is not kept".to_string())
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
    ) -> Result<bool, String> {
        if let Some(first) = self.same_artifact(&k, &digest)? {
            let message = format!(
                "{}: seals the same artifact as {}",
                self.label(pos),
                self.label(first)
            );
            self.conflict(vec![first, pos], message);
            return Ok(true);
        }
        let len_key = sub(&k, b"length", &[]);
        let len = self.get(&len_key)?.unwrap_or(0);
        let what = a.describe();
        let what = what.trim_start_matches("a state of ");
        // The number of the state it names as the one it replaces.
        let named = match previous.and_then(unhex) {
            Some(p) => self.get(&sub(&k, b"number", &p))?,
            None => None,
        };
        let number = match previous {
            None if len == 0 => Some(1),
            None => {
                let first = self.state_at(&k, 1)?;
                let message = format!(
                    "{}: a second state 1 of {what}: {} is state 1 already",
                    self.label(pos),
                    self.label(first)
                );
                self.conflict(vec![first, pos], message);
                None
            }
            Some(_) => match named {
                Some(m) if m < len => {
                    let number = m + 1;
                    let there = self.state_at(&k, number)?;
                    let message = format!(
                        "{}: a second state {number} of {what}: {} is state {number} already",
                        self.label(pos),
                        self.label(there)
                    );
                    self.conflict(vec![there, pos], message);
                    None
                }
                Some(m) => Some(m + 1),
                None => {
                    let message = if len == 0 {
                        (
                            vec![pos],
                            format!(
                                "{}: the first state of {what} names a state before it",
                                self.label(pos)
                            ),
                        )
                    } else {
                        let last = self.state_at(&k, len)?;
                        (
                            vec![last, pos],
                            format!(
                                "{}: {what} names as the state it replaces none of its earlier states (the last is state {len}, {}): its history was changed",
                                self.label(pos),
                                self.label(last)
                            ),
                        )
                    };
                    self.conflict(message.0, message.1);
                    None
                }
            },
        };
        let second = number.is_none();
        match number {
            Some(n) => {
                self.set(&sub(&k, b"state", &n.to_le_bytes()), pos)?;
                self.set(&sub(&k, b"number", &digest), n)?;
                self.set(&len_key, n)?;
                self.sealed_again(&k, &digest, pos)?;
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
            None => self.sealed_again(&k, &digest, pos)?,
        }
        Ok(second)
    }

    /// The versions of a document before `d` that it would come before:
    /// the earliest (by the day they take effect) of the same publish, and
    /// of an earlier one. Read back from disk, the document's versions
    /// linked from its last.
    fn sealed_before(
        &self,
        mut at: u64,
        d: &Dated,
    ) -> Result<(Option<Dated>, Option<Dated>), String> {
        let (mut same, mut earlier): (Option<Dated>, Option<Dated>) = (None, None);
        while at != u64::MAX {
            let rec = self.dated.get(at).map_err(tmp_err)?;
            let b = Dated::from_bytes(&rec[..DATED]);
            at = u64::from_le_bytes(rec[DATED..].try_into().expect("bug: 8 bytes of a record"));
            if b.effective < d.effective {
                continue;
            }
            let slot = if b.publish_end > d.pos {
                &mut same
            } else {
                &mut earlier
            };
            if slot.is_none_or(|s| (b.effective, b.pos) < (s.effective, s.pos)) {
                *slot = Some(b);
            }
        }
        Ok((same, earlier))
    }

    /// An entry that is the first truth of what it seals: its links and,
    /// for a version, its order.
    fn first_truth(&mut self, pos: u64, v: &Verified) -> Result<(), String> {
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
                let doc = key(&["document", &a.document]);
                let kept = self.map.get(&doc).map_err(tmp_err)?;
                // Only a version taking effect on or after this one's day
                // can conflict with it: read back the document's versions
                // only when one does.
                let (same, earlier) = match kept {
                    Some((last, latest))
                        if latest as i64 >= i64::from(d.effective.to_julian_day()) =>
                    {
                        self.sealed_before(last, &d)?
                    }
                    _ => (None, None),
                };
                let mut rec = [0u8; DATED + 8];
                rec[..DATED].copy_from_slice(&d.to_bytes());
                rec[DATED..].copy_from_slice(&kept.map_or(u64::MAX, |k| k.0).to_le_bytes());
                let at = self.dated.push(&rec).map_err(tmp_err)?;
                let latest = kept
                    .map_or(i64::MIN, |k| k.1 as i64)
                    .max(i64::from(d.effective.to_julian_day()));
                self.map
                    .insert(&doc, (at, latest as u64))
                    .map_err(tmp_err)?;
                self.documents
                    .push(&a.document, &d.to_bytes())
                    .map_err(tmp_err)?;
                // Conflicts with a version of this publish first: no late
                // entry excuses those.
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
                match self.get(&key(&["version", &n.document, new]))? {
                    Some(j) if self.digest_of(j) == n.new.1 => {}
                    Some(j) => {
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
                // Position, what it replaces, that version's digest as
                // the notice gives it (its length first), its number.
                let sha = n.previous.1.as_bytes();
                let mut rec = Vec::with_capacity(48 + sha.len() + 16);
                rec.extend_from_slice(&pos.to_le_bytes());
                rec.extend_from_slice(&key(&["version", &n.document, n.previous.0.as_str()]));
                rec.extend_from_slice(&(sha.len() as u64).to_le_bytes());
                rec.extend_from_slice(sha);
                rec.extend_from_slice(n.previous.0.as_str().as_bytes());
                self.replaces.push(&rec).map_err(tmp_err)?;
            }
            Artifact::Relationship(_) => self.linked.push(pos),
            Artifact::KeyTransition(_) | Artifact::SitePolicy(_) | Artifact::Timestamps(_) => {}
        }
        Ok(())
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
    /// links, order. Gives the versions of each document, by name, for
    /// the pages check. The error: a temporary file could not be read.
    pub(super) fn finish(mut self, r: &mut Report) -> Result<(Documents, Languages), String> {
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
        let replaces = std::mem::replace(&mut self.replaces, Spill::new().map_err(tmp_err)?);
        for rec in replaces.read().map_err(tmp_err)? {
            let rec = rec.map_err(tmp_err)?;
            let cut = || "bug: a record of a notice is cut short".to_string();
            let u = |at: usize| -> Result<u64, String> {
                Ok(u64::from_le_bytes(
                    rec.get(at..at + 8)
                        .ok_or_else(cut)?
                        .try_into()
                        .map_err(|_| cut())?,
                ))
            };
            let pos = u(0)?;
            let k: Key = rec
                .get(8..40)
                .ok_or_else(cut)?
                .try_into()
                .map_err(|_| cut())?;
            let end = 48 + usize::try_from(u(40)?).map_err(|_| cut())?;
            let sha256 = String::from_utf8_lossy(rec.get(48..end).ok_or_else(cut)?).into_owned();
            let version = String::from_utf8_lossy(&rec[end..]).into_owned();
            if let Some(j) = self.get(&k)?
                && self.digest_of(j) != sha256
            {
                let m = format!(
                    "{}: the notice replaces another text of version {} than the log sealed (#{j})",
                    self.label(pos),
                    version
                );
                self.link_failed(pos, 1, vec![j, pos], m);
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
        let documents = Documents {
            sorted: self.documents.sorted().map_err(tmp_err)?,
            next: None,
        };
        Ok((documents, self.languages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VersionNumber;
    use crate::transparency::artifact::{NoticeArtifact, StateArtifact, VersionArtifact};
    use crate::transparency::{IndexEntry, truth};
    use proptest::prelude::*;
    use std::collections::BTreeMap;
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
            let idx = crate::verify::index::of_entries(
                log.iter().map(|(e, _, _)| e.clone()).collect(),
                100,
            );
            let mut cross = Cross::new(&idx, &[]).unwrap();
            for (e, a, d) in &log {
                let v = Verified { artifact: a.clone(), languages: Vec::new(), publish_end: 100, sealed_at: None };
                cross.add(e.index, *d, e.state, &v).unwrap();
            }
            let mut r = Report::default();
            let _ = cross.finish(&mut r).unwrap();
            let got: Vec<Vec<u64>> = r
                .checks
                .iter()
                .filter(|c| c.check == "one-truth" && c.result == super::super::Outcome::Failed)
                .map(|c| c.entries.iter().collect())
                .collect();
            prop_assert_eq!(got, want);
        }

        /// Versions read as a stream, their records on disk, are found out
        /// of order (or back-dated) exactly as the rules holding the whole
        /// log find them, and are read back by document name, each
        /// document's in log order.
        #[test]
        fn the_streamed_order_check_finds_what_the_whole_log_rules_find(
            picks in proptest::collection::vec(
                (0..3u8, 0..6i64, any::<bool>(), 1..6u64),
                0..40,
            )
        ) {
            let start = date!(2020 - 01 - 01);
            let artifacts: Vec<(String, Artifact, u64)> = picks
                .iter()
                .enumerate()
                .map(|(pos, &(doc, day, late, ahead))| {
                    let document = format!("d{doc}");
                    let a = Artifact::Version(Box::new(VersionArtifact {
                        schema: 1,
                        document: document.clone(),
                        version: VersionNumber::parse(&format!("{pos}.0")).unwrap(),
                        published: start,
                        effective: start + time::Duration::days(day),
                        material: true,
                        approved_by: None,
                        approved_on: None,
                        summary: None,
                        urgent: None,
                        late_entry: late.then(|| serde_json::json!("a late entry")),
                        bodies: BTreeMap::new(),
                    }));
                    (document, a, pos as u64 + ahead)
                })
                .collect();
            let dated: Vec<truth::Dated> = artifacts
                .iter()
                .enumerate()
                .map(|(pos, (document, a, publish_end))| {
                    let Artifact::Version(v) = a else { unreachable!() };
                    truth::Dated {
                        pos,
                        document,
                        effective: v.effective,
                        late_entry: v.late_entry.is_some(),
                        publish_end: *publish_end,
                    }
                })
                .collect();
            let want: Vec<Vec<u64>> = truth::out_of_order(&dated)
                .iter()
                .map(|l| vec![l.earlier as u64, l.at as u64])
                .collect();
            let entries: Vec<IndexEntry> = (0..artifacts.len())
                .map(|i| IndexEntry {
                    index: i as u64,
                    kind: "version".into(),
                    document: None,
                    version: None,
                    relationship: None,
                    state: None,
                    sha256: sign::hex(&[i as u8; 32]),
                    artifact: format!("artifacts/{i}.json"),
                    bundle: String::new(),
                })
                .collect();
            let idx = crate::verify::index::of_entries(entries, 100);
            let mut cross = Cross::new(&idx, &[]).unwrap();
            for (pos, (_, a, publish_end)) in artifacts.iter().enumerate() {
                let v = Verified {
                    artifact: a.clone(),
                    languages: Vec::new(),
                    publish_end: *publish_end,
                    sealed_at: None,
                };
                cross.add(pos as u64, [pos as u8; 32], None, &v).unwrap();
            }
            let mut r = Report::default();
            let (documents, _) = cross.finish(&mut r).unwrap();
            let got: Vec<Vec<u64>> = r
                .checks
                .iter()
                .filter(|c| c.check == "order" && c.result == super::super::Outcome::Failed)
                .map(|c| c.entries.iter().collect())
                .collect();
            prop_assert_eq!(got, want);
            let mut by_doc: BTreeMap<String, Vec<u64>> = BTreeMap::new();
            for (pos, (document, _, _)) in artifacts.iter().enumerate() {
                by_doc.entry(document.clone()).or_default().push(pos as u64);
            }
            let read_back: Vec<(String, Vec<u64>)> = documents
                .map(|d| {
                    let (doc, versions) = d.unwrap();
                    (doc, versions.iter().map(|v| v.pos).collect())
                })
                .collect();
            prop_assert_eq!(read_back, by_doc.into_iter().collect::<Vec<_>>());
        }
    }
}
