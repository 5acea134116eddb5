//! The pipeline shared by `build`, `check` and `serve`, as named steps:
//! load the content → the theme, each language's finishing and the
//! Markdown bodies → the log → the site as of its date → render each page
//! and finish it as it comes → write (or keep) every file; with a cache,
//! `serve` takes what did not change from its last build.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::Instant;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::asof::{BuildOptions, SiteAsOf};
use crate::content;
use crate::diag::{Diagnostic, Diagnostics, IoFailure};
use crate::i18n::UiKey;
use crate::model::{Document, Site};
use crate::output::{OutputFile, Staging};
use crate::render::{self, Bodies, BodyCache, ComparisonCache, Reads, RenderFailure, Renderer};
use crate::rewrite::{Finish, RewriteOptions, finish_html};
use crate::routes::Route;
use crate::theme::Theme;
use crate::transparency::Seals;

/// A site rendered in memory, ready to be written or served.
pub struct Built {
    pub site: Arc<Site>,
    pub files: Vec<OutputFile>,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Diagnostics,
    pub pages: usize,
    /// Files whose bytes are known to be exactly those of the previous
    /// successful build with the same cache ([`build_cached`]), so `serve`
    /// need not look at them again; with a [`BuildCache::lean`] cache they
    /// are not in `files`. Other files may be unchanged too.
    pub unchanged: HashSet<String>,
    pub millis: u128,
    /// How long each step took, in order (for `POLICYPRESS_TIMING`).
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

/// Reads, checks and renders the site in `root`. On any error, returns all
/// diagnostics (errors and warnings) and renders nothing.
pub fn build(root: &Path, opts: BuildOptions) -> Result<Built, Diagnostics> {
    collect(root, opts, None)
}

/// What [`build_cached`] keeps between builds: rendered Markdown bodies,
/// comparisons, and the last good build's inputs and finished pages. Each
/// is reused only while what it was made from is exactly the same, and the
/// cache holds no more than about one site's worth of each.
#[derive(Default)]
pub struct BuildCache {
    pub bodies: BodyCache,
    comparisons: ComparisonCache,
    /// The last build that succeeded.
    last: Option<Last>,
    /// Leave files that did not change out of [`Built::files`].
    lean: bool,
}

impl BuildCache {
    /// A cache for a caller that keeps the last good build's files itself,
    /// as `serve` does: [`Built::files`] then holds only the files that may
    /// have changed, and [`Built::unchanged`] names the others, which are
    /// exactly as the last successful build with this cache made them.
    /// Saves copying every file of the site on every save.
    pub fn lean() -> BuildCache {
        BuildCache {
            lean: true,
            ..BuildCache::default()
        }
    }

