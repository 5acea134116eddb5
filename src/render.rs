//! Turns the model into pages: one view per page, rendered through the
//! theme's templates, in every language, in parallel.
//!
//! Views are plain serialisable data prepared here, so templates only lay
//! out what they are given: every text is already resolved for the reader's
//! language (with its `lang` and a fallback note), every date already
//! written out, every link already made from a route.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use minijinja::Environment;
use minijinja::value::Serde;
use rayon::prelude::*;
use serde::Serialize;

use crate::compare::{self, Comparison, Labels, SectionChange};
use crate::diag::{Diagnostic, IoFailure};
use crate::escape;
use crate::feed;
use crate::i18n::{Strings, iso};
use crate::markdown::{self, BodyKind, MarkdownOptions, Rendered, TocEntry};
use crate::model::*;
use crate::rewrite::{Finish, mark_finished};
use crate::routes::{Feed, Route};
use crate::theme::Theme;

/// How to build: the date the site is seen on, and whether drafts show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    pub as_of: Date,
    pub drafts: bool,
    /// `serve`: mark drafts, never cache.
    pub preview: bool,
}

/// A file of the output, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Rendered Markdown bodies kept between builds, keyed by file, body kind
/// and the `unsafe_html` setting; an entry is reused only while the file's
/// text and the finishing of its language are exactly the same.
#[derive(Default)]
pub struct BodyCache {
    entries: HashMap<(std::path::PathBuf, bool, bool), CachedBody>,
}

impl BodyCache {
    /// How many bodies the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

struct CachedBody {
    source: String,
    finish: Finish,
    rendered: Arc<Rendered>,
    diagnostics: Vec<Diagnostic>,
}

/// Why rendering stopped: a template failed, or the file could not be
/// taken (e.g. written).
#[derive(Debug)]
pub enum RenderFailure {
    Template(Diagnostic),
    Emit(IoFailure),
}

/// Comparisons kept between builds by `serve`: comparing two versions is
/// the most expensive part of a page, and a save changes at most the
/// comparisons that involve the saved text. An entry is found by a hash of
/// everything [`compare::compare`] reads (both texts and the labels), so it
/// is reused only for exactly the same input.
#[derive(Default)]
pub struct ComparisonCache {
    /// Key → (the document compared, the comparison).
    entries: Mutex<HashMap<u64, (String, Arc<Comparison>)>>,
    /// The keys looked up since the last [`ComparisonCache::keep`].
    used: Mutex<HashSet<u64>>,
}

impl ComparisonCache {
    /// The comparison of `old` and `new` with `labels`, from the cache or
    /// made now.
    fn get(&self, doc: &str, old: &str, new: &str, labels: &Labels) -> Arc<Comparison> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        old.hash(&mut h);
        new.hash(&mut h);
        // Every field of the labels, including any added later.
        format!("{labels:?}").hash(&mut h);
        let key = h.finish();
        self.used
            .lock()
            .expect("bug: a rendering thread panicked")
            .insert(key);
        let hit = self
            .entries
            .lock()
            .expect("bug: a rendering thread panicked")
            .get(&key)
            .map(|(_, c)| c.clone());
        if let Some(c) = hit {
            return c;
        }
        let c = Arc::new(compare::compare(old, new, labels));
        self.entries
            .lock()
            .expect("bug: a rendering thread panicked")
            .insert(key, (doc.to_string(), c.clone()));
        c
    }

    /// After a build: keeps the comparisons it used, and those of the
    /// documents `untouched` says it did not render again (their pages were
    /// reused, so their comparisons are still the site's). Everything else
    /// belongs to texts that are gone, so the cache never outgrows the site.
    pub fn keep(&mut self, untouched: impl Fn(&str) -> bool) {
        let used = std::mem::take(
            self.used
                .get_mut()
                .expect("bug: a rendering thread panicked"),
        );
        self.entries
            .get_mut()
            .expect("bug: a rendering thread panicked")
            .retain(|k, (doc, _)| used.contains(k) || untouched(doc));
    }

    /// How many comparisons the cache holds.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .expect("bug: a rendering thread panicked")
            .len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a page's view reads from the inputs of a build, as far as `serve`
/// needs to know to reuse the page when those inputs did not change.
///
/// The texts of versions (their Markdown bodies) are read only by the pages
/// of their own document: no other page, feed or API file shows them (a
/// version's set of languages may be shown elsewhere; its text is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads<'r> {
    /// One document — its versions, texts, timeline and seals — together
    /// with the organisations, the schools, the free pages and everything
    /// site-wide (site.toml, the theme, the build options, the log). Never
    /// another document or any relationship.
    Document(&'r str),
    /// Anything but the texts of versions: lists, the home page, change
    /// logs across the site, schools, relationships, organisations.
    Site,
}

/// What the view of `route` reads. The pages of a document are most of a
/// site, so `serve` re-renders them only when their document or something
/// they share with every page changed, and when only texts changed, it
/// re-renders only the pages of their documents. A view that starts
/// reading another document or a relationship must move its route to
/// [`Reads::Site`], and one outside a document's pages that starts showing
/// a version's text breaks the rule above; `tests/incremental.rs` compares
/// incremental rebuilds with full builds to catch either.
pub fn reads(route: &Route) -> Reads<'_> {
    match route {
        Route::Document(d) | Route::Version(d, _) | Route::Changes(d) | Route::Compare(d, ..) => {
            Reads::Document(d)
        }
        Route::Home
        | Route::Documents
        | Route::SiteChanges
        | Route::Schools
        | Route::School(_)
        | Route::SchoolRelationship(..)
        | Route::Relationships
        | Route::Relationship(_)
        | Route::Organisations
        | Route::Organisation(_)
        | Route::Page(_)
        | Route::Accessibility
        | Route::Verify => Reads::Site,
    }
}

/// How the pages of a language are finished (see [`crate::rewrite`]).
pub type FinishFor<'f> = dyn Fn(&str) -> Finish + Sync + 'f;

/// Every Markdown text of the site, rendered once and reused by every page.
pub struct Bodies {
    versions: BTreeMap<(String, String, String), Arc<Rendered>>,
    pages: BTreeMap<(String, String), Arc<Rendered>>,
}

impl Bodies {
    /// Renders every body in parallel, finished for the pages of its
    /// language (`finish` gives each language's finishing); Markdown
    /// problems come back as diagnostics naming the file.
    pub fn render(site: &Site, finish: &FinishFor<'_>) -> (Bodies, Vec<Diagnostic>) {
        Self::render_with(site, finish, None)
    }

    /// Like [`Bodies::render`], but takes bodies whose file, text and options
    /// are unchanged from `cache` instead of rendering them again, and leaves
    /// in `cache` exactly the bodies of this site. `serve` keeps one cache
    /// across rebuilds, so a save re-renders only the file that was saved.
    pub fn render_cached(
        site: &Site,
        finish: &FinishFor<'_>,
        cache: &mut BodyCache,
    ) -> (Bodies, Vec<Diagnostic>) {
        Self::render_with(site, finish, Some(cache))
    }

    /// Without a cache nothing is copied for later: a one-off build holds
    /// each body once.
    fn render_with(
        site: &Site,
        finish: &FinishFor<'_>,
        mut cache: Option<&mut BodyCache>,
    ) -> (Bodies, Vec<Diagnostic>) {
        let keep = cache.is_some();
        let unsafe_html = site.config.unsafe_html;
        let mut jobs: Vec<(u8, String, String, String, &Body)> = Vec::new();
        for doc in site.documents.values() {
            for v in &doc.versions {
                for (lang, body) in &v.bodies {
                    jobs.push((
                        0,
                        doc.slug.clone(),
                        v.number.to_string(),
                        lang.clone(),
                        body,
                    ));
                }
            }
        }
        for page in site.pages.values() {
            for (lang, body) in &page.bodies {
                jobs.push((1, page.slug.clone(), String::new(), lang.clone(), body));
            }
        }
        let rendered: Vec<_> = jobs
            .into_par_iter()
            .map(|(kind, a, b, lang, body)| {
                let opts = MarkdownOptions {
                    kind: if kind == 0 {
                        BodyKind::Version
                    } else {
                        BodyKind::Page
                    },
                    unsafe_html,
                };
                let key = (
                    body.file.clone(),
                    opts.kind == BodyKind::Version,
                    unsafe_html,
                );
                let finish = finish(&lang);
                let hit = cache
                    .as_deref()
                    .and_then(|c| c.entries.get(&key))
                    .filter(|e| e.source == body.source && e.finish == finish);
                if let Some(hit) = hit {
                    let r = hit.rendered.clone();
                    let diags = hit.diagnostics.clone();
                    return (kind, a, b, lang, r, diags, key, None);
                }
                let mut r = markdown::render_finished(&body.source, &opts, &finish);
                let diags: Vec<Diagnostic> = std::mem::take(&mut r.diagnostics)
                    .into_iter()
                    .map(|d| d.in_file(body.file.clone()))
                    .collect();
                let r = Arc::new(r);
                let fresh = keep.then(|| CachedBody {
                    source: body.source.clone(),
                    finish,
                    rendered: r.clone(),
                    diagnostics: diags.clone(),
                });
                (kind, a, b, lang, r, diags, key, fresh)
            })
            .collect();
        let mut kept = HashMap::with_capacity(rendered.len());
        let mut bodies = Bodies {
            versions: BTreeMap::new(),
            pages: BTreeMap::new(),
        };
        let mut diags = Vec::new();
        for (kind, a, b, lang, r, d, key, fresh) in rendered {
            if let Some(cache) = cache.as_deref_mut()
                && let Some(e) = fresh.or_else(|| cache.entries.remove(&key))
            {
                kept.insert(key, e);
            }
            diags.extend(d);
            if kind == 0 {
                bodies.versions.insert((a, b, lang), r);
            } else {
                bodies.pages.insert((a, lang), r);
            }
        }
        // Only this site's bodies stay, so the cache never outgrows the site.
        if let Some(cache) = cache {
            cache.entries = kept;
        }
        (bodies, diags)
    }

