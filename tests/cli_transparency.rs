//! The transparency workflow through the command line, as a publisher runs
//! it: keygen → publish → build → verify, and the refusals on the way.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::copy_tree;

struct Env {
    home: tempfile::TempDir,
}

impl Env {
    fn run(&self, args: &[&str], password: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(args)
            .env("POLICYPRESS_KEY_PASSWORD", password)
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn keygen_publish_build_verify_and_refusals() {
    let env = Env {
        home: tempfile::tempdir().unwrap(),
    };
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let s = site.to_str().unwrap();
    let public = work.path().join("public");
    let p = public.to_str().unwrap();

    // A site whose address is still a placeholder cannot name its log.
    let toml = site.join("content/site.toml");
    let original = fs::read_to_string(&toml).unwrap();
    assert!(!original.contains("[transparency]"));
    let base_url = original
        .lines()
        .find(|l| l.starts_with("base_url"))
        .unwrap()
        .to_string();
    fs::write(
        &toml,
        original.replace(&base_url, "base_url = \"[VUL IN]\""),
    )
    .unwrap();
    let o = env.run(&["keygen", "--site", s, "--lang", "en"], "pw");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("base_url is not filled in yet"),
        "{}",
        text(&o)
    );
    assert!(!site.join("transparency").exists());
    fs::write(&toml, &original).unwrap();

    // Private keys are never written inside the site folder, and a refused
    // keygen leaves site.toml as it was.
    let inside = site.join("keys");
    let o = env.run(
        &["keygen", "--site", s, "--out", inside.to_str().unwrap()],
        "pw",
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("inside the site folder"));
    assert!(!inside.exists());
    assert_eq!(fs::read_to_string(&toml).unwrap(), original);

    // An existing key folder open to others is tightened to its owner
    // (checked below).
    let keydir = env
        .home
        .path()
        .join("config/policypress/keys/privacy.waterlinie.example_log");
    fs::create_dir_all(&keydir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&keydir, fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Without [transparency], keygen adds it, named after base_url, and
    // leaves every line before it (comments included) as it was.
    let o = env.run(&["keygen", "--site", s], "pw");
    assert!(o.status.success(), "{}", text(&o));
    let edited = fs::read_to_string(&toml).unwrap();
    assert!(edited.starts_with(&original), "{edited}");
    assert!(
        edited.ends_with(
            "[transparency]\norigin = \"privacy.waterlinie.example/log\"\npublic_key = \"transparency/publisher.pub\"\n"
        ),
        "{edited}"
    );
    assert!(
        text(&o).contains("origin = \"privacy.waterlinie.example/log\""),
        "{}",
        text(&o)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["publisher.key", "checkpoint.key"] {
            let mode = fs::metadata(keydir.join(f)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{f}");
        }
    }
    assert!(site.join("transparency/publisher.pub").is_file());
    assert!(site.join("transparency/log.vkey").is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&keydir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    // A second keygen replaces nothing.
    let o = env.run(&["keygen", "--site", s], "pw");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("already exists"), "{}", text(&o));

    // An empty password is refused, also from the environment.
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"], "");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("is set but empty"), "{}", text(&o));
    assert!(!site.join("transparency/log").exists());
    // A wrong password is told as such.
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"], "guess");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("wrong password for"), "{}", text(&o));
    assert!(!site.join("transparency/log").exists());

    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"], "pw");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Sealed 19 artifacts"), "{}", text(&o));
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"], "pw");
    assert!(text(&o).contains("Nothing new to seal"), "{}", text(&o));

    let o = env.run(
        &["build", "--site", s, "--as-of", "2026-11-25", "--out", p],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    // First use: --require-known refuses it; without, the summary names
    // the keys by their fingerprints and where to compare them.
    let o = env.run(&["verify", p, "--require-known"], "");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = env.run(&["verify", p], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("trusting on first use"), "{}", text(&o));
    let vkey = fs::read_to_string(site.join("transparency/log.vkey")).unwrap();
    let summary = text(&o)
        .lines()
        .find(|l| l.starts_with("Verified:"))
        .unwrap()
        .to_string();
    assert!(
        summary.contains("First use of this log")
            && summary.contains(vkey.trim())
            && summary.contains("publisher key with SHA-256 ")
            && summary.contains("/verify/"),
        "{summary}"
    );
    let o = env.run(&["verify", p, "--require-known"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("First use"), "{}", text(&o));
    // The conclusion in the reader's language, as the Dutch verify page
    // gives the command.
    let o = env.run(&["verify", "--lang", "nl", p], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("\nGecontroleerd: iedere handtekening"),
        "{}",
        text(&o)
    );
    // A copy with its checkpoint and nothing else fails.
    let broken = work.path().join("broken/transparency/log");
    fs::create_dir_all(&broken).unwrap();
    fs::copy(
        site.join("transparency/log/checkpoint"),
        broken.join("checkpoint"),
    )
    .unwrap();
    let broken = work.path().join("broken");
    let o = env.run(&["verify", "--lang", "nl", broken.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("\nControle MISLUKT: "), "{}", text(&o));
    // A key whose role is ambiguous is a usage error; --key is deprecated.
    let witness = work.path().join("witness.vkey");
    fs::write(
        &witness,
        policypress::tlog::Signer::generate("witness.example")
            .unwrap()
            .verifier()
            .to_key_string(),
    )
    .unwrap();
    let o = env.run(&["verify", p, "--key", witness.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--key is deprecated"), "{}", text(&o));
    let vk = site.join("transparency/log.vkey");
    let pk = site.join("transparency/publisher.pub");
    let o = env.run(
        &[
            "verify",
            p,
            "--log-key",
            vk.to_str().unwrap(),
            "--publisher-key",
            pk.to_str().unwrap(),
            "--accept-new-log",
            "x.example/log",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = env.run(&["verify", p], "");
    assert!(
        text(&o).contains("grew from the checkpoint remembered"),
        "{}",
        text(&o)
    );

    // No private key material anywhere in the output.
    fn scan(dir: &Path) {
        for e in fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                scan(&path);
            } else {
                let b = fs::read(&path).unwrap();
                assert!(
                    !b.windows(11).any(|w| w == b"PRIVATE KEY")
                        && !b.windows(12).any(|w| w == b"PRIVATE+KEY+"),
                    "{} holds key material",
                    path.display()
                );
            }
        }
    }
    scan(&public);

    // Editing a sealed version: build and publish refuse, naming the file.
    let md = site.join("content/documents/privacyverklaring/2.0/nl.md");
    let body = fs::read_to_string(&md).unwrap();
    fs::write(&md, body.replacen("## ", "## Stil gewijzigd: ", 1)).unwrap();
    let before = fs::read(public.join("nl/index.html")).unwrap();
    for args in [
        vec!["build", "--site", s, "--as-of", "2026-11-25", "--out", p],
        vec!["publish", "--site", s, "--as-of", "2026-11-25"],
    ] {
        let o = env.run(&args, "pw");
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
        let t = text(&o);
        assert!(
            t.contains("content/documents/privacyverklaring/2.0/nl.md"),
            "{t}"
        );
        assert!(t.contains("publish the change as a new version"), "{t}");
    }
    assert_eq!(fs::read(public.join("nl/index.html")).unwrap(), before);

    // verify of a folder without a log.
    let o = env.run(&["verify", work.path().to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("has no transparency log"), "{}", text(&o));
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", text(o)))
}

/// `publish --dry-run` and `verify --format json`, on a log of three
/// publishes: the dry run says what would be sealed at which index, needs
/// no key and writes nothing; the JSON report gives every check, its
/// result and the entries it concerns.
#[test]
fn dry_run_and_json_on_a_log_of_three_publishes() {
    let env = Env {
        home: tempfile::tempdir().unwrap(),
    };
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let toml = site.join("content/site.toml");
    let mut t = fs::read_to_string(&toml).unwrap();
    t.push_str("\n[transparency]\norigin = \"privacy.waterlinie.example/log\"\n");
    fs::write(&toml, t).unwrap();
    let s = site.to_str().unwrap();
    let o = env.run(&["keygen", "--site", s], "pw");
    assert!(o.status.success(), "{}", text(&o));

    for (as_of, first, n, total) in [
        ("2020-01-01", 0, 11, 11),
        ("2024-01-01", 11, 5, 16),
        ("2026-11-25", 16, 3, 19),
    ] {
        let before = fs::read_dir(site.join("transparency")).unwrap().count();
        let index = fs::read(site.join("transparency/index.json")).ok();
        let o = env.run(&["publish", "--site", s, "--as-of", as_of, "--dry-run"], "");
        assert!(o.status.success(), "{}", text(&o));
        let out = text(&o);
        assert!(out.contains(&format!("would seal #{first} ")), "{out}");
        assert!(
            out.contains(&format!(
                "Would seal {n} artifacts; the log would then have {total} entries. (dry run: nothing was written)"
            )),
            "{out}"
        );
        assert_eq!(
            fs::read_dir(site.join("transparency")).unwrap().count(),
            before
        );
        assert_eq!(fs::read(site.join("transparency/index.json")).ok(), index);
        let o = env.run(&["publish", "--site", s, "--as-of", as_of], "pw");
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = env.run(
        &["publish", "--site", s, "--as-of", "2026-11-25", "--dry-run"],
        "",
    );
    assert!(
        text(&o).contains(
            "Nothing new to seal; the log has 19 entries. (dry run: nothing was written)"
        ),
        "{}",
        text(&o)
    );
    // What a dry run of a version entered late says: the refusal publish gives.
    let v15 = site.join("content/documents/privacyverklaring/1.5");
    fs::create_dir_all(&v15).unwrap();
    fs::write(
        v15.join("version.toml"),
        "published = 2020-05-01\neffective = 2020-06-01\nmaterial = false\nsummary = \"Tussentijds.\"\n",
    )
    .unwrap();
    fs::write(v15.join("nl.md"), "## Inleiding\n\nTekst.\n").unwrap();
    let o = env.run(
        &["publish", "--site", s, "--as-of", "2026-11-25", "--dry-run"],
        "",
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("content/documents/privacyverklaring/1.5/version.toml:2:1")
            && out.contains("sealing it now would back-date it")
            && out.contains("late_entry"),
        "{out}"
    );
    fs::remove_dir_all(&v15).unwrap();

    let public = work.path().join("public");
    let p = public.to_str().unwrap();
    let o = env.run(
        &["build", "--site", s, "--as-of", "2026-11-25", "--out", p],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = env.run(&["verify", p, "--format", "json"], "");
    assert!(o.status.success(), "{}", text(&o));
    let v = json(&o);
    assert_eq!(v["target"], public.join("transparency").to_str().unwrap());
    assert_eq!(v["verified"], true);
    assert_eq!(v["failures"], 0);
    assert_eq!(v["log"]["origin"], "privacy.waterlinie.example/log");
    assert_eq!(v["log"]["size"], 19);
    let checks = v["checks"].as_array().unwrap();
    let of = |c: &str| {
        checks
            .iter()
            .find(|x| x["check"] == c)
            .unwrap_or_else(|| panic!("no {c} check: {checks:#?}"))
            .clone()
    };
    for c in [
        "checkpoint",
        "tiles",
        "entries",
        "one-truth",
        "links",
        "order",
        "pages",
        "api",
    ] {
        assert_eq!(of(c)["result"], "ok", "{c}");
    }
    assert_eq!(of("keys")["result"], "note");
    assert_eq!(of("entries")["entries"].as_array().unwrap().len(), 19);
    assert_eq!(of("pages")["entries"].as_array().unwrap().len(), 7);

    // A page changed on the host: one failed check, naming the page and
    // the entry of the version it shows.
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(public.join("transparency/index.json")).unwrap()).unwrap();
    let i = index["entries"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| {
            e["document"] == "privacyverklaring" && e["version"] == "2.0" && e["kind"] == "version"
        })
        .unwrap();
    let page = public.join("en/documents/privacyverklaring/2.0/index.html");
    let html = fs::read_to_string(&page).unwrap();
    fs::write(
        &page,
        html.replacen("Who are we?</h2>", "Who are they?</h2>", 1),
    )
    .unwrap();
    let o = env.run(&["verify", p, "--format", "json"], "");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v = json(&o);
    assert_eq!(v["verified"], false);
    assert_eq!(v["failures"], 1);
    let failed: Vec<&serde_json::Value> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["result"] == "failed")
        .collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(failed[0]["check"], "pages");
    assert_eq!(failed[0]["entries"], serde_json::json!([i]));
    let message = failed[0]["message"].as_str().unwrap();
    assert!(
        message.contains("en/documents/privacyverklaring/2.0/index.html:")
            && message.contains("\"Who are they?\""),
        "{message}"
    );
    let o = env.run(&["verify", p], "");
    assert!(
        text(&o).contains(&format!("FAILED  {message}")),
        "{}",
        text(&o)
    );
}
