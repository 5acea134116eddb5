//! The register of processing as a data-protection officer meets it: the
//! site's and each school's page with every relationship in force,
//! announced and ended; the CSV next to each page (RFC 4180, BOM, CRLF, the
//! header in the page's language, one row per relationship × school); the
//! same rows as JSON in the API; the JSON-LD's terms; and the links to all
//! of them. `tests/python/check_register.py` reads the same files with
//! Python's csv module and rdflib in CI.

mod common;

use std::collections::BTreeMap;

use common::{AS_OF, build, example_site, fixture, main_of};
use serde_json::Value;

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("the build has no {path}"))
            .clone(),
    )
    .expect("UTF-8")
}

fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    serde_json::from_str(&text(files, path)).expect("bug: the API writes JSON")
}

/// Records of an RFC 4180 text: fields split at commas outside quotes,
/// records at CRLF outside quotes; a quote inside a quoted field is doubled.
fn records(csv: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(
                    chars.next(),
                    Some('\n'),
                    "a CR outside quotes not followed by LF"
                );
                record.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a line ends in LF alone, not CRLF"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "an unclosed quote");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record does not end in CRLF"
    );
    out
}

/// The CSV at `path`: it starts with a byte order mark, and its records.
fn csv(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<Vec<String>> {
    let t = text(files, path);
    let body = t
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{path} has no byte order mark"));
    records(body)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

#[test]
fn the_csv_has_one_row_per_relationship_and_school_with_its_header_in_the_pages_language() {
    let files = build(&fixture("basic"), AS_OF, false);
    let nl = csv(&files, "nl/register/register.csv");
    let en = csv(&files, "en/register/register.csv");
    assert_eq!(nl.len(), en.len());
    assert!(nl[0].contains(&"Grondslag".to_string()), "{:?}", nl[0]);
    assert!(en[0].contains(&"Legal basis".to_string()), "{:?}", en[0]);
    assert!(
        nl[0].iter().all(|h| !h.contains('\u{ad}')),
        "soft hyphens in the header"
    );
    let rel = column(&en[0], "Relationship");
    let school = column(&en[0], "School");
    let status = column(&en[0], "Status");
    let rows: Vec<(String, String, String)> = en[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), en[0].len(), "a row with another number of fields");
            (r[rel].clone(), r[school].clone(), r[status].clone())
        })
        .collect();
    // duo-bron and leerwolk-leerplatform cover both schools, oudapp only De
    // Linde (and has ended), wolkopslag none: it applies to the board.
    let count = |slug: &str| rows.iter().filter(|r| r.0 == slug).count();
    assert_eq!(count("duo-bron"), 2);
    assert_eq!(count("leerwolk-leerplatform"), 2);
    assert_eq!(count("oudapp-ouderapp"), 1);
    assert_eq!(count("wolkopslag-back-up"), 1);
    assert_eq!(rows.len(), 6);
    let oudapp = rows.iter().find(|r| r.0 == "oudapp-ouderapp").unwrap();
    assert_eq!(oudapp.2, "Ended");
    let wolk = rows.iter().find(|r| r.0 == "wolkopslag-back-up").unwrap();
    assert_eq!(
        wolk.1, "",
        "a relationship of the board itself has no school"
    );
    // In force first, ended last.
    assert_eq!(rows.first().unwrap().2, "In force");
    assert_eq!(rows.last().unwrap().2, "Ended");

    // A school's CSV holds that school's rows only.
    let linde = csv(&files, "nl/schools/de-linde/register/register.csv");
    let anker = csv(&files, "en/schools/het-anker/register/register.csv");
    assert_eq!(linde.len() - 1, 3);
    assert_eq!(anker.len() - 1, 2);
    let school_nl = column(&linde[0], "School");
    assert!(
        linde[1..]
            .iter()
            .all(|r| r[school_nl] == "Basisschool De Linde")
    );
}

