//! Every input a fuzzer once crashed on, fed again through the same
//! function the fuzz target runs (fuzz/src/lib.rs), so a fixed crash stays
//! fixed. Inputs live in tests/fuzz-regressions/<target>/, one file each.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code, unreachable_pub)]
mod targets;

use std::path::{Path, PathBuf};

mod common;
use common::copy_tree;

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("listing regression inputs").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    files
}

/// Runs `f` on every stored input of `target`, naming the input that fails.
fn replay(target: &str, f: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    for path in inputs(target) {
        let data = std::fs::read(&path).expect("reading a regression input");
        if std::panic::catch_unwind(|| f(&data)).is_err() {
            panic!("{} crashes again", path.display());
        }
    }
}

#[test]
fn content_read_regressions() {
    replay("content_read", targets::content_read);
}

#[test]
fn markdown_render_regressions() {
    replay("markdown_render", targets::markdown_render);
}

#[test]
fn compare_bodies_regressions() {
    replay("compare_bodies", targets::compare_bodies);
}

#[test]
fn tlog_parse_regressions() {
    replay("tlog_parse", targets::tlog_parse);
}

#[test]
fn tlog_verify_regressions() {
    replay("tlog_verify", |d| {
        targets::tlog_verify(d);
    });
}

#[test]
fn transparency_parse_regressions() {
    replay("transparency_parse", targets::transparency_parse);
}

#[test]
fn canonical_json_regressions() {
    replay("canonical_json", targets::canonical_json);
}

#[test]
fn verify_page_regressions() {
    replay("verify_page", targets::verify_page);
}

#[test]
fn verify_site_regressions() {
    replay("verify_site", |d| {
        targets::verify_site(d);
    });
}

/// tests/fuzz-regressions/verify_site/huge-signed-size-one-top-tile: the
/// seed site with a checkpoint (signed by the site's own key, as anyone
/// who makes a site can) for 2^56 entries whose root is the one hash of
/// one level-7 tile it also serves. The root checks out; listing every
/// tile of such a tree to audit it took all memory. Now the audit stops at
/// the first tile that is missing, and verify refuses such a size first.
#[test]
fn a_huge_signed_size_is_refused_at_the_first_missing_tile() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions/verify_site/huge-signed-size-one-top-tile");
    let started = std::time::Instant::now();
    let r = targets::verify_site(&std::fs::read(path).unwrap());
    assert!(
        r.failures
            .iter()
            .any(|f| (f.starts_with("the tiles do not match the checkpoint")
                && f.contains("tile/0/000"))
                // Since verify has a maximum tree size, it stops before any tile.
                || f.contains("more than the 10000000 verify reads")),
        "{:#?}",
        r.lines
    );
    assert!(started.elapsed().as_secs() < 5);
}

/// A genuine log of 300 entries (a full entry bundle and a partial one) in
/// the framing of the tlog_verify target, with an older checkpoint at 100.
fn genuine_log() -> Vec<u8> {
    use policypress::tlog::{Log, tiles};
    let dir = tempfile::tempdir().unwrap();
    let signer = targets::fuzz_signer();
    let mut log = Log::open(dir.path(), "fuzz.example/log").unwrap();
    let entries: Vec<Vec<u8>> = (0..300)
        .map(|i| format!("entry {i}").into_bytes())
        .collect();
    log.append(&entries[..100]).unwrap();
    let old = policypress::tlog::Checkpoint::new("fuzz.example/log", 100, log.root().unwrap());
    log.append(&entries[100..]).unwrap();
    log.checkpoint(&signer).unwrap();
    let new = policypress::tlog::Checkpoint::new("fuzz.example/log", 300, log.root().unwrap());
    let (new_text, old_text) = (new.to_text(), old.to_text());
    let mut parts: Vec<Vec<u8>> = vec![new_text.into_bytes(), old_text.into_bytes()];
    for t in tiles::tiles_for_size(300) {
        parts.push(t.path().into_bytes());
        parts.push(std::fs::read(dir.path().join(t.path())).unwrap());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    targets::encode_records(&refs)
}

/// The tlog_verify harness reaches every check: a genuine log passes all of
/// them, and one changed byte in an entry makes the audit fail. (With
/// FUZZ_SEEDS=<dir>, the genuine log is also written there as a seed.)
#[test]
fn genuine_log_passes_the_tlog_verify_harness() {
    let data = genuine_log();
    let all = targets::VerifyOutcome {
        tree: true,
        audit: true,
        first_entry: true,
        last_entry: true,
        consistency: true,
    };
    assert_eq!(targets::tlog_verify(&data), all);
    if let Some(dir) = std::env::var_os("FUZZ_SEEDS") {
        std::fs::write(Path::new(&dir).join("tlog_verify/genuine-300"), &data).unwrap();
    }
    // "entry 5" → "entry 6": the bundle still decodes, but no longer hashes
    // to the leaves in the hash tiles.
    let at = data
        .windows(7)
        .position(|w| w == b"entry 5")
        .expect("the genuine log holds entry 5");
    let mut tampered = data.clone();
    tampered[at + 6] = b'6';
    let outcome = targets::tlog_verify(&tampered);
    assert!(outcome.tree && !outcome.audit, "{outcome:?}");
}

/// Every file below `dir`, by its path relative to `base`.
fn files_below(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            files_below(base, &p, out);
        } else {
            let rel = p.strip_prefix(base).unwrap().to_str().unwrap().to_string();
            out.push((rel, std::fs::read(&p).unwrap()));
        }
    }
}