    pub fn version(&self, doc: &str, version: &str, lang: &str) -> Option<&Rendered> {
        self.versions
            .get(&(doc.to_string(), version.to_string(), lang.to_string()))
            .map(|r| &**r)
    }

    pub fn page(&self, slug: &str, lang: &str) -> Option<&Rendered> {
        self.pages
            .get(&(slug.to_string(), lang.to_string()))
            .map(|r| &**r)
    }
}

/// Everything a page render needs, shared by all pages.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub bodies: &'a Bodies,
    pub opts: BuildOptions,
    env: Environment<'a>,
    timelines: BTreeMap<&'a str, Timeline<'a>>,
    /// The sealed state, when the site has a transparency log.
    seals: Option<&'a crate::transparency::Seals>,
    /// Comparisons from earlier builds (`serve`).
    comparisons: Option<&'a ComparisonCache>,
    /// What every page of a language is given besides its own data (the
    /// interface strings and the site), made once rather than per page.
    chrome: BTreeMap<String, Chrome>,
}

/// The template values every page of one language shares.
struct Chrome {
    ui: minijinja::Value,
    site: minijinja::Value,
}

// ---------------------------------------------------------------- views

/// A text for the reader: `lang` is set when it differs from the page's.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    pub text: String,
    pub lang: Option<String>,
    /// A visible notice when the reader's language was missing.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: TextView,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
struct LangLink {
    code: String,
    name: String,
    url: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Debug, Clone, Serialize)]
struct PageMeta {
    lang: String,
    title: String,
    /// The `<h1>`, which may carry its own `lang`.
    heading: TextView,
    description: String,
    url: String,
    canonical: String,
    alternates: Vec<Alternate>,
    languages: Vec<LangLink>,
    breadcrumbs: Vec<Link>,
    nav: Vec<NavItem>,
    /// A draft banner (serve and --drafts).
    draft: bool,
    as_of: DateView,
    /// Atom feeds announced in `<head>` and offered as "subscribe" links.
    feeds: Vec<FeedLink>,
}

#[derive(Debug, Clone, Serialize)]
struct FeedLink {
    title: String,
    url: String,
}

