//! For the memory benchmark of `verify` (`bench/hostile.sh`), not a test:
//! writes a genuine log of N version artifacts (each with a text of about
//! 2 KiB in two languages), signed with fresh keys, into
//! `DIR/transparency/`, as `publish` would seal them, without a content
//! folder to load first. The log is what matters here, not the site.
//!
//! Run: `cargo run --release --example gen_log -- DIR N [VERSIONS_PER_DOCUMENT]`

use std::path::PathBuf;

use policypress::sign::{self, ArtifactKey};
use policypress::tlog::Signer;
use policypress::transparency::{self as tr, IndexEntry, Pending};
use serde_json::json;

const ORIGIN: &str = "bench.example/log";

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_log DIR N [VERSIONS_PER_DOCUMENT]");
        std::process::exit(2);
    };
    let root = PathBuf::from(dir);
    let n: u64 = n.parse().expect("N is a number");
    let per_doc: u64 = args.next().map_or(500, |s| {
        s.parse().expect("VERSIONS_PER_DOCUMENT is a number")
    });
    let artifact_key = ArtifactKey::generate().expect("an artifact key");
    let checkpoint_key = Signer::generate(ORIGIN).expect("a checkpoint key");
    let t = root.join(tr::DIR);
    std::fs::create_dir_all(&t).expect("creating the transparency folder");
    std::fs::write(t.join(sign::PUBLIC_KEY_FILE), artifact_key.public_pem())
        .expect("writing the publisher key");
    std::fs::write(
        t.join(sign::VERIFIER_KEY_FILE),
        format!("{}\n", checkpoint_key.verifier().to_key_string()),
    )
    .expect("writing the log key");
    let start = time::macros::date!(2000 - 01 - 01);
    let paragraph = "Deze tekst beschrijft welke persoonsgegevens de school verwerkt, waarom, op welke grondslag en hoe lang. ";
    let pending: Vec<Pending> = (0..n)
        .map(|i| {
            let (d, v) = (i / per_doc + 1, i % per_doc + 1);
            let day = start + time::Duration::days(v as i64);
            let date = format!(
                "{:04}-{:02}-{:02}",
                day.year(),
                u8::from(day.month()),
                day.day()
            );
            let text = format!("## Artikel 1\n\n{}\n", paragraph.repeat(10));
            let artifact = json!({
                "type": tr::VERSION_TYPE,
                "document": format!("doc-{d}"),
                "version": format!("{v}.0"),
                "published": date,
                "effective": date,
                "material": false,
                "bodies": {"nl": text, "en": text},
            });
            let base = format!("documents/doc-{d}/{v}.0");
            let bytes = policypress::canonical::to_vec(&artifact).expect("canonical JSON");
            Pending {
                entry: IndexEntry {
                    index: 0,
                    kind: "version".into(),
                    document: Some(format!("doc-{d}")),
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
    tr::seal(&root, ORIGIN, None, pending, &artifact_key, &checkpoint_key)
        .unwrap_or_else(|e| panic!("sealing: {e:?}"));
}
