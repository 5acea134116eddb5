//! `check --audit` as a school's data-protection officer meets it: per
//! school, what to chase — a processor without an agreement, a location or
//! a privacybijsluiter, special categories without a DPIA, data outside the
//! EEA without a transfer basis (the processor's own, or a sub-processor's)
//! — each rule made by one change to `fixtures/basic`, read through
//! `--format json`; and the readable list in English and Dutch.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{AS_OF, copy_tree, edit, fixture, run, stdout, without_lines};
use serde_json::Value;

const PROCESSOR: &str = "content/relationships/leerwolk-leerplatform.toml";

/// `check --audit` of `site`, as JSON, in `lang`.
fn audit_json(site: &Path, lang: &str) -> Value {
    let args: Vec<&OsStr> = vec![
        OsStr::new("check"),
        OsStr::new("--site"),
        site.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(AS_OF),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--lang"),
        OsStr::new(lang),
        OsStr::new("--audit"),
    ];
    let o = run(&args);
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("no JSON ({e}): {}", stdout(&o)))
}

/// The items of school `school` (`None`: the relationships that cover no
/// school), each as `finding relationship [sub] [countries] [categories]`.
fn items(json: &Value, school: Option<&str>) -> Vec<String> {
    let audit = json["audit"].as_array().expect("an audit");
    let Some(part) = audit.iter().find(|a| a["school"].as_str() == school) else {
        return Vec::new();
    };
    part["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let list = |k: &str| {
                i[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            format!(
                "{} {} [{}] [{}] [{}]",
                i["finding"].as_str().unwrap(),
                i["relationship"].as_str().unwrap(),
                i["sub_processor"].as_str().unwrap_or(""),
                list("countries"),
                list("special_categories"),
            )
        })
        .collect()
}

fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    (tmp, site)
}

#[test]
fn the_fixture_leaves_only_the_back_up_processor_to_chase() {
    let (_tmp, site) = site();
    let json = audit_json(&site, "en");
    assert_eq!(json["errors"], 0, "{json:#}");
    // Leerwolk has an agreement, countries, a bijsluiter and a DPIA for the
    // health data; its sub-processors say where they are, Mailbode (US)
    // with standard contractual clauses. Oudapp has no agreement, but it
    // ended in 2023. DUO is a recipient.
    assert_eq!(items(&json, Some("de-linde")), Vec::<String>::new());
    assert_eq!(items(&json, Some("het-anker")), Vec::<String>::new());
    assert_eq!(
        items(&json, None),
        [
            "no-agreement wolkopslag-back-up [] [] []",
            "no-bijsluiter wolkopslag-back-up [] [] []"
        ]
    );
}

/// Each case: a name, the change, the school whose list gains what, and
/// what it gains.
type Case = (
    &'static str,
    fn(&Path),
    &'static str,
    &'static [&'static str],
);

