//! `verify-proof`: a proof a parent can keep. A genuine artifact and its
//! bundle pass with the publisher's keys; each forgery fails and the
//! report names what failed; inputs are bounded; the command's exit
//! statuses are those of `verify` (0 proven, 1 a failed check, 2 usage).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use policypress::messages::Language;
use policypress::sign::{self, ArtifactKey, P256Key};
use policypress::tlog::{self, Signer};
use policypress::transparency::{self as tr, Bundle, Sealed};
use policypress::verify::proof::{Outcome, Step, TrustedKeys, verify_proof};
use serde_json::Value;
use time::macros::date;

mod common;
use common::copy_tree;

const ORIGIN: &str = "privacy.waterlinie.example/log";

/// A sealed copy of the example site, made once for every test: its
/// transparency/ folder and the private checkpoint key (to forge with).
struct SealedSite {
    _dir: tempfile::TempDir,
    root: PathBuf,
    t: PathBuf,
    checkpoint: Signer,
}

fn sealed() -> &'static SealedSite {
    static SITE: OnceLock<SealedSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &root.join("content"),
        );
        let toml = root.join("content/site.toml");
        let mut s = fs::read_to_string(&toml).unwrap();
        s.push_str(&format!("\n[transparency]\norigin = \"{ORIGIN}\"\n"));
        fs::write(&toml, s).unwrap();
        let artifact = ArtifactKey::generate().unwrap();
        let checkpoint = Signer::generate(ORIGIN).unwrap();
        let t = root.join("transparency");
        fs::create_dir_all(&t).unwrap();
        fs::write(t.join(sign::PUBLIC_KEY_FILE), artifact.public_pem()).unwrap();
        fs::write(
            t.join(sign::VERIFIER_KEY_FILE),
            format!("{}\n", checkpoint.verifier().to_key_string()),
        )
        .unwrap();
        let (site, diags) = policypress::content::load(root);
        let site = site.unwrap_or_else(|| panic!("{diags:?}"));
        let pending = tr::plan(&site, None, date!(2026 - 11 - 25)).unwrap();
        tr::seal(root, ORIGIN, None, pending, &artifact, &checkpoint).unwrap();
        assert!(Sealed::load(root, ORIGIN).unwrap().is_some());
        SealedSite {
            root: root.to_path_buf(),
            _dir: dir,
            t,
            checkpoint,
        }
    })
}

fn index() -> Vec<tr::IndexEntry> {
    let b = fs::read(sealed().t.join(tr::INDEX_FILE)).unwrap();
    serde_json::from_slice::<tr::Index>(&b).unwrap().entries
}

/// (artifact, bundle) of a version.
fn files_of(doc: &str, version: &str) -> (Vec<u8>, Vec<u8>) {
    let e = index()
        .into_iter()
        .find(|e| {
            e.kind == "version"
                && e.document.as_deref() == Some(doc)
                && e.version.as_deref() == Some(version)
        })
        .unwrap_or_else(|| panic!("{doc} {version} is not sealed"));
    let t = &sealed().t;
    (
        fs::read(t.join(&e.artifact)).unwrap(),
        fs::read(t.join(&e.bundle)).unwrap(),
    )
}

fn keys() -> TrustedKeys {
    let t = &sealed().t;
    TrustedKeys::read(
        &t.join(sign::VERIFIER_KEY_FILE),
        &t.join(sign::PUBLIC_KEY_FILE),
    )
    .unwrap()
}

/// The failed checks, by step.
fn failed(o: &Outcome) -> Vec<Step> {
    o.checks
        .iter()
        .filter(|c| c.result.is_err())
        .map(|c| c.step)
        .collect()
}

fn why(o: &Outcome, step: Step) -> String {
    o.checks
        .iter()
        .find(|c| c.step == step)
        .and_then(|c| c.result.clone().err())
        .map(|said| said.text(Language::En))
        .unwrap_or_else(|| panic!("{step:?} did not fail: {:#?}", o.lines(Language::En)))
}

fn edit_bundle(bundle: &[u8], f: impl FnOnce(&mut Bundle)) -> Vec<u8> {
    let mut b = Bundle::parse(bundle).unwrap();
    f(&mut b);
    b.to_bytes()
}

