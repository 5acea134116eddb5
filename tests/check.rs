//! `policypress check` as an editor meets it: each lint finding, made by one
//! small change to a valid site, names its file, line and column and says
//! what to do, in English and in Dutch, with its rule; warnings are
//! reported alongside errors and can be acknowledged; `new` writes sites
//! and files with placeholders that stop publication until they are
//! filled in, and drafts that are never published.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{AS_OF, copy_tree, edit, fixture, run, stderr, stdout, without_lines};

fn check(site: &Path, as_of: &str) -> (Option<i32>, serde_json::Value, String) {
    check_in(site, as_of, "en")
}

/// `check --format json` in the language `lang`.
fn check_in(site: &Path, as_of: &str, lang: &str) -> (Option<i32>, serde_json::Value, String) {
    let args: Vec<&OsStr> = vec![
        OsStr::new("check"),
        OsStr::new("--site"),
        site.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(as_of),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--lang"),
        OsStr::new(lang),
    ];
    let o = run(&args);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}): {}", stdout(&o)));
    (o.status.code(), json, stderr(&o))
}

/// The diagnostics of `after` that `before` does not have, one per line as
/// `severity [rule] file:line:column: message (hint)`.
fn new_findings(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    let line = |d: &serde_json::Value| {
        format!(
            "{} [{}] {}:{}:{}: {} (hint: {})",
            d["severity"].as_str().unwrap_or(""),
            d["rule"].as_str().unwrap_or(""),
            d["file"].as_str().unwrap_or("-"),
            d["line"],
            d["column"],
            d["message"].as_str().unwrap_or(""),
            d["hint"].as_str().unwrap_or("-"),
        )
    };
    let old: Vec<String> = before["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(line)
        .collect();
    after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(line)
        .filter(|l| !old.contains(l))
        .collect()
}

const LATEST_NL: &str = "content/documents/privacyverklaring/2.0/nl.md";
const PROCESSOR: &str = "content/relationships/leerwolk-leerplatform.toml";
const BOARD: &str = "content/organisations/lindenhof.toml";

/// Each case: a name, the as-of date, the change, the expected exit status
/// and a text every new finding must contain.
type Case = (&'static str, &'static str, fn(&Path), i32, &'static str);

const CASES: &[Case] = &[
    (
        "relationship-short-notice",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t + "\n[[change]]\nfrom = 2025-03-10\nannounced = 2025-03-01\nsub_processors = [\"wolkopslag\", \"mailbode\", \"lindenhof\"]\n"
            })
        },
        0,
        "announced 9 day(s) ahead",
    ),
    (
        "relationship-change-out-of-order",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t + "\n[[change]]\nfrom = 2020-01-01\nlocation = { countries = [\"BE\"] }\n"
            })
        },
        1,
        "not after 2021-08-01",
    ),
    (
        "relationship-change-empty",
        AS_OF,
        |s| edit(s, PROCESSOR, |t| t + "\n[[change]]\nfrom = 2026-01-01\n"),
        1,
        "changes nothing",
    ),
    (
        "vague-link-text",
        AS_OF,
        |s| {
            edit(s, LATEST_NL, |t| {
                t + "\nMeer weten? [Klik hier](https://example.org/privacy).\n"
            })
        },
        0,
        "link text",
    ),
    (
        "bare-url-link-text",
        AS_OF,
        |s| {
            edit(s, LATEST_NL, |t| {
                t + "\nZie [https://example.org/privacy](https://example.org/privacy).\n"
            })
        },
        0,
        "bare URL",
    ),
    (
        "image-without-alt",
        AS_OF,
        |s| {
            edit(s, LATEST_NL, |t| {
                t + "\n![](https://example.org/plattegrond.png)\n"
            })
        },
        0,
        "alt",
    ),
    (
        "skipped-heading-level",
        AS_OF,
        |s| {
            edit(s, LATEST_NL, |t| {
                t + "\n## Bijlage\n\nTekst.\n\n#### Detail\n\nTekst.\n"
            })
        },
        0,
        "level",
    ),
    (
        "empty-section",
        AS_OF,
        |s| edit(s, LATEST_NL, |t| t + "\n## Leeg\n\n## Gevuld\n\nTekst.\n"),
        0,
        "empty",
    ),
    (
        "missing-translation",
        AS_OF,
        |s| std::fs::remove_file(s.join("content/documents/privacyverklaring/2.0/en.md")).unwrap(),
        0,
        "no text in en",
    ),
    (
        "review-overdue",
        AS_OF,
        |s| {
            edit(s, "content/documents/privacyreglement/document.toml", |t| {
                t.replace("review_every_years = 4", "review_every_years = 1")
            })
        },
        0,
        "overdue",
    ),
    ("review-due-soon", "2027-12-01", |_| {}, 0, "within 90 days"),
    (
        "processor-without-agreement",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.lines()
                    .filter(|l| !l.starts_with("agreement"))
                    .map(|l| format!("{l}\n"))
                    .collect()
            })
        },
        0,
        "agreement",
    ),
    (
        "processor-without-location",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.lines()
                    .filter(|l| !l.starts_with("location"))
                    .map(|l| format!("{l}\n"))
                    .collect()
            })
        },
        0,
        "where the data is processed",
    ),
    (
        "location-as-free-text",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace(
                    "location = { countries = [\"NL\"] }",
                    "location = \"EU (Nederland)\"",
                )
            })
        },
        0,
        "free text",
    ),
    (
        "location-unknown-country",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("countries = [\"NL\"]", "countries = [\"NL\", \"UK\"]")
            })
        },
        1,
        "did you mean \"GB\"",
    ),
    (
        "location-region-for-country",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("countries = [\"NL\"]", "countries = [\"EU\"]")
            })
        },
        1,
        "not a country code",
    ),
    (
        "location-no-countries",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("countries = [\"NL\"]", "countries = []")
            })
        },
        1,
        "`countries` is empty",
    ),
    (
        "transfer-without-basis",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("countries = [\"NL\"]", "countries = [\"NL\", \"US\"]")
            })
        },
        0,
        "outside the EEA (US) without a basis",
    ),
    (
        "sub-processor-transfer-without-basis",
        AS_OF,
        |s| {
            edit(s, "content/organisations/mailbode.toml", |t| {
                t.replace(", transfer = \"scc\"", "")
            })
        },
        0,
        "without a basis",
    ),
    (
        "transfer-in-dutch",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace(
                    "countries = [\"NL\"]",
                    "countries = [\"US\"], transfer = \"modelcontractbepalingen\"",
                )
            })
        },
        1,
        "write \"scc\"",
    ),
    (
        "outside-eea-beside-countries",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace(
                    "since = 2021-08-01",
                    "outside_eea = true\nsince = 2021-08-01",
                )
            })
        },
        1,
        "remove outside_eea",
    ),
    (
        "organisation-location-as-text",
        AS_OF,
        |s| {
            edit(s, "content/organisations/wolkopslag.toml", |t| {
                t.replace(
                    "location = { countries = [\"DE\"] }",
                    "location = \"Duitsland\"",
                )
            })
        },
        1,
        "names the countries",
    ),
    (
        "special-category-in-dutch",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("[\"health\"]", "[\"health\", \"godsdienst\"]")
            })
        },
        1,
        "write \"religion\"",
    ),
    (
        "dpia-without-date",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("dpia = { done = 2021-05-20, ", "dpia = { ")
            })
        },
        1,
        "done = 2025-03-01",
    ),
    (
        "placeholder-left",
        AS_OF,
        |s| edit(s, LATEST_NL, |t| t + "\n[VUL IN]\n\nMeer [FILL IN].\n"),
        1,
        "not filled in yet",
    ),
    (
        "click-here-without-link",
        AS_OF,
        |s| {
            edit(s, LATEST_NL, |t| {
                t + "\nMeer weten over Leerwolk? Klik hier voor hun privacyverklaring.\n"
            })
        },
        0,
        "klik hier",
    ),
    (
        "board-without-dpo",
        AS_OF,
        |s| {
            edit(s, BOARD, |t| {
                t.split("[dpo]").next().unwrap_or_default().to_string()
            })
        },
        0,
        "data protection officer",
    ),
    (
        "no-accessibility-statement",
        AS_OF,
        |s| std::fs::remove_dir_all(s.join("content/pages/toegankelijkheid")).unwrap(),
        0,
        "accessibility statement",
    ),
    (
        "board-relying-on-legitimate-interests",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("\"public-task\"", "\"legitimate-interests\"")
            })
        },
        0,
        "legitimate interests",
    ),
    (
        "text-unchanged",
        AS_OF,
        |s| {
            for lang in ["nl", "en"] {
                let from = s.join(format!("content/documents/privacyverklaring/2.0/{lang}.md"));
                let to = s.join(format!("content/documents/privacyverklaring/2.1/{lang}.md"));
                std::fs::copy(from, to).unwrap();
            }
        },
        0,
        "exactly the same",
    ),
    (
        "draft-without-summary",
        AS_OF,
        |s| {
            edit(
                s,
                "content/documents/privacyverklaring/3.0/version.toml",
                |t| without_lines(&without_lines(&t, "published"), "summary"),
            )
        },
        0,
        "summary",
    ),
    (
        "dutch-key-name",
        AS_OF,
        |s| edit(s, BOARD, |t| t.replacen("email =", "e-mail =", 1)),
        1,
        "write `email`",
    ),
    (
        "unknown-sub-processor",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replacen(
                    "sub_processors = [",
                    "sub_processors = [\"onbekend-bedrijf\", ",
                    1,
                )
            })
        },
        1,
        "does not exist",
    ),
    (
        "statement-version-missing",
        AS_OF,
        |s| {
            edit(s, PROCESSOR, |t| {
                t.replace("version = \"1.0\"", "version = \"9.9\"")
            })
        },
        1,
        "does not exist",
    ),
    (
        "raw-html",
        AS_OF,
        |s| {
            edit(s, LATEST_NL, |t| {
                t + "\nEerste regel<br>tweede regel, <b>vet</b>.\n"
            })
        },
        0,
        "shown to readers as text, tags and all: `<br>`",
    ),
    (
        // One finding: the file is there, so it is not also "missing".
        "body-not-utf-8",
        AS_OF,
        |s| std::fs::write(s.join(LATEST_NL), b"# Privacyverklaring\n\nCaf\xe9\n").unwrap(),
        1,
        "not valid UTF-8",
    ),
    (
        "body-empty",
        AS_OF,
        |s| std::fs::write(s.join(LATEST_NL), "\n").unwrap(),
        1,
        "this text is empty",
    ),
];