/// The fixture site `basic` sealed as `publish` seals it (the same
/// `plan` and `seal`), in two batches — up to 2021, then up to 2025 — so
/// the early bundles prove inclusion in an older checkpoint than the
/// current one. Its checkpoint key is the fuzz signer's, so the
/// verify_site harness can sign mutated checkpoints. Returns the files of
/// `transparency/` and the first batch's checkpoint note.
fn sealed_site() -> (Vec<(String, Vec<u8>)>, Vec<u8>) {
    use policypress::{sign, transparency as tr};
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/content"),
        &root.join("content"),
    );
    let origin = targets::fuzz_signer().name().to_string();
    let artifact_key = sign::ArtifactKey::generate().unwrap();
    let tdir = root.join(tr::DIR);
    std::fs::create_dir_all(&tdir).unwrap();
    std::fs::write(tdir.join(sign::PUBLIC_KEY_FILE), artifact_key.public_pem()).unwrap();
    std::fs::write(
        tdir.join(sign::VERIFIER_KEY_FILE),
        format!("{}\n", targets::fuzz_signer().verifier().to_key_string()),
    )
    .unwrap();
    let toml = root.join("content/site.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.push_str(&format!("\n[transparency]\norigin = \"{origin}\"\n"));
    std::fs::write(&toml, config).unwrap();
    let (site, diags) = policypress::content::load(root);
    let site = site.unwrap_or_else(|| panic!("the fixture loads: {diags:?}"));
    let mut first_checkpoint = Vec::new();
    for as_of in [
        time::macros::date!(2021 - 12 - 31),
        time::macros::date!(2025 - 06 - 01),
    ] {
        let sealed = tr::Sealed::load(root, &origin).unwrap();
        let pending = tr::plan(&site, sealed.as_ref(), as_of).unwrap();
        assert!(!pending.is_empty(), "nothing to seal by {as_of}");
        tr::seal(
            root,
            &origin,
            sealed.as_ref(),
            pending,
            &artifact_key,
            &targets::fuzz_signer(),
        )
        .unwrap_or_else(|e| panic!("sealing: {e:?}"));
        if first_checkpoint.is_empty() {
            first_checkpoint = std::fs::read(tdir.join("log/checkpoint")).unwrap();
        }
    }
    let mut files = Vec::new();
    files_below(&tdir, &tdir, &mut files);
    // The pages and API of the sealed versions, as `build` writes them.
    let opts = policypress::BuildOptions {
        as_of: time::macros::date!(2025 - 06 - 01),
        drafts: false,
        preview: false,
    };
    let built = policypress::site::build(root, opts).unwrap_or_else(|d| panic!("{d:?}"));
    for f in built.files {
        let version_page = f.path.contains("/documents/")
            && f.path.ends_with("/index.html")
            && f.path
                .split('/')
                .nth(3)
                .is_some_and(|v| policypress::model::VersionNumber::parse(v).is_some());
        let api = f.path == "api/v1/index.json" || f.path.starts_with("api/v1/documents/");
        if version_page || api {
            files.push((format!("site:{}", f.path), f.bytes));
        }
    }
    (files, first_checkpoint)
}

/// Records as the verify_site target reads them.
fn site_records(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let parts: Vec<&[u8]> = files
        .iter()
        .flat_map(|(p, b)| [p.as_bytes(), b.as_slice()])
        .collect();
    targets::encode_records(&parts)
}

