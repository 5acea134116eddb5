//! One truth per version: what would make a log say two things about one
//! version or one relationship, found from what each entry's signed
//! artifact says. `build` and `publish` refuse such a log, `verify` fails
//! it naming both entries; all three find it here.

use std::collections::BTreeMap;

use super::{Artifact, IndexEntry};
use crate::model::Date;

/// One entry as its artifact says it.
#[derive(Debug, Clone, Copy)]
pub struct Said<'a> {
    /// Its position in the log.
    pub pos: usize,
    pub entry: &'a IndexEntry,
    pub artifact: &'a Artifact,
}

/// Two entries that say two things of one version or relationship, or an
/// entry that breaks a relationship's chain. Positions are log indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// `second` seals the very artifact `first` sealed.
    SameArtifact { first: usize, second: usize },
    /// A second text of one version.
    SecondText { first: usize, second: usize },
    /// A second change notice for one version.
    SecondNotice { first: usize, second: usize },
    /// A second state numbered `number` (by its place in the chain of
    /// `previous` digests): `first` is that state already.
    SecondState {
        first: usize,
        second: usize,
        number: u64,
    },
    /// The first state of a relationship names a state before it.
    FirstNamesPrevious { at: usize },
    /// A state names, as the one it replaces, no earlier state of its
    /// relationship; `last` is the relationship's last state so far.
    UnknownPrevious { at: usize, last: usize, number: u64 },
    /// The index numbers a state otherwise than its place in the chain.
    Misnumbered { at: usize, said: u64, is: u64 },
}

impl Conflict {
    /// The entries it concerns, in log order.
    pub fn entries(&self) -> Vec<usize> {
        match *self {
            Conflict::SameArtifact { first, second }
            | Conflict::SecondText { first, second }
            | Conflict::SecondNotice { first, second }
            | Conflict::SecondState { first, second, .. } => vec![first, second],
            Conflict::UnknownPrevious { at, last, .. } => vec![last, at],
            Conflict::FirstNamesPrevious { at } | Conflict::Misnumbered { at, .. } => vec![at],
        }
    }
}

/// What the entries of a log say of each other: every conflict, and the
/// state number of each relationship state that is part of its chain.
#[derive(Debug, Default)]
pub struct Truth {
    pub conflicts: Vec<Conflict>,
    /// Log position → state number, for states in their relationship's chain.
    pub states: BTreeMap<usize, u64>,
}

/// Reads `said` (in log order) for conflicts. An entry that conflicts is
/// left out of what later entries are compared with, so one forged entry
/// is reported once.
pub fn one_truth(said: &[Said<'_>]) -> Truth {
    let mut t = Truth::default();
    let mut digests: BTreeMap<&str, usize> = BTreeMap::new();
    let mut versions: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut notices: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    // relationship → its states in chain order: (position, SHA-256)
    let mut chains: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for s in said {
        let sha = s.entry.sha256.as_str();
        if let Some(&first) = digests.get(sha) {
            t.conflicts.push(Conflict::SameArtifact {
                first,
                second: s.pos,
            });
            continue;
        }
        digests.insert(sha, s.pos);
        match s.artifact {
            Artifact::Version(v) => {
                let key = (v.document.as_str(), v.version.as_str());
                match versions.get(&key) {
                    Some(&first) => t.conflicts.push(Conflict::SecondText {
                        first,
                        second: s.pos,
                    }),
                    None => {
                        versions.insert(key, s.pos);
                    }
                }
            }
            Artifact::Notice(n) => {
                let key = (n.document.as_str(), n.new.0.as_str());
                match notices.get(&key) {
                    Some(&first) => t.conflicts.push(Conflict::SecondNotice {
                        first,
                        second: s.pos,
                    }),
                    None => {
                        notices.insert(key, s.pos);
                    }
                }
            }
            // The order of key transitions is the chain of keys, which
            // `verify` follows; they say nothing of versions or states.
            Artifact::KeyTransition(_) => {}
            // A policy is sealed again whenever it changes; timestamps
            // added afterwards say nothing new of what they stamp.
            Artifact::SitePolicy(_) | Artifact::Timestamps(_) => {}
            Artifact::Relationship(state) => {
                let chain = chains.entry(state.relationship.as_str()).or_default();
                let number = match &state.previous {
                    None if chain.is_empty() => Some(1),
                    None => {
                        t.conflicts.push(Conflict::SecondState {
                            first: chain[0].0,
                            second: s.pos,
                            number: 1,
                        });
                        None
                    }
                    Some(p) => match chain.iter().position(|(_, d)| d == p) {
                        Some(k) if k + 1 < chain.len() => {
                            t.conflicts.push(Conflict::SecondState {
                                first: chain[k + 1].0,
                                second: s.pos,
                                number: k as u64 + 2,
                            });
                            None
                        }
                        Some(k) => Some(k as u64 + 2),
                        None => {
                            t.conflicts.push(match chain.last() {
                                None => Conflict::FirstNamesPrevious { at: s.pos },
                                Some(&(last, _)) => Conflict::UnknownPrevious {
                                    at: s.pos,
                                    last,
                                    number: chain.len() as u64,
                                },
                            });
                            None
                        }
                    },
                };
                if let Some(n) = number {
                    chain.push((s.pos, sha));
                    t.states.insert(s.pos, n);
                    if let Some(said) = s.entry.state
                        && said != n
                    {
                        t.conflicts.push(Conflict::Misnumbered {
                            at: s.pos,
                            said,
                            is: n,
                        });
                    }
                }
            }
        }
    }
    t
}

/// A version sealed after another of its document that takes effect on
/// the same day or later: `earlier` is that other version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Late {
    pub at: usize,
    pub earlier: usize,
    /// `earlier` was sealed by an earlier publish than `at` (otherwise by
    /// the same one, before it).
    pub earlier_publish: bool,
}

