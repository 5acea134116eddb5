//! The bad-input corpus: every site under tests/fixtures/invalid/ is valid
//! but for one defect, described in its case.toml with the exit status the
//! contract asks for and where the messages must point. Each is built with
//! the real binary; its messages are snapshotted in English (`--lang en`)
//! and, beside them, in Dutch (`--lang nl`, the corpus being Dutch-first).
//! A few inputs that cannot live in git (a symbolic link out of the site, a
//! 20 MiB body, NFD file names) are made by the tests below.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use unicode_normalization::UnicodeNormalization;

use common::{AS_OF, copy_tree, fixture, read_tree, run, run_build, stderr};

/// What a case promises.
struct Case {
    exit: i32,
    at: Vec<String>,
}

fn read_case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).expect("case.toml is readable");
    let table: toml::Table = toml::from_str(&text).expect("case.toml is valid TOML");
    let exit = table
        .get("exit")
        .and_then(|v| v.as_integer())
        .expect("case.toml has exit = 0 or 1") as i32;
    let at = table
        .get("at")
        .and_then(|v| v.as_array())
        .expect("case.toml has at = [...]")
        .iter()
        .map(|v| v.as_str().expect("at holds strings").to_string())
        .collect();
    Case { exit, at }
}

/// No panic, no backtrace, whatever the input.
fn assert_no_panic(what: &str, err: &str) {
    for bad in ["panicked", "stack backtrace", "RUST_BACKTRACE", "bug:"] {
        assert!(!err.contains(bad), "{what}: the tool crashed:\n{err}");
    }
}

/// Stderr with the machine-specific parts replaced.
fn redact(err: &str, tmp: &Path) -> String {
    err.replace(&tmp.display().to_string(), "[TMP]")
}

/// The messages in English, as the tests below read them.
const EN: &[&str] = &["--lang", "en"];

#[test]
fn corpus() {
    insta::glob!("fixtures/invalid/*/case.toml", |case_file| {
        let site = case_file.parent().expect("bug: case.toml has a folder");
        let name = site.file_name().unwrap().to_string_lossy().to_string();
        let case = read_case(case_file);
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        // A previous build that a failed build must leave alone.
        std::fs::create_dir_all(out.join("nl")).unwrap();
        std::fs::write(out.join("nl/index.html"), "previous build").unwrap();
        let before = read_tree(&out);

        let started = Instant::now();
        let o = run_build(site, &out, AS_OF, EN);
        let elapsed = started.elapsed();
        let err = stderr(&o);
        assert_no_panic(&name, &err);
        assert_eq!(
            o.status.code(),
            Some(case.exit),
            "{name}: build should exit {}:\n{err}",
            case.exit
        );
        assert!(
            elapsed < Duration::from_secs(20),
            "{name}: took {elapsed:?}"
        );
        for at in &case.at {
            assert!(
                err.contains(&format!("--> {at}\n")),
                "{name}: no message points at {at}:\n{err}"
            );
        }
        if case.exit == 1 {
            assert!(err.contains("error: "), "{name}: no error message:\n{err}");
            assert!(err.contains("= hint: "), "{name}: no hint:\n{err}");
            assert_eq!(
                read_tree(&out),
                before,
                "{name}: a failed build changed the output"
            );
        } else {
            assert!(
                !err.contains("error: "),
                "{name}: must build without errors:\n{err}"
            );
            assert!(
                out.join("nl/documents/privacyverklaring/index.html")
                    .is_file()
            );
        }

        // `check` agrees with `build`.
        let c = run(&[
            "check".as_ref(),
            "--site".as_ref(),
            site.as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
            "--lang".as_ref(),
            "en".as_ref(),
        ]);
        let cerr = stderr(&c);
        assert_no_panic(&name, &cerr);
        assert_eq!(c.status.code(), Some(case.exit), "{name}: check:\n{cerr}");
        for at in &case.at {
            assert!(
                cerr.contains(&format!("--> {at}\n")),
                "{name}: check does not point at {at}"
            );
        }

        insta::assert_snapshot!(redact(&err, tmp.path()));

        // The same in Dutch: the same places, the same exit status.
        let nl_out = tmp.path().join("public-nl");
        let o = run_build(site, &nl_out, AS_OF, &["--lang", "nl"]);
        let nl = stderr(&o);
        assert_no_panic(&name, &nl);
        assert_eq!(o.status.code(), Some(case.exit), "{name}, in Dutch:\n{nl}");
        for at in &case.at {
            assert!(
                nl.contains(&format!("--> {at}\n")),
                "{name}: no Dutch message points at {at}:\n{nl}"
            );
        }
        if case.exit == 1 {
            assert!(nl.contains("= tip: "), "{name}: no Dutch hint:\n{nl}");
        }
        insta::assert_snapshot!("nl", redact(&nl, tmp.path()));
    });
}

