//! For the memory benchmark of `verify` (`bench/hostile.sh`), not a test:
//! writes a genuine log of N version artifacts (each with a text of about
//! 1 KiB in each of two languages), signed with fresh keys, into
//! `DIR/transparency/`, as `publish` would seal them, without a content
//! folder to load first. The log is what matters here, not the site; it is
//! made as `tests/verify_memory.rs` makes its logs (the same file).
//!
//! Run: `cargo run --release --example gen_log -- DIR N [VERSIONS_PER_DOCUMENT]`

use std::path::PathBuf;

#[path = "../tests/common/genuine_log.rs"]
mod genuine_log;

const ORIGIN: &str = "bench.example/log";

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_log DIR N [VERSIONS_PER_DOCUMENT]");
        std::process::exit(2);
    };
    let n: u64 = n.parse().expect("N is a number");
    let per_document: u64 = args.next().map_or(500, |s| {
        s.parse().expect("VERSIONS_PER_DOCUMENT is a number")
    });
    genuine_log::genuine_log(
        &PathBuf::from(dir),
        ORIGIN,
        n,
        &genuine_log::Shape {
            per_document,
            long: false,
        },
    );
}