#[derive(Debug, Clone, Serialize)]
struct NavItem {
    title: String,
    url: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgRef {
    pub slug: String,
    pub name: TextView,
    pub url: String,
}

/// "Verify this version": the log entry that sealed a version.
#[derive(Debug, Clone, Serialize)]
struct SealView {
    index: u64,
    sha256: String,
    artifact_url: String,
    bundle_url: String,
    artifact_file: String,
    bundle_file: String,
    notice_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct VersionView {
    number: String,
    url: String,
    status: VersionStatus,
    status_label: String,
    published: DateView,
    effective: DateView,
    superseded_on: Option<DateView>,
    material: bool,
    first: bool,
    approved_by: Option<TextView>,
    approved_on: Option<DateView>,
    summary: Option<TextView>,
    urgent: Option<TextView>,
    /// Why the version was entered after one that takes effect later.
    late_entry: Option<TextView>,
    notice_days: i64,
    /// Where this version is in the transparency log, when it is sealed.
    seal: Option<SealView>,
    /// "Material change", "Not a material change" or "First version".
    material_label: String,
    /// The comparison with the previous shown version.
    compare_url: Option<String>,
    /// For an announced version: the comparison with the version in force.
    compare_in_force_url: Option<String>,
    /// The number of the version `compare_url` compares with.
    previous: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct BodyView {
    html: String,
    toc: Vec<TocEntry>,
    /// Set when the text is in another language than the page.
    lang: Option<String>,
    note: Option<String>,
    /// The languages this version is written in.
    available: Vec<String>,
    /// For a sealed version: its artifact's SHA-256, which marks the
    /// element that holds the text (for `verify`).
    sealed: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct DocumentSummary {
    slug: String,
    title: TextView,
    url: String,
    kind_label: String,
    owner: OrgRef,
    in_force: Option<VersionView>,
    announced: Vec<VersionView>,
    review_due: Option<DateView>,
    review_overdue: bool,
    changes_url: String,
    /// The newest published version that has a predecessor: what a reader
    /// means by "what changed in the last version".
    latest_change: Option<VersionView>,
}

#[derive(Debug, Clone, Serialize)]
struct LegalBasisView {
    key: String,
    label: String,
    article: String,
}

#[derive(Debug, Clone, Serialize)]
struct StatementView {
    title: TextView,
    url: String,
    version: Option<String>,
    pinned: bool,
    /// The pinned version is no longer the one in force.
    outdated: bool,
    external: bool,
}

#[derive(Debug, Clone, Serialize)]
struct SubProcessorView {
    org: OrgRef,
    children: Vec<SubProcessorView>,
}

#[derive(Debug, Clone, Serialize)]
struct RelationshipView {
    slug: String,
    url: String,
    kind: String,
    kind_label: String,
    state: String,
    state_label: String,
    controller: OrgRef,
    party: OrgRef,
    purposes: Vec<TextView>,
    data_subjects: Vec<TextView>,
    data_categories: Vec<TextView>,
    legal_basis: LegalBasisView,
    retention: Option<TextView>,
    location: Option<TextView>,
    agreement_name: Option<TextView>,
    agreement_signed: Option<DateView>,
    agreement_url: Option<String>,
    statement: Option<StatementView>,
    sub_processors: Vec<SubProcessorView>,
    since: DateView,
    until: Option<DateView>,
    all_schools: bool,
    schools: Vec<Link>,
    /// The log entry that sealed the state shown, when it is sealed.
    seal: Option<RelSealView>,
}

/// The log entry that sealed the state of a relationship a page shows.
#[derive(Debug, Clone, Serialize)]
struct RelSealView {
    index: u64,
    sha256: String,
    state: u64,
    artifact_url: String,
    bundle_url: String,
}

#[derive(Debug, Clone, Serialize)]
struct SchoolSummary {
    slug: String,
    name: TextView,
    url: String,
    brin: Option<String>,
    address: Option<TextView>,
}

#[derive(Debug, Clone, Serialize)]
struct ChangeItem {
    date: DateView,
    kind: String,
    label: String,
    title: TextView,
    url: String,
    material: bool,
    summary: Option<TextView>,
    /// For a version: "Material change" / "Not a material change" / "First version".
    material_label: Option<String>,
    /// For a version after the first: its comparison with the previous one.
    compare_url: Option<String>,
    /// For a version: when it takes effect.
    effective: Option<DateView>,
    urgent: Option<TextView>,
    /// What makes the change unique and never changes, e.g.
    /// `documents/privacyverklaring/2.1`: the basis of feed entry ids.
    key: String,
    /// `date`, for feeds.
    #[serde(skip)]
    day: Date,
}

#[derive(Debug, Clone, Serialize)]
struct DiffView {
    html: String,
    /// The id of the element holding `html`.
    id: String,
    outline: Vec<OutlineView>,
    identical: bool,
    /// Set when the texts compared are in another language than the page.
    lang: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct OutlineView {
    text: String,
    url: String,
    change: SectionChange,
    change_label: String,
}

#[derive(Debug, Clone, Serialize)]
struct OrgView {
    slug: String,
    name: TextView,
    url: String,
    kvk: Option<String>,
    address: Option<TextView>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    description: Option<TextView>,
    dpo_name: Option<TextView>,
    dpo_email: Option<String>,
    dpo_phone: Option<String>,
}

// ---------------------------------------------------------------- renderer

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        bodies: &'a Bodies,
        opts: BuildOptions,
    ) -> Result<Self, Diagnostic> {
        Self::with_seals(site, theme, bodies, opts, None)
    }

    /// A renderer for a site with a transparency log: only sealed versions
    /// are shown (others only as drafts, with `--drafts`), and each version
    /// page says how to verify it.
    pub fn with_seals(
        site: &'a Site,
        theme: &'a Theme,
        bodies: &'a Bodies,
        opts: BuildOptions,
        seals: Option<&'a crate::transparency::Seals>,
    ) -> Result<Self, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let syntax = env
            .syntax()
            .to_builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("bug: the template syntax configuration is valid");
        env.set_syntax(syntax);
        env.set_formatter(html_formatter);
        env.add_filter("text", text_filter);
        env.add_filter("date", date_filter);
        for (name, src) in &theme.templates {
            env.add_template_owned(name.clone(), src.clone())
                .map_err(|e| template_error(site, e))?;
        }
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
                    |v| opts.drafts || (v.published <= opts.as_of && sealed(v)),
                    |v| v.published > opts.as_of || !sealed(v),
                );
                (slug.as_str(), t)
            })
            .collect();
        let mut renderer = Renderer {
            site,
            theme,
            bodies,
            opts,
            env,
            timelines,
            seals,
            comparisons: None,
            chrome: BTreeMap::new(),
        };
        renderer.chrome = site
            .config
            .languages
            .iter()
            .map(|lang| (lang.clone(), renderer.make_chrome(lang)))
            .collect();
        Ok(renderer)
    }

    /// Takes comparisons from `cache` where their texts and labels are the
    /// same, and leaves new ones there for the next build.
    pub fn reuse_comparisons(mut self, cache: &'a ComparisonCache) -> Self {
        self.comparisons = Some(cache);
        self
    }

    /// Every route of the site, in a stable order.
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
                r.push(Route::Version(
                    slug.to_string(),
                    e.version.number.to_string(),
                ));
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
        r
    }

    /// Renders every page in every language, plus the site-wide files,
    /// sorted by path.
    pub fn render_all(&self) -> Result<Vec<OutputFile>, Diagnostic> {
        let files = std::sync::Mutex::new(Vec::new());
        self.render_each(&|f| {
            files
                .lock()
                .expect("bug: a rendering thread panicked")
                .push(f);
            Ok(())
        })
        .map_err(|e| match e {
            RenderFailure::Template(d) => d,
            RenderFailure::Emit(e) => Diagnostic::error(e.to_string()),
        })?;
        let mut files = files
            .into_inner()
            .expect("bug: a rendering thread panicked");
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Renders every file of the site and hands each to `emit` as soon as it
    /// is made, from many threads, in no particular order: a build can write
    /// pages as they come instead of holding the whole site in memory.
    pub fn render_each(
        &self,
        emit: &(dyn Fn(OutputFile) -> Result<(), IoFailure> + Sync),
    ) -> Result<(), RenderFailure> {
        self.render_each_except(&|_| false, true, emit)
    }

    /// [`Renderer::render_each`], but the pages of the routes `skip` names
    /// are left out (in every language), and the files that are not a
    /// route's page (feeds, API, sitemap, the language chooser …) unless
    /// `site_files`: `serve` already has them.
    pub fn render_each_except(
        &self,
        skip: &(dyn Fn(&Route) -> bool + Sync),
        site_files: bool,
        emit: &(dyn Fn(OutputFile) -> Result<(), IoFailure> + Sync),
    ) -> Result<(), RenderFailure> {
        let routes = self.routes();
        let jobs: Vec<(&Route, &str)> = routes
            .iter()
            .filter(|r| !skip(r))
            .flat_map(|r| {
                self.site
                    .config
                    .languages
                    .iter()
                    .map(move |l| (r, l.as_str()))
            })
            .collect();
        let pages = || {
            jobs.par_iter().try_for_each(|(route, lang)| {
                let html = self
                    .render_route(route, lang)
                    .map_err(RenderFailure::Template)?;
                emit(OutputFile {
                    path: route.file(lang),
                    bytes: html.into_bytes(),
                })
                .map_err(RenderFailure::Emit)
            })
        };
        if !site_files {
            return pages();
        }
        // The site-wide files are made beside the pages rather than after
        // them, so their serial parts (API, sitemap) do not leave a core idle.
        let (pages, site_wide) = rayon::join(pages, || self.site_wide_files(&routes, emit));
        pages.and(site_wide)
    }

    /// Feeds, API, sitemap, the language chooser, 404, robots.txt and the
    /// theme's static files.
    fn site_wide_files(
        &self,
        routes: &[Route],
        emit: &(dyn Fn(OutputFile) -> Result<(), IoFailure> + Sync),
    ) -> Result<(), RenderFailure> {
        // Feeds are handed on one by one too: together they are as large as
        // a tenth of the site.
        self.feed_jobs().par_iter().try_for_each(|(f, lang)| {
            emit(OutputFile {
                path: f.file(lang),
                bytes: self.feed(f, lang).to_xml().into_bytes(),
            })
            .map_err(RenderFailure::Emit)
        })?;
        let mut rest = vec![
            OutputFile {
                path: "index.html".into(),
                bytes: self
                    .render_root()
                    .map_err(RenderFailure::Template)?
                    .into_bytes(),
            },
            OutputFile {
                path: "404.html".into(),
                bytes: self
                    .render_404()
                    .map_err(RenderFailure::Template)?
                    .into_bytes(),
            },
            OutputFile {
                path: "sitemap.xml".into(),
                bytes: self.sitemap(routes).into_bytes(),
            },
            OutputFile {
                path: "robots.txt".into(),
                bytes: format!(
                    "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                    self.site.config.base_url
                )
                .into_bytes(),
            },
        ];
        rest.extend(crate::api::files(self));
        for (name, bytes) in &self.theme.statics {
            rest.push(OutputFile {
                path: format!("static/{name}"),
                bytes: bytes.clone(),
            });
        }
        rest.into_iter()
            .try_for_each(|f| emit(f).map_err(RenderFailure::Emit))
    }

    fn ui(&self, lang: &str) -> &Strings {
        self.theme
            .strings
            .get(lang)
            .or_else(|| self.theme.strings.get("en"))
            .expect("bug: the default theme has English strings")
    }

    fn default_lang(&self) -> &str {
        self.site.config.default_lang()
    }

    fn text(&self, t: &Text, lang: &str) -> TextView {
        let l = t.get(lang, self.default_lang());
        let ui = self.ui(lang);
        TextView {
            text: l.text.to_string(),
            lang: l.lang.filter(|x| *x != lang).map(str::to_string),
            note: l.fallback.then(|| {
                ui.fill(
                    "fallback_short",
                    &[("language", ui.language_name(l.lang.unwrap_or_default()))],
                )
            }),
        }
    }

    fn plain(&self, s: &str) -> TextView {
        TextView {
            text: s.to_string(),
            lang: None,
            note: None,
        }
    }

    fn date(&self, d: Date, lang: &str) -> DateView {
        DateView {
            iso: iso(d),
            text: self.ui(lang).date(d),
        }
    }

    fn org_ref(&self, slug: &str, lang: &str) -> OrgRef {
        let name = self
            .site
            .organisations
            .get(slug)
            .map_or_else(|| self.plain(slug), |o| self.text(&o.name, lang));
        OrgRef {
            slug: slug.to_string(),
            name,
            url: Route::Organisation(slug.to_string()).path(lang),
        }
    }

    fn org_view(&self, o: &Organisation, lang: &str) -> OrgView {
        OrgView {
            slug: o.slug.clone(),
            name: self.text(&o.name, lang),
            url: Route::Organisation(o.slug.clone()).path(lang),
            kvk: o.kvk.clone(),
            address: o.address.as_ref().map(|a| self.text(a, lang)),
            email: o.email.clone(),
            phone: o.phone.clone(),
            website: o.website.clone(),
            description: o.description.as_ref().map(|a| self.text(a, lang)),
            dpo_name: o
                .dpo
                .as_ref()
                .and_then(|d| d.name.as_ref())
                .map(|n| self.text(n, lang)),
            dpo_email: o.dpo.as_ref().and_then(|d| d.email.clone()),
            dpo_phone: o.dpo.as_ref().and_then(|d| d.phone.clone()),
        }
    }

    fn seal_view(&self, doc: &Document, v: &Version) -> Option<SealView> {
        let s = self.seals?;
        let e = s.version(&doc.slug, v.number.as_str())?;
        let url = |f: &str| format!("/{}/{f}", crate::transparency::DIR);
        let file = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
        Some(SealView {
            index: e.index,
            sha256: e.sha256.clone(),
            artifact_url: url(&e.artifact),
            bundle_url: url(&e.bundle),
            artifact_file: file(&e.artifact),
            bundle_file: file(&e.bundle),
            notice_url: s
                .notice(&doc.slug, v.number.as_str())
                .map(|n| url(&n.artifact)),
        })
    }

    fn version_view(&self, doc: &Document, e: &TimelineEntry, lang: &str) -> VersionView {
        let v = e.version;
        let ui = self.ui(lang);
        VersionView {
            number: v.number.to_string(),
            url: Route::Version(doc.slug.clone(), v.number.to_string()).path(lang),
            status: e.status,
            status_label: ui.get(status_key(e.status)).to_string(),
            published: self.date(v.published, lang),
            effective: self.date(v.effective, lang),
            superseded_on: e.superseded_on.map(|d| self.date(d, lang)),
            material: v.material && e.previous.is_some(),
            first: e.previous.is_none(),
            approved_by: v.approved_by.as_ref().map(|t| self.text(t, lang)),
            approved_on: v.approved_on.map(|d| self.date(d, lang)),
            summary: v.summary.as_ref().map(|t| self.text(t, lang)),
            urgent: v.urgent.as_ref().map(|t| self.text(t, lang)),
            late_entry: v.late_entry.as_ref().map(|t| self.text(t, lang)),
            notice_days: (v.effective - v.published).whole_days(),
            seal: self.seal_view(doc, v),
            material_label: ui.get(material_key(v, e)).to_string(),
            compare_url: e.previous.map(|p| {
                Route::Compare(doc.slug.clone(), p.number.to_string(), v.number.to_string())
                    .path(lang)
            }),
            compare_in_force_url: (e.status == VersionStatus::Announced)
                .then(|| self.timelines[doc.slug.as_str()].in_force())
                .flatten()
                .map(|cur| {
                    Route::Compare(
                        doc.slug.clone(),
                        cur.version.number.to_string(),
                        v.number.to_string(),
                    )
                    .path(lang)
                }),
            previous: e.previous.map(|p| p.number.to_string()),
        }
    }

    /// The timeline of a document on the as-of date.
    pub fn timeline(&self, slug: &str) -> Option<&Timeline<'a>> {
        self.timelines.get(slug)
    }

    /// The pairs of versions that get a comparison page: each shown version
    /// with the one before it, and the version in force with every announced
    /// one.
    pub fn comparisons(&self, slug: &str) -> Vec<(String, String)> {
        let Some(t) = self.timelines.get(slug) else {
            return Vec::new();
        };
        let mut pairs = std::collections::BTreeSet::new();
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
        pairs
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn compare_labels(&self, lang: &str) -> Labels {
        let ui = self.ui(lang);
        Labels {
            added: ui.get("compare_added").to_string(),
            removed: ui.get("compare_removed").to_string(),
            unchanged_one: ui.get("compare_unchanged_one").to_string(),
            unchanged_many: ui.get("compare_unchanged_many").to_string(),
        }
    }

    /// The comparison of two versions' texts in `body_lang`, for a reader of `lang`.
    fn diff_view(
        &self,
        slug: &str,
        from: &str,
        to: &str,
        body_lang: &str,
        lang: &str,
    ) -> Option<DiffView> {
        let a = self.bodies.version(slug, from, body_lang)?;
        let b = self.bodies.version(slug, to, body_lang)?;
        let labels = self.compare_labels(lang);
        let c = match self.comparisons {
            Some(cache) => cache.get(slug, &a.html, &b.html, &labels),
            None => Arc::new(compare::compare(&a.html, &b.html, &labels)),
        };
        let ui = self.ui(lang);
        Some(DiffView {
            identical: c.identical(),
            outline: c
                .outline
                .iter()
                .map(|o| OutlineView {
                    text: o
                        .heading
                        .clone()
                        .unwrap_or_else(|| ui.get("compare_intro").to_string()),
                    url: format!("#{}", o.id),
                    change_label: ui
                        .get(match o.change {
                            SectionChange::Changed => "compare_section_changed",
                            SectionChange::Added => "compare_section_added",
                            SectionChange::Removed => "compare_section_removed",
                        })
                        .to_string(),
                    change: o.change,
                })
                .collect(),
            html: mark_finished(&c.html),
            id: compare::INTRO_ID.to_string(),
            lang: (body_lang != lang).then(|| body_lang.to_string()),
            note: (body_lang != lang).then(|| {
                ui.fill(
                    "compare_fallback",
                    &[
                        ("language", ui.language_name(body_lang)),
                        ("reader_language", ui.language_name(lang)),
                    ],
                )
            }),
        })
    }

    fn body_view(&self, doc: &Document, v: &Version, lang: &str) -> Option<BodyView> {
        let number = v.number.to_string();
        let (r, body_lang) = match self.bodies.version(&doc.slug, &number, lang) {
            Some(r) => (r, lang),
            None => {
                let d = self.default_lang();
                (self.bodies.version(&doc.slug, &number, d)?, d)
            }
        };
        let ui = self.ui(lang);
        Some(BodyView {
            html: mark_finished(&r.html),
            toc: r.toc.clone(),
            lang: (body_lang != lang).then(|| body_lang.to_string()),
            note: (body_lang != lang).then(|| {
                ui.fill(
                    "fallback_body",
                    &[
                        ("language", ui.language_name(body_lang)),
                        ("reader_language", ui.language_name(lang)),
                    ],
                )
            }),
            available: v.bodies.keys().cloned().collect(),
            sealed: self.seal_view(doc, v).map(|s| s.sha256),
        })
    }

    fn review(&self, doc: &Document, t: &Timeline, lang: &str) -> (Option<DateView>, bool) {
        let (Some(years), Some(current)) = (doc.review_every_years, t.in_force()) else {
            return (None, false);
        };
        let due = add_years(current.version.effective, years);
        (Some(self.date(due, lang)), due <= self.opts.as_of)
    }

    fn document_summary(&self, doc: &Document, lang: &str) -> DocumentSummary {
        let t = &self.timelines[doc.slug.as_str()];
        let (review_due, review_overdue) = self.review(doc, t, lang);
        DocumentSummary {
            slug: doc.slug.clone(),
            title: self.text(&doc.title, lang),
            url: Route::Document(doc.slug.clone()).path(lang),
            kind_label: self
                .ui(lang)
                .get(&format!("kind_{}", doc.kind.key()))
                .to_string(),
            owner: self.org_ref(&doc.owner, lang),
            in_force: t.in_force().map(|e| self.version_view(doc, e, lang)),
            announced: t
                .announced()
                .map(|e| self.version_view(doc, e, lang))
                .collect(),
            review_due,
            review_overdue,
            changes_url: Route::Changes(doc.slug.clone()).path(lang),
            latest_change: t
                .entries
                .iter()
                .rev()
                .find(|e| e.status != VersionStatus::Draft && e.previous.is_some())
                .map(|e| self.version_view(doc, e, lang)),
        }
    }

    fn sub_processors(
        &self,
        processor: &str,
        list: &[String],
        lang: &str,
        depth: usize,
    ) -> Vec<SubProcessorView> {
        list.iter()
            .map(|sp| {
                // A sub-processor's own sub-processors, where this site records them.
                let children = if depth < 3 && sp != processor {
                    let nested: Vec<String> = self
                        .site
                        .relationships
                        .values()
                        .filter(|r| r.controller == *sp && r.kind == RelationshipKind::Processor)
                        .flat_map(|r| {
                            std::iter::once(r.party.clone()).chain(r.sub_processors.iter().cloned())
                        })
                        .filter(|p| p != sp && p != processor)
                        .collect();
                    self.sub_processors(sp, &nested, lang, depth + 1)
                } else {
                    Vec::new()
                };
                SubProcessorView {
                    org: self.org_ref(sp, lang),
                    children,
                }
            })
            .collect()
    }

    fn relationship_view(&self, r: &Relationship, lang: &str) -> RelationshipView {
        let ui = self.ui(lang);
        let state = match r.state(self.opts.as_of) {
            RelationshipState::Upcoming => "upcoming",
            RelationshipState::Active => "active",
            RelationshipState::Ended => "ended",
        };
        let statement = r.statement.as_ref().map(|s| match s {
            StatementRef::Url(u) => StatementView {
                title: self.plain(ui.get("processor_statement")),
                url: u.clone(),
                version: None,
                pinned: false,
                outdated: false,
                external: true,
            },
            StatementRef::Document { document, version } => {
                let doc = &self.site.documents[document];
                let t = &self.timelines[document.as_str()];
                let current = t.in_force().map(|e| e.version.number.clone());
                let shown = version.clone().or(current.clone());
                let url = match &shown {
                    Some(n) if t.entry(n).is_some() => {
                        Route::Version(document.clone(), n.to_string()).path(lang)
                    }
                    _ => Route::Document(document.clone()).path(lang),
                };
                StatementView {
                    title: self.text(&doc.title, lang),
                    url,
                    version: shown.as_ref().map(ToString::to_string),
                    pinned: version.is_some(),
                    outdated: version.is_some() && current.is_some() && *version != current,
                    external: false,
                }
            }
        });
        RelationshipView {
            slug: r.slug.clone(),
            url: Route::Relationship(r.slug.clone()).path(lang),
            kind: r.kind.key().to_string(),
            kind_label: ui.get(&format!("rel_{}", r.kind.key())).to_string(),
            state: state.to_string(),
            state_label: ui.get(&format!("state_{state}")).to_string(),
            controller: self.org_ref(&r.controller, lang),
            party: self.org_ref(&r.party, lang),
            purposes: r.purposes.iter().map(|t| self.text(t, lang)).collect(),
            data_subjects: r.data_subjects.iter().map(|t| self.text(t, lang)).collect(),
            data_categories: r
                .data_categories
                .iter()
                .map(|t| self.text(t, lang))
                .collect(),
            legal_basis: LegalBasisView {
                key: r.legal_basis.key().to_string(),
                label: ui
                    .get(&format!("basis_{}", r.legal_basis.key()))
                    .to_string(),
                article: r.legal_basis.article().to_string(),
            },
            retention: r.retention.as_ref().map(|t| self.text(t, lang)),
            location: r.location.as_ref().map(|t| self.text(t, lang)),
            agreement_name: r.agreement.as_ref().map(|a| self.text(&a.name, lang)),
            agreement_signed: r
                .agreement
                .as_ref()
                .and_then(|a| a.signed)
                .map(|d| self.date(d, lang)),
            agreement_url: r.agreement.as_ref().and_then(|a| a.url.clone()),
            statement,
            sub_processors: self.sub_processors(&r.party, &r.sub_processors, lang, 0),
            since: self.date(r.since, lang),
            until: r.until.map(|d| self.date(d, lang)),
            all_schools: r.schools == SchoolSelection::All,
            schools: self
                .site
                .schools_of(r)
                .into_iter()
                .map(|s| Link {
                    title: self.text(&s.name, lang),
                    url: Route::SchoolRelationship(s.slug.clone(), r.slug.clone()).path(lang),
                })
                .collect(),
            seal: self.seals.and_then(|s| s.relationship(r)).map(|e| {
                let url = |f: &str| format!("/{}/{f}", crate::transparency::DIR);
                RelSealView {
                    index: e.index,
                    sha256: e.sha256.clone(),
                    state: e.state.unwrap_or(1),
                    artifact_url: url(&e.artifact),
                    bundle_url: url(&e.bundle),
                }
            }),
        }
    }

    fn school_summary(&self, s: &School, lang: &str) -> SchoolSummary {
        SchoolSummary {
            slug: s.slug.clone(),
            name: self.text(&s.name, lang),
            url: Route::School(s.slug.clone()).path(lang),
            brin: s.brin.clone(),
            address: s.address.as_ref().map(|a| self.text(a, lang)),
        }
    }

    /// Versions published and relationships started or ended, newest first,
    /// limited to what `filter_doc` and `filter_rel` accept.
    fn changes(
        &self,
        lang: &str,
        filter_doc: impl Fn(&Document) -> bool,
        filter_rel: impl Fn(&Relationship) -> bool,
    ) -> Vec<ChangeItem> {
        let ui = self.ui(lang);
        let mut items = Vec::new();
        for doc in self.site.documents.values().filter(|d| filter_doc(d)) {
            let t = &self.timelines[doc.slug.as_str()];
            for e in &t.entries {
                if e.status == VersionStatus::Draft {
                    continue;
                }
                let v = e.version;
                items.push((
                    v.published,
                    ChangeItem {
                        date: self.date(v.published, lang),
                        kind: "version".into(),
                        label: ui.fill(
                            if e.previous.is_none() {
                                "change_first_version"
                            } else {
                                "change_new_version"
                            },
                            &[
                                ("version", v.number.as_str()),
                                ("date", &ui.date(v.effective)),
                            ],
                        ),
                        title: self.text(&doc.title, lang),
                        url: Route::Version(doc.slug.clone(), v.number.to_string()).path(lang),
                        material: v.material && e.previous.is_some(),
                        summary: v.summary.as_ref().map(|s| self.text(s, lang)),
                        material_label: Some(ui.get(material_key(v, e)).to_string()),
                        compare_url: e.previous.map(|p| {
                            Route::Compare(
                                doc.slug.clone(),
                                p.number.to_string(),
                                v.number.to_string(),
                            )
                            .path(lang)
                        }),
                        effective: Some(self.date(v.effective, lang)),
                        urgent: v.urgent.as_ref().map(|u| self.text(u, lang)),
                        key: format!("documents/{}/{}", doc.slug, v.number),
                        day: v.published,
                    },
                ));
            }
        }
        for r in self.site.relationships.values().filter(|r| filter_rel(r)) {
            let mut event = |date: Date, what: &str| {
                items.push((
                    date,
                    ChangeItem {
                        date: self.date(date, lang),
                        kind: format!("relationship-{what}"),
                        label: ui
                            .get(&format!("change_{what}_{}", r.kind.key()))
                            .to_string(),
                        title: self.org_ref(&r.party, lang).name,
                        url: Route::Relationship(r.slug.clone()).path(lang),
                        material: false,
                        summary: None,
                        material_label: None,
                        compare_url: None,
                        effective: None,
                        urgent: None,
                        key: format!("relationships/{}/{what}", r.slug),
                        day: date,
                    },
                ));
            };
            if r.since <= self.opts.as_of {
                event(r.since, "start");
            }
            if let Some(u) = r.until.filter(|u| *u < self.opts.as_of) {
                event(u, "end");
            }
        }
        items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.url.cmp(&b.1.url)));
        items.into_iter().map(|(_, i)| i).collect()
    }

    fn meta(
        &self,
        route: &Route,
        lang: &str,
        heading: TextView,
        crumbs: Vec<Link>,
        description: String,
    ) -> PageMeta {
        let cfg = &self.site.config;
        let ui = self.ui(lang);
        let site_title = self.text(&cfg.title, lang).text;
        let absolute = |l: &str| format!("{}{}", cfg.base_url, &route.path(l)[1..]);
        let mut alternates: Vec<Alternate> = cfg
            .languages
            .iter()
            .map(|l| Alternate {
                hreflang: l.clone(),
                href: absolute(l),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: absolute(cfg.default_lang()),
        });
        let title = if *route == Route::Home {
            site_title.clone()
        } else {
            format!("{} – {}", heading.text, site_title)
        };
        let nav_routes = [
            (Route::Home, "nav_home"),
            (Route::Documents, "nav_documents"),
            (Route::Schools, "nav_schools"),
            (Route::Relationships, "nav_relationships"),
            (Route::Organisations, "nav_organisations"),
        ];
        let section = section_of(route);
        PageMeta {
            lang: lang.to_string(),
            title,
            heading,
            description,
            url: route.path(lang),
            canonical: absolute(lang),
            alternates,
            languages: cfg
                .languages
                .iter()
                .map(|l| LangLink {
                    code: l.clone(),
                    name: self.ui(l).language_name(l).to_string(),
                    url: route.path(l),
                    current: l == lang,
                })
                .collect(),
            breadcrumbs: crumbs,
            nav: nav_routes
                .into_iter()
                .map(|(r, key)| NavItem {
                    current: section == r,
                    url: r.path(lang),
                    title: ui.get(key).to_string(),
                })
                .collect(),
            draft: false,
            as_of: self.date(self.opts.as_of, lang),
            feeds: Vec::new(),
        }
    }

    /// Every feed in every language.
    /// Every feed of the site, in every language.
    fn feed_jobs(&self) -> Vec<(Feed, &'a str)> {
        let s = self.site;
        let mut feeds = vec![Feed::Site, Feed::Material];
        feeds.extend(s.documents.keys().map(|d| Feed::Document(d.clone())));
        feeds.extend(s.schools.keys().map(|d| Feed::School(d.clone())));
        s.config
            .languages
            .iter()
            .flat_map(|lang| feeds.iter().map(|f| (f.clone(), lang.as_str())))
            .collect()
    }

    /// One feed: the same changes as the matching page lists.
    pub fn feed(&self, f: &Feed, lang: &str) -> feed::Feed {
        let s = self.site;
        let ui = self.ui(lang);
        let absolute = |path: &str| format!("{}{}", s.config.base_url, &path[1..]);
        let (items, page) = match f {
            Feed::Site => (self.changes(lang, |_| true, |_| true), Route::SiteChanges),
            Feed::Material => (
                self.changes(lang, |_| true, |_| false)
                    .into_iter()
                    .filter(|c| c.material)
                    .collect(),
                Route::SiteChanges,
            ),
            Feed::Document(d) => (
                self.changes(lang, |doc| doc.slug == *d, |_| false),
                Route::Changes(d.clone()),
            ),
            Feed::School(slug) => {
                let school = &s.schools[slug];
                let docs: Vec<&str> = s
                    .documents_of(school)
                    .iter()
                    .map(|d| d.slug.as_str())
                    .collect();
                let rels: Vec<&str> = s
                    .relationships_of(school)
                    .iter()
                    .map(|r| r.slug.as_str())
                    .collect();
                (
                    self.changes(
                        lang,
                        |d| docs.contains(&d.slug.as_str()),
                        |r| rels.contains(&r.slug.as_str()),
                    ),
                    Route::School(slug.clone()),
                )
            }
        };
        let author = s.organisations.get(&s.config.publisher).map_or_else(
            || self.text(&s.config.title, lang).text,
            |o| self.text(&o.name, lang).text,
        );
        let entries: Vec<feed::Entry> = items
            .iter()
            .map(|c| {
                let date = c.day;
                let mut html = format!("<p>{}</p>", escape::xml(&c.label));
                if let Some(e) = &c.effective {
                    html.push_str(&format!(
                        "<p>{}</p>",
                        escape::xml(&ui.fill("feed_effective", &[("date", &e.text)]))
                    ));
                }
                if let Some(m) = &c.material_label {
                    html.push_str(&format!("<p><strong>{}</strong></p>", escape::xml(m)));
                }
                if let Some(sm) = &c.summary {
                    html.push_str(&format!(
                        "<p>{}: {}</p>",
                        escape::xml(ui.get("summary")),
                        escape::xml(&sm.text)
                    ));
                }
                if let Some(u) = &c.urgent {
                    html.push_str(&format!(
                        "<p>{}: {}</p>",
                        escape::xml(ui.get("urgent")),
                        escape::xml(&u.text)
                    ));
                }
                let read = if c.kind == "version" {
                    ui.get("feed_read_version")
                } else {
                    ui.get("feed_read_relationship")
                };
                html.push_str(&format!(
                    "<p><a href=\"{}\">{}</a>",
                    escape::xml(&absolute(&c.url)),
                    escape::xml(read)
                ));
                let mut related = Vec::new();
                if let Some(cu) = &c.compare_url {
                    let label = ui.get("feed_what_changed");
                    html.push_str(&format!(
                        " · <a href=\"{}\">{}</a>",
                        escape::xml(&absolute(cu)),
                        escape::xml(label)
                    ));
                    related.push((absolute(cu), label.to_string()));
                }
                html.push_str("</p>");
                let mut title = format!("{}: {}", c.title.text, c.label);
                if c.material {
                    title.push_str(&format!(" ({})", ui.get("material_change").to_lowercase()));
                }
                feed::Entry {
                    id: feed::tag_uri(&s.config.base_url, date, &format!("{}/{lang}", c.key)),
                    title,
                    published: date,
                    updated: date,
                    url: absolute(&c.url),
                    related,
                    content_html: html,
                }
            })
            .collect();
        feed::Feed {
            lang: lang.to_string(),
            self_url: absolute(&f.path(lang)),
            page_url: absolute(&page.path(lang)),
            title: self.feed_title(f, lang),
            author,
            updated: entries
                .iter()
                .map(|e| e.updated)
                .max()
                .unwrap_or(self.opts.as_of),
            entries,
        }
    }

    fn feed_title(&self, feed: &Feed, lang: &str) -> String {
        let ui = self.ui(lang);
        let site_title = self.text(&self.site.config.title, lang).text;
        match feed {
            Feed::Site => ui.fill("feed_site_title", &[("site", &site_title)]),
            Feed::Material => ui.fill("feed_material_title", &[("site", &site_title)]),
            Feed::Document(d) => ui.fill(
                "feed_document_title",
                &[(
                    "title",
                    &self.text(&self.site.documents[d].title, lang).text,
                )],
            ),
            Feed::School(s) => ui.fill(
                "feed_school_title",
                &[("school", &self.text(&self.site.schools[s].name, lang).text)],
            ),
        }
    }

    fn feed_link(&self, feed: &Feed, lang: &str) -> FeedLink {
        FeedLink {
            title: self.feed_title(feed, lang),
            url: feed.path(lang),
        }
    }

    fn crumb(&self, title: TextView, route: Route, lang: &str) -> Link {
        Link {
            title,
            url: route.path(lang),
        }
    }

    fn render_route(&self, route: &Route, lang: &str) -> Result<String, Diagnostic> {
        let site = self.site;
        let ui = self.ui(lang);
        let home = self.crumb(self.plain(ui.get("nav_home")), Route::Home, lang);
        let site_title = self.text(&site.config.title, lang);
        let (meta, data): (PageMeta, minijinja::Value) = match route {
            Route::Home => {
                let publisher = site
                    .organisations
                    .get(&site.config.publisher)
                    .map(|o| self.org_view(o, lang));
                let docs: Vec<_> = self
                    .documents_in_reading_order()
                    .map(|d| self.document_summary(d, lang))
                    .collect();
                let schools: Vec<_> = site
                    .schools
                    .values()
                    .map(|s| self.school_summary(s, lang))
                    .collect();
                let changes: Vec<_> = self
                    .changes(lang, |_| true, |_| true)
                    .into_iter()
                    .take(8)
                    .collect();
                let pages: Vec<_> = self.page_links(lang);
                let desc = ui.fill("home_description", &[("site", &site_title.text)]);
                let mut meta = self.meta(route, lang, site_title.clone(), vec![], desc);
                meta.feeds = vec![
                    self.feed_link(&Feed::Site, lang),
                    self.feed_link(&Feed::Material, lang),
                ];
                (
                    meta,
                    minijinja::context! { publisher => sv(publisher), documents => sv(docs), schools => sv(schools), changes => sv(changes), pages => sv(pages), all_changes => Route::SiteChanges.path(lang) },
                )
            }
            Route::Documents | Route::Schools | Route::Relationships | Route::Organisations => {
                let (key, items): (&str, Vec<minijinja::Value>) = match route {
                    Route::Documents => (
                        "nav_documents",
                        self.documents_in_reading_order()
                            .map(|d| sv(self.document_summary(d, lang)))
                            .collect(),
                    ),
                    Route::Schools => (
                        "nav_schools",
                        site.schools
                            .values()
                            .map(|s| sv(self.school_summary(s, lang)))
                            .collect(),
                    ),
                    Route::Relationships => (
                        "nav_relationships",
                        site.relationships
                            .values()
                            .map(|r| sv(self.relationship_view(r, lang)))
                            .collect(),
                    ),
                    _ => (
                        "nav_organisations",
                        site.organisations
                            .values()
                            .map(|o| sv(self.org_view(o, lang)))
                            .collect(),
                    ),
                };
                let heading = self.plain(ui.get(key));
                let desc = ui.get(&format!("{key}_description")).to_string();
                let kind = match route {
                    Route::Documents => "documents",
                    Route::Schools => "schools",
                    Route::Relationships => "relationships",
                    _ => "organisations",
                };
                (
                    self.meta(route, lang, heading, vec![home], desc),
                    minijinja::context! { kind => sv(kind), items => sv(items) },
                )
            }
            Route::Document(slug) => {
                let doc = &site.documents[slug];
                let t = &self.timelines[slug.as_str()];
                let summary = self.document_summary(doc, lang);
                let versions: Vec<_> = t
                    .entries
                    .iter()
                    .rev()
                    .map(|e| self.version_view(doc, e, lang))
                    .collect();
                let body = t
                    .in_force()
                    .and_then(|e| self.body_view(doc, e.version, lang));
                let schools: Vec<_> = site
                    .schools_with(doc)
                    .into_iter()
                    .map(|s| self.school_summary(s, lang))
                    .collect();
                let desc = ui.fill(
                    "document_description",
                    &[
                        ("title", &summary.title.text),
                        ("owner", &summary.owner.name.text),
                    ],
                );
                let crumbs = vec![
                    home,
                    self.crumb(self.plain(ui.get("nav_documents")), Route::Documents, lang),
                ];
                let any_draft = t.entries.iter().any(|e| e.status == VersionStatus::Draft);
                let mut meta = self.meta(route, lang, summary.title.clone(), crumbs, desc);
                meta.draft = any_draft;
                meta.feeds = vec![self.feed_link(&Feed::Document(slug.clone()), lang)];
                (
                    meta,
                    minijinja::context! { document => sv(summary), versions => sv(versions), body => sv(body), schools => sv(schools) },
                )
            }
            Route::Version(slug, number) => {
                let doc = &site.documents[slug];
                let t = &self.timelines[slug.as_str()];
                let n = VersionNumber::parse(number)
                    .expect("bug: a version route with an invalid number");
                let e = t
                    .entry(&n)
                    .expect("bug: a route to a version that is not shown");
                let version = self.version_view(doc, e, lang);
                let summary = self.document_summary(doc, lang);
                let body = self.body_view(doc, e.version, lang);
                let previous = e.previous.map(|p| Link {
                    title: self.plain(p.number.as_str()),
                    url: Route::Version(slug.clone(), p.number.to_string()).path(lang),
                });
                let heading = self.text(&doc.title, lang);
                let desc = ui.fill(
                    "version_description",
                    &[("title", &heading.text), ("version", number)],
                );
                let crumbs = vec![
                    home,
                    self.crumb(self.plain(ui.get("nav_documents")), Route::Documents, lang),
                    self.crumb(heading.clone(), Route::Document(slug.clone()), lang),
                ];
                let mut meta = self.meta(route, lang, heading, crumbs, desc);
                meta.draft = e.status == VersionStatus::Draft;
                (
                    meta,
                    minijinja::context! { document => sv(summary), version => sv(version), body => sv(body), previous => sv(previous) },
                )
            }
            Route::Changes(slug) => {
                let doc = &site.documents[slug];
                let t = &self.timelines[slug.as_str()];
                let summary = self.document_summary(doc, lang);
                let versions: Vec<_> = t
                    .entries
                    .iter()
                    .rev()
                    .map(|e| self.version_view(doc, e, lang))
                    .collect();
                let heading =
                    self.plain(&ui.fill("change_log_heading", &[("title", &summary.title.text)]));
                let desc = ui.fill("change_log_description", &[("title", &summary.title.text)]);
                let crumbs = vec![
                    home,
                    self.crumb(self.plain(ui.get("nav_documents")), Route::Documents, lang),
                    self.crumb(summary.title.clone(), Route::Document(slug.clone()), lang),
                ];
                let mut meta = self.meta(route, lang, heading, crumbs, desc);
                meta.draft = t.entries.iter().any(|e| e.status == VersionStatus::Draft);
                meta.feeds = vec![self.feed_link(&Feed::Document(slug.clone()), lang)];
                (
                    meta,
                    minijinja::context! { document => sv(summary), versions => sv(versions) },
                )
            }
            Route::Compare(slug, from, to) => {
                let doc = &site.documents[slug];
                let t = &self.timelines[slug.as_str()];
                let entry = |n: &str| {
                    VersionNumber::parse(n)
                        .and_then(|n| t.entry(&n))
                        .expect("bug: a comparison route with a version that is not shown")
                };
                let (fe, te) = (entry(from), entry(to));
                let summary = self.document_summary(doc, lang);
                let has = |v: &str, l: &str| self.bodies.version(slug, v, l).is_some();
                let dl = self.default_lang();
                let (diff, missing) = match (has(from, lang), has(to, lang)) {
                    (true, true) => (self.diff_view(slug, from, to, lang, lang), None),
                    (false, false) => (self.diff_view(slug, from, to, dl, lang), None),
                    (has_from, _) => {
                        let lacking = if has_from { to } else { from };
                        let text = ui.fill(
                            "compare_missing",
                            &[("version", lacking), ("language", ui.language_name(lang))],
                        );
                        let other = (has(from, dl) && has(to, dl)).then(|| Link {
                            title: self.plain(
                                &ui.fill("compare_in_other", &[("language", ui.language_name(dl))]),
                            ),
                            url: route.path(dl),
                        });
                        (
                            None,
                            Some(minijinja::context! { text => text, other => sv(other) }),
                        )
                    }
                };
                let heading = self.text(&doc.title, lang);
                let sub = ui.fill("compare_heading", &[("from", from), ("to", to)]);
                let desc = format!("{}: {sub}", heading.text);
                let crumbs = vec![
                    home,
                    self.crumb(self.plain(ui.get("nav_documents")), Route::Documents, lang),
                    self.crumb(heading.clone(), Route::Document(slug.clone()), lang),
                    self.crumb(
                        self.plain(ui.get("change_log")),
                        Route::Changes(slug.clone()),
                        lang,
                    ),
                ];
                let mut meta = self.meta(route, lang, heading, crumbs, desc);
                meta.title = format!("{sub} – {}", meta.title);
                meta.draft = fe.status == VersionStatus::Draft || te.status == VersionStatus::Draft;
                meta.feeds = vec![self.feed_link(&Feed::Document(slug.clone()), lang)];
                (
                    meta,
                    minijinja::context! {
                        document => sv(summary),
                        from => sv(self.version_view(doc, fe, lang)),
                        to => sv(self.version_view(doc, te, lang)),
                        subheading => sub,
                        diff => sv(diff),
                        missing => missing,
                    },
                )
            }
            Route::SiteChanges => {
                let changes = self.changes(lang, |_| true, |_| true);
                let heading = self.plain(ui.get("site_changes"));
                let desc = ui.fill("site_changes_description", &[("site", &site_title.text)]);
                let mut meta = self.meta(route, lang, heading, vec![home], desc);
                meta.feeds = vec![
                    self.feed_link(&Feed::Site, lang),
                    self.feed_link(&Feed::Material, lang),
                ];
                (meta, minijinja::context! { changes => sv(changes) })
            }
            Route::School(slug) => {
                let school = &site.schools[slug];
                let board = site
                    .organisations
                    .get(&school.board)
                    .map(|o| self.org_view(o, lang));
                let documents: Vec<_> = site
                    .documents_of(school)
                    .into_iter()
                    .map(|d| self.document_summary(d, lang))
                    .collect();
                let rels: Vec<_> = site.relationships_of(school);
                let view = |state: RelationshipState| -> Vec<minijinja::Value> {
                    rels.iter()
                        .filter(|r| r.state(self.opts.as_of) == state)
                        .map(|r| {
                            let mut v = self.relationship_view(r, lang);
                            v.url =
                                Route::SchoolRelationship(slug.clone(), r.slug.clone()).path(lang);
                            sv(v)
                        })
                        .collect()
                };
                let active = view(RelationshipState::Active);
                let upcoming = view(RelationshipState::Upcoming);
                let ended = view(RelationshipState::Ended);
                let doc_slugs: Vec<&str> = site
                    .documents_of(school)
                    .iter()
                    .map(|d| d.slug.as_str())
                    .collect();
                let rel_slugs: Vec<&str> = rels.iter().map(|r| r.slug.as_str()).collect();
                let changes = self.changes(
                    lang,
                    |d| doc_slugs.contains(&d.slug.as_str()),
                    |r| rel_slugs.contains(&r.slug.as_str()),
                );
                let summary = self.school_summary(school, lang);
                let contact = minijinja::context! { email => sv(&school.email), phone => sv(&school.phone), website => sv(&school.website) };
                let desc = ui.fill("school_description", &[("school", &summary.name.text)]);
                let crumbs = vec![
                    home,
                    self.crumb(self.plain(ui.get("nav_schools")), Route::Schools, lang),
                ];
                let mut meta = self.meta(route, lang, summary.name.clone(), crumbs, desc);
                meta.feeds = vec![self.feed_link(&Feed::School(slug.clone()), lang)];
                (
                    meta,
                    minijinja::context! { school => sv(summary), contact => sv(contact), board => sv(board), documents => sv(documents), active => sv(active), upcoming => sv(upcoming), ended => sv(ended), changes => sv(changes) },
                )
            }
            Route::SchoolRelationship(school_slug, rel_slug) => {
                let school = &site.schools[school_slug];
                let r = &site.relationships[rel_slug];
                let rel = self.relationship_view(r, lang);
                let summary = self.school_summary(school, lang);
                let board = site
                    .organisations
                    .get(&school.board)
                    .map(|o| self.org_view(o, lang));
                let heading_text = ui.fill(
                    "school_relationship_heading",
                    &[
                        ("party", &rel.party.name.text),
                        ("school", &summary.name.text),
                    ],
                );
                let heading = TextView {
                    text: heading_text,
                    lang: None,
                    note: None,
                };
                let desc = ui.fill(
                    "school_relationship_description",
                    &[
                        ("party", &rel.party.name.text),
                        ("school", &summary.name.text),
                    ],
                );
                let crumbs = vec![
                    home,
                    self.crumb(self.plain(ui.get("nav_schools")), Route::Schools, lang),
                    self.crumb(
                        summary.name.clone(),
                        Route::School(school_slug.clone()),
                        lang,
                    ),
                ];
                let others: Vec<_> = site
                    .relationships_of(school)
                    .into_iter()
                    .filter(|o| {
                        o.slug != *rel_slug && o.state(self.opts.as_of) == RelationshipState::Active
                    })
                    .map(|o| Link {
                        title: self.org_ref(&o.party, lang).name,
                        url: Route::SchoolRelationship(school_slug.clone(), o.slug.clone())
                            .path(lang),
                    })
                    .collect();
                (
                    self.meta(route, lang, heading, crumbs, desc),
                    minijinja::context! { school => sv(summary), board => sv(board), rel => sv(rel), others => sv(others) },
                )
            }
            Route::Relationship(slug) => {
                let r = &site.relationships[slug];
                let rel = self.relationship_view(r, lang);
                let heading_text = ui.fill(
                    "relationship_heading",
                    &[
                        ("party", &rel.party.name.text),
                        ("controller", &rel.controller.name.text),
                    ],
                );
                let desc = heading_text.clone();
                let crumbs = vec![
                    home,
                    self.crumb(
                        self.plain(ui.get("nav_relationships")),
                        Route::Relationships,
                        lang,
                    ),
                ];
                (
                    self.meta(
                        route,
                        lang,
                        TextView {
                            text: heading_text,
                            lang: None,
                            note: None,
                        },
                        crumbs,
                        desc,
                    ),
                    minijinja::context! { rel => sv(rel) },
                )
            }
            Route::Organisation(slug) => {
                let o = &site.organisations[slug];
                let org = self.org_view(o, lang);
                let as_controller: Vec<_> = site
                    .relationships
                    .values()
                    .filter(|r| r.controller == *slug)
                    .map(|r| self.relationship_view(r, lang))
                    .collect();
                let as_party: Vec<_> = site
                    .relationships
                    .values()
                    .filter(|r| r.party == *slug)
                    .map(|r| self.relationship_view(r, lang))
                    .collect();
                let as_sub: Vec<_> = site
                    .relationships
                    .values()
                    .filter(|r| r.sub_processors.contains(slug))
                    .map(|r| self.relationship_view(r, lang))
                    .collect();
                let documents: Vec<_> = site
                    .documents
                    .values()
                    .filter(|d| d.owner == *slug)
                    .map(|d| self.document_summary(d, lang))
                    .collect();
                let schools: Vec<_> = site
                    .schools
                    .values()
                    .filter(|s| s.board == *slug)
                    .map(|s| self.school_summary(s, lang))
                    .collect();
                let desc = ui.fill("organisation_description", &[("name", &org.name.text)]);
                let crumbs = vec![
                    home,
                    self.crumb(
                        self.plain(ui.get("nav_organisations")),
                        Route::Organisations,
                        lang,
                    ),
                ];
                (
                    self.meta(route, lang, org.name.clone(), crumbs, desc),
                    minijinja::context! { org => sv(org), as_controller => sv(as_controller), as_party => sv(as_party), as_sub => sv(as_sub), documents => sv(documents), schools => sv(schools) },
                )
            }
            Route::Page(slug) => {
                let (r, body_lang) = match self.bodies.page(slug, lang) {
                    Some(r) => (r, lang),
                    None => (
                        self.bodies
                            .page(slug, self.default_lang())
                            .expect("bug: a page without its default language"),
                        self.default_lang(),
                    ),
                };
                let title = r.title.clone().unwrap_or_else(|| slug.clone());
                let fallback = body_lang != lang;
                let heading = TextView {
                    text: title.clone(),
                    lang: fallback.then(|| body_lang.to_string()),
                    note: None,
                };
                let body = BodyView {
                    html: mark_finished(&r.html),
                    toc: r.toc.clone(),
                    lang: fallback.then(|| body_lang.to_string()),
                    note: fallback.then(|| {
                        ui.fill(
                            "fallback_body",
                            &[
                                ("language", ui.language_name(body_lang)),
                                ("reader_language", ui.language_name(lang)),
                            ],
                        )
                    }),
                    available: self.site.pages[slug].bodies.keys().cloned().collect(),
                    sealed: None,
                };
                (
                    self.meta(route, lang, heading, vec![home], title),
                    minijinja::context! { body => sv(body) },
                )
            }
            Route::Verify => {
                let seals = self
                    .seals
                    .expect("bug: the verify page is only routed when the site has a log");
                // The example in the commands: the version in force of the
                // first document that has one.
                let example = self.timelines.values().find_map(|t| {
                    let e = t.in_force().or_else(|| t.entries.last())?;
                    let seal = self.seal_view(t.document, e.version)?;
                    Some(minijinja::context! {
                        title => sv(self.text(&t.document.title, lang)),
                        version => e.version.number.as_str(),
                        url => Route::Version(t.document.slug.clone(), e.version.number.to_string()).path(lang),
                        seal => sv(seal),
                    })
                });
                let heading = self.plain(ui.get("verify_title"));
                let desc = ui.get("verify_description").to_string();
                let crumbs = vec![home];
                (
                    self.meta(route, lang, heading, crumbs, desc),
                    minijinja::context! {
                        origin => &seals.origin,
                        size => seals.size,
                        vkey => &seals.vkey,
                        key_hint => &seals.key_hint,
                        log_url => format!("{}{}/", site.config.base_url, crate::transparency::DIR),
                        example => example,
                    },
                )
            }
            Route::Accessibility => {
                let a = site
                    .config
                    .accessibility
                    .as_ref()
                    .expect("bug: an accessibility route without [accessibility]");
                let heading = self.plain(ui.get("accessibility_title"));
                let desc = ui.fill("accessibility_description", &[("site", &site_title.text)]);
                let status_text = ui
                    .get(&format!("accessibility_status_{}", a.status.key()))
                    .to_string();
                let method_text = match a.method {
                    EvaluationMethod::SelfAssessment => ui.fill(
                        "accessibility_method_self",
                        &[("date", &ui.date(a.evaluated))],
                    ),
                    EvaluationMethod::Audit => ui.fill(
                        "accessibility_method_audit",
                        &[("date", &ui.date(a.evaluated))],
                    ),
                };
                let issues: Vec<_> = a.known_issues.iter().map(|t| self.text(t, lang)).collect();
                let publisher = site
                    .organisations
                    .get(&site.config.publisher)
                    .map(|o| self.org_view(o, lang));
                (
                    self.meta(route, lang, heading, vec![home], desc),
                    minijinja::context! {
                        contact => &a.contact,
                        evaluated => sv(self.date(a.evaluated, lang)),
                        status => a.status.key(),
                        status_text,
                        method_text,
                        issues => sv(issues),
                        report_url => &a.report_url,
                        site_address => &site.config.base_url,
                        publisher => sv(publisher),
                    },
                )
            }
        };
        self.render_template(route.template(), lang, meta, data)
    }

    /// The publisher's own documents first (statements, then regulations,
    /// then the rest), then those of other organisations, each by slug.
    fn documents_in_reading_order(&self) -> impl Iterator<Item = &'a Document> {
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
        docs.into_iter()
    }

    fn page_links(&self, lang: &str) -> Vec<Link> {
        let accessibility = self.site.config.accessibility.as_ref().map(|_| Link {
            title: self.plain(self.ui(lang).get("accessibility_title")),
            url: Route::Accessibility.path(lang),
        });
        self.site
            .pages
            .keys()
            .map(|slug| {
                let (r, l) = match self.bodies.page(slug, lang) {
                    Some(r) => (r, lang),
                    None => (
                        self.bodies
                            .page(slug, self.default_lang())
                            .expect("bug: a page without its default language"),
                        self.default_lang(),
                    ),
                };
                Link {
                    title: TextView {
                        text: r.title.clone().unwrap_or_else(|| slug.clone()),
                        lang: (l != lang).then(|| l.to_string()),
                        note: None,
                    },
                    url: Route::Page(slug.clone()).path(lang),
                }
            })
            .chain(accessibility)
            .collect()
    }

    fn make_chrome(&self, lang: &str) -> Chrome {
        let site = self.site;
        Chrome {
            ui: sv(self.ui(lang).all()),
            site: minijinja::context! {
                title => sv(self.text(&site.config.title, lang)),
                base_url => &site.config.base_url,
                publisher => sv(site.organisations.get(&site.config.publisher).map(|o| self.org_ref(&o.slug, lang))),
                pages => sv(self.page_links(lang)),
                verify_url => self.seals.map(|_| Route::Verify.path(lang)),
            },
        }
    }

    fn render_template(
        &self,
        name: &str,
        lang: &str,
        mut meta: PageMeta,
        data: minijinja::Value,
    ) -> Result<String, Diagnostic> {
        meta.draft = meta.draft && self.opts.drafts;
        let made;
        let chrome = match self.chrome.get(lang) {
            Some(c) => c,
            None => {
                made = self.make_chrome(lang);
                &made
            }
        };
        let ctx = minijinja::context! {
            page => sv(meta),
            data,
            ui => chrome.ui.clone(),
            ui_lang => &self.ui(lang).written_in,
            site => chrome.site.clone(),
        };
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| template_error(self.site, e))?;
        tmpl.render(ctx).map_err(|e| template_error(self.site, e))
    }

    fn render_root(&self) -> Result<String, Diagnostic> {
        let cfg = &self.site.config;
        let langs: Vec<_> = cfg
            .languages
            .iter()
            .map(|l| {
                let ui = self.ui(l);
                minijinja::context! {
                    code => l,
                    name => ui.language_name(l),
                    url => Route::Home.path(l),
                    title => sv(self.text(&cfg.title, l)),
                    choose => ui.get("choose_language"),
                }
            })
            .collect();
        let default = cfg.default_lang();
        let tmpl = self
            .env
            .get_template("root.html")
            .map_err(|e| template_error(self.site, e))?;
        tmpl.render(minijinja::context! {
            default_lang => default,
            default_url => Route::Home.path(default),
            title => sv(self.text(&cfg.title, default)),
            languages => langs,
            base_url => &cfg.base_url,
        })
        .map_err(|e| template_error(self.site, e))
    }

    fn render_404(&self) -> Result<String, Diagnostic> {
        let cfg = &self.site.config;
        let langs: Vec<_> = cfg
            .languages
            .iter()
            .map(|l| {
                let ui = self.ui(l);
                minijinja::context! {
                    code => l,
                    ui_lang => &ui.written_in,
                    heading => ui.get("not_found_heading"),
                    text => ui.get("not_found_text"),
                    home => ui.get("not_found_home"),
                    url => Route::Home.path(l),
                    title => sv(self.text(&cfg.title, l)),
                }
            })
            .collect();
        let default = cfg.default_lang();
        let tmpl = self
            .env
            .get_template("404.html")
            .map_err(|e| template_error(self.site, e))?;
        tmpl.render(minijinja::context! {
            default_lang => default,
            languages => langs,
            ui => sv(self.ui(default).all()),
        })
        .map_err(|e| template_error(self.site, e))
    }

    fn sitemap(&self, routes: &[Route]) -> String {
        let cfg = &self.site.config;
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for route in routes {
            for lang in &cfg.languages {
                s.push_str("  <url>\n");
                s.push_str(&format!(
                    "    <loc>{}</loc>\n",
                    escape::xml(&format!("{}{}", cfg.base_url, &route.path(lang)[1..]))
                ));
                for alt in &cfg.languages {
                    s.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>\n",
                        escape::xml(&format!("{}{}", cfg.base_url, &route.path(alt)[1..]))
                    ));
                }
                s.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                    escape::xml(&format!(
                        "{}{}",
                        cfg.base_url,
                        &route.path(cfg.default_lang())[1..]
                    ))
                ));
                s.push_str("  </url>\n");
            }
        }
        s.push_str("</urlset>\n");
        s
    }
}

