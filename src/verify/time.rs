//! `verify`'s trusted time: every RFC 3161 token in the bundles checked
//! against the timestamp authorities the log's site policy seals, each
//! version's sealing time reported, and the findings about time (sealed
//! late, a notice not proven in time) that do not break the log.

use std::collections::BTreeMap;

use super::{Report, Source, Verified};
use crate::transparency::artifact::{Artifact, SitePolicy};
use crate::transparency::{self as tr, Index};
use crate::tsa::{self, Stamp, Trust};

/// Days after its `published` date (or a state's first day) by which an
/// entry must be sealed not to be "sealed late".
pub(super) const LATE_AFTER_DAYS: i64 = 7;

/// The authorities the log trusts: the chain files every sealed site
/// policy names, each held to the SHA-256 the policy sealed. What cannot
/// be read fails the `timestamps` check; the entry check fails the policy
/// itself if its artifact was changed.
pub(super) fn trust(src: &dyn Source, index: &Index, r: &mut Report) -> Trust {
    let mut trust = Trust::default();
    for e in index.entries.iter().filter(|e| e.kind == "site-policy") {
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

/// Reports when each entry was sealed, and the findings about time:
/// `strict` makes them failures.
pub(super) fn report(
    entries: &[tr::IndexEntry],
    first: &[(usize, &Verified)],
    strict: bool,
    r: &mut Report,
) {
    // Entries sealed without a timestamp, stamped by a later entry.
    let mut sealed_at: BTreeMap<usize, Stamp> = first
        .iter()
        .filter_map(|(i, v)| v.sealed_at.clone().map(|s| (*i, s)))
        .collect();
    let mut policies: Vec<(usize, &SitePolicy)> = Vec::new();
    for (i, v) in first {
        match &v.artifact {
            Artifact::Timestamps(t) => {
                for (j, sha) in &t.entries {
                    let ok = usize::try_from(*j)
                        .ok()
                        .filter(|j| j < i)
                        .and_then(|j| entries.get(j))
                        .is_some_and(|e| &e.sha256 == sha);
                    if !ok {
                        r.fail(
                            "timestamps",
                            vec![*i as u64, *j],
                            format!(
                                "entry {i} stamps entry {j}, which the log does not hold before it with that SHA-256"
                            ),
                        );
                        continue;
                    }
                    if let Some(s) = v.sealed_at.clone() {
                        let j = *j as usize;
                        if sealed_at.get(&j).is_none_or(|t| s.unix < t.unix) {
                            sealed_at.insert(j, s);
                        }
                    }
                }
            }
            Artifact::SitePolicy(p) => policies.push((*i, p)),
            _ => {}
        }
    }
    let uses_time = !policies
        .iter()
        .all(|(_, p)| p.timestamp_authorities.is_empty());
    if !uses_time {
        if sealed_at.is_empty() {
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
    let versions: BTreeMap<(&str, &str), &crate::transparency::artifact::VersionArtifact> = first
        .iter()
        .filter_map(|(_, v)| match &v.artifact {
            Artifact::Version(a) => Some(((a.document.as_str(), a.version.as_str()), &**a)),
            _ => None,
        })
        .collect();
    let mut stamped = Vec::new();
    let mut unstamped = Vec::new();
    for (i, v) in first {
        let label = super::label(entries, *i);
        let at = sealed_at.get(i);
        match at {
            Some(s) => {
                stamped.push(*i as u64);
                if matches!(v.artifact, Artifact::Version(_)) {
                    r.ok_for(
                        "time",
                        vec![*i as u64],
                        format!("{label}: sealed {} ({})", s.rfc3339(), s.authority),
                    );
                }
            }
            None => unstamped.push(*i as u64),
        }
        let Some(sealed) = at.and_then(Stamp::date) else {
            continue;
        };
        // The day it says it was published, or a state's first day.
        let said = match &v.artifact {
            Artifact::Version(a) => Some(("published", a.published)),
            Artifact::Relationship(s) => Some(("since", s.from.unwrap_or(s.since))),
            _ => None,
        };
        if let Some((what, d)) = said
            && let Some(d) = day(d)
            && (sealed - d).whole_days() > LATE_AFTER_DAYS
        {
            finding(
                r,
                vec![*i as u64],
                format!(
                    "{label}: sealed late: sealed {sealed}, more than {LATE_AFTER_DAYS} days after its {what} date {d}; the log proves the text, not the date it was announced"
                ),
            );
        }
        if let Artifact::Notice(n) = &v.artifact {
            let urgent = versions
                .get(&(n.document.as_str(), n.new.0.as_str()))
                .is_some_and(|v| v.urgent.is_some());
            let days = policies
                .iter()
                .rev()
                .find(|(p, _)| p < i)
                .map(|(_, p)| p.material_notice_days);
            if let (false, Some(days), Some(effective)) = (urgent, days, day(n.effective)) {
                let ahead = (effective - sealed).whole_days();
                if ahead < i64::from(days) {
                    finding(
                        r,
                        vec![*i as u64],
                        format!(
                            "{label}: notice not proven in time: sealed {sealed}, {} the change takes effect on {effective}, where the site's policy asks {days} days",
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