#[test]
fn every_sealed_artifact_with_its_bundle_is_proven() {
    let t = &sealed().t;
    let keys = keys();
    let entries = index();
    assert!(entries.len() > 10);
    for e in &entries {
        let a = fs::read(t.join(&e.artifact)).unwrap();
        let b = fs::read(t.join(&e.bundle)).unwrap();
        let o = verify_proof(&a, &b, &keys);
        assert!(
            o.passed(),
            "entry {}: {:#?}",
            e.index,
            o.lines(Language::En)
        );
        let p = o.proven.as_ref().unwrap();
        assert_eq!(p.log_index, e.index);
        assert_eq!(p.sha256, e.sha256);
        assert_eq!(p.origin, ORIGIN);
        assert!(p.tree_size > e.index);
    }
    // What is proven, in words: document, version, languages, tree size.
    let (a, b) = files_of("privacyverklaring", "2.0");
    let o = verify_proof(&a, &b, &keys);
    let last = o.lines(Language::En).last().unwrap().clone();
    assert!(
        last.starts_with("Proven: this file is version 2.0 of document \"privacyverklaring\" (its text in en, nl)"),
        "{last}"
    );
    assert!(
        last.contains(&format!(
            "whose checkpoint in the bundle covers {} entries",
            entries.len()
        )),
        "{last}"
    );
    // No timestamp yet: said, not claimed.
    assert!(
        o.lines(Language::En)
            .iter()
            .any(|l| l.starts_with("note    time: the bundle carries no timestamp")),
        "{:#?}",
        o.lines(Language::En)
    );
}

#[test]
fn an_artifact_changed_by_one_byte_fails() {
    let (mut a, b) = files_of("privacyverklaring", "2.0");
    // A byte inside a text: still canonical JSON, still an artifact.
    let at = a.windows(4).position(|w| w == b"Wie ").unwrap();
    a[at] = b'w';
    let o = verify_proof(&a, &b, &keys());
    assert!(!o.passed());
    assert_eq!(failed(&o), [Step::Signature, Step::Entry]);
    assert!(why(&o, Step::Entry).contains("the log entry seals another file"));
    assert!(
        o.lines(Language::En)
            .last()
            .unwrap()
            .starts_with("NOT proven: 2 checks failed.")
    );
}

#[test]
fn the_artifact_of_another_version_with_this_bundle_fails() {
    let (a1, _) = files_of("privacyverklaring", "1.0");
    let (_, b2) = files_of("privacyverklaring", "2.0");
    let o = verify_proof(&a1, &b2, &keys());
    assert_eq!(failed(&o), [Step::Signature, Step::Entry]);
    assert!(
        why(&o, Step::Signature).contains("not the one this bundle was made for"),
        "{}",
        why(&o, Step::Signature)
    );
    // The file itself is described: the reader sees which file it is.
    assert!(o.lines(Language::En)[0].contains("version 1.0 of document \"privacyverklaring\""));
}

#[test]
fn a_swapped_bundle_signature_fails() {
    let (a, b) = files_of("privacyverklaring", "2.0");
    let (_, other) = files_of("privacyverklaring", "1.0");
    let other_sig = Bundle::parse(&other).unwrap().signature;
    let forged = edit_bundle(&b, |b| b.signature = other_sig);
    let o = verify_proof(&a, &forged, &keys());
    assert_eq!(failed(&o), [Step::Signature, Step::Entry]);
    assert!(why(&o, Step::Signature).contains("the bundle's signature does not verify"));
    assert!(why(&o, Step::Entry).contains("not the one in its log entry"));
}

#[test]
fn an_altered_inclusion_proof_fails() {
    let (a, b) = files_of("privacyverklaring", "2.0");
    let forged = edit_bundle(&b, |b| b.proof[0][5] ^= 1);
    let o = verify_proof(&a, &forged, &keys());
    assert_eq!(failed(&o), [Step::Inclusion]);
    assert!(why(&o, Step::Inclusion).contains("the inclusion proof fails"));
    // A proof for another index of the same tree.
    let forged = edit_bundle(&b, |b| b.log_index += 1);
    let o = verify_proof(&a, &forged, &keys());
    assert!(
        failed(&o).contains(&Step::Inclusion),
        "{:#?}",
        o.lines(Language::En)
    );
    // A proof one hash short.
    let forged = edit_bundle(&b, |b| {
        b.proof.pop();
    });
    assert_eq!(
        failed(&verify_proof(&a, &forged, &keys())),
        [Step::Inclusion]
    );
}

