//! The bodies of the fuzz targets, shared by the targets in `fuzz_targets/`
//! and by `tests/fuzz_regressions.rs`, which feeds every input the fuzzers
//! once crashed on through the very same function.
//!
//! Each function must return normally for every input: a panic, an abort
//! or running out of stack is a bug in policypress.

use policypress::compare::{Labels, compare};
use policypress::content::{FileKind, read_one};
use policypress::markdown::{BodyKind, MarkdownOptions, render};
use policypress::tlog::{
    self, Checkpoint, MemoryTiles, Tile, Verifier, merkle::HashReader, note, tiles,
};

/// Arbitrary bytes as one content file: the first byte chooses the kind of
/// file (site, organisation, school, document, version, relationship, or a
/// Markdown body), the rest is the file. Every message is formatted, and a
/// body that reads is rendered.
pub fn content_read(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let kind = FileKind::ALL[usize::from(selector) % FileKind::ALL.len()];
    let read = read_one(kind, bytes.to_vec());
    for d in read.diagnostics.sorted() {
        let _ = d.to_string();
    }
    if let Some(body) = read.body {
        let r = render(
            &body,
            &MarkdownOptions {
                kind: BodyKind::Version,
                unsafe_html: false,
            },
        );
        for d in r.diagnostics {
            let _ = d.to_string();
        }
    }
}

/// The options a selector byte stands for: bit 0 the body kind, bit 1
/// `unsafe_html`.
fn options(selector: u8) -> MarkdownOptions {
    MarkdownOptions {
        kind: if selector & 1 == 0 {
            BodyKind::Version
        } else {
            BodyKind::Page
        },
        unsafe_html: selector & 2 != 0,
    }
}

/// Arbitrary text as a Markdown body: the first byte chooses the body kind
/// and whether raw HTML is allowed; the rest must be UTF-8 (content files
/// are decoded before they are rendered) and is normalised as content is.
pub fn markdown_render(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let text = policypress::normalise(text);
    let r = render(&text, &options(selector));
    for d in r.diagnostics {
        let _ = d.to_string();
    }
}

/// Two Markdown bodies, split at the first NUL byte, rendered with the
/// options of the first byte and compared as two versions are.
pub fn compare_bodies(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let (old, new) = text.split_once('\0').unwrap_or((text, ""));
    let opts = options(selector);
    let old = render(&policypress::normalise(old), &opts);
    let new = render(&policypress::normalise(new), &opts);
    let labels = Labels {
        added: "added:".into(),
        removed: "removed:".into(),
        unchanged_one: "1 unchanged paragraph".into(),
        unchanged_many: "{count} unchanged paragraphs".into(),
    };
    let c = compare(&old.html, &new.html, &labels);
    let back = compare(&new.html, &old.html, &labels);
    // Comparing a text with itself finds nothing; a change found one way is
    // found the other way too.
    assert!(
        compare(&old.html, &old.html, &labels).identical(),
        "a text compared with itself shows changes"
    );
    assert_eq!(
        c.identical(),
        back.identical(),
        "the comparison is not symmetric in whether anything changed"
    );
}

/// The fixed signer whose notes [`tlog_parse`] checks (seed: 32 × 7).
pub fn fuzz_signer() -> note::Signer {
    note::Signer::from_seed("fuzz.example/log", [7; 32])
        .expect("bug: the fuzz signer's name is a valid key name")
}

/// Arbitrary bytes through each single parser of the transparency log:
/// the first byte chooses the parser.
pub fn tlog_parse(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    match selector % 6 {
        0 => {
            let _ = note::split(bytes);
        }
        1 => {
            let _ = note::open(bytes, &[fuzz_signer().verifier()]);
        }
        2 => {
            if let Ok(cp) = Checkpoint::parse(&text) {
                // Canonical form: what parses prints back as it was.
                assert_eq!(cp.to_text(), text, "a checkpoint does not round-trip");
            }
        }
        3 => {
            if let Ok(t) = Tile::parse_path(&text) {
                assert_eq!(t.path(), text, "a tile path does not round-trip");
            }
        }
        4 => {
            // A tile path line, then the tile's bytes.
            let Some(nl) = bytes.iter().position(|b| *b == b'\n') else {
                return;
            };
            let Ok(path) = std::str::from_utf8(&bytes[..nl]) else {
                return;
            };
            let Ok(t) = Tile::parse_path(path) else {
                return;
            };
            let body = &bytes[nl + 1..];
            match t.level {
                None => {
                    if let Ok(entries) = tiles::decode_entry_bundle(&t, body) {
                        let again = tiles::encode_entry_bundle(&entries)
                            .expect("bug: decoded entries are small enough to encode");
                        assert_eq!(again, body, "an entry bundle does not round-trip");
                    }
                }
                Some(_) => {
                    if let Ok(h) = tiles::decode_hash_tile(&t, body) {
                        assert_eq!(tiles::encode_hash_tile(&h), body);
                    }
                }
            }
        }
        _ => {
            let _ = Verifier::parse(&text);
            let _ = note::Signer::parse(&text);
        }
    }
}

