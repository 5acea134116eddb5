//! Publishing into the log and verifying it: idempotency, refusal of
//! changed sealed versions, the bundle's shape, and every tampering of
//! the published files that `verify` must catch (issue 8 item 4).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use policypress::sign::{self, ArtifactKey};
use policypress::tlog::{self, Signer};
use policypress::transparency::{self as tr, Sealed};
use policypress::verify::{self, DirSource, Options, Report};
use serde_json::Value;
use time::macros::date;

mod common;
use common::copy_tree;

const ORIGIN: &str = "privacy.waterlinie.example/log";

struct Keys {
    artifact: ArtifactKey,
    checkpoint: Signer,
}

/// A copy of the example site with a log origin and fresh keys (the public
/// halves in transparency/, as keygen leaves them).
fn example_site() -> (tempfile::TempDir, Keys) {
    example_site_with(Keys {
        artifact: ArtifactKey::generate().unwrap(),
        checkpoint: Signer::generate(ORIGIN).unwrap(),
    })
}

fn example_site_with(keys: Keys) -> (tempfile::TempDir, Keys) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.path().join("content"),
    );
    let toml = dir.path().join("content/site.toml");
    let mut s = fs::read_to_string(&toml).unwrap();
    s.push_str(&format!("\n[transparency]\norigin = \"{ORIGIN}\"\n"));
    fs::write(&toml, s).unwrap();
    write_public_keys(dir.path(), &keys);
    (dir, keys)
}

fn write_public_keys(root: &Path, keys: &Keys) {
    let t = root.join("transparency");
    fs::create_dir_all(&t).unwrap();
    fs::write(t.join(sign::PUBLIC_KEY_FILE), keys.artifact.public_pem()).unwrap();
    fs::write(
        t.join(sign::VERIFIER_KEY_FILE),
        format!("{}\n", keys.checkpoint.verifier().to_key_string()),
    )
    .unwrap();
}

/// Runs publish; the number of artifacts sealed.
fn publish(root: &Path, keys: &Keys) -> usize {
    let (site, diags) = policypress::content::load(root);
    let site = site.unwrap_or_else(|| panic!("{diags:?}"));
    let sealed = Sealed::load(root, ORIGIN).unwrap();
    let pending = tr::plan(&site, sealed.as_ref(), date!(2026 - 11 - 25)).unwrap();
    let n = pending.len();
    if n > 0 {
        tr::seal(
            root,
            ORIGIN,
            sealed.as_ref(),
            pending,
            &keys.artifact,
            &keys.checkpoint,
        )
        .unwrap();
    }
    n
}

/// Every file below `dir`, by relative path.
/// Puts `dir` back exactly as `snapshot` saw it.
fn restore(dir: &Path, snapshot: BTreeMap<PathBuf, Vec<u8>>) {
    fs::remove_dir_all(dir).unwrap();
    for (path, bytes) in snapshot {
        let f = dir.join(path);
        fs::create_dir_all(f.parent().unwrap()).unwrap();
        fs::write(f, bytes).unwrap();
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

fn check(dir: &Path, state: Option<&Path>) -> Report {
    verify::verify(
        &DirSource(dir.to_path_buf()),
        &Options {
            state_dir: state.map(Path::to_path_buf),
            ..Options::default()
        },
    )
}

fn failures(r: &Report) -> String {
    r.failures.join("\n")
}

fn add_version(root: &Path, number: &str, body: &str) {
    let v = root
        .join("content/documents/privacyverklaring")
        .join(number);
    fs::create_dir_all(&v).unwrap();
    fs::write(
        v.join("version.toml"),
        "published = 2026-11-20\neffective = 2027-02-01\nmaterial = false\nsummary = { nl = \"Kleine correctie.\", en = \"Small correction.\" }\n",
    )
    .unwrap();
    fs::write(v.join("nl.md"), format!("## Inleiding\n\n{body}\n")).unwrap();
}

#[test]
fn publish_seals_everything_once_and_is_idempotent() {
    let (site, keys) = example_site();
    let n = publish(site.path(), &keys);
    // 7 versions, 3 change notices, 7 relationships in 9 states.
    assert_eq!(n, 19);
    let t = site.path().join("transparency");
    let before = snapshot(&t);
    assert_eq!(
        publish(site.path(), &keys),
        0,
        "nothing new, nothing sealed"
    );
    assert_eq!(
        snapshot(&t),
        before,
        "a publish with nothing new changes no byte"
    );
    let r = check(&t, None);
    assert!(r.passed(), "{}", failures(&r));
}

#[test]
fn bundles_have_the_sigstore_v03_shape_and_match_the_log() {
    let (site, keys) = example_site();
    publish(site.path(), &keys);
    let t = site.path().join("transparency");
    let index: Value = serde_json::from_slice(&fs::read(t.join("index.json")).unwrap()).unwrap();
    let e = &index["entries"][6];
    assert_eq!(e["kind"], "version");
    assert_eq!(e["document"], "privacyverklaring");
    let bundle: Value =
        serde_json::from_slice(&fs::read(t.join(e["bundle"].as_str().unwrap())).unwrap()).unwrap();
    assert_eq!(
        bundle["mediaType"],
        "application/vnd.dev.sigstore.bundle.v0.3+json"
    );
    assert_eq!(
        bundle["verificationMaterial"]["publicKey"]["hint"],
        sign::key_hint(keys.artifact.public_der())
    );
    let te = &bundle["verificationMaterial"]["tlogEntries"][0];
    assert_eq!(te["logIndex"], "6");
    assert_eq!(te["kindVersion"]["kind"], "hashedrekord");
    assert_eq!(te["kindVersion"]["version"], "0.0.2");
    let log_id = tr::log_id(&keys.checkpoint.verifier());
    assert_eq!(te["logId"]["keyId"], B64.encode(log_id));
    // The note's key ID is the first 4 bytes of the log ID, as Sigstore
    // clients match them.
    assert_eq!(
        u32::from_be_bytes(log_id[..4].try_into().unwrap()),
        keys.checkpoint.key_id()
    );
    let body = B64
        .decode(te["canonicalizedBody"].as_str().unwrap())
        .unwrap();
    assert!(policypress::canonical::is_canonical(&body));
    let artifact = fs::read(t.join(e["artifact"].as_str().unwrap())).unwrap();
    let entry = tr::parse_entry(&body).unwrap();
    assert_eq!(tr::sha256_hex(&artifact), sign::hex(&entry.digest));
    assert_eq!(
        bundle["messageSignature"]["messageDigest"]["digest"],
        B64.encode(entry.digest)
    );
    assert!(sign::verify_p256(
        keys.artifact.public_der(),
        &artifact,
        &entry.signature
    ));
    let proof = &te["inclusionProof"];
    assert_eq!(proof["treeSize"], "19");
    assert_eq!(
        proof["checkpoint"]["envelope"].as_str().unwrap().as_bytes(),
        fs::read(t.join("log/checkpoint")).unwrap()
    );
    // The artifact is the version's text and metadata, documented shape.
    let a: Value = serde_json::from_slice(&artifact).unwrap();
    assert_eq!(a["type"], "policypress.version/v1");
    assert_eq!(a["version"], "2.0");
    assert_eq!(a["effective"], "2023-08-01");
    assert!(a["bodies"]["nl"].as_str().unwrap().starts_with("## "));
}

#[test]
fn a_changed_sealed_version_is_refused_naming_the_file() {
    let (site, keys) = example_site();
    publish(site.path(), &keys);
    let root = site.path();
    let plan_errors = || {
        let (s, _) = policypress::content::load(root);
        let sealed = Sealed::load(root, ORIGIN).unwrap();
        tr::plan(&s.unwrap(), sealed.as_ref(), date!(2026 - 11 - 25))
            .expect_err("the plan must be refused")
    };
    let md = root.join("content/documents/privacyverklaring/2.0/en.md");
    let original = fs::read_to_string(&md).unwrap();
    fs::write(&md, original.replace("the", "teh")).unwrap();
    let e = plan_errors();
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].file.as_deref(),
        Some(Path::new("content/documents/privacyverklaring/2.0/en.md"))
    );
    assert!(
        e[0].message.contains("en text has changed"),
        "{}",
        e[0].message
    );
    assert!(e[0].hint.as_deref().unwrap().contains("new version"));
    fs::write(&md, &original).unwrap();

    let toml = root.join("content/documents/privacyverklaring/2.0/version.toml");
    let t = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        t.replace("approved_on = 2023-06-06", "approved_on = 2023-06-07"),
    )
    .unwrap();
    let e = plan_errors();
    assert!(e[0].file.as_deref().unwrap().ends_with("version.toml"));
    assert!(
        e[0].message.contains("metadata (approved_on)"),
        "{}",
        e[0].message
    );
    fs::write(&toml, t).unwrap();

    // A CRLF checkout of the same text is the same sealed version.
    fs::write(&md, original.replace('\n', "\r\n")).unwrap();
    assert_eq!(publish(root, &keys), 0);
    fs::write(&md, &original).unwrap();

    fs::rename(
        root.join("content/documents/privacyverklaring/1.0"),
        root.join("removed-1.0"),
    )
    .unwrap();
    let e = plan_errors();
    assert!(
        e[0].message.contains("missing from the content"),
        "{}",
        e[0].message
    );
    fs::rename(
        root.join("removed-1.0"),
        root.join("content/documents/privacyverklaring/1.0"),
    )
    .unwrap();

    // A sealed relationship cannot disappear either: it ends with `until`.
    let rel = fs::read_dir(root.join("content/relationships"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::rename(&rel, root.join("removed.toml")).unwrap();
    let e = plan_errors();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message.contains("relationship") && e[0].message.contains("missing from the content"),
        "{}",
        e[0].message
    );
    assert!(
        e[0].file
            .as_deref()
            .unwrap()
            .ends_with(rel.file_name().unwrap())
    );
    assert!(e[0].hint.as_deref().unwrap().contains("until"));
}

#[test]
fn new_versions_and_relationship_states_extend_the_log() {
    let (site, keys) = example_site();
    let root = site.path();
    publish(root, &keys);
    let t = root.join("transparency");
    let state = tempfile::tempdir().unwrap();
    assert!(check(&t, Some(state.path())).passed());
    let before = snapshot(&t);

    add_version(root, "2.2", "Een nieuwe tekst.");
    let rel = root.join("content/relationships/duo-bron.toml");
    let r = fs::read_to_string(&rel).unwrap();
    fs::write(
        &rel,
        r.replacen("location = ", "location = \"NL\"\n# was: ", 1),
    )
    .unwrap();
    assert_eq!(publish(root, &keys), 2);
    let after = snapshot(&t);
    // Every file of the first publish that a reader may have copied is
    // unchanged, except the checkpoint, the index and grown partial tiles.
    for (path, bytes) in &before {
        let p = path.to_string_lossy();
        if p == "log/checkpoint" || p == "index.json" || p.contains(".p/") {
            continue;
        }
        assert_eq!(after.get(path), Some(bytes), "{p} changed");
    }
    let index: Value = serde_json::from_slice(&after[Path::new("index.json")]).unwrap();
    let last = &index["entries"][20];
    assert_eq!(last["relationship"], "duo-bron");
    assert_eq!(last["state"], 2);
    let state2: Value =
        serde_json::from_slice(&after[Path::new(last["artifact"].as_str().unwrap())]).unwrap();
    assert_eq!(state2["previous"], index["entries"][10]["sha256"]);
    // The earlier checkpoint was remembered; the log grew consistently.
    let r = check(&t, Some(state.path()));
    assert!(r.passed(), "{}", failures(&r));
    assert!(
        r.lines.iter().any(|l| l.contains("grew from")),
        "{:?}",
        r.lines
    );
}

// ------------------------------------------------------------ tampering

/// A published log, verified once so its checkpoint and keys are
/// remembered in `state`.
struct Published {
    _site: tempfile::TempDir,
    root: PathBuf,
    keys: Keys,
    state: tempfile::TempDir,
}

fn published() -> Published {
    let (site, keys) = example_site();
    publish(site.path(), &keys);
    let state = tempfile::tempdir().unwrap();
    let root = site.path().to_path_buf();
    let r = check(&root.join("transparency"), Some(state.path()));
    assert!(r.passed(), "{}", failures(&r));
    Published {
        _site: site,
        root,
        keys,
        state,
    }
}

