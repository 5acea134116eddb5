//! `verify`'s trusted time: every RFC 3161 token in the bundles checked
//! against the timestamp authorities the log's site policy seals, each
//! version's sealing time reported, and the findings about time (sealed
//! late, a notice not proven in time) that do not break the log.

use sha2::{Digest, Sha256};

use super::index::IndexFile;
use super::{Entries, MAX_LISTED, Outcome, Report, Source, Verified, spill};
use crate::transparency as tr;
use crate::transparency::LATE_AFTER_DAYS;
use crate::transparency::artifact::Artifact;
use crate::tsa::{self, Stamp, Trust};

/// The most site policies an index may list: each is read before the log
/// is checked, and a site changes its policy a handful of times.
const MAX_SITE_POLICIES: usize = 1024;

/// The most timestamp authorities a log may name: each chain is held in
/// memory while the log is checked, and a site has one to three.
const MAX_AUTHORITIES: usize = 64;

/// The authorities the log trusts: the chain files every sealed site
/// policy names, each held to the SHA-256 the policy sealed. What cannot
/// be read fails the `timestamps` check; the entry check fails the policy
/// itself if its artifact was changed.
pub(super) fn trust(src: &dyn Source, index: &IndexFile, r: &mut Report) -> Trust {
    let mut trust = Trust::default();
    // The index is read in slices: it may be long, and the policies few.
    let mut policies = Vec::new();
    let mut at = 0;
    while at < index.len {
        let end = (at + 4096).min(index.len);
        match index.entries(at, end) {
            Ok(es) => policies.extend(es.into_iter().filter(|e| e.kind == "site-policy")),
            Err(why) => {
                r.fail("timestamps", Vec::new(), why);
                break;
            }
        }
        if policies.len() > MAX_SITE_POLICIES {
            r.fail(
                "timestamps",
                Vec::new(),
                format!(
                    "the index lists more than {MAX_SITE_POLICIES} site policies, which no log policypress writes has: its timestamps are not checked"
                ),
            );
            return Trust::default();
        }
        at = end;
    }
    for e in &policies {
        let Ok(Some(bytes)) = src.get(&e.artifact) else {
            continue;
        };
        let Ok(Artifact::SitePolicy(p)) = Artifact::parse(&bytes) else {
            continue;
        };
        for t in p.timestamp_authorities {
            if trust
                .authorities
                .iter()
                .any(|a| format!("{}/{}.pem", tsa::DIR, a.name) == t.certificates)
            {
                continue;
            }
            if trust.authorities.len() >= MAX_AUTHORITIES {
                r.fail(
                    "timestamps",
                    vec![e.index],
                    format!(
                        "the log names more than {MAX_AUTHORITIES} timestamp authorities, which no site has: the others are not trusted"
                    ),
                );
                return trust;
            }
            let chain = match src.get(&t.certificates) {
                Ok(Some(b)) => b,
                Ok(None) => {
                    r.fail(
                        "timestamps",
                        vec![e.index],
                        format!(
                            "the certificates of the timestamp authority {} ({}) are missing",
                            t.url, t.certificates
                        ),
                    );
                    continue;
                }
                Err(err) => {
                    r.fail("timestamps", vec![e.index], err);
                    continue;
                }
            };
            if tr::sha256_hex(&chain) != t.sha256 {
                r.fail(
                    "timestamps",
                    vec![e.index],
                    format!(
                        "{} is not the chain the log sealed for {} (entry {})",
                        t.certificates, t.url, e.index
                    ),
                );
                continue;
            }
            let name = t
                .certificates
                .trim_start_matches("tsa/")
                .trim_end_matches(".pem");
            match tsa::parse_chain(name, &chain) {
                Ok(a) => trust.authorities.push(a),
                Err(why) => r.fail(
                    "timestamps",
                    vec![e.index],
                    format!("{} {why}", t.certificates),
                ),
            }
        }
    }
    trust
}

/// Checks the timestamps (TimeStampResp) of one bundle over `signature`: every one must
/// verify. The earliest time they give, if any. The error completes
/// "bundle …: ".
pub(super) fn check_tokens(
    tokens: &[Vec<u8>],
    signature: &[u8],
    trust: &Trust,
) -> Result<Option<Stamp>, String> {
    let mut earliest: Option<Stamp> = None;
    for (k, t) in tokens.iter().enumerate() {
        let s = tsa::check_response(t, signature, trust)
            .map_err(|why| format!("its timestamp {} {why}", k + 1))?
            .stamp;
        if earliest.as_ref().is_none_or(|e| s.unix < e.unix) {
            earliest = Some(s);
        }
    }
    Ok(earliest)
}