/// Runs every case in `lang`: the new findings of each, as a report.
fn lint_report(lang: &str) -> String {
    let mut report = String::new();
    for (name, as_of, change, exit, needle) in CASES {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_tree(&fixture("basic"), &site);
        let (code, before, _) = check_in(&site, as_of, lang);
        assert_eq!(
            code,
            Some(0),
            "{name}: the unchanged fixture must check clean of errors"
        );
        change(&site);
        let (code, after, err) = check_in(&site, as_of, lang);
        assert_eq!(code, Some(*exit), "{name}: {err}");
        let found = new_findings(&before, &after);
        if *name == "review-due-soon" {
            // Nothing was changed: the finding comes from the date alone.
            let all = new_findings(&serde_json::json!({ "diagnostics": [] }), &after);
            let due: Vec<_> = all
                .iter()
                .filter(|l| l.contains("[review-due-soon]"))
                .cloned()
                .collect();
            assert!(!due.is_empty(), "{name}: {all:#?}");
            report.push_str(&format!("## {name}\n{}\n\n", due.join("\n")));
            continue;
        }
        assert!(!found.is_empty(), "{name}: no new finding");
        if lang == "en" {
            assert!(
                found.iter().any(|l| l.contains(needle)),
                "{name}: {found:#?}"
            );
        }
        for l in &found {
            assert!(l.contains("content/"), "{name}: no file in {l}");
            assert!(!l.contains("(hint: -)"), "{name}: no hint in {l}");
            assert!(!l.contains("[other]"), "{name}: no rule in {l}");
        }
        report.push_str(&format!("## {name}\n{}\n\n", found.join("\n")));
    }
    report
}