const CASES: &[Case] = &[
    (
        "processor without an agreement",
        |s| edit(s, PROCESSOR, |t| without_lines(&t, "agreement")),
        "de-linde",
        &["no-agreement leerwolk-leerplatform [] [] []"],
    ),
    (
        "processor without a location",
        |s| edit(s, PROCESSOR, |t| without_lines(&t, "location")),
        "het-anker",
        &["no-location leerwolk-leerplatform [] [] []"],
    ),
    (
        "processor without a bijsluiter",
        |s| edit(s, PROCESSOR, |t| without_lines(&t, "bijsluiter")),
        "de-linde",
        &["no-bijsluiter leerwolk-leerplatform [] [] []"],
    ),
    (
        "special categories without a DPIA",
        |s| {
            edit(s, PROCESSOR, |t| {
                without_lines(&t, "dpia").replace("[\"health\"]", "[\"health\", \"national-id\"]")
            })
        },
        "de-linde",
        &["special-categories-without-dpia leerwolk-leerplatform [] [] [health,national-id]"],
    ),
    (
        "a transfer without a basis",
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace(
                    "countries = [\"NL\"]",
                    "countries = [\"NL\", \"US\", \"IN\"]",
                )
            })
        },
        "de-linde",
        &["transfer-without-basis leerwolk-leerplatform [] [US,IN] []"],
    ),
    (
        "a transfer that free text says leaves the EEA",
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace(
                    "location = { countries = [\"NL\"] }",
                    "location = \"Verenigde Staten\"\noutside_eea = true",
                )
            })
        },
        "de-linde",
        &["transfer-without-basis leerwolk-leerplatform [] [] []"],
    ),
    (
        "a sub-processor's transfer without a basis",
        |s| {
            edit(s, "content/organisations/mailbode.toml", |t| {
                t.replace(", transfer = \"scc\"", "")
            })
        },
        "de-linde",
        &["sub-processor-transfer-without-basis leerwolk-leerplatform [mailbode] [US] []"],
    ),
    (
        "a sub-processor without a location",
        |s| {
            edit(s, "content/organisations/wolkopslag.toml", |t| {
                without_lines(&t, "location")
            })
        },
        "het-anker",
        &["sub-processor-without-location leerwolk-leerplatform [wolkopslag] [] []"],
    ),
];

#[test]
fn each_rule_of_the_audit() {
    for (name, change, school, expected) in CASES {
        let (_tmp, site) = site();
        let before = items(&audit_json(&site, "en"), Some(school));
        change(&site);
        let json = audit_json(&site, "en");
        assert_eq!(json["errors"], 0, "{name}: {json:#}");
        let after = items(&json, Some(school));
        let new: Vec<&String> = after.iter().filter(|i| !before.contains(i)).collect();
        assert_eq!(
            new,
            expected.iter().collect::<Vec<_>>(),
            "{name}: {after:#?}"
        );
    }
}

#[test]
fn a_recipient_and_an_ended_relationship_are_not_chased() {
    let (_tmp, site) = site();
    // DUO is a recipient: the school does no DPIA for what DUO does, and
    // it signs no processing agreement with it.
    edit(&site, "content/relationships/duo-bron.toml", |t| {
        t.replace(
            "since = ",
            "special_categories = [\"national-id\"]\nsince = ",
        )
    });
    // Oudapp ended in 2023: nothing left to chase, whatever it lacked.
    edit(&site, "content/relationships/oudapp-ouderapp.toml", |t| {
        t.replace("countries = [\"IE\"]", "countries = [\"US\"]")
    });
    let json = audit_json(&site, "en");
    assert_eq!(items(&json, Some("de-linde")), Vec::<String>::new());
}

#[test]
fn the_audit_reads_per_school_in_english_and_dutch() {
    let (_tmp, site) = site();
    edit(&site, PROCESSOR, |t| {
        without_lines(&without_lines(&t, "agreement"), "dpia")
    });
    edit(&site, "content/organisations/mailbode.toml", |t| {
        t.replace(", transfer = \"scc\"", "")
    });
    let mut report = String::new();
    for lang in ["en", "nl"] {
        let args: Vec<&OsStr> = vec![
            OsStr::new("check"),
            OsStr::new("--site"),
            site.as_os_str(),
            OsStr::new("--as-of"),
            OsStr::new(AS_OF),
            OsStr::new("--lang"),
            OsStr::new(lang),
            OsStr::new("--audit"),
        ];
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
        report.push_str(&format!("## {lang}\n{}\n", stdout(&o)));
        // Without --audit, check says nothing of it.
        let o = run(&args[..args.len() - 1]);
        assert!(!stdout(&o).contains("wolkopslag-back-up"), "{}", stdout(&o));
    }
    insta::assert_snapshot!("audit_report", report);
    let json = audit_json(&site, "nl");
    let first = &json["audit"][0]["items"][0];
    assert_eq!(first["party"], "leerwolk");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("geen verwerkersovereenkomst"),
        "{first:#}"
    );
}
