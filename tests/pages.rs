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
            "register/",
            "schools/de-linde/register/",
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

/// Regulations as parents meet them: lettered lists in every style, nested
/// three deep; a recipients annex of fifteen rows; a school with many
/// processors and one without documents; a version in force with a
/// successor announced.
#[test]
fn regulations_pages() {
    let files = build(&fixture("regulations"), "2026-11-25", false);
    snapshot_pages(
        "regulations",
        &files,
        &["nl"],
        &[
            "documents/privacyreglement/",
            "documents/privacyreglement/1.1/",
            "documents/privacyreglement/changes/",
            "documents/privacyreglement/compare/1.1-2.0/",
            "documents/rekenwonder-privacyverklaring/1.1/",
            "schools/de-regenboog/",
            "schools/het-kompas/",
        ],
    );
    snapshot_pages(
        "regulations",
        &files,
        &["en"],
        &["documents/privacyreglement/2.0/"],
    );
}

fn whole(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("the build has no {path}"));
    String::from_utf8_lossy(bytes).replace("&#x2f;", "/")
}

/// The text of the last breadcrumb, the page itself.
fn last_crumb(html: &str) -> String {
    let nav = &html[html.find("class=\"breadcrumbs\"").expect("breadcrumbs")..];
    let nav = &nav[..nav.find("</nav>").expect("the breadcrumbs end")];
    let last = &nav[nav
        .rfind("aria-current=\"page\">")
        .expect("a current crumb")..];
    last[last.find('>').unwrap() + 1..last.find("</a>").unwrap()].to_string()
}

#[test]
fn a_version_page_has_its_own_title_and_breadcrumb() {
    let files = build(&fixture("regulations"), "2026-11-25", false);
    let html = whole(&files, "nl/documents/privacyreglement/1.1/index.html");
    assert!(
        html.contains(
            "<title>Privacyreglement, versie 1.1 – Privacy bij Stichting Openbaar Onderwijs Rivierenland</title>"
        ),
        "{}",
        &html[..html.find("</title>").unwrap()]
    );
    assert_eq!(last_crumb(&html), "Versie 1.1");
    let html = whole(&files, "en/documents/privacyreglement/2.0/index.html");
    assert!(html.contains("<title>Privacy regulation, version 2.0 – "));
    let html = whole(
        &files,
        "nl/documents/privacyreglement/compare/1.1-2.0/index.html",
    );
    assert_eq!(last_crumb(&html), "Versie 1.1 en versie 2.0 vergeleken");
    let html = whole(&files, "nl/documents/privacyreglement/changes/index.html");
    assert_eq!(last_crumb(&html), "Overzicht van wijzigingen");
}

#[test]
fn a_printed_page_says_where_it_lives() {
    let files = build(&fixture("regulations"), "2026-11-25", false);
    // A document prints as its version in force, at that version's link.
    let html = whole(&files, "nl/documents/privacyreglement/index.html");
    let style = &html[html
        .find("<style media=\"print\">")
        .expect("the page's print rules")..];
    let style = &style[..style.find("</style>").unwrap()];
    assert!(
        style.contains(
            "@bottom-left { content: \"https://privacy.rivierenland.example/nl/documents/privacyreglement/1.1/\\A Versie 1.1 · Stand van zaken op 25 november 2026\"; }"
        ),
        "{style}"
    );
    assert!(style.contains(
        "@bottom-right { content: \"Pagina \" counter(page) \" van \" counter(pages); }"
    ));
    let colophon = &html[html.find("class=\"print-colophon\"").expect("the colophon")..];
    assert!(colophon.contains(
        "<dd>https://privacy.rivierenland.example/nl/documents/privacyreglement/1.1/</dd>"
    ));
    assert!(colophon.contains(
        "<dd>Deze versie is niet ondertekend: de site heeft nog geen openbaar logboek.</dd>"
    ));
}

#[test]
fn the_not_found_page_has_the_site_header() {
    let files = build(&fixture("regulations"), "2026-11-25", false);
    let html = whole(&files, "404.html");
    assert!(html.contains("<header class=\"site-header\">"));
    assert!(html.contains("<p class=\"site-title\"><a href=\"/nl/\">Privacy bij Stichting Openbaar Onderwijs Rivierenland</a></p>"));
    assert!(html.contains("<li><a href=\"/nl/schools/\">Scholen</a></li>"));
    assert!(html.contains("<a class=\"skip-link\" href=\"#main\">"));
}

/// Every page carries a Content-Security-Policy without `'unsafe-inline'`,
/// and the hash it allows a style by is that of the page's one inline
/// `<style>`: a page whose print header changed but whose hash did not
/// would print without its running header, silently.
#[test]
fn every_page_allows_exactly_its_own_inline_style() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let files = build(&fixture("three-languages"), AS_OF, false);
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let csp_at = html
            .find("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .unwrap_or_else(|| panic!("{path}: no Content-Security-Policy"));
        let head_ends = html.find("</head>").expect("a page has a head");
        let policy = &html[csp_at..head_ends];
        let policy = &policy[policy.find("content=\"").unwrap() + 9..];
        let policy = &policy[..policy.find('"').unwrap()];
        assert!(!policy.contains("unsafe"), "{path}: {policy}");
        assert!(policy.contains("script-src 'self';"), "{path}: {policy}");
        // Before every element the policy governs.
        assert!(
            !html[..csp_at].contains("<style")
                && !html[..csp_at].contains("<link")
                && !html[..csp_at].contains("<script"),
            "{path}: the policy comes after what it governs"
        );
        let styles: Vec<&str> = html
            .match_indices("<style")
            .map(|(i, _)| &html[i..])
            .collect();
        let allowed: Vec<&str> = policy
            .split("'sha256-")
            .skip(1)
            .map(|s| &s[..s.find('\'').unwrap()])
            .collect();
        assert_eq!(
            styles.len(),
            allowed.len(),
            "{path}: {} styles, {} hashes",
            styles.len(),
            allowed.len()
        );
        for style in styles {
            let css = &style[style.find('>').unwrap() + 1..style.find("</style>").unwrap()];
            let hash = base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(css.as_bytes()));
            assert!(
                allowed.contains(&hash.as_str()),
                "{path}: its <style> is not the one allowed"
            );
        }
        pages += 1;
    }
    assert!(pages > 50, "only {pages} pages");
}
