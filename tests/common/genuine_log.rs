//! A genuine log of N version artifacts, signed with fresh keys and sealed
//! into `ROOT/transparency/` as `publish` would seal them, without a
//! content folder to load first: for the memory test of `verify`
//! (`tests/verify_memory.rs`) and the benchmark (`examples/gen_log.rs`),
//! which include this file, so that both measure logs made the same way.

use std::path::Path;

use policypress::sign::{self, ArtifactKey};
use policypress::tlog::Signer;
use policypress::transparency::{self as tr, IndexEntry, Pending};
use serde_json::json;

/// How the entries look.
pub(crate) struct Shape {
    /// Versions per document (each document's versions take effect on
    /// successive days).
    pub(crate) per_document: u64,
    /// Long document names and a summary in each version: what `verify`
    /// would hold of an entry shows more.
    pub(crate) long: bool,
}

/// Writes a log of `n` versions of the log `origin` into `root`, each with
/// a text of about 1 KiB in each of two languages.
pub(crate) fn genuine_log(root: &Path, origin: &str, n: u64, shape: &Shape) {
    let artifact_key = ArtifactKey::generate().expect("an artifact key");
    let checkpoint_key = Signer::generate(origin).expect("a checkpoint key");
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
    let summary = "Wat er is veranderd, en waarom. ".repeat(16);
    let text = format!(
        "## Artikel 1\n\n{}\n",
        "Deze tekst beschrijft welke persoonsgegevens de school verwerkt, waarom, op welke grondslag en hoe lang. ".repeat(10)
    );
    let pending = (0..n)
        .map(|i| {
            let (d, v) = (i / shape.per_document + 1, i % shape.per_document + 1);
            let doc = if shape.long {
                format!("privacyverklaring-van-de-stichting-voor-onderwijs-nummer-{d}")
            } else {
                format!("doc-{d}")
            };
            let day = start + time::Duration::days(v as i64);
            let date = format!(
                "{:04}-{:02}-{:02}",
                day.year(),
                u8::from(day.month()),
                day.day()
            );
            let mut artifact = json!({
                "type": tr::VERSION_TYPE,
                "document": doc,
                "version": format!("{v}.0"),
                "published": date,
                "effective": date,
                "material": false,
                "bodies": {"nl": text, "en": text},
            });
            if shape.long {
                artifact["summary"] = json!({"nl": summary, "en": summary});
            }
            let base = format!("documents/{doc}/{v}.0");
            let bytes = policypress::canonical::to_vec(&artifact).expect("canonical JSON");
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
    tr::seal(root, origin, None, pending, &artifact_key, &checkpoint_key)
        .unwrap_or_else(|e| panic!("sealing: {e:?}"));
}
