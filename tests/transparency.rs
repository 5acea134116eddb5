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
use common::copy_dir;

const ORIGIN: &str = "privacy.waterlinie.example/log";

struct Keys {
    artifact: ArtifactKey,
    checkpoint: Signer,
}

/// A copy of the example site with a log origin and fresh keys (the public
/// halves in transparency/, as keygen leaves them).
fn example_site() -> (tempfile::TempDir, Keys) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.path().join("content"),
    );
    let toml = dir.path().join("content/site.toml");
    let mut s = fs::read_to_string(&toml).unwrap();
    s.push_str(&format!("\n[transparency]\norigin = \"{ORIGIN}\"\n"));
    fs::write(&toml, s).unwrap();
    let keys = Keys {
        artifact: ArtifactKey::generate().unwrap(),
        checkpoint: Signer::generate(ORIGIN).unwrap(),
    };
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
            keys: vec![],
            checkpoint: None,
            state_dir: state.map(Path::to_path_buf),
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
    // 7 versions, 3 change notices, 7 relationships.
    assert_eq!(n, 17);
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
    assert_eq!(proof["treeSize"], "17");
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
    let last = &index["entries"][18];
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
    flip_byte(&p.t().join("log/tile/0/000.p/17"), 100);
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
    assert!(p.failures().contains("the log was rolled back: the checkpoint remembered from the last verify has 18 entries, the log now 17"), "{}", p.failures());
}

#[test]
fn tamper_forked_log_of_the_same_size() {
    let p = published();
    let base = snapshot(&p.t());
    add_version(&p.root, "2.2", "Tekst A.");
    publish(&p.root, &p.keys);
    assert!(check(&p.t(), Some(p.state.path())).passed());
    // Same keys, same size, another 18th entry: a fork.
    restore(&p.t(), base);
    add_version(&p.root, "2.2", "Tekst B.");
    publish(&p.root, &p.keys);
    assert!(p.failures().contains("the log was forked or rewritten: the checkpoint remembered from the last verify has the same size (18) but another root"), "{}", p.failures());
}

#[test]
fn tamper_missing_tile() {
    let p = published();
    fs::remove_file(p.t().join("log/tile/entries/000.p/17")).unwrap();
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
    let mut extra = index["entries"][16].clone();
    extra["index"] = 17.into();
    index["entries"].as_array_mut().unwrap().push(extra);
    fs::write(&f, serde_json::to_vec(&index).unwrap()).unwrap();
    assert!(
        p.failures().contains(
            "index.json lists 18 entries but the log has 17: entries 17.. are not in the log"
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
