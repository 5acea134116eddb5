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
    let text = policypress::source::normalise(text);
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
    let old = render(&policypress::source::normalise(old), &opts);
    let new = render(&policypress::source::normalise(new), &opts);
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