fn day(d: crate::model::Date) -> Option<time::Date> {
    time::Date::parse(
        &d.to_string(),
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// What the findings about time keep of each entry, on disk (see
/// [`spill`]), so that verify's memory does not grow with the log: record
/// `pos` is entry `pos` (an entry that did not verify leaves a blank one).
/// Bytes 0..8 the earliest time proven (seconds since 1970), 8..10 its
/// authority (an index into [`Timing::authorities`]), 10 flags
/// ([`SEALED`], [`PRESENT`]), 11 what the entry says of its date
/// ([`KIND_PUBLISHED`] …), 12..16 that date (a Julian day, [`NO_DATE`] for
/// none), 16..48 for a notice the digest of its document and version (to
/// look up whether that change is urgent).
const REC: usize = 48;
const SEALED: u8 = 1;
/// The entry verified (a blank record stands for one that did not).
const PRESENT: u8 = 2;
const KIND_NOTHING: u8 = 0;
const KIND_PUBLISHED: u8 = 1;
const KIND_SINCE: u8 = 2;
const KIND_NOTICE: u8 = 3;

/// A Julian day no date has.
const NO_DATE: i32 = i32::MIN;

/// How many records are read back at once when the findings are made.
const CHUNK: usize = 1024;

/// The digest naming version `version` of `document`, for the urgent map.
fn version_key(document: &str, version: &str) -> spill::Key {
    let mut h = Sha256::new();
    h.update(document.as_bytes());
    h.update([0]);
    h.update(version.as_bytes());
    h.finalize().into()
}

fn sealed_of(rec: &[u8]) -> Option<(i64, u16)> {
    (rec[10] & SEALED != 0).then(|| {
        (
            i64::from_le_bytes(rec[0..8].try_into().expect("bug: 8 bytes")),
            u16::from_le_bytes(rec[8..10].try_into().expect("bug: 2 bytes")),
        )
    })
}

fn set_sealed(rec: &mut [u8], (unix, authority): (i64, u16)) {
    rec[0..8].copy_from_slice(&unix.to_le_bytes());
    rec[8..10].copy_from_slice(&authority.to_le_bytes());
    rec[10] |= SEALED;
}

fn date_of(rec: &[u8]) -> Option<time::Date> {
    time::Date::from_julian_day(i32::from_le_bytes(
        rec[12..16].try_into().expect("bug: 4 bytes"),
    ))
    .ok()
}

/// The time findings, gathered entry by entry as the log is read, and
/// reported once it has been read: when each version was sealed, sealed
/// late, a notice not proven in time, and entries not timestamped. What
/// grows with the log is on disk; in memory only the site policies (at
/// most [`MAX_SITE_POLICIES`]) and the authorities' names.
pub(super) struct Timing<'a> {
    idx: &'a IndexFile,
    recs: spill::Records<REC>,
    authorities: Vec<String>,
    /// The versions whose artifact says the change is urgent.
    urgent: spill::DiskMap,
    /// Site policies: position, notice days, whether they name an authority.
    policies: Vec<(u64, u32, bool)>,
}

impl<'a> Timing<'a> {
    pub(super) fn new(idx: &'a IndexFile) -> std::io::Result<Self> {
        Ok(Timing {
            idx,
            recs: spill::Records::new()?,
            authorities: Vec::new(),
            urgent: spill::DiskMap::new()?,
            policies: Vec::new(),
        })
    }

    /// Records verified entry `pos` (entries come in log order); a later
    /// entry's timestamps over earlier entries are applied to them now,
    /// and what they cannot stamp fails at once in `r`.
    pub(super) fn add(&mut self, pos: u64, v: &Verified, r: &mut Report) -> std::io::Result<()> {
        if pos < self.recs.len() {
            debug_assert!(false, "bug: entry {pos} added out of log order");
            return Ok(());
        }
        while self.recs.len() < pos {
            self.recs.push(&[0; REC])?;
        }
        let mut rec = [0u8; REC];
        rec[10] = PRESENT;
        if let Some(s) = &v.sealed_at {
            let a = match self.authorities.iter().position(|a| *a == s.authority) {
                Some(a) => a,
                None => {
                    self.authorities.push(s.authority.clone());
                    self.authorities.len() - 1
                }
            };
            set_sealed(&mut rec, (s.unix, u16::try_from(a).unwrap_or(u16::MAX)));
        }
        let mut said = |kind: u8, d: crate::model::Date| {
            rec[11] = kind;
            let julian = day(d).map_or(NO_DATE, time::Date::to_julian_day);
            rec[12..16].copy_from_slice(&julian.to_le_bytes());
        };
        match &v.artifact {
            Artifact::Version(a) => {
                if a.urgent.is_some() {
                    self.urgent
                        .insert(&version_key(&a.document, a.version.as_str()), (1, 0))?;
                }
                said(KIND_PUBLISHED, a.published);
            }
            Artifact::Relationship(s) => said(KIND_SINCE, s.from.unwrap_or(s.since)),
            Artifact::Notice(n) => {
                said(KIND_NOTICE, n.effective);
                rec[16..48].copy_from_slice(&version_key(&n.document, n.new.0.as_str()));
            }
            Artifact::Timestamps(t) => {
                rec[11] = KIND_NOTHING;
                let by = sealed_of(&rec);
                for (j, sha) in &t.entries {
                    self.stamp(pos, *j, sha, by, r)?;
                }
            }
            Artifact::SitePolicy(p) => {
                self.policies.push((
                    pos,
                    p.material_notice_days,
                    !p.timestamp_authorities.is_empty(),
                ));
            }
            Artifact::KeyTransition(_) => {}
        }
        self.recs.push(&rec)?;
        Ok(())
    }

    /// Entry `i`, sealed at `by`, stamps entry `j` whose SHA-256 it says
    /// is `sha`: an entry sealed without a timestamp, proven to exist by
    /// then.
    fn stamp(
        &mut self,
        i: u64,
        j: u64,
        sha: &str,
        by: Option<(i64, u16)>,
        r: &mut Report,
    ) -> std::io::Result<()> {
        let held = j < i && self.idx.entry(j).is_some_and(|e| e.sha256 == sha);
        if !held {
            r.fail(
                "timestamps",
                vec![i, j],
                format!(
                    "entry {i} stamps entry {j}, which the log does not hold before it with that SHA-256"
                ),
            );
            return Ok(());
        }
        let Some(s) = by else {
            return Ok(());
        };
        let mut target = self.recs.get(j)?;
        if sealed_of(&target).is_none_or(|t| s.0 < t.0) {
            set_sealed(&mut target, s);
            self.recs.set(j, &target)?;
        }
        Ok(())
    }

    fn label(&self, pos: u64) -> String {
        match self.idx.entry(pos) {
            Some(e) => format!("#{pos} {}", e.artifact),
            None => format!("#{pos}"),
        }
    }

    /// Reports what was gathered; `strict` makes the findings failures.
    /// Each kind of line lists its first [`MAX_LISTED`] entries and counts
    /// the rest, as failures do.
    pub(super) fn finish(self, strict: bool, r: &mut Report) -> std::io::Result<()> {
        let uses_time = self.policies.iter().any(|p| p.2);
        if !uses_time {
            let mut any = false;
            self.each(|_, rec| {
                any |= sealed_of(rec).is_some();
                Ok(())
            })?;
            if !any {
                r.note(
                    "timestamps",
                    "the log has no timestamps: it proves the order of its entries, not when they were sealed",
                );
            }
            return Ok(());
        }
        // A policy that asks less notice than the one before it holds the
        // notices after it to less: said, so a reader sees the change
        // rather than only its effect (a note, also under --strict: a site
        // may change its policy, openly).
        for pair in self.policies.windows(2) {
            let ((_, before, _), (at, now, _)) = (pair[0], pair[1]);
            if now < before {
                r.push(
                    "time",
                    Outcome::Note,
                    vec![at],
                    format!(
                        "{}: the site's policy lowers the notice of a material change from {before} to {now} days; notices sealed after it are held to {now}",
                        self.label(at)
                    ),
                );
            }
        }
        let mut told = Told::default();
        let mut stamped = Entries::default();
        let mut unstamped = Entries::default();
        self.each(|i, rec| {
            if rec[10] & PRESENT == 0 {
                return Ok(());
            }
            let Some((unix, authority)) = sealed_of(rec) else {
                unstamped.push(i);
                return Ok(());
            };
            stamped.push(i);
            let stamp = Stamp {
                unix,
                authority: self
                    .authorities
                    .get(usize::from(authority))
                    .cloned()
                    .unwrap_or_default(),
            };
            if rec[11] == KIND_PUBLISHED && told.more(0) {
                r.ok_for(
                    "time",
                    vec![i],
                    format!(
                        "{}: sealed {} ({})",
                        self.label(i),
                        stamp.rfc3339(),
                        stamp.authority
                    ),
                );
            }
            let Some(sealed) = stamp.date() else {
                return Ok(());
            };
            let what = match rec[11] {
                KIND_PUBLISHED => Some("published"),
                KIND_SINCE => Some("since"),
                _ => None,
            };
            if let Some(what) = what
                && let Some(d) = date_of(rec)
                && (sealed - d).whole_days() > LATE_AFTER_DAYS
                && (strict || told.more(1))
            {
                told.finding(
                    r,
                    strict,
                    vec![i],
                    format!(
                        "{}: sealed late: sealed {sealed}, more than {LATE_AFTER_DAYS} days after its {what} date {d}; the log proves the text, not the date it was announced",
                        self.label(i)
                    ),
                );
            }
            if rec[11] == KIND_NOTICE {
                let key: spill::Key = rec[16..48].try_into().expect("bug: 32 bytes");
                let urgent = self.urgent.get(&key)?.is_some();
                let days = self
                    .policies
                    .iter()
                    .rev()
                    .find(|(p, _, _)| *p < i)
                    .map(|(_, d, _)| *d);
                if let (false, Some(days), Some(effective)) = (urgent, days, date_of(rec)) {
                    let ahead = (effective - sealed).whole_days();
                    if ahead < i64::from(days) && (strict || told.more(2)) {
                        told.finding(
                            r,
                            strict,
                            vec![i],
                            format!(
                                "{}: notice not proven in time: sealed {sealed}, {} the change takes effect on {effective}, where the site's policy asks {days} days",
                                self.label(i),
                                if ahead < 0 {
                                    format!("{} days after", -ahead)
                                } else {
                                    format!("{ahead} days before")
                                }
                            ),
                        );
                    }
                }
            }
            Ok(())
        })?;
        told.tell(r);
        if !unstamped.is_empty() {
            let n = unstamped.len();
            told.finding(
                r,
                strict,
                unstamped,
                format!(
                    "{n} entr{} not timestamped (sealed with --no-timestamp or before the site named a timestamp authority): when {} sealed is not proven",
                    if n == 1 { "y is" } else { "ies are" },
                    if n == 1 { "it was" } else { "they were" }
                ),
            );
        }
        if !stamped.is_empty() {
            let n = stamped.len();
            r.ok_for(
                "timestamps",
                stamped,
                format!("{n} entries have RFC 3161 timestamps that verify against the sealed timestamp authorities"),
            );
        }
        Ok(())
    }

    /// Calls `f` with every record, in log order, read a chunk at a time.
    fn each(&self, mut f: impl FnMut(u64, &[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut buf = vec![0u8; CHUNK * REC];
        let mut at = 0;
        while at < self.recs.len() {
            let n = (self.recs.len() - at).min(CHUNK as u64);
            let bytes = &mut buf[..n as usize * REC];
            self.recs.get_many(at, bytes)?;
            for (k, rec) in bytes.chunks_exact(REC).enumerate() {
                f(at + k as u64, rec)?;
            }
            at += n;
        }
        Ok(())
    }
}

/// How many lines of each kind the time findings listed (the sealing time
/// of each version, and the notes sealed late and notice not proven in
/// time), and how many more they did not: a report the size of the log
/// would be memory the size of the log.
#[derive(Default)]
struct Told {
    listed: [usize; 3],
    unlisted: [u64; 3],
}

impl Told {
    /// Whether a line of kind `k` is still to be listed; else it is counted.
    fn more(&mut self, k: usize) -> bool {
        if self.listed[k] < MAX_LISTED {
            self.listed[k] += 1;
            true
        } else {
            self.unlisted[k] += 1;
            false
        }
    }

    /// A finding about time: a note, or under `strict` a failure.
    fn finding(&self, r: &mut Report, strict: bool, entries: impl Into<Entries>, s: String) {
        if strict {
            r.fail("time", entries, s);
        } else {
            r.push("time", Outcome::Note, entries, s);
        }
    }

    /// Says how many lines of each kind were not listed (under --strict
    /// the findings are failures, which the report counts itself).
    fn tell(&self, r: &mut Report) {
        let what = [
            "versions with a sealing time",
            "entries sealed late",
            "notices not proven in time",
        ];
        for (k, (&n, what)) in self.unlisted.iter().zip(what).enumerate() {
            if n == 0 {
                continue;
            }
            let s = format!("and {n} more {what} (the first {MAX_LISTED} are listed)");
            if k == 0 {
                r.ok_for("time", Vec::new(), s);
            } else {
                self.finding(r, false, Vec::new(), s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log of many versions sealed late lists the first MAX_LISTED
    /// findings of each kind and counts the rest in one line, so the report
    /// does not grow with the log; under --strict they are failures, which
    /// the report caps and counts itself.
    #[test]
    fn each_kind_of_time_line_lists_its_first_thousand_and_counts_the_rest() {
        let mut told = Told::default();
        let mut r = Report::default();
        for i in 0..(MAX_LISTED as u64 + 5) {
            if told.more(1) {
                told.finding(&mut r, false, vec![i], format!("#{i}: sealed late"));
            }
        }
        assert!(told.more(0), "the other kinds have their own count");
        told.tell(&mut r);
        let late: Vec<&String> = r
            .lines
            .iter()
            .filter(|l| l.contains(": sealed late"))
            .collect();
        assert_eq!(late.len(), MAX_LISTED);
        assert!(
            r.lines
                .iter()
                .any(|l| l.contains("and 5 more entries sealed late (the first 1000 are listed)")),
            "{:?}",
            r.lines.last()
        );
        assert!(r.passed(), "notes do not fail the log");
    }
}
