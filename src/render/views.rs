//! The data each page's template is given: plain serialisable views,
//! prepared so that templates only lay out what they get. Every text is
//! already resolved for the reader's language (with its `lang` and a
//! fallback note), every date already written out, every link already made
//! from a route.

use serde::Serialize;

use crate::compare::SectionChange;
use crate::markdown::TocEntry;
use crate::model::{Date, VersionStatus};

/// A text for the reader: `lang` is set when it differs from the page's.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TextView {
    pub text: String,
    pub lang: Option<String>,
    /// A visible notice when the reader's language was missing.
    pub note: Option<String>,
}

/// A date: ISO 8601 for `<time datetime>`, and as the reader writes it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DateView {
    pub iso: String,
    pub text: String,
}

/// A link to a page of the site.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Link {
    pub title: TextView,
    pub url: String,
}

/// One entry of the language switcher: the same page in another language.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LangLink {
    pub code: String,
    pub name: String,
    pub url: String,
    pub current: bool,
}

/// A `<link rel="alternate" hreflang>` of a page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// The frame of every page (`page` in templates): title, heading,
/// breadcrumbs, menu, languages, alternates and feeds.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageMeta {
    pub lang: String,
    pub title: String,
    /// The `<h1>`, which may carry its own `lang`.
    pub heading: TextView,
    pub description: String,
    pub url: String,
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    pub languages: Vec<LangLink>,
    pub breadcrumbs: Vec<Link>,
    /// The last breadcrumb, the page itself, as links to it are named: a
    /// version or a comparison rather than its document's title again.
    pub crumb: TextView,
    pub nav: Vec<NavItem>,
    /// A draft banner (serve and --drafts).
    pub draft: bool,
    pub as_of: DateView,
    /// Atom feeds announced in `<head>` and offered as "subscribe" links.
    pub feeds: Vec<FeedLink>,
    /// What the page says about itself on paper.
    pub print: PrintView,
    /// The preview only: the files the page was made from, relative to the
    /// site folder.
    pub sources: Vec<String>,
}

/// What a printed page says about itself: in its running header and
/// footer (`css`, the page's own `@page` rules) and, in full, at its end.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PrintView {
    /// The page's permanent URL: for a document, its version in force.
    pub url: String,
    /// "Versie 2.0", or which versions a comparison compares.
    pub version: Option<String>,
    /// When the version shown takes effect.
    pub effective: Option<DateView>,
    /// The SHA-256 of each sealed version shown.
    pub digests: Vec<DigestView>,
    /// The page shows a version, and the site seals none.
    pub unsealed: bool,
    /// `@page` rules with the running header and footer, escaped for a
    /// `<style>` element.
    pub css: String,
    /// The `style-src` source of the page's Content-Security-Policy that
    /// allows that element and no other.
    pub style_source: String,
}

/// The digest of a sealed version, as a printed page names it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DigestView {
    /// "SHA-256 van versie 2.0".
    pub label: String,
    pub sha256: String,
}

/// An Atom feed a page offers.
#[derive(Debug, Clone, Serialize)]
pub(super) struct FeedLink {
    pub title: String,
    pub url: String,
}

/// An entry of the main menu.
#[derive(Debug, Clone, Serialize)]
pub(super) struct NavItem {
    pub title: String,
    pub url: String,
    pub current: bool,
}

/// An organisation named and linked, e.g. a document's owner.
#[derive(Debug, Clone, Serialize)]
pub(super) struct OrgRef {
    pub slug: String,
    pub name: TextView,
    pub url: String,
}

/// "Verify this version": the log entry that sealed a version.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SealView {
    pub index: u64,
    pub sha256: String,
    pub artifact_url: String,
    pub bundle_url: String,
    pub artifact_file: String,
    pub bundle_file: String,
    pub notice_url: Option<String>,
    /// The downloads a reader can keep: the artifact, its bundle and, for
    /// a material change, its change notice.
    pub artifact: Download,
    pub bundle: Download,
    pub notice: Option<Download>,
    pub notice_bundle: Option<Download>,
}

/// A sealed file offered for download: its link text in the reader's
/// language (what it is, its size) and the name it is saved under.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Download {
    pub url: String,
    /// Its full address, printed after the link on paper.
    pub absolute: String,
    pub text: String,
    /// The file name a browser saves it as: the document or relationship
    /// and the version or state, so that kept files do not overwrite
    /// each other (`privacyverklaring-2.0.json`).
    pub name: String,
}

