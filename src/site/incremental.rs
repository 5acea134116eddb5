//! What `serve` keeps between builds ([`BuildCache`]) and what a build
//! can take from the last one: which inputs changed ([`Stale`]), and so
//! which pages and site-wide files are still exactly as they were
//! ([`Reuse`]).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use crate::asof::BuildOptions;
use crate::model::{Document, Site};
use crate::render::{self, BodyCache, ComparisonCache, Reads};
use crate::routes::Route;
use crate::theme::Theme;
use crate::transparency::Seals;

use super::Sources;

/// What [`build_cached`] keeps between builds: rendered Markdown bodies,
/// comparisons, and the last good build's inputs and finished pages. Each
/// is reused only while what it was made from is exactly the same, and the
/// cache holds no more than about one site's worth of each.
#[derive(Default)]
pub struct BuildCache {
    pub bodies: BodyCache,
    pub(super) comparisons: ComparisonCache,
    /// The last build that succeeded.
    pub(super) last: Option<Last>,
    /// Leave files that did not change out of [`Built::files`].
    pub(super) lean: bool,
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

    /// Step 6 with a cache: keeps this build for the next one and returns
    /// its site. Comparisons of documents whose pages were kept are still
    /// the site's, though this build did not look them up.
    pub(super) fn remember(
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

/// A build that succeeded, as the next build needs it.
pub(super) struct Last {
    pub(super) inputs: Inputs,
    /// Every file the renderer made, by output path.
    pub(super) files: HashMap<String, Made>,
}

/// One file of the last good build.
pub(super) struct Made {
    /// For a page: a hash of its HTML before finishing, with the finishing
    /// options (see `finish` in [`run`]).
    pub(super) raw: u64,
    /// As emitted (finished, for HTML); shared, since most files are
    /// taken over unchanged build after build.
    pub(super) bytes: Arc<[u8]>,
    /// Whether it is a route's page, rather than a site-wide file (feed,
    /// API, sitemap, language chooser …).
    pub(super) route: bool,
}

/// Everything the view of a page may read (see [`render::reads`]).
pub(super) struct Inputs {
    pub(super) site: Arc<Site>,
    pub(super) theme: Theme,
    pub(super) seals: Option<Seals>,
    pub(super) opts: BuildOptions,
}

impl Inputs {
    /// Step 3's result, held for this build and, with a cache, the next.
    pub(super) fn new(
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

/// What changed since the last good build, as far as rendering goes.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Stale {
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
/// has, and in which files, kept), except the lines that may be headings:
/// the rights block of school and relationship pages links to the rights
/// section of a statement, found by its heading.
fn without_texts(doc: &Document) -> Document {
    let mut d = doc.clone();
    for v in &mut d.versions {
        for body in v.bodies.values_mut() {
            body.source = heading_lines(&body.source);
        }
    }
    d
}

/// Every line that is or may be a heading: an ATX heading, and the line
/// above a setext underline. More than the headings is harmless (another
/// edit only re-renders more pages); fewer is not.
fn heading_lines(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let underlined = lines.get(i + 1).is_some_and(|next| {
            let t = next.trim();
            !t.is_empty() && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '='))
        });
        if line.trim_start().starts_with('#') || underlined {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// What this build takes from the last one as it was.
pub(super) struct Reuse<'r> {
    pub(super) stale: Stale,
    /// Routes whose pages are taken, in every language: their inputs did
    /// not change, and the last build has all of them.
    pub(super) kept: HashSet<&'r Route>,
    /// Whether the site-wide files are taken too.
    pub(super) keep_site_files: bool,
}

impl<'r> Reuse<'r> {
    pub(super) fn plan(last: Option<&Last>, inputs: &Inputs, routes: &'r [Route]) -> Reuse<'r> {
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
                languages.iter().all(|l| {
                    std::iter::once(r.file(l))
                        .chain(render::companions(r, l))
                        .all(|f| last.files.contains_key(&f))
                })
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

    /// Which files are pages of a route, or go with them (a document's
    /// search index), for the next build.
    pub(super) fn route_files(&self, routes: &[Route], languages: &[String]) -> HashSet<String> {
        routes
            .iter()
            .flat_map(|r| {
                languages
                    .iter()
                    .flat_map(move |l| std::iter::once(r.file(l)).chain(render::companions(r, l)))
            })
            .collect()
    }
}
