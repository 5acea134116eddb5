//! The pipeline shared by `build`, `check` and `serve`:
//! load content → render bodies → render pages → finish HTML.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::content;
use crate::diag::Diagnostics;
use crate::model::Site;
use crate::render::{Bodies, BodyCache, BuildOptions, OutputFile, Renderer};
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
    let started = Instant::now();
    let (site, mut diags) = content::load(root);
    let Some(site) = site else {
        return Err(diags);
    };
    let mut extra = Vec::new();
    let theme = Theme::load(root, &site.config, &mut extra);
    let (bodies, md_diags) = Bodies::render_cached(&site, &mut cache.bodies);
    extra.extend(md_diags);
    diags.extend(extra.into());
    if diags.has_errors() {
        return Err(diags);
    }
    let renderer = match Renderer::new(&site, &theme, &bodies, opts) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    diags.extend(crate::lint::review_warnings(root, &site, opts.as_of, false).into());
    let mut files = match renderer.render_all() {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    let default_ui = theme.strings.get(site.config.default_lang());
    let default_label = default_ui.map_or("(external link)", |s| s.get("external_link"));
    // Each language's pages get their own label for external links.
    let finished = &cache.finished;
    let raw_hashes: Vec<Option<u64>> = files
        .par_iter_mut()
        .map(|f| {
            if !f.path.ends_with(".html") {
                return None;
            }
            let lang = f.path.split('/').next().unwrap_or("");
            let opts = RewriteOptions {
                base_path: site.config.base_path(),
                site_origin: site.config.origin(),
                external_label: theme
                    .strings
                    .get(lang)
                    .map_or(default_label, |s| s.get("external_link")),
            };
            // The finished page depends on the page and the options only.
            let raw = hash_of(&[
                &f.bytes,
                opts.base_path.as_bytes(),
                opts.site_origin.as_bytes(),
                opts.external_label.as_bytes(),
            ]);
            if let Some((h, done)) = finished.get(&f.path)
                && *h == raw
            {
                f.bytes = done.clone();
                return Some(raw);
            }
            let html = String::from_utf8_lossy(&f.bytes);
            f.bytes = finish_page(&html, &opts).into_bytes();
            Some(raw)
        })
        .collect();
    cache.finished = files
        .iter()
        .zip(raw_hashes)
        .filter_map(|(f, h)| Some((f.path.clone(), (h?, f.bytes.clone()))))
        .collect();
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    drop(renderer);
    Ok(Built {
        site,
        files,
        diagnostics: diags,
        pages,
        millis: started.elapsed().as_millis(),
    })
}
