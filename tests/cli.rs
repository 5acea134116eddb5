//! The command line as a user meets it: exit statuses, messages (in the
//! site's language, or `--lang`), help texts, byte-identical rebuilds,
//! atomic replacement of the output, and the example site that ships with
//! the repository.

mod common;

use std::path::Path;

use common::{AS_OF, copy_tree, example_site, fixture, read_tree, run, run_build, stderr, stdout};

const FIXTURES: &[&str] = &["basic", "subpath", "three-languages"];

/// The messages in English, as most tests here read them; the fixtures
/// are Dutch-first.
const EN: &[&str] = &["--lang", "en"];

fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
    list.iter().map(|s| s.into()).collect()
}

fn run_args(list: &[&str]) -> std::process::Output {
    let a = args(list);
    let refs: Vec<&std::ffi::OsStr> = a.iter().map(|s| s.as_os_str()).collect();
    run(&refs)
}

#[test]
fn build_of_a_valid_site_exits_0_and_says_what_it_did() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = run_build(&fixture("basic"), &out, AS_OF, EN);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(
        said.starts_with("Built ") && said.contains(" pages in "),
        "{said}"
    );
    assert!(!stderr(&o).contains("error:"), "{}", stderr(&o));
    assert!(out.join("index.html").is_file());
    assert!(out.join("nl/index.html").is_file());
    assert!(
        out.join("en/schools/de-linde/leerwolk-leerplatform/index.html")
            .is_file()
    );
}