#[test]
fn every_lint_finding_names_its_place_and_what_to_do() {
    insta::assert_snapshot!("check_lint_findings", lint_report("en"));
}

#[test]
fn every_lint_finding_in_dutch() {
    insta::assert_snapshot!("check_lint_findings_nl", lint_report("nl"));
}

#[test]
fn check_json_has_the_documented_shape() {
    let (code, json, _) = check(&fixture("basic"), AS_OF);
    assert_eq!(code, Some(0));
    assert!(
        json["errors"].is_u64() && json["warnings"].is_u64() && json["acknowledged"].is_u64(),
        "{json}"
    );
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(json["warnings"].as_u64(), Some(diagnostics.len() as u64));
    for d in diagnostics {
        for key in [
            "severity", "rule", "file", "line", "column", "message", "hint",
        ] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
    }
    // The rule ids stay English whatever the language of the messages.
    let (_, nl, _) = check_in(&fixture("basic"), AS_OF, "nl");
    let rules = |j: &serde_json::Value| -> Vec<String> {
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&json), rules(&nl));
    assert!(rules(&nl).contains(&"missing-translation".to_string()));
    let messages = |j: &serde_json::Value| -> Vec<String> {
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        messages(&nl)
            .iter()
            .any(|m| m.contains("heeft geen tekst in het Engels")),
        "{nl:#}"
    );
}

