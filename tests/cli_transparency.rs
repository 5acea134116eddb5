//! The transparency workflow through the command line, as a publisher runs
//! it: keygen → publish → build → verify, and the refusals on the way.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::copy_dir;

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
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let s = site.to_str().unwrap();
    let public = work.path().join("public");
    let p = public.to_str().unwrap();

    // Without [transparency], keygen says what to add.
    let o = env.run(&["keygen", "--site", s], "pw");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("origin = \"privacy.waterlinie.example/log\""),
        "{}",
        text(&o)
    );
    let toml = site.join("content/site.toml");
    let mut t = fs::read_to_string(&toml).unwrap();
    t.push_str("\n[transparency]\norigin = \"privacy.waterlinie.example/log\"\n");
    fs::write(&toml, t).unwrap();

    // Private keys are never written inside the site folder.
    let inside = site.join("keys");
    let o = env.run(
        &["keygen", "--site", s, "--out", inside.to_str().unwrap()],
        "pw",
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("inside the site folder"));
    assert!(!inside.exists());

    let o = env.run(&["keygen", "--site", s], "pw");
    assert!(o.status.success(), "{}", text(&o));
    let keydir = env
        .home
        .path()
        .join("config/policypress/keys/privacy.waterlinie.example_log");
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
    // A second keygen replaces nothing.
    let o = env.run(&["keygen", "--site", s], "pw");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("already exists"), "{}", text(&o));

    // A wrong password is told as such.
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"], "guess");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("wrong password for"), "{}", text(&o));
    assert!(!site.join("transparency/log").exists());

    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"], "pw");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Sealed 17 artifacts"), "{}", text(&o));
    let o = env.run(&["publish", "--site", s, "--as-of", "2026-11-25"], "pw");
    assert!(text(&o).contains("Nothing new to seal"), "{}", text(&o));

    let o = env.run(
        &["build", "--site", s, "--as-of", "2026-11-25", "--out", p],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = env.run(&["verify", p], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("trusting on first use"), "{}", text(&o));
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
