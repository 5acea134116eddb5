//! The search index as the search page reads it: a manifest per language
//! naming each document's parts, the texts in force and announced with
//! sections that point at headings of the pages, earlier versions as a word
//! index only, translations that fall back, and a preview save that writes
//! only the saved document's part again (the rest taken over unchanged, the
//! whole still exactly a full build).

use std::collections::BTreeMap;
use std::fs;

use policypress::BuildOptions;
use policypress::site::{self, BuildCache};
use serde_json::Value;

mod common;
use common::{build, copy_tree, example_site};

const AS_OF: &str = "2026-11-25";

fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not written"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

fn html(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).expect("pages are UTF-8")
}

#[test]
fn the_manifest_names_a_current_and_an_older_part_per_document() {
    let files = build(&example_site(), AS_OF, false);
    for lang in ["nl", "en"] {
        let m = json(&files, &format!("{lang}/search/index.json"));
        let docs = m["documents"].as_array().expect("a list of documents");
        let slugs: Vec<&str> = docs
            .iter()
            .map(|d| {
                let current = d["current"].as_str().unwrap();
                let older = d["older"].as_str().unwrap();
                assert!(files.contains_key(&current[1..]), "{current}");
                assert!(files.contains_key(&older[1..]), "{older}");
                current
                    .strip_prefix(&format!("/{lang}/search/documents/"))
                    .and_then(|s| s.strip_suffix(".json"))
                    .unwrap()
            })
            .collect();
        assert_eq!(
            slugs,
            [
                "privacyverklaring",
                "privacyreglement",
                "oefenhaven-privacyverklaring"
            ],
            "the documents in the order the site lists them"
        );
    }
}