fn section_of(route: &Route) -> Route {
    match route {
        Route::Home => Route::Home,
        Route::Documents
        | Route::Document(_)
        | Route::Version(..)
        | Route::Changes(_)
        | Route::Compare(..) => Route::Documents,
        Route::SiteChanges => Route::SiteChanges,
        Route::Schools | Route::School(_) | Route::SchoolRelationship(..) => Route::Schools,
        Route::Relationships | Route::Relationship(_) => Route::Relationships,
        Route::Organisations | Route::Organisation(_) => Route::Organisations,
        Route::Page(_) | Route::Accessibility | Route::Verify => Route::Page(String::new()),
    }
}

/// The words for whether a version is a material change.
fn material_key(v: &Version, e: &TimelineEntry) -> &'static str {
    if e.previous.is_none() {
        "first_version"
    } else if v.material {
        "material_change"
    } else {
        "not_material"
    }
}

fn status_key(s: VersionStatus) -> &'static str {
    match s {
        VersionStatus::Draft => "status_draft",
        VersionStatus::Announced => "status_announced",
        VersionStatus::InForce => "status_in_force",
        VersionStatus::Superseded => "status_superseded",
    }
}

/// The same day `years` later; 29 February becomes 28 February.
pub fn add_years(d: Date, years: u32) -> Date {
    let y = d.year() + years as i32;
    Date::from_calendar_date(y, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(y, d.month(), 28))
        .expect("bug: the 28th exists in every month")
}

