//! A version that is a new text rather than an edit, as readers meet its
//! comparison on the fixture site `tests/fixtures/rewrite`: the regulation
//! of 2018 replaced in 2023 by one written from a model (shown whole, side
//! by side), then edited in 2024 (shown word by word).

use std::collections::BTreeMap;

mod common;
use common::{build, fixture};

fn site() -> BTreeMap<String, String> {
    build(&fixture("rewrite"), "2026-11-25", false)
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8(v).expect("output is UTF-8")))
        .collect()
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a page has <main>");
    let end = html.find("</main>").expect("a page has </main>") + "</main>".len();
    &html[start..end]
}

fn ids(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').expect("a closed attribute")]
        })
        .collect()
}

#[test]
fn a_rewrite_is_shown_whole_side_by_side() {
    let s = site();
    for (page, note) in [
        (
            "en/documents/regulation/compare/1.0-2.0/index.html",
            "Rewritten entirely",
        ),
        (
            "nl/documents/regulation/compare/1.0-2.0/index.html",
            "Helemaal herschreven",
        ),
    ] {
        let html = main_of(&s[page]);
        assert!(html.contains(note), "{page}: {html}");
        assert!(html.contains("class=\"compare-rewritten\""), "{page}");
        assert!(
            html.contains("rewritten-old") && html.contains("rewritten-new"),
            "{page}"
        );
        // No word diff, no outline of changed sections, no legend for marks.
        for absent in ["<ins", "<del", "compare-outline", "compare-legend", "diff-"] {
            assert!(!html.contains(absent), "{page} has {absent}");
        }
        let mut seen = ids(html);
        let all = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), all, "{page}: an id is used twice");
    }
    let en = main_of(&s["en/documents/regulation/compare/1.0-2.0/index.html"]);
    // The old text first, then the new one, each whole.
    let old = en
        .find("Data in the pupil file is kept")
        .expect("the old text");
    let new = en
        .find("The executive board is the controller.")
        .expect("the new text");
    assert!(old < new);
    assert!(en.contains("share only 17% of their words"), "{en}");
    insta::assert_snapshot!(en);
}

#[test]
fn an_edit_after_a_rewrite_is_compared_word_by_word() {
    let s = site();
    let html = main_of(&s["en/documents/regulation/compare/2.0-2.1/index.html"]);
    assert!(!html.contains("compare-rewritten"), "{html}");
    assert!(
        html.contains("<ins><span class=\"visually-hidden\">added: </span>"),
        "{html}"
    );
    assert!(html.contains("compare-outline"), "{html}");
}
