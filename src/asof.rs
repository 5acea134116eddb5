//! The site as it stands on one date: the layer between the model and
//! everything that shows it (pages, feeds, the sitemap, the API).
//!
//! The model says what the content is; this layer says what a reader sees
//! of it on the build's as-of date, given the build options and the
//! transparency log: which versions are shown (published by then, sealed,
//! or drafts with `--drafts`) and where each stands, which pages exist,
//! which comparisons are offered, what changed and when, and what the log
//! sealed. `render` and `api` both read it, so the pages and the API cannot
//! disagree about any of this, and neither needs the other.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Date, Document, Organisation, Relationship, RelationshipKind, School, Site, Timeline,
    TimelineEntry, Version, VersionNumber, VersionStatus, add_years,
};
use crate::routes::{Route, absolute};
use crate::transparency::{IndexEntry, Seals};

/// How to build: the date the site is seen on, and whether drafts show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// The date the site shows: which version is in force, which are
    /// announced, which relationships have started or ended.
    pub as_of: Date,
    /// Show versions that are not published (or not sealed) yet, marked as
    /// drafts.
    pub drafts: bool,
    /// `serve`: mark drafts, never cache.
    pub preview: bool,
}

/// The site on its as-of date, with its log. Made once per build; every
/// page, feed and API file reads it.
pub struct SiteAsOf<'a> {
    pub site: &'a Site,
    pub opts: BuildOptions,
    /// The sealed state, when the site has a transparency log.
    seals: Option<&'a Seals>,
    /// Every document's versions as a reader sees them, by slug.
    timelines: BTreeMap<&'a str, Timeline<'a>>,
    /// Every change on the site, newest first.
    changes: Vec<Change<'a>>,
    /// Every relationship as it stands on the as-of date (its first state
    /// before it starts), by slug.
    current: BTreeMap<&'a str, Relationship>,
    /// What happens from the as-of date on, that day included: every
    /// school page and calendar reads it ([`SiteAsOf::from_today`]).
    from_today: Vec<crate::upcoming::Upcoming>,
}

/// Where the log sealed something: enough to point at the artifact and its
/// bundle, and to name the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seal<'a> {
    /// The entry's index in the log.
    pub index: u64,
    /// Lowercase hex SHA-256 of the artifact.
    pub sha256: &'a str,
    /// The artifact, relative to `transparency/`.
    pub artifact: &'a str,
    /// Its Sigstore bundle, relative to `transparency/`.
    pub bundle: &'a str,
    /// For a relationship: the number of the state sealed.
    pub state: Option<u64>,
}

impl<'a> Seal<'a> {
    fn of(e: &'a IndexEntry) -> Seal<'a> {
        Seal {
            index: e.index,
            sha256: &e.sha256,
            artifact: &e.artifact,
            bundle: &e.bundle,
            state: e.state,
        }
    }

    /// The artifact's digest as the API writes it: `sha256:<hex>`.
    pub fn digest(&self) -> String {
        format!("sha256:{}", self.sha256)
    }
}

/// Something that changed on the site on a date: a version published, or a
/// relationship that started, changed or ended — or will, when it is
/// announced.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// The day it happened: a version's publication, a relationship's
    /// first or last day, the day a relationship's change was announced
    /// (`announced`) or else takes effect.
    pub date: Date,
    pub event: Event<'a>,
    /// A relationship's start, change or end that takes effect after the
    /// as-of date.
    pub announced: bool,
}