    /// How many comparisons the cache holds.
    pub fn comparisons(&self) -> usize {
        self.comparisons.len()
    }
}

/// A build that succeeded, as the next build needs it.
struct Last {
    inputs: Inputs,
    /// Every file the renderer made, by output path.
    files: HashMap<String, Made>,
}

/// One file of the last good build.
struct Made {
    /// For a page: a hash of its HTML before finishing, with the finishing
    /// options (see `finish` in [`run`]).
    raw: u64,
    /// As emitted (finished, for HTML); shared, since most files are
    /// taken over unchanged build after build.
    bytes: Arc<[u8]>,
    /// Whether it is a route's page, rather than a site-wide file (feed,
    /// API, sitemap, language chooser …).
    route: bool,
}

/// Everything the view of a page may read (see [`render::reads`]).
struct Inputs {
    site: Arc<Site>,
    theme: Theme,
    seals: Option<Seals>,
    opts: BuildOptions,
}

/// What changed since the last good build, as far as rendering goes.
#[derive(Debug, PartialEq, Eq)]
enum Stale {
    /// Something every page reads: render everything.
    All,
    /// The pages of `documents` must be rendered again, and, when
    /// `site_wide`, every page that is not a document's and every
    /// site-wide file. `site_wide` is false only when nothing changed but
    /// the texts of versions, which only their document's pages show.
    Documents {
        documents: BTreeSet<String>,
        site_wide: bool,
    },
}

impl Stale {
    /// Whether the pages of `route` can be taken from the last build.
    fn keeps(&self, route: &Route) -> bool {
        match (self, render::reads(route)) {
            (Stale::All, _) => false,
            (Stale::Documents { documents, .. }, Reads::Document(d)) => !documents.contains(d),
            (Stale::Documents { site_wide, .. }, Reads::Site) => !site_wide,
        }
    }
}

/// Compares the inputs of the last good build with this one's.
fn stale(last: &Inputs, now: &Inputs) -> Stale {
    // Named field by field so that a new kind of content cannot be
    // overlooked here: it does not compile until it is placed.
    let Site {
        config,
        organisations,
        schools,
        documents,
        relationships,
        pages,
    } = &*now.site;
    let same_for_all = last.opts == now.opts
        && last.theme == now.theme
        && last.seals == now.seals
        && last.site.config == *config
        && last.site.organisations == *organisations
        && last.site.schools == *schools
        && last.site.pages == *pages;
    if !same_for_all {
        return Stale::All;
    }
    let before = &last.site.documents;
    let changed: BTreeSet<String> = before
        .keys()
        .chain(documents.keys())
        .filter(|slug| before.get(*slug) != documents.get(*slug))
        .cloned()
        .collect();
    // No document's page reads a relationship (render::reads), but other
    // pages do; and they read everything of a document except its texts.
    let site_wide = last.site.relationships != *relationships
        || changed
            .iter()
            .any(|slug| match (before.get(slug), documents.get(slug)) {
                (Some(a), Some(b)) => without_texts(a) != without_texts(b),
                _ => true,
            });
    Stale::Documents {
        documents: changed,
        site_wide,
    }
}

/// `doc` with the text of every version left out (but which languages it
/// has, and in which files, kept).
fn without_texts(doc: &Document) -> Document {
    let mut d = doc.clone();
    for v in &mut d.versions {
        for body in v.bodies.values_mut() {
            body.source.clear();
        }
    }
    d
}

/// [`build`] with work kept in `cache` between calls, for `serve`, which
/// rebuilds on every save: only the bodies that changed are rendered again,
/// comparisons of unchanged texts are reused, the pages of a document are
/// rendered only when what they show may have changed (see
/// [`render::reads`]), and only pages whose HTML changed are finished
/// again. The result is the same as [`build`]'s, byte for byte.
pub fn build_cached(
    root: &Path,
    opts: BuildOptions,
    cache: &mut BuildCache,
) -> Result<Built, Diagnostics> {
    collect(root, opts, Some(cache))
}

/// Builds into memory, with or without a cache.
fn collect(
    root: &Path,
    opts: BuildOptions,
    cache: Option<&mut BuildCache>,
) -> Result<Built, Diagnostics> {
    let (done, files) = run(
        root,
        opts,
        cache,
        Sources::Keep,
        || Ok(Mutex::new(Vec::new())),
        &|files: &Mutex<Vec<OutputFile>>, f| {
            files
                .lock()
                .expect("bug: a rendering thread panicked")
                .push(f);
            Ok(())
        },
    )
    .map_err(|e| match e {
        Failure::Content(d) => d,
        Failure::Io(e) => Diagnostics::from(vec![Diagnostic::error(e.to_string())]),
    })?;
    let mut files = files
        .into_inner()
        .expect("bug: a rendering thread panicked");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Built {
        site: done.site,
        files,
        diagnostics: done.diagnostics,
        pages: done.pages,
        unchanged: done.unchanged,
        millis: done.millis,
        phases: done.phases,
    })
}

/// Why a build that writes as it renders failed.
#[derive(Debug)]
pub enum Failure {
    /// Content or template errors, with every warning found so far.
    Content(Diagnostics),
    /// The output could not be written.
    Io(IoFailure),
}

