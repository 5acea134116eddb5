//! Freshness and calendars as a host and a parent meet them: `build` says
//! when its output goes out of date by itself, the API carries that day,
//! every page states the date it describes, and each school has a calendar
//! of what is coming that follows RFC 5545 to the letter.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{build, copy_tree, fixture, run_build, stdout};
use serde_json::Value;

fn site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("bug: no temp folder");
    copy_tree(&fixture("basic"), dir.path());
    dir
}

/// Replaces `from` with `to` in one content file of a site.
fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join("content").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn built_line(site: &Path, as_of: &str, lang: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let o = run_build(site, &out.path().join("public"), as_of, &["--lang", lang]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let said = stdout(&o);
    said.lines().nth(1).unwrap_or_default().to_string()
}

fn index(files: &BTreeMap<String, Vec<u8>>) -> Value {
    serde_json::from_slice(&files["api/v1/index.json"]).unwrap()
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
}

#[test]
fn build_says_when_the_output_changes_by_itself() {
    let site = fixture("basic");
    assert_eq!(
        built_line(&site, "2025-03-01", "en"),
        "The output changes by itself on 2025-04-01: version 2.1 of privacyverklaring takes effect. \
         Build the site again on or after that day (for example every night; see the README)."
    );
    assert_eq!(
        built_line(&site, "2025-03-01", "nl"),
        "Deze site verandert vanzelf op 2025-04-01: versie 2.1 van privacyverklaring treedt in werking. \
         Bouw de site op of na die dag opnieuw (bijvoorbeeld elke nacht; zie de README)."
    );
    // On the day itself it has happened; next is a version published later.
    assert!(built_line(&site, "2025-04-01", "en").starts_with(
        "The output changes by itself on 2025-05-01: version 3.0 of privacyverklaring is published."
    ),);
    // Once everything dated has happened, the build says so.
    assert_eq!(
        built_line(&site, "2035-01-01", "en"),
        "Nothing is dated later: the output changes only when the content does."
    );
}

#[test]
fn a_relationship_that_ends_changes_the_site_the_day_after_its_last_day() {
    let dir = site_copy();
    edit(
        dir.path(),
        "relationships/leerwolk-leerplatform.toml",
        "since = 2021-08-01",
        "since = 2021-08-01\nuntil = 2025-03-15",
    );
    assert!(
        built_line(dir.path(), "2025-03-01", "en").starts_with(
            "The output changes by itself on 2025-03-16: relationship leerwolk-leerplatform has ended (last day 2025-03-15)."
        )
    );
    let files = build(dir.path(), "2025-03-01", false);
    assert_eq!(index(&files)["next_change"]["date"], "2025-03-16");
    assert_eq!(index(&files)["next_change"]["events"][0]["kind"], "ends");
}

#[test]
fn the_api_carries_the_next_change_and_only_what_readers_may_know() {
    let site = fixture("basic");
    let files = build(&site, "2025-03-01", false);
    let next = &index(&files)["next_change"];
    assert_eq!(next["date"], "2025-04-01");
    let events = next["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{next}");
    assert_eq!(events[0]["kind"], "takes-effect");
    assert_eq!(events[0]["document"]["slug"], "privacyverklaring");
    assert_eq!(events[0]["version"], "2.1");
    assert_eq!(events[0]["relationship"], Value::Null);
    // A version published later changes the site on that day, but what it
    // is stays unsaid until then.
    let files = build(&site, "2025-04-01", false);
    let next = &index(&files)["next_change"];
    assert_eq!(next["date"], "2025-05-01");
    assert_eq!(next["events"], serde_json::json!([]));
    assert!(
        !text(&files, "api/v1/index.json").contains("3.0"),
        "nothing in the API names the unpublished version"
    );
    let files = build(&site, "2035-01-01", false);
    assert_eq!(index(&files)["next_change"], Value::Null);
    // The schema describes the field, so validators accept it.
    let schema = text(&files, "api/v1/schema.json");
    assert!(schema.contains("\"next_change\""));
    let schema: Value = serde_json::from_str(&schema).unwrap();
    let required = &schema["$defs"]["index"]["required"];
    assert!(required.as_array().unwrap().contains(&"next_change".into()));
    assert!(
        schema["$defs"]["school"]["required"]
            .as_array()
            .unwrap()
            .contains(&"calendar".into())
    );
}

#[test]
fn every_page_states_the_date_it_describes() {
    let files = build(&fixture("basic"), "2025-03-01", false);
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with("index.html") || path == "index.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let expected = if path.starts_with("nl/") {
            "Stand van zaken op <time datetime=\"2025-03-01\">1 maart 2025</time>"
        } else {
            "As of <time datetime=\"2025-03-01\">1 March 2025</time>"
        };
        assert!(html.contains(expected), "{path} does not say {expected}");
        pages += 1;
    }
    assert!(pages > 20, "only {pages} pages");
}

