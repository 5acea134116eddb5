//! That `verify`'s memory does not grow with the log, counted by the
//! allocator (not timed, so load on the machine does not move it): the
//! peak of live heap bytes while verifying a genuine log of N entries and
//! one of 4N entries, whose entries carry texts, summaries and long names,
//! may differ by a small fixed amount only. N is large enough that every
//! buffer verify reads the log with is full at both sizes (the index is
//! read in slices of up to 4,096 entries).
//! Twelve thousand entries more with 768 KiB allowed: anything kept of
//! each entry in memory shows from about 30 bytes beside what the sorter's
//! buffers take (verify kept about 150 bytes of each before the checks
//! across entries were kept on disk, and 72 more for the findings about
//! time, which fail here).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use policypress::transparency as tr;
use policypress::verify;

#[path = "common/genuine_log.rs"]
mod genuine_log;

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

/// Versions per document: a document's versions are held together by the
/// pages check.
const PER_DOCUMENT: u64 = 256;

/// The peak of live heap bytes above what was live before, while verifying
/// a genuine log of `n` entries.
fn peak_of_verify(n: u64) -> usize {
    let dir = tempfile::tempdir().unwrap();
    genuine_log::genuine_log(
        dir.path(),
        ORIGIN,
        n,
        &genuine_log::Shape {
            per_document: PER_DOCUMENT,
            long: true,
        },
    );
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

/// What may differ between the two peaks: buffers that fill with the log
/// up to a fixed size. The largest are the sorter's (`src/verify/spill.rs`)
/// that files each version under its document's name: a run of up to
/// 256 KiB in memory, and when the runs are merged an 8 KiB read buffer for
/// each of up to 64 runs. Measured: 411,327 bytes more for 16,384 entries
/// than for 4,096.
const FIXED: usize = (256 << 10) + 64 * (8 << 10);

#[test]
fn verify_keeps_the_same_whatever_the_number_of_entries() {
    let n: u64 = 4096;
    // What is set up once (thread pools, caches of the libraries) is not
    // counted to either size.
    let _ = peak_of_verify(256);
    let p_small = peak_of_verify(n);
    let p_large = peak_of_verify(4 * n);
    let grew = p_large.saturating_sub(p_small);
    let allowed = FIXED;
    eprintln!(
        "verify peak: {p_small} bytes for {n} entries, {p_large} for {}: {grew} more (allowed {allowed})",
        4 * n
    );
    assert!(
        grew <= allowed,
        "verify's peak grew by {grew} bytes from {n} to {} entries ({p_small} to {p_large}), more than the {allowed} allowed: it keeps something of each entry in memory; keep it on disk (see src/verify/spill.rs)",
        4 * n
    );
}