/// A site rendered and written out. Its model holds no Markdown sources
/// (see [`crate::model::Site::drop_sources`]).
pub struct Written {
    pub site: Arc<Site>,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Diagnostics,
    pub pages: usize,
    /// See [`Built::unchanged`]; empty without a cache.
    pub unchanged: HashSet<String>,
    pub millis: u128,
    /// How long each step took, in order.
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

/// Builds the site in `root` straight into `out`: each page is written as
/// soon as it is finished, so memory holds the content and the pages being
/// rendered, not the whole output. The new output replaces the old one in
/// one step once complete; on any failure the old output stays as it was.
pub fn build_into(root: &Path, opts: BuildOptions, out: &Path) -> Result<Written, Failure> {
    let started = Instant::now();
    // The staging folder is made only once the content is known to be good,
    // so a site with errors touches nothing on disk.
    let (done, staging) = run(
        root,
        opts,
        None,
        Sources::Free,
        || Staging::begin(out),
        &|s: &Staging, f| s.write(&f),
    )?;
    let swap = Instant::now();
    staging.commit().map_err(Failure::Io)?;
    let mut phases = done.phases;
    phases.push(("swap", swap.elapsed()));
    Ok(Written {
        millis: started.elapsed().as_millis(),
        phases,
        ..done
    })
}

/// Whether the model returned by a build keeps its Markdown sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sources {
    /// For callers that read them afterwards (`check`'s lint) or compare
    /// them with the next build (`serve`).
    Keep,
    /// Freed once the bodies are rendered and sealed: nothing else in a
    /// build reads them.
    Free,
}

/// Loads, checks and renders, handing every finished file to `emit`.
/// `begin` makes the sink once the content has loaded without errors.
/// With a `cache`, work of the last good build is reused and the cache is
/// brought up to date with this build (see [`build_cached`]).
fn run<S: Sync>(
    root: &Path,
    opts: BuildOptions,
    mut cache: Option<&mut BuildCache>,
    sources: Sources,
    begin: impl FnOnce() -> Result<S, IoFailure>,
    emit: &(dyn Fn(&S, OutputFile) -> Result<(), IoFailure> + Sync),
) -> Result<(Written, S), Failure> {
    let started = Instant::now();
    let mut clock = Clock::start();
    let (site, mut diags) = load(root)?;
    clock.lap("load, key scan");
    let mut extra = Vec::new();
    let theme = Theme::load(root, &site.config, &mut extra);
    let finishings = Finishings::new(&site, &theme);
    let (bodies, md_diags) = render_bodies(&site, &finishings, cache.as_deref_mut());
    extra.extend(md_diags);
    clock.lap("theme, bodies");
    let (seals, log_files, log_diags) = crate::transparency::for_build(root, &site);
    extra.extend(log_diags);
    diags.extend(extra.into());
    clock.lap("transparency");
    if diags.has_errors() {
        return Err(Failure::Content(diags));
    }
    let inputs = Inputs::new(site, theme, seals, opts, sources);
    let (emitted, sink) = render_and_emit(
        root,
        &inputs,
        &bodies,
        &finishings,
        cache.as_deref(),
        &mut diags,
        &mut clock,
        begin,
        emit,
    )?;
    // The log, artifacts and bundles, exactly as `publish` wrote them.
    for (path, bytes) in log_files {
        emit(&sink, OutputFile { path, bytes }).map_err(Failure::Io)?;
    }
    clock.lap("pages");
    let site = match cache {
        Some(c) => c.remember(inputs, emitted.files, &emitted.stale),
        None => inputs.site,
    };
    let done = Written {
        site,
        diagnostics: diags,
        pages: emitted.pages,
        unchanged: emitted.unchanged,
        millis: started.elapsed().as_millis(),
        phases: clock.phases,
    };
    Ok((done, sink))
}

/// How long each step of a build took, in order.
struct Clock {
    phases: Vec<(&'static str, std::time::Duration)>,
    mark: Instant,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            phases: Vec::new(),
            mark: Instant::now(),
        }
    }

    /// Ends the step `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.mark));
        self.mark = now;
    }
}

/// Step 1: reads and checks `content/`. A private key in a published
/// folder stops the build whatever else is wrong, and is reported with the
/// content's own findings; both read every content file, so they read side
/// by side.
fn load(root: &Path) -> Result<(Site, Diagnostics), Failure> {
    let ((site, mut diags), keys) =
        rayon::join(|| content::load(root), || crate::key_scan::scan(root));
    let key_found = !keys.is_empty();
    for d in keys {
        diags.push(d);
    }
    match site.filter(|_| !key_found) {
        Some(site) => Ok((site, diags)),
        None => Err(Failure::Content(diags)),
    }
}