#[test]
fn raw_html_is_shown_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = run_build(&fixture("invalid/raw-html"), &out, AS_OF, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page =
        std::fs::read_to_string(out.join("nl/documents/privacyverklaring/1.0/index.html")).unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script"), "a script tag reached the page");
    assert!(!page.contains("<img src=x"), "an img tag reached the page");
}

#[test]
fn bom_and_crlf_are_read_as_plain_text() {
    let files_a = common::build(&fixture("invalid/bom-crlf"), AS_OF, false);
    let files_b = common::build(
        &fixture("invalid/raw-html")
            .parent()
            .unwrap()
            .join("material-urgent"),
        AS_OF,
        false,
    );
    // The same text with and without BOM/CRLF gives the same page.
    let path = "nl/documents/privacyverklaring/1.0/index.html";
    let a = common::main_of(&String::from_utf8_lossy(&files_a[path]));
    let b = common::main_of(&String::from_utf8_lossy(&files_b[path]));
    assert_eq!(a, b);
    assert!(!a.contains('\u{feff}') && !a.contains('\r'));
}

/// A copy of a small valid site in a temp folder, to break in ways git cannot hold.
fn scratch_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("invalid/material-urgent"), &site);
    (tmp, site)
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_site_is_refused() {
    let (tmp, site) = scratch_site();
    let secret = tmp.path().join("secret.md");
    std::fs::write(&secret, "## Geheim\n\nDit staat buiten de site.\n").unwrap();
    let en = site.join("content/pages/contact/en.md");
    std::fs::remove_file(&en).unwrap();
    std::os::unix::fs::symlink(&secret, &en).unwrap();
    let o = run_build(&site, &tmp.path().join("public"), AS_OF, EN);
    let err = stderr(&o);
    assert_no_panic("symlink", &err);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("--> content/pages/contact/en.md\n"), "{err}");
    let canonical = std::fs::canonicalize(tmp.path()).unwrap();
    insta::assert_snapshot!(redact(&redact(&err, &canonical), tmp.path()));
    assert!(!tmp.path().join("public").exists());
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_site_is_followed() {
    let (tmp, site) = scratch_site();
    let en = site.join("content/pages/contact/en.md");
    std::fs::rename(&en, site.join("contact-en.md")).unwrap();
    std::os::unix::fs::symlink(site.join("contact-en.md"), &en).unwrap();
    let out = tmp.path().join("public");
    let o = run_build(&site, &out, AS_OF, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("en/pages/contact/index.html")).unwrap();
    assert!(
        page.contains("Write to <a href=\"mailto:privacy@kade.example\""),
        "{page}"
    );
}

#[test]
fn a_20_mib_body_is_refused_quickly() {
    let (tmp, site) = scratch_site();
    let body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n"
        .repeat(20 * 1024 * 1024 / 58 + 1);
    let file = site.join("content/documents/privacyverklaring/1.0/en.md");
    std::fs::write(&file, format!("## Tekst\n\n{body}")).unwrap();
    let started = Instant::now();
    let o = run_build(&site, &tmp.path().join("public"), AS_OF, EN);
    let err = stderr(&o);
    assert_no_panic("20 MiB", &err);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        err.contains("--> content/documents/privacyverklaring/1.0/en.md\n"),
        "{err}"
    );
    assert!(err.contains("at most 5 MiB"), "{err}");
}