/// One sealed version, for [`back_dated`]: its position, document,
/// effective date, whether its artifact says it is a late entry, and
/// the size of the log after the publish that sealed it.
#[derive(Debug, Clone, Copy)]
pub struct Dated<'a> {
    pub pos: usize,
    pub document: &'a str,
    pub effective: Date,
    pub late_entry: bool,
    pub publish_end: u64,
}

/// Versions sealed out of the order of their effective dates. One publish
/// may seal a whole history, in order; a version that takes effect before
/// (or on the day of) a version of its document sealed by an earlier
/// publish is back-dated, unless its artifact says it is a late entry. In
/// one publish, a version sealed after one that takes effect later is out
/// of order, late entry or not. Returns, per such version, the earlier
/// version it conflicts with that takes effect first (the one it would
/// come before).
pub fn out_of_order(versions: &[Dated<'_>]) -> Vec<Late> {
    let mut out = Vec::new();
    let mut by_doc: BTreeMap<&str, Vec<&Dated<'_>>> = BTreeMap::new();
    for v in versions {
        let before = by_doc.entry(v.document).or_default();
        // Conflicts with a version of this publish first: no late entry
        // excuses those.
        let same = before
            .iter()
            .filter(|b| b.effective >= v.effective && b.publish_end > v.pos as u64)
            .min_by_key(|b| (b.effective, b.pos));
        let earlier = before
            .iter()
            .filter(|b| b.effective >= v.effective && b.publish_end <= v.pos as u64)
            .min_by_key(|b| (b.effective, b.pos));
        match (same, earlier) {
            (Some(b), _) => out.push(Late {
                at: v.pos,
                earlier: b.pos,
                earlier_publish: false,
            }),
            (None, Some(b)) if !v.late_entry || b.effective == v.effective => out.push(Late {
                at: v.pos,
                earlier: b.pos,
                earlier_publish: true,
            }),
            _ => {}
        }
        before.push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VersionNumber;
    use crate::transparency::artifact::{NoticeArtifact, StateArtifact, VersionArtifact};
    use time::macros::date;

    fn version(doc: &str, v: &str) -> Artifact {
        Artifact::Version(Box::new(VersionArtifact {
            schema: 1,
            document: doc.into(),
            version: VersionNumber::parse(v).unwrap(),
            published: date!(2020 - 01 - 01),
            effective: date!(2020 - 01 - 01),
            material: false,
            approved_by: None,
            approved_on: None,
            summary: None,
            urgent: None,
            late_entry: None,
            bodies: BTreeMap::new(),
        }))
    }

    fn notice(doc: &str, v: &str) -> Artifact {
        let n = VersionNumber::parse(v).unwrap();
        Artifact::Notice(NoticeArtifact {
            document: doc.into(),
            previous: (n.clone(), String::new()),
            new: (n, String::new()),
            published: date!(2020 - 01 - 01),
            effective: date!(2020 - 01 - 01),
        })
    }

    fn state(rel: &str, previous: Option<&str>) -> Artifact {
        Artifact::Relationship(StateArtifact {
            relationship: rel.into(),
            previous: previous.map(Into::into),
            since: date!(2020 - 01 - 01),
            until: None,
            from: None,
        })
    }

    fn entry(sha: &str, state: Option<u64>) -> IndexEntry {
        IndexEntry {
            index: 0,
            kind: String::new(),
            document: None,
            version: None,
            relationship: None,
            state,
            sha256: sha.into(),
            artifact: String::new(),
            bundle: String::new(),
        }
    }

    fn truth(log: &[(IndexEntry, Artifact)]) -> Truth {
        let said: Vec<Said> = log
            .iter()
            .enumerate()
            .map(|(pos, (entry, artifact))| Said {
                pos,
                entry,
                artifact,
            })
            .collect();
        one_truth(&said)
    }

    #[test]
    fn a_genuine_log_has_one_truth_and_numbered_states() {
        let log = vec![
            (entry("v1", None), version("p", "1.0")),
            (entry("v2", None), version("p", "2.0")),
            (entry("n2", None), notice("p", "2.0")),
            (entry("d1", Some(1)), state("duo", None)),
            (entry("g1", Some(1)), state("ggd", None)),
            (entry("d2", Some(2)), state("duo", Some("d1"))),
            (entry("d3", Some(3)), state("duo", Some("d2"))),
        ];
        let t = truth(&log);
        assert_eq!(t.conflicts, vec![]);
        assert_eq!(t.states, BTreeMap::from([(3, 1), (4, 1), (5, 2), (6, 3)]));
    }

    #[test]
    fn every_second_truth_is_found_once() {
        let base = vec![
            (entry("v1", None), version("p", "1.0")),
            (entry("n1", None), notice("p", "1.0")),
            (entry("d1", Some(1)), state("duo", None)),
            (entry("d2", Some(2)), state("duo", Some("d1"))),
        ];
        for (extra, want) in [
            (
                (entry("v1", None), version("p", "1.0")),
                Conflict::SameArtifact {
                    first: 0,
                    second: 4,
                },
            ),
            (
                (entry("v1b", None), version("p", "1.0")),
                Conflict::SecondText {
                    first: 0,
                    second: 4,
                },
            ),
            (
                (entry("n1b", None), notice("p", "1.0")),
                Conflict::SecondNotice {
                    first: 1,
                    second: 4,
                },
            ),
            (
                (entry("d2b", Some(3)), state("duo", Some("d1"))),
                Conflict::SecondState {
                    first: 3,
                    second: 4,
                    number: 2,
                },
            ),
            (
                (entry("d1b", Some(3)), state("duo", None)),
                Conflict::SecondState {
                    first: 2,
                    second: 4,
                    number: 1,
                },
            ),
            (
                (entry("d3", Some(3)), state("duo", Some("d0"))),
                Conflict::UnknownPrevious {
                    at: 4,
                    last: 3,
                    number: 2,
                },
            ),
            (
                (entry("g1", Some(1)), state("ggd", Some("d1"))),
                Conflict::FirstNamesPrevious { at: 4 },
            ),
            (
                (entry("d3", Some(4)), state("duo", Some("d2"))),
                Conflict::Misnumbered {
                    at: 4,
                    said: 4,
                    is: 3,
                },
            ),
        ] {
            let mut log = base.clone();
            log.push(extra);
            assert_eq!(truth(&log).conflicts, vec![want.clone()], "{want:?}");
        }
    }

    fn dated(pos: usize, effective: Date, late_entry: bool, publish_end: u64) -> Dated<'static> {
        Dated {
            pos,
            document: "p",
            effective,
            late_entry,
            publish_end,
        }
    }

    #[test]
    fn back_dating_needs_a_late_entry_and_an_earlier_publish() {
        let v1 = dated(0, date!(2019 - 04 - 01), false, 2);
        let v2 = dated(1, date!(2023 - 08 - 01), false, 2);
        // One publish, in order; then a later version.
        assert_eq!(
            out_of_order(&[v1, v2, dated(2, date!(2027 - 01 - 01), false, 3)]),
            vec![]
        );
        // A later publish seals a version between them.
        let v15 = dated(2, date!(2020 - 06 - 01), false, 3);
        assert_eq!(
            out_of_order(&[v1, v2, v15]),
            vec![Late {
                at: 2,
                earlier: 1,
                earlier_publish: true
            }]
        );
        // Said to be a late entry: accepted.
        let late = Dated {
            late_entry: true,
            ..v15
        };
        assert_eq!(out_of_order(&[v1, v2, late]), vec![]);
        // Unless it takes effect on the very day of the earlier one.
        let same_day = Dated {
            effective: v2.effective,
            ..late
        };
        assert_eq!(out_of_order(&[v1, v2, same_day]).len(), 1);
        // In one publish, after a version that takes effect later: out of
        // order, late entry or not.
        let one = [
            dated(0, date!(2019 - 04 - 01), false, 3),
            dated(1, date!(2023 - 08 - 01), false, 3),
            dated(2, date!(2020 - 06 - 01), true, 3),
        ];
        assert_eq!(
            out_of_order(&one),
            vec![Late {
                at: 2,
                earlier: 1,
                earlier_publish: false
            }]
        );
        // Other documents do not count.
        let other = Dated {
            document: "q",
            ..v15
        };
        assert_eq!(out_of_order(&[v1, v2, other]), vec![]);
    }
}