/// How each language's pages are finished (see [`crate::rewrite`]), worked
/// out once, with the hash the next build compares; other pages (the
/// language chooser, 404, key "") take the default language's.
struct Finishings(HashMap<String, (Finish, u64)>);

impl Finishings {
    fn new(site: &Site, theme: &Theme) -> Finishings {
        let map = site
            .config
            .languages
            .iter()
            .map(String::as_str)
            .chain([""])
            .map(|lang| {
                let finish = Finish::new(&rewrite_options(site, theme, lang));
                let hash = hash_of(&[format!("{finish:?}").as_bytes()]);
                (lang.to_string(), (finish, hash))
            })
            .collect();
        Finishings(map)
    }

    /// The finishing of the pages of `lang`, and its hash.
    fn of(&self, lang: &str) -> &(Finish, u64) {
        self.0.get(lang).unwrap_or(&self.0[""])
    }
}

/// How the pages of `lang` are finished: the first path segment of a page
/// is its language; other files (the language chooser, 404) take the
/// default language's labels.
fn rewrite_options<'a>(site: &'a Site, theme: &'a Theme, lang: &str) -> RewriteOptions<'a> {
    let strings = theme
        .strings
        .get(lang)
        .or_else(|| theme.strings.get(site.config.default_lang()));
    RewriteOptions {
        base_path: site.config.base_path(),
        site_origin: site.config.origin(),
        external_label: strings.map_or("(external link)", |s| s.get(UiKey::ExternalLink)),
        footnote_back_label: strings.map_or("", |s| s.get(UiKey::FootnoteBack)),
    }
}

/// A hash to tell whether a page's inputs changed between builds (not a
/// security boundary: a collision would only keep a stale preview page).
fn hash_of(parts: &[&[u8]]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// Step 2: every Markdown body, finished for the pages of its own language
/// (so a body shown in another language's page keeps its language's
/// labels); with a cache, only the bodies that changed are rendered.
fn render_bodies(
    site: &Site,
    finishings: &Finishings,
    cache: Option<&mut BuildCache>,
) -> (Bodies, Vec<Diagnostic>) {
    let finish_for = |lang: &str| finishings.of(lang).0.clone();
    match cache {
        Some(c) => Bodies::render_cached(site, &finish_for, &mut c.bodies),
        None => Bodies::render(site, &finish_for),
    }
}

impl Inputs {
    /// Step 3's result, held for this build and, with a cache, the next.
    fn new(
        mut site: Site,
        theme: Theme,
        seals: Option<Seals>,
        opts: BuildOptions,
        sources: Sources,
    ) -> Inputs {
        if sources == Sources::Free {
            site.drop_sources();
        }
        Inputs {
            site: Arc::new(site),
            theme,
            seals,
            opts,
        }
    }
}

/// What rendering and emitting left for the end of the build.
struct Emitted {
    pages: usize,
    unchanged: HashSet<String>,
    /// Every file made, for the next build (empty without a cache).
    files: HashMap<String, Made>,
    stale: Stale,
}

/// Steps 4 and 5: the site as of its date, through the templates; each
/// page finished as it comes out and handed to the sink made by `begin`,
/// or taken from the last build when nothing it shows changed.
#[allow(clippy::too_many_arguments)]
fn render_and_emit<S: Sync>(
    root: &Path,
    inputs: &Inputs,
    bodies: &Bodies,
    finishings: &Finishings,
    cache: Option<&BuildCache>,
    diags: &mut Diagnostics,
    clock: &mut Clock,
    begin: impl FnOnce() -> Result<S, IoFailure>,
    emit: &(dyn Fn(&S, OutputFile) -> Result<(), IoFailure> + Sync),
) -> Result<(Emitted, S), Failure> {
    let site = &inputs.site;
    let asof = SiteAsOf::new(site, inputs.opts, inputs.seals.as_ref());
    let renderer = match Renderer::new(&asof, &inputs.theme, bodies) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return Err(Failure::Content(std::mem::take(diags)));
        }
    };
    let renderer = match cache {
        Some(c) => renderer.reuse_comparisons(&c.comparisons),
        None => renderer,
    };
    clock.lap("templates");
    diags.extend(crate::lint::review_warnings(root, site, inputs.opts.as_of, false).into());
    clock.lap("review");
    let last = cache.and_then(|c| c.last.as_ref());
    let routes = asof.routes();
    let reuse = Reuse::plan(last, inputs, &routes);
    let sink = begin().map_err(Failure::Io)?;
    let out = Emitter {
        sink: &sink,
        emit,
        finishings,
        last,
        caching: cache.is_some(),
        lean: cache.is_some_and(|c| c.lean),
        route_files: match cache {
            Some(_) => reuse.route_files(&routes, &site.config.languages),
            None => HashSet::new(),
        },
        pages: AtomicUsize::new(0),
        next: Mutex::new(HashMap::new()),
        unchanged: Mutex::new(HashSet::new()),
    };
    if let Some(last) = last {
        out.take_kept(last, &reuse, &site.config.languages)
            .map_err(Failure::Io)?;
    }
    let skip = |r: &Route| reuse.kept.contains(r);
    match renderer.render_each_except(&skip, !reuse.keep_site_files, &|f| out.finish(f)) {
        Ok(()) => {}
        Err(RenderFailure::Template(d)) => {
            diags.push(d);
            return Err(Failure::Content(std::mem::take(diags)));
        }
        Err(RenderFailure::Emit(e)) => return Err(Failure::Io(e)),
    }
    let (pages, unchanged, files) = out.into_parts();
    let emitted = Emitted {
        pages,
        unchanged,
        files,
        stale: reuse.stale,
    };
    Ok((emitted, sink))
}

