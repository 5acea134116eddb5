//! Every input a fuzzer once crashed on, fed again through the same
//! function the fuzz target runs (fuzz/src/lib.rs), so a fixed crash stays
//! fixed. Inputs live in tests/fuzz-regressions/<target>/, one file each.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::path::{Path, PathBuf};

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