/// What a [`Change`] is.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// A version was published (drafts never are changes).
    Version {
        document: &'a Document,
        entry: TimelineEntry<'a>,
    },
    /// A relationship started (on `since`).
    Started(&'a Relationship),
    /// A relationship ended: its `until` (its last day) is before the
    /// as-of date; or, announced, it ends later. Dated `until`.
    Ended(&'a Relationship),
    /// A relationship's `[[change]]`: its state `state` (2 or more) begins.
    Changed {
        relationship: &'a Relationship,
        state: usize,
    },
}

impl<'a> Change<'a> {
    /// The page that shows the change.
    pub fn route(&self) -> Route {
        match &self.event {
            Event::Version { document, entry } => {
                Route::Version(document.slug.clone(), entry.version.number.clone())
            }
            Event::Started(r) | Event::Ended(r) => Route::Relationship(r.slug.clone()),
            Event::Changed { relationship, .. } => Route::Relationship(relationship.slug.clone()),
        }
    }

    /// The relationship a start, change or end is of.
    pub fn relationship(&self) -> Option<&'a Relationship> {
        match &self.event {
            Event::Version { .. } => None,
            Event::Started(r) | Event::Ended(r) => Some(r),
            Event::Changed { relationship, .. } => Some(relationship),
        }
    }

    /// For a relationship's change: its state and what changed.
    pub fn state(&self) -> Option<crate::history::State<'a>> {
        match &self.event {
            Event::Changed {
                relationship,
                state,
            } => relationship.states().into_iter().nth(state - 1),
            _ => None,
        }
    }

    /// What makes the change unique and never changes, e.g.
    /// `documents/privacyverklaring/2.1`: the basis of feed entry ids.
    pub fn key(&self) -> String {
        match &self.event {
            Event::Version { document, entry } => {
                format!("documents/{}/{}", document.slug, entry.version.number)
            }
            Event::Started(r) => format!("relationships/{}/start", r.slug),
            Event::Ended(r) => format!("relationships/{}/end", r.slug),
            Event::Changed {
                relationship,
                state,
            } => {
                let from = relationship.changes[state - 2].from;
                format!("relationships/{}/change/{from}", relationship.slug)
            }
        }
    }

    /// A material change: a version after the first marked `material`.
    pub fn is_material(&self) -> bool {
        match &self.event {
            Event::Version { entry, .. } => entry.version.material && entry.previous.is_some(),
            Event::Started(_) | Event::Ended(_) => false,
            Event::Changed { .. } => self
                .state()
                .is_some_and(|s| s.deltas.iter().any(crate::history::Delta::is_material)),
        }
    }
}

/// An organisation's part in the site's relationships.
#[derive(Debug, Clone, Default)]
pub struct OrganisationRelationships<'a> {
    /// Relationships it is the controller of.
    pub as_controller: Vec<&'a Relationship>,
    /// Relationships it is the processor or recipient in.
    pub as_party: Vec<&'a Relationship>,
    /// Relationships that name it as a sub-processor.
    pub as_sub_processor: Vec<&'a Relationship>,
}

