//! Which files under the site folder a page was made from, for the
//! preview: an editor who sees a page knows which file to open. Shown only
//! when [`BuildOptions::preview`](crate::asof::BuildOptions) is set, so a
//! build for publishing never carries it.

use super::Renderer;
use crate::model::{Body, Lang, Version, VersionStatus};
use crate::routes::Route;
use std::collections::BTreeMap;
use std::path::Path;

/// The site file every page reads.
const SITE_TOML: &str = "content/site.toml";

impl Renderer<'_> {
    /// The files `route` in `lang` was made from, relative to the site
    /// folder, most specific first, each once; empty outside the preview.
    pub(super) fn sources(&self, route: &Route, lang: &str) -> Vec<String> {
        if !self.asof.opts.preview {
            return Vec::new();
        }
        let site = self.site;
        let mut out: Vec<&Path> = Vec::new();
        let version = |doc: &str, n: &crate::model::VersionNumber| {
            site.documents
                .get(doc)
                .and_then(|d| d.versions.iter().find(|x| x.number == *n))
        };
        match route {
            Route::Version(d, n) => {
                if let Some(v) = version(d, n) {
                    version_files(&mut out, v, lang);
                }
                if let Some(doc) = site.documents.get(d) {
                    out.push(&doc.file);
                }
            }
            Route::Document(d) => {
                let shown = self.asof.timeline(d).and_then(|t| {
                    t.entries
                        .iter()
                        .find(|e| e.status == VersionStatus::InForce)
                        .or_else(|| t.entries.last())
                });
                if let Some(e) = shown {
                    version_files(&mut out, e.version, lang);
                }
                if let Some(doc) = site.documents.get(d) {
                    out.push(&doc.file);
                }
            }
            Route::Compare(d, a, b) => {
                for n in [b, a] {
                    if let Some(v) = version(d, n) {
                        version_files(&mut out, v, lang);
                    }
                }
            }
            Route::Changes(d) => {
                if let Some(doc) = site.documents.get(d) {
                    out.push(&doc.file);
                    out.extend(doc.versions.iter().rev().map(|v| v.file.as_path()));
                }
            }
            Route::Register => out.extend(site.relationships.values().map(|r| r.file.as_path())),
            Route::School(s) | Route::SchoolRegister(s) => {
                if let Some(school) = site.schools.get(s) {
                    out.push(&school.file);
                    out.extend(
                        site.relationships_of(school)
                            .iter()
                            .map(|r| r.file.as_path()),
                    );
                }
            }
            Route::SchoolRelationship(s, r) => {
                if let Some(rel) = site.relationships.get(r) {
                    out.push(&rel.file);
                    if let Some(o) = site.organisations.get(&rel.party) {
                        out.push(&o.file);
                    }
                }
                if let Some(school) = site.schools.get(s) {
                    out.push(&school.file);
                }
            }
            Route::Relationship(r) => {
                if let Some(rel) = site.relationships.get(r) {
                    out.push(&rel.file);
                    for slug in [&rel.party, &rel.controller] {
                        if let Some(o) = site.organisations.get(slug) {
                            out.push(&o.file);
                        }
                    }
                }
            }
            Route::Organisation(o) => {
                if let Some(org) = site.organisations.get(o) {
                    out.push(&org.file);
                }
            }
            Route::Page(p) => {
                if let Some(page) = site.pages.get(p) {
                    out.extend(body_file(&page.bodies, lang));
                }
            }
            Route::Home
            | Route::Documents
            | Route::SiteChanges
            | Route::Schools
            | Route::Relationships
            | Route::Organisations
            | Route::Accessibility
            | Route::Verify
            | Route::About
            | Route::Search
            | Route::Contact
            | Route::Glossary => {}
        }
        let mut seen = Vec::new();
        for p in out {
            let p = p.to_string_lossy().replace('\\', "/");
            if !p.is_empty() && !seen.contains(&p) {
                seen.push(p);
            }
        }
        if !seen.iter().any(|p| p == SITE_TOML) {
            seen.push(SITE_TOML.to_string());
        }
        seen
    }
}

/// A version's text in `lang` (or the one shown in its place) and its
/// `version.toml`.
fn version_files<'a>(out: &mut Vec<&'a Path>, v: &'a Version, lang: &str) {
    out.extend(body_file(&v.bodies, lang));
    out.push(&v.file);
}

/// The file of the text shown in `lang`: its own, or the first there is
/// (the fallback the page shows with a note).
fn body_file<'a>(bodies: &'a BTreeMap<Lang, Body>, lang: &str) -> Option<&'a Path> {
    bodies
        .get(lang)
        .or_else(|| bodies.values().next())
        .map(|b| b.file.as_path())
}