#[test]
fn a_checkpoint_signed_by_another_key_fails() {
    let (a, b) = files_of("privacyverklaring", "2.0");
    let note = Bundle::parse(&b).unwrap().checkpoint_note;
    let (text, _) = tlog::note::split(note.as_bytes()).unwrap();
    // Another key with the log's very name: only the key tells them apart.
    let impostor = Signer::generate(ORIGIN).unwrap();
    let resigned = tlog::note::sign(text, &[&impostor]).unwrap();
    let forged = edit_bundle(&b, |b| {
        b.checkpoint_note = String::from_utf8(resigned).unwrap();
    });
    let o = verify_proof(&a, &forged, &keys());
    assert_eq!(failed(&o), [Step::Checkpoint]);
    assert!(
        why(&o, Step::Checkpoint).contains("does not verify with the log key given"),
        "{}",
        why(&o, Step::Checkpoint)
    );
    // A checkpoint for another tree, signed by the real key: a forger with
    // the key still cannot make the proof's root its own.
    let cp = tlog::Checkpoint::parse(text).unwrap();
    let other = tlog::Checkpoint::new(ORIGIN, cp.size + 1, cp.root);
    let signed = tlog::note::sign(&other.to_text(), &[&sealed().checkpoint]).unwrap();
    let forged = edit_bundle(&b, |b| {
        b.checkpoint_note = String::from_utf8(signed).unwrap();
    });
    let o = verify_proof(&a, &forged, &keys());
    assert_eq!(failed(&o), [Step::Checkpoint]);
    assert!(why(&o, Step::Checkpoint).contains("not the tree its inclusion proof is for"));
}

#[test]
fn cosignatures_by_other_keys_are_accepted_and_named() {
    let (a, b) = files_of("privacyverklaring", "2.0");
    let note = Bundle::parse(&b).unwrap().checkpoint_note;
    let (text, _) = tlog::note::split(note.as_bytes()).unwrap();
    let witness = Signer::generate("witness.example/w1").unwrap();
    let cosigned = tlog::note::sign(text, &[&sealed().checkpoint, &witness]).unwrap();
    let with = edit_bundle(&b, |b| {
        b.checkpoint_note = String::from_utf8(cosigned).unwrap();
    });
    let o = verify_proof(&a, &with, &keys());
    assert!(o.passed(), "{:#?}", o.lines(Language::En));
    assert!(
        o.lines(Language::En)
            .iter()
            .any(|l| l.contains("also signed by witness.example/w1 (not checked")),
        "{:#?}",
        o.lines(Language::En)
    );
    // A cosignature line in the C2SP tlog-cosignature form (another
    // signature type), which no key here can read, is left alone too.
    let mut blob = vec![0xde, 0xad, 0xbe, 0xef];
    blob.extend_from_slice(&[7u8; 72]);
    let line = format!("\u{2014} witness.example/w2 {}\n", B64.encode(&blob));
    let with = edit_bundle(&b, |b| b.checkpoint_note.push_str(&line));
    assert!(verify_proof(&a, &with, &keys()).passed());
}

#[test]
fn keys_of_another_log_fail_naming_which() {
    let (a, b) = files_of("privacyverklaring", "2.0");
    let good = keys();
    let other_log = Signer::generate(ORIGIN).unwrap().verifier();
    let wrong_log = TrustedKeys {
        log: other_log,
        publisher: P256Key::from_der(good.publisher.der()).unwrap(),
        tsa: Default::default(),
    };
    let o = verify_proof(&a, &b, &wrong_log);
    assert_eq!(failed(&o), [Step::Checkpoint]);
    assert!(why(&o, Step::Checkpoint).contains("another log"));
    let other_pub = ArtifactKey::generate().unwrap();
    let wrong_pub = TrustedKeys {
        log: good.log.clone(),
        publisher: P256Key::from_der(other_pub.public_der()).unwrap(),
        tsa: Default::default(),
    };
    let o = verify_proof(&a, &b, &wrong_pub);
    assert_eq!(failed(&o), [Step::Signature, Step::Entry]);
    assert!(why(&o, Step::Signature).contains("names another signing key"));
    assert!(why(&o, Step::Entry).contains("another signing key than the publisher key given"));
}