/// Splits fuzz input into records, each a big-endian u16 length and that
/// many bytes; a short last record takes what is left.
pub fn records(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while let [a, b, rest @ ..] = data {
        let len = usize::from(u16::from_be_bytes([*a, *b])).min(rest.len());
        out.push(&rest[..len]);
        data = &rest[len..];
    }
    out
}

/// Joins records as [`records`] splits them.
pub fn encode_records(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        let len = u16::try_from(p.len()).expect("bug: seed record over 64 KiB");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(p);
    }
    out
}

/// What [`tlog_verify`] found, so a test can tell a genuine log from a
/// broken one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct VerifyOutcome {
    pub tree: bool,
    pub audit: bool,
    pub first_entry: bool,
    pub last_entry: bool,
    pub consistency: bool,
}

/// A downloaded log as `verify` meets it, every part untrusted: records of
/// a newer checkpoint text, an older checkpoint text, then pairs of tile
/// path and tile bytes. Runs every check of a log against its tiles.
/// Signatures are not involved (the fuzzer cannot sign); `tlog_parse`
/// covers the signed note.
pub fn tlog_verify(data: &[u8]) -> VerifyOutcome {
    let mut out = VerifyOutcome::default();
    let recs = records(data);
    let [new, old, rest @ ..] = recs.as_slice() else {
        return out;
    };
    let (Ok(new), Ok(old)) = (std::str::from_utf8(new), std::str::from_utf8(old)) else {
        return out;
    };
    let (Ok(new), Ok(old)) = (Checkpoint::parse(new), Checkpoint::parse(old)) else {
        return out;
    };
    let mut store = MemoryTiles::default();
    for pair in rest.chunks_exact(2) {
        if let Ok(path) = std::str::from_utf8(pair[0]) {
            store.0.insert(path.to_string(), pair[1].to_vec());
        }
    }
    out.tree = tlog::verify_tree(&store, &new).is_ok();
    out.audit = tlog::audit_tiles(&store, &new).is_ok();
    out.first_entry = tlog::verify_entry(&store, &new, 0).is_ok();
    out.last_entry = tlog::verify_entry(&store, &new, new.size.saturating_sub(1)).is_ok();
    out.consistency = tlog::verify_consistency(&store, &old, &new).is_ok();
    let reader = tlog::TileHashReader::new(&store, new.size);
    let _ = reader.node_hash(0, 0);
    out
}