impl Published {
    fn t(&self) -> PathBuf {
        self.root.join("transparency")
    }
    /// Verifies with the remembered state and returns the failures.
    fn failures(&self) -> String {
        let r = check(&self.t(), Some(self.state.path()));
        assert!(!r.passed(), "tampering went unnoticed");
        failures(&r)
    }
    fn artifact(&self, i: usize) -> PathBuf {
        let index: Value =
            serde_json::from_slice(&fs::read(self.t().join("index.json")).unwrap()).unwrap();
        self.t()
            .join(index["entries"][i]["artifact"].as_str().unwrap())
    }
    fn bundle(&self, i: usize) -> PathBuf {
        let index: Value =
            serde_json::from_slice(&fs::read(self.t().join("index.json")).unwrap()).unwrap();
        self.t()
            .join(index["entries"][i]["bundle"].as_str().unwrap())
    }
}

fn flip_byte(path: &Path, at: usize) {
    let mut b = fs::read(path).unwrap();
    let at = at.min(b.len() - 1);
    b[at] ^= 0x01;
    fs::write(path, b).unwrap();
}

#[test]
fn tamper_changed_artifact_byte() {
    let p = published();
    let a = p.artifact(3);
    let len = fs::metadata(&a).unwrap().len() as usize;
    flip_byte(&a, len / 2);
    assert!(
        p.failures()
            .contains("#3 artifacts/documents/privacyreglement/2.0.json: the artifact was changed"),
        "{}",
        p.failures()
    );
}

#[test]
fn tamper_changed_bundle_signature() {
    let p = published();
    let b = p.bundle(5);
    let mut v: Value = serde_json::from_slice(&fs::read(&b).unwrap()).unwrap();
    let mut sig = B64
        .decode(v["messageSignature"]["signature"].as_str().unwrap())
        .unwrap();
    let last = sig.len() - 1;
    sig[last] ^= 1;
    v["messageSignature"]["signature"] = B64.encode(sig).into();
    fs::write(&b, serde_json::to_vec(&v).unwrap()).unwrap();
    assert!(
        p.failures()
            .contains("its signature is not the one in the log"),
        "{}",
        p.failures()
    );
}

#[test]
fn tamper_changed_tile_byte() {
    let p = published();
    flip_byte(&p.t().join("log/tile/0/000.p/19"), 100);
    assert!(
        p.failures()
            .contains("the tiles do not match the checkpoint"),
        "{}",
        p.failures()
    );
}

#[test]
fn tamper_checkpoint_signed_by_another_key() {
    let p = published();
    let cp_file = p.t().join("log/checkpoint");
    let (text, _) = {
        let b = fs::read(&cp_file).unwrap();
        let (t, s) = tlog::note::split(&b)
            .map(|(t, s)| (t.to_string(), s.len()))
            .unwrap();
        (t, s)
    };
    let other = Signer::generate(ORIGIN).unwrap();
    fs::write(&cp_file, tlog::note::sign(&text, &[&other]).unwrap()).unwrap();
    assert!(
        p.failures()
            .contains("signature does not verify with the trusted key"),
        "{}",
        p.failures()
    );
}

#[test]
fn tamper_rolled_back_checkpoint() {
    let p = published();
    let old = snapshot(&p.t());
    add_version(&p.root, "2.2", "Nieuw.");
    publish(&p.root, &p.keys);
    assert!(check(&p.t(), Some(p.state.path())).passed());
    // The host serves the older log again.
    restore(&p.t(), old);
    assert!(p.failures().contains("the log was rolled back: the checkpoint remembered from the last verify has 20 entries, the log now 19"), "{}", p.failures());
}

#[test]
fn tamper_forked_log_of_the_same_size() {
    let p = published();
    let base = snapshot(&p.t());
    add_version(&p.root, "2.2", "Tekst A.");
    publish(&p.root, &p.keys);
    assert!(check(&p.t(), Some(p.state.path())).passed());
    // Same keys, same size, another 20th entry: a fork.
    restore(&p.t(), base);
    add_version(&p.root, "2.2", "Tekst B.");
    publish(&p.root, &p.keys);
    assert!(p.failures().contains("the log was forked or rewritten: the checkpoint remembered from the last verify has the same size (20) but another root"), "{}", p.failures());
}

#[test]
fn tamper_missing_tile() {
    let p = published();
    fs::remove_file(p.t().join("log/tile/entries/000.p/19")).unwrap();
    assert!(
        p.failures()
            .contains("the tiles do not match the checkpoint"),
        "{}",
        p.failures()
    );
}

#[test]
fn tamper_extra_entry() {
    let p = published();
    let f = p.t().join("index.json");
    let mut index: Value = serde_json::from_slice(&fs::read(&f).unwrap()).unwrap();
    let mut extra = index["entries"][18].clone();
    extra["index"] = 19.into();
    index["entries"].as_array_mut().unwrap().push(extra);
    fs::write(&f, serde_json::to_vec(&index).unwrap()).unwrap();
    assert!(
        p.failures().contains(
            "index.json lists 20 entries but the log has 19: entries 19.. are not in the log"
        ),
        "{}",
        p.failures()
    );
}

#[test]
fn tamper_bundle_proof_of_another_leaf() {
    let p = published();
    // Entry 8's bundle carries entry 9's inclusion proof.
    let (b8, b9) = (p.bundle(8), p.bundle(9));
    let mut v8: Value = serde_json::from_slice(&fs::read(&b8).unwrap()).unwrap();
    let v9: Value = serde_json::from_slice(&fs::read(&b9).unwrap()).unwrap();
    v8["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["hashes"] =
        v9["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["hashes"].clone();
    fs::write(&b8, serde_json::to_vec(&v8).unwrap()).unwrap();
    assert!(p.failures().contains("#8 artifacts/documents/privacyverklaring/2.1.json: bundle bundles/documents/privacyverklaring/2.1.sigstore.json: its inclusion proof fails"), "{}", p.failures());
}

#[test]
fn tamper_swapped_key_file() {
    let p = published();
    let other = ArtifactKey::generate().unwrap();
    fs::write(p.t().join(sign::PUBLIC_KEY_FILE), other.public_pem()).unwrap();
    assert!(
        p.failures().contains(
            "the site's publisher.pub is not the trusted publisher key: the key file was swapped"
        ),
        "{}",
        p.failures()
    );
    let other_log = Signer::generate(ORIGIN).unwrap();
    fs::write(
        p.t().join(sign::VERIFIER_KEY_FILE),
        other_log.verifier().to_key_string(),
    )
    .unwrap();
    assert!(
        p.failures()
            .contains("the site's log.vkey is not the trusted checkpoint key"),
        "{}",
        p.failures()
    );
}

#[test]
fn build_refuses_a_site_whose_sealed_version_changed() {
    let (site, keys) = example_site();
    publish(site.path(), &keys);
    let opts = policypress::BuildOptions {
        as_of: date!(2026 - 11 - 25),
        drafts: false,
        preview: false,
    };
    let built = policypress::site::build(site.path(), opts).unwrap_or_else(|d| panic!("{d:?}"));
    let paths: Vec<&str> = built.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"transparency/log/checkpoint"));
    assert!(paths.contains(&"en/verify/index.html"));
    let page = built
        .files
        .iter()
        .find(|f| f.path == "en/documents/privacyverklaring/2.0/index.html")
        .unwrap();
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(html.contains("Verify this version"), "no verify section");

    // An unsealed new version is left out of the build, shown with --drafts.
    add_version(site.path(), "2.2", "Nog niet verzegeld.");
    let built = policypress::site::build(site.path(), opts).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(
        !built
            .files
            .iter()
            .any(|f| f.path.contains("privacyverklaring/2.2/"))
    );
    let drafts = policypress::BuildOptions {
        drafts: true,
        ..opts
    };
    let built = policypress::site::build(site.path(), drafts).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(
        built
            .files
            .iter()
            .any(|f| f.path == "nl/documents/privacyverklaring/2.2/index.html")
    );

    let md = site
        .path()
        .join("content/documents/privacyreglement/1.0/nl.md");
    let s = fs::read_to_string(&md).unwrap();
    fs::write(&md, format!("{s}\nEen stille wijziging.\n")).unwrap();
    let Err(diags) = policypress::site::build(site.path(), opts) else {
        panic!("the build must refuse")
    };
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .file
            .as_deref()
            .unwrap()
            .ends_with("privacyreglement/1.0/nl.md")
    );
}

#[test]
fn build_refuses_to_publish_a_private_key() {
    let (site, keys) = example_site();
    publish(site.path(), &keys);
    fs::write(
        site.path().join("transparency/artifacts/oops.key"),
        keys.artifact.to_encrypted_pem(b"x").unwrap().as_bytes(),
    )
    .unwrap();
    let opts = policypress::BuildOptions {
        as_of: date!(2026 - 11 - 25),
        drafts: false,
        preview: false,
    };
    let Err(diags) = policypress::site::build(site.path(), opts) else {
        panic!("the build must refuse")
    };
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("holds a private key"))
    );
}

// ------------------------------------------------------------ over HTTP

/// A one-thread static file server on 127.0.0.1, stopped on drop.
struct Server {
    addr: std::net::SocketAddr,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(root: PathBuf) -> Server {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread =
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if flag.load(std::sync::atomic::Ordering::SeqCst) {
                        break;
                    }
                    let Ok(mut stream) = stream else { continue };
                    let mut line = String::new();
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    if reader.read_line(&mut line).is_err() {
                        continue;
                    }
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                    }
                    let path = line
                        .split(' ')
                        .nth(1)
                        .unwrap_or("/")
                        .trim_start_matches('/');
                    let file = root.join(path);
                    let resp = match (path.contains(".."), fs::read(&file)) {
                    (false, Ok(b)) => {
                        let mut r = format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            b.len()
                        )
                        .into_bytes();
                        r.extend(b);
                        r
                    }
                    _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_vec(),
                };
                    let _ = stream.write_all(&resp);
                }
            });
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn verifies_over_http_from_a_loopback_server() {
    let p = published();
    let server = Server::start(p.root.clone());
    let url = format!("http://{}/", server.addr);
    let src = verify::source_for(&url).unwrap();
    let state = tempfile::tempdir().unwrap();
    let opts = Options {
        state_dir: Some(state.path().to_path_buf()),
        ..Options::default()
    };
    let r = verify::verify(src.as_ref(), &opts);
    assert!(r.passed(), "{}", failures(&r));
    assert!(r.lines.iter().any(|l| l.contains("trusting on first use")));
    fs::remove_file(p.artifact(2)).unwrap();
    let r = verify::verify(src.as_ref(), &opts);
    assert!(
        failures(&r)
            .contains("#2 artifacts/documents/privacyreglement/1.0.json: the artifact is missing"),
        "{}",
        failures(&r)
    );
    drop(server);
}

// ------------------------------------------------------------ one truth per version
//
// A dishonest publisher holds the real keys and can write any log it
// likes. These tests forge such logs (`forge` appends entries signed with
// the site's own keys, as `publish` would, without any of its refusals)
// on top of a log of three publishes, and check that `verify` and `build`
// take each entry's meaning from its signed artifact and accept one truth
// per version only.