impl<'a> SiteAsOf<'a> {
    /// The site as it stands on `opts.as_of`. With `seals` (a site with a
    /// log) only sealed versions are shown, others only as drafts with
    /// `--drafts`.
    pub fn new(site: &'a Site, opts: BuildOptions, seals: Option<&'a Seals>) -> SiteAsOf<'a> {
        let timelines = site
            .documents
            .iter()
            .map(|(slug, doc)| {
                let sealed = |v: &Version| {
                    seals.is_none_or(|s| s.version(&doc.slug, v.number.as_str()).is_some())
                };
                let t = Timeline::new(
                    doc,
                    opts.as_of,
                    |v| opts.drafts || (v.published_by(opts.as_of) && sealed(v)),
                    |v| !v.published_by(opts.as_of) || !sealed(v),
                );
                (slug.as_str(), t)
            })
            .collect();
        let current = site
            .relationships
            .iter()
            .map(|(slug, r)| (slug.as_str(), r.on(opts.as_of)))
            .collect();
        let mut asof = SiteAsOf {
            site,
            opts,
            seals,
            timelines,
            changes: Vec::new(),
            current,
            from_today: Vec::new(),
        };
        asof.changes = asof.collect_changes();
        asof.from_today = asof.happenings_from(asof.as_of());
        asof
    }

    /// The date the site is seen on.
    pub fn as_of(&self) -> Date {
        self.opts.as_of
    }

    /// [`SiteAsOf::happenings_from`] the as-of date, worked out once.
    pub fn from_today(&self) -> &[crate::upcoming::Upcoming] {
        &self.from_today
    }

    /// The absolute URL of a site path (`/nl/…`, `/sitemap.xml`).
    pub fn absolute(&self, site_path: &str) -> String {
        absolute(&self.site.config.base_url, site_path)
    }

    /// The absolute URL of a route in `lang`.
    pub fn url(&self, route: &Route, lang: &str) -> String {
        route.url(&self.site.config.base_url, lang)
    }

    /// The organisation that publishes the site, when the site names one
    /// that exists.
    pub fn publisher(&self) -> Option<&'a Organisation> {
        self.site.organisations.get(&self.site.config.publisher)
    }

    // ------------------------------------------------------------ pages

    /// Every route of the site, in a stable order (also the sitemap's).
    pub fn routes(&self) -> Vec<Route> {
        let s = self.site;
        let mut r = vec![
            Route::Home,
            Route::SiteChanges,
            Route::Documents,
            Route::Schools,
            Route::Relationships,
            Route::Organisations,
        ];
        for (slug, t) in &self.timelines {
            r.push(Route::Document(slug.to_string()));
            r.push(Route::Changes(slug.to_string()));
            for e in &t.entries {
                r.push(Route::Version(slug.to_string(), e.version.number.clone()));
            }
            for (a, b) in self.comparisons(slug) {
                r.push(Route::Compare(slug.to_string(), a, b));
            }
        }
        for school in s.schools.values() {
            r.push(Route::School(school.slug.clone()));
            for rel in s.relationships_of(school) {
                r.push(Route::SchoolRelationship(
                    school.slug.clone(),
                    rel.slug.clone(),
                ));
            }
        }
        r.extend(
            s.relationships
                .keys()
                .map(|k| Route::Relationship(k.clone())),
        );
        r.extend(
            s.organisations
                .keys()
                .map(|k| Route::Organisation(k.clone())),
        );
        r.extend(s.pages.keys().map(|k| Route::Page(k.clone())));
        if s.config.accessibility.is_some() {
            r.push(Route::Accessibility);
        }
        if self.seals.is_some() {
            r.push(Route::Verify);
        }
        r.push(Route::About);
        r.push(Route::Search);
        r.push(Route::Glossary);
        if self.contact_route() == Route::Contact {
            r.push(Route::Contact);
        }
        r.push(Route::Register);
        r.extend(s.schools.keys().map(|k| Route::SchoolRegister(k.clone())));
        r
    }

    /// The page the main menu's "Contact" opens: the site's own free page
    /// `contact` when it has one, else the generated contact page.
    pub fn contact_route(&self) -> Route {
        if self.site.pages.contains_key("contact") {
            Route::Page("contact".to_string())
        } else {
            Route::Contact
        }
    }

    // ------------------------------------------------------------ versions

    /// The timeline of a document on the as-of date.
    pub fn timeline(&self, slug: &str) -> Option<&Timeline<'a>> {
        self.timelines.get(slug)
    }

    /// Every document's timeline, by slug.
    pub fn timelines(&self) -> impl Iterator<Item = &Timeline<'a>> {
        self.timelines.values()
    }

    /// The versions of a document in the public record: every shown version
    /// but drafts, oldest first.
    pub fn public_versions(&self, slug: &str) -> Vec<&TimelineEntry<'a>> {
        self.timelines.get(slug).map_or_else(Vec::new, |t| {
            t.entries
                .iter()
                .filter(|e| e.status != VersionStatus::Draft)
                .collect()
        })
    }

    /// The pairs of versions that get a comparison page: each shown version
    /// with the one before it, and the version in force with every announced
    /// one.
    pub fn comparisons(&self, slug: &str) -> Vec<(VersionNumber, VersionNumber)> {
        let Some(t) = self.timelines.get(slug) else {
            return Vec::new();
        };
        let mut pairs = BTreeSet::new();
        for e in &t.entries {
            if let Some(p) = e.previous {
                pairs.insert((p.number.clone(), e.version.number.clone()));
            }
        }
        if let Some(cur) = t.in_force() {
            for a in t.announced() {
                pairs.insert((cur.version.number.clone(), a.version.number.clone()));
            }
        }
        pairs.into_iter().collect()
    }

    /// When the owner must re-adopt a document (`review_every_years` after
    /// the version in force took effect), and whether that day has come.
    pub fn review_due(&self, doc: &Document) -> Option<(Date, bool)> {
        let years = doc.review_every_years?;
        let current = self.timelines.get(doc.slug.as_str())?.in_force()?;
        let due = add_years(current.version.effective, years);
        Some((due, due <= self.opts.as_of))
    }

    /// The publisher's own documents first (statements, then regulations,
    /// then the rest), then those of other organisations, each by slug.
    pub fn documents_in_reading_order(&self) -> Vec<&'a Document> {
        let publisher = self.site.config.publisher.as_str();
        let mut docs: Vec<&'a Document> = self.site.documents.values().collect();
        docs.sort_by_key(|d| {
            (
                d.owner != publisher,
                d.kind,
                d.owner.as_str(),
                d.slug.as_str(),
            )
        });
        docs
    }

    // ------------------------------------------------------------ changes

    /// Every change on the site up to the as-of date, newest first (on one
    /// day, in the order of their pages' paths).
    pub fn changes(&self) -> &[Change<'a>] {
        &self.changes
    }

    /// The changes of one document: its published versions, newest first.
    pub fn document_changes<'s>(&'s self, slug: &'s str) -> impl Iterator<Item = &'s Change<'a>> {
        self.changes.iter().filter(move |c| match &c.event {
            Event::Version { document, .. } => document.slug == slug,
            Event::Started(_) | Event::Ended(_) | Event::Changed { .. } => false,
        })
    }

    /// The changes that affected a school: versions of the documents that
    /// apply to it and relationships that cover it, newest first.
    pub fn school_changes(&self, school: &School) -> Vec<&Change<'a>> {
        let docs: Vec<&str> = self
            .site
            .documents_of(school)
            .iter()
            .map(|d| d.slug.as_str())
            .collect();
        let rels: Vec<&str> = self
            .site
            .relationships_of(school)
            .iter()
            .map(|r| r.slug.as_str())
            .collect();
        self.changes
            .iter()
            .filter(|c| match (&c.event, c.relationship()) {
                (Event::Version { document, .. }, _) => docs.contains(&document.slug.as_str()),
                (_, Some(r)) => rels.contains(&r.slug.as_str()),
                (_, None) => false,
            })
            .collect()
    }

    fn collect_changes(&self) -> Vec<Change<'a>> {
        let as_of = self.opts.as_of;
        let mut items = Vec::new();
        for t in self.timelines.values() {
            for e in t
                .entries
                .iter()
                .filter(|e| e.status != VersionStatus::Draft)
            {
                // Only a version published by the as-of date is not a draft.
                let Some(date) = e.version.published else {
                    continue;
                };
                items.push(Change {
                    date,
                    event: Event::Version {
                        document: t.document,
                        entry: e.clone(),
                    },
                    announced: false,
                });
            }
        }
        for r in self.site.relationships.values() {
            items.push(Change {
                date: r.since,
                event: Event::Started(r),
                announced: r.since > as_of,
            });
            for (i, c) in r.changes.iter().enumerate() {
                items.push(Change {
                    date: c.announced.filter(|a| *a <= c.from).unwrap_or(c.from),
                    event: Event::Changed {
                        relationship: r,
                        state: i + 2,
                    },
                    announced: c.from > as_of,
                });
            }
            if let Some(u) = r.until {
                items.push(Change {
                    date: u,
                    event: Event::Ended(r),
                    announced: u >= as_of,
                });
            }
        }
        // Newest first; on one day by the path of the page (the same order
        // in every language, as the language is the path's first segment).
        let mut keyed: Vec<(String, Change<'a>)> =
            items.into_iter().map(|c| (c.route().path(""), c)).collect();
        keyed.sort_by(|(ka, a), (kb, b)| b.date.cmp(&a.date).then_with(|| ka.cmp(kb)));
        keyed.into_iter().map(|(_, c)| c).collect()
    }

    // ------------------------------------------------------------ organisations

    /// The relationships an organisation takes part in, by role (as a
    /// sub-processor in any state, past, present or announced).
    pub fn relationships_of_organisation(&self, slug: &str) -> OrganisationRelationships<'a> {
        let mut out = OrganisationRelationships::default();
        for r in self.site.relationships.values() {
            if r.controller == slug {
                out.as_controller.push(r);
            }
            if r.party == slug {
                out.as_party.push(r);
            }
            let named = |l: &[String]| l.iter().any(|s| s == slug);
            if named(&r.sub_processors)
                || r.changes
                    .iter()
                    .any(|c| c.terms.sub_processors.as_deref().is_some_and(named))
            {
                out.as_sub_processor.push(r);
            }
        }
        out
    }

    /// A relationship as it stands on the as-of date: its base table with
    /// the changes up to that day (its first state before it starts).
    pub fn terms(&self, rel: &Relationship) -> &Relationship {
        self.current
            .get(rel.slug.as_str())
            .expect("bug: every relationship has a current state")
    }

    /// The processors an organisation uses itself, where this site records
    /// them (as the controller of processor relationships): each party and
    /// its sub-processors. What a sub-processor chain shows below it.
    pub fn processors_used_by(&self, slug: &str) -> Vec<&str> {
        self.site
            .relationships
            .values()
            .filter(|r| r.controller == slug && r.kind == RelationshipKind::Processor)
            .map(|r| self.terms(r))
            .flat_map(|r| {
                std::iter::once(r.party.as_str()).chain(r.sub_processors.iter().map(String::as_str))
            })
            .collect()
    }

    /// The documents an organisation owns, by slug.
    pub fn documents_owned_by(&self, slug: &str) -> Vec<&'a Document> {
        self.site
            .documents
            .values()
            .filter(|d| d.owner == slug)
            .collect()
    }

    /// The schools whose board an organisation is, by slug.
    pub fn schools_of_board(&self, slug: &str) -> Vec<&'a School> {
        self.site
            .schools
            .values()
            .filter(|s| s.board == slug)
            .collect()
    }

    // ------------------------------------------------------------ the log

    /// The site's log, when it has one.
    pub fn log(&self) -> Option<&'a Seals> {
        self.seals
    }

    /// Where the log sealed a version.
    pub fn version_seal(&self, doc: &str, version: &VersionNumber) -> Option<Seal<'a>> {
        self.seals?.version(doc, version.as_str()).map(Seal::of)
    }

    /// Where the log sealed a version's change notice (material changes).
    pub fn notice_seal(&self, doc: &str, version: &VersionNumber) -> Option<Seal<'a>> {
        self.seals?.notice(doc, version.as_str()).map(Seal::of)
    }

    /// Where the log sealed the state of a relationship the site shows
    /// (the one in force on the as-of date): none when the content changed
    /// since the last publish.
    pub fn relationship_seal(&self, rel: &Relationship) -> Option<Seal<'a>> {
        self.state_seal(rel, rel.state_number_on(self.opts.as_of))
    }

    /// Where the log sealed state `number` of a relationship as its file
    /// has it now.
    pub fn state_seal(&self, rel: &Relationship, number: usize) -> Option<Seal<'a>> {
        self.seals?.relationship(rel, number).map(Seal::of)
    }
}