/// One error in a site does not hide a single warning: `check` reports
/// everything it reported before, and the error; and the counts it prints
/// are the findings it prints.
#[test]
fn warnings_are_reported_alongside_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    edit(&site, LATEST_NL, |t| {
        t + "\nZie [https://example.org/privacy](https://example.org/privacy).\n"
    });
    let (code, clean, _) = check(&site, AS_OF);
    assert_eq!(code, Some(0));
    let warnings = clean["warnings"].as_u64().unwrap();
    assert!(warnings >= 5, "{clean:#}");

    for (what, breaks) in [
        (
            "an unknown key",
            (|s: &Path| {
                edit(s, "content/schools/de-linde.toml", |t| {
                    t + "kleur = \"blauw\"\n"
                })
            }) as fn(&Path),
        ),
        ("a TOML mistake", |s: &Path| {
            edit(s, "content/schools/de-linde.toml", |t| {
                t + "kleur = \"blauw\n"
            })
        }),
        ("a broken site.toml", |s: &Path| {
            edit(s, "content/site.toml", |t| t.replacen("]", "", 1))
        }),
        ("a dangerous link", |s: &Path| {
            edit(s, "content/documents/privacyverklaring/2.1/nl.md", |t| {
                t + "\n[x](javascript:alert(1))\n"
            })
        }),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let broken = tmp.path().join("site");
        copy_tree(&site, &broken);
        breaks(&broken);
        let (code, after, err) = check(&broken, AS_OF);
        assert_eq!(code, Some(1), "{what}: {err}");
        assert_eq!(after["errors"].as_u64(), Some(1), "{what}: {after:#}");
        let lost: Vec<_> = clean["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                // A broken site.toml leaves the site's own checks out:
                // only what the files say for themselves is read.
                !(what == "a broken site.toml" && d["rule"] != "bare-url")
            })
            .filter(|d| !after["diagnostics"].as_array().unwrap().contains(d))
            .collect();
        assert!(lost.is_empty(), "{what}: warnings dropped: {lost:#?}");
        let shown = after["diagnostics"].as_array().unwrap().len() as u64;
        assert_eq!(
            after["errors"].as_u64().unwrap() + after["warnings"].as_u64().unwrap(),
            shown,
            "{what}: the counts are not what is shown"
        );
    }
}