/// Runs publish as of `as_of`; the number of artifacts sealed.
fn publish_on(root: &Path, keys: &Keys, as_of: time::Date) -> usize {
    let (site, diags) = policypress::content::load(root);
    let site = site.unwrap_or_else(|| panic!("{diags:?}"));
    let sealed = Sealed::load(root, ORIGIN).unwrap();
    let pending = tr::plan(&site, sealed.as_ref(), as_of).unwrap_or_else(|d| panic!("{d:?}"));
    let n = pending.len();
    if n > 0 {
        tr::seal(
            root,
            ORIGIN,
            sealed.as_ref(),
            pending,
            &keys.artifact,
            &keys.checkpoint,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    }
    n
}

/// The example site sealed by three publishes: up to 2020 (the first
/// versions and every relationship), up to 2024 (the 2023 versions and
/// their notices) and up to 2026-11-25 (the rest, and a second state of
/// duo-bron). 20 entries.
fn three_publishes() -> (tempfile::TempDir, Keys) {
    let (site, keys) = example_site();
    let root = site.path();
    assert_eq!(publish_on(root, &keys, date!(2020 - 01 - 01)), 11);
    assert_eq!(publish_on(root, &keys, date!(2024 - 01 - 01)), 5);
    let rel = root.join("content/relationships/duo-bron.toml");
    let r = fs::read_to_string(&rel).unwrap();
    fs::write(
        &rel,
        r.replacen("location = ", "location = \"NL\"\n# was: ", 1),
    )
    .unwrap();
    assert_eq!(publish_on(root, &keys, date!(2026 - 11 - 25)), 4);
    (site, keys)
}

fn read_index(root: &Path) -> tr::Index {
    serde_json::from_slice(&fs::read(root.join("transparency/index.json")).unwrap()).unwrap()
}

/// The log position of the entry labelled `kind` for `key` (a
/// "document/version" or a "relationship/state").
fn position(root: &Path, kind: &str, key: &str) -> usize {
    read_index(root)
        .entries
        .iter()
        .position(|e| {
            let k = match (&e.document, &e.version, &e.relationship, e.state) {
                (Some(d), Some(v), _, _) => format!("{d}/{v}"),
                (_, _, Some(r), Some(n)) => format!("{r}/{n}"),
                _ => String::new(),
            };
            e.kind == kind && k == key
        })
        .unwrap_or_else(|| panic!("no {kind} {key} in the index"))
}

/// Appends `items` (an index entry and the artifact's bytes) to the log of
/// the site in `root` as one publish, signed with the site's keys: what a
/// publisher who writes its own log can do. Nothing is refused.
fn forge(root: &Path, keys: &Keys, items: Vec<(tr::IndexEntry, Vec<u8>)>) -> Vec<usize> {
    use sha2::Digest;
    let dir = root.join("transparency");
    let mut index = read_index(root);
    let mut log = tlog::Log::open(dir.join("log"), ORIGIN).unwrap();
    let der = keys.artifact.public_der().to_vec();
    let mut bodies = Vec::new();
    let mut signed = Vec::new();
    for (_, bytes) in &items {
        let digest: [u8; 32] = sha2::Sha256::digest(bytes).into();
        let sig = keys.artifact.sign(bytes).unwrap();
        bodies.push(tr::hashedrekord_body(&digest, &sig, &der));
        signed.push((digest, sig));
    }
    let at = log.append(&bodies).unwrap();
    let cp = tlog::Checkpoint::new(ORIGIN, log.size(), log.root().unwrap());
    let note = tlog::note::sign(&cp.to_text(), &[&keys.checkpoint]).unwrap();
    let id = tr::log_id(&keys.checkpoint.verifier());
    let mut out = Vec::new();
    for (((mut e, bytes), (digest, sig)), (body, i)) in items
        .into_iter()
        .zip(signed)
        .zip(bodies.into_iter().zip(at))
    {
        let proof = log.inclusion_proof(i, cp.size).unwrap();
        let b = tr::bundle(&digest, &sig, &der, &body, i, &id, &cp, &note, &proof);
        for (path, data) in [(&e.artifact, &bytes), (&e.bundle, &b)] {
            let f = dir.join(path);
            fs::create_dir_all(f.parent().unwrap()).unwrap();
            fs::write(f, data).unwrap();
        }
        e.index = i;
        e.sha256 = tr::sha256_hex(&bytes);
        index.entries.push(e);
        out.push(i as usize);
    }
    log.store().write_checkpoint(&note).unwrap();
    fs::write(dir.join("index.json"), index.to_bytes()).unwrap();
    out
}

/// An index entry for a forged artifact at `artifacts/<name>.json`.
fn forged_entry(
    kind: &str,
    doc_version: Option<(&str, &str)>,
    rel: Option<(&str, u64)>,
    name: &str,
) -> tr::IndexEntry {
    tr::IndexEntry {
        index: 0,
        kind: kind.into(),
        document: doc_version.map(|(d, _)| d.into()),
        version: doc_version.map(|(_, v)| v.into()),
        relationship: rel.map(|(r, _)| r.into()),
        state: rel.map(|(_, n)| n),
        sha256: String::new(),
        artifact: format!("artifacts/{name}.json"),
        bundle: format!("bundles/{name}.sigstore.json"),
    }
}

/// The artifact of entry `i`, as JSON.
fn artifact_json(root: &Path, i: usize) -> Value {
    let e = &read_index(root).entries[i];
    serde_json::from_slice(&fs::read(root.join("transparency").join(&e.artifact)).unwrap()).unwrap()
}

fn canonical(v: &Value) -> Vec<u8> {
    policypress::canonical::to_vec(v).unwrap()
}

fn verify_failures(root: &Path) -> String {
    let r = check(&root.join("transparency"), None);
    assert!(
        !r.passed(),
        "the forged log verified:\n{}",
        r.lines.join("\n")
    );
    failures(&r)
}

/// The relabelling attack of issue 15: an index entry of version 2.0 is
/// given another label, so that `publish` takes 2.0 for unsealed and seals
/// another text of it; then the label is put back. `publish` must read
/// what is sealed from the artifacts and refuse; a log that holds two texts
/// of 2.0 anyway (forged) fails `verify` naming both entries, and `build`
/// refuses it.
#[test]
fn two_texts_of_one_version_are_refused_by_publish_verify_and_build() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let first = position(root, "version", "privacyverklaring/2.0");

    // The relabelled index: publish does not take 2.0 for unsealed.
    let index_file = root.join("transparency/index.json");
    let genuine = fs::read(&index_file).unwrap();
    let mut relabelled = read_index(root);
    relabelled.entries[first].kind = "change-notice".into();
    fs::write(&index_file, relabelled.to_bytes()).unwrap();
    let md = root.join("content/documents/privacyverklaring/2.0/nl.md");
    let text = fs::read_to_string(&md).unwrap();
    fs::write(&md, text.replacen("## ", "## Stil herschreven: ", 1)).unwrap();
    let (model, _) = policypress::content::load(root);
    let refused = match Sealed::load(root, ORIGIN) {
        Err(d) => vec![d],
        Ok(sealed) => tr::plan(&model.unwrap(), sealed.as_ref(), date!(2026 - 11 - 25))
            .expect_err("publish must not seal version 2.0 again"),
    };
    let said: Vec<String> = refused.iter().map(|d| d.to_string()).collect();
    assert!(
        said.iter().any(|s| s.contains(&format!("entry {first}"))
            && s.contains("version \"2.0\" of document \"privacyverklaring\"")),
        "{said:#?}"
    );
    fs::write(&index_file, &genuine).unwrap();

    // A log that holds a second text of 2.0, forged with the real keys.
    let mut v: Value = artifact_json(root, first);
    v["bodies"]["nl"] = Value::String("## Stil herschreven\n\nAndere tekst.\n".into());
    let second = forge(
        root,
        &keys,
        vec![(
            forged_entry(
                "version",
                Some(("privacyverklaring", "2.0")),
                None,
                "documents/privacyverklaring/2.0-again",
            ),
            canonical(&v),
        )],
    )[0];
    let f = verify_failures(root);
    assert!(
        f.contains(&format!(
            "#{second} artifacts/documents/privacyverklaring/2.0-again.json"
        )) && f.contains(&format!(
            "#{first} artifacts/documents/privacyverklaring/2.0.json"
        )) && f.contains("a second text of version 2.0 of \"privacyverklaring\""),
        "{f}"
    );
    fs::write(&md, &text).unwrap();
    let opts = policypress::BuildOptions {
        as_of: date!(2026 - 11 - 25),
        drafts: false,
        preview: false,
    };
    let Err(diags) = policypress::site::build(root, opts) else {
        panic!("build must refuse a log with two texts of one version")
    };
    let said: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(
        said.iter()
            .any(|s| s.contains(&format!("entries {first} and {second}"))),
        "{said:#?}"
    );
}

#[test]
fn two_states_with_one_number_are_refused() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let s1 = position(root, "relationship", "duo-bron/1");
    let s2 = position(root, "relationship", "duo-bron/2");
    let base = snapshot(&root.join("transparency"));

    // Another state that follows state 1: a second state 2.
    let mut v = artifact_json(root, s2);
    v["location"] = Value::String("EU".into());
    let fork = forge(
        root,
        &keys,
        vec![(
            forged_entry(
                "relationship",
                None,
                Some(("duo-bron", 3)),
                "relationships/duo-bron/3",
            ),
            canonical(&v),
        )],
    )[0];
    let f = verify_failures(root);
    assert!(
        f.contains(&format!("#{fork} artifacts/relationships/duo-bron/3.json"))
            && f.contains(&format!("#{s2} artifacts/relationships/duo-bron/2.json"))
            && f.contains("a second state 2 of relationship \"duo-bron\""),
        "{f}"
    );

    // Another first state.
    restore(&root.join("transparency"), base);
    let mut v = artifact_json(root, s1);
    v["location"] = Value::String("EU".into());
    let again = forge(
        root,
        &keys,
        vec![(
            forged_entry(
                "relationship",
                None,
                Some(("duo-bron", 3)),
                "relationships/duo-bron/3",
            ),
            canonical(&v),
        )],
    )[0];
    let f = verify_failures(root);
    assert!(
        f.contains(&format!("#{again} artifacts/relationships/duo-bron/3.json"))
            && f.contains(&format!("#{s1} artifacts/relationships/duo-bron/1.json"))
            && f.contains("a second state 1 of relationship \"duo-bron\""),
        "{f}"
    );
}

#[test]
fn two_notices_for_one_version_are_refused() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let first = position(root, "change-notice", "privacyverklaring/2.0");
    let mut v = artifact_json(root, first);
    v["summary"] = Value::String("Niets belangrijks.".into());
    let second = forge(
        root,
        &keys,
        vec![(
            forged_entry(
                "change-notice",
                Some(("privacyverklaring", "2.0")),
                None,
                "documents/privacyverklaring/2.0.notice-again",
            ),
            canonical(&v),
        )],
    )[0];
    let f = verify_failures(root);
    assert!(
        f.contains(&format!(
            "#{second} artifacts/documents/privacyverklaring/2.0.notice-again.json"
        )) && f.contains(&format!(
            "#{first} artifacts/documents/privacyverklaring/2.0.notice.json"
        )) && f.contains("a second change notice for version 2.0 of \"privacyverklaring\""),
        "{f}"
    );
}

#[test]
fn an_exact_duplicate_entry_is_refused() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let first = position(root, "version", "privacyreglement/1.0");
    let bytes = canonical(&artifact_json(root, first));
    let second = forge(
        root,
        &keys,
        vec![(
            forged_entry(
                "version",
                Some(("privacyreglement", "1.0")),
                None,
                "documents/privacyreglement/1.0-copy",
            ),
            bytes,
        )],
    )[0];
    let f = verify_failures(root);
    assert!(
        f.contains(&format!("#{second} artifacts/documents/privacyreglement/1.0-copy.json: seals the same artifact as #{first} artifacts/documents/privacyreglement/1.0.json")),
        "{f}"
    );
}

