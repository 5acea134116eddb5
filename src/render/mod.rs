//! Turns the site as of its date ([`SiteAsOf`]) into files: every page in
//! every language through the theme's templates, in parallel, and the
//! site-wide files beside them (feeds, sitemap, API, the language chooser,
//! 404, robots.txt, the theme's static files).
//!
//! One module per family of pages makes each page's own part (its heading,
//! description and template data, as a [`Page`]); the frame around it —
//! title, breadcrumbs, menu, languages, alternates — comes from the route
//! ([`frame`]), and [`Renderer::render_route`] only dispatches. To add a
//! page type, see `docs/architecture.md`.

mod about;
mod accessibility;
mod atom;
mod cache;
mod calendar;
mod changes;
mod compare;
mod document;
mod env;
mod feeds;
mod frame;
mod home;
mod lists;
mod organisation;
mod pages;
mod parts;
mod print;
mod register;
mod relationship;
mod rights;
mod root;
mod school;
mod search;
mod sitemap;
mod sources;
mod verify;
mod views;

use std::collections::BTreeMap;

use minijinja::Environment;
use rayon::prelude::*;

pub(crate) use self::cache::{Bodies, BodyCache, ComparisonCache};
use self::views::{PageMeta, TextView};
use crate::asof::SiteAsOf;
use crate::diag::{Diagnostic, IoFailure};
use crate::model::Site;
use crate::output::OutputFile;
use crate::routes::{Feed, Route};
use crate::theme::Theme;

/// Everything a page render needs, shared by all pages.
pub(crate) struct Renderer<'a> {
    asof: &'a SiteAsOf<'a>,
    /// `asof.site`, which nearly every view reads.
    site: &'a Site,
    theme: &'a Theme,
    bodies: &'a Bodies,
    env: Environment<'a>,
    /// Comparisons from earlier builds (`serve`).
    comparisons: Option<&'a ComparisonCache>,
    /// What every page of a language is given besides its own data (the
    /// interface strings and the site), made once rather than per page.
    chrome: BTreeMap<String, frame::Chrome>,
    /// The word counts of the texts compared in this build.
    word_counts: crate::compare::WordCounts<'a>,
}

/// Why rendering stopped: a template failed, or the file could not be
/// taken (e.g. written).
#[derive(Debug)]
pub(crate) enum RenderFailure {
    Template(Diagnostic),
    Emit(IoFailure),
}

/// What a page family makes of one route in one language: the page's own
/// part. The frame around it comes from the route.
struct Page {
    /// The `<h1>`, also the start of the `<title>`.
    heading: TextView,
    /// `<meta name="description">`.
    description: String,
    /// What the page's template gets as `data`.
    data: minijinja::Value,
    /// Atom feeds the page announces.
    feeds: Vec<Feed>,
    /// Shows a draft (the banner shows with `--drafts`).
    draft: bool,
    /// Put before the `<title>`, e.g. which versions a comparison compares.
    title_prefix: Option<String>,
    /// What the `<title>` says before the site's title, when that is more
    /// than the heading: a version page names its version, so tabs,
    /// bookmarks and history tell versions apart.
    title: Option<String>,
    /// What the page says about itself on paper.
    printed: print::Printed,
}

impl Page {
    fn new(heading: TextView, description: String, data: minijinja::Value) -> Page {
        Page {
            heading,
            description,
            data,
            feeds: Vec::new(),
            draft: false,
            title_prefix: None,
            title: None,
            printed: print::Printed::default(),
        }
    }

    fn with_feeds(mut self, feeds: Vec<Feed>) -> Page {
        self.feeds = feeds;
        self
    }

    fn with_draft(mut self, draft: bool) -> Page {
        self.draft = draft;
        self
    }
}

/// The files that are written with the page of `route` in `lang` and
/// change only when it does: a document's search index, a register's CSV.
pub(crate) fn companions(route: &Route, lang: &str) -> Vec<String> {
    let mut files = search::companions(route, lang);
    files.extend(register::csv_path(route, lang).map(|p| p[1..].to_string()));
    files
}

/// What a page's view reads from the inputs of a build, as far as `serve`
/// needs to know to reuse the page when those inputs did not change.
///
/// The texts of versions (their Markdown bodies) are read only by the pages
/// of their own document: no other page, feed or API file shows them (a
/// version's set of languages may be shown elsewhere; its text is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reads<'r> {
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
pub(crate) fn reads(route: &Route) -> Reads<'_> {
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
        | Route::Verify
        | Route::About
        | Route::Search => Reads::Site,
        Route::Contact | Route::Glossary | Route::Register | Route::SchoolRegister(_) => {
            Reads::Site
        }
    }
}

impl<'a> Renderer<'a> {
    /// A renderer of `asof` with `theme`'s templates and the site's
    /// rendered `bodies`. A template that does not parse is a diagnostic.
    pub(crate) fn new(
        asof: &'a SiteAsOf<'a>,
        theme: &'a Theme,
        bodies: &'a Bodies,
    ) -> Result<Self, Diagnostic> {
        let mut renderer = Renderer {
            asof,
            site: asof.site,
            theme,
            bodies,
            env: env::environment(asof.site, theme)?,
            comparisons: None,
            word_counts: Default::default(),
            chrome: BTreeMap::new(),
        };
        renderer.chrome = asof
            .site
            .config
            .languages
            .iter()
            .map(|lang| (lang.clone(), renderer.make_chrome(lang)))
            .collect();
        Ok(renderer)
    }

