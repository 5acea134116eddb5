//! "About this site": who publishes it, the date it shows, its languages
//! (and the one untranslated texts fall back to), the policypress version
//! that made it and, on a site with a log, the log and how to check it.

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::routes::Route;

/// About this site.
pub(super) fn about(r: &Renderer, lang: &str) -> Page {
    let ui = r.ui(lang);
    let cfg = &r.site.config;
    let site_title = r.text(&cfg.title, lang);
    let languages: Vec<_> = cfg
        .languages
        .iter()
        .map(|l| minijinja::context! { code => l, name => ui.language_name(l) })
        .collect();
    let log = r.asof.log().map(|seals| {
        minijinja::context! {
            origin => &seals.origin,
            verify_url => Route::Verify.path(lang),
        }
    });
    let data = minijinja::context! {
        publisher => sv(r.asof.publisher().map(|o| r.org_ref(&o.slug, lang))),
        as_of => sv(r.date(r.asof.as_of(), lang)),
        languages => languages,
        fallback => ui.fill(
            UiKey::AboutFallback,
            &[("language", ui.language_name(cfg.default_lang()))],
        ),
        version => env!("CARGO_PKG_VERSION"),
        log => log,
    };
    Page::new(
        r.label(UiKey::AboutTitle, lang),
        ui.fill(UiKey::AboutDescription, &[("site", &site_title.text)]),
        data,
    )
}