/// The verify_site harness reaches every check of `verify`: a site sealed
/// as `publish` seals it passes, with an earlier checkpoint too; a
/// checkpoint signed by the harness is trusted as one from the site's key;
/// a changed artifact, a relabelled index entry and a bundle with a field
/// `verify` does not read each fail. (With FUZZ_SEEDS=<dir>, the site and
/// its files are written there as seeds for verify_site and
/// transparency_parse.)
#[test]
fn sealed_site_passes_the_verify_site_harness() {
    let (files, old_checkpoint) = sealed_site();
    let get = |name: &str| -> Vec<u8> {
        files
            .iter()
            .find(|(p, _)| p == name)
            .unwrap_or_else(|| panic!("the sealed site has {name}"))
            .1
            .clone()
    };
    let with = |changes: &[(&str, Vec<u8>)]| -> Vec<u8> {
        let mut f = files.clone();
        for (name, bytes) in changes {
            f.retain(|(p, _)| p != name);
            f.push((name.to_string(), bytes.clone()));
        }
        site_records(&f)
    };
    let genuine = site_records(&files);
    let r = targets::verify_site(&genuine);
    assert!(r.passed(), "{:#?}", r.lines);
    assert!(
        r.lines.iter().any(|l| l.contains("of 13 entries")),
        "{:#?}",
        r.lines
    );

    // The pages were read and show the sealed texts.
    assert!(
        r.lines
            .iter()
            .any(|l| l.starts_with("ok") && l.contains("sealed versions show the sealed text")),
        "{:#?}",
        r.lines
    );
    // A page changed on the host fails.
    let (page, html) = files
        .iter()
        .find(|(p, _)| p == "site:nl/documents/privacyreglement/1.0/index.html")
        .map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap()))
        .unwrap();
    let at = html.find("<div class=\"prose\"").unwrap();
    let p_at = at + html[at..].find("<p>").unwrap() + 3;
    let changed = format!("{}Niet. {}", &html[..p_at], &html[p_at..]);
    let r = targets::verify_site(&with(&[(page.as_str(), changed.into_bytes())]));
    assert!(
        r.failures.iter().any(|f| f.contains(&page["site:".len()..])
            && f.contains("the text shown is not the sealed text")),
        "{:#?}",
        r.failures
    );

    // The first batch's checkpoint, given as seen before.
    let r = targets::verify_site(&with(&[("@checkpoint", old_checkpoint.clone())]));
    assert!(r.passed(), "{:#?}", r.lines);
    assert!(
        r.lines.iter().any(|l| l.contains("grew from")),
        "{:#?}",
        r.lines
    );

    // The same checkpoint text, signed by the harness: still the site's key.
    let (text, _) = policypress::tlog::note::split(&get("log/checkpoint"))
        .map(|(t, s)| (t.to_string(), s))
        .unwrap();
    let mut f = files.clone();
    f.retain(|(p, _)| p != "log/checkpoint");
    f.push(("sign:log/checkpoint".into(), text.into_bytes()));
    assert!(targets::verify_site(&site_records(&f)).passed());

    // One changed byte in an artifact.
    let name = "artifacts/documents/privacyreglement/1.0.json";
    let mut artifact = get(name);
    let at = artifact.len() - 3;
    artifact[at] ^= 1;
    let r = targets::verify_site(&with(&[(name, artifact)]));
    assert!(
        r.failures
            .iter()
            .any(|f| f.contains("the artifact was changed")),
        "{:#?}",
        r.failures
    );

    // The index relabels an entry: the artifact is another version.
    let index = String::from_utf8(get("index.json")).unwrap();
    let relabelled = index.replacen("\"version\": \"1.0\"", "\"version\": \"1.1\"", 1);
    assert_ne!(relabelled, index);
    let r = targets::verify_site(&with(&[("index.json", relabelled.into_bytes())]));
    assert!(
        r.failures
            .iter()
            .any(|f| f.contains("the index says it seals version \"1.1\"")),
        "{:#?}",
        r.failures
    );

    // An index of another schema.
    let other = index.replacen(
        policypress::transparency::INDEX_SCHEMA,
        "policypress.transparency-index/v2",
        1,
    );
    assert_ne!(other, index);
    let r = targets::verify_site(&with(&[("index.json", other.into_bytes())]));
    assert!(
        r.failures
            .iter()
            .any(|f| f.contains("index.json has the schema")),
        "{:#?}",
        r.failures
    );

    // A bundle with a field `verify` would not read (a certificate beside
    // the key), and one with a field twice.
    let bundle_name = "bundles/documents/privacyreglement/1.0.sigstore.json";
    let bundle = String::from_utf8(get(bundle_name)).unwrap();
    for (what, changed) in [
        (
            "unknown field `certificate`",
            bundle.replacen(
                "\"publicKey\": {",
                "\"certificate\": {\"rawBytes\": \"AA==\"},\n    \"publicKey\": {",
                1,
            ),
        ),
        (
            "duplicate field `mediaType`",
            bundle.replacen("{", "{\n  \"mediaType\": \"x\",", 1),
        ),
    ] {
        assert_ne!(changed, bundle);
        let r = targets::verify_site(&with(&[(bundle_name, changed.into_bytes())]));
        assert!(
            r.failures.iter().any(|f| f.contains(what)),
            "{what}: {:#?}",
            r.failures
        );
    }

    if let Some(dir) = std::env::var_os("FUZZ_SEEDS") {
        let dir = Path::new(&dir);
        std::fs::write(dir.join("verify_site/sealed-basic"), &genuine).unwrap();
        std::fs::write(
            dir.join("verify_site/sealed-basic-old-checkpoint"),
            with(&[("@checkpoint", old_checkpoint)]),
        )
        .unwrap();
        // One seed per file kind for transparency_parse (selector byte first).
        for (selector, name) in [
            (0u8, bundle_name),
            (0, "bundles/relationships/duo-bron/1.sigstore.json"),
            (1, "index.json"),
            (3, "publisher.pub"),
            (4, "log.vkey"),
        ] {
            let mut seed = vec![selector];
            seed.extend(get(name));
            let file = format!("{selector}-{}", name.replace('/', "_"));
            std::fs::write(dir.join("transparency_parse").join(file), seed).unwrap();
        }
        for (name, bytes) in &files {
            if name.starts_with("artifacts/") {
                let file = name.replace('/', "_");
                std::fs::write(dir.join("canonical_json").join(file), bytes).unwrap();
            }
        }
        // A version page and its text, for verify_page.
        let md = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/basic/content/documents/privacyreglement/1.0/nl.md"),
        )
        .unwrap();
        let mut seed = vec![0u8];
        seed.extend(html.as_bytes());
        seed.push(0);
        seed.extend(md.as_bytes());
        std::fs::write(dir.join("verify_page/basic-privacyreglement-1.0-nl"), seed).unwrap();
        // A log entry, as the second tile bundle's first entry.
        let leaf = policypress::tlog::tiles::decode_entry_bundle(
            &policypress::tlog::Tile::entries(0, 13),
            &get("log/tile/entries/000.p/13"),
        )
        .unwrap()
        .remove(0);
        let mut seed = vec![2u8];
        seed.extend(leaf);
        std::fs::write(dir.join("transparency_parse/2-log-entry"), seed).unwrap();
    }
}

