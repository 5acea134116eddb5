//! What the site will show differently later without anyone editing it: a
//! version that takes effect, a relationship that starts or ends, a review
//! that falls due. A build is a picture of one date, so whoever hosts the
//! site must build again on or after the first of these days; `build` says
//! which day that is, the API carries it as `next_change`, and each school's
//! calendar lists what its parents may be told in advance.
//!
//! [`SiteAsOf::upcoming`] is the one place that knows what changes by
//! itself. A new kind of dated content (a relationship's own history of
//! changes, say) adds a [`Happening`] variant and pushes it there; the
//! build's message, the API and the calendars follow from the list.

use crate::asof::SiteAsOf;
use crate::model::{Date, Site, VersionStatus};

/// Something that happens on a date after the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Upcoming {
    /// The first day the site shows it: a build on or after this day
    /// differs from one before.
    pub date: Date,
    pub what: Happening,
}

/// What happens on an [`Upcoming`] date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Happening {
    /// A published version takes effect (its `effective` date).
    TakesEffect { document: String, version: String },
    /// A relationship starts (its `since`).
    Starts { relationship: String },
    /// A relationship has ended: the day after its last day (`until`).
    Ends {
        relationship: String,
        last_day: Date,
    },
    /// A relationship's terms change (a `[[change]]`): its state `state`
    /// (2 for the first change) starts.
    Changes { relationship: String, state: usize },
    /// A version becomes visible on its publication date. Not for readers
    /// before then: it is not public yet.
    Published { document: String, version: String },
    /// The version in force is due for review (`review_every_years`), and
    /// the document page will say so. Not for readers: it is the owner's.
    ReviewDue { document: String },
}

impl Happening {
    /// Whether readers may be told of it before it happens (a calendar).
    /// A version that is not published yet is not public, and a review
    /// that falls due is a reminder for the document's owner.
    pub fn is_public(&self) -> bool {
        match self {
            Happening::TakesEffect { .. }
            | Happening::Starts { .. }
            | Happening::Ends { .. }
            | Happening::Changes { .. } => true,
            Happening::Published { .. } | Happening::ReviewDue { .. } => false,
        }
    }

    /// The document it concerns, if any.
    pub fn document(&self) -> Option<&str> {
        match self {
            Happening::TakesEffect { document, .. }
            | Happening::Published { document, .. }
            | Happening::ReviewDue { document } => Some(document),
            Happening::Starts { .. } | Happening::Ends { .. } | Happening::Changes { .. } => None,
        }
    }

    /// The relationship it concerns, if any.
    pub fn relationship(&self) -> Option<&str> {
        match self {
            Happening::Starts { relationship }
            | Happening::Ends { relationship, .. }
            | Happening::Changes { relationship, .. } => Some(relationship),
            Happening::TakesEffect { .. }
            | Happening::Published { .. }
            | Happening::ReviewDue { .. } => None,
        }
    }

    /// What never changes about it, e.g. `documents/privacyverklaring/3.0/effective`:
    /// the basis of calendar event ids.
    pub fn key(&self) -> String {
        match self {
            Happening::TakesEffect { document, version } => {
                format!("documents/{document}/{version}/effective")
            }
            Happening::Published { document, version } => {
                format!("documents/{document}/{version}/published")
            }
            Happening::ReviewDue { document } => format!("documents/{document}/review"),
            Happening::Starts { relationship } => format!("relationships/{relationship}/start"),
            Happening::Ends { relationship, .. } => format!("relationships/{relationship}/end"),
            Happening::Changes {
                relationship,
                state,
            } => format!("relationships/{relationship}/state/{state}"),
        }
    }

    /// Whether it concerns a school: a document that applies to it or a
    /// relationship that covers it.
    pub fn concerns(&self, site: &Site, school: &str) -> bool {
        let Some(school) = site.schools.get(school) else {
            return false;
        };
        if let Some(d) = self.document() {
            return site.documents_of(school).iter().any(|x| x.slug == d);
        }
        if let Some(r) = self.relationship() {
            return site.relationships_of(school).iter().any(|x| x.slug == r);
        }
        false
    }
}