#[test]
fn the_current_part_holds_the_texts_in_force_and_announced_at_their_headings() {
    let files = build(&example_site(), AS_OF, false);
    let part = json(&files, "nl/search/documents/privacyverklaring.json");
    assert_eq!(part["title"], "Privacyverklaring");
    let entries = part["entries"].as_array().unwrap();
    let statuses: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["version"].as_str().unwrap(),
                e["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(statuses, [("2.0", "in-force"), ("2.1", "announced")]);
    // The version in force is read on the document's page, and every
    // section points at a heading there.
    let in_force = &entries[0];
    assert_eq!(in_force["url"], "/nl/documents/privacyverklaring/");
    let page = html(&files, "nl/documents/privacyverklaring/index.html");
    let sections = in_force["sections"].as_array().unwrap();
    assert!(sections.len() > 5, "{sections:?}");
    for s in sections {
        let anchor = s[0].as_str().unwrap();
        assert!(
            anchor.is_empty() || page.contains(&format!("id=\"{anchor}\"")),
            "no heading {anchor} on the page"
        );
        assert!(!s[2].as_str().unwrap().contains('<'), "plain text: {s}");
    }
    let wie = sections
        .iter()
        .find(|s| s[0] == "wie-zijn-wij")
        .expect("the section 'Wie zijn wij?'");
    assert_eq!(wie[1], "Wie zijn wij?");
    assert!(
        wie[2]
            .as_str()
            .unwrap()
            .contains("Scholengroep De Waterlinie")
    );
    // The announced version is read on its own page, and only where it
    // differs from the text in force.
    let announced = &entries[1];
    assert_eq!(announced["url"], "/nl/documents/privacyverklaring/2.1/");
    let repeated = announced["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| sections.contains(s))
        .count();
    assert_eq!(repeated, 0, "sections that read as in force are left out");
    assert!(!announced["sections"].as_array().unwrap().is_empty());
}

#[test]
fn earlier_versions_are_a_word_index_without_their_texts() {
    let files = build(&example_site(), AS_OF, false);
    let part = json(&files, "nl/search/documents/privacyverklaring.older.json");
    let entries = part["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["version"], "1.0");
    assert_eq!(entries[0]["status"], "superseded");
    assert_eq!(entries[0]["url"], "/nl/documents/privacyverklaring/1.0/");
    let n_sections = entries[0]["sections"].as_array().unwrap().len() as u64;
    assert!(
        entries[0]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s.as_array().unwrap().len() == 2),
        "anchor and heading only"
    );
    let terms = part["terms"].as_array().unwrap();
    let words: Vec<&str> = terms.iter().map(|t| t[0].as_str().unwrap()).collect();
    let mut sorted = words.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(words, sorted, "sorted, each once");
    assert!(words.contains(&"leerlingen"));
    for t in terms {
        let ids: Vec<u64> = t[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap())
            .collect();
        assert!(!ids.is_empty() && ids.windows(2).all(|w| w[0] < w[1]));
        assert!(ids.iter().all(|&i| i < n_sections), "{t}");
    }
    // Folded: no capitals, no accents.
    assert!(words.iter().all(|w| w.chars().all(|c| !c.is_uppercase())));
    assert!(!words.iter().any(|w| w.contains('é') || w.contains('ë')));
    // A document with a single version has an empty older part.
    let part = json(
        &files,
        "nl/search/documents/oefenhaven-privacyverklaring.older.json",
    );
    let older = part["entries"].as_array().unwrap();
    assert!(older.iter().all(|e| e["status"] == "superseded"));
}

#[test]
fn a_missing_translation_is_searched_in_the_default_language() {
    // The first privacy regulation is in Dutch only.
    let files = build(&example_site(), AS_OF, false);
    let part = json(&files, "en/search/documents/privacyreglement.older.json");
    let e = &part["entries"][0];
    assert_eq!(e["version"], "1.0");
    assert_eq!(e["lang"], "nl");
    assert_eq!(e["url"], "/en/documents/privacyreglement/1.0/");
    let part = json(&files, "en/search/documents/privacyreglement.json");
    assert_eq!(part["entries"][0]["lang"], "en");
}

#[test]
fn the_search_page_is_labelled_and_says_what_it_needs() {
    let files = build(&example_site(), AS_OF, false);
    let page = html(&files, "nl/search/index.html");
    assert!(page.contains("<label for=\"search-q\">Zoeken in de documenten</label>"));
    assert!(page.contains("role=\"status\" aria-live=\"polite\""));
    assert!(page.contains("data-manifest=\"/nl/search/index.json\""));
    assert!(page.contains("<script src=\"/static/search.js\" defer></script>"));
    assert!(page.contains("JavaScript"), "the page says search needs it");
    assert!(
        files.contains_key("static/search.js") && files.contains_key("static/search.css"),
        "the script and its style come with the theme"
    );
    // Every page links to it from the header, in its language.
    let home = html(&files, "en/index.html");
    assert!(home.contains("<p class=\"header-search\"><a href=\"/en/search/\">Search</a></p>"));
}

#[test]
fn a_preview_save_writes_only_the_saved_documents_part() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example_site().join("content"), &dir.path().join("content"));
    let opts = BuildOptions {
        as_of: common::date(AS_OF),
        drafts: false,
        preview: true,
    };
    let mut cache = BuildCache::default();
    let first = site::build_cached(dir.path(), opts, &mut cache).expect("builds");
    assert!(first.unchanged.is_empty());

    let text = dir
        .path()
        .join("content/documents/privacyverklaring/2.0/nl.md");
    let before = fs::read_to_string(&text).unwrap();
    let after = before.replacen(
        "## Wie zijn wij?\n",
        "## Wie zijn wij?\n\nKangoeroewoord staat hier.\n",
        1,
    );
    assert_ne!(before, after, "the text has the heading the test edits");
    fs::write(&text, after).unwrap();
    let second = site::build_cached(dir.path(), opts, &mut cache).expect("builds");

    let saved = "nl/search/documents/privacyverklaring.json";
    let made: BTreeMap<&str, &[u8]> = second
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    assert!(
        !second.unchanged.contains(saved),
        "the saved part is made again"
    );
    assert!(String::from_utf8_lossy(made[saved]).contains("Kangoeroewoord"));
    for unchanged in [
        "en/search/documents/privacyverklaring.json",
        "nl/search/documents/privacyverklaring.older.json",
        "nl/search/documents/privacyreglement.json",
        "nl/search/documents/privacyreglement.older.json",
        "nl/search/documents/oefenhaven-privacyverklaring.json",
        "nl/search/index.json",
        "en/search/index.json",
    ] {
        assert!(
            second.unchanged.contains(unchanged),
            "{unchanged} is taken over as it was"
        );
    }
    // And the whole is what a full build of the same content makes.
    let full = site::build(dir.path(), opts).expect("builds");
    let full: BTreeMap<&str, &[u8]> = full
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    assert_eq!(made, full);
}
