//! Work that pages share or that outlives a build: every Markdown body
//! rendered once for all pages ([`Bodies`]), and, for `serve`, the bodies
//! ([`BodyCache`]) and comparisons ([`ComparisonCache`]) kept from one
//! rebuild to the next.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::compare::{self, Comparison, Labels};
use crate::diag::Diagnostic;
use crate::markdown::{self, BodyKind, MarkdownOptions, Rendered};
use crate::model::{Body, InLanguage, Lang, Site, VersionNumber, in_language};
use crate::rewrite::Finish;

/// How the pages of a language are finished (see [`crate::rewrite`]).
pub(crate) type FinishFor<'f> = dyn Fn(&str) -> Finish + Sync + 'f;

/// Rendered Markdown bodies kept between builds, keyed by file, body kind
/// and the `unsafe_html` setting; an entry is reused only while the file's
/// text and the finishing of its language are exactly the same.
#[derive(Default)]
pub struct BodyCache {
    entries: HashMap<BodyKey, CachedBody>,
}

/// A body's file, whether it is a version's (not a free page's), and
/// `unsafe_html`.
type BodyKey = (PathBuf, bool, bool);

struct CachedBody {
    source: String,
    finish: Finish,
    rendered: Arc<Rendered>,
    diagnostics: Vec<Diagnostic>,
}

/// Comparisons kept between builds by `serve`: comparing two versions is
/// the most expensive part of a page, and a save changes at most the
/// comparisons that involve the saved text. An entry is found by a hash of
/// everything [`compare::compare`] reads (both texts and the labels), so it
/// is reused only for exactly the same input.
#[derive(Default)]
pub(crate) struct ComparisonCache {
    /// Key → (the document compared, the comparison).
    entries: Mutex<HashMap<u64, (String, Arc<Comparison>)>>,
    /// The keys looked up since the last [`ComparisonCache::keep`].
    used: Mutex<HashSet<u64>>,
}

impl ComparisonCache {
    /// The comparison of `old` and `new` with `labels`, from the cache or
    /// made now.
    pub(super) fn get<'t>(
        &self,
        doc: &str,
        old: &'t str,
        new: &'t str,
        labels: &Labels,
        counts: &compare::WordCounts<'t>,
    ) -> Arc<Comparison> {
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
        let c = Arc::new(compare::compare_counted(old, new, labels, counts));
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
    pub(crate) fn keep(&mut self, untouched: impl Fn(&str) -> bool) {
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
}

/// A body, per language.
type PerLang = BTreeMap<Lang, Arc<Rendered>>;

/// Every Markdown text of the site, rendered once and reused by every page.
pub(crate) struct Bodies {
    /// Document → version → language.
    versions: BTreeMap<String, BTreeMap<VersionNumber, PerLang>>,
    /// Free page → language.
    pages: BTreeMap<String, PerLang>,
}

/// Whose text a body is.
#[derive(Clone, Copy)]
enum Owner<'s> {
    Version(&'s str, &'s VersionNumber),
    Page(&'s str),
}

impl Bodies {
    /// Renders every body in parallel, finished for the pages of its
    /// language (`finish` gives each language's finishing); Markdown
    /// problems come back as diagnostics naming the file.
    pub(crate) fn render(site: &Site, finish: &FinishFor<'_>) -> (Bodies, Vec<Diagnostic>) {
        Self::render_with(site, finish, None)
    }

    /// Like [`Bodies::render`], but takes bodies whose file, text and options
    /// are unchanged from `cache` instead of rendering them again, and leaves
    /// in `cache` exactly the bodies of this site. `serve` keeps one cache
    /// across rebuilds, so a save re-renders only the file that was saved.
    pub(crate) fn render_cached(
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
        let mut jobs: Vec<(Owner, &str, &Body)> = Vec::new();
        for doc in site.documents.values() {
            for v in &doc.versions {
                for (lang, body) in &v.bodies {
                    jobs.push((Owner::Version(&doc.slug, &v.number), lang, body));
                }
            }
        }
        for page in site.pages.values() {
            for (lang, body) in &page.bodies {
                jobs.push((Owner::Page(&page.slug), lang, body));
            }
        }
        let rendered: Vec<_> = jobs
            .into_par_iter()
            .map(|(owner, lang, body)| {
                let opts = MarkdownOptions {
                    kind: match owner {
                        Owner::Version(..) => BodyKind::Version,
                        Owner::Page(_) => BodyKind::Page,
                    },
                    unsafe_html,
                };
                let key = (
                    body.file.clone(),
                    opts.kind == BodyKind::Version,
                    unsafe_html,
                );
                let finish = finish(lang);
                let hit = cache
                    .as_deref()
                    .and_then(|c| c.entries.get(&key))
                    .filter(|e| e.source == body.source && e.finish == finish);
                if let Some(hit) = hit {
                    let r = hit.rendered.clone();
                    let diags = hit.diagnostics.clone();
                    return (owner, lang, r, diags, key, None);
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
                (owner, lang, r, diags, key, fresh)
            })
            .collect();
        let mut kept = HashMap::with_capacity(rendered.len());
        let mut bodies = Bodies {
            versions: BTreeMap::new(),
            pages: BTreeMap::new(),
        };
        let mut diags = Vec::new();
        for (owner, lang, r, d, key, fresh) in rendered {
            if let Some(cache) = cache.as_deref_mut()
                && let Some(e) = fresh.or_else(|| cache.entries.remove(&key))
            {
                kept.insert(key, e);
            }
            diags.extend(d);
            let languages = match owner {
                Owner::Version(doc, number) => bodies
                    .versions
                    .entry(doc.to_string())
                    .or_default()
                    .entry(number.clone())
                    .or_default(),
                Owner::Page(slug) => bodies.pages.entry(slug.to_string()).or_default(),
            };
            languages.insert(lang.to_string(), r);
        }
        // Only this site's bodies stay, so the cache never outgrows the site.
        if let Some(cache) = cache {
            cache.entries = kept;
        }
        (bodies, diags)
    }

    /// A version's text in exactly `lang`.
    pub(crate) fn version(
        &self,
        doc: &str,
        version: &VersionNumber,
        lang: &str,
    ) -> Option<&Rendered> {
        self.version_languages(doc, version)?
            .get(lang)
            .map(|r| &**r)
    }

    /// A version's text for a reader of `lang`, falling back to the
    /// `default` language (see [`in_language`]).
    pub(crate) fn version_in(
        &self,
        doc: &str,
        version: &VersionNumber,
        lang: &str,
        default: &str,
    ) -> Option<InLanguage<'_, Arc<Rendered>>> {
        in_language(self.version_languages(doc, version)?, lang, default)
    }

    /// A free page's text for a reader of `lang`, falling back to the
    /// `default` language.
    pub(crate) fn page_in(
        &self,
        slug: &str,
        lang: &str,
        default: &str,
    ) -> Option<InLanguage<'_, Arc<Rendered>>> {
        in_language(self.pages.get(slug)?, lang, default)
    }

    fn version_languages(&self, doc: &str, version: &VersionNumber) -> Option<&PerLang> {
        self.versions.get(doc)?.get(version)
    }
}
