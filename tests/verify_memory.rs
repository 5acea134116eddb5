//! What `verify` holds per log entry, counted by the allocator (not timed,
//! so load on the machine does not move it): the peak of live heap bytes
//! while verifying a genuine log of 512 entries and one of 2,560 entries,
//! whose entries carry texts, summaries and long names. The difference,
//! per entry, must stay a few hundred bytes: keeping each entry's artifact
//! (even without its texts), its index entry or its bundle would be
//! several times that.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use policypress::sign::{self, ArtifactKey};
use policypress::tlog::Signer;
use policypress::transparency::{self as tr, IndexEntry, Pending};
use policypress::verify;
use serde_json::json;

/// Counts the live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const ORIGIN: &str = "memory.example/log";

/// A genuine log of `n` versions in folders with long names, 256 versions
/// per document, each with a summary and texts in two languages.
fn genuine_log(root: &Path, n: u64) {
    let artifact_key = ArtifactKey::generate().unwrap();
    let checkpoint_key = Signer::generate(ORIGIN).unwrap();
    let t = root.join(tr::DIR);
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join(sign::PUBLIC_KEY_FILE), artifact_key.public_pem()).unwrap();
    std::fs::write(
        t.join(sign::VERIFIER_KEY_FILE),
        format!("{}\n", checkpoint_key.verifier().to_key_string()),
    )
    .unwrap();
    let start = time::macros::date!(2000 - 01 - 01);
    let summary = "Wat er is veranderd, en waarom. ".repeat(16);
    let text = format!(
        "## Artikel 1\n\n{}\n",
        "Een zin over persoonsgegevens. ".repeat(40)
    );
    let pending = (0..n)
        .map(|i| {
            let (d, v) = (i / 256 + 1, i % 256 + 1);
            let doc = format!("privacyverklaring-van-de-stichting-voor-onderwijs-nummer-{d}");
            let day = start + time::Duration::days(v as i64);
            let date = format!(
                "{:04}-{:02}-{:02}",
                day.year(),
                u8::from(day.month()),
                day.day()
            );
            let artifact = json!({
                "type": tr::VERSION_TYPE,
                "document": doc,
                "version": format!("{v}.0"),
                "published": date,
                "effective": date,
                "material": false,
                "summary": {"nl": summary, "en": summary},
                "bodies": {"nl": text, "en": text},
            });
            let base = format!("documents/{doc}/{v}.0");
            let bytes = policypress::canonical::to_vec(&artifact).unwrap();
            Pending {
                entry: IndexEntry {
                    index: 0,
                    kind: "version".into(),
                    document: Some(doc),
                    version: Some(format!("{v}.0")),
                    relationship: None,
                    state: None,
                    sha256: tr::sha256_hex(&bytes),
                    artifact: format!("artifacts/{base}.json"),
                    bundle: format!("bundles/{base}.sigstore.json"),
                },
                bytes,
            }
        })
        .collect();
    tr::seal(root, ORIGIN, None, pending, &artifact_key, &checkpoint_key).unwrap();
}

/// The peak of live heap bytes above what was live before, while verifying
/// a genuine log of `n` entries.
fn peak_of_verify(n: u64) -> usize {
    let dir = tempfile::tempdir().unwrap();
    genuine_log(dir.path(), n);
    let src = verify::DirSource(dir.path().join(tr::DIR));
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let report = verify::verify(&src, &verify::Options::default());
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(report.passed(), "{:#?}", report.failures);
    assert_eq!(report.log.as_ref().map(|l| l.1), Some(n));
    drop(report);
    peak
}

#[test]
fn verify_keeps_a_small_fixed_amount_per_entry() {
    // The smaller log first, so that what is set up once (thread pools,
    // caches of the libraries) is not counted to the larger.
    let (small, large) = (512, 2560);
    let _ = peak_of_verify(small);
    let p_small = peak_of_verify(small);
    let p_large = peak_of_verify(large);
    let per_entry = p_large.saturating_sub(p_small) / (large - small) as usize;
    eprintln!(
        "verify peak: {p_small} bytes for {small} entries, {p_large} for {large}: {per_entry} bytes per entry"
    );
    assert!(
        per_entry <= 400,
        "verify holds {per_entry} bytes per log entry (peak {p_small} bytes for {small} entries, {p_large} for {large}); it should keep only fixed-size records of each"
    );
}
