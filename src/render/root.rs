//! The two pages outside every language: the language chooser at the
//! site's root (`index.html`, which sends visitors on without JavaScript)
//! and `404.html`, which speaks every language of the site at once, under
//! the site's header.

use super::Renderer;
use super::env::{self, sv};
use crate::diag::Diagnostic;
use crate::i18n::UiKey;
use crate::routes::Route;

/// `index.html`: every language's home page, the default one first.
pub(super) fn language_chooser(r: &Renderer) -> Result<String, Diagnostic> {
    let cfg = &r.site.config;
    let langs: Vec<_> = cfg
        .languages
        .iter()
        .map(|l| {
            let ui = r.ui(l);
            minijinja::context! {
                code => l,
                name => ui.language_name(l),
                url => Route::Home.path(l),
                absolute_url => r.asof.url(&Route::Home, l),
                title => sv(r.text(&cfg.title, l)),
                choose => ui.get(UiKey::ChooseLanguage),
            }
        })
        .collect();
    let default = cfg.default_lang();
    env::render(
        &r.env,
        r.site,
        "root.html",
        minijinja::context! {
            default_lang => default,
            default_url => Route::Home.path(default),
            default_absolute_url => r.asof.url(&Route::Home, default),
            title => sv(r.text(&cfg.title, default)),
            languages => langs,
            base_url => &cfg.base_url,
        },
    )
}

/// `404.html`: "page not found" in every language of the site.
pub(super) fn not_found(r: &Renderer) -> Result<String, Diagnostic> {
    let cfg = &r.site.config;
    let langs: Vec<_> = cfg
        .languages
        .iter()
        .map(|l| {
            let ui = r.ui(l);
            minijinja::context! {
                code => l,
                ui_lang => &ui.written_in,
                heading => ui.get(UiKey::NotFoundHeading),
                text => ui.get(UiKey::NotFoundText),
                home => ui.get(UiKey::NotFoundHome),
                url => Route::Home.path(l),
                title => sv(r.text(&cfg.title, l)),
                name => ui.language_name(l),
            }
        })
        .collect();
    let default = cfg.default_lang();
    // The site's menu in its first language, so a reader who followed a
    // dead link can go on from the site's header as from any page.
    let nav: Vec<_> = r
        .menu()
        .iter()
        .map(|route| {
            minijinja::context! {
                url => route.path(default),
                title => r.link_title(route, default).text,
            }
        })
        .collect();
    env::render(
        &r.env,
        r.site,
        "404.html",
        minijinja::context! {
            default_lang => default,
            languages => langs,
            nav => nav,
            ui => sv(r.ui(default).all()),
        },
    )
}
