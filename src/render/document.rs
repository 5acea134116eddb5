//! A document's pages: the document (its version in force, announced
//! versions, every version), each version at its permanent URL, and its
//! change log.

use super::env::sv;
use super::print::Printed;
use super::views::Link;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::model::{Document, Timeline, Version, VersionNumber, VersionStatus};
use crate::routes::{Feed, Route};

/// The document and its timeline, which every route to it has.
fn find<'a>(r: &Renderer<'a>, slug: &str) -> (&'a Document, &'a Timeline<'a>) {
    let t = r
        .asof
        .timeline(slug)
        .expect("bug: a route to a document without a timeline");
    (t.document, t)
}

/// Whether any version shown is a draft (the page then has the banner).
fn has_draft(t: &Timeline) -> bool {
    t.entries.iter().any(|e| e.status == VersionStatus::Draft)
}

/// A document: the version in force, announced ones and every version.
pub(super) fn document(r: &Renderer, slug: &str, lang: &str) -> Page {
    let (doc, t) = find(r, slug);
    let summary = r.document_summary(doc, lang);
    let versions: Vec<_> = t
        .entries
        .iter()
        .rev()
        .map(|e| r.version_view(doc, e, lang))
        .collect();
    let body = t.in_force().and_then(|e| r.body_view(doc, e.version, lang));
    let schools: Vec<_> = r
        .site
        .schools_with(doc)
        .into_iter()
        .map(|s| r.school_summary(s, lang))
        .collect();
    let description = r.ui(lang).fill(
        UiKey::DocumentDescription,
        &[
            ("title", &summary.title.text),
            ("owner", &summary.owner.name.text),
        ],
    );
    let heading = summary.title.clone();
    let data = minijinja::context! {
        document => sv(summary),
        versions => sv(versions),
        body => sv(body),
        schools => sv(schools),
    };
    let mut page = Page::new(heading, description, data)
        .with_draft(has_draft(t))
        .with_feeds(vec![Feed::Document(slug.to_string())]);
    // On paper the page is the version in force, at that version's own URL.
    if let Some(e) = t.in_force() {
        page.printed = printed(r, slug, e.version, lang);
        page.printed.permalink = Some(Route::Version(slug.to_string(), e.version.number.clone()));
    }
    page
}

/// What a page showing version `v` of document `slug` prints about it.
fn printed(r: &Renderer, slug: &str, v: &Version, lang: &str) -> Printed {
    let seal = r.asof.version_seal(slug, &v.number);
    Printed {
        permalink: None,
        version: Some(
            r.ui(lang)
                .fill(UiKey::VersionHeading, &[("version", v.number.as_str())]),
        ),
        effective: Some(v.effective),
        unsealed: seal.is_none(),
        seals: seal
            .map(|s| (v.number.clone(), s.sha256.to_string()))
            .into_iter()
            .collect(),
    }
}

/// One version at its permanent URL.
pub(super) fn version(r: &Renderer, slug: &str, number: &VersionNumber, lang: &str) -> Page {
    let (doc, t) = find(r, slug);
    let e = t
        .entry(number)
        .expect("bug: a route to a version that is not shown");
    let previous = e.previous.map(|p| Link {
        title: r.plain(p.number.as_str()),
        url: Route::Version(slug.to_string(), p.number.clone()).path(lang),
    });
    let heading = r.text(&doc.title, lang);
    let description = r.ui(lang).fill(
        UiKey::VersionDescription,
        &[("title", &heading.text), ("version", number.as_str())],
    );
    let title = r.ui(lang).fill(
        UiKey::VersionTitle,
        &[("title", &heading.text), ("version", number.as_str())],
    );
    let data = minijinja::context! {
        document => sv(r.document_summary(doc, lang)),
        version => sv(r.version_view(doc, e, lang)),
        body => sv(r.body_view(doc, e.version, lang)),
        previous => sv(previous),
    };
    let mut page =
        Page::new(heading, description, data).with_draft(e.status == VersionStatus::Draft);
    page.title = Some(title);
    page.printed = printed(r, slug, e.version, lang);
    page
}

/// A document's change log: every version, newest first.
pub(super) fn change_log(r: &Renderer, slug: &str, lang: &str) -> Page {
    let (doc, t) = find(r, slug);
    let ui = r.ui(lang);
    let summary = r.document_summary(doc, lang);
    let versions: Vec<_> = t
        .entries
        .iter()
        .rev()
        .map(|e| r.version_view(doc, e, lang))
        .collect();
    let title = &summary.title.text;
    let heading = r.plain(&ui.fill(UiKey::ChangeLogHeading, &[("title", title)]));
    let description = ui.fill(UiKey::ChangeLogDescription, &[("title", title)]);
    let data = minijinja::context! { document => sv(summary), versions => sv(versions) };
    Page::new(heading, description, data)
        .with_draft(has_draft(t))
        .with_feeds(vec![Feed::Document(slug.to_string())])
}