/// A site with an error still hears about its theme: a language without
/// interface strings is reported beside a broken file.
#[test]
fn the_theme_is_checked_beside_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("three-languages"), &site);
    let theme = |j: &serde_json::Value| {
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "theme")
            .count()
    };
    let (_, clean, _) = check(&site, AS_OF);
    assert_eq!(theme(&clean), 1, "{clean:#}");
    let school = std::fs::read_dir(site.join("content/schools"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&school).unwrap();
    std::fs::write(&school, text + "kleur = \"blauw\"\n").unwrap();
    let (code, broken, _) = check(&site, AS_OF);
    assert_eq!(code, Some(1));
    assert_eq!(theme(&broken), 1, "{broken:#}");
}

/// The human output's count line counts exactly the findings printed.
#[test]
fn the_count_line_counts_what_is_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    // A review overdue is found twice over (by the build and by the lint).
    edit(
        &site,
        "content/documents/privacyreglement/document.toml",
        |t| t.replace("review_every_years = 4", "review_every_years = 1"),
    );
    for lang in ["en", "nl"] {
        let o = run(&[
            "check".as_ref(),
            "--site".as_ref(),
            site.as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
            "--lang".as_ref(),
            lang.as_ref(),
        ]);
        let err = stderr(&o);
        let (label, line) = match lang {
            "en" => (
                "warning: ",
                format!("0 errors and {} warnings", err.matches("warning: ").count()),
            ),
            _ => (
                "waarschuwing: ",
                format!(
                    "0 fouten en {} waarschuwingen",
                    err.matches("waarschuwing: ").count()
                ),
            ),
        };
        assert!(err.matches(label).count() > 1, "{err}");
        assert_eq!(stdout(&o).trim(), line, "{err}");
    }
}

/// `allow` acknowledges warnings of its rules, for its version, document
/// or site; they are counted, not shown; and nothing sealed changes.
#[test]
fn acknowledged_warnings_are_counted_not_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    edit(&site, LATEST_NL, |t| {
        t + "\nZie [https://example.org/privacy](https://example.org/privacy).\n"
    });
    let (_, before, _) = check(&site, AS_OF);
    let count = |j: &serde_json::Value, rule: &str| {
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == rule)
            .count()
    };
    assert_eq!(count(&before, "bare-url"), 1);
    assert_eq!(count(&before, "missing-translation"), 3);

    // For one version: its bare URL; for a document: every version's.
    edit(
        &site,
        "content/documents/privacyverklaring/2.0/version.toml",
        |t| t + "allow = [\"bare-url\"]\n",
    );
    edit(
        &site,
        "content/documents/privacyreglement/document.toml",
        |t| t + "allow = [\"missing-translation\"]\n",
    );
    let (code, after, err) = check(&site, AS_OF);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(count(&after, "bare-url"), 0);
    assert_eq!(count(&after, "missing-translation"), 0, "{after:#}");
    assert_eq!(after["acknowledged"].as_u64(), Some(4), "{after:#}");
    assert_eq!(
        after["warnings"].as_u64().unwrap() + 4,
        before["warnings"].as_u64().unwrap()
    );
    let o = run(&[
        "check".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert!(
        stdout(&o).contains("(4 warnings acknowledged with `allow`, not shown)"),
        "{}",
        stdout(&o)
    );

    // Site-wide, in site.toml.
    edit(&site, "content/site.toml", |t| {
        t + "allow = [\"maybe-material\", \"no-agreement\"]\n"
    });
    let (_, site_wide, _) = check(&site, AS_OF);
    assert_eq!(count(&site_wide, "maybe-material"), 0);
    assert_eq!(count(&site_wide, "no-agreement"), 0);

    // An error is never acknowledged, nor a placeholder.
    edit(&site, "content/site.toml", |t| {
        t.replace("\"no-agreement\"]", "\"no-agreement\", \"placeholder\"]")
    });
    let (code, refused, _) = check(&site, AS_OF);
    assert_eq!(code, Some(1));
    assert_eq!(count(&refused, "unknown-rule"), 1, "{refused:#}");
}

/// The artifact a version is sealed as does not change when `allow` is
/// added to it: it is built from the version's own fields.
#[test]
fn allow_is_never_sealed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let artifact = |root: &Path| {
        let (site, diags) = policypress::content::load(root);
        let site = site.unwrap_or_else(|| panic!("{:?}", diags.sorted()));
        let doc = &site.documents["privacyverklaring"];
        let v = doc
            .versions
            .iter()
            .find(|v| v.number.as_str() == "2.0")
            .unwrap();
        policypress::transparency::version_artifact(doc, v)
    };
    let before = artifact(&site);
    edit(
        &site,
        "content/documents/privacyverklaring/2.0/version.toml",
        |t| t + "allow = [\"bare-url\"]\n",
    );
    edit(
        &site,
        "content/documents/privacyverklaring/document.toml",
        |t| t + "allow = [\"missing-translation\"]\n",
    );
    assert_eq!(artifact(&site), before);
}