/// What this build takes from the last one as it was.
struct Reuse<'r> {
    stale: Stale,
    /// Routes whose pages are taken, in every language: their inputs did
    /// not change, and the last build has all of them.
    kept: HashSet<&'r Route>,
    /// Whether the site-wide files are taken too.
    keep_site_files: bool,
}

impl<'r> Reuse<'r> {
    fn plan(last: Option<&Last>, inputs: &Inputs, routes: &'r [Route]) -> Reuse<'r> {
        let Some(last) = last else {
            return Reuse {
                stale: Stale::All,
                kept: HashSet::new(),
                keep_site_files: false,
            };
        };
        let stale = stale(&last.inputs, inputs);
        let languages = &inputs.site.config.languages;
        let kept = routes
            .iter()
            .filter(|r| stale.keeps(r))
            .filter(|r| {
                languages
                    .iter()
                    .all(|l| last.files.contains_key(&r.file(l)))
            })
            .collect();
        let keep_site_files = matches!(
            stale,
            Stale::Documents {
                site_wide: false,
                ..
            }
        );
        Reuse {
            stale,
            kept,
            keep_site_files,
        }
    }

    /// Which files are pages of a route, for the next build.
    fn route_files(&self, routes: &[Route], languages: &[String]) -> HashSet<String> {
        routes
            .iter()
            .flat_map(|r| languages.iter().map(|l| r.file(l)))
            .collect()
    }
}

/// The sink side of step 5: finishes each page as it comes out of the
/// templates, on the same thread (base path, external links, header
/// scopes), or takes it from the last build; counts pages; remembers every
/// file for the next build; and hands it to `emit`.
struct Emitter<'e, S> {
    sink: &'e S,
    emit: &'e (dyn Fn(&S, OutputFile) -> Result<(), IoFailure> + Sync),
    finishings: &'e Finishings,
    last: Option<&'e Last>,
    /// Whether a cache keeps this build for the next one.
    caching: bool,
    /// Leave files that did not change out (see [`BuildCache::lean`]).
    lean: bool,
    /// Which files are pages of a route (only kept with a cache).
    route_files: HashSet<String>,
    pages: AtomicUsize,
    /// This build's files, for the next build.
    next: Mutex<HashMap<String, Made>>,
    unchanged: Mutex<HashSet<String>>,
}