/// A version 1.5 of the privacy statement that takes effect in 2020,
/// sealed after version 2.0 (2023) was: back-dated, unless its artifact
/// says it is a late entry (schema v2), and then only when 2.0 was sealed
/// by an earlier publish.
#[test]
fn a_back_dated_version_is_refused_unless_its_artifact_says_it_is_late() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let t = root.join("transparency");
    let v20 = position(root, "version", "privacyverklaring/2.0");
    let v10 = position(root, "version", "privacyverklaring/1.0");
    let base = snapshot(&t);
    let mut v15 = artifact_json(root, v10);
    v15["version"] = "1.5".into();
    v15["published"] = "2020-05-01".into();
    v15["effective"] = "2020-06-01".into();
    v15["summary"] = Value::String("Tussentijdse versie.".into());
    let entry = || {
        forged_entry(
            "version",
            Some(("privacyverklaring", "1.5")),
            None,
            "documents/privacyverklaring/1.5",
        )
    };

    let late = forge(root, &keys, vec![(entry(), canonical(&v15))])[0];
    let f = verify_failures(root);
    assert!(
        f.contains(&format!("#{late} artifacts/documents/privacyverklaring/1.5.json: version 1.5 of \"privacyverklaring\" takes effect on 2020-06-01, before version 2.0 (#{v20}), which an earlier publish sealed: it is back-dated")),
        "{f}"
    );

    // Said in the artifact: accepted.
    restore(&t, base.clone());
    let mut said = v15.clone();
    said["type"] = "policypress.version/v2".into();
    said["late_entry"] = serde_json::json!({"nl": "Vastgesteld in 2020, nu pas ingevoerd.", "en": "Adopted in 2020, entered only now."});
    forge(root, &keys, vec![(entry(), canonical(&said))]);
    let r = check(&t, None);
    assert!(r.passed(), "{}", failures(&r));

    // In one publish with a version that takes effect later, after it: out
    // of order, late entry or not.
    restore(&t, base);
    let mut v30 = artifact_json(root, v20);
    v30["version"] = "3.0".into();
    v30["published"] = "2026-12-01".into();
    v30["effective"] = "2027-06-01".into();
    v30["material"] = false.into();
    let both = forge(
        root,
        &keys,
        vec![
            (
                forged_entry(
                    "version",
                    Some(("privacyverklaring", "3.0")),
                    None,
                    "documents/privacyverklaring/3.0",
                ),
                canonical(&v30),
            ),
            (entry(), canonical(&said)),
        ],
    );
    let f = verify_failures(root);
    assert!(
        f.contains(&format!("#{} artifacts/documents/privacyverklaring/1.5.json: version 1.5 of \"privacyverklaring\" takes effect on 2020-06-01, before version 3.0 (#{}), which the same publish sealed before it: out of order", both[1], both[0])),
        "{f}"
    );
}

/// `publish` of a version that takes effect before one sealed earlier
/// refuses, with a hint; with `late_entry` in version.toml it is sealed (as
/// a v2 artifact), verifies, and its page and change log say so.
#[test]
fn publish_refuses_to_back_date_without_late_entry() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let dir = root.join("content/documents/privacyverklaring/1.5");
    fs::create_dir_all(&dir).unwrap();
    let toml = "published = 2020-05-01\neffective = 2020-06-01\nmaterial = false\nsummary = { nl = \"Tussentijdse versie.\", en = \"Interim version.\" }\n";
    fs::write(dir.join("version.toml"), toml).unwrap();
    fs::write(dir.join("nl.md"), "## Inleiding\n\nTussentijdse tekst.\n").unwrap();
    let (model, _) = policypress::content::load(root);
    let sealed = Sealed::load(root, ORIGIN).unwrap();
    let e = tr::plan(&model.unwrap(), sealed.as_ref(), date!(2026 - 11 - 25))
        .expect_err("publish must refuse to back-date 1.5");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].file.as_deref(),
        Some(Path::new(
            "content/documents/privacyverklaring/1.5/version.toml"
        ))
    );
    assert!(
        e[0].message.contains("takes effect before version 2.0")
            && e[0].hint.as_deref().unwrap().contains("late_entry"),
        "{}",
        e[0]
    );

    fs::write(
        dir.join("version.toml"),
        format!("{toml}late_entry = {{ nl = \"Vastgesteld in 2020, nu pas ingevoerd.\", en = \"Adopted in 2020, entered only now.\" }}\n"),
    )
    .unwrap();
    assert_eq!(publish_on(root, &keys, date!(2026 - 11 - 25)), 1);
    let last = read_index(root).entries.len() - 1;
    assert_eq!(artifact_json(root, last)["type"], "policypress.version/v2");
    let r = check(&root.join("transparency"), None);
    assert!(r.passed(), "{}", failures(&r));
    let opts = policypress::BuildOptions {
        as_of: date!(2026 - 11 - 25),
        drafts: false,
        preview: false,
    };
    let built = policypress::site::build(root, opts).unwrap_or_else(|d| panic!("{d:?}"));
    for page in [
        "en/documents/privacyverklaring/1.5/index.html",
        "en/documents/privacyverklaring/changes/index.html",
    ] {
        let f = built.files.iter().find(|f| f.path == page).unwrap();
        assert!(
            String::from_utf8_lossy(&f.bytes).contains("Adopted in 2020, entered only now."),
            "{page} does not say the version is a late entry"
        );
    }
}

#[test]
fn publish_refuses_to_write_over_a_sealed_file() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let t = root.join("transparency");
    let before = snapshot(&t);
    let taken = read_index(root).entries[0].clone();
    let sealed = Sealed::load(root, ORIGIN).unwrap();
    let bytes = b"{\"type\":\"policypress.version/v1\"}".to_vec();
    let pending = vec![tr::Pending {
        entry: tr::IndexEntry {
            sha256: tr::sha256_hex(&bytes),
            ..taken.clone()
        },
        bytes,
    }];
    let Err(tr::PublishError::Content(d)) = tr::seal(
        root,
        ORIGIN,
        sealed.as_ref(),
        pending,
        &keys.artifact,
        &keys.checkpoint,
    ) else {
        panic!("seal wrote over {}", taken.artifact)
    };
    assert!(
        d[0].message.contains("would write over") && d[0].message.contains(&taken.artifact),
        "{}",
        d[0]
    );
    assert_eq!(snapshot(&t), before, "nothing of the log changed");
}

/// A sealed version artifact that is not well-formed (an impossible date)
/// fails, though its signature and proofs are good.
#[test]
fn an_artifact_that_is_not_well_formed_is_refused() {
    let (site, keys) = three_publishes();
    let root = site.path();
    let v10 = position(root, "version", "privacyverklaring/1.0");
    let mut v = artifact_json(root, v10);
    v["version"] = "4.0".into();
    v["effective"] = "2031-02-30".into();
    let i = forge(
        root,
        &keys,
        vec![(
            forged_entry(
                "version",
                Some(("privacyverklaring", "4.0")),
                None,
                "documents/privacyverklaring/4.0",
            ),
            canonical(&v),
        )],
    )[0];
    let f = verify_failures(root);
    assert!(
        f.contains(&format!("#{i} artifacts/documents/privacyverklaring/4.0.json: the artifact's `effective` is not a date")),
        "{f}"
    );
}

/// A checkpoint key given with --key whose key ID is written in upper-case
/// hex is the same key.
#[test]
fn a_key_id_in_upper_case_hex_is_the_same_key() {
    // A checkpoint key whose key ID has a letter in it.
    let checkpoint = std::iter::repeat_with(|| Signer::generate(ORIGIN).unwrap())
        .find(|s| {
            format!("{:08x}", s.key_id())
                .bytes()
                .any(|b| b.is_ascii_alphabetic())
        })
        .unwrap();
    let (site, keys) = example_site_with(Keys {
        artifact: ArtifactKey::generate().unwrap(),
        checkpoint,
    });
    publish(site.path(), &keys);
    let vkey = keys.checkpoint.verifier().to_key_string();
    let (name, rest) = vkey.split_once('+').unwrap();
    let (id, key) = rest.split_once('+').unwrap();
    let upper = format!("{name}+{}+{key}", id.to_uppercase());
    assert_ne!(upper, vkey);
    let f = tempfile::NamedTempFile::new().unwrap();
    fs::write(f.path(), &upper).unwrap();
    let r = verify::verify(
        &DirSource(site.path().join("transparency")),
        &Options {
            log_key: Some(f.path().to_path_buf()),
            ..Options::default()
        },
    );
    assert!(r.passed(), "{}", failures(&r));
}

// ------------------------------------------------------------ pages bound to the log

/// Builds the site in `root` as of 2026-11-25 into `out`, as `build` writes it.
fn build_into(root: &Path, out: &Path) {
    let opts = policypress::BuildOptions {
        as_of: date!(2026 - 11 - 25),
        drafts: false,
        preview: false,
    };
    let built = policypress::site::build(root, opts).unwrap_or_else(|d| panic!("{d:?}"));
    for f in built.files {
        let p = out.join(&f.path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, f.bytes).unwrap();
    }
}

/// A built copy of the three-publish site, and its pristine files.
struct Built {
    _site: tempfile::TempDir,
    _out: tempfile::TempDir,
    public: PathBuf,
    pristine: BTreeMap<PathBuf, Vec<u8>>,
}

fn built() -> Built {
    let (site, _keys) = three_publishes();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_into(site.path(), &public);
    let pristine = snapshot(&public);
    Built {
        _site: site,
        _out: out,
        public,
        pristine,
    }
}

impl Built {
    fn verify(&self) -> Report {
        check(&self.public.join("transparency"), None)
    }
    fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.public.join(rel)).unwrap()
    }
    /// Replaces the first `from` in the file `rel` by `to`.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let s = self.page(rel);
        assert!(s.contains(from), "{rel} has no {from:?}");
        fs::write(self.public.join(rel), s.replacen(from, to, 1)).unwrap();
    }
    fn reset(&self) {
        restore(&self.public, self.pristine.clone());
    }
}

/// A change made to a built site.
type Change<'a> = Box<dyn Fn(&Built) + 'a>;

const PV20_NL: &str = "nl/documents/privacyverklaring/2.0/index.html";

