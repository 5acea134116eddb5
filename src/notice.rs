//! Hints that a change marked "not material" may be material after all.
//!
//! The EDPB transparency guidelines (WP260 rev.01, §29–30) give as examples
//! of changes that must be announced actively: a new purpose, new categories
//! of data, a new recipient, and transfers outside the EU/EEA. When a version
//! says `material = false` but, in the period since the previous version took
//! effect, the document owner started relationships that add any of these,
//! the build warns so that someone looks again. It is a suggestion, never an
//! error: only people can judge what is material.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::i18n::iso;
use crate::messages::Reason;
use crate::model::{Date, Location, Relationship, Site, Text};

/// One version that may deserve `material = true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suggestion {
    /// The version's `version.toml`.
    pub file: PathBuf,
    pub document: String,
    pub version: String,
    /// What the relationships added.
    pub reasons: Vec<Reason>,
}

/// Names that say a place is inside the EU/EEA, in Dutch and English.
const EEA: &[&str] = &[
    "eu",
    "eer",
    "eea",
    "europese unie",
    "european union",
    "europese economische ruimte",
    "european economic area",
    "europa",
    "europe",
    "nederland",
    "netherlands",
    "the netherlands",
    "belgië",
    "belgie",
    "belgium",
    "luxemburg",
    "luxembourg",
    "duitsland",
    "germany",
    "frankrijk",
    "france",
    "ierland",
    "ireland",
    "oostenrijk",
    "austria",
    "italië",
    "italie",
    "italy",
    "spanje",
    "spain",
    "portugal",
    "denemarken",
    "denmark",
    "zweden",
    "sweden",
    "finland",
    "polen",
    "poland",
    "tsjechië",
    "tsjechie",
    "czechia",
    "czech republic",
    "slowakije",
    "slovakia",
    "hongarije",
    "hungary",
    "slovenië",
    "slovenie",
    "slovenia",
    "kroatië",
    "kroatie",
    "croatia",
    "roemenië",
    "roemenie",
    "romania",
    "bulgarije",
    "bulgaria",
    "griekenland",
    "greece",
    "cyprus",
    "malta",
    "estland",
    "estonia",
    "letland",
    "latvia",
    "litouwen",
    "lithuania",
    "noorwegen",
    "norway",
    "ijsland",
    "iceland",
    "liechtenstein",
];

/// True when a location names only places inside the EU/EEA.
pub(crate) fn inside_eea(location: &str) -> bool {
    let lower = location.to_lowercase();
    let parts: Vec<&str> = lower
        .split([',', ';', '/', '(', ')', '+', '&'])
        .flat_map(|p| p.split(" en ").flat_map(|q| q.split(" and ")))
        .map(|p| p.trim().trim_end_matches('.').trim())
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts.iter().all(|p| {
            EEA.iter().any(|e| {
                p == e
                    || p.split_whitespace().any(|w| w == *e)
                    || p.contains(&format!(" {e}"))
                    || p.starts_with(&format!("{e} "))
            })
        })
}

fn key(t: &Text, default: &str) -> String {
    t.get(default, default).text.trim().to_lowercase()
}

fn active_on(r: &Relationship, d: Date) -> bool {
    r.since <= d && r.until.is_none_or(|u| u >= d)
}

/// Every version marked not material whose period added what WP260 calls
/// material, with the reasons.
pub(crate) fn material_suggestions(site: &Site) -> Vec<Suggestion> {
    let default = site.config.default_lang();
    let mut out = Vec::new();
    for doc in site.documents.values() {
        let owned: Vec<&Relationship> = site
            .relationships
            .values()
            .filter(|r| r.controller == doc.owner)
            .collect();
        for pair in doc.versions.windows(2) {
            let (prev, v) = (&pair[0], &pair[1]);
            if v.material {
                continue;
            }
            let before: Vec<&&Relationship> = owned
                .iter()
                .filter(|r| active_on(r, prev.effective))
                .collect();
            let parties: BTreeSet<&str> = before.iter().map(|r| r.party.as_str()).collect();
            let subs: BTreeSet<&str> = before
                .iter()
                .flat_map(|r| r.sub_processors.iter().map(String::as_str))
                .collect();
            let purposes: BTreeSet<String> = before
                .iter()
                .flat_map(|r| r.purposes.iter().map(|t| key(t, default)))
                .collect();
            let categories: BTreeSet<String> = before
                .iter()
                .flat_map(|r| r.data_categories.iter().map(|t| key(t, default)))
                .collect();
            let mut reasons = Vec::new();
            for r in owned
                .iter()
                .filter(|r| r.since > prev.effective && r.since <= v.effective)
            {
                let name = site
                    .organisations
                    .get(&r.party)
                    .map_or(r.party.clone(), |o| {
                        o.name.get(default, default).text.to_string()
                    });
                let (relationship, since) = (r.slug.clone(), iso(r.since));
                if !parties.contains(r.party.as_str()) {
                    reasons.push(Reason::NewParty {
                        kind: r.kind.key(),
                        name,
                        relationship: relationship.clone(),
                        since: since.clone(),
                    });
                }
                for p in &r.purposes {
                    if !purposes.contains(&key(p, default)) {
                        reasons.push(Reason::NewPurpose {
                            purpose: p.get(default, default).text.to_string(),
                            relationship: relationship.clone(),
                            since: since.clone(),
                        });
                    }
                }
                for c in &r.data_categories {
                    if !categories.contains(&key(c, default)) {
                        reasons.push(Reason::NewCategory {
                            category: c.get(default, default).text.to_string(),
                            relationship: relationship.clone(),
                            since: since.clone(),
                        });
                    }
                }
                for s in &r.sub_processors {
                    if !subs.contains(s.as_str()) {
                        reasons.push(Reason::NewSubProcessor {
                            slug: s.clone(),
                            relationship: relationship.clone(),
                            since: since.clone(),
                        });
                    }
                }
                match &r.location {
                    Some(Location::Text(loc)) => {
                        let text = loc.get(default, default).text;
                        // A place not filled in yet is reported as a
                        // placeholder.
                        let unknown = crate::lint::PLACEHOLDERS.contains(&text.trim());
                        if !inside_eea(text) && !unknown {
                            reasons.push(Reason::OutsideEea {
                                place: text.to_string(),
                                relationship: relationship.clone(),
                                since: since.clone(),
                            });
                        }
                    }
                    Some(Location::Places(p)) if p.leaves_eea() => {
                        let names: Vec<&str> =
                            p.outside_eea().iter().map(|c| c.name(default)).collect();
                        reasons.push(Reason::OutsideEea {
                            place: names.join(", "),
                            relationship: relationship.clone(),
                            since: since.clone(),
                        });
                    }
                    _ => {}
                }
            }
            if !reasons.is_empty() {
                out.push(Suggestion {
                    file: v.file.clone(),
                    document: doc.slug.clone(),
                    version: v.number.to_string(),
                    reasons,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_inside_and_outside_the_eea() {
        for inside in [
            "EU",
            "Nederland",
            "Nederland en Duitsland",
            "EU (Ierland)",
            "EER",
            "the Netherlands and Ireland",
        ] {
            assert!(inside_eea(inside), "{inside}");
        }
        for outside in ["Verenigde Staten", "EU en VS", "United States", "India", ""] {
            assert!(!inside_eea(outside), "{outside}");
        }
    }
}