/// When a version was sealed, by its timestamp, and what that says about
/// its dates: each note is a sentence for the reader.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SealTimeView {
    pub sealed_on: Option<DateView>,
    pub notes: Vec<String>,
}

/// One version of a document, where it stands on the as-of date.
#[derive(Debug, Clone, Serialize)]
pub(super) struct VersionView {
    pub number: String,
    pub url: String,
    pub status: VersionStatus,
    pub status_label: String,
    /// `None` for a draft that has no publication date yet.
    pub published: Option<DateView>,
    pub effective: DateView,
    pub superseded_on: Option<DateView>,
    pub material: bool,
    pub first: bool,
    pub approved_by: Option<TextView>,
    pub approved_on: Option<DateView>,
    pub summary: Option<TextView>,
    pub urgent: Option<TextView>,
    /// Why the version was entered after one that takes effect later.
    pub late_entry: Option<TextView>,
    pub notice_days: i64,
    /// Where this version is in the transparency log, when it is sealed.
    pub seal: Option<SealView>,
    /// When the log sealed it, for a site whose log has timestamps.
    pub seal_time: Option<SealTimeView>,
    /// "Material change", "Not a material change" or "First version".
    pub material_label: String,
    /// The comparison with the previous shown version.
    pub compare_url: Option<String>,
    /// For an announced version: the comparison with the version in force.
    pub compare_in_force_url: Option<String>,
    /// The number of the version `compare_url` compares with.
    pub previous: Option<String>,
}

/// A Markdown text, rendered and finished, with its contents.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BodyView {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The headings carry their own numbers ("Artikel 1", "2. Doelen"), so
    /// the table of contents does not number them again.
    pub toc_numbered: bool,
    /// Set when the text is in another language than the page.
    pub lang: Option<String>,
    pub note: Option<String>,
    /// The languages this version is written in.
    pub available: Vec<String>,
    /// For a sealed version: its artifact's SHA-256, which marks the
    /// element that holds the text (for `verify`).
    pub sealed: Option<String>,
    /// The version's text in short (`short`), shown above the table of
    /// contents.
    pub short: Option<TextView>,
}

/// A document as lists and other pages show it: its version in force,
/// announced versions and review.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DocumentSummary {
    pub slug: String,
    pub title: TextView,
    pub url: String,
    pub kind_label: String,
    pub owner: OrgRef,
    pub in_force: Option<VersionView>,
    pub announced: Vec<VersionView>,
    pub review_due: Option<DateView>,
    pub review_overdue: bool,
    pub changes_url: String,
    /// The newest published version that has a predecessor: what a reader
    /// means by "what changed in the last version".
    pub latest_change: Option<VersionView>,
}

/// A legal basis of the AVG, named and with its article.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LegalBasisView {
    pub key: String,
    pub label: String,
    pub article: String,
}

/// The processor's own privacy statement a relationship points to.
#[derive(Debug, Clone, Serialize)]
pub(super) struct StatementView {
    pub title: TextView,
    pub url: String,
    pub version: Option<String>,
    pub pinned: bool,
    /// The pinned version is no longer the one in force.
    pub outdated: bool,
    pub external: bool,
}

/// A sub-processor, with the sub-processors it uses in turn.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SubProcessorView {
    pub org: OrgRef,
    /// Where it processes data, in words, when its file says.
    pub location: Option<String>,
    pub children: Vec<SubProcessorView>,
}

/// A relationship with a processor, recipient or joint controller.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RelationshipView {
    pub slug: String,
    pub url: String,
    pub kind: String,
    pub kind_label: String,
    pub state: String,
    pub state_label: String,
    pub controller: OrgRef,
    pub party: OrgRef,
    pub purposes: Vec<TextView>,
    pub data_subjects: Vec<TextView>,
    pub data_categories: Vec<TextView>,
    pub legal_basis: LegalBasisView,
    pub retention: Option<TextView>,
    /// Where the data is processed, in words (see
    /// `Renderer::location_view`).
    pub location: Option<TextView>,
    /// The special categories of data, in words.
    pub special_categories: Vec<String>,
    pub dpia: Option<DpiaView>,
    pub bijsluiter: Option<BijsluiterView>,
    pub agreement_name: Option<TextView>,
    pub agreement_signed: Option<DateView>,
    pub agreement_url: Option<String>,
    pub statement: Option<StatementView>,
    pub sub_processors: Vec<SubProcessorView>,
    pub since: DateView,
    pub until: Option<DateView>,
    pub all_schools: bool,
    pub schools: Vec<Link>,
    /// The log entry that sealed the state shown, when it is sealed.
    pub seal: Option<RelSealView>,
    /// Every state, the latest first (one when it never changed).
    pub history: Vec<StateView>,
    /// The site has a transparency log: each state says whether it is
    /// sealed.
    pub has_log: bool,
}