/// The pages and API of every sealed version are read and must show the
/// sealed text; a page edited on the host fails with its path and the
/// first line that differs.
#[test]
fn verify_reads_the_pages_and_api_of_sealed_versions() {
    let b = built();
    let r = b.verify();
    assert!(r.passed(), "{}", failures(&r));
    assert!(
        r.lines
            .iter()
            .any(|l| l.contains("14 pages of 7 sealed versions show the sealed text")),
        "{:#?}",
        r.lines
    );
    assert!(
        r.lines
            .iter()
            .any(|l| l.contains("the API says of 7 sealed versions what their artifacts say")),
        "{:#?}",
        r.lines
    );

    assert!(
        r.lines
            .iter()
            .any(|l| l.contains("6 document pages show the text of a sealed version")),
        "{:#?}",
        r.lines
    );

    // The document's page shows the version in force: changed, it fails;
    // without its marker (built before it) it is still recognised.
    let doc = "nl/documents/privacyverklaring/index.html";
    b.edit(
        doc,
        "Wij passen deze privacyverklaring aan",
        "Wij passen deze privacyverklaring nooit aan",
    );
    let f = failures(&b.verify());
    assert!(f.contains(&format!("{doc}:")) && f.contains("nooit"), "{f}");
    b.reset();
    let page = b.page(doc);
    let at = page.find(" data-sealed=\"").unwrap();
    fs::write(
        b.public.join(doc),
        format!(
            "{}{}",
            &page[..at],
            &page[at + " data-sealed=\"\"".len() + 64..]
        ),
    )
    .unwrap();
    let r = b.verify();
    assert!(r.passed(), "{}", failures(&r));
    b.reset();

    // A word changed on the host.
    let page = b.page(PV20_NL);
    let at = page.find("Wij passen deze privacyverklaring aan").unwrap();
    let line = page[..at].matches('\n').count() + 1;
    b.edit(
        PV20_NL,
        "Wij passen deze privacyverklaring aan",
        "Wij passen deze privacyverklaring soms aan",
    );
    let f = failures(&b.verify());
    assert!(
        f.contains(&format!(
            "{PV20_NL}:{line}: the text shown is not the sealed text: the page has \""
        )) && f.contains("soms"),
        "{f}"
    );
    b.reset();

    // A text added for screen readers only is text too.
    b.edit(
        PV20_NL,
        "<p>Wij passen deze",
        "<p><span class=\"visually-hidden\">Wij verkopen uw gegevens.</span> Wij passen deze",
    );
    assert!(
        failures(&b.verify()).contains("Wij verkopen"),
        "hidden text passed"
    );
    b.reset();

    // The page claims another artifact.
    let sha = b.page(PV20_NL).split("data-sealed=\"").nth(1).unwrap()[..64].to_string();
    b.edit(
        PV20_NL,
        &format!("data-sealed=\"{sha}\""),
        &format!("data-sealed=\"{}\"", "0".repeat(64)),
    );
    assert!(
        failures(&b.verify()).contains("the page says it shows the artifact with SHA-256 0000")
    );
    b.reset();

    // The en page of a Dutch-only version shows the Dutch text; it may not
    // pass it off as another language.
    let en = "en/documents/privacyreglement/1.0/index.html";
    b.edit(
        en,
        "<div class=\"prose\" lang=\"nl\"",
        "<div class=\"prose\" lang=\"en\"",
    );
    let f = failures(&b.verify());
    assert!(
        f.contains(en)
            && f.contains("shows a text in \"en\", which the sealed version does not have"),
        "{f}"
    );
    b.reset();

    // The API: a changed date fails; the seal fields, once the build fills
    // them in, must name the entry.
    let api = "api/v1/documents/privacyverklaring.json";
    b.edit(
        api,
        "\"effective\": \"2023-08-01\"",
        "\"effective\": \"2023-09-01\"",
    );
    let f = failures(&b.verify());
    assert!(
        f.contains(&format!("{api}: version 2.0: `effective` is \"2023-09-01\", the sealed version has \"2023-08-01\"")),
        "{f}"
    );
    b.reset();
    let index: tr::Index =
        serde_json::from_slice(&fs::read(b.public.join("transparency/index.json")).unwrap())
            .unwrap();
    let e20 = index
        .entries
        .iter()
        .find(|e| {
            e.kind == "version"
                && e.document.as_deref() == Some("privacyverklaring")
                && e.version.as_deref() == Some("2.0")
        })
        .unwrap();
    let mut j: Value = serde_json::from_slice(&fs::read(b.public.join(api)).unwrap()).unwrap();
    let v20 = j["versions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|v| v["number"] == "2.0")
        .unwrap();
    v20["sealed"] = true.into();
    v20["artifact_digest"] = format!("sha256:{}", e20.sha256).into();
    v20["log_index"] = e20.index.into();
    fs::write(b.public.join(api), serde_json::to_vec_pretty(&j).unwrap()).unwrap();
    let r = b.verify();
    assert!(r.passed(), "{}", failures(&r));
    b.edit(
        api,
        &format!("sha256:{}", e20.sha256),
        &format!("sha256:{}", "1".repeat(64)),
    );
    assert!(failures(&b.verify()).contains("`artifact_digest` is \"sha256:1111"));
    b.reset();
}

/// What a later build changes in a body's markup, or adds to it, never
/// makes an older site fail: external-link labels, footnote labels, list
/// markers written as text, table wrappers, a page without the body
/// marker (built before it existed), a base path.
#[test]
fn a_change_of_markup_never_fails_an_older_site() {
    let b = built();
    let nl = |b: &Built, from: &str, to: &str| b.edit(PV20_NL, from, to);
    let cases: Vec<(&str, Change<'_>)> = vec![
        (
            "another external-link label",
            Box::new(|b| {
                nl(
                    b,
                    "<span class=\"visually-hidden\"> (externe link)</span>",
                    "<span class=\"visually-hidden\"> (opent een andere website)</span>",
                )
            }),
        ),
        (
            "no external-link label",
            Box::new(|b| {
                nl(
                    b,
                    "<span class=\"visually-hidden\"> (externe link)</span>",
                    "",
                )
            }),
        ),
        (
            "another footnote label",
            Box::new(|b| nl(b, "data-footnote-ref>1</a>", "data-footnote-ref>[taak]</a>")),
        ),
        (
            "another footnote back-link",
            Box::new(|b| {
                nl(
                    b,
                    "aria-label=\"Terug naar verwijzing 1\">↩</a>",
                    "aria-label=\"Terug\">↩ 1</a>",
                )
            }),
        ),
        (
            "lettered lines as a paragraph, as before lettered lists",
            Box::new(|b| {
                let page = b.page(PV20_NL);
                let start = page.find("<ol type=\"a\">").unwrap();
                let end = start + page[start..].find("</ol>").unwrap() + "</ol>".len();
                let items: Vec<String> = page[start..end]
                    .split("<li>")
                    .skip(1)
                    .enumerate()
                    .map(|(k, li)| {
                        format!(
                            "{}. {}",
                            (b'a' + k as u8) as char,
                            li.split("</li>").next().unwrap()
                        )
                    })
                    .collect();
                let p = format!("<p>{}</p>", items.join("\n"));
                fs::write(
                    b.public.join(PV20_NL),
                    format!("{}{p}{}", &page[..start], &page[end..]),
                )
                .unwrap();
            }),
        ),
        (
            "no table wrapper",
            Box::new(|b| {
                let page = b.page(PV20_NL);
                let start = page.find("<div class=\"table-wrap\"").unwrap();
                let open_end = start + page[start..].find('>').unwrap() + 1;
                let close = open_end
                    + page[open_end..].find("</table>\n</div>").unwrap()
                    + "</table>\n".len();
                let page = format!(
                    "{}{}{}",
                    &page[..start],
                    &page[open_end..close],
                    &page[close + "</div>".len()..]
                );
                fs::write(b.public.join(PV20_NL), page).unwrap();
            }),
        ),
        (
            "no body marker",
            Box::new(|b| {
                let page = b.page(PV20_NL);
                let at = page.find(" data-sealed=\"").unwrap();
                let page = format!(
                    "{}{}",
                    &page[..at],
                    &page[at + " data-sealed=\"\"".len() + 64..]
                );
                fs::write(b.public.join(PV20_NL), page).unwrap();
            }),
        ),
    ];
    for (what, change) in cases {
        change(&b);
        assert_ne!(snapshot(&b.public), b.pristine, "{what}: nothing changed");
        let r = b.verify();
        assert!(r.passed(), "{what}: {}", failures(&r));
        b.reset();
    }

    // A site at a sub-path: every link differs, no text does.
    let (site, _keys) = three_publishes();
    let toml = site.path().join("content/site.toml");
    let s = fs::read_to_string(&toml).unwrap();
    let base = s
        .lines()
        .find(|l| l.starts_with("base_url"))
        .unwrap()
        .to_string();
    fs::write(
        &toml,
        s.replace(
            &base,
            "base_url = \"https://www.waterlinie.example/privacy/\"",
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), out.path());
    assert!(
        fs::read_to_string(out.path().join(PV20_NL))
            .unwrap()
            .contains("href=\"/privacy/")
    );
    let r = check(&out.path().join("transparency"), None);
    assert!(r.passed(), "{}", failures(&r));
}

/// Without pages (a site folder) nothing of them is checked, and verify
/// says so; a version the build leaves out is counted, not failed.
#[test]
fn pages_are_checked_where_they_are() {
    let (site, _keys) = three_publishes();
    let r = check(&site.path().join("transparency"), None);
    assert!(r.passed(), "{}", failures(&r));
    assert!(
        r.lines
            .iter()
            .any(|l| l.contains("no page of a sealed version is here")),
        "{:#?}",
        r.lines
    );
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), out.path());
    fs::remove_dir_all(out.path().join("nl/documents/privacyverklaring/2.1")).unwrap();
    fs::remove_dir_all(out.path().join("en/documents/privacyverklaring/2.1")).unwrap();
    let r = check(&out.path().join("transparency"), None);
    assert!(r.passed(), "{}", failures(&r));
    assert!(
        r.lines
            .iter()
            .any(|l| l.contains("1 sealed version is not shown by this build")),
        "{:#?}",
        r.lines
    );
}

/// Relationship pages carry the digest and log index of the state they
/// show, and none when that state is not sealed.
#[test]
fn relationship_pages_carry_the_seal_of_the_state_they_show() {
    let (site, _keys) = three_publishes();
    let root = site.path();
    let state2 = read_index(root).entries[position(root, "relationship", "duo-bron/2")].clone();
    let out = tempfile::tempdir().unwrap();
    build_into(root, out.path());
    let pages = [
        "nl/relationships/duo-bron/index.html",
        "en/relationships/duo-bron/index.html",
        "en/schools/de-schans/duo-bron/index.html",
    ];
    for p in pages {
        let html = fs::read_to_string(out.path().join(p)).unwrap();
        assert!(html.contains(&state2.sha256), "{p} has no digest");
        assert!(
            html.contains(&format!("<dd>{}</dd>", state2.index)),
            "{p} has no log index"
        );
    }
    let html = fs::read_to_string(out.path().join(pages[1])).unwrap();
    assert!(
        html.contains("This page shows state 2 of this relationship"),
        "{html}"
    );

    // Changed since the last publish: the page claims no seal.
    let rel = root.join("content/relationships/duo-bron.toml");
    let r = fs::read_to_string(&rel).unwrap();
    fs::write(
        &rel,
        r.replacen("location = \"NL\"", "location = \"EU\"", 1),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_into(root, out.path());
    let html = fs::read_to_string(out.path().join(pages[1])).unwrap();
    assert!(!html.contains(&state2.sha256) && !html.contains("verify-relationship"));
}

/// Over HTTP the pages are read from the site the log is part of.
#[test]
fn verify_reads_pages_over_http() {
    let b = built();
    let server = Server::start(b.public.clone());
    let src = verify::source_for(&format!("http://{}/", server.addr)).unwrap();
    let r = verify::verify(src.as_ref(), &Options::default());
    assert!(r.passed(), "{}", failures(&r));
    assert!(
        r.lines
            .iter()
            .any(|l| l.contains("14 pages of 7 sealed versions show the sealed text")),
        "{:#?}",
        r.lines
    );
    b.edit(
        PV20_NL,
        "Wij passen deze privacyverklaring aan",
        "Wij passen deze privacyverklaring nooit aan",
    );
    let r = verify::verify(src.as_ref(), &Options::default());
    assert!(failures(&r).contains(PV20_NL), "{}", failures(&r));
    drop(server);
}

/// The API of a sealed site says, for each version and for the state of
/// each relationship it shows, that it is sealed, with the artifact's
/// digest and log index as the index gives them; `verify` compares them.
#[test]
fn the_api_of_a_sealed_site_carries_the_seals() {
    let b = built();
    let json = |rel: &str| -> serde_json::Value {
        serde_json::from_slice(&fs::read(b.public.join(rel)).unwrap()).unwrap()
    };
    let index: tr::Index =
        serde_json::from_slice(&fs::read(b.public.join("transparency/index.json")).unwrap())
            .unwrap();
    let doc = json("api/v1/documents/privacyverklaring.json");
    let versions = doc["versions"].as_array().unwrap();
    assert!(!versions.is_empty());
    for v in versions {
        let e = index
            .entries
            .iter()
            .find(|e| {
                e.kind == "version"
                    && e.document.as_deref() == Some("privacyverklaring")
                    && e.version.as_deref() == v["number"].as_str()
            })
            .unwrap_or_else(|| panic!("version {} is not in the index", v["number"]));
        assert_eq!(v["sealed"], true, "{v}");
        assert_eq!(v["artifact_digest"], format!("sha256:{}", e.sha256));
        assert_eq!(v["log_index"], e.index);
    }
    // duo-bron's location changed before the third publish: its pages and
    // API show state 2.
    let rel = json("api/v1/relationships/duo-bron.json");
    let s2 = index
        .entries
        .iter()
        .find(|e| {
            e.kind == "relationship"
                && e.relationship.as_deref() == Some("duo-bron")
                && e.state == Some(2)
        })
        .expect("duo-bron state 2 is in the index");
    assert_eq!(rel["sealed"], true);
    assert_eq!(rel["artifact_digest"], format!("sha256:{}", s2.sha256));
    assert_eq!(rel["log_index"], s2.index);
    assert!(b.verify().passed());
    // A host that changes the API's digest is caught.
    let path = "api/v1/documents/privacyverklaring.json";
    let first = versions[0]["artifact_digest"].as_str().unwrap().to_string();
    let other = format!("sha256:{}", "0".repeat(64));
    b.edit(path, &first, &other);
    assert!(
        !b.verify().passed(),
        "a changed digest in the API must fail"
    );
    b.reset();
}

/// A site without a log says so in its API: `sealed` is null.
#[test]
fn the_api_of_a_site_without_a_log_has_no_seals() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_into(&common::fixture("basic"), &public);
    let doc: serde_json::Value = serde_json::from_slice(
        &fs::read(public.join("api/v1/documents/privacyverklaring.json")).unwrap(),
    )
    .unwrap();
    for v in doc["versions"].as_array().unwrap() {
        assert!(
            v["sealed"].is_null() && v["artifact_digest"].is_null() && v["log_index"].is_null()
        );
    }
}

// ------------------------------------------------------------ remembered state