    /// Takes comparisons from `cache` where their texts and labels are the
    /// same, and leaves new ones there for the next build.
    pub(crate) fn reuse_comparisons(mut self, cache: &'a ComparisonCache) -> Self {
        self.comparisons = Some(cache);
        self
    }

    /// Renders every file of the site and hands each to `emit` as soon as it
    /// is made, from many threads, in no particular order: a build can write
    /// pages as they come instead of holding the whole site in memory. The
    /// pages of the routes `skip` names are left out (in every language,
    /// with the files that go with them, see [`companions`]),
    /// and the files that are not a route's page (feeds, API, sitemap, the
    /// language chooser …) unless `site_files`: `serve` already has them.
    pub(crate) fn render_each(
        &self,
        skip: &(dyn Fn(&Route) -> bool + Sync),
        site_files: bool,
        emit: &(dyn Fn(OutputFile) -> Result<(), IoFailure> + Sync),
    ) -> Result<(), RenderFailure> {
        let routes = self.asof.routes();
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
                .map_err(RenderFailure::Emit)?;
                self.companion_files(route, lang)
                    .into_iter()
                    .chain(self.register_csv(route, lang))
                    .try_for_each(|f| emit(f).map_err(RenderFailure::Emit))
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

    /// Feeds, schools' calendars, API, sitemap, the language chooser, 404,
    /// robots.txt and the theme's static files.
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
        let page = |path: &str, html: Result<String, Diagnostic>| {
            html.map(|html| OutputFile {
                path: path.to_string(),
                bytes: html.into_bytes(),
            })
            .map_err(RenderFailure::Template)
        };
        let mut rest = vec![
            page("index.html", root::language_chooser(self))?,
            page("404.html", root::not_found(self))?,
            OutputFile {
                path: "sitemap.xml".into(),
                bytes: sitemap::sitemap(self.asof, routes).into_bytes(),
            },
            OutputFile {
                path: "robots.txt".into(),
                bytes: sitemap::robots(self.asof).into_bytes(),
            },
        ];
        rest.extend(self.calendars());
        rest.extend(crate::api::files(self.asof));
        rest.extend(
            self.site
                .config
                .languages
                .iter()
                .map(|lang| self.search_manifest(lang)),
        );
        for (name, bytes) in &self.theme.statics {
            rest.push(OutputFile {
                path: format!("static/{name}"),
                bytes: bytes.clone(),
            });
        }
        rest.into_iter()
            .try_for_each(|f| emit(f).map_err(RenderFailure::Emit))
    }

    /// One page: its family makes its own part, the route gives the frame.
    fn render_route(&self, route: &Route, lang: &str) -> Result<String, Diagnostic> {
        let page = match route {
            Route::Home => home::home(self, lang),
            Route::Documents => lists::documents(self, lang),
            Route::Schools => lists::schools(self, lang),
            Route::Relationships => lists::relationships(self, lang),
            Route::Organisations => lists::organisations(self, lang),
            Route::Document(slug) => document::document(self, slug, lang),
            Route::Version(slug, number) => document::version(self, slug, number, lang),
            Route::Changes(slug) => document::change_log(self, slug, lang),
            Route::Compare(slug, from, to) => compare::compare(self, route, slug, from, to, lang),
            Route::SiteChanges => changes::site_changes(self, lang),
            Route::School(slug) => school::school(self, slug, lang),
            Route::SchoolRelationship(school, rel) => {
                school::school_relationship(self, school, rel, lang)
            }
            Route::Relationship(slug) => relationship::relationship(self, slug, lang),
            Route::Organisation(slug) => organisation::organisation(self, slug, lang),
            Route::Page(slug) => pages::page(self, slug, lang),
            Route::Accessibility => accessibility::statement(self, lang),
            Route::Verify => verify::verify(self, lang),
            Route::About => about::about(self, lang),
            Route::Search => search::search_page(self, lang),
            Route::Contact => rights::contact(self, lang),
            Route::Glossary => rights::glossary(self, lang),
            Route::Register => register::register(self, None, lang),
            Route::SchoolRegister(slug) => register::register(self, Some(slug), lang),
        };
        let (meta, data) = self.frame(route, lang, page);
        self.render_template(route.template(), lang, meta, data)
    }

    /// Renders template `name` with the page's frame, data and its
    /// language's chrome.
    fn render_template(
        &self,
        name: &str,
        lang: &str,
        meta: PageMeta,
        data: minijinja::Value,
    ) -> Result<String, Diagnostic> {
        let made;
        let chrome = match self.chrome.get(lang) {
            Some(c) => c,
            None => {
                made = self.make_chrome(lang);
                &made
            }
        };
        let ctx = minijinja::context! {
            page => env::sv(meta),
            data,
            ui => chrome.ui.clone(),
            ui_lang => &self.ui(lang).written_in,
            site => chrome.site.clone(),
        };
        env::render(&self.env, self.site, name, ctx)
    }
}
