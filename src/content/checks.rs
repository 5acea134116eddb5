//! The checks that need more than one file: references between files, the
//! order and effective dates of a document's versions, notice periods of
//! material changes, and schools listed under another board's controller.
//! Readers record what to check ([`Pending`]); the checks run once every
//! file is read.

use std::collections::BTreeMap;

use super::Loader;
use super::table::closest;
use crate::diag::Diagnostic;
use crate::messages::{Message, Noun};
use crate::model::{
    Document, Organisation, Relationship, School, SchoolSelection, Site, Version, VersionNumber,
};

/// What a reference names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    /// `content/organisations/<slug>.toml`
    Organisation,
    /// `content/schools/<slug>.toml`
    School,
    /// `content/documents/<slug>/`
    Document,
}

impl RefKind {
    /// What the named file is called in messages.
    pub(super) fn noun(self) -> Noun {
        match self {
            RefKind::Organisation => Noun::Organisation,
            RefKind::School => Noun::School,
            RefKind::Document => Noun::Document,
        }
    }

    fn folder(self) -> &'static str {
        match self {
            RefKind::Organisation => "content/organisations/",
            RefKind::School => "content/schools/",
            RefKind::Document => "content/documents/",
        }
    }

    /// Where the item `slug` is defined, relative to the site: a document's
    /// folder, another item's file.
    fn defined_at(self, slug: &str) -> String {
        match self {
            RefKind::Document => format!("content/documents/{slug}"),
            _ => format!("{}{slug}.toml", self.folder()),
        }
    }

    /// The file that defines `slug`, below [`RefKind::folder`].
    fn file_for(self, slug: &str) -> String {
        match self {
            RefKind::Document => format!("{slug}/document.toml"),
            _ => format!("{slug}.toml"),
        }
    }
}

/// A reference from one file to another's slug.
struct PendingRef {
    kind: RefKind,
    slug: String,
    /// The key that names it.
    key: String,
    /// Where it is named: a diagnostic whose message is made if the slug
    /// does not exist.
    at: Diagnostic,
}

/// A version of a document named by a relationship's statement.
struct PendingPin {
    document: String,
    version: VersionNumber,
    /// Where it is named.
    at: Diagnostic,
}

/// What the readers leave to check once every file is read, in the order
/// they found it.
#[derive(Default)]
pub(super) struct Pending {
    refs: Vec<PendingRef>,
    pins: Vec<PendingPin>,
}

impl Pending {
    /// A reference to the file of `kind` named `slug` by `key`, at `at`;
    /// reported there, with a hint, if there is none.
    pub(super) fn refer(&mut self, kind: RefKind, slug: String, key: String, at: Diagnostic) {
        self.refs.push(PendingRef {
            kind,
            slug,
            key,
            at,
        });
    }

    /// A reference to version `version` of the document `document`, at
    /// `at`; reported there if the document has no such version.
    pub(super) fn pin(&mut self, document: String, version: VersionNumber, at: Diagnostic) {
        self.pins.push(PendingPin {
            document,
            version,
            at,
        });
    }

    /// Adds what `other` found after what this found.
    pub(super) fn extend(&mut self, other: Pending) {
        self.refs.extend(other.refs);
        self.pins.extend(other.pins);
    }
}

/// No school or relationship is named like a fixed segment of the site's
/// URLs: its page would be another page's (a school's relationship
/// `register` is the school's register).
pub(super) fn reserved_slugs(
    l: &mut Loader,
    schools: &BTreeMap<String, School>,
    relationships: &BTreeMap<String, Relationship>,
) {
    let reserved = |slug: &str| crate::routes::RESERVED_SEGMENTS.contains(&slug);
    let schools_found = schools
        .values()
        .filter(|s| reserved(&s.slug))
        .map(|s| (s.slug.clone(), Noun::School, s.file.clone()));
    let relationships_found = relationships
        .values()
        .filter(|r| reserved(&r.slug))
        .map(|r| (r.slug.clone(), Noun::Relationship, r.file.clone()));
    let found: Vec<_> = schools_found.chain(relationships_found).collect();
    for (slug, noun, file) in found {
        let d = Message::ReservedSlug { slug, noun }
            .error()
            .in_file(file)
            .at(1, 1);
        l.diags.push(d);
    }
}

/// Every reference names a file that exists; every pinned version exists.
pub(super) fn references(
    l: &mut Loader,
    orgs: &BTreeMap<String, Organisation>,
    schools: &BTreeMap<String, School>,
    docs: &BTreeMap<String, Document>,
) {
    let pending = std::mem::take(&mut l.pending);
    for r in pending.refs {
        let exists = match r.kind {
            RefKind::Organisation => orgs.contains_key(&r.slug),
            RefKind::School => schools.contains_key(&r.slug),
            RefKind::Document => docs.contains_key(&r.slug),
        };
        // A file that failed to read is reported already; do not pile on.
        if exists || l.root.join(r.kind.defined_at(&r.slug)).exists() {
            continue;
        }
        let known: Vec<&str> = match r.kind {
            RefKind::Organisation => orgs.keys().map(String::as_str).collect(),
            RefKind::School => schools.keys().map(String::as_str).collect(),
            RefKind::Document => docs.keys().map(String::as_str).collect(),
        };
        let m = Message::UnknownReference {
            key: r.key,
            noun: r.kind.noun(),
            suggestion: closest(&r.slug, &known).map(str::to_string),
            add: format!("{}{}", r.kind.folder(), r.kind.file_for(&r.slug)),
            slug: r.slug,
        };
        l.diags.push(reworded(r.at, m));
    }
    for pin in pending.pins {
        if let Some(d) = docs.get(&pin.document)
            && !d.versions.iter().any(|v| v.number == pin.version)
        {
            let m = Message::UnknownStatementVersion {
                version: pin.version.to_string(),
                document: pin.document.clone(),
                known: d.versions.iter().map(|v| v.number.to_string()).collect(),
            };
            l.diags.push(reworded(pin.at, m));
        }
    }
}