fn policypress(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_policypress"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Fills in every placeholder of the files under `dir` as an editor would:
/// a value of the right kind for each key, a text elsewhere.
fn fill_in(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fill_in(&path);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let filled: String = text
            .lines()
            .map(|line| {
                let value = match line.split(" = ").next().unwrap_or("") {
                    "base_url" => Some("\"https://privacy.voorbeeld.example/\""),
                    "kvk" => Some("\"41234567\""),
                    "email" => Some("\"privacy@voorbeeld.example\""),
                    "website" => Some("\"https://www.voorbeeld.example\""),
                    "brin" => Some("\"12AB\""),
                    "since" => Some("2020-08-01"),
                    "legal_basis" => Some("\"public-task\""),
                    "location" => Some("\"Nederland\""),
                    _ => None,
                };
                let line = match value {
                    Some(v) if line.contains("[VUL IN]") => {
                        format!("{} = {v}", line.split(" = ").next().unwrap())
                    }
                    _ => line.to_string(),
                };
                let line = line.replace("signed = \"[VUL IN]\"", "signed = 2021-06-15");
                line.replace("[VUL IN]", "Voorbeeld")
                    .replace("[FILL IN]", "Example")
                    + "\n"
            })
            .collect();
        std::fs::write(&path, filled).unwrap();
    }
}