/// Replaces the log in `root` by a new one of `origin`, signed with `keys`:
/// what a host (or a publisher who lost a key) serves at the same place.
fn replace_log(root: &Path, origin: &str, keys: &Keys) {
    fs::remove_dir_all(root.join("transparency")).unwrap();
    let toml = root.join("content/site.toml");
    let s = fs::read_to_string(&toml).unwrap().replace(
        &format!("origin = \"{ORIGIN}\""),
        &format!("origin = \"{origin}\""),
    );
    fs::write(&toml, s).unwrap();
    write_public_keys(root, keys);
    let (site, diags) = policypress::content::load(root);
    let site = site.unwrap_or_else(|| panic!("{diags:?}"));
    let pending = tr::plan(&site, None, date!(2026 - 11 - 25)).unwrap();
    tr::seal(
        root,
        origin,
        None,
        pending,
        &keys.artifact,
        &keys.checkpoint,
    )
    .unwrap();
}

fn check_with(dir: &Path, opts: Options) -> Report {
    verify::verify(&DirSource(dir.to_path_buf()), &opts)
}

#[test]
fn a_new_log_at_a_remembered_site_fails_naming_it_until_accepted() {
    let p = published();
    let origin2 = "privacy.waterlinie.example/log2";
    let keys2 = Keys {
        artifact: ArtifactKey::generate().unwrap(),
        checkpoint: Signer::generate(origin2).unwrap(),
    };
    replace_log(&p.root, origin2, &keys2);
    let opts = |accept: &[&str]| Options {
        state_dir: Some(p.state.path().to_path_buf()),
        accept_new_log: accept.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    };
    let r = check_with(&p.t(), opts(&[]));
    assert!(
        failures(&r).contains(&format!(
            "served the log \"{ORIGIN}\" when last verified, it now serves \"{origin2}\""
        )) && failures(&r).contains(&format!("--accept-new-log {origin2}")),
        "{}",
        failures(&r)
    );
    // Accepting another origin does not help.
    assert!(!check_with(&p.t(), opts(&[ORIGIN])).passed());
    let r = check_with(&p.t(), opts(&[origin2]));
    assert!(r.passed(), "{}", failures(&r));
    assert!(
        r.lines
            .iter()
            .any(|l| l.contains(&format!("accepted the new log \"{origin2}\""))),
        "{:?}",
        r.lines
    );
    // From now on the new log is the one remembered at this site.
    let r = check_with(&p.t(), opts(&[]));
    assert!(r.passed(), "{}", failures(&r));
    assert!(r.first_use.is_none());
}

#[test]
fn new_keys_at_a_remembered_log_fail_naming_them_until_accepted() {
    let p = published();
    let old_vkey = p.keys.checkpoint.verifier().to_key_string();
    let keys2 = Keys {
        artifact: ArtifactKey::generate().unwrap(),
        checkpoint: Signer::generate(ORIGIN).unwrap(),
    };
    replace_log(&p.root, ORIGIN, &keys2);
    let opts = |accept: bool| Options {
        state_dir: Some(p.state.path().to_path_buf()),
        accept_new_log: if accept { vec![ORIGIN.into()] } else { vec![] },
        ..Options::default()
    };
    let r = check_with(&p.t(), opts(false));
    let f = failures(&r);
    assert!(
        f.contains(&format!(
            "new keys for a remembered log: the log key was {old_vkey}, it is now {}",
            keys2.checkpoint.verifier().to_key_string()
        )) && f.contains(&format!(
            "the publisher key was SHA-256 {}, it is now {}",
            sign::key_hint(p.keys.artifact.public_der()),
            sign::key_hint(keys2.artifact.public_der())
        )) && f.contains(&format!("--accept-new-log {ORIGIN}")),
        "{f}"
    );
    let r = check_with(&p.t(), opts(true));
    assert!(r.passed(), "{}", failures(&r));
    let r = check_with(&p.t(), opts(false));
    assert!(r.passed(), "{}", failures(&r));
}

#[test]
fn first_use_is_stated_with_the_fingerprints_and_require_known_refuses_it() {
    let p = published();
    let state = tempfile::tempdir().unwrap();
    let opts = |require: bool| Options {
        state_dir: Some(state.path().to_path_buf()),
        require_known: require,
        ..Options::default()
    };
    let r = check_with(&p.t(), opts(true));
    assert!(
        failures(&r).contains("first use of this log, and --require-known was given"),
        "{}",
        failures(&r)
    );
    let r = check_with(&p.t(), opts(false));
    assert!(r.passed(), "{}", failures(&r));
    let fu = r.first_use.clone().expect("first use is reported");
    assert_eq!(
        fu.log_key.as_deref(),
        Some(p.keys.checkpoint.verifier().to_key_string().as_str())
    );
    assert_eq!(
        fu.publisher_key,
        Some(sign::key_hint(p.keys.artifact.public_der()))
    );
    let v: Value = serde_json::from_str(&r.to_json("x")).unwrap();
    assert_eq!(v["first_use"]["publisher_key"], fu.publisher_key.unwrap());
    // Known now.
    let r = check_with(&p.t(), opts(true));
    assert!(r.passed(), "{}", failures(&r));
    assert!(r.first_use.is_none());
    // Keys given by role are no first use either.
    let dir = tempfile::tempdir().unwrap();
    let (lk, pk) = (
        dir.path().join("log.vkey"),
        dir.path().join("publisher.pem"),
    );
    fs::copy(p.t().join(sign::VERIFIER_KEY_FILE), &lk).unwrap();
    fs::copy(p.t().join(sign::PUBLIC_KEY_FILE), &pk).unwrap();
    let r = check_with(
        &p.t(),
        Options {
            log_key: Some(lk),
            publisher_key: Some(pk),
            require_known: true,
            ..Options::default()
        },
    );
    assert!(r.passed(), "{}", failures(&r));
}

#[test]
fn a_given_checkpoint_adds_to_the_remembered_one_and_never_replaces_it() {
    let p = published();
    let old = snapshot(&p.t());
    let old_cp = tempfile::NamedTempFile::new().unwrap();
    fs::write(
        old_cp.path(),
        fs::read(p.t().join("log/checkpoint")).unwrap(),
    )
    .unwrap();
    add_version(&p.root, "2.2", "Nieuw.");
    publish(&p.root, &p.keys);
    assert!(check(&p.t(), Some(p.state.path())).passed());
    // The host serves the older log again; the reader also has its checkpoint.
    restore(&p.t(), old);
    let r = check_with(
        &p.t(),
        Options {
            state_dir: Some(p.state.path().to_path_buf()),
            checkpoint: Some(old_cp.path().to_path_buf()),
            ..Options::default()
        },
    );
    assert!(
        failures(&r).contains(
            "the log was rolled back: the checkpoint remembered from the last verify has 20 entries"
        ),
        "{}",
        failures(&r)
    );
}

#[test]
fn state_of_an_earlier_version_is_carried_over_when_it_is_this_logs() {
    let p = published();
    // Move the state to the layout of earlier versions.
    let st = p.state.path();
    let logs = st.join("logs");
    let only = fs::read_dir(&logs).unwrap().next().unwrap().unwrap().path();
    let old_dir = st.join("origins").join(sign::safe_name(ORIGIN));
    fs::create_dir_all(&old_dir).unwrap();
    for f in ["checkpoint", sign::VERIFIER_KEY_FILE, sign::PUBLIC_KEY_FILE] {
        fs::copy(only.join(f), old_dir.join(f)).unwrap();
    }
    fs::remove_dir_all(&logs).unwrap();
    fs::remove_dir_all(st.join("sites")).unwrap();
    // What was remembered still protects: a rolled-back log fails.
    let old = snapshot(&p.t());
    add_version(&p.root, "2.2", "Nieuw.");
    publish(&p.root, &p.keys);
    let r = check(&p.t(), Some(st));
    assert!(r.passed(), "{}", failures(&r));
    assert!(
        r.lines
            .iter()
            .any(|l| l.contains("carried over what an earlier version")),
        "{:?}",
        r.lines
    );
    assert!(r.first_use.is_none());
    // Read once: the new layout holds it now.
    fs::remove_dir_all(st.join("origins")).unwrap();
    restore(&p.t(), old);
    assert!(
        p.failures().contains("the log was rolled back"),
        "{}",
        p.failures()
    );

    // The old layout wrote "a/b" and "a_b" to one folder: state left
    // there by a log of another name is not this log's.
    let q = published();
    let qs = q.state.path();
    fs::remove_dir_all(qs.join("logs")).unwrap();
    fs::remove_dir_all(qs.join("sites")).unwrap();
    let other = Signer::generate("privacy.waterlinie.example_log").unwrap();
    let old_dir = qs.join("origins").join(sign::safe_name(ORIGIN));
    fs::create_dir_all(&old_dir).unwrap();
    fs::write(
        old_dir.join(sign::VERIFIER_KEY_FILE),
        other.verifier().to_key_string(),
    )
    .unwrap();
    fs::write(
        old_dir.join("checkpoint"),
        tlog::note::sign(
            "privacy.waterlinie.example_log\n99\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
            &[&other],
        )
        .unwrap(),
    )
    .unwrap();
    let r = check(&q.t(), Some(qs));
    assert!(r.passed(), "{}", failures(&r));
    assert!(r.first_use.is_some());
}

#[test]
fn an_origin_never_leads_the_state_out_of_its_folders() {
    let (site, _) = example_site();
    let keys = Keys {
        artifact: ArtifactKey::generate().unwrap(),
        checkpoint: Signer::generate("..").unwrap(),
    };
    replace_log(site.path(), "..", &keys);
    let outer = tempfile::tempdir().unwrap();
    let st = outer.path().join("state");
    let r = check(&site.path().join("transparency"), Some(&st));
    assert!(r.passed(), "{}", failures(&r));
    let mut top: Vec<String> = fs::read_dir(&st)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["logs", "sites"]);
    assert!(st.join("logs/%2E%2E/checkpoint").is_file());
    assert_eq!(fs::read_dir(outer.path()).unwrap().count(), 1);
}

#[test]
fn keys_by_role_and_the_deprecated_key_flag() {
    let p = published();
    let dir = tempfile::tempdir().unwrap();
    let witness = Signer::generate("witness.example").unwrap();
    let wk = dir.path().join("witness.vkey");
    fs::write(&wk, witness.verifier().to_key_string()).unwrap();
    // A witness key given with --key never stands in for the log key.
    let r = check_with(
        &p.t(),
        Options {
            keys: vec![wk.clone()],
            ..Options::default()
        },
    );
    assert!(
        r.usage
            .as_deref()
            .is_some_and(|u| u.contains("may be a witness's key")),
        "{:?}",
        r.usage
    );
    // Two publisher keys with --key: ambiguous.
    let pk = dir.path().join("publisher.pub");
    fs::copy(p.t().join(sign::PUBLIC_KEY_FILE), &pk).unwrap();
    let r = check_with(
        &p.t(),
        Options {
            keys: vec![pk.clone(), pk.clone()],
            ..Options::default()
        },
    );
    assert!(r.usage.is_some(), "{:?}", r.lines);
    // A PEM key given as the log key is a usage error; the right roles pass.
    let r = check_with(
        &p.t(),
        Options {
            log_key: Some(pk.clone()),
            ..Options::default()
        },
    );
    assert!(r.usage.is_some());
    let lk = dir.path().join("log.vkey");
    fs::copy(p.t().join(sign::VERIFIER_KEY_FILE), &lk).unwrap();
    let r = check_with(
        &p.t(),
        Options {
            keys: vec![lk, pk],
            ..Options::default()
        },
    );
    assert!(r.passed() && r.usage.is_none(), "{}", failures(&r));
    // A --log-key of another log fails verification, naming the mismatch.
    let r = check_with(
        &p.t(),
        Options {
            log_key: Some(wk),
            ..Options::default()
        },
    );
    assert!(r.usage.is_none());
    assert!(
        failures(&r).contains("the trusted key belongs to \"witness.example\""),
        "{}",
        failures(&r)
    );
}