/// Arbitrary bytes through each parser `verify` applies to one published
/// file of a site's `transparency/` folder; the first byte chooses the
/// file. What parses must mean exactly what it says: it writes back to the
/// same thing, and (for bundles) no field of the input is left unread.
pub fn transparency_parse(data: &[u8]) {
    use policypress::sign;
    use policypress::transparency::{self as tr, Bundle, Index};
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    match selector % 5 {
        0 => {
            let Ok(b) = Bundle::parse(bytes) else {
                return;
            };
            let again = b.to_bytes();
            assert_eq!(
                Bundle::parse(&again).as_ref(),
                Ok(&b),
                "a bundle does not read back as it was written"
            );
            // Every field of the input is one that was read: the input and
            // the bundle written from what was read are the same JSON (the
            // writer always gives the optional integratedTime).
            let mut read: serde_json::Value =
                serde_json::from_slice(bytes).expect("bug: a parsed bundle is JSON");
            let mut written: serde_json::Value =
                serde_json::from_slice(&again).expect("bug: a written bundle is JSON");
            for v in [&mut read, &mut written] {
                if let Some(e) = v.pointer_mut("/verificationMaterial/tlogEntries/0") {
                    e.as_object_mut()
                        .expect("bug: a log entry is an object")
                        .remove("integratedTime");
                }
            }
            assert_eq!(read, written, "a bundle holds something that was not read");
        }
        1 => {
            let Ok(index) = serde_json::from_slice::<Index>(bytes) else {
                return;
            };
            let again: Index =
                serde_json::from_slice(&index.to_bytes()).expect("bug: a written index reads back");
            assert_eq!(
                (&again.schema, &again.origin, &again.entries),
                (&index.schema, &index.origin, &index.entries),
                "an index does not read back as it was written"
            );
        }
        2 => {
            if let Ok(e) = tr::parse_entry(bytes) {
                assert_eq!(
                    tr::hashedrekord_body(&e.digest, &e.signature, &e.public_der),
                    bytes,
                    "a log entry is not in its one canonical form"
                );
            }
        }
        3 => {
            // publisher.pub, read as `verify` reads it.
            let text = String::from_utf8_lossy(bytes);
            let Ok(der) = sign::parse_public_pem(&text) else {
                return;
            };
            assert_eq!(
                sign::parse_public_pem(&sign::public_pem(&der)).as_ref(),
                Ok(&der),
                "a public key does not read back as it was written"
            );
            if let Ok(k) = sign::P256Key::from_der(&der) {
                assert_eq!(k.der(), der.as_slice());
                let _ = sign::key_hint(k.der());
                let _ = k.verify(b"msg", bytes);
            }
        }
        _ => {
            // log.vkey, read as `verify` reads it.
            let text = String::from_utf8_lossy(bytes);
            if let Ok(v) = Verifier::parse(text.trim()) {
                assert_eq!(
                    Verifier::parse(&v.to_key_string()).ok().as_ref(),
                    Some(&v),
                    "a verifier key does not read back as it was written"
                );
            }
        }
    }
}

/// Arbitrary bytes through the RFC 8785 canonicalization that sealed
/// artifacts are checked with: what canonicalizes is canonical afterwards
/// (a fixed point), means the same JSON, and the bytes are called canonical
/// exactly when they are their own canonical form.
pub fn canonical_json(data: &[u8]) {
    use policypress::canonical;
    match canonical::canonicalize(data) {
        Ok(c) => {
            assert_eq!(
                canonical::canonicalize(&c).as_ref(),
                Ok(&c),
                "canonical output is not a fixed point"
            );
            let a: serde_json::Value = serde_json::from_slice(data).expect("bug: it parsed once");
            let b: serde_json::Value =
                serde_json::from_slice(&c).expect("canonical output is not JSON");
            assert!(same_json(&a, &b), "canonical output means another value");
            assert_eq!(canonical::is_canonical(data), c == data);
        }
        Err(_) => assert!(!canonical::is_canonical(data)),
    }
}