#[test]
fn a_school_page_lists_what_is_coming_and_links_its_calendar() {
    let files = build(&fixture("basic"), "2025-03-01", false);
    let html = text(&files, "en/schools/de-linde/index.html");
    let main = common::main_of(&html);
    assert!(
        main.contains(r#"<h2 id="coming-title">Coming up</h2>"#),
        "{main}"
    );
    assert!(main.contains(r#"href="/en/schools/de-linde/calendar.ics""#));
    assert!(main.contains(r#"<time datetime="2025-04-01">1 April 2025</time>"#));
    assert!(main.contains("Privacy statement version 2.1 takes effect"));
    assert!(
        !main.contains("version 3.0"),
        "a version not yet published is not announced"
    );
    let nl = common::main_of(&text(&files, "nl/schools/de-linde/index.html"));
    assert!(
        nl.contains("Privacyverklaring versie 2.1 treedt in werking"),
        "{nl}"
    );
    // Nothing coming: it says so, and the calendar is still there.
    let later = build(&fixture("basic"), "2035-01-01", false);
    let main = common::main_of(&text(&later, "en/schools/de-linde/index.html"));
    assert!(main.contains("Nothing is planned yet."), "{main}");
    assert!(later.contains_key("en/schools/de-linde/calendar.ics"));
}

/// The content lines of a calendar, unfolded, after checking the bytes:
/// CRLF everywhere and no line over 75 octets.
fn lines(ics: &[u8]) -> Vec<String> {
    let s = std::str::from_utf8(ics).expect("a calendar is UTF-8");
    assert!(s.ends_with("\r\n"));
    for (i, l) in s.split("\r\n").enumerate() {
        assert!(
            !l.contains('\n') && !l.contains('\r'),
            "line {i}: a bare line end"
        );
        assert!(l.len() <= 75, "line {i} has {} octets: {l:?}", l.len());
    }
    s.replace("\r\n ", "")
        .trim_end()
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

/// The events of a calendar as property maps.
fn events(lines: &[String]) -> Vec<BTreeMap<String, String>> {
    let mut out = Vec::new();
    let mut cur: Option<BTreeMap<String, String>> = None;
    for l in lines {
        match l.as_str() {
            "BEGIN:VEVENT" => cur = Some(BTreeMap::new()),
            "END:VEVENT" => out.extend(cur.take()),
            _ => {
                if let Some(c) = cur.as_mut() {
                    let (k, v) = l.split_once(':').unwrap();
                    c.insert(k.to_string(), v.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn a_school_calendar_holds_its_own_upcoming_dates_with_stable_ids() {
    let dir = site_copy();
    // A processor for one school only, starting later, and one for all
    // schools that ends.
    edit(
        dir.path(),
        "relationships/oudapp-ouderapp.toml",
        "since = 2019-08-01\nuntil = 2023-07-31",
        "since = 2025-09-01",
    );
    edit(
        dir.path(),
        "relationships/leerwolk-leerplatform.toml",
        "since = 2021-08-01",
        "since = 2021-08-01\nuntil = 2025-06-30",
    );
    let files = build(dir.path(), "2025-03-01", false);
    let linde = lines(&files["en/schools/de-linde/calendar.ics"]);
    assert_eq!(linde[0], "BEGIN:VCALENDAR");
    assert_eq!(linde.last().unwrap(), "END:VCALENDAR");
    assert!(linde.contains(&"VERSION:2.0".to_string()));
    let ev = events(&linde);
    let summary: Vec<(&str, &str, &str)> = ev
        .iter()
        .map(|e| {
            (
                e["DTSTART;VALUE=DATE"].as_str(),
                e["UID"].as_str(),
                e["SUMMARY"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "20250401",
                "documents/privacyverklaring/2.1/effective/en@privacy.lindenhof.example",
                "Privacy statement version 2.1 takes effect"
            ),
            (
                "20250701",
                "relationships/leerwolk-leerplatform/end/en@privacy.lindenhof.example",
                "Processor ended: Leerwolk B.V."
            ),
            (
                "20250901",
                "relationships/oudapp-ouderapp/start/en@privacy.lindenhof.example",
                "New processor: Oudapp B.V."
            ),
        ]
    );
    for e in &ev {
        assert_eq!(
            e["DTSTAMP"], "20250301T000000Z",
            "DTSTAMP is the as-of date"
        );
        let start = &e["DTSTART;VALUE=DATE"];
        assert!(e["DTEND;VALUE=DATE"] > *start);
        assert!(e["URL;VALUE=URI"].starts_with("https://privacy.lindenhof.example/en/"));
    }
    let end = &ev[1];
    assert!(end["DESCRIPTION"].starts_with("The last day was 30 June 2025."));
    // The other school does not get the first school's own processor.
    let anker = events(&lines(&files["en/schools/het-anker/calendar.ics"]));
    assert_eq!(anker.len(), 2, "{anker:?}");
    assert!(anker.iter().all(|e| !e["UID"].contains("oudapp")));
    // Ids do not depend on the build date: a later build keeps them, and
    // what has happened by then is gone.
    let later = build(dir.path(), "2025-04-01", false);
    let after = events(&lines(&later["en/schools/de-linde/calendar.ics"]));
    let uids = |e: &[BTreeMap<String, String>]| -> Vec<String> {
        e.iter().map(|x| x["UID"].clone()).collect()
    };
    assert_eq!(
        uids(&after),
        [
            "documents/privacyverklaring/2.1/effective/en@privacy.lindenhof.example",
            "relationships/leerwolk-leerplatform/end/en@privacy.lindenhof.example",
            "relationships/oudapp-ouderapp/start/en@privacy.lindenhof.example"
        ],
        "on the day itself the event is still there"
    );
    assert_eq!(after[0]["DTSTAMP"], "20250401T000000Z");
    let later = build(dir.path(), "2025-04-02", false);
    let after = events(&lines(&later["en/schools/de-linde/calendar.ics"]));
    assert_eq!(uids(&after)[0], uids(&ev)[1]);
}

#[test]
fn calendar_text_is_escaped_and_folded() {
    let dir = site_copy();
    edit(
        dir.path(),
        "relationships/oudapp-ouderapp.toml",
        "since = 2019-08-01\nuntil = 2023-07-31",
        "since = 2025-09-01",
    );
    edit(
        dir.path(),
        "relationships/oudapp-ouderapp.toml",
        r#"en = "Messages to parents""#,
        r#"en = "Messages, notices; reminders \\ more to parents: a purpose long enough to be folded over several lines, ééé""#,
    );
    let files = build(dir.path(), "2025-03-01", false);
    let raw = &files["en/schools/de-linde/calendar.ics"];
    let all = lines(raw);
    let ev = events(&all);
    let oud = ev.iter().find(|e| e["UID"].contains("oudapp")).unwrap();
    assert!(
        oud["DESCRIPTION"].starts_with(
            r"Messages\, notices\; reminders \\ more to parents: a purpose long enough to be folded over several lines\, ééé\n\nhttps://"
        ),
        "{}",
        oud["DESCRIPTION"]
    );
    let s = String::from_utf8(raw.clone()).unwrap();
    assert!(s.contains("\r\n "), "long lines are folded");
    // Same content and date, same bytes.
    let again = build(dir.path(), "2025-03-01", false);
    assert_eq!(&again["en/schools/de-linde/calendar.ics"], raw);
}