impl<S: Sync> Emitter<'_, S> {
    /// A file just rendered: HTML is finished (unless the last build
    /// finished the very same page), then handed on.
    fn finish(&self, mut f: OutputFile) -> Result<(), IoFailure> {
        let mut raw = 0;
        if f.path.ends_with(".html") {
            let lang = f.path.split('/').next().unwrap_or("");
            let (finishing, finishing_hash) = self.finishings.of(lang);
            // The finished page depends on the page and the finishing only;
            // the hash is what the next build compares (one-off builds
            // have no next build and skip it; `last` comes with a cache).
            if self.caching {
                raw = hash_of(&[&f.bytes, &finishing_hash.to_le_bytes()]);
            }
            self.pages.fetch_add(1, Ordering::Relaxed);
            match self.last.and_then(|l| l.files.get(&f.path)) {
                Some(m) if m.raw == raw => {
                    if !self.lean {
                        f.bytes = m.bytes.to_vec();
                    }
                    self.remember(&f.path, raw, m.bytes.clone());
                    self.same_as_last(f.path.clone());
                    if self.lean {
                        return Ok(());
                    }
                    return (self.emit)(self.sink, f);
                }
                _ => {
                    // Templates write UTF-8; anything else is a bug, and the
                    // page is still finished rather than lost.
                    let finished = match std::str::from_utf8(&f.bytes) {
                        Ok(html) => finish_html(html, finishing),
                        Err(_) => finish_html(&String::from_utf8_lossy(&f.bytes), finishing),
                    };
                    f.bytes = finished.into_bytes();
                }
            }
        }
        self.remember(&f.path, raw, f.bytes.as_slice().into());
        (self.emit)(self.sink, f)
    }

    /// Takes the pages of the kept routes, and the site-wide files when
    /// they are kept, from the last build.
    fn take_kept(&self, last: &Last, reuse: &Reuse, languages: &[String]) -> Result<(), IoFailure> {
        for route in &reuse.kept {
            for lang in languages {
                let path = route.file(lang);
                self.take(&path, &last.files[&path])?;
            }
        }
        if reuse.keep_site_files {
            for (path, m) in last.files.iter().filter(|(_, m)| !m.route) {
                self.take(path, m)?;
            }
        }
        Ok(())
    }

    /// A file of the last build, exactly as it was.
    fn take(&self, path: &str, m: &Made) -> Result<(), IoFailure> {
        self.remember(path, m.raw, m.bytes.clone());
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.same_as_last(path.to_string());
        if self.lean {
            return Ok(());
        }
        (self.emit)(
            self.sink,
            OutputFile {
                path: path.to_string(),
                bytes: m.bytes.to_vec(),
            },
        )
    }

    fn remember(&self, path: &str, raw: u64, bytes: Arc<[u8]>) {
        if !self.caching {
            return;
        }
        self.next
            .lock()
            .expect("bug: a rendering thread panicked")
            .insert(
                path.to_string(),
                Made {
                    raw,
                    bytes,
                    route: self.route_files.contains(path),
                },
            );
    }

    fn same_as_last(&self, path: String) {
        self.unchanged
            .lock()
            .expect("bug: a rendering thread panicked")
            .insert(path);
    }

    /// How many pages, which files are as the last build made them, and
    /// every file for the next build.
    fn into_parts(self) -> (usize, HashSet<String>, HashMap<String, Made>) {
        (
            self.pages.into_inner(),
            self.unchanged
                .into_inner()
                .expect("bug: a rendering thread panicked"),
            self.next
                .into_inner()
                .expect("bug: a rendering thread panicked"),
        )
    }
}

impl BuildCache {
    /// Step 6 with a cache: keeps this build for the next one and returns
    /// its site. Comparisons of documents whose pages were kept are still
    /// the site's, though this build did not look them up.
    fn remember(
        &mut self,
        inputs: Inputs,
        files: HashMap<String, Made>,
        stale: &Stale,
    ) -> Arc<Site> {
        self.comparisons.keep(|doc| match stale {
            Stale::All => false,
            Stale::Documents { documents, .. } => !documents.contains(doc),
        });
        let site = Arc::clone(&inputs.site);
        self.last = Some(Last { inputs, files });
        site
    }
}