/// Every `[VUL IN]` and `[FILL IN]` under `dir`, as `file:line`.
fn placeholders(dir: &Path, root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(placeholders(&path, root));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            for _ in line.matches("[VUL IN]").chain(line.matches("[FILL IN]")) {
                out.push(format!("{rel}:{}", i + 1));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_new_site_cannot_be_published_until_it_is_filled_in() {
    let tmp = tempfile::tempdir().unwrap();
    let o = policypress(&["new", "site", "mijn-site"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("[VUL IN]"),
        "it says what to do in Dutch: {}",
        stdout(&o)
    );
    let site = tmp.path().join("mijn-site");
    let left = placeholders(&site.join("content"), &site);
    // Nothing made up: no KvK number, no date, no address of its own.
    let board = std::fs::read_to_string(site.join("content/organisations/bestuur.toml")).unwrap();
    for made_up in ["12345678", "Schoolstraat", "voorbeeld.nl"] {
        assert!(!board.contains(made_up), "{board}");
    }
    // check and build name every placeholder in a published file; the
    // draft's are warnings.
    let o = policypress(&["check", "--lang", "en", "--format", "json"], &site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut named: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "placeholder")
        .map(|d| format!("{}:{}", d["file"].as_str().unwrap(), d["line"]))
        .collect();
    named.sort();
    assert_eq!(named, left, "every placeholder is reported, and only those");
    let drafts = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "placeholder" && d["severity"] == "warning")
        .all(|d| d["file"].as_str().unwrap().contains("/1.0/"));
    assert!(drafts, "{json:#}");
    let o = policypress(&["build"], &site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("nog niet ingevuld"), "{}", stderr(&o));
    assert!(!site.join("public").exists());
    // A preview builds, the placeholders as warnings.
    let o = policypress(&["build", "--drafts", "--out", "preview"], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Filled in, and the first version given its date, it builds.
    fill_in(&site.join("content"));
    let version = site.join("content/documents/privacyverklaring/1.0/version.toml");
    let text = std::fs::read_to_string(&version).unwrap();
    std::fs::write(&version, text.replace("# published = ", "published = ")).unwrap();
    let o = policypress(&["check", "--lang", "en", "--format", "json"], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["no-accessibility-statement"], "{json:#}");
    let o = policypress(&["build"], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        site.join("public/nl/documents/privacyverklaring/index.html")
            .is_file()
    );
    assert!(
        site.join("public/en/schools/de-voorbeeldschool/duo/index.html")
            .is_file()
    );
}

#[test]
fn new_files_are_drafts_and_placeholders_and_never_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        policypress(&["new", "site", "s"], tmp.path()).status.code(),
        Some(0)
    );
    let site = tmp.path().join("s");
    fill_in(&site.join("content"));
    let v10 = site.join("content/documents/privacyverklaring/1.0/version.toml");
    let text = std::fs::read_to_string(&v10).unwrap();
    std::fs::write(&v10, text.replace("# published = ", "published = ")).unwrap();
    // --major makes the next major version.
    let o = policypress(
        &[
            "new",
            "version",
            "privacyverklaring",
            "--major",
            "--lang",
            "en",
        ],
        &site,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = site.join("content/documents/privacyverklaring");
    assert!(dir.join("2.0/nl.md").is_file());
    std::fs::remove_dir_all(dir.join("2.0")).unwrap();
    for args in [
        &["new", "version", "privacyverklaring", "--lang", "en"][..],
        &["new", "document", "cookieverklaring", "--lang", "en"],
        &["new", "school", "de-linde", "--lang", "en"],
        &["new", "relationship", "leerlingvolg", "--lang", "en"],
    ] {
        let o = policypress(args, &site);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("Next:"),
            "{args:?} says what to do next"
        );
    }
    let o = policypress(&["new", "school", "het-baken"], &site);
    assert!(
        stdout(&o).starts_with("gemaakt: ") && stdout(&o).contains("Vul nu"),
        "in the site's language: {}",
        stdout(&o)
    );
    // The latest text is copied into the next version.
    assert_eq!(
        std::fs::read_to_string(dir.join("1.1/nl.md")).unwrap(),
        std::fs::read_to_string(dir.join("1.0/nl.md")).unwrap(),
    );
    // A new version is a draft: no publication date.
    let v = std::fs::read_to_string(dir.join("1.1/version.toml")).unwrap();
    assert!(!v.lines().any(|l| l.starts_with("published")), "{v}");
    // Nothing made up in a relationship: no date signed, no location, no
    // legal basis.
    let r = std::fs::read_to_string(site.join("content/relationships/leerlingvolg.toml")).unwrap();
    for line in [
        "legal_basis",
        "location",
        "agreement",
        "since",
        "data_subjects",
    ] {
        let l = r.lines().find(|l| l.starts_with(line)).unwrap();
        assert!(l.contains("[VUL IN]"), "{l}");
    }
    // The drafts are not built; what is built holds no placeholder.
    let o = policypress(&["build", "--lang", "en"], &site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("content/relationships/leerlingvolg.toml"),
        "{err}"
    );
    assert!(err.contains("content/schools/de-linde.toml"), "{err}");
    assert!(
        !err.contains("error: `summary.nl`"),
        "a draft's placeholder is not an error: {err}"
    );
    for file in [
        "schools/de-linde.toml",
        "schools/het-baken.toml",
        "relationships/leerlingvolg.toml",
        "organisations/leerlingvolg.toml",
    ] {
        std::fs::remove_file(site.join("content").join(file)).unwrap();
    }
    edit(
        &site,
        "content/documents/cookieverklaring/document.toml",
        |t| {
            t.replace("[VUL IN]", "Cookieverklaring")
                .replace("[FILL IN]", "Cookie statement")
        },
    );
    let o = policypress(&["build", "--lang", "en"], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !site
            .join("public/nl/documents/privacyverklaring/1.1")
            .exists()
    );
    assert!(
        !site
            .join("public/nl/documents/cookieverklaring/1.0")
            .exists()
    );
    let mut stack = vec![site.join("public")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                assert!(
                    !text.contains("[VUL IN]") && !text.contains("[FILL IN]"),
                    "{} shows a placeholder",
                    p.display()
                );
            }
        }
    }
    // With --drafts the drafts are shown.
    let o = policypress(&["build", "--drafts", "--out", "preview"], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        site.join("preview/nl/documents/privacyverklaring/1.1/index.html")
            .is_file()
    );

    // A second `new` for the same slug refuses and leaves the file alone.
    let school = site.join("content/schools/de-linde.toml");
    std::fs::write(&school, "name = \"De Linde\"\nboard = \"bestuur\"\n").unwrap();
    let o = policypress(&["new", "school", "de-linde", "--lang", "en"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("never overwrites"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&school).unwrap(),
        "name = \"De Linde\"\nboard = \"bestuur\"\n"
    );
    // An invalid slug is refused with a suggestion.
    let o = policypress(&["new", "school", "De Linde"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("de-linde"), "{}", stderr(&o));
    // A name the site's addresses use is refused before a file is written.
    let o = policypress(&["new", "relationship", "register", "--lang", "en"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("fixed parts of the site's addresses"),
        "{}",
        stderr(&o)
    );
    assert!(!site.join("content/relationships/register.toml").exists());
}

/// `publish` reads the content for publication first: a placeholder stops
/// it before a key is read or anything is sealed.
#[test]
fn publish_refuses_a_placeholder_before_sealing_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    edit(&site, "content/site.toml", |t| {
        t + "\n[transparency]\norigin = \"privacy.lindenhof.example/log\"\n"
    });
    edit(&site, LATEST_NL, |t| t + "\nVragen? Mail naar [VUL IN].\n");
    let o = run(&[
        "publish".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
        "--key".as_ref(),
        tmp.path().join("no-keys").as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--> content/documents/privacyverklaring/2.0/nl.md:"),
        "{err}"
    );
    assert!(err.contains("wordt er niets gepubliceerd"), "{err}");
    assert!(!site.join("transparency").exists(), "publish wrote a log");
}

#[test]
fn a_new_site_brings_what_hosting_needs() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        policypress(&["new", "site", "s"], tmp.path()).status.code(),
        Some(0)
    );
    let site = tmp.path().join("s");
    fill_in(&site.join("content"));
    let v10 = site.join("content/documents/privacyverklaring/1.0/version.toml");
    let text = std::fs::read_to_string(&v10).unwrap();
    std::fs::write(&v10, text.replace("# published = ", "published = ")).unwrap();
    // Two builds: the second keeps the working copy beside public/.
    for _ in 0..2 {
        let o = policypress(&["build"], &site);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    // Everything a build leaves in the site folder is ignored by git.
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    let ignored: Vec<&str> = ignore
        .lines()
        .map(|l| l.trim_matches('/'))
        .filter(|l| !l.is_empty())
        .collect();
    let source = [".github", ".gitignore", ".gitlab-ci.yml", "content"];
    let mut made = Vec::new();
    for entry in std::fs::read_dir(&site).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !source.contains(&name.as_str()) {
            made.push(name);
        }
    }
    made.sort();
    assert!(made.contains(&".public.staging".to_string()), "{made:?}");
    for name in &made {
        assert!(
            ignored.contains(&name.as_str()),
            "{name} is not in .gitignore:\n{ignore}"
        );
    }
    // The CI files build on every push and every day, and never sign.
    let github = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    let gitlab = std::fs::read_to_string(site.join(".gitlab-ci.yml")).unwrap();
    for ci in [&github, &gitlab] {
        assert!(ci.contains("policypress build"), "{ci}");
        assert!(ci.contains("policypress verify public/"), "{ci}");
        assert!(
            !ci.contains("publish --") && !ci.contains("KEY_PASSWORD"),
            "{ci}"
        );
        assert!(ci.contains("cargo install --locked --git"), "{ci}");
    }
    assert!(github.contains("push:\n    branches: [main]"), "{github}");
    assert!(
        github.contains("schedule:\n    - cron: \"17 5 * * *\""),
        "{github}"
    );
    assert!(github.contains("actions/deploy-pages"), "{github}");
    assert!(gitlab.contains("\npages:\n"), "{gitlab}");
    assert!(gitlab.contains("Pipeline schedules"), "{gitlab}");
}