fn template_error(site: &Site, e: minijinja::Error) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "a template failed: {}",
        e.detail().unwrap_or(&e.to_string())
    ))
    .hint("check the template named here; a site's own templates live in themes/<name>/templates/");
    if let Some(name) = e.name() {
        d = d.in_file(format!("themes/{}/templates/{name}", site.config.theme));
        if let Some(line) = e.line() {
            d = d.at(line as u32, 1);
        }
    }
    d
}

/// A serialisable view as a template value.
fn sv<T: Serialize>(x: T) -> minijinja::Value {
    minijinja::Value::from(Serde(x))
}

/// `{{ x | text }}`: a [`TextView`] as HTML, in a `<span lang>` when it is
/// in another language than the page, with its fallback note. A filter
/// rather than a template macro: it runs dozens of times on every page.
fn text_filter(x: minijinja::Value) -> Result<minijinja::Value, minijinja::Error> {
    let field = |name: &str| -> Result<Option<String>, minijinja::Error> {
        let v = x.get_attr(name)?;
        Ok(v.is_true().then(|| v.to_string()))
    };
    let text = x.get_attr("text")?;
    if text.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "`text` needs a text (with `text`, `lang` and `note`)",
        ));
    }
    let text = text.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    match field("lang")? {
        Some(lang) => {
            out.push_str("<span lang=\"");
            escape::html_into(&mut out, &lang);
            out.push_str("\">");
            escape::html_into(&mut out, &text);
            out.push_str("</span>");
        }
        None => escape::html_into(&mut out, &text),
    }
    if let Some(note) = field("note")? {
        out.push_str(" <span class=\"fallback-note\">(");
        escape::html_into(&mut out, &note);
        out.push_str(")</span>");
    }
    Ok(minijinja::Value::from_safe_string(out))
}

