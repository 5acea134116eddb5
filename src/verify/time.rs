//! `verify`'s trusted time: every RFC 3161 token in the bundles checked
//! against the timestamp authorities the log's site policy seals, each
//! version's sealing time reported, and the findings about time (sealed
//! late, a notice not proven in time) that do not break the log.

use std::collections::BTreeSet;

use super::index::IndexFile;
use super::{Report, Source, Verified};
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

/// What the findings about time need of one verified entry: a few fixed
/// fields (a notice also its document and version), so that what `verify`
/// keeps stays small whatever the log's size; labels and digests are read
/// again from the index when a finding names them.
struct Rec {
    pos: u64,
    /// The earliest time proven: seconds since 1970, and the authority (an
    /// index into [`Timing::authorities`]).
    sealed: Option<(i64, u16)>,
    said: Said,
}

/// The day an entry says it was published, or a notice's terms.
enum Said {
    Nothing,
    Published(crate::model::Date),
    Since(crate::model::Date),
    Notice {
        document: Box<str>,
        version: Box<str>,
        effective: crate::model::Date,
    },
}

/// The time findings, gathered entry by entry as the log is read, and
/// reported once it has been read: when each version was sealed, sealed
/// late, a notice not proven in time, and entries not timestamped.
pub(super) struct Timing<'a> {
    idx: &'a IndexFile,
    recs: Vec<Rec>,
    authorities: Vec<String>,
    /// The versions whose artifact says the change is urgent.
    urgent: BTreeSet<(String, String)>,
    /// Site policies: position, notice days, whether they name an authority.
    policies: Vec<(u64, u32, bool)>,
    /// Timestamp entries: (position, the entry it stamps, that entry's SHA-256).
    stamps: Vec<(u64, u64, String)>,
}

impl<'a> Timing<'a> {
    pub(super) fn new(idx: &'a IndexFile) -> Self {
        Timing {
            idx,
            recs: Vec::new(),
            authorities: Vec::new(),
            urgent: BTreeSet::new(),
            policies: Vec::new(),
            stamps: Vec::new(),
        }
    }

    /// Records verified entry `pos` (entries come in log order).
    pub(super) fn add(&mut self, pos: u64, v: &Verified) {
        let sealed = v.sealed_at.as_ref().map(|s| {
            let a = match self.authorities.iter().position(|a| *a == s.authority) {
                Some(a) => a,
                None => {
                    self.authorities.push(s.authority.clone());
                    self.authorities.len() - 1
                }
            };
            (s.unix, u16::try_from(a).unwrap_or(u16::MAX))
        });
        let said = match &v.artifact {
            Artifact::Version(a) => {
                if a.urgent.is_some() {
                    self.urgent
                        .insert((a.document.clone(), a.version.to_string()));
                }
                Said::Published(a.published)
            }
            Artifact::Relationship(s) => Said::Since(s.from.unwrap_or(s.since)),
            Artifact::Notice(n) => Said::Notice {
                document: n.document.as_str().into(),
                version: n.new.0.as_str().into(),
                effective: n.effective,
            },
            Artifact::Timestamps(t) => {
                for (j, sha) in &t.entries {
                    self.stamps.push((pos, *j, sha.clone()));
                }
                Said::Nothing
            }
            Artifact::SitePolicy(p) => {
                self.policies.push((
                    pos,
                    p.material_notice_days,
                    !p.timestamp_authorities.is_empty(),
                ));
                Said::Nothing
            }
            Artifact::KeyTransition(_) => Said::Nothing,
        };
        self.recs.push(Rec { pos, sealed, said });
    }

    fn rec(&mut self, pos: u64) -> Option<&mut Rec> {
        let k = self.recs.binary_search_by_key(&pos, |r| r.pos).ok()?;
        self.recs.get_mut(k)
    }

    fn label(&self, pos: u64) -> String {
        match self.idx.entry(pos) {
            Some(e) => format!("#{pos} {}", e.artifact),
            None => format!("#{pos}"),
        }
    }

    /// Reports what was gathered; `strict` makes the findings failures.
    pub(super) fn finish(mut self, strict: bool, r: &mut Report) {
        // Entries sealed without a timestamp, stamped by a later entry.
        for (i, j, sha) in std::mem::take(&mut self.stamps) {
            let held = j < i && self.idx.entry(j).is_some_and(|e| e.sha256 == sha);
            if !held {
                r.fail(
                    "timestamps",
                    vec![i, j],
                    format!(
                        "entry {i} stamps entry {j}, which the log does not hold before it with that SHA-256"
                    ),
                );
                continue;
            }
            let Some(s) = self.rec(i).and_then(|r| r.sealed) else {
                continue;
            };
            if let Some(target) = self.rec(j)
                && target.sealed.is_none_or(|t| s.0 < t.0)
            {
                target.sealed = Some(s);
            }
        }
        let uses_time = self.policies.iter().any(|p| p.2);
        if !uses_time {
            if self.recs.iter().all(|r| r.sealed.is_none()) {
                r.note(
                    "timestamps",
                    "the log has no timestamps: it proves the order of its entries, not when they were sealed",
                );
            }
            return;
        }
        let finding = |r: &mut Report, entries: Vec<u64>, s: String| {
            if strict {
                r.fail("time", entries, s);
            } else {
                r.push("time", super::Outcome::Note, entries, s);
            }
        };
        // A policy that asks less notice than the one before it holds the
        // notices after it to less: said, so a reader sees the change
        // rather than only its effect (a note, also under --strict: a site
        // may change its policy, openly).
        for pair in self.policies.windows(2) {
            let ((_, before, _), (at, now, _)) = (pair[0], pair[1]);
            if now < before {
                r.push(
                    "time",
                    super::Outcome::Note,
                    vec![at],
                    format!(
                        "{}: the site's policy lowers the notice of a material change from {before} to {now} days; notices sealed after it are held to {now}",
                        self.label(at)
                    ),
                );
            }
        }
        let mut stamped = Vec::new();
        let mut unstamped = Vec::new();
        for rec in &self.recs {
            let i = rec.pos;
            let Some((unix, authority)) = rec.sealed else {
                unstamped.push(i);
                continue;
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
            if matches!(rec.said, Said::Published(_)) {
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
                continue;
            };
            let said = match &rec.said {
                Said::Published(d) => Some(("published", *d)),
                Said::Since(d) => Some(("since", *d)),
                _ => None,
            };
            if let Some((what, d)) = said
                && let Some(d) = day(d)
                && (sealed - d).whole_days() > LATE_AFTER_DAYS
            {
                finding(
                    r,
                    vec![i],
                    format!(
                        "{}: sealed late: sealed {sealed}, more than {LATE_AFTER_DAYS} days after its {what} date {d}; the log proves the text, not the date it was announced",
                        self.label(i)
                    ),
                );
            }
            if let Said::Notice {
                document,
                version,
                effective,
            } = &rec.said
            {
                let urgent = self
                    .urgent
                    .contains(&(document.to_string(), version.to_string()));
                let days = self
                    .policies
                    .iter()
                    .rev()
                    .find(|(p, _, _)| *p < i)
                    .map(|(_, d, _)| *d);
                if let (false, Some(days), Some(effective)) = (urgent, days, day(*effective)) {
                    let ahead = (effective - sealed).whole_days();
                    if ahead < i64::from(days) {
                        finding(
                            r,
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
        }
        if !unstamped.is_empty() {
            let n = unstamped.len();
            finding(
                r,
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
    }
}