/// `m` where `at` points.
fn reworded(at: Diagnostic, m: Message) -> Diagnostic {
    at.with_texts(m.texts())
}

/// A diagnostic about `v`, pointing at its `effective` date when known.
fn at_effective(l: &Loader, v: &Version, d: Diagnostic) -> Diagnostic {
    match l.effective_at.get(&v.file) {
        Some(spans) => d
            .in_file(v.file.clone())
            .at_span(&spans.text, spans.effective.clone()),
        None => d.in_file(v.file.clone()),
    }
}

/// The order of a document's versions (sorted by number) follows their
/// effective dates, no two share one, and every version after the first
/// says what changed.
pub(super) fn version_order(l: &mut Loader, versions: &[Version]) {
    for pair in versions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.effective == b.effective {
            let m = Message::SameEffectiveDate {
                first: a.number.to_string(),
                second: b.number.to_string(),
            };
            let d = at_effective(l, b, m.error());
            l.diags.push(d);
        } else if b.effective < a.effective {
            let m = Message::EffectiveOutOfOrder {
                later: b.number.to_string(),
                earlier: a.number.to_string(),
            };
            let d = at_effective(l, b, m.error());
            l.diags.push(d);
        }
    }
    // A late entry comes before a version published ahead of it, so the
    // newest version cannot be one.
    if let Some(v) = versions.last().filter(|v| v.late_entry.is_some()) {
        let mut d = Message::LateEntryOnNewest {
            version: v.number.to_string(),
        }
        .warning()
        .in_file(v.file.clone());
        if let Some(spans) = l.effective_at.get(&v.file)
            && let Some(line) = spans.text.lines().position(|line| {
                line.trim_start()
                    .strip_prefix("late_entry")
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
        {
            d = d.at_line_col(&spans.text, line as u32 + 1, 1);
        }
        l.diags.push(d);
    }
    // A published version says what changed; a draft may not yet.
    if let Some(v) = versions
        .iter()
        .skip(1)
        .find(|v| v.summary.is_none() && v.published.is_some())
    {
        let m = Message::NoSummary {
            version: v.number.to_string(),
        };
        l.diags.push(m.error().in_file(v.file.clone()).at(1, 1));
    }
    for v in versions
        .iter()
        .skip(1)
        .filter(|v| v.summary.is_none() && v.published.is_none())
    {
        let m = Message::EmptySummary {
            version: v.number.to_string(),
        };
        l.diags.push(m.warning().in_file(v.file.clone()).at(1, 1));
    }
}

/// The checks that need the whole site.
pub(super) fn site(l: &mut Loader, site: &Site) {
    notice_periods(l, site);
    material_suggestions(l, site);
    schools_of_other_boards(l, site);
}

/// A material change is published at least `material_notice_days` before
/// it takes effect, unless it says why it is urgent.
fn notice_periods(l: &mut Loader, site: &Site) {
    let needed = i64::from(site.config.material_notice_days);
    for doc in site.documents.values() {
        for v in doc.versions.iter().skip(1).filter(|v| v.material) {
            // A draft's notice is counted once it has a date.
            let Some(published) = v.published else {
                continue;
            };
            let notice = (v.effective - published).whole_days();
            if notice >= needed || v.urgent.is_some() {
                continue;
            }
            let m = Message::ShortNotice {
                version: v.number.to_string(),
                days: notice.max(0),
                needed,
                move_to: (published + time::Duration::days(needed)).to_string(),
            };
            let d = at_effective(l, v, m.error());
            l.diags.push(d);
        }
    }
}

/// A version marked not material whose relationships changed materially.
fn material_suggestions(l: &mut Loader, site: &Site) {
    for sug in crate::notice::material_suggestions(site) {
        let m = Message::MaybeMaterial {
            version: sug.version,
            document: sug.document,
            reasons: sug.reasons,
        };
        let mut d = m.warning().in_file(sug.file.clone());
        // Point at the `material` line the reader may want to change.
        if let Some(spans) = l.effective_at.get(&sug.file)
            && let Some(line) = spans.text.lines().position(|line| {
                line.trim_start()
                    .strip_prefix("material")
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
        {
            d = d.at_line_col(&spans.text, line as u32 + 1, 1);
        }
        l.diags.push(d);
    }
}

/// A relationship lists only schools whose board is its controller.
fn schools_of_other_boards(l: &mut Loader, site: &Site) {
    for rel in site.relationships.values() {
        let SchoolSelection::List(list) = &rel.schools else {
            continue;
        };
        for s in list {
            // An unknown controller or board is reported already.
            if let Some(school) = site.schools.get(s)
                && school.board != rel.controller
                && site.organisations.contains_key(&rel.controller)
                && site.organisations.contains_key(&school.board)
            {
                let m = Message::SchoolOfOtherBoard {
                    school: s.clone(),
                    board: school.board.clone(),
                    controller: rel.controller.clone(),
                };
                l.diags.push(m.warning().in_file(rel.file.clone()));
            }
        }
    }
}
