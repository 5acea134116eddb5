//! Change history as readers meet it: the change log, a comparison with a
//! changed table and lettered list, a feed, the notice rule and the
//! material-change suggestion, on the fixture site `tests/fixtures/history`.

use std::path::{Path, PathBuf};

use policypress::BuildOptions;
use policypress::diag::Diagnostic;
use policypress::site::{Built, build};
use time::macros::date;

mod common;
use common::copy_tree;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history")
}

fn built() -> Built {
    let opts = BuildOptions {
        as_of: date!(2024 - 07 - 01),
        drafts: false,
        preview: false,
    };
    match build(&fixture(), opts) {
        Ok(b) => b,
        Err(d) => panic!("the fixture must build: {:?}", d.sorted()),
    }
}

fn file(b: &Built, path: &str) -> String {
    let f = b
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    // Templates write `/` in attributes as `&#x2f;`; read it back for
    // assertions and snapshots a person can follow.
    String::from_utf8(f.bytes.clone())
        .expect("output is UTF-8")
        .replace("&#x2f;", "/")
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a page has <main>");
    let end = html.find("</main>").expect("a page has </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn change_log() {
    let b = built();
    insta::assert_snapshot!(main_of(&file(
        &b,
        "en/documents/statement/changes/index.html"
    )));
}

#[test]
fn comparison_with_a_table_and_a_lettered_list() {
    let b = built();
    let html = file(&b, "nl/documents/statement/compare/1.0-1.1/index.html");
    let main = main_of(&html);
    // The changed cell is inside the table, the new item inside the list.
    assert!(main.contains("<ol type=\"a\" class=\"diff-changed\">"));
    assert!(main.contains("<li class=\"diff-added\"><ins><span class=\"visually-hidden\">toegevoegd: </span>het volgen van het welbevinden;</ins></li>"));
    assert!(main.contains("<td class=\"diff-changed\"><del><span class=\"visually-hidden\">verwijderd: </span>6</del><ins><span class=\"visually-hidden\">toegevoegd: </span>12</ins> maanden</td>"));
    insta::assert_snapshot!(main);
}

#[test]
fn a_missing_language_is_said_not_compared_across() {
    let b = built();
    let html = file(&b, "en/documents/statement/compare/1.0-1.1/index.html");
    let main = main_of(&html);
    assert!(main.contains("Version 1.0 is not available in English"));
    assert!(main.contains("href=\"/nl/documents/statement/compare/1.0-1.1/\""));
    assert!(!main.contains("<ins>"));
}

#[test]
fn document_feed() {
    let b = built();
    insta::assert_snapshot!(file(&b, "nl/documents/statement/feed.xml"));
}

#[test]
fn pages_announce_their_feeds() {
    let b = built();
    let home = file(&b, "en/index.html");
    assert!(home.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Changes – Privacy at De Proef\" href=\"/en/feed.xml\">"));
    assert!(
        home.contains("href=\"/en/documents/statement/compare/1.0-1.1/\""),
        "home links to what changed"
    );
    let school = file(&b, "nl/schools/de-proef/index.html");
    assert!(school.contains("href=\"/nl/schools/de-proef/feed.xml\""));
}

#[test]
fn output_is_the_same_every_time() {
    let a = built();
    let b = built();
    assert_eq!(a.files, b.files);
}

fn diagnostics_with(edit: impl Fn(&Path)) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    edit(dir.path());
    let (_, diags) = policypress::content::load(dir.path());
    diags.sorted()
}

#[test]
fn short_notice_of_a_material_change_names_the_version_file_and_line() {
    let diags = diagnostics_with(|root| {
        std::fs::write(
            root.join("content/documents/statement/1.1/version.toml"),
            "published = 2024-05-20\neffective = 2024-06-01\nmaterial = true\nsummary = { nl = \"x\" }\n",
        )
        .unwrap();
    });
    let d = diags
        .iter()
        .find(|d| d.is_error() && d.message.contains("material change published 12 day(s)"))
        .unwrap_or_else(|| panic!("no notice error in {diags:?}"));
    let at = d.location().unwrap();
    assert!(at.ends_with("1.1/version.toml:2:13"), "{at}");
    assert!(d.hint.as_deref().unwrap().contains("urgent"));

    // With a reason it is allowed, and the reason is shown.
    let diags = diagnostics_with(|root| {
        std::fs::write(
            root.join("content/documents/statement/1.1/version.toml"),
            "published = 2024-05-20\neffective = 2024-06-01\nmaterial = true\nsummary = { nl = \"x\" }\nurgent = { nl = \"Een datalek moest snel worden verholpen.\" }\n",
        )
        .unwrap();
    });
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
}

