//! `policypress check` as an editor meets it: each lint finding, made by one
//! small change to a valid site, names its file, line and column and says
//! what to do; `new` writes sites and files that build and check clean.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{AS_OF, copy_tree, fixture, run, stderr, stdout};

fn check(site: &Path, as_of: &str) -> (Option<i32>, serde_json::Value, String) {
    let args: Vec<&OsStr> = vec![
        OsStr::new("check"),
        OsStr::new("--site"),
        site.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(as_of),
        OsStr::new("--format"),
        OsStr::new("json"),
    ];
    let o = run(&args);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}): {}", stdout(&o)));
    (o.status.code(), json, stderr(&o))
}

/// The diagnostics of `after` that `before` does not have, one per line as
/// `severity file:line:column: message (hint)`.
fn new_findings(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    let line = |d: &serde_json::Value| {
        format!(
            "{} {}:{}:{}: {} (hint: {})",
            d["severity"].as_str().unwrap_or(""),
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

fn edit(site: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::write(&path, change(text)).unwrap();
}

const LATEST_NL: &str = "content/documents/privacyverklaring/2.0/nl.md";
const PROCESSOR: &str = "content/relationships/leerwolk-leerplatform.toml";

/// Each case: a name, the as-of date, the change, the expected exit status
/// and a text every new finding must contain.
type Case = (&'static str, &'static str, fn(&Path), i32, &'static str);

const CASES: &[Case] = &[
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
        "placeholder-left",
        AS_OF,
        |s| edit(s, LATEST_NL, |t| t + "\n[VUL IN]\n"),
        0,
        "placeholder",
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
];

#[test]
fn every_lint_finding_names_its_place_and_what_to_do() {
    let mut report = String::new();
    for (name, as_of, change, exit, needle) in CASES {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_tree(&fixture("basic"), &site);
        let (code, before, _) = check(&site, as_of);
        assert_eq!(
            code,
            Some(0),
            "{name}: the unchanged fixture must check clean of errors"
        );
        change(&site);
        let (code, after, err) = check(&site, as_of);
        assert_eq!(code, Some(*exit), "{name}: {err}");
        let found = new_findings(&before, &after);
        if *name == "review-due-soon" {
            // Nothing was changed: the finding comes from the date alone.
            let all = new_findings(&serde_json::json!({ "diagnostics": [] }), &after);
            assert!(all.iter().any(|l| l.contains(needle)), "{name}: {all:#?}");
            report.push_str(&format!(
                "## {name}\n{}\n\n",
                all.iter()
                    .filter(|l| l.contains(needle))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
            continue;
        }
        assert!(!found.is_empty(), "{name}: no new finding");
        assert!(
            found.iter().any(|l| l.contains(needle)),
            "{name}: {found:#?}"
        );
        for l in &found {
            assert!(l.contains("content/"), "{name}: no file in {l}");
            assert!(!l.contains("(hint: -)"), "{name}: no hint in {l}");
        }
        report.push_str(&format!("## {name}\n{}\n\n", found.join("\n")));
    }
    insta::assert_snapshot!("check_lint_findings", report);
}

#[test]
fn check_json_has_the_documented_shape() {
    let (code, json, _) = check(&fixture("basic"), AS_OF);
    assert_eq!(code, Some(0));
    assert!(
        json["errors"].is_u64() && json["warnings"].is_u64(),
        "{json}"
    );
    for d in json["diagnostics"].as_array().unwrap() {
        for key in ["severity", "file", "line", "column", "message", "hint"] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
    }
}

fn policypress(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_policypress"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn new_site_builds_and_checks_without_a_single_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let o = policypress(&["new", "site", "mijn-site"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let site = tmp.path().join("mijn-site");
    let o = policypress(&["check"], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 errors and 0 warnings"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
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
fn new_files_build_and_are_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        policypress(&["new", "site", "s"], tmp.path()).status.code(),
        Some(0)
    );
    let site = tmp.path().join("s");
    for args in [
        &["new", "version", "privacyverklaring"][..],
        &["new", "document", "cookieverklaring"],
        &["new", "school", "de-linde"],
        &["new", "relationship", "leerlingvolg"],
    ] {
        let o = policypress(args, &site);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("Next:"),
            "{args:?} says what to do next"
        );
    }
    let version = site.join("content/documents/privacyverklaring/1.1/nl.md");
    assert_eq!(
        std::fs::read_to_string(&version).unwrap(),
        std::fs::read_to_string(site.join("content/documents/privacyverklaring/1.0/nl.md"))
            .unwrap(),
        "the latest text is copied into the new version"
    );
    // The new files build; check points at every placeholder left to fill in.
    let o = policypress(&["check"], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("placeholder text is still here"),
        "{}",
        stderr(&o)
    );
    // A second `new` for the same slug refuses and leaves the file alone.
    let school = site.join("content/schools/de-linde.toml");
    std::fs::write(
        &school,
        "name = \"De Linde\"\nboard = \"voorbeeldbestuur\"\n",
    )
    .unwrap();
    let o = policypress(&["new", "school", "de-linde"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("never overwrites"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&school).unwrap(),
        "name = \"De Linde\"\nboard = \"voorbeeldbestuur\"\n"
    );
    // An invalid slug is refused with a suggestion.
    let o = policypress(&["new", "school", "De Linde"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("de-linde"), "{}", stderr(&o));
}