/// Each state of a relationship file is sealed once, in the order of its
/// `from`, chained: the example's Oefenhaven relationship has three
/// states (each as v3, for the countries of its location; a relationship
/// without what v3 added keeps v1 and v2, see the unit tests).
/// A build shows which are sealed; a sealed change that leaves the file is
/// refused by build and publish, an edited state is a warning until the
/// next publish seals it again.
#[test]
fn each_state_of_a_relationship_is_sealed_and_the_file_must_agree() {
    let (site, keys) = example_site();
    let root = site.path();
    publish(root, &keys);
    let index: Value =
        serde_json::from_slice(&fs::read(root.join("transparency/index.json")).unwrap()).unwrap();
    let states: Vec<&Value> = index["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["relationship"] == "oefenhaven-leerplatform")
        .collect();
    assert_eq!(states.len(), 3);
    let artifact = |e: &Value| -> Value {
        serde_json::from_slice(
            &fs::read(
                root.join("transparency")
                    .join(e["artifact"].as_str().unwrap()),
            )
            .unwrap(),
        )
        .unwrap()
    };
    let (s1, s2, s3) = (
        artifact(states[0]),
        artifact(states[1]),
        artifact(states[2]),
    );
    assert_eq!(s1["type"], "policypress.relationship/v3");
    assert_eq!(s1["from"], "2021-08-01");
    assert_eq!(s1["location"], serde_json::json!({"countries": ["NL"]}));
    assert!(s1.get("outside_eea").is_none());
    assert_eq!(s2["type"], "policypress.relationship/v3");
    assert_eq!(s2["from"], "2024-08-01");
    assert_eq!(s2["previous"], states[0]["sha256"]);
    assert_eq!(s3["from"], "2027-03-01");
    assert_eq!(
        s3["sub_processors"],
        serde_json::json!(["polderdata", "zendlijn"])
    );
    assert_eq!(s3["previous"], states[1]["sha256"]);
    // A second publish seals nothing: every state is in the log.
    assert_eq!(publish(root, &keys), 0);
    let (site_model, _) = policypress::content::load(root);
    let site_model = site_model.unwrap();
    let (_, _, diags) = tr::for_build(root, &site_model);
    assert!(diags.is_empty(), "{diags:?}");

    // Editing the announced state: a warning naming it, until a publish
    // seals it as a fourth state.
    let file = root.join("content/relationships/oefenhaven-leerplatform.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace(
            "sub_processors = [\"polderdata\", \"zendlijn\"]",
            "sub_processors = [\"zendlijn\"]",
        ),
    )
    .unwrap();
    let (edited, _) = policypress::content::load(root);
    let (_, _, diags) = tr::for_build(root, &edited.unwrap());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(!diags[0].is_error());
    assert!(
        diags[0].message.contains("from 2027-03-01")
            && diags[0]
                .message
                .contains("differs from the one the transparency log sealed"),
        "{}",
        diags[0].message
    );
    assert_eq!(publish(root, &keys), 1);

    // Dropping a sealed change: build and publish refuse it, naming the
    // file and the day.
    let text = fs::read_to_string(&file).unwrap();
    let cut = text.find("[[change]]\nfrom = 2027-03-01").unwrap();
    fs::write(&file, &text[..cut]).unwrap();
    let (dropped, _) = policypress::content::load(root);
    let dropped = dropped.unwrap();
    let (_, _, diags) = tr::for_build(root, &dropped);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    assert!(errors[0].message.contains("no state from 2027-03-01"));
    assert!(
        errors[0]
            .file
            .as_deref()
            .unwrap()
            .ends_with("oefenhaven-leerplatform.toml")
    );
    let sealed = Sealed::load(root, ORIGIN).unwrap();
    assert!(tr::plan(&dropped, sealed.as_ref(), date!(2026 - 11 - 25)).is_err());
}

// ------------------------------------------------------------ hostile hosts

/// A server on 127.0.0.1 that answers every request with `answer`, slowly
/// when `drip` (one byte a second), until dropped.
struct Hostile {
    addr: std::net::SocketAddr,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Hostile {
    fn start(answer: &'static str, drip: bool) -> Hostile {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let flag = flag.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    if drip {
                        for b in answer.bytes() {
                            if flag.load(std::sync::atomic::Ordering::SeqCst)
                                || stream.write_all(&[b]).is_err()
                            {
                                return;
                            }
                            std::thread::sleep(std::time::Duration::from_secs(1));
                        }
                    } else {
                        let _ = stream.write_all(answer.as_bytes());
                    }
                });
            }
        });
        Hostile { addr, stop }
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
    }
}

fn verify_url(url: &str, timeout: std::time::Duration) -> (Report, std::time::Duration) {
    let src = verify::source_for(url).unwrap();
    let t = std::time::Instant::now();
    let r = verify::verify(
        src.as_ref(),
        &Options {
            timeout: Some(timeout),
            ..Options::default()
        },
    );
    (r, t.elapsed())
}

#[test]
fn a_checkpoint_claiming_two_to_the_63_entries_fails_at_once() {
    let p = published();
    let cp = fs::read(p.t().join("log/checkpoint")).unwrap();
    let (text, _) = tlog::note::split(&cp).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let huge = format!("{}\n{}\n{}\n", lines[0], 1u64 << 63, lines[2]);
    fs::write(
        p.t().join("log/checkpoint"),
        tlog::note::sign(&huge, &[&p.keys.checkpoint]).unwrap(),
    )
    .unwrap();
    let t = std::time::Instant::now();
    let r = check(&p.t(), None);
    assert!(t.elapsed() < std::time::Duration::from_secs(10));
    assert!(
        failures(&r).contains(
            "the checkpoint claims 9223372036854775808 entries, more than the 10000000 verify reads"
        ),
        "{}",
        failures(&r)
    );
    // Raised, the limit lets a log that large be tried (and here fail on its tiles).
    let r = check_with(
        &p.t(),
        Options {
            max_entries: Some(20),
            ..Options::default()
        },
    );
    assert!(
        failures(&r).contains("more than the 20 verify reads"),
        "{}",
        failures(&r)
    );
}

#[cfg(unix)]
#[test]
fn folder_mode_reads_no_symlinks_nor_devices_and_echoes_no_file() {
    let p = published();
    let a = p.artifact(2);
    fs::remove_file(&a).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &a).unwrap();
    let t = std::time::Instant::now();
    let f = p.failures();
    assert!(t.elapsed() < std::time::Duration::from_secs(10));
    assert!(f.contains("is a symbolic link"), "{f}");
    // A key file symlinked to a secret elsewhere: refused, never printed.
    let secret = tempfile::NamedTempFile::new().unwrap();
    fs::write(secret.path(), "TOP-SECRET-LINE\nmore\n").unwrap();
    let k = p.t().join(sign::VERIFIER_KEY_FILE);
    fs::remove_file(&k).unwrap();
    std::os::unix::fs::symlink(secret.path(), &k).unwrap();
    let r = check(&p.t(), None);
    assert!(!r.passed());
    let all = r.lines.join("\n");
    assert!(!all.contains("TOP-SECRET"), "{all}");
    assert!(all.contains("is a symbolic link"), "{all}");
}

#[test]
fn oversized_files_are_refused_by_their_kind() {
    let p = published();
    let mut big = fs::read(p.t().join("log/checkpoint")).unwrap();
    big.extend(std::iter::repeat_n(b'\n', 2 << 20));
    fs::write(p.t().join("log/checkpoint"), big).unwrap();
    assert!(
        p.failures().contains("larger than 1048576 bytes"),
        "{}",
        p.failures()
    );
}

#[test]
fn redirects_elsewhere_are_not_followed() {
    for to in [
        "http://169.254.169.254/latest/meta-data/",
        "http://other.example/transparency/log/checkpoint",
        "//other.example/x",
    ] {
        let answer: &'static str = Box::leak(
            format!("HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .into_boxed_str(),
        );
        let server = Hostile::start(answer, false);
        let (r, took) = verify_url(
            &format!("http://{}/", server.addr),
            std::time::Duration::from_secs(20),
        );
        assert!(took < std::time::Duration::from_secs(10));
        assert!(
            failures(&r).contains("a redirect to another host")
                || failures(&r).contains("redirects to another host"),
            "{to}: {}",
            failures(&r)
        );
    }
}

#[test]
fn a_drip_feeding_host_is_stopped_by_the_deadline() {
    let server = Hostile::start(
        "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        true,
    );
    let (r, took) = verify_url(
        &format!("http://{}/", server.addr),
        std::time::Duration::from_secs(3),
    );
    assert!(!r.passed());
    assert!(took < std::time::Duration::from_secs(8), "{took:?}");
}

#[test]
fn publish_refuses_to_seal_an_artifact_larger_than_readers_accept() {
    let (site, keys) = example_site();
    let (loaded, diags) = policypress::content::load(site.path());
    let loaded = loaded.unwrap_or_else(|| panic!("{diags:?}"));
    let mut pending = tr::plan(&loaded, None, date!(2026 - 11 - 25)).unwrap();
    pending[1].bytes = vec![b' '; (16 << 20) + 1];
    let err = tr::seal(
        site.path(),
        ORIGIN,
        None,
        pending,
        &keys.artifact,
        &keys.checkpoint,
    )
    .unwrap_err();
    match err {
        tr::PublishError::Content(d) => {
            assert!(
                d[0].message
                    .contains("more than the 16777216 a reader's verify accepts"),
                "{d:?}"
            )
        }
        e => panic!("{e:?}"),
    }
    assert!(!site.path().join("transparency/log/checkpoint").exists());
}

// ------------------------------------------------------------ hostile hosts over HTTP
//
// The same bounds as in a folder, against a server on 127.0.0.1 that
// serves a genuine published site except where a test rigs an answer.

/// What the rigged server answers for one path.
enum Answer {
    /// The file below the served folder (404 if none).
    File,
    /// These bytes as the whole response, headers included.
    Raw(Vec<u8>),
    /// These bytes, then silence on an open connection.
    Hang(Vec<u8>),
    /// A 200 whose body never ends (with this Content-Length header, if
    /// any); the bytes written are counted.
    Endless(Option<u64>),
}

type Rig = dyn Fn(&str) -> Answer + Send + Sync;

/// A server on 127.0.0.1 that serves `root`, answering each path as the
/// rig says; it records every path asked for and the bytes of endless
/// bodies written.
struct Rigged {
    addr: std::net::SocketAddr,
    asked: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    endless_sent: std::sync::Arc<std::sync::atomic::AtomicU64>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Rigged {
    fn start(root: PathBuf, rig: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Rigged {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::Ordering::SeqCst;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let endless_sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let rig: std::sync::Arc<Rig> = std::sync::Arc::new(rig);
        let (flag, log, sent) = (stop.clone(), asked.clone(), endless_sent.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let (rig, root, log, sent, flag) = (
                    rig.clone(),
                    root.clone(),
                    log.clone(),
                    sent.clone(),
                    flag.clone(),
                );
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() {
                        return;
                    }
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                    }
                    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
                    log.lock().unwrap().push(path.clone());
                    let rel = path.trim_start_matches('/');
                    let resp = match rig(rel) {
                        Answer::File => match (rel.contains(".."), fs::read(root.join(rel))) {
                            (false, Ok(b)) => {
                                let mut r = format!(
                                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                    b.len()
                                )
                                .into_bytes();
                                r.extend(b);
                                r
                            }
                            _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                        },
                        Answer::Raw(b) => b,
                        Answer::Hang(b) => {
                            let _ = stream.write_all(&b);
                            while !flag.load(SeqCst) {
                                std::thread::sleep(std::time::Duration::from_millis(50));
                            }
                            return;
                        }
                        Answer::Endless(length) => {
                            let head = match length {
                                Some(n) => format!("HTTP/1.1 200 OK\r\nContent-Length: {n}\r\n\r\n"),
                                None => "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".into(),
                            };
                            if stream.write_all(head.as_bytes()).is_err() {
                                return;
                            }
                            let chunk = vec![b'7'; 64 << 10];
                            while !flag.load(SeqCst) && stream.write_all(&chunk).is_ok() {
                                sent.fetch_add(chunk.len() as u64, SeqCst);
                            }
                            return;
                        }
                    };
                    let _ = stream.write_all(&resp);
                });
            }
        });
        Rigged {
            addr,
            asked,
            endless_sent,
            stop,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }
}

impl Drop for Rigged {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
    }
}

/// Verifies `url` with nothing remembered; the report and how long it took.
fn verify_rigged(url: &str) -> (Report, std::time::Duration) {
    verify_url(url, std::time::Duration::from_secs(60))
}