#[test]
fn the_json_has_the_rows_and_columns_of_the_csv() {
    let files = build(&fixture("basic"), AS_OF, false);
    for (csv_path, json_path) in [
        ("en/register/register.csv", "api/v1/register.json"),
        (
            "nl/schools/de-linde/register/register.csv",
            "api/v1/register/de-linde.json",
        ),
    ] {
        let records = csv(&files, csv_path);
        let j = json(&files, json_path);
        assert_eq!(j["resource"], "register");
        let columns = j["columns"].as_array().unwrap();
        let rows = j["rows"].as_array().unwrap();
        assert_eq!(columns.len(), records[0].len());
        assert_eq!(rows.len(), records.len() - 1);
        let rel = columns.iter().position(|c| c == "relationship").unwrap();
        for (row, record) in rows.iter().zip(&records[1..]) {
            assert_eq!(row["relationship"].as_str(), Some(record[rel].as_str()));
            let keys: Vec<&str> = row
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys.len(), columns.len());
        }
    }
    let index = json(&files, "api/v1/index.json");
    assert!(
        index["register"]["jsonld"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/register.jsonld")
    );
    let school = json(&files, "api/v1/schools/de-linde.json");
    assert!(
        school["register"]["json"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/register/de-linde.json")
    );
    let schema = json(&files, "api/v1/schema.json");
    assert!(schema["$defs"]["register"]["properties"]["rows"].is_object());
}

#[test]
fn the_register_pages_show_every_section_and_what_is_not_recorded() {
    let files = build(&fixture("basic"), AS_OF, false);
    let page = main_of(&text(&files, "en/register/index.html"));
    for heading in ["In force", "Announced", "Ended"] {
        assert!(
            page.contains(&format!(">{heading} <span class=\"count\">")),
            "{heading}"
        );
    }
    // oudapp was a processor without a recorded agreement: the register says so.
    let ended = &page[page.find("id=\"ended-title\"").unwrap()..];
    let oudapp = &ended[ended.find("ended-oudapp-ouderapp").unwrap()..];
    let oudapp = &oudapp[..oudapp.find("</article>").unwrap()];
    assert!(
        oudapp.contains(
            "<dt>Data processing agreement</dt><dd><span class=\"muted\">Not recorded</span>"
        ),
        "{oudapp}"
    );
    // A recipient has no agreement to miss.
    let duo = &page[page.find("in-force-duo-bron").unwrap()..];
    let duo = &duo[..duo.find("</article>").unwrap()];
    assert!(!duo.contains("Data processing agreement"), "{duo}");
    // The site's register names the schools; a school's does not repeat it.
    assert!(duo.contains("<dt>School</dt>"));
    let school = main_of(&text(&files, "en/schools/de-linde/register/index.html"));
    assert!(!school.contains("<dt>School</dt>"));
    assert!(school.contains("href=\"/en/schools/de-linde/duo-bron/\""));
}

#[test]
fn announced_relationships_and_terms_are_in_the_announced_section() {
    let files = build(&example_site(), "2026-11-25", false);
    let page = main_of(&text(&files, "nl/register/index.html"));
    let announced = &page
        [page.find("id=\"announced-title\"").unwrap()..page.find("id=\"ended-title\"").unwrap()];
    // kindbeeld starts on 2027-01-01; oefenhaven's terms change on 2027-03-01.
    assert!(announced.contains("id=\"announced-kindbeeld-volgsysteem\""));
    assert!(announced.contains("id=\"announced-oefenhaven-leerplatform-2027-03-01\""));
    let rows = csv(&files, "en/register/register.csv");
    let rel = column(&rows[0], "Relationship");
    let status = column(&rows[0], "Status");
    let from = column(&rows[0], "These terms apply from");
    assert!(rows[1..].iter().any(|r| r[rel] == "oefenhaven-leerplatform"
        && r[status] == "Announced"
        && r[from] == "2027-03-01"));
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[rel] == "oefenhaven-leerplatform" && r[status] == "In force")
    );
}

#[test]
fn every_register_page_offers_its_json_and_csv_and_is_linked() {
    let files = build(&fixture("basic"), AS_OF, false);
    for (page, json_path, csv_path) in [
        (
            "nl/register/index.html",
            "/api/v1/register.json",
            "/nl/register/register.csv",
        ),
        (
            "en/schools/het-anker/register/index.html",
            "/api/v1/register/het-anker.json",
            "/en/schools/het-anker/register/register.csv",
        ),
    ] {
        let html = text(&files, page);
        let head = &html[..html.find("</head>").unwrap()];
        assert!(
            head.contains(&format!(
                "<link rel=\"alternate\" type=\"application/json\" href=\"{json_path}\">"
            )),
            "{page}"
        );
        assert!(html.contains(&format!("href=\"{csv_path}\"")), "{page}");
        assert!(files.contains_key(&json_path[1..]));
        assert!(files.contains_key(&csv_path[1..]));
        assert!(
            html.contains("href=\"/api/v1/index.json\""),
            "{page}: no link to the API"
        );
    }
    // The main menu of every page, and each school's page, lead to it.
    let home = text(&files, "en/index.html");
    assert!(home.contains("<a href=\"/en/register/\">Register</a>"));
    let school = text(&files, "nl/schools/de-linde/index.html");
    assert!(school.contains("href=\"/nl/schools/de-linde/register/\""));
    // The about page leads to the API and the register.
    let about = main_of(&text(&files, "en/about/index.html"));
    assert!(about.contains("href=\"/api/v1/index.json\""));
    assert!(about.contains("href=\"/en/register/\""));
    // The list of relationships shows purposes and retention, as it says.
    let list = main_of(&text(&files, "en/relationships/index.html"));
    assert!(list.contains(">Purposes</th>") && list.contains(">Retention period</th>"));
    assert!(list.contains("data-label=\"Retention period\""));
}

#[test]
fn the_json_ld_uses_only_the_committed_dpv_terms() {
    let files = build(&example_site(), "2026-11-25", false);
    let ld = json(&files, "api/v1/register.jsonld");
    let terms: Value =
        serde_json::from_str(include_str!("../src/api/dpv-terms.json")).expect("bug: terms JSON");
    let allowed: Vec<&str> = terms["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(ld["@context"], terms["namespaces"]);
    let mut used = Vec::new();
    fn walk<'v>(v: &'v Value, used: &mut Vec<&'v str>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if !k.starts_with('@') {
                        used.push(k.as_str());
                    }
                    if k == "@type" {
                        match x {
                            Value::String(s) => used.push(s),
                            Value::Array(a) => used.extend(a.iter().filter_map(Value::as_str)),
                            _ => {}
                        }
                    }
                    if k == "@id" && x.as_str().is_some_and(|s| !s.starts_with("http")) {
                        used.push(x.as_str().unwrap());
                    }
                    if k != "@context" {
                        walk(x, used);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, used)),
            _ => {}
        }
    }
    walk(&ld, &mut used);
    assert!(used.len() > 50);
    for u in used {
        // A country of DPV's location extension, by its ISO code.
        let country = u
            .strip_prefix("loc:")
            .is_some_and(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()));
        assert!(
            country || allowed.contains(&u),
            "{u} is not a committed DPV term"
        );
    }
    // Every legal basis of the example is an article of the AVG.
    let text = text(&files, "api/v1/register.jsonld");
    assert!(text.contains("\"eu-gdpr:A6-1-e\""));
    assert!(text.contains("\"eu-gdpr:A6-1-c\""));
}
