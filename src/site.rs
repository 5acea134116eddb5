//! The pipeline shared by `build`, `check` and `serve`:
//! load content → render bodies → render pages → finish HTML.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::Instant;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::content;
use crate::diag::{Diagnostic, Diagnostics, IoFailure};
use crate::model::Site;
use crate::output::Staging;
use crate::render::{Bodies, BodyCache, BuildOptions, OutputFile, RenderFailure, Renderer};
use crate::rewrite::{RewriteOptions, finish_page};
use crate::theme::Theme;

/// A site rendered in memory, ready to be written or served.
pub struct Built {
    pub site: Site,
    pub files: Vec<OutputFile>,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub millis: u128,
    /// How long each step took, in order (for `POLICYPRESS_TIMING`).
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

/// Reads, checks and renders the site in `root`. On any error, returns all
/// diagnostics (errors and warnings) and renders nothing.
pub fn build(root: &Path, opts: BuildOptions) -> Result<Built, Diagnostics> {
    build_cached(root, opts, &mut BuildCache::default())
}

/// What [`build_cached`] keeps between builds: rendered Markdown bodies and
/// finished pages, each reused only while its input is exactly the same.
/// Holds no more than one site's worth of each.
#[derive(Default)]
pub struct BuildCache {
    pub bodies: BodyCache,
    /// Output path → (hash of the page before finishing, finished bytes).
    finished: HashMap<String, (u64, Vec<u8>)>,
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

/// [`build`] with work kept in `cache` between calls: `serve` rebuilds on
/// every save and re-renders only the bodies that changed, and finishes
/// only the pages whose HTML changed.
pub fn build_cached(
    root: &Path,
    opts: BuildOptions,
    cache: &mut BuildCache,
) -> Result<Built, Diagnostics> {
    let next_finished = Mutex::new(HashMap::new());
    let reuse = Reuse {
        bodies: &mut cache.bodies,
        finished: &cache.finished,
        next: &next_finished,
    };
    let (done, files) = run(
        root,
        opts,
        Some(reuse),
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
    cache.finished = next_finished
        .into_inner()
        .expect("bug: a rendering thread panicked");
    Ok(Built {
        site: done.site,
        files,
        diagnostics: done.diagnostics,
        pages: done.pages,
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

/// A site rendered and written out.
pub struct Written {
    pub site: Site,
    /// Warnings (errors make the build fail instead).
    pub diagnostics: Diagnostics,
    pub pages: usize,
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
        || Staging::begin(out),
        &|s: &Staging, f| s.write(&f),
    )?;
    staging.commit().map_err(Failure::Io)?;
    Ok(Written {
        millis: started.elapsed().as_millis(),
        ..done
    })
}

/// Work from an earlier build that `serve` reuses.
struct Reuse<'c> {
    bodies: &'c mut BodyCache,
    /// The previous build's finished pages.
    finished: &'c HashMap<String, (u64, Vec<u8>)>,
    /// This build's finished pages, for the next one.
    next: &'c Mutex<HashMap<String, (u64, Vec<u8>)>>,
}

/// Loads, checks and renders, handing every finished file to `emit`.
/// `begin` makes the sink once the content has loaded without errors.
fn run<S: Sync>(
    root: &Path,
    opts: BuildOptions,
    reuse: Option<Reuse<'_>>,
    begin: impl FnOnce() -> Result<S, IoFailure>,
    emit: &(dyn Fn(&S, OutputFile) -> Result<(), IoFailure> + Sync),
) -> Result<(Written, S), Failure> {
    let started = Instant::now();
    let mut phases = Vec::new();
    let mut mark = Instant::now();
    let mut lap = |name: &'static str| {
        let now = Instant::now();
        phases.push((name, now - mark));
        mark = now;
    };
    let (site, mut diags) = content::load(root);
    lap("load");
    // A private key in a published folder stops the build whatever else
    // is wrong, and is reported with the content's own findings.
    let keys = crate::key_scan::scan(root);
    let key_found = !keys.is_empty();
    for d in keys {
        diags.push(d);
    }
    lap("key scan");
    let Some(site) = site.filter(|_| !key_found) else {
        return Err(Failure::Content(diags));
    };
    let mut extra = Vec::new();
    let theme = Theme::load(root, &site.config, &mut extra);
    let (bodies, md_diags, finished) = match reuse {
        Some(r) => {
            let (b, d) = Bodies::render_cached(&site, r.bodies);
            (b, d, Some((r.finished, r.next)))
        }
        None => {
            let (b, d) = Bodies::render(&site);
            (b, d, None)
        }
    };
    extra.extend(md_diags);
    lap("theme, bodies");
    let (seals, log_files, log_diags) = crate::transparency::for_build(root, &site);
    extra.extend(log_diags);
    diags.extend(extra.into());
    lap("transparency");
    if diags.has_errors() {
        return Err(Failure::Content(diags));
    }
    let renderer = match Renderer::with_seals(&site, &theme, &bodies, opts, seals.as_ref()) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return Err(Failure::Content(diags));
        }
    };
    lap("templates");
    diags.extend(crate::lint::review_warnings(root, &site, opts.as_of, false).into());
    lap("review");
    let sink = begin().map_err(Failure::Io)?;
    let default_ui = theme.strings.get(site.config.default_lang());
    let default_label = default_ui.map_or("(external link)", |s| s.get("external_link"));
    let pages = AtomicUsize::new(0);
    // Pages are finished (base path, external links, header scopes) as they
    // come out of the templates, on the same thread, then handed on.
    let finish = |mut f: OutputFile| {
        if f.path.ends_with(".html") {
            // Each language's pages get their own label for external links.
            let lang = f.path.split('/').next().unwrap_or("");
            let opts = RewriteOptions {
                base_path: site.config.base_path(),
                site_origin: site.config.origin(),
                external_label: theme
                    .strings
                    .get(lang)
                    .map_or(default_label, |s| s.get("external_link")),
            };
            match finished {
                Some((previous, next)) => {
                    // The finished page depends on the page and the options only.
                    let raw = hash_of(&[
                        &f.bytes,
                        opts.base_path.as_bytes(),
                        opts.site_origin.as_bytes(),
                        opts.external_label.as_bytes(),
                    ]);
                    match previous.get(&f.path) {
                        Some((h, done)) if *h == raw => f.bytes = done.clone(),
                        _ => {
                            let html = String::from_utf8_lossy(&f.bytes);
                            f.bytes = finish_page(&html, &opts).into_bytes();
                        }
                    }
                    next.lock()
                        .expect("bug: a rendering thread panicked")
                        .insert(f.path.clone(), (raw, f.bytes.clone()));
                }
                None => {
                    let html = String::from_utf8_lossy(&f.bytes);
                    f.bytes = finish_page(&html, &opts).into_bytes();
                }
            }
            pages.fetch_add(1, Ordering::Relaxed);
        }
        emit(&sink, f)
    };
    match renderer.render_each(&finish) {
        Ok(()) => {}
        Err(RenderFailure::Template(d)) => {
            diags.push(d);
            return Err(Failure::Content(diags));
        }
        Err(RenderFailure::Emit(e)) => return Err(Failure::Io(e)),
    }
    // The log, artifacts and bundles, exactly as `publish` wrote them.
    for (path, bytes) in log_files {
        emit(&sink, OutputFile { path, bytes }).map_err(Failure::Io)?;
    }
    drop(renderer);
    lap("pages");
    let done = Written {
        site,
        diagnostics: diags,
        pages: pages.into_inner(),
        millis: started.elapsed().as_millis(),
        phases,
    };
    Ok((done, sink))
}