/// `{{ d | date }}`: a [`DateView`] as `<time datetime="2019-04-01">1 april
/// 2019</time>`.
fn date_filter(d: minijinja::Value) -> Result<minijinja::Value, minijinja::Error> {
    let (iso, text) = (d.get_attr("iso")?, d.get_attr("text")?);
    if iso.is_undefined() || text.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "`date` needs a date (with `iso` and `text`)",
        ));
    }
    let mut out = String::with_capacity(48);
    out.push_str("<time datetime=\"");
    escape::html_into(&mut out, &iso.to_string());
    out.push_str("\">");
    escape::html_into(&mut out, &text.to_string());
    out.push_str("</time>");
    Ok(minijinja::Value::from_safe_string(out))
}

/// Escapes the way HTML needs and no more: minijinja's default also escapes
/// `/`, which makes every URL in the output unreadable (`&#x2f;en&#x2f;`).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    let escape = matches!(state.auto_escape(), minijinja::AutoEscape::Html) && !value.is_safe();
    match value.as_str() {
        Some(s) if escape => {
            escape::escape_with(s, escape::html_byte, |piece| out.write_str(piece))
                .map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str, lang: Option<&str>, note: Option<&str>) -> minijinja::Value {
        sv(TextView {
            text: text.into(),
            lang: lang.map(Into::into),
            note: note.map(Into::into),
        })
    }

    #[test]
    fn text_filter_marks_other_languages_and_escapes() {
        let out = |v| text_filter(v).unwrap().to_string();
        assert_eq!(
            out(text("Bloom & <Co>", None, None)),
            "Bloom &amp; &lt;Co&gt;"
        );
        assert_eq!(
            out(text(
                "Privacyverklaring",
                Some("nl"),
                Some("alleen in het Nederlands")
            )),
            "<span lang=\"nl\">Privacyverklaring</span> <span class=\"fallback-note\">(alleen in het Nederlands)</span>"
        );
        assert_eq!(out(text("x", Some(""), Some(""))), "x");
        assert!(text_filter(minijinja::Value::from("plain")).is_err());
    }

    #[test]
    fn date_filter_writes_a_time_element() {
        let d = sv(DateView {
            iso: "2019-04-01".into(),
            text: "1 april 2019".into(),
        });
        assert_eq!(
            date_filter(d).unwrap().to_string(),
            "<time datetime=\"2019-04-01\">1 april 2019</time>"
        );
        assert!(date_filter(minijinja::Value::from(3)).is_err());
    }
}
