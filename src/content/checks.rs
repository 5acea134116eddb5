//! The checks that need more than one file: references between files, the
//! order and effective dates of a document's versions, notice periods of
//! material changes, and schools listed under another board's controller.
//! Readers record what to check ([`Pending`]); the checks run once every
//! file is read.

use std::collections::BTreeMap;

use super::Loader;
use super::table::closest;
use crate::diag::Diagnostic;
use crate::model::{Document, Organisation, School, SchoolSelection, Site, Version, VersionNumber};

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
    pub(super) fn noun(self) -> &'static str {
        match self {
            RefKind::Organisation => "organisation",
            RefKind::School => "school",
            RefKind::Document => "document",
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
    /// The diagnostic to report if the slug does not exist, already located.
    at: Diagnostic,
}

/// A version of a document named by a relationship's statement.
struct PendingPin {
    document: String,
    version: VersionNumber,
    /// The diagnostic to report if the version does not exist.
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
    /// A reference to the file of `kind` named `slug`; `at` is reported,
    /// with a hint, if there is none.
    pub(super) fn refer(&mut self, kind: RefKind, slug: String, at: Diagnostic) {
        self.refs.push(PendingRef { kind, slug, at });
    }

    /// A reference to version `version` of the document `document`; `at`
    /// is reported if the document has no such version.
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
        let add = format!("{}{}", r.kind.folder(), r.kind.file_for(&r.slug));
        let hint = match closest(&r.slug, &known) {
            Some(s) => format!("did you mean \"{s}\"? Otherwise add {add}"),
            None => format!("add {add}, or correct the slug"),
        };
        l.diags.push(r.at.hint(hint));
    }
    for pin in pending.pins {
        if let Some(d) = docs.get(&pin.document)
            && !d.versions.iter().any(|v| v.number == pin.version)
        {
            let known: Vec<&str> = d.versions.iter().map(|v| v.number.as_str()).collect();
            l.diags.push(
                pin.at
                    .hint(format!("its versions are: {}", known.join(", "))),
            );
        }
    }
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
            let d = at_effective(l, b, Diagnostic::error(format!(
                "versions {} and {} take effect on the same date",
                a.number, b.number
            )))
            .hint("each version needs its own effective date; if one replaces the other, remove the older folder before it is published");
            l.diags.push(d);
        } else if b.effective < a.effective {
            let d = at_effective(l, b, Diagnostic::error(format!(
                "version {} takes effect before version {}",
                b.number, a.number
            )))
            .hint("version numbers must follow the order of the effective dates; renumber the folders or correct the date");
            l.diags.push(d);
        }
    }
    // A late entry comes before a version published ahead of it, so the
    // newest version cannot be one.
    if let Some(v) = versions.last().filter(|v| v.late_entry.is_some()) {
        let mut d = Diagnostic::warning(format!(
            "version {} says it is a late entry, but no version takes effect after it",
            v.number
        ))
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
        l.diags.push(d.hint(
            "`late_entry` is for a version entered after a later version was published; remove it from the newest version",
        ));
    }
    if let Some(v) = versions.iter().skip(1).find(|v| v.summary.is_none()) {
        l.diags.push(
            Diagnostic::error(format!("version {} has no `summary`", v.number))
                .in_file(v.file.clone())
                .at(1, 1)
                .hint("every version after the first says what changed: summary = { nl = \"…\", en = \"…\" }"),
        );
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
            let notice = (v.effective - v.published).whole_days();
            if notice >= needed || v.urgent.is_some() {
                continue;
            }
            let d = at_effective(
                l,
                v,
                Diagnostic::error(format!(
                    "version {} is a material change published {} day(s) before it takes effect; at least {} are needed",
                    v.number,
                    notice.max(0),
                    needed
                )),
            );
            l.diags.push(d.hint(format!(
                "move `effective` to {} or later, or give the reason in urgent = {{ nl = \"…\" }}; readers are told it",
                v.published + time::Duration::days(needed)
            )));
        }
    }
}

/// A version marked not material whose relationships changed materially.
fn material_suggestions(l: &mut Loader, site: &Site) {
    for sug in crate::notice::material_suggestions(site) {
        let mut d = Diagnostic::warning(format!(
            "version {} of \"{}\" is marked not material, but since the previous version took effect there is {}",
            sug.version,
            sug.document,
            sug.reasons.join("; ")
        ))
        .in_file(sug.file.clone());
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
        l.diags.push(d.hint(
            "new purposes, data, recipients, sub-processors or processing outside the EU/EEA are examples of material changes (EDPB WP260 rev.01 §29–30); if this change is material, set material = true and announce it in time",
        ));
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
                l.diags.push(
                    Diagnostic::warning(format!(
                        "the school \"{s}\" belongs to \"{}\", not to the controller \"{}\"",
                        school.board, rel.controller
                    ))
                    .in_file(rel.file.clone())
                    .hint("the controller of a school's data is its board; check `controller` and `schools`"),
                );
            }
        }
    }
}
