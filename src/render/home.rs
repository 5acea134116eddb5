//! The home page of each language: the publisher, the documents that
//! apply now, the schools, the latest changes and the other pages.

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::routes::{Feed, Route};

/// How many changes the home page lists; the rest are one link away.
const LATEST_CHANGES: usize = 8;

/// The home page.
pub(super) fn home(r: &Renderer, lang: &str) -> Page {
    let site_title = r.text(&r.site.config.title, lang);
    let docs: Vec<_> = r
        .asof
        .documents_in_reading_order()
        .into_iter()
        .map(|d| r.document_summary(d, lang))
        .collect();
    let schools: Vec<_> = r
        .site
        .schools
        .values()
        .map(|s| r.school_summary(s, lang))
        .collect();
    let changes = r.change_items(r.asof.changes().iter().take(LATEST_CHANGES), lang);
    let description = r
        .ui(lang)
        .fill(UiKey::HomeDescription, &[("site", &site_title.text)]);
    let data = minijinja::context! {
        publisher => sv(r.publisher_view(lang)),
        documents => sv(docs),
        schools => sv(schools),
        changes => sv(changes),
        pages => sv(r.page_links(lang)),
        all_changes => Route::SiteChanges.path(lang),
    };
    Page::new(site_title, description, data).with_feeds(vec![Feed::Site, Feed::Material])
}
