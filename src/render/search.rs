//! The search page and the index it reads: one part per document and
//! language (see [`crate::search`]), written with the document's pages so
//! that a preview save writes only the saved document's parts again, and a
//! small manifest per language naming the parts.

use serde_json::json;

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::model::VersionStatus;
use crate::output::OutputFile;
use crate::routes::Route;
use crate::search::{self, Entry, Part};

/// The site path of the manifest of `lang`'s index.
pub(crate) fn manifest_path(lang: &str) -> String {
    format!("/{lang}/search/index.json")
}

/// The files that are written with the pages of `route` in `lang` and
/// change only when they do: a document's index parts.
pub(crate) fn companions(route: &Route, lang: &str) -> Vec<String> {
    match route {
        Route::Document(d) => [Part::Current, Part::Older]
            .map(|p| p.file(d, lang))
            .to_vec(),
        _ => Vec::new(),
    }
}

/// The entries with the sections of an announced version (or a draft)
/// that read exactly as in the version in force left out: a reader finds
/// each text once, and what is coming only where it differs.
fn without_repeats(mut entries: Vec<Entry>) -> Vec<Entry> {
    let Some(in_force) = entries.iter().position(|e| e.status == "in-force") else {
        return entries;
    };
    let same: std::collections::HashSet<_> = entries[in_force].sections.iter().cloned().collect();
    for (i, e) in entries.iter_mut().enumerate() {
        if i != in_force && e.status != "superseded" {
            e.sections.retain(|s| !same.contains(s));
        }
    }
    entries
}

fn status_code(status: VersionStatus) -> &'static str {
    match status {
        VersionStatus::Draft => "draft",
        VersionStatus::Announced => "announced",
        VersionStatus::InForce => "in-force",
        VersionStatus::Superseded => "superseded",
    }
}

impl Renderer<'_> {
    /// The files that go with the page of `route` in `lang` (see
    /// [`companions`]), in the same order.
    pub(super) fn companion_files(&self, route: &Route, lang: &str) -> Vec<OutputFile> {
        let Route::Document(doc) = route else {
            return Vec::new();
        };
        [Part::Current, Part::Older]
            .into_iter()
            .map(|part| OutputFile {
                path: part.file(doc, lang),
                bytes: self.index_part(doc, part, lang).into_bytes(),
            })
            .collect()
    }

    /// One part of the index of document `doc` for readers of `lang`: the
    /// texts they would read on its pages (in `lang`, or the default
    /// language where a translation is missing).
    fn index_part(&self, doc: &str, part: Part, lang: &str) -> String {
        let Some(t) = self.asof.timeline(doc) else {
            return search::part_json(part, "", &[]);
        };
        // The text in force first, then what is coming; older texts newest
        // first.
        let mut shown: Vec<_> = t.entries.iter().rev().collect();
        shown.sort_by_key(|e| e.status != VersionStatus::InForce);
        let entries: Vec<Entry> = shown
            .into_iter()
            .filter(|e| (e.status == VersionStatus::Superseded) == (part == Part::Older))
            .filter_map(|e| {
                let found =
                    self.bodies
                        .version_in(doc, &e.version.number, lang, self.default_lang())?;
                let url = match e.status {
                    VersionStatus::InForce => Route::Document(doc.to_string()).path(lang),
                    _ => Route::Version(doc.to_string(), e.version.number.clone()).path(lang),
                };
                Some(Entry {
                    version: e.version.number.as_str().to_string(),
                    status: status_code(e.status),
                    url,
                    lang: found.lang.to_string(),
                    sections: search::sections(&found.value.html),
                })
            })
            .collect();
        let entries = without_repeats(entries);
        let title = self.text(&t.document.title, lang).text;
        search::part_json(part, &title, &entries)
    }

    /// The manifest of `lang`'s index: every document's parts, in the
    /// order the documents are listed.
    pub(super) fn search_manifest(&self, lang: &str) -> OutputFile {
        let documents: Vec<_> = self
            .asof
            .documents_in_reading_order()
            .into_iter()
            .filter(|d| self.asof.timeline(&d.slug).is_some())
            .map(|d| {
                json!({
                    "current": Part::Current.path(&d.slug, lang),
                    "older": Part::Older.path(&d.slug, lang),
                })
            })
            .collect();
        OutputFile {
            path: manifest_path(lang)[1..].to_string(),
            bytes: json!({ "documents": documents }).to_string().into_bytes(),
        }
    }
}

/// The search page: a labelled field, what the script says as it searches,
/// and, for a browser without the script, every document to read.
pub(super) fn search_page(r: &Renderer, lang: &str) -> Page {
    let ui = r.ui(lang);
    let documents: Vec<_> = r
        .asof
        .documents_in_reading_order()
        .into_iter()
        .map(|d| sv(r.document_summary(d, lang)))
        .collect();
    let labels = [
        ("in-force", VersionStatus::InForce),
        ("announced", VersionStatus::Announced),
        ("draft", VersionStatus::Draft),
        ("superseded", VersionStatus::Superseded),
    ]
    .map(|(code, s)| (code, ui.get(UiKey::version_status(s)).to_string()));
    let data = minijinja::context! {
        action => Route::Search.path(lang),
        manifest => manifest_path(lang),
        documents => documents,
        labels => labels.iter().map(|(c, l)| minijinja::context! { code => *c, label => l }).collect::<Vec<_>>(),
    };
    Page::new(
        r.label(UiKey::SearchTitle, lang),
        ui.get(UiKey::SearchDescription).to_string(),
        data,
    )
}
