//! The page that explains the transparency log in plain words and shows
//! how to check it with standard tools (only on a site with a log).

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::routes::Route;
use crate::transparency::logs::Reason;

/// How to verify the log, with the commands for one sealed version.
pub(super) fn verify(r: &Renderer, lang: &str) -> Page {
    let seals = r
        .asof
        .log()
        .expect("bug: the verify page is only routed when the site has a log");
    // The example in the commands: the version in force of the first
    // document that has one (or its newest version).
    let example = r.asof.timelines().find_map(|t| {
        let e = t.in_force().or_else(|| t.entries.last())?;
        let seal = r.seal_view(t.document, e.version, lang)?;
        Some(minijinja::context! {
            title => sv(r.text(&t.document.title, lang)),
            version => e.version.number.as_str(),
            url => Route::Version(t.document.slug.clone(), e.version.number.clone()).path(lang),
            // Where `curl` fetches them from.
            artifact_download => r.asof.absolute(&seal.artifact_url),
            bundle_download => r.asof.absolute(&seal.bundle_url),
            seal => sv(seal),
        })
    });
    // The logs closed before this one, and why, in the reader's words.
    let earlier: Vec<minijinja::Value> = seals
        .earlier
        .iter()
        .map(|e| {
            let why = match e.reason {
                Reason::Lost => UiKey::VerifyEarlierLost,
                Reason::Compromised => UiKey::VerifyEarlierCompromised,
            };
            minijinja::context! {
                number => e.number,
                origin => &e.origin,
                size => e.size,
                next => &e.next,
                closed => crate::cmd::parse_date(&e.closed).ok().map(|d| sv(r.date(d, lang))),
                why => r.ui(lang).get(why),
                url => r.asof.absolute(&format!("/{}/{}/", crate::transparency::DIR, e.folder)),
                folder => &e.folder,
            }
        })
        .collect();
    let rotations: Vec<minijinja::Value> = seals
        .rotations
        .iter()
        .map(|(index, number)| minijinja::context! { index => index, number => number })
        .collect();
    // The chain files of the timestamp authorities the site names, for
    // the commands that check a timestamp.
    let tsa_files: Vec<String> = r
        .site
        .config
        .transparency
        .iter()
        .flat_map(|t| &t.timestamp_authorities)
        .filter_map(|u| crate::tsa::file_name(u))
        .map(|f| format!("{}/{f}", crate::tsa::DIR))
        .collect();
    let data = minijinja::context! {
        tsa_files => tsa_files,
        earlier => earlier,
        rotations => rotations,
        origin => &seals.origin,
        size => seals.size,
        vkey => &seals.vkey,
        key_hint => &seals.key_hint,
        log_url => r.asof.absolute(&format!("/{}/", crate::transparency::DIR)),
        example => example,
    };
    Page::new(
        r.label(UiKey::VerifyTitle, lang),
        r.ui(lang).get(UiKey::VerifyDescription).to_string(),
        data,
    )
}