/// A relationship's DPIA.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DpiaView {
    pub done: DateView,
    pub url: Option<String>,
}

/// A relationship's privacybijsluiter.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BijsluiterView {
    pub url: String,
    pub version: Option<String>,
}

/// One state of a relationship in its history.
#[derive(Debug, Clone, Serialize)]
pub(super) struct StateView {
    pub number: usize,
    /// The id of its entry on the page, e.g. `state-2`.
    pub id: String,
    /// "State 2": its heading.
    pub heading: String,
    /// "From 1 March 2027", "1 August 2020 to 28 February 2027".
    pub period: String,
    pub from: DateView,
    pub to: Option<DateView>,
    /// `past`, `current` or `announced`.
    pub status: String,
    pub status_label: String,
    /// What changed from the state before, in words.
    pub changes: Vec<String>,
    /// A new sub-processor, purpose, kind of data or transfer outside the
    /// EEA.
    pub material: bool,
    pub urgent: Option<TextView>,
    pub sub_processors: Vec<OrgRef>,
    pub location: Option<TextView>,
    pub outside_eea: bool,
    pub seal: Option<RelSealView>,
}

/// The log entry that sealed the state of a relationship a page shows.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RelSealView {
    pub index: u64,
    pub sha256: String,
    pub state: u64,
    pub artifact_url: String,
    pub bundle_url: String,
    pub artifact: Download,
    pub bundle: Download,
    /// When the log sealed this state, for a log with timestamps.
    pub seal_time: Option<SealTimeView>,
}

/// A school as lists show it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SchoolSummary {
    pub slug: String,
    pub name: TextView,
    pub url: String,
    pub brin: Option<String>,
    pub address: Option<TextView>,
}

/// One change in a change log or a feed (see [`crate::asof::Change`]).
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChangeItem {
    pub date: DateView,
    pub kind: String,
    pub label: String,
    pub title: TextView,
    pub url: String,
    pub material: bool,
    pub summary: Option<TextView>,
    /// For a version: "Material change" / "Not a material change" / "First version".
    pub material_label: Option<String>,
    /// For a version after the first: its comparison with the previous one.
    pub compare_url: Option<String>,
    /// For a version: when it takes effect.
    pub effective: Option<DateView>,
    pub urgent: Option<TextView>,
    /// What makes the change unique and never changes, e.g.
    /// `documents/privacyverklaring/2.1`: the basis of feed entry ids.
    pub key: String,
    /// `date`, for feeds.
    #[serde(skip)]
    pub day: Date,
}

/// The word-level comparison of two versions' texts.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DiffView {
    pub html: String,
    /// The id of the element holding `html`.
    pub id: String,
    pub outline: Vec<OutlineView>,
    /// The changed sections' headings carry their own numbers.
    pub outline_numbered: bool,
    pub identical: bool,
    /// Set when the texts compared are in another language than the page.
    pub lang: Option<String>,
    pub note: Option<String>,
    /// Set when the new text is a rewrite: both texts whole, side by side.
    pub rewritten: Option<RewrittenView>,
}

/// The two texts of a rewrite, finished HTML each.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RewrittenView {
    pub old: String,
    pub new: String,
    /// The note that says why the texts are not compared word by word.
    pub note: String,
}

/// A section of a comparison that changed, for its outline.
#[derive(Debug, Clone, Serialize)]
pub(super) struct OutlineView {
    pub text: String,
    pub url: String,
    pub change: SectionChange,
    pub change_label: String,
}

/// An organisation with its contact details and DPO.
#[derive(Debug, Clone, Serialize)]
pub(super) struct OrgView {
    pub slug: String,
    pub name: TextView,
    pub url: String,
    pub kvk: Option<String>,
    pub address: Option<TextView>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub description: Option<TextView>,
    pub dpo_name: Option<TextView>,
    pub dpo_email: Option<String>,
    pub dpo_phone: Option<String>,
    /// Where it processes data, in words, when its file says.
    pub location: Option<String>,
}