#[test]
fn truncated_and_foreign_files_fail() {
    let (a, b) = files_of("privacyverklaring", "2.0");
    let o = verify_proof(&a[..a.len() - 1], &b, &keys());
    assert_eq!(failed(&o), [Step::File, Step::Signature, Step::Entry]);
    assert!(why(&o, Step::File).contains("not canonical JSON"));
    let o = verify_proof(&a, &b[..b.len() / 2], &keys());
    assert_eq!(failed(&o), [Step::Bundle]);
    assert!(why(&o, Step::Bundle).contains("is not a policypress Sigstore bundle"));
    assert!(!verify_proof(&[], &[], &keys()).passed());
    // A bundle with timestamps and no authority to check them against is
    // refused, and says why; never passed over.
    let mut v: Value = serde_json::from_slice(&b).unwrap();
    v["verificationMaterial"]["timestampVerificationData"] =
        serde_json::json!({"rfc3161Timestamps": [{"signedTimestamp": "MAA="}]});
    let o = verify_proof(&a, &serde_json::to_vec(&v).unwrap(), &keys());
    assert_eq!(failed(&o), [Step::Time]);
    assert!(why(&o, Step::Time).contains("no timestamp authority was given"));
}

// ------------------------------------------------------------ the pages

/// The downloads a page offers: (href, download name, link text).
fn downloads(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<a href=\"") {
        rest = &rest[at + 9..];
        let href = &rest[..rest.find('"').unwrap()];
        let tag_end = rest.find('>').unwrap();
        let tag = &rest[..tag_end];
        let Some(d) = tag.find("download=\"") else {
            continue;
        };
        let name = &tag[d + 10..];
        let name = &name[..name.find('"').unwrap()];
        let text = &rest[tag_end + 1..rest.find("</a>").unwrap()];
        out.push((href.to_string(), name.to_string(), text.to_string()));
    }
    out
}

#[test]
fn pages_offer_each_sealed_file_with_what_it_is_and_its_size() {
    let site = sealed();
    let built = common::build(&site.root, "2026-11-25", false);
    let page = |p: &str| {
        String::from_utf8(
            built
                .get(p)
                .unwrap_or_else(|| panic!("{p} was not built"))
                .clone(),
        )
        .unwrap()
    };
    let keys = keys();
    let file =
        |href: &str| fs::read(site.t.join(href.strip_prefix("/transparency/").unwrap())).unwrap();
    for (lang, text, proof, size) in [
        (
            "nl",
            "Ondertekende tekst van versie 2.0 (JSON, ",
            "Bewijs bij versie 2.0: handtekening, regel in het logboek en controlepunt (Sigstore-bundel, ",
            ",",
        ),
        (
            "en",
            "Signed text of version 2.0 (JSON, ",
            "Proof for version 2.0: signature, entry in the log and checkpoint (Sigstore bundle, ",
            ".",
        ),
    ] {
        let html = page(&format!(
            "{lang}/documents/privacyverklaring/2.0/index.html"
        ));
        let d = downloads(&html);
        // The text and its proof, then the change notice and its proof.
        assert_eq!(d.len(), 4, "{d:#?}");
        assert_eq!(d[0].1, "privacyverklaring-2.0.json");
        assert_eq!(d[1].1, "privacyverklaring-2.0.sigstore.json");
        assert_eq!(d[2].1, "privacyverklaring-2.0.notice.json");
        assert_eq!(d[3].1, "privacyverklaring-2.0.notice.sigstore.json");
        assert!(d[0].2.starts_with(text), "{}", d[0].2);
        assert!(d[1].2.starts_with(proof), "{}", d[1].2);
        // The size given is the file's, as the reader's language writes it.
        let (a, b) = (file(&d[0].0), file(&d[1].0));
        let kb = |n: usize| {
            let tenths = (n * 10 + 500) / 1000;
            if tenths < 100 {
                format!("{}{size}{} kB)", tenths / 10, tenths % 10)
            } else {
                format!("{} kB)", (n + 500) / 1000)
            }
        };
        assert!(
            d[0].2.ends_with(&kb(a.len())),
            "{} for {} bytes",
            d[0].2,
            a.len()
        );
        assert!(
            d[1].2.ends_with(&kb(b.len())),
            "{} for {} bytes",
            d[1].2,
            b.len()
        );
        // At their permanent addresses: the files of the log, not copies.
        assert_eq!(
            d[0].0,
            "/transparency/artifacts/documents/privacyverklaring/2.0.json"
        );
        assert_eq!(
            d[1].0,
            "/transparency/bundles/documents/privacyverklaring/2.0.sigstore.json"
        );
        assert_eq!(built[&d[0].0[1..]], a);
        // What the page offers is a proof that holds.
        assert!(verify_proof(&a, &b, &keys).passed());
        let (na, nb) = (file(&d[2].0), file(&d[3].0));
        let o = verify_proof(&na, &nb, &keys);
        assert!(o.passed(), "{:#?}", o.lines(Language::En));
        assert!(
            o.lines(Language::En)
                .last()
                .unwrap()
                .contains("the change notice of version 2.0")
        );
        assert!(
            html.contains(&format!("href=\"/{lang}/verify/#keep\"")),
            "{lang}"
        );
    }
    // A relationship's page: the state it shows, and each state in its
    // history.
    for lang in ["nl", "en"] {
        let html = page(&format!("{lang}/relationships/duo-bron/index.html"));
        let d = downloads(&html);
        assert!(d.len() >= 4, "{d:#?}");
        assert_eq!(d[0].1, "duo-bron-1.json");
        assert_eq!(d[1].1, "duo-bron-1.sigstore.json");
        let want = if lang == "nl" {
            "Ondertekende stand 1 (JSON, "
        } else {
            "Signed state 1 (JSON, "
        };
        assert!(d[0].2.starts_with(want), "{}", d[0].2);
        let o = verify_proof(&file(&d[0].0), &file(&d[1].0), &keys);
        assert!(o.passed(), "{:#?}", o.lines(Language::En));
        assert!(
            o.lines(Language::En)
                .last()
                .unwrap()
                .contains("a state of relationship \"duo-bron\"")
        );
    }
    // The verify page, in both languages: how to keep and check a proof.
    for (lang, heading) in [
        ("nl", "Bewaar een bewijs van een versie"),
        ("en", "Keep a proof of a version"),
    ] {
        let html = page(&format!("{lang}/verify/index.html"));
        assert!(
            html.contains(&format!("<h2 id=\"keep\">{heading}</h2>")),
            "{lang}"
        );
        let keep =
            &html[html.find("id=\"keep\"").unwrap()..html.find("id=\"each-claim\"").unwrap()];
        let opt = if lang == "nl" { " --lang nl" } else { "" };
        assert!(keep.contains(&format!("policypress verify-proof{opt} \\\n  oefenhaven-privacyverklaring-1.1.json \\\n  oefenhaven-privacyverklaring-1.1.sigstore.json \\\n  --log-key log.vkey --publisher-key publisher.pub")), "{keep}");
        assert!(keep.contains("download=\"log.vkey\""));
        assert!(keep.contains("download=\"publisher.pub\""));
        assert!(keep.contains("openssl dgst -sha256 -verify publisher.pub -signature signature.der oefenhaven-privacyverklaring-1.1.json"));
        assert!(keep.contains("@sigstore/verify"));
    }
}