/// Not a check but a tool (run by hand, see fuzz/README.md): with
/// FUZZ_AUDIT=<corpus folder of verify_site>, replays every input and
/// lists those that verify although they differ from the seed site they
/// grew from, file by file. A fuzzer keeps inputs for new code paths, not
/// for being accepted; this shows which changes `verify` accepts, to judge
/// whether it should.
#[test]
#[ignore = "a tool: set FUZZ_AUDIT to a verify_site corpus"]
fn audit_accepted_verify_site_inputs() {
    let Some(dir) = std::env::var_os("FUZZ_AUDIT") else {
        return;
    };
    let parse = |data: &[u8]| -> std::collections::BTreeMap<String, Vec<u8>> {
        targets::records(data)
            .chunks_exact(2)
            .map(|p| (String::from_utf8_lossy(p[0]).into_owned(), p[1].to_vec()))
            .collect()
    };
    let mut seeds = Vec::new();
    let mut all: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    all.sort();
    let mut accepted = 0;
    for path in &all {
        let data = std::fs::read(path).unwrap();
        if !targets::verify_site(&data).passed() {
            continue;
        }
        accepted += 1;
        let files = parse(&data);
        // The seed it is closest to: the one with the fewest differing files.
        if seeds.is_empty() {
            for name in ["sealed-basic", "sealed-basic-old-checkpoint", "cli-basic"] {
                if let Ok(d) = std::fs::read(Path::new(&dir).join(name)) {
                    seeds.push(parse(&d));
                }
            }
        }
        let diff = |s: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
            let mut d: Vec<String> = files
                .iter()
                .filter(|(k, v)| s.get(*k) != Some(*v))
                .map(|(k, _)| format!("changed or added {k}"))
                .collect();
            d.extend(
                s.keys()
                    .filter(|k| !files.contains_key(*k))
                    .map(|k| format!("removed {k}")),
            );
            d
        };
        let Some(d) = seeds.iter().map(diff).min_by_key(Vec::len) else {
            continue;
        };
        if !d.is_empty() {
            println!("{}: {}", path.display(), d.join("; "));
        }
    }
    println!("{accepted} of {} inputs verify", all.len());
}