#[test]
fn a_new_processor_outside_the_eea_suggests_a_material_change() {
    let diags = diagnostics_with(|_| {});
    let d = diags
        .iter()
        .find(|d| d.message.contains("is marked not material"))
        .unwrap_or_else(|| panic!("no suggestion in {diags:?}"));
    assert!(!d.is_error());
    assert!(d.location().unwrap().ends_with("1.1/version.toml:3:1"));
    for part in [
        "a new processor Wolkdienst Inc.",
        "a new purpose \"Opslag van back-ups\"",
        "a new data category \"leerlingdossier\"",
        "\"Verenigde Staten\", which may be outside the EU/EEA",
    ] {
        assert!(
            d.message.contains(part),
            "{part} missing from: {}",
            d.message
        );
    }
    assert!(d.hint.as_deref().unwrap().contains("WP260"));
    // Marked material, there is nothing to suggest.
    let diags = diagnostics_with(|root| {
        let p = root.join("content/documents/statement/1.1/version.toml");
        let s = std::fs::read_to_string(&p)
            .unwrap()
            .replace("material = false", "material = true");
        std::fs::write(p, s).unwrap();
    });
    assert!(
        !diags
            .iter()
            .any(|d| d.message.contains("is marked not material"))
    );
}

/// The example site as of `as_of`.
fn example(as_of: time::Date) -> Built {
    let opts = BuildOptions {
        as_of,
        drafts: false,
        preview: false,
    };
    match build(Path::new(env!("CARGO_MANIFEST_DIR")), opts) {
        Ok(b) => b,
        Err(d) => panic!("the example site must build: {:?}", d.sorted()),
    }
}

/// A relationship's `[[change]]` that is still to come is announced where
/// parents and DPOs look: the home page, the pages of the schools it
/// covers (not the others), the site's change log, the site, school and
/// material feeds; once it took effect it is listed without the
/// announcement. Its page has a history of its three states, and the API
/// carries them.
#[test]
fn relationship_changes_are_announced_and_kept_in_the_history() {
    let b = example(date!(2026 - 11 - 25));
    let said = "Aangekondigd: nieuwe subverwerker Zendlijn Mailservices B.V. voor Oefenhaven B.V.";
    for page in [
        "nl/index.html",
        "nl/changes/index.html",
        "nl/schools/de-schans/index.html",
        "nl/feed.xml",
        "nl/material.xml",
        "nl/schools/de-schans/feed.xml",
    ] {
        let f = file(&b, page);
        assert!(f.contains(said), "{page} does not announce the change");
        assert!(
            f.contains("vanaf 1 maart 2027"),
            "{page} does not say from when"
        );
    }
    // Oefenhaven covers De Schans and Het Bastion only.
    assert!(!file(&b, "nl/schools/de-vesting/index.html").contains(said));
    let en = file(&b, "en/changes/index.html");
    assert!(
        en.contains("Announced: new sub-processor Zendlijn Mailservices B.V. for Oefenhaven B.V.")
    );

    let page = file(&b, "nl/relationships/oefenhaven-leerplatform/index.html");
    let main = main_of(&page);
    let history = &main[main.find("Geschiedenis").expect("a history")..];
    let at = |s: &str| history.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(
        at("Toestand 3: vanaf 1 maart 2027")
            < at("Toestand 2: 1 augustus 2024 tot en met 28 februari 2027")
    );
    assert!(at("Toestand 2") < at("Toestand 1: 1 augustus 2021 tot en met 31 juli 2024"));
    assert!(history.contains("andere verwerkersovereenkomst: Model Verwerkersovereenkomst 4.0"));
    // The facts above the history are those in force now: the new
    // agreement, not yet the announced sub-processor.
    let facts = &main[..main.find("Geschiedenis").unwrap()];
    assert!(facts.contains("Model Verwerkersovereenkomst 4.0"));
    assert!(!facts.contains("Zendlijn"));

    let api: serde_json::Value = serde_json::from_str(&file(
        &b,
        "api/v1/relationships/oefenhaven-leerplatform.json",
    ))
    .unwrap();
    let states = api["states"].as_array().unwrap();
    assert_eq!(states.len(), 3);
    let status: Vec<&str> = states
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["past", "current", "announced"]);
    assert_eq!(states[2]["from"], "2027-03-01");
    assert_eq!(states[2]["announced"], "2026-11-15");
    assert_eq!(states[2]["material"], true);
    assert_eq!(states[2]["changes"][0]["change"], "sub-processor-added");
    assert_eq!(states[2]["changes"][0]["organisation"]["slug"], "zendlijn");
    assert_eq!(api["sub_processors"].as_array().unwrap().len(), 1);

    // After it took effect: listed as a change, no longer announced.
    let later = example(date!(2027 - 04 - 01));
    let log = file(&later, "nl/changes/index.html");
    assert!(!log.contains(said));
    assert!(log.contains("Nieuwe subverwerker Zendlijn Mailservices B.V. voor Oefenhaven B.V."));
    let page = file(
        &later,
        "nl/relationships/oefenhaven-leerplatform/index.html",
    );
    let main = main_of(&page);
    assert!(main[..main.find("Geschiedenis").unwrap()].contains("Zendlijn"));
}
