//! The pipeline shared by `build`, `check` and `serve`:
//! load content → render bodies → render pages → finish HTML.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::content;
use crate::diag::Diagnostics;
use crate::model::Site;
use crate::render::{Bodies, BuildOptions, OutputFile, Renderer};
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
    let started = Instant::now();
    let (site, mut diags) = content::load(root);
    // A private key in a published folder stops the build whatever else
    // is wrong, and is reported with the content's own findings.
    let keys = crate::secrets::scan(root);
    let key_found = !keys.is_empty();
    for d in keys {
        diags.push(d);
    }
    let Some(site) = site.filter(|_| !key_found) else {
        return Err(diags);
    };
    let mut extra = Vec::new();
    let theme = Theme::load(root, &site.config, &mut extra);
    let (bodies, md_diags) = Bodies::render(&site);
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
    files.par_iter_mut().for_each(|f| {
        if f.path.ends_with(".html") {
            let lang = f.path.split('/').next().unwrap_or("");
            let opts = RewriteOptions {
                base_path: site.config.base_path(),
                site_origin: site.config.origin(),
                external_label: theme
                    .strings
                    .get(lang)
                    .map_or(default_label, |s| s.get("external_link")),
            };
            let html = String::from_utf8_lossy(&f.bytes);
            f.bytes = finish_page(&html, &opts).into_bytes();
        }
    });
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