impl SiteAsOf<'_> {
    /// Everything that will change by itself after the as-of date, earliest
    /// first (on one day, in the order of [`Happening`]'s variants and
    /// slugs). The first is exact; a later one is as the content stands
    /// now (a review date moves when another version takes effect first).
    pub fn upcoming(&self) -> Vec<Upcoming> {
        match self.as_of().next_day() {
            Some(from) => self.happenings_from(from),
            None => Vec::new(),
        }
    }

    /// What happens on or after `from`, a day no later than the day after
    /// the as-of date, earliest first: [`SiteAsOf::upcoming`] with the
    /// as-of date's own happenings too when `from` is the as-of date (a
    /// calendar keeps today's events on the day itself).
    pub fn happenings_from(&self, from: Date) -> Vec<Upcoming> {
        let as_of = self.as_of();
        let mut out = Vec::new();
        for t in self.timelines() {
            let document = &t.document.slug;
            let published = t
                .entries
                .iter()
                .filter(|e| e.status != VersionStatus::Draft && e.version.effective >= from);
            for e in published {
                out.push(Upcoming {
                    date: e.version.effective,
                    what: Happening::TakesEffect {
                        document: document.clone(),
                        version: e.version.number.to_string(),
                    },
                });
            }
            // A version published later shows then, if this site would
            // show it at all: on a site with a log, only once sealed.
            for v in &t.document.versions {
                let Some(published) = v.published.filter(|p| *p > as_of && *p >= from) else {
                    continue;
                };
                let sealed = self
                    .log()
                    .is_none_or(|s| s.version(document, v.number.as_str()).is_some());
                let shown_as_draft = t
                    .entry(&v.number)
                    .is_some_and(|e| e.status == VersionStatus::Draft);
                if sealed || shown_as_draft {
                    out.push(Upcoming {
                        date: published,
                        what: Happening::Published {
                            document: document.clone(),
                            version: v.number.to_string(),
                        },
                    });
                }
            }
            if let Some((due, false)) = self.review_due(t.document).filter(|(d, _)| *d >= from) {
                out.push(Upcoming {
                    date: due,
                    what: Happening::ReviewDue {
                        document: document.clone(),
                    },
                });
            }
        }
        for r in self.site.relationships.values() {
            if r.since >= from {
                out.push(Upcoming {
                    date: r.since,
                    what: Happening::Starts {
                        relationship: r.slug.clone(),
                    },
                });
            }
            // Each `[[change]]` from its first day (the later states only:
            // the first is its start, above).
            // The change at index i makes state i + 2 (see
            // `Relationship::states`), without building the states.
            for (i, change) in r.changes.iter().enumerate() {
                if change.from >= from && r.until.is_none_or(|u| change.from <= u) {
                    out.push(Upcoming {
                        date: change.from,
                        what: Happening::Changes {
                            relationship: r.slug.clone(),
                            state: i + 2,
                        },
                    });
                }
            }
            // Ended once its last day is before the as-of date.
            if let Some(until) = r.until
                && let Some(after) = until.next_day().filter(|a| *a >= from)
            {
                out.push(Upcoming {
                    date: after,
                    what: Happening::Ends {
                        relationship: r.slug.clone(),
                        last_day: until,
                    },
                });
            }
        }
        out.sort();
        out
    }

    /// The first day the site changes by itself, and everything that
    /// happens on that day; `None` when nothing is dated after the as-of
    /// date.
    pub fn next_change(&self) -> Option<(Date, Vec<Happening>)> {
        let all = self.upcoming();
        let first = all.first()?.date;
        let what = all
            .into_iter()
            .take_while(|u| u.date == first)
            .map(|u| u.what)
            .collect();
        Some((first, what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asof::BuildOptions;
    use crate::model::{
        Body, Document, DocumentKind, LegalBasis, Relationship, RelationshipKind, SchoolSelection,
        SiteConfig, Text, Version, VersionNumber,
    };
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use time::macros::date;

    fn version(n: &str, published: Option<Date>, effective: Date) -> Version {
        Version {
            number: VersionNumber::parse(n).expect("bug: a valid number"),
            published,
            effective,
            material: false,
            approved_by: None,
            approved_on: None,
            summary: None,
            urgent: None,
            late_entry: None,
            short: None,
            bodies: BTreeMap::from([(
                "nl".to_string(),
                Body {
                    source: "tekst".into(),
                    file: PathBuf::new(),
                },
            )]),
            file: PathBuf::new(),
        }
    }

    fn relationship(slug: &str, since: Date, until: Option<Date>) -> Relationship {
        Relationship {
            slug: slug.into(),
            kind: RelationshipKind::Processor,
            controller: "bestuur".into(),
            party: "leverancier".into(),
            schools: SchoolSelection::All,
            purposes: vec![],
            data_subjects: vec![],
            data_categories: vec![],
            legal_basis: LegalBasis::PublicTask,
            retention: None,
            location: None,
            agreement: None,
            statement: None,
            sub_processors: vec![],
            special_categories: vec![],
            dpia: None,
            bijsluiter: None,
            outside_eea: false,
            changes: vec![],
            since,
            until,
            file: PathBuf::new(),
        }
    }

    fn site(versions: Vec<Version>, review: Option<u32>, rels: Vec<Relationship>) -> Site {
        let doc = Document {
            slug: "verklaring".into(),
            title: Text::Neutral("Verklaring".into()),
            owner: "bestuur".into(),
            kind: DocumentKind::Statement,
            review_every_years: review,
            versions,
            file: PathBuf::new(),
        };
        Site {
            config: SiteConfig {
                title: Text::Neutral("Site".into()),
                base_url: "https://example.org/".into(),
                languages: vec!["nl".into()],
                publisher: "bestuur".into(),
                theme: "default".into(),
                material_notice_days: 30,
                unsafe_html: false,
                transparency: None,
                accessibility: None,
                rights: None,
            },
            organisations: BTreeMap::new(),
            schools: BTreeMap::new(),
            documents: BTreeMap::from([("verklaring".to_string(), doc)]),
            relationships: rels.into_iter().map(|r| (r.slug.clone(), r)).collect(),
            pages: BTreeMap::new(),
        }
    }

    fn opts(as_of: Date) -> BuildOptions {
        BuildOptions {
            as_of,
            drafts: false,
            preview: false,
        }
    }

    #[test]
    fn the_first_change_is_the_earliest_date_after_the_as_of_date() {
        let s = site(
            vec![
                version("1.0", Some(date!(2020 - 01 - 01)), date!(2020 - 02 - 01)),
                version("2.0", Some(date!(2026 - 10 - 01)), date!(2027 - 01 - 01)),
            ],
            None,
            vec![
                relationship("later", date!(2027 - 03 - 01), None),
                relationship("ending", date!(2020 - 01 - 01), Some(date!(2026 - 12 - 31))),
                relationship("over", date!(2020 - 01 - 01), Some(date!(2025 - 01 - 01))),
            ],
        );
        let a = SiteAsOf::new(&s, opts(date!(2026 - 11 - 25)), None);
        let all = a.upcoming();
        let dates: Vec<_> = all.iter().map(|u| (u.date, u.what.key())).collect();
        assert_eq!(
            dates,
            [
                (
                    date!(2027 - 01 - 01),
                    "documents/verklaring/2.0/effective".to_string()
                ),
                (
                    date!(2027 - 01 - 01),
                    "relationships/ending/end".to_string()
                ),
                (
                    date!(2027 - 03 - 01),
                    "relationships/later/start".to_string()
                ),
            ]
        );
        let (day, what) = a.next_change().expect("something is dated later");
        assert_eq!(day, date!(2027 - 01 - 01));
        assert_eq!(what.len(), 2);
        // On the day itself, it has happened: the next one is later.
        let on = SiteAsOf::new(&s, opts(date!(2027 - 01 - 01)), None);
        assert_eq!(on.next_change().map(|c| c.0), Some(date!(2027 - 03 - 01)));
        // After everything, nothing changes by itself; a calendar still
        // shows what happens on the day itself.
        let after = SiteAsOf::new(&s, opts(date!(2027 - 03 - 01)), None);
        assert_eq!(after.next_change(), None);
        let today: Vec<_> = after
            .happenings_from(date!(2027 - 03 - 01))
            .into_iter()
            .map(|u| u.what.key())
            .collect();
        assert_eq!(today, ["relationships/later/start"]);
    }

    #[test]
    fn a_relationship_change_to_come_is_a_happening_of_its_own() {
        use crate::model::{RelationshipChange, TermsChange};
        let change = |from: Date| RelationshipChange {
            from,
            announced: None,
            urgent: None,
            terms: TermsChange {
                sub_processors: Some(vec!["sub".into()]),
                ..TermsChange::default()
            },
            line: 1,
        };
        let mut r = relationship("r", date!(2020 - 01 - 01), Some(date!(2027 - 12 - 31)));
        // One change in the past, one to come, one after the last day.
        r.changes = vec![
            change(date!(2024 - 01 - 01)),
            change(date!(2027 - 03 - 01)),
            change(date!(2028 - 06 - 01)),
        ];
        let s = site(
            vec![version(
                "1.0",
                Some(date!(2020 - 01 - 01)),
                date!(2020 - 01 - 01),
            )],
            None,
            vec![r],
        );
        let a = SiteAsOf::new(&s, opts(date!(2026 - 11 - 25)), None);
        let keys: Vec<_> = a
            .upcoming()
            .into_iter()
            .map(|u| (u.date, u.what.key(), u.what.is_public()))
            .collect();
        assert_eq!(
            keys,
            [
                (
                    date!(2027 - 03 - 01),
                    "relationships/r/state/3".to_string(),
                    true
                ),
                (
                    date!(2028 - 01 - 01),
                    "relationships/r/end".to_string(),
                    true
                ),
            ]
        );
    }

    #[test]
    fn a_relationship_ends_the_day_after_its_last_day() {
        let s = site(
            vec![version(
                "1.0",
                Some(date!(2020 - 01 - 01)),
                date!(2020 - 01 - 01),
            )],
            None,
            vec![relationship(
                "r",
                date!(2020 - 01 - 01),
                Some(date!(2026 - 11 - 25)),
            )],
        );
        let a = SiteAsOf::new(&s, opts(date!(2026 - 11 - 25)), None);
        assert_eq!(
            a.upcoming(),
            [Upcoming {
                date: date!(2026 - 11 - 26),
                what: Happening::Ends {
                    relationship: "r".into(),
                    last_day: date!(2026 - 11 - 25)
                }
            }]
        );
        // The day after, it shows as ended and nothing is left to come.
        let next = SiteAsOf::new(&s, opts(date!(2026 - 11 - 26)), None);
        assert!(next.upcoming().is_empty());
    }

    #[test]
    fn later_publications_and_reviews_change_the_site_but_are_not_public() {
        let s = site(
            vec![
                version("1.0", Some(date!(2024 - 01 - 01)), date!(2024 - 02 - 01)),
                version("2.0", Some(date!(2027 - 06 - 01)), date!(2027 - 09 - 01)),
                version("3.0", None, date!(2028 - 01 - 01)),
            ],
            Some(4),
            vec![],
        );
        let a = SiteAsOf::new(&s, opts(date!(2026 - 11 - 25)), None);
        let all = a.upcoming();
        let keys: Vec<_> = all.iter().map(|u| (u.date, u.what.key())).collect();
        assert_eq!(
            keys,
            [
                (
                    date!(2027 - 06 - 01),
                    "documents/verklaring/2.0/published".to_string()
                ),
                (
                    date!(2028 - 02 - 01),
                    "documents/verklaring/review".to_string()
                ),
            ],
            "a version without a publication date (a draft) changes nothing by itself"
        );
        assert!(all.iter().all(|u| !u.what.is_public()));
    }
}
