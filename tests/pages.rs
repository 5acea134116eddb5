//! Snapshots of the `<main>` part of the key pages of each fixture site, in
//! each language, on a fixed as-of date. A change to what a reader sees on
//! any of these pages shows up as a snapshot diff to review.

mod common;

use std::collections::BTreeMap;

use common::{AS_OF, build, fixture, main_of};

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("the build has no {path}"));
    // The about page names the version that made it; a release should not
    // change a snapshot.
    main_of(&String::from_utf8_lossy(bytes)).replace(
        concat!("policypress ", env!("CARGO_PKG_VERSION"), "<"),
        "policypress [version]<",
    )
}

/// Snapshots `routes` (paths without the language prefix) in every `langs`.
fn snapshot_pages(case: &str, files: &BTreeMap<String, Vec<u8>>, langs: &[&str], routes: &[&str]) {
    for lang in langs {
        for route in routes {
            let path = format!("{lang}/{route}index.html");
            let name = format!(
                "{case}__{lang}__{}",
                route.trim_end_matches('/').replace('/', "__")
            )
            .trim_end_matches('_')
            .to_string();
            let name = if route.is_empty() {
                format!("{case}__{lang}__home")
            } else {
                name
            };
            insta::assert_snapshot!(name, page(files, &path));
        }
    }
}

#[test]
fn basic_pages() {
    let files = build(&fixture("basic"), AS_OF, false);
    snapshot_pages(
        "basic",
        &files,
        &["nl", "en"],
        &[
            "",
            "documents/",
            "documents/privacyverklaring/",
            // in force, superseded, announced
            "documents/privacyverklaring/2.0/",
            "documents/privacyverklaring/1.0/",
            "documents/privacyverklaring/2.1/",
            // nl only: the en page falls back, with a notice
            "documents/privacyreglement/1.0/",
            "documents/privacyreglement/",
            "schools/",
            "schools/de-linde/",
            "schools/het-anker/",
            "schools/de-linde/leerwolk-leerplatform/",
            "schools/de-linde/oudapp-ouderapp/",
            "relationships/",
            "relationships/leerwolk-leerplatform/",
            "relationships/oudapp-ouderapp/",
            "organisations/",
            "organisations/lindenhof/",
            "organisations/leerwolk/",
            "organisations/wolkopslag/",
            "pages/toegankelijkheid/",
            "about/",
        ],
    );
}

#[test]
fn basic_hides_versions_published_after_the_as_of_date() {
    let files = build(&fixture("basic"), AS_OF, false);
    assert!(
        !files.contains_key("nl/documents/privacyverklaring/3.0/index.html"),
        "version 3.0 is published on 2025-05-01, after the as-of date, and must not be built"
    );
    let doc = page(&files, "nl/documents/privacyverklaring/index.html");
    assert!(
        !doc.contains("3.0"),
        "the version list mentions 3.0:\n{doc}"
    );
}

#[test]
fn basic_with_drafts_shows_the_draft() {
    let files = build(&fixture("basic"), AS_OF, true);
    snapshot_pages(
        "basic-drafts",
        &files,
        &["nl"],
        &[
            "documents/privacyverklaring/",
            "documents/privacyverklaring/3.0/",
        ],
    );
}

#[test]
fn subpath_pages() {
    let files = build(&fixture("subpath"), AS_OF, false);
    snapshot_pages(
        "subpath",
        &files,
        &["nl", "en"],
        &["", "documents/privacyverklaring/", "pages/contact/"],
    );
}

#[test]
fn three_languages_pages() {
    let files = build(&fixture("three-languages"), AS_OF, false);
    snapshot_pages(
        "three-languages",
        &files,
        &["de"],
        &[
            "",
            "documents/privacyverklaring/",
            "documents/privacyverklaring/1.0/",
            "schools/grensland/",
            "pages/over/",
        ],
    );
    snapshot_pages(
        "three-languages",
        &files,
        &["nl"],
        &["documents/privacyverklaring/"],
    );
}