#[test]
fn bad_content_exits_1_naming_file_line_and_column() {
    for (case, at) in [
        ("unknown-key", "content/schools/de-kade.toml:3:1"),
        (
            "impossible-date",
            "content/documents/privacyverklaring/1.0/version.toml:1:13",
        ),
        ("unknown-board", "content/schools/de-kade.toml:2:9"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let o = run_build(
            &fixture(&format!("invalid/{case}")),
            &tmp.path().join("out"),
            AS_OF,
            EN,
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{case}: {err}");
        assert!(err.contains(&format!("--> {at}")), "{case}: {err}");
        assert!(err.contains("nothing was written"), "{case}: {err}");
        assert!(
            stdout(&o).is_empty(),
            "{case}: results on stdout: {}",
            stdout(&o)
        );
    }
}

#[test]
fn a_folder_without_content_exits_1_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_build(tmp.path(), &tmp.path().join("out"), AS_OF, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no content/ folder") && err.contains("hint:"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for (list, says) in [
        (&["build", "--colour"][..], "--colour"),
        (&["build", "--as-of", "2025-02-30"][..], "YYYY-MM-DD"),
        (&["build", "--as-of", "1-3-2025"][..], "YYYY-MM-DD"),
        (&["build", "--as-of"][..], "--as-of"),
        (&["check", "--format", "xml"][..], "xml"),
        (&["bouw"][..], "bouw"),
        (&[][..], "Usage"),
    ] {
        let o = run_args(list);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{list:?}: {err}");
        assert!(
            err.contains(says),
            "{list:?} does not mention {says}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn help_texts_explain_every_option() {
    let o = run_args(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let top = stdout(&o);
    assert!(top.contains("build") && top.contains("check"), "{top}");
    let o = run_args(&["build", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for opt in ["--site", "--out", "--as-of", "--drafts"] {
        assert!(help.contains(opt), "build --help lacks {opt}:\n{help}");
    }
    assert!(help.contains("YYYY-MM-DD"), "{help}");
    let o = run_args(&["check", "--help"]);
    assert!(stdout(&o).contains("--format"), "{}", stdout(&o));
}

#[test]
fn two_builds_give_identical_bytes() {
    for case in FIXTURES {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        for out in [&a, &b] {
            let o = run_build(&fixture(case), out, AS_OF, &[]);
            assert_eq!(o.status.code(), Some(0), "{case}: {}", stderr(&o));
        }
        let (ta, tb) = (read_tree(&a), read_tree(&b));
        assert!(ta.len() > 10, "{case}: only {} files", ta.len());
        assert_eq!(
            ta.keys().collect::<Vec<_>>(),
            tb.keys().collect::<Vec<_>>(),
            "{case}"
        );
        for (path, bytes) in &ta {
            assert!(
                tb[path] == *bytes,
                "{case}: {path} differs between two builds"
            );
        }
    }
}

#[test]
fn the_as_of_date_changes_the_output() {
    // Guards the determinism test: it would pass trivially if nothing depended
    // on the inputs.
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run_build(&fixture("basic"), &a, AS_OF, &[]);
    run_build(&fixture("basic"), &b, "2025-04-02", &[]);
    let page = "nl/documents/privacyverklaring/index.html";
    assert_ne!(read_tree(&a)[page], read_tree(&b)[page]);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = tmp.path().join("public");
    let o = run_build(&site, &out, AS_OF, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = read_tree(&out);

    std::fs::write(
        site.join("content/schools/het-anker.toml"),
        "name = \"Basisschool Het Anker\"\nboard = \"lindenhoff\"\n",
    )
    .unwrap();
    let o = run_build(&site, &out, AS_OF, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--> content/schools/het-anker.toml:2:9"),
        "{}",
        stderr(&o)
    );
    assert!(
        read_tree(&out) == before,
        "the failed build changed public/"
    );
    // Nothing is left beside it either.
    let siblings: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings.len(), 2, "left behind: {siblings:?}");
}

#[test]
fn a_successful_rebuild_replaces_the_output_completely() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(out.join("nl/old-page")).unwrap();
    std::fs::write(out.join("nl/old-page/index.html"), "stale").unwrap();
    let o = run_build(&fixture("subpath"), &out, AS_OF, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !out.join("nl/old-page").exists(),
        "a stale page survived the rebuild"
    );
}

#[test]
fn output_into_the_site_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("subpath"), &site);
    let before = read_tree(&site);
    for out in [
        site.clone(),
        tmp.path().to_path_buf(),
        site.join("content"),
        site.join("content/new-folder"),
        site.join("transparency"),
    ] {
        let o = run_build(&site, &out, AS_OF, EN);
        let err = stderr(&o);
        assert_ne!(
            o.status.code(),
            Some(0),
            "--out {} was accepted",
            out.display()
        );
        assert!(err.contains("error:") && err.contains("hint:"), "{err}");
        assert!(
            read_tree(&site) == before,
            "--out {} damaged the site",
            out.display()
        );
    }
}

fn example_build(out: &Path, as_of: &str, extra: &[&str]) -> std::process::Output {
    let mut args = EN.to_vec();
    args.extend(extra);
    run_build(&example_site(), out, as_of, &args)
}

#[test]
fn the_example_site_builds_without_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = example_build(&out, "2026-11-25", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("error:"), "{err}");
    assert!(
        out.join("nl/documents/privacyverklaring/2.1/index.html")
            .is_file()
    );
}

#[test]
fn the_example_site_shows_an_unpublished_version_only_as_a_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "nl/documents/privacyverklaring/2.1/index.html";
    // Version 2.1 is published on 2026-11-10.
    let plain = tmp.path().join("plain");
    let o = example_build(&plain, "2026-11-01", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !plain.join(page).exists(),
        "2.1 was published before its date"
    );

    let drafts = tmp.path().join("drafts");
    let o = example_build(&drafts, "2026-11-01", &["--drafts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(drafts.join(page)).expect("2.1 is built with --drafts");
    assert!(
        html.contains("notice-draft"),
        "2.1 is not marked as a draft"
    );
    assert!(
        html.contains("Concept, niet gepubliceerd"),
        "no draft label in Dutch"
    );
    assert!(html.contains("draft-banner"), "no draft banner");
}

/// Every command prints its failures through one printer; these are the
/// bytes it has always written, for a failure of each kind: the tool
/// refusing a request (exit 2), a mistake in what was asked (exit 1, a
/// finding with a blank line after it), and refusals that are messages
/// (exit 1), two of them for two unreadable keys.
#[test]
fn failures_read_as_they_always_have() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let s = site.display();

    let o = run_build(&site, &site, AS_OF, EN);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: the output folder {s} contains the site itself\n  = hint: choose an output folder of its own, e.g. --out public\n"
        )
    );

    let o = run_args(&[
        "new",
        "document",
        "Bad_Slug",
        "--site",
        &s.to_string(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: \"Bad_Slug\" is not a valid document slug\n  = hint: use lowercase letters, digits and hyphens, e.g. \"bad-slug\"\n\n"
    );

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let e = empty.display();
    let o = run_args(&["verify", &e.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {e} has no transparency log (no transparency/log/ folder)\n  = hint: give a built site folder (public/), a site folder or its URL\n"
        )
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));

    let toml = site.join("content/site.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[transparency]\norigin = \"privacy.lindenhof.example/log\"\n");
    std::fs::write(&toml, text).unwrap();
    let o = run_args(&["publish", "--site", &s.to_string(), "--key", &e.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let unread = |file: &str| {
        let path = empty.join(file);
        let why = std::fs::read(&path).unwrap_err();
        format!(
            "error: cannot read the key {}: {why}\n  = hint: create keys with `policypress keygen`, or pass the key folder with --key\n",
            path.display()
        )
    };
    assert_eq!(
        err,
        format!("{}{}", unread("publisher.key"), unread("checkpoint.key"))
    );
    assert!(
        !site.join("transparency").exists(),
        "publish wrote a log without keys"
    );
}

/// The same failures in Dutch, the language of the site: labels, messages,
/// hints and counts; what is not in the catalog (a log that is not there,
/// keys that cannot be read) stays English.
#[test]
fn failures_speak_the_language_of_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let s = site.display();

    let o = run_build(&site, &site, AS_OF, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "fout: de uitvoermap {s} bevat de site zelf\n  = tip: kies een eigen map voor de uitvoer, bijvoorbeeld --out public\n"
        )
    );

    let o = run_args(&["new", "document", "Bad_Slug", "--site", &s.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "fout: \"Bad_Slug\" is geen geldige slug voor een document\n  = tip: gebruik kleine letters, cijfers en streepjes, bijvoorbeeld \"bad-slug\"\n\n"
    );

    std::fs::write(
        site.join("content/schools/het-anker.toml"),
        "name = \"Basisschool Het Anker\"\nbord = \"lindenhof\"\n",
    )
    .unwrap();
    let o = run_build(&site, &tmp.path().join("out"), AS_OF, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("fout: onbekend veld `bord` in een schoolbestand\n  --> content/schools/het-anker.toml:2:1\n"),
        "{err}"
    );
    assert!(
        err.contains("  = tip: bedoelt u `board`? Haal anders deze regel weg\n"),
        "{err}"
    );
    assert!(
        err.ends_with("2 fouten en 1 waarschuwing: er is niets geschreven\n"),
        "{err}"
    );
    // --lang says otherwise.
    let o = run_build(&site, &tmp.path().join("out"), AS_OF, EN);
    assert!(stderr(&o).contains("error: unknown key `bord` in a school file\n"));
}

/// Which language a command speaks: `--lang`, else the site's default
/// language (read from its `languages` line even when site.toml has a
/// mistake elsewhere), else English.
#[test]
fn the_language_is_the_flag_else_the_sites_else_english() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("invalid/unknown-key"), &site);
    let speaks = |site: &Path, extra: &[&str]| {
        let out = tmp.path().join("out");
        let o = run_build(site, &out, AS_OF, extra);
        let err = stderr(&o);
        if err.contains("fout: ") {
            "nl"
        } else if err.contains("error: ") {
            "en"
        } else {
            panic!("no error: {err}")
        }
    };
    assert_eq!(speaks(&site, &[]), "nl");
    assert_eq!(speaks(&site, &["--lang", "en"]), "en");
    assert_eq!(speaks(&site, &["--lang", "nl"]), "nl");
    // A site.toml that is not TOML still says its languages.
    let toml = site.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen("base_url = \"", "base_url = ", 1)).unwrap();
    assert_eq!(speaks(&site, &[]), "nl");
    // English first: English; a language the catalog does not have: English.
    std::fs::write(&toml, text.replace("[\"nl\", \"en\"]", "[\"en\", \"nl\"]")).unwrap();
    assert_eq!(speaks(&site, &[]), "en");
    std::fs::write(&toml, text.replace("[\"nl\", \"en\"]", "[\"de\", \"nl\"]")).unwrap();
    assert_eq!(speaks(&site, &[]), "en");
    // No site at all: English.
    assert_eq!(speaks(&tmp.path().join("nothing"), &[]), "en");
    // A usage error is clap's, in English, with exit 2.
    let o = run_args(&["build", "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--lang"), "{}", stderr(&o));
}

