//! The private signing key never reaches the output: a site folder with a
//! private key where it would be published is refused, and the built
//! example site holds no key material at all.

use std::path::Path;
use std::process::Command;

mod common;
use common::copy_tree;

fn build(site: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_policypress"))
        .arg("build")
        .arg("--site")
        .arg(site)
        .arg("--out")
        .arg(out)
        .args(["--as-of", "2026-11-25"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

const SIGSTORE_KEY: &str = "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n";
const NOTE_KEY: &str =
    "PRIVATE+KEY+privacy.example.nl/log+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n";
const PEM_KEY: &str =
    "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";

#[test]
fn build_refuses_a_private_key_in_a_published_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // (where, what is written there, appended to an existing file or not,
    // the location the error must name)
    let cases = [
        (
            "content/documents/privacyverklaring/2.1/nl.md",
            PEM_KEY,
            true,
            None,
        ),
        ("content/signing.key", NOTE_KEY, false, Some(1)),
        (
            "themes/default/static/cosign.key",
            SIGSTORE_KEY,
            false,
            Some(1),
        ),
        ("transparency/publisher.key", NOTE_KEY, false, Some(1)),
    ];
    for (path, key, append, line) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_tree(&root.join("content"), &site.join("content"));
        let out = tmp.path().join("public");
        let first = build(&site, &out);
        assert!(
            first.status.success(),
            "{}",
            String::from_utf8_lossy(&first.stderr)
        );
        let before = std::fs::read(out.join("nl/index.html")).unwrap();

        let file = site.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let mut text = if append {
            std::fs::read_to_string(&file).unwrap() + "\n"
        } else {
            String::new()
        };
        let key_line = text.lines().count() + 1;
        text.push_str(key);
        std::fs::write(&file, text).unwrap();

        let o = build(&site, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{path}: {stderr}");
        let at = format!("{path}:{}:1", line.unwrap_or(key_line));
        assert!(
            stderr.contains("this file holds a private key") && stderr.contains(&at),
            "{path}: the error must name {at}: {stderr}"
        );
        assert!(
            stderr.contains("hint: move the key out of the site folder"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read(out.join("nl/index.html")).unwrap(),
            before,
            "{path}: the previous output was changed"
        );
        assert!(
            !scan_tree(&out).iter().any(|(_, found)| *found),
            "{path}: key material reached the output"
        );
    }
}

/// Every file under `dir` and whether it holds key material.
fn scan_tree(dir: &Path) -> Vec<(std::path::PathBuf, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                let found = policypress::find_private_key(&bytes).is_some()
                    || bytes.windows(11).any(|w| w == b"PRIVATE KEY");
                out.push((p, found));
            }
        }
    }
    out
}

#[test]
fn the_built_example_site_holds_no_key_material() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(root, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = scan_tree(&out);
    assert!(files.len() > 100, "only {} files were built", files.len());
    let with_keys: Vec<_> = files.iter().filter(|(_, found)| *found).collect();
    assert!(with_keys.is_empty(), "key material in: {with_keys:?}");
}