#[test]
fn ten_thousand_nested_block_quotes_do_not_crash() {
    let (tmp, site) = scratch_site();
    let file = site.join("content/documents/privacyverklaring/1.0/en.md");
    std::fs::write(&file, format!("## Diep\n\n{} bodem\n", ">".repeat(10_000))).unwrap();
    let started = Instant::now();
    let o = run_build(&site, &tmp.path().join("public"), AS_OF, &[]);
    assert_no_panic("nested quotes", &stderr(&o));
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn nfd_text_is_published_as_nfc() {
    let (tmp, site) = scratch_site();
    let file = site.join("content/pages/contact/nl.md");
    std::fs::write(&file, "# Contact\n\nBel het cafe\u{301} van de school.\n").unwrap();
    let out = tmp.path().join("public");
    let o = run_build(&site, &out, AS_OF, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("nl/pages/contact/index.html")).unwrap();
    assert!(
        page.contains("caf\u{e9} van"),
        "the text was not normalised to NFC"
    );
    assert!(!page.contains('\u{301}'));
}

#[test]
fn nfd_file_names_are_read_as_nfc() {
    // Slugs are ASCII, so an accented name is never a valid slug; what matters
    // is that NFD and NFC spellings get the same message and suggestion.
    for name in ["cafe\u{301}", "caf\u{e9}"] {
        let (tmp, site) = scratch_site();
        std::fs::create_dir_all(site.join("content/pages").join(name)).unwrap();
        std::fs::write(
            site.join("content/pages").join(name).join("nl.md"),
            "# Café\n\nTekst.\n",
        )
        .unwrap();
        let o = run_build(&site, &tmp.path().join("public"), AS_OF, EN);
        let err = stderr(&o);
        assert_no_panic("nfd name", &err);
        assert_eq!(o.status.code(), Some(1), "{err}");
        // Terminals show NFD and NFC alike; compare in NFC.
        let err: String = err.nfc().collect();
        assert!(err.contains("--> content/pages/caf\u{e9}\n"), "{err}");
        assert!(err.contains("rename it to `cafe`"), "{err}");
    }
}

#[test]
fn unknown_keys_in_nested_tables_are_reported_at_once() {
    let (tmp, site) = scratch_site();
    let append = |file: &str, text: &str| {
        let path = site.join("content").join(file);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{old}{text}")).unwrap();
    };
    append(
        "site.toml",
        "\n[markdown]\nunsafe_htm = true\n\n[accessibility]\ncontact = \"web@kade.example\"\nevaluated = 2026-10-14\nknow_issues = []\n",
    );
    append(
        "organisations/kade.toml",
        "\n[dpo]\nname = \"A. Jansen\"\nemial = \"fg@kade.example\"\n",
    );
    append(
        "relationships/leerzaam-platform.toml",
        "agreement = { name = \"Model 4.0\", sigend = 2024-07-01 }\n",
    );
    let o = run_build(&site, &tmp.path().join("public"), AS_OF, EN);
    let err = stderr(&o);
    assert_no_panic("nested unknown keys", &err);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (at, message, hint) in [
        (
            "content/site.toml:7:1",
            "unknown key `unsafe_htm` in the [markdown] table",
            "did you mean `unsafe_html`?",
        ),
        (
            "content/site.toml:12:1",
            "unknown key `know_issues` in the [accessibility] table",
            "did you mean `known_issues`?",
        ),
        (
            "content/organisations/kade.toml:6:1",
            "unknown key `emial` in the [dpo] table",
            "did you mean `email`?",
        ),
        (
            "content/relationships/leerzaam-platform.toml:10:35",
            "unknown key `sigend` in the agreement",
            "did you mean `signed`?",
        ),
    ] {
        let found = err.split("\n\n").any(|m| {
            m.contains(&format!("error: {message}\n"))
                && m.contains(&format!("--> {at}\n"))
                && m.contains(hint)
        });
        assert!(
            found,
            "no message `{message}` at {at} with `{hint}`:\n{err}"
        );
    }
}