/// `--lang` is an option of every command, and its help says so.
#[test]
fn every_command_takes_lang() {
    for command in [
        "build", "check", "serve", "new", "keygen", "publish", "verify",
    ] {
        let o = run_args(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let help = stdout(&o);
        assert!(help.contains("--lang <LANG>"), "{command} --help: {help}");
    }
}

/// A draft (a version without `published`) is never built for
/// publication: not its page, not on the home page or in a feed; with
/// `--drafts` it is, marked as a draft.
#[test]
fn a_draft_is_never_published() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let dir = site.join("content/documents/privacyverklaring/3.1");
    std::fs::create_dir_all(&dir).unwrap();
    for lang in ["nl", "en"] {
        std::fs::copy(
            site.join(format!("content/documents/privacyverklaring/3.0/{lang}.md")),
            dir.join(format!("{lang}.md")),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("version.toml"),
        "effective = 2025-12-01\nmaterial = false\nsummary = { nl = \"Concepttekst XYZ\", en = \"Draft text XYZ\" }\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    let o = run_build(&site, &out, "2026-01-01", EN);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = read_tree(&out);
    assert!(
        !files.keys().any(|p| p.contains("/3.1/")),
        "a draft's page was built"
    );
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("XYZ"),
            "{path} shows the draft"
        );
    }
    let drafts = tmp.path().join("drafts");
    let o = run_build(&site, &drafts, "2026-01-01", &["--drafts", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page =
        std::fs::read_to_string(drafts.join("nl/documents/privacyverklaring/3.1/index.html"))
            .expect("the draft is built with --drafts");
    assert!(page.contains("draft-banner"), "not marked as a draft");
}
