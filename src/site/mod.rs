//! The pipeline shared by `build`, `check` and `serve`, as named steps:
//!
//! 1. [`load`] the content (and scan for private keys beside it);
//! 2. the theme, each language's finishing ([`Finishings`]) and the
//!    Markdown bodies ([`render_bodies`]);
//! 3. the transparency log, which decides what may be shown;
//! 4. the site as of its date ([`SiteAsOf`]) through the templates, and
//! 5. each page finished as it comes out and handed on ([`emit`]), or taken
//!    from the last build when nothing it shows changed ([`incremental`]);
//! 6. the files written in one step ([`build_into`]) or kept in memory
//!    ([`build`], [`build_cached`] for `serve`).

mod emit;
mod incremental;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use self::emit::Emitter;
pub use self::incremental::BuildCache;
use self::incremental::{Inputs, Made, Reuse, Stale};
use crate::asof::{BuildOptions, SiteAsOf};
use crate::content;
use crate::diag::{Diagnostic, Diagnostics, IoFailure};
use crate::i18n::UiKey;
use crate::messages::Rule;
use crate::model::{Date, Site};
use crate::output::{OutputFile, Staging};
use crate::render::{Bodies, RenderFailure, Renderer};
use crate::rewrite::{Finish, RewriteOptions};
use crate::theme::Theme;
use crate::upcoming::Happening;

/// A site rendered in memory, ready to be written or served.
pub struct Built {
    pub site: Arc<Site>,
    pub files: Vec<OutputFile>,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Diagnostics,
    /// How many pages (HTML files of routes) the build made.
    pub pages: usize,
    /// Files whose bytes are known to be exactly those of the previous
    /// successful build with the same cache ([`build_cached`]), so `serve`
    /// need not look at them again; with a [`BuildCache::lean`] cache they
    /// are not in `files`. Other files may be unchanged too.
    pub unchanged: HashSet<String>,
    /// How long each step took, in order (for `POLICYPRESS_TIMING`).
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

/// Reads, checks and renders the site in `root`. On any error, returns all
/// diagnostics (errors and warnings) and renders nothing.
pub fn build(root: &Path, opts: BuildOptions) -> Result<Built, Diagnostics> {
    collect(root, opts, None)
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
    /// The first day after the as-of date on which the output changes by
    /// itself, and what happens then: the site must be built again on or
    /// after it. `None` when nothing is dated later.
    pub next_change: Option<(Date, Vec<Happening>)>,
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
    let (site, mut diags) = load(root, opts)?;
    clock.lap("load, key scan");
    let mut extra = Vec::new();
    let theme = Theme::load(root, &site.config, &mut extra);
    let mut extra: Vec<Diagnostic> = extra
        .into_iter()
        .map(|d| d.with_rule(Rule::Theme))
        .collect();
    let finishings = Finishings::new(&site, &theme);
    let (bodies, md_diags) = render_bodies(&site, &finishings, cache.as_deref_mut());
    extra.extend(md_diags);
    clock.lap("theme, bodies");
    let (seals, log_files, log_diags) = crate::transparency::for_build(root, &site);
    extra.extend(
        log_diags
            .into_iter()
            .map(|d| d.with_rule(Rule::TransparencyLog)),
    );
    diags.extend(extra.into());
    clock.lap("transparency");
    if diags.has_errors() {
        return Err(Failure::Content(diags));
    }
    let inputs = Inputs::new(site, theme, seals, opts, sources);
    let prepared = Prepared {
        root,
        inputs: &inputs,
        bodies: &bodies,
        finishings: &finishings,
        cache: cache.as_deref(),
    };
    let (emitted, sink) = render_and_emit(prepared, &mut diags, &mut clock, begin, emit)?;
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
        next_change: emitted.next_change,
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

/// Step 1: reads and checks `content/`: for publication, unless the build
/// shows drafts or is a preview (then a placeholder left in is a warning).
/// A private key in a published folder stops the build whatever else is
/// wrong, and is reported with the content's own findings; both read every
/// content file, so they read side by side.
fn load(root: &Path, opts: BuildOptions) -> Result<(Site, Diagnostics), Failure> {
    let purpose = if opts.drafts || opts.preview {
        content::Purpose::Preview
    } else {
        content::Purpose::Publication
    };
    let ((site, mut diags), keys) = rayon::join(
        || content::load_for(root, purpose),
        || crate::key_scan::scan(root),
    );
    let key_found = !keys.is_empty();
    for d in keys {
        diags.push(d.with_rule(Rule::PrivateKey));
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

/// What steps 1 to 3 made, for steps 4 and 5.
struct Prepared<'p> {
    root: &'p Path,
    inputs: &'p Inputs,
    bodies: &'p Bodies,
    finishings: &'p Finishings,
    /// The cache of `serve`, with the last good build.
    cache: Option<&'p BuildCache>,
}

/// What rendering and emitting left for the end of the build.
struct Emitted {
    pages: usize,
    unchanged: HashSet<String>,
    /// Every file made, for the next build (empty without a cache).
    files: HashMap<String, Made>,
    stale: Stale,
    /// The first day the output changes by itself, and what happens then.
    next_change: Option<(Date, Vec<Happening>)>,
}

/// Steps 4 and 5: the site as of its date, through the templates; each
/// page finished as it comes out and handed to the sink made by `begin`,
/// or taken from the last build when nothing it shows changed.
fn render_and_emit<S: Sync>(
    p: Prepared,
    diags: &mut Diagnostics,
    clock: &mut Clock,
    begin: impl FnOnce() -> Result<S, IoFailure>,
    emit: &(dyn Fn(&S, OutputFile) -> Result<(), IoFailure> + Sync),
) -> Result<(Emitted, S), Failure> {
    let site = &p.inputs.site;
    let asof = SiteAsOf::new(site, p.inputs.opts, p.inputs.seals.as_ref());
    let renderer = match Renderer::new(&asof, &p.inputs.theme, p.bodies) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d.with_rule(Rule::Template));
            return Err(Failure::Content(std::mem::take(diags)));
        }
    };
    let renderer = match p.cache {
        Some(c) => renderer.reuse_comparisons(&c.comparisons),
        None => renderer,
    };
    clock.lap("templates");
    diags.extend(crate::lint::review_warnings(p.root, site, p.inputs.opts.as_of, false).into());
    clock.lap("review");
    let last = p.cache.and_then(|c| c.last.as_ref());
    let routes = asof.routes();
    let reuse = Reuse::plan(last, p.inputs, &routes);
    let languages = &site.config.languages;
    // Which files are pages of a route, for the next build.
    let route_files = match p.cache {
        Some(_) => reuse.route_files(&routes, languages),
        None => HashSet::new(),
    };
    let sink = begin().map_err(Failure::Io)?;
    let out = Emitter::new(&sink, emit, p.finishings, p.cache, route_files);
    if let Some(last) = last {
        out.take_kept(last, &reuse, languages)
            .map_err(Failure::Io)?;
    }
    let skip = |r: &crate::routes::Route| reuse.kept.contains(r);
    match renderer.render_each(&skip, !reuse.keep_site_files, &|f| out.finish(f)) {
        Ok(()) => {}
        Err(RenderFailure::Template(d)) => {
            diags.push(d.with_rule(Rule::Template));
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
        next_change: asof.next_change(),
    };
    Ok((emitted, sink))
}