/// JSON equality as RFC 8785 sees it: numbers are IEEE doubles.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => x.as_f64() == y.as_f64(),
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// A whole published `transparency/` folder through `verify`, every file
/// untrusted: records (see [`records`]) of a path below `transparency/`
/// and that file's bytes. Three kinds of path are special:
///
/// - `sign:<path>`: the bytes are a note text, signed here with
///   [`fuzz_signer`] and stored at `<path>`, so that a mutated checkpoint
///   can get past its signature (the seed site's `log.vkey` is that key's);
/// - `@checkpoint`: a checkpoint seen earlier (`verify --checkpoint`);
///   `sign:@checkpoint` signs it;
/// - `@key`, `@key2`: key files given with `verify --key`;
/// - `site:<path>`: a file of the built site around the log (a version's
///   page, `api/v1/…`), which `verify` reads to compare with the artifacts.
///
/// Returns the report, so that a test can tell a genuine site from a
/// broken one.
pub fn verify_site(data: &[u8]) -> policypress::verify::Report {
    use policypress::verify::{MemorySource, Options, verify};
    use std::sync::atomic::{AtomicU64, Ordering};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let recs = records(data);
    let mut src = MemorySource::default();
    let mut outside: Vec<(String, Vec<u8>)> = Vec::new();
    for pair in recs.chunks_exact(2) {
        let Ok(name) = std::str::from_utf8(pair[0]) else {
            continue;
        };
        let (path, bytes) = match name.strip_prefix("sign:") {
            Some(path) => {
                let signed = std::str::from_utf8(pair[1])
                    .ok()
                    .and_then(|text| note::sign(text, &[&fuzz_signer()]).ok());
                (path, signed.unwrap_or_else(|| pair[1].to_vec()))
            }
            None => (name, pair[1].to_vec()),
        };
        if path.starts_with('@') {
            outside.push((path.to_string(), bytes));
        } else if let Some(page) = path.strip_prefix("site:") {
            src.site.insert(page.to_string(), bytes);
        } else {
            src.log.insert(path.to_string(), bytes);
        }
    }
    // Files given on the command line: written to a folder of this call's
    // own, removed afterwards.
    let dir = std::env::temp_dir().join(format!(
        "policypress-fuzz-{}-{}",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    let mut opts = Options::default();
    if !outside.is_empty() {
        std::fs::create_dir_all(&dir).expect("creating a temp folder");
        for (name, bytes) in &outside {
            let file = dir.join(&name[1..]);
            match name.as_str() {
                "@checkpoint" => opts.checkpoint = Some(file.clone()),
                "@key" | "@key2" => opts.keys.push(file.clone()),
                _ => continue,
            }
            std::fs::write(&file, bytes).expect("writing a temp file");
        }
    }
    let report = verify(&src, &opts);
    if report.passed() {
        build_agrees(&src, &dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
    report
}

/// What `verify` accepts, `build` reads too: the same files on disk load
/// as a sealed log (`Sealed::load`, which checks less: no artifact
/// signatures or bundles). Run only for the rare inputs that verify.
fn build_agrees(src: &policypress::verify::MemorySource, dir: &std::path::Path) {
    use policypress::transparency::{self as tr, Sealed};
    let root = dir.join("site");
    for (path, bytes) in &src.log {
        // Files verify never reads (a path it would refuse) stay in memory.
        if path
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
        {
            continue;
        }
        let file = root.join(tr::DIR).join(path);
        let written = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&file, bytes));
        if written.is_err() {
            // Two paths that cannot both be files (`a` and `a/b`): not a
            // folder `build` could meet.
            return;
        }
    }
    let checkpoint = &src.log["log/checkpoint"];
    let origin = String::from_utf8_lossy(checkpoint)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    match Sealed::load(&root, &origin) {
        Ok(Some(_)) => {}
        Ok(None) => panic!("verify accepts a log that build does not see"),
        Err(d) => panic!("verify accepts a log that build refuses: {d}"),
    }
}

/// A version page and a sealed text, as `verify` compares them: the first
/// byte picks the page's language (bit 0: `nl` or `en`) and whether the
/// sealed text has an `en` body too (bit 1); the rest is the page's HTML
/// and the Markdown body, split at the first NUL. A page compared with the
/// body rendered and marked as the build writes it must match.
pub fn verify_page(data: &[u8]) {
    use policypress::markdown::{BodyKind, MarkdownOptions, render};
    use policypress::model::VersionNumber;
    use policypress::transparency::artifact::VersionArtifact;
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let (page, body) = text.split_once('\0').unwrap_or((text, ""));
    let body = policypress::normalise(body);
    if body.trim().is_empty() {
        return;
    }
    let mut bodies = std::collections::BTreeMap::from([("nl".to_string(), body.clone())]);
    if selector & 2 != 0 {
        bodies.insert("en".to_string(), body.clone());
    }
    let date = policypress::transparency::artifact::parse_date("2025-01-01")
        .expect("bug: 2025-01-01 is a date");
    let v = VersionArtifact {
        schema: 1,
        document: "d".into(),
        version: VersionNumber::parse("1.0").expect("bug: 1.0 is a version number"),
        published: date,
        effective: date,
        material: false,
        approved_by: None,
        approved_on: None,
        summary: None,
        urgent: None,
        late_entry: None,
        bodies,
    };
    let lang = if selector & 1 == 0 { "nl" } else { "en" };
    let sha = "ab".repeat(32);
    let _ = policypress::verify::check_page(page, lang, &v, &sha);
    // The page the build would write of this text passes.
    let html = render(
        &body,
        &MarkdownOptions {
            kind: BodyKind::Version,
            unsafe_html: false,
        },
    )
    .html;
    let built = format!(
        "<main><div class=\"prose\" lang=\"nl\" data-sealed=\"{sha}\">\n{html}\n</div></main>"
    );
    assert_eq!(
        policypress::verify::check_page(&built, lang, &v, &sha),
        Ok(()),
        "the page the build writes does not show its own text"
    );
}