// ------------------------------------------------------------ the command

fn run(args: &[&Path]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_policypress"))
        .arg("verify-proof")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_command_exits_as_verify_does() {
    let t = &sealed().t;
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let (a, b) = files_of("privacyreglement", "2.0");
    fs::write(w.join("a.json"), &a).unwrap();
    fs::write(w.join("b.json"), &b).unwrap();
    let vkey = t.join(sign::VERIFIER_KEY_FILE);
    let pubkey = t.join(sign::PUBLIC_KEY_FILE);
    let (aj, bj) = (w.join("a.json"), w.join("b.json"));
    let keys = |v: &Path, p: &Path| -> Vec<PathBuf> {
        vec![
            "--log-key".into(),
            v.to_path_buf(),
            "--publisher-key".into(),
            p.to_path_buf(),
        ]
    };
    let call = |files: &[&Path], k: Vec<PathBuf>| {
        let mut args: Vec<&Path> = files.to_vec();
        args.extend(k.iter().map(PathBuf::as_path));
        run(&args)
    };

    let o = call(&[&aj, &bj], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let text = out(&o);
    assert!(text.contains("Proven: this file is version 2.0 of document \"privacyreglement\""));
    assert!(text.contains("its text in "), "{text}");
    // In Dutch, as --lang asks.
    let mut args: Vec<PathBuf> = vec!["--lang".into(), "nl".into(), aj.clone(), bj.clone()];
    args.extend(keys(&vkey, &pubkey));
    let o = run(&args.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).contains(
            "Bewezen: dit bestand is versie 2.0 van document \"privacyreglement\" (de tekst in "
        ),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains("note    tijd: de bundel bevat geen tijdstempel"),
        "{}",
        out(&o)
    );

    // A failed check: 1, and the report says which.
    let mut changed = a.clone();
    let at = changed.len() / 2;
    changed[at] ^= 0x01;
    fs::write(w.join("changed.json"), &changed).unwrap();
    let o = call(&[&w.join("changed.json"), &bj], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("FAILED  "), "{}", out(&o));
    assert!(out(&o).contains("NOT proven"));

    // The keys swapped around: a usage error (2), as verify says it.
    let o = call(&[&aj, &bj], keys(&pubkey, &vkey));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("is a PEM key, not a log key"));
    // No keys: clap's usage error.
    let o = run(&[&aj, &bj]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    // A file that is not there: 2.
    let o = call(&[&w.join("missing.json"), &bj], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("missing.json"));
    // A key file larger than a key can be: 2, without reading it all.
    fs::write(w.join("huge.vkey"), vec![b'a'; 100 << 10]).unwrap();
    let o = call(&[&aj, &bj], keys(&w.join("huge.vkey"), &pubkey));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    // An artifact or bundle over 16 MiB: refused (1) before it is read whole.
    let big = w.join("big.json");
    let f = fs::File::create(&big).unwrap();
    f.set_len((16 << 20) + 1).unwrap();
    let o = call(&[&big, &bj], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("16 MiB"), "{}", out(&o));
    let o = call(&[&aj, &big], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    // Exactly 16 MiB is read, and fails as no artifact (1).
    f.set_len(16 << 20).unwrap();
    let o = call(&[&big, &bj], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("FAILED  file"), "{}", out(&o));
    // A folder or a device is no file.
    let o = call(&[w, &bj], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let o = call(&[Path::new("/dev/zero"), &bj], keys(&vkey, &pubkey));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
}

#[test]
fn the_command_reports_in_json_for_scripts() {
    let t = &sealed().t;
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let (a, b) = files_of("privacyreglement", "2.0");
    let mut changed = a.clone();
    let at = changed.len() / 2;
    changed[at] ^= 0x01;
    fs::write(w.join("a.json"), &a).unwrap();
    fs::write(w.join("changed.json"), &changed).unwrap();
    fs::write(w.join("b.json"), &b).unwrap();
    let vkey = t.join(sign::VERIFIER_KEY_FILE);
    let pubkey = t.join(sign::PUBLIC_KEY_FILE);
    let report = |artifact: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(["verify-proof", "--format", "json"])
            .arg(w.join(artifact))
            .arg(w.join("b.json"))
            .arg("--log-key")
            .arg(&vkey)
            .arg("--publisher-key")
            .arg(&pubkey)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("stdout is one JSON object ({e}): {}", out(&o)));
        (o.status.code(), json)
    };

    let (code, j) = report("a.json");
    assert_eq!(code, Some(0), "{j:#}");
    assert_eq!(j["proven"], true);
    assert_eq!(j["failures"], 0);
    assert_eq!(j["sealed"]["type"], "version");
    assert_eq!(j["sealed"]["document"], "privacyreglement");
    assert_eq!(j["sealed"]["version"], "2.0");
    assert_eq!(j["sha256"].as_str().unwrap().len(), 64);
    let entry = index()
        .into_iter()
        .position(|e| e.artifact.ends_with("privacyreglement/2.0.json"))
        .expect("the version is in the index");
    assert_eq!(j["log"]["index"], entry as u64, "{j:#}");
    assert_eq!(j["log"]["origin"], ORIGIN);
    // No timestamps on this site: said, as a note, and no sealing time.
    assert_eq!(j["sealed_at"], serde_json::Value::Null);
    let results: Vec<(&str, &str)> = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["check"].as_str().unwrap(), c["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        results,
        [
            ("file", "passed"),
            ("bundle", "passed"),
            ("signature", "passed"),
            ("entry", "passed"),
            ("checkpoint", "passed"),
            ("inclusion", "passed"),
            ("time", "note"),
        ]
    );

    // A changed byte: exit 1, not proven, and the failed checks named.
    let (code, j) = report("changed.json");
    assert_eq!(code, Some(1), "{j:#}");
    assert_eq!(j["proven"], false);
    assert_eq!(j["sealed"], serde_json::Value::Null);
    let failed: Vec<&str> = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["result"] == "failed")
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert!(failed.contains(&"signature"), "{j:#}");
    assert_eq!(j["failures"], failed.len());
}