/// The path (below the site) of a file of the published log.
fn log_file(rel_to_log: &str) -> String {
    format!("transparency/log/{rel_to_log}")
}

/// The relative paths of the log's tiles below `transparency/log/`, hash
/// tiles and entry bundles.
fn tile_paths(p: &Published) -> (Vec<String>, Vec<String>) {
    let mut hashes = Vec::new();
    let mut bundles = Vec::new();
    for path in snapshot(&p.t().join("log/tile")).into_keys() {
        let rel = format!("tile/{}", path.display());
        if rel.starts_with("tile/entries/") {
            bundles.push(rel);
        } else {
            hashes.push(rel);
        }
    }
    (hashes, bundles)
}

#[test]
fn over_http_a_checkpoint_claiming_two_to_the_63_entries_fails_fast_and_fetches_no_tile() {
    let p = published();
    let cp = fs::read(p.t().join("log/checkpoint")).unwrap();
    let (text, _) = tlog::note::split(&cp).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let huge = format!("{}\n{}\n{}\n", lines[0], 1u64 << 63, lines[2]);
    fs::write(
        p.t().join("log/checkpoint"),
        tlog::note::sign(&huge, &[&p.keys.checkpoint]).unwrap(),
    )
    .unwrap();
    let server = Rigged::start(p.root.clone(), |_| Answer::File);
    let (r, took) = verify_rigged(&server.url());
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    assert!(
        failures(&r).contains("the checkpoint claims 9223372036854775808 entries"),
        "{}",
        failures(&r)
    );
    let asked = server.asked();
    assert!(asked.iter().any(|a| a.ends_with("/log/checkpoint")));
    assert!(
        !asked.iter().any(|a| a.contains("/log/tile/")),
        "fetched tiles: {asked:?}"
    );
}

/// The number of hashes or entries a tile path says it holds.
fn width(tile: &str) -> u64 {
    tile.rsplit_once(".p/")
        .map_or(256, |(_, w)| w.parse().unwrap())
}

#[test]
fn over_http_an_endless_file_of_each_kind_is_refused_by_its_cap() {
    let p = published();
    let (hashes, bundles) = tile_paths(&p);
    let artifact = format!(
        "transparency/{}",
        p.artifact(2).strip_prefix(p.t()).unwrap().display()
    );
    let bundle = format!(
        "transparency/{}",
        p.bundle(2).strip_prefix(p.t()).unwrap().display()
    );
    let cases = [
        (log_file("checkpoint"), 1u64 << 20),
        (log_file(&hashes[0]), 32 * width(&hashes[0])),
        (log_file(&bundles[0]), width(&bundles[0]) * (2 + 65_536)),
        (artifact, 16 << 20),
        (bundle, 16 << 20),
    ];
    for (rigged, cap) in cases {
        for length in [None, Some(1u64 << 40)] {
            let target = rigged.clone();
            let server = Rigged::start(p.root.clone(), move |rel| {
                if rel == target {
                    Answer::Endless(length)
                } else {
                    Answer::File
                }
            });
            let (r, took) = verify_rigged(&server.url());
            let f = failures(&r);
            assert!(!r.passed(), "{rigged}: an endless file verified");
            assert!(
                took < std::time::Duration::from_secs(20),
                "{rigged}: {took:?}"
            );
            assert!(
                f.contains(&format!("larger than {cap} bytes")),
                "{rigged} ({length:?}): {f}"
            );
            // What the server managed to write is the cap plus what the
            // sockets buffer, never the endless rest.
            let sent = server
                .endless_sent
                .load(std::sync::atomic::Ordering::SeqCst);
            assert!(sent < cap + (32 << 20), "{rigged}: {sent} bytes sent");
        }
    }
}

#[test]
fn over_http_a_hash_tile_of_the_wrong_length_is_refused() {
    let p = published();
    let (hashes, _) = tile_paths(&p);
    let rel = log_file(&hashes[0]);
    let good = fs::read(p.root.join(&rel)).unwrap();
    for bad in [
        good[..good.len() - 1].to_vec(),
        good[..good.len() - 32].to_vec(),
        [good.clone(), vec![0u8; 32]].concat(),
    ] {
        let (target, body) = (rel.clone(), bad.clone());
        let server = Rigged::start(p.root.clone(), move |r| {
            if r == target {
                let mut resp = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                resp.extend(&body);
                Answer::Raw(resp)
            } else {
                Answer::File
            }
        });
        let (r, _) = verify_rigged(&server.url());
        assert!(!r.passed(), "a tile of {} bytes verified", bad.len());
        assert!(
            failures(&r).contains(&hashes[0]),
            "{} bytes: {}",
            bad.len(),
            failures(&r)
        );
    }
}

#[test]
fn over_http_index_paths_that_leave_the_log_are_never_fetched() {
    for evil in [
        "../secret.json",
        "artifacts/../../secret.json",
        "/etc/secret.json",
        "artifacts/%2e%2e/%2e%2e/secret.json",
        "artifacts/%2E%2E%2fsecret.json",
        "artifacts/..%2fsecret.json",
        "artifacts/x.json?../../secret.json",
        "http://169.254.169.254/secret.json",
        "//other.example/secret.json",
    ] {
        let p = published();
        let index_file = p.t().join("index.json");
        let mut index: Value = serde_json::from_slice(&fs::read(&index_file).unwrap()).unwrap();
        index["entries"][2]["artifact"] = Value::from(evil);
        index["entries"][3]["bundle"] = Value::from(evil);
        fs::write(&index_file, serde_json::to_vec_pretty(&index).unwrap()).unwrap();
        let server = Rigged::start(p.root.clone(), |_| Answer::File);
        let (r, _) = verify_rigged(&server.url());
        assert!(!r.passed(), "{evil}: verified");
        assert!(
            failures(&r).contains("refusing the path"),
            "{evil}: {}",
            failures(&r)
        );
        let asked = server.asked();
        assert!(
            !asked.iter().any(|a| a.contains("secret")),
            "{evil}: asked for {asked:?}"
        );
    }
}

#[test]
fn over_http_redirects_go_to_the_same_host_only() {
    let p = published();
    // Where a tile redirects to: another host, a cloud metadata address,
    // private and loopback addresses other than the site's, tricks.
    let probe = Rigged::start(p.root.clone(), |_| Answer::File);
    let port = probe.addr.port();
    let (hashes, _) = tile_paths(&p);
    let tile = log_file(&hashes[0]);
    for to in [
        "http://other.example/transparency/log/checkpoint".to_string(),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://[fd00:ec2::254]/latest/meta-data/".to_string(),
        "http://10.0.0.1/".to_string(),
        "http://192.168.1.1/".to_string(),
        format!("http://127.0.0.2:{port}/{tile}"),
        format!("http://localhost:{port}/{tile}"),
        format!("http://127.0.0.1:{port}@169.254.169.254/"),
        format!("https://127.0.0.1:{port}/{tile}"),
        "//169.254.169.254/x".to_string(),
    ] {
        let (target, location) = (tile.clone(), to.clone());
        let server = Rigged::start(p.root.clone(), move |rel| {
            if rel == target {
                Answer::Raw(
                    format!(
                        "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                    .into_bytes(),
                )
            } else {
                Answer::File
            }
        });
        let (r, took) = verify_rigged(&server.url());
        assert!(took < std::time::Duration::from_secs(10), "{to}: {took:?}");
        let f = failures(&r);
        assert!(
            f.contains("redirects to another host") || f.contains("a redirect to another host"),
            "{to}: {f}"
        );
    }
    // The site's own host: followed (a host may move its files).
    let moved = format!("/moved/{tile}");
    let (target, location) = (tile.clone(), moved.clone());
    let server = Rigged::start(p.root.clone(), move |rel| {
        if rel == target {
            Answer::Raw(
                format!(
                    "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                .into_bytes(),
            )
        } else {
            Answer::File
        }
    });
    fs::create_dir_all(p.root.join("moved")).unwrap();
    copy_tree(&p.t(), &p.root.join("moved/transparency"));
    let (r, _) = verify_rigged(&server.url());
    assert!(r.passed(), "{}", failures(&r));
    assert!(server.asked().contains(&format!("/moved/{tile}")));
    drop(probe);
}

#[test]
fn over_http_a_content_length_that_lies_fails_without_hanging() {
    let p = published();
    let (hashes, bundles) = tile_paths(&p);
    let artifact = format!(
        "transparency/{}",
        p.artifact(2).strip_prefix(p.t()).unwrap().display()
    );
    for rel in [
        log_file("checkpoint"),
        log_file(&hashes[0]),
        log_file(&bundles[0]),
        artifact,
    ] {
        let body = fs::read(p.root.join(&rel)).unwrap();
        // Longer than the body (then the connection stays open, silent),
        // shorter than it, and far beyond any cap.
        for claimed in [body.len() as u64 + 100, body.len() as u64 - 1, 1 << 40] {
            let (target, body) = (rel.clone(), body.clone());
            let server = Rigged::start(p.root.clone(), move |r| {
                if r == target {
                    let mut resp = format!("HTTP/1.1 200 OK\r\nContent-Length: {claimed}\r\n\r\n")
                        .into_bytes();
                    resp.extend(&body);
                    Answer::Hang(resp)
                } else {
                    Answer::File
                }
            });
            let src = verify::source_for(&server.url()).unwrap();
            let t = std::time::Instant::now();
            let r = verify::verify(
                src.as_ref(),
                &Options {
                    timeout: Some(std::time::Duration::from_secs(5)),
                    ..Options::default()
                },
            );
            assert!(!r.passed(), "{rel} claiming {claimed}: verified");
            assert!(
                t.elapsed() < std::time::Duration::from_secs(10),
                "{rel} claiming {claimed}: {:?}",
                t.elapsed()
            );
        }
    }
}

#[test]
fn over_http_a_tile_that_changes_between_reads_is_caught() {
    // verify reads entry bundles once to check them against the
    // checkpoint and again, one at a time, to check their entries (it
    // keeps none in memory); a host that serves another bundle the second
    // time is caught, not trusted.
    let p = published();
    let (_, bundles) = tile_paths(&p);
    let rel = log_file(&bundles[0]);
    let good = fs::read(p.root.join(&rel)).unwrap();
    let mut bad = good.clone();
    let at = bad.len() / 2;
    bad[at] ^= 1;
    let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = served.clone();
    let server = Rigged::start(p.root.clone(), move |r| {
        if r != rel {
            return Answer::File;
        }
        let body = match count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
            0 => &good,
            _ => &bad,
        };
        let mut resp = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        resp.extend(body);
        Answer::Raw(resp)
    });
    let (r, _) = verify_rigged(&server.url());
    assert!(
        served.load(std::sync::atomic::Ordering::SeqCst) >= 2,
        "the bundle was read once"
    );
    assert!(
        failures(&r).contains("changed while verify read the log"),
        "{}",
        failures(&r)
    );
}

/// Site policies and key transitions are read before the log is checked,
/// so an index cannot make verify hold or fetch more of them than any
/// log has: past the cap it fails at once, reading none of the extra.
#[test]
fn an_index_cannot_list_more_policies_or_key_transitions_than_a_log_has() {
    for (kind, said) in [
        ("site-policy", "more than 1024 site policies"),
        ("key-transition", "more than 1024 key transitions"),
    ] {
        let p = published();
        let path = p.t().join("index.json");
        let mut index: serde_json::Value =
            serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let entries = index["entries"].as_array_mut().unwrap();
        let first = entries[0].clone();
        let size = entries.len();
        for i in 0..1100 {
            let e = serde_json::json!({
                "index": size + i,
                "kind": kind,
                "sha256": first["sha256"],
                // Each names a file of its own, none of which exists.
                "artifact": format!("artifacts/extra/{i}.json"),
                "bundle": format!("bundles/extra/{i}.sigstore.json"),
            });
            entries.push(e);
        }
        fs::write(&path, serde_json::to_vec(&index).unwrap()).unwrap();
        let t = std::time::Instant::now();
        let r = check(&p.t(), None);
        assert!(t.elapsed() < std::time::Duration::from_secs(10));
        assert!(!r.passed());
        assert!(failures(&r).contains(said), "{kind}: {}", failures(&r));
    }
}
