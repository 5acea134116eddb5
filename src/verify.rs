//! `policypress verify`: checks a published log and everything it seals —
//! the checkpoint's signature, the tiles against its root, every artifact
//! against its log entry, signature and bundle, every inclusion proof, that
//! each relationship's states and each change notice link to what the log
//! sealed before them, and that the log grew from the checkpoint seen last
//! time (so a rewritten, truncated or forked log is caught). Works on a
//! folder or a URL.

use std::sync::Mutex;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::canonical;
use crate::sign;
use crate::tlog::{self, Checkpoint, TileHashReader, TileSource, merkle};
use crate::transparency::{self as tr, Index};

/// Largest file fetched: tiles are 8 KiB, bundles and artifacts small.
const MAX_FILE: u64 = 64 << 20;

/// Where the published files come from; paths are relative to the
/// `transparency/` folder.
pub trait Source: Sync {
    /// The file's bytes, `Ok(None)` when it does not exist.
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String>;
    /// For messages: where the files are.
    fn describe(&self) -> String;
}

/// A `transparency/` folder on disk.
pub struct DirSource(pub PathBuf);

/// Refuses a path (from the untrusted index) that could leave the folder.
fn check_rel(rel: &str) -> Result<(), String> {
    if rel.split('/').any(|c| c == ".." || c.is_empty()) {
        return Err(format!("refusing the path {rel:?}"));
    }
    Ok(())
}

impl Source for DirSource {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        let p = self.0.join(rel);
        match fs::read(&p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("reading {}: {e}", p.display())),
        }
    }

    fn describe(&self) -> String {
        self.0.display().to_string()
    }
}

/// Published files held in memory, keyed by their path below
/// `transparency/`, read with the same path rules as a folder: for tests
/// and the fuzz targets, which drive the whole of [`verify`] without disk.
#[derive(Debug, Clone, Default)]
pub struct MemorySource(pub BTreeMap<String, Vec<u8>>);

impl Source for MemorySource {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        Ok(self.0.get(rel).cloned())
    }

    fn describe(&self) -> String {
        "files in memory".into()
    }
}

/// A published `transparency/` folder on a web server.
pub struct HttpSource {
    base: String,
    agent: ureq::Agent,
}

impl HttpSource {
    /// `base` is the URL of the `transparency/` folder, ending in `/`.
    pub fn new(base: &str) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .max_redirects(5)
            .build()
            .into();
        HttpSource {
            base: base.to_string(),
            agent,
        }
    }
}

impl Source for HttpSource {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        let url = format!("{}{rel}", self.base);
        let mut resp = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| format!("fetching {url}: {e}"))?;
        match resp.status().as_u16() {
            200 => resp
                .body_mut()
                .with_config()
                .limit(MAX_FILE)
                .read_to_vec()
                .map(Some)
                .map_err(|e| format!("reading {url}: {e}")),
            404 | 410 => Ok(None),
            s => Err(format!("fetching {url}: the server answered {s}")),
        }
    }

    fn describe(&self) -> String {
        self.base.clone()
    }
}

/// Tiles read through a [`Source`], each fetched once.
struct Tiles<'a> {
    src: &'a dyn Source,
    cache: Mutex<BTreeMap<String, Option<Vec<u8>>>>,
}

impl TileSource for Tiles<'_> {
    fn read_tile(&self, path: &str) -> tlog::Result<Option<Vec<u8>>> {
        if let Some(b) = self
            .cache
            .lock()
            .expect("bug: a tile reader panicked")
            .get(path)
        {
            return Ok(b.clone());
        }
        let b = self
            .src
            .get(&format!("{}/{path}", tr::LOG_DIR))
            .map_err(tlog::Error::Corrupt)?;
        self.cache
            .lock()
            .expect("bug: a tile reader panicked")
            .insert(path.to_string(), b.clone());
        Ok(b)
    }
}

/// What to trust and compare with.
#[derive(Debug, Default)]
pub struct Options {
    /// Key files given on the command line: a note verifier key or a PEM public key.
    pub keys: Vec<PathBuf>,
    /// A checkpoint seen earlier (note bytes), given on the command line.
    pub checkpoint: Option<PathBuf>,
    /// Where checkpoints and keys seen before are remembered per origin;
    /// `None`: nothing remembered.
    pub state_dir: Option<PathBuf>,
}

/// The outcome: one line per check group, failures counted.
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
    pub failures: Vec<String>,
}

impl Report {
    fn ok(&mut self, s: impl Into<String>) {
        self.lines.push(format!("ok      {}", s.into()));
    }
    fn note(&mut self, s: impl Into<String>) {
        self.lines.push(format!("note    {}", s.into()));
    }
    fn fail(&mut self, s: impl Into<String>) {
        let s = s.into();
        self.lines.push(format!("FAILED  {s}"));
        self.failures.push(s);
    }
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn origin_dir(state: &Path, origin: &str) -> PathBuf {
    state.join("origins").join(sign::safe_name(origin))
}

/// Checks the published files in `src`.
pub fn verify(src: &dyn Source, opts: &Options) -> Report {
    let mut r = Report::default();
    if let Err(e) = run(src, opts, &mut r) {
        r.fail(e);
    }
    r
}

fn need(src: &dyn Source, rel: &str) -> Result<Vec<u8>, String> {
    src.get(rel)?
        .ok_or_else(|| format!("{rel} is missing from {}", src.describe()))
}

fn run(src: &dyn Source, opts: &Options, r: &mut Report) -> Result<(), String> {
    let note_bytes = need(src, &format!("{}/checkpoint", tr::LOG_DIR))?;
    let (text, _) = tlog::note::split(&note_bytes)
        .map_err(|e| format!("the checkpoint is not a signed note: {e}"))?;
    let origin = text.lines().next().unwrap_or_default().to_string();
    let state = opts.state_dir.as_ref().map(|d| origin_dir(d, &origin));
    let remembered = |name: &str| state.as_ref().and_then(|d| fs::read(d.join(name)).ok());

    // Which keys to trust: given, remembered, or the site's own (first use).
    let mut given_vkey = None;
    let mut given_pub = None;
    for k in &opts.keys {
        let text = fs::read_to_string(k).map_err(|e| format!("reading {}: {e}", k.display()))?;
        if text.contains("-----BEGIN") {
            given_pub = Some(
                sign::parse_public_pem(&text).map_err(|why| format!("{} {why}", k.display()))?,
            );
        } else {
            given_vkey = Some(text.trim().to_string());
        }
    }
    let site_vkey = String::from_utf8_lossy(&need(src, sign::VERIFIER_KEY_FILE)?)
        .trim()
        .to_string();
    let site_pub =
        sign::parse_public_pem(&String::from_utf8_lossy(&need(src, sign::PUBLIC_KEY_FILE)?))
            .map_err(|why| format!("{} {why}", sign::PUBLIC_KEY_FILE))?;
    let mut first_use = Vec::new();
    let vkey = match (given_vkey, remembered(sign::VERIFIER_KEY_FILE)) {
        (Some(k), _) => k,
        (None, Some(k)) => String::from_utf8_lossy(&k).trim().to_string(),
        (None, None) => {
            first_use.push("the log's checkpoint key");
            site_vkey.clone()
        }
    };
    let public_der = match (given_pub, remembered(sign::PUBLIC_KEY_FILE)) {
        (Some(k), _) => k,
        (None, Some(k)) => sign::parse_public_pem(&String::from_utf8_lossy(&k))
            .map_err(|why| format!("the remembered publisher key {why}"))?,
        (None, None) => {
            first_use.push("the publisher's artifact key");
            site_pub.clone()
        }
    };
    if !first_use.is_empty() {
        r.note(format!(
            "trusting on first use {} as published by the site; pass --key to check against a key you obtained separately",
            first_use.join(" and ")
        ));
    }
    if site_vkey != vkey {
        r.fail(format!(
            "the site's {} is not the trusted checkpoint key: the key file was swapped",
            sign::VERIFIER_KEY_FILE
        ));
    }
    if site_pub != public_der {
        r.fail(format!(
            "the site's {} is not the trusted publisher key: the key file was swapped",
            sign::PUBLIC_KEY_FILE
        ));
    }
    let verifier = tlog::Verifier::parse(&vkey).map_err(|e| format!("the checkpoint key: {e}"))?;
    if verifier.name() != origin {
        return Err(format!(
            "the checkpoint names the log {origin:?}, the trusted key belongs to {:?}",
            verifier.name()
        ));
    }
    let cp = tlog::verify_checkpoint(&note_bytes, &origin, std::slice::from_ref(&verifier))
        .map_err(|e| {
            format!("the checkpoint's signature does not verify with the trusted key: {e}")
        })?;
    r.ok(format!(
        "checkpoint of {origin}: {} entries, signed by {}",
        cp.size,
        verifier.to_key_string()
    ));

    let tiles = Tiles {
        src,
        cache: Mutex::new(BTreeMap::new()),
    };
    tlog::audit_tiles(&tiles, &cp)
        .map_err(|e| format!("the tiles do not match the checkpoint: {e}"))?;
    r.ok("every tile recomputes to the checkpoint's root");
    let leaves =
        tr::read_all_entries(&tiles, cp.size).map_err(|e| format!("reading log entries: {e}"))?;

    let mut index: Index = serde_json::from_slice(&need(src, tr::INDEX_FILE)?)
        .map_err(|e| format!("{} is unreadable: {e}", tr::INDEX_FILE))?;
    // A publish that died after its checkpoint, before renaming its index,
    // left the index that matches the checkpoint beside the old one.
    if (index.entries.len() as u64) < cp.size
        && let Ok(Some(bytes)) = src.get(tr::PENDING_INDEX_FILE)
        && let Ok(pending) = serde_json::from_slice::<Index>(&bytes)
        && pending.entries.len() as u64 == cp.size
    {
        r.note(format!(
            "{} is behind the checkpoint; {} (left by a publish that was interrupted) matches it and is used",
            tr::INDEX_FILE,
            tr::PENDING_INDEX_FILE
        ));
        index = pending;
    }
    if index.schema != tr::INDEX_SCHEMA {
        r.fail(format!(
            "{} has the schema {:?}, not {}",
            tr::INDEX_FILE,
            index.schema,
            tr::INDEX_SCHEMA
        ));
    }
    if index.origin != origin {
        r.fail(format!(
            "{} is for another log ({:?})",
            tr::INDEX_FILE,
            index.origin
        ));
    }
    if index.entries.len() as u64 > cp.size {
        r.fail(format!(
            "{} lists {} entries but the log has {}: entries {}.. are not in the log",
            tr::INDEX_FILE,
            index.entries.len(),
            cp.size,
            cp.size
        ));
    } else if (index.entries.len() as u64) < cp.size {
        r.fail(format!(
            "{} lists {} entries but the log has {}: some log entries are unaccounted for",
            tr::INDEX_FILE,
            index.entries.len(),
            cp.size
        ));
    }
    let log_id = tr::log_id(&verifier);
    let hint = sign::key_hint(&public_der);
    let roots: Mutex<BTreeMap<u64, merkle::Hash>> = Mutex::new(BTreeMap::new());
    let key = sign::P256Key::from_der(&public_der);
    let n = index.entries.len().min(leaves.len());
    // Entries are independent: check them in parallel, report in order.
    let outcomes: Vec<(Report, Option<Link>)> = index.entries[..n]
        .par_iter()
        .enumerate()
        // Each thread its own hash reader (it caches decoded tiles); the
        // tile bytes are fetched once for all.
        .map_init(
            || TileHashReader::new(&tiles, cp.size),
            |reader, (i, e)| {
                let mut out = Report::default();
                let label = format!("#{i} {}", e.artifact);
                let link = if e.index != i as u64 {
                    fail(
                        &mut out,
                        format!("{label}: the index numbers it {}", e.index),
                    )
                } else {
                    check_entry(
                        src, e, &leaves[i], &key, &hint, &log_id, &verifier, &cp, reader, &roots,
                        &label, &mut out,
                    )
                };
                (out, link)
            },
        )
        .collect();
    let mut checked = 0;
    let mut sealed: Vec<Option<&str>> = Vec::with_capacity(n);
    let mut links = Vec::new();
    for (i, (o, link)) in outcomes.into_iter().enumerate() {
        if o.passed() {
            checked += 1;
        }
        sealed.push(o.passed().then_some(index.entries[i].sha256.as_str()));
        links.extend(link.map(|l| (i, l)));
        r.lines.extend(o.lines);
        r.failures.extend(o.failures);
    }
    if checked > 0 {
        r.ok(format!(
            "{checked} of {} entries: artifact digest, P-256 signature, bundle and inclusion proof",
            cp.size
        ));
    }
    check_links(&index.entries[..n], &sealed, &links, r);

    // Consistency with a checkpoint seen before.
    let old = match (&opts.checkpoint, remembered("checkpoint")) {
        (Some(f), _) => Some((
            fs::read(f).map_err(|e| format!("reading {}: {e}", f.display()))?,
            f.display().to_string(),
        )),
        (None, Some(b)) => Some((
            b,
            "the checkpoint remembered from the last verify".to_string(),
        )),
        (None, None) => None,
    };
    match &old {
        None => {
            r.note("no earlier checkpoint to compare with; this one is remembered for next time")
        }
        Some((bytes, what)) => {
            match tlog::verify_checkpoint(bytes, &origin, std::slice::from_ref(&verifier)) {
                Err(e) => r.fail(format!("{what} is not a checkpoint of this log: {e}")),
                Ok(old_cp) => consistency(&tiles, &old_cp, &cp, what, r),
            }
        }
    }

    if r.passed()
        && let Some(dir) = &state
    {
        let grew = old.as_ref().is_none_or(|(b, _)| {
            tlog::note::split(b)
                .ok()
                .and_then(|(t, _)| Checkpoint::parse(t).ok())
                .is_none_or(|o| o.size <= cp.size)
        });
        let saved = fs::create_dir_all(dir).and_then(|()| {
            if grew {
                fs::write(dir.join("checkpoint"), &note_bytes)?;
            }
            fs::write(dir.join(sign::VERIFIER_KEY_FILE), format!("{vkey}\n"))?;
            fs::write(
                dir.join(sign::PUBLIC_KEY_FILE),
                sign::public_pem(&public_der),
            )
        });
        match saved {
            Ok(()) => r.note(format!(
                "remembered this checkpoint and the keys in {}",
                dir.display()
            )),
            Err(e) => r.note(format!(
                "could not remember the checkpoint in {}: {e}",
                dir.display()
            )),
        }
    }
    Ok(())
}

fn consistency(tiles: &Tiles, old: &Checkpoint, new: &Checkpoint, what: &str, r: &mut Report) {
    if old.size > new.size {
        r.fail(format!(
            "the log was rolled back: {what} has {} entries, the log now {}",
            old.size, new.size
        ));
    } else if old.size == new.size && old.root != new.root {
        r.fail(format!(
            "the log was forked or rewritten: {what} has the same size ({}) but another root",
            old.size
        ));
    } else {
        match tlog::verify_consistency(tiles, old, new) {
            Ok(()) => r.ok(format!(
                "the log grew from {what} ({} entries) without changing any of them",
                old.size
            )),
            Err(e) => r.fail(format!(
                "the log was rewritten: it is not an extension of {what} ({} entries): {e}",
                old.size
            )),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_entry(
    src: &dyn Source,
    e: &tr::IndexEntry,
    leaf: &[u8],
    key: &Result<sign::P256Key, String>,
    hint: &str,
    log_id: &[u8; 32],
    verifier: &tlog::Verifier,
    cp: &Checkpoint,
    reader: &TileHashReader<&Tiles>,
    roots: &Mutex<BTreeMap<u64, merkle::Hash>>,
    label: &str,
    r: &mut Report,
) -> Option<Link> {
    let i = e.index;
    let entry = match tr::parse_entry(leaf) {
        Ok(x) => x,
        Err(why) => return fail(r, format!("{label}: the log entry {why}")),
    };
    let artifact = match src.get(&e.artifact) {
        Ok(Some(b)) => b,
        Ok(None) => return fail(r, format!("{label}: the artifact is missing")),
        Err(err) => return fail(r, format!("{label}: {err}")),
    };
    let digest = sha2::Sha256::digest_bytes(&artifact);
    if digest != entry.digest {
        return fail(
            r,
            format!("{label}: the artifact was changed: its SHA-256 is not the one in the log"),
        );
    }
    if e.sha256 != sign::hex(&digest) {
        r.fail(format!(
            "{label}: the index gives another digest than the log"
        ));
    }
    let key = match key {
        Ok(k) => k,
        Err(why) => return fail(r, format!("{label}: the publisher key {why}")),
    };
    if entry.public_der != key.der() {
        return fail(
            r,
            format!("{label}: the log entry names another signing key"),
        );
    }
    if !key.verify(&artifact, &entry.signature) {
        return fail(
            r,
            format!("{label}: the signature does not verify with the publisher's key"),
        );
    }
    if !canonical::is_canonical(&artifact) {
        r.fail(format!(
            "{label}: the artifact is not canonical JSON (RFC 8785)"
        ));
    } else if let Err(why) = artifact_matches(e, &artifact) {
        r.fail(format!("{label}: {why}"));
    }
    let bundle_bytes = match src.get(&e.bundle) {
        Ok(Some(b)) => b,
        Ok(None) => return fail(r, format!("{label}: the bundle {} is missing", e.bundle)),
        Err(err) => return fail(r, format!("{label}: {err}")),
    };
    if let Err(why) = check_bundle(
        &bundle_bytes,
        &entry,
        leaf,
        i,
        hint,
        log_id,
        verifier,
        cp,
        reader,
        roots,
    ) {
        r.fail(format!("{label}: bundle {}: {why}", e.bundle));
    }
    if !r.passed() {
        return None;
    }
    match Link::read(e, &artifact) {
        Ok(link) => link,
        Err(why) => fail(r, format!("{label}: {why}")),
    }
}

/// Records a failure of an entry; nothing of it is linked.
fn fail(r: &mut Report, why: String) -> Option<Link> {
    r.fail(why);
    None
}

/// What a relationship state or a change notice says about other entries
/// of the log, read from its artifact once the entry itself verified.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Link {
    /// A state of a relationship: `previous` is the SHA-256 of the state
    /// it replaces, absent for the first.
    State {
        relationship: String,
        state: u64,
        previous: Option<String>,
    },
    /// A change notice: the sealed versions it goes from and to, by number
    /// and SHA-256.
    Notice {
        document: String,
        previous: (String, String),
        new: (String, String),
    },
}

impl Link {
    /// `None` for a version, which links to nothing. The error completes
    /// "#i artifact: …".
    fn read(e: &tr::IndexEntry, artifact: &[u8]) -> Result<Option<Link>, String> {
        let v: Value =
            serde_json::from_slice(artifact).map_err(|_| "the artifact is not JSON".to_string())?;
        let text = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
        let need = |p: &str| text(p).ok_or_else(|| format!("the artifact has no text at {p}"));
        match e.kind.as_str() {
            "relationship" => Ok(Some(Link::State {
                relationship: need("/relationship")?,
                state: e.state.unwrap_or(0),
                previous: match v.get("previous") {
                    None => None,
                    Some(Value::String(p)) => Some(p.clone()),
                    Some(_) => return Err("its `previous` is not a SHA-256".into()),
                },
            })),
            "change-notice" => Ok(Some(Link::Notice {
                document: need("/document")?,
                previous: (need("/previous/version")?, need("/previous/sha256")?),
                new: (need("/new/version")?, need("/new/sha256")?),
            })),
            _ => Ok(None),
        }
    }
}

/// Checks what entries say about each other: each relationship's states are
/// numbered 1, 2, … in log order, and each names the SHA-256 of the state
/// before it (the first none); each change notice announces a version the
/// log sealed before it, by its SHA-256, and replaces the version it names
/// by that version's SHA-256 when the log seals it. `links` holds, by log
/// index, what each verified relationship state and notice says; `sealed`
/// the SHA-256 of every verified entry.
fn check_links(
    entries: &[tr::IndexEntry],
    sealed: &[Option<&str>],
    links: &[(usize, Link)],
    r: &mut Report,
) {
    let mut versions: BTreeMap<(&str, &str), (usize, &str)> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let (Some(digest), "version", Some(d), Some(v)) =
            (sealed[i], e.kind.as_str(), &e.document, &e.version)
        {
            versions
                .entry((d.as_str(), v.as_str()))
                .or_insert((i, digest));
        }
    }
    let failures = r.failures.len();
    // relationship → (its last state's number, log index and SHA-256)
    let mut last: BTreeMap<&str, (u64, usize, &str)> = BTreeMap::new();
    for (i, link) in links {
        let (i, label) = (*i, format!("#{i} {}", entries[*i].artifact));
        match link {
            Link::State {
                relationship,
                state,
                previous,
            } => {
                let before = last.get(relationship.as_str()).copied();
                let expected = before.map_or(1, |(n, _, _)| n + 1);
                if *state != expected {
                    r.fail(format!(
                        "{label}: relationship {relationship:?} state {state} follows {}",
                        before.map_or("nothing".to_string(), |(n, j, _)| format!(
                            "state {n} (#{j})"
                        ))
                    ));
                }
                match (before, previous) {
                    (None, None) => {}
                    (None, Some(_)) => r.fail(format!(
                        "{label}: the first state of relationship {relationship:?} names a state before it"
                    )),
                    (Some((n, j, _)), None) => r.fail(format!(
                        "{label}: relationship {relationship:?} does not name the state it replaces (state {n}, #{j})"
                    )),
                    (Some((n, j, digest)), Some(p)) if p != digest => r.fail(format!(
                        "{label}: relationship {relationship:?} names another state before it than state {n} (#{j}): its history was changed"
                    )),
                    (Some(_), Some(_)) => {}
                }
                if let Some(digest) = sealed[i] {
                    last.insert(relationship.as_str(), (*state, i, digest));
                }
            }
            Link::Notice {
                document,
                previous,
                new,
            } => {
                match versions.get(&(document.as_str(), new.0.as_str())) {
                    Some(&(j, digest)) if j < i && digest == new.1 => {}
                    Some(&(j, _)) if j < i => r.fail(format!(
                        "{label}: the notice announces another text of version {} than the log sealed (#{j})",
                        new.0
                    )),
                    _ => r.fail(format!(
                        "{label}: the notice announces version {} of {document:?}, which the log does not seal before it",
                        new.0
                    )),
                }
                if let Some(&(j, digest)) = versions.get(&(document.as_str(), previous.0.as_str()))
                    && digest != previous.1
                {
                    r.fail(format!(
                        "{label}: the notice replaces another text of version {} than the log sealed (#{j})",
                        previous.0
                    ));
                }
            }
        }
    }
    if !links.is_empty() && r.failures.len() == failures {
        r.ok("relationship histories and change notices link to what the log seals");
    }
}

/// Whether the artifact is what the index says it seals: its `type`
/// matches the entry's kind, and its document and version, or its
/// relationship, are the ones the index names. (Pages and the API show the
/// index's labels; a relabelled entry would pass off one sealed text as
/// another.) The error completes "#i artifact: …".
fn artifact_matches(e: &tr::IndexEntry, artifact: &[u8]) -> Result<(), String> {
    let v: Value =
        serde_json::from_slice(artifact).map_err(|_| "the artifact is not JSON".to_string())?;
    let text = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    let (kind, document, version, relationship) = match text("/type").as_deref() {
        Some(tr::VERSION_TYPE) => ("version", text("/document"), text("/version"), None),
        Some(tr::NOTICE_TYPE) => (
            "change-notice",
            text("/document"),
            text("/new/version"),
            None,
        ),
        Some(tr::RELATIONSHIP_TYPE) => ("relationship", None, None, text("/relationship")),
        other => {
            return Err(format!(
                "the artifact has an unknown type {}",
                other.map_or("(none)".to_string(), |t| format!("{t:?}"))
            ));
        }
    };
    let said = (e.kind.as_str(), &e.document, &e.version, &e.relationship);
    let is = (kind, &document, &version, &relationship);
    if said != is {
        return Err(format!(
            "the index says it seals {}, but the artifact is {}",
            describe_entry(said),
            describe_entry(is)
        ));
    }
    match (kind, e.state) {
        ("relationship", Some(n)) if n >= 1 => Ok(()),
        ("relationship", _) => Err("the index numbers no state of the relationship".into()),
        (_, None) => Ok(()),
        (_, Some(_)) => Err(format!("the index gives a {kind} a relationship state")),
    }
}

/// "version \"2.0\" of document \"x\"", and any field that does not belong.
fn describe_entry(
    (kind, document, version, relationship): (
        &str,
        &Option<String>,
        &Option<String>,
        &Option<String>,
    ),
) -> String {
    let q = |x: &Option<String>| x.as_deref().map_or("(none)".into(), |s| format!("{s:?}"));
    // The description, and which of the three fields it already names.
    let (mut s, named): (String, &[&str]) = match kind {
        "version" => (
            format!("version {} of document {}", q(version), q(document)),
            &["document", "version"],
        ),
        "change-notice" => (
            format!(
                "the change notice of version {} of document {}",
                q(version),
                q(document)
            ),
            &["document", "version"],
        ),
        "relationship" => (
            format!("a state of relationship {}", q(relationship)),
            &["relationship"],
        ),
        other => (format!("an entry of kind {other:?}"), &[]),
    };
    for (name, x) in [
        ("document", document),
        ("version", version),
        ("relationship", relationship),
    ] {
        if !named.contains(&name) && x.is_some() {
            s.push_str(&format!(" (and {name} {})", q(x)));
        }
    }
    s
}

trait DigestBytes {
    fn digest_bytes(b: &[u8]) -> [u8; 32];
}

impl DigestBytes for sha2::Sha256 {
    fn digest_bytes(b: &[u8]) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(b).into()
    }
}

#[allow(clippy::too_many_arguments)]
fn check_bundle(
    bytes: &[u8],
    entry: &tr::LogEntry,
    leaf: &[u8],
    index: u64,
    hint: &str,
    log_id: &[u8; 32],
    verifier: &tlog::Verifier,
    cp: &Checkpoint,
    reader: &TileHashReader<&Tiles>,
    roots: &Mutex<BTreeMap<u64, merkle::Hash>>,
) -> Result<(), String> {
    let b = tr::Bundle::parse(bytes)?;
    if b.digest != entry.digest {
        return Err("its message digest is not the artifact's".into());
    }
    if b.signature != entry.signature {
        return Err("its signature is not the one in the log".into());
    }
    if b.key_hint != hint {
        return Err("its key hint names another key".into());
    }
    if b.log_index != index {
        return Err(format!("its log index is not {index}"));
    }
    if b.log_id != *log_id {
        return Err("its log ID is not this log's".into());
    }
    if b.body != leaf {
        return Err("its log entry body is not the entry in the log".into());
    }
    let (size, root) = (b.tree_size, b.root);
    if size > cp.size || index >= size {
        return Err(format!(
            "its proof is for a tree of {size} entries, which the log does not have"
        ));
    }
    let bcp = tlog::verify_checkpoint(
        b.checkpoint_note.as_bytes(),
        verifier.name(),
        std::slice::from_ref(verifier),
    )
    .map_err(|e| format!("its checkpoint does not verify: {e}"))?;
    if bcp.size != size || bcp.root != root {
        return Err("its checkpoint is not the tree its proof is for".into());
    }
    let known = roots
        .lock()
        .expect("bug: a verifying thread panicked")
        .get(&size)
        .copied();
    let log_root = match known {
        Some(h) => h,
        None => {
            let h = merkle::tree_root(reader, size).map_err(|e| e.to_string())?;
            roots
                .lock()
                .expect("bug: a verifying thread panicked")
                .insert(size, h);
            h
        }
    };
    if log_root != root {
        return Err(format!(
            "its checkpoint (size {size}) is not a state of this log: the log was rewritten or forked"
        ));
    }
    merkle::verify_inclusion(&tlog::leaf_hash(leaf), index, size, &b.proof, &root)
        .map_err(|e| format!("its inclusion proof fails: {e}"))
}

/// The source for a command-line target: a URL, a built site folder (with
/// `transparency/`), a site folder, or a `transparency/` folder itself.
pub fn source_for(target: &str) -> Result<Box<dyn Source>, String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        let mut base = target.to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        if !base.ends_with("/transparency/") {
            base.push_str("transparency/");
        }
        return Ok(Box::new(HttpSource::new(&base)));
    }
    let p = PathBuf::from(target);
    if p.join(tr::DIR).join(tr::LOG_DIR).is_dir() {
        Ok(Box::new(DirSource(p.join(tr::DIR))))
    } else if p.join(tr::LOG_DIR).is_dir() {
        Ok(Box::new(DirSource(p)))
    } else {
        Err(format!(
            "{target} has no transparency log (no transparency/log/ folder)"
        ))
    }
}

/// Runs `policypress verify`; the exit status.
pub fn cmd_verify(target: &str, checkpoint: Option<&Path>, keys: &[PathBuf]) -> i32 {
    let src = match source_for(target) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: {e}\n  = hint: give a built site folder (public/), a site folder or its URL"
            );
            return 1;
        }
    };
    let opts = Options {
        keys: keys.to_vec(),
        checkpoint: checkpoint.map(Path::to_path_buf),
        state_dir: sign::default_state_dir(),
    };
    println!("Verifying {}", src.describe());
    let report = verify(src.as_ref(), &opts);
    for l in &report.lines {
        println!("{l}");
    }
    if report.passed() {
        println!("Verified: every signature, inclusion proof and the log's history check out.");
        0
    } else {
        println!(
            "Verification FAILED: {} problem{} found.",
            report.failures.len(),
            if report.failures.len() == 1 { "" } else { "s" }
        );
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, doc: Option<&str>, v: Option<&str>, rel: Option<&str>) -> tr::IndexEntry {
        tr::IndexEntry {
            index: 0,
            kind: kind.into(),
            document: doc.map(Into::into),
            version: v.map(Into::into),
            relationship: rel.map(Into::into),
            state: rel.map(|_| 1),
            sha256: String::new(),
            artifact: String::new(),
            bundle: String::new(),
        }
    }

    fn sealed_as(
        kind: &str,
        doc: Option<&str>,
        v: Option<&str>,
        rel: Option<&str>,
        state: Option<u64>,
        sha: &str,
    ) -> tr::IndexEntry {
        tr::IndexEntry {
            state,
            sha256: sha.into(),
            artifact: format!("artifacts/{sha}.json"),
            ..entry(kind, doc, v, rel)
        }
    }

    fn state(rel: &str, n: u64, previous: Option<&str>) -> Link {
        Link::State {
            relationship: rel.into(),
            state: n,
            previous: previous.map(Into::into),
        }
    }

    fn notice(doc: &str, from: (&str, &str), to: (&str, &str)) -> Link {
        Link::Notice {
            document: doc.into(),
            previous: (from.0.into(), from.1.into()),
            new: (to.0.into(), to.1.into()),
        }
    }

    /// Checks `links` over a log of three versions of "p", two states of
    /// "duo" and a notice; returns the failures.
    fn failures_of(links: &[(usize, Link)], entries: &[tr::IndexEntry]) -> Vec<String> {
        let sealed: Vec<Option<&str>> = entries.iter().map(|e| Some(e.sha256.as_str())).collect();
        let mut r = Report::default();
        check_links(entries, &sealed, links, &mut r);
        if r.passed() {
            assert!(r.lines.iter().any(|l| l.starts_with("ok")), "{:?}", r.lines);
        }
        r.failures
    }

    #[test]
    fn relationship_histories_and_notices_must_link() {
        let log = vec![
            sealed_as("version", Some("p"), Some("1.0"), None, None, "v1"),
            sealed_as("version", Some("p"), Some("2.0"), None, None, "v2"),
            sealed_as("change-notice", Some("p"), Some("2.0"), None, None, "n2"),
            sealed_as("relationship", None, None, Some("duo"), Some(1), "d1"),
            sealed_as("relationship", None, None, Some("duo"), Some(2), "d2"),
        ];
        let good = vec![
            (2, notice("p", ("1.0", "v1"), ("2.0", "v2"))),
            (3, state("duo", 1, None)),
            (4, state("duo", 2, Some("d1"))),
        ];
        assert_eq!(failures_of(&good, &log), Vec::<String>::new());

        for (i, link, why) in [
            (
                4,
                state("duo", 2, Some("d0")),
                "names another state before it than state 1 (#3): its history was changed",
            ),
            (
                4,
                state("duo", 2, None),
                "does not name the state it replaces (state 1, #3)",
            ),
            (
                3,
                state("duo", 1, Some("d0")),
                "the first state of relationship \"duo\" names a state before it",
            ),
            (
                4,
                state("duo", 3, Some("d1")),
                "state 3 follows state 1 (#3)",
            ),
            (
                2,
                notice("p", ("1.0", "v1"), ("2.0", "v9")),
                "announces another text of version 2.0 than the log sealed (#1)",
            ),
            (
                2,
                notice("p", ("1.0", "v9"), ("2.0", "v2")),
                "replaces another text of version 1.0 than the log sealed (#0)",
            ),
            (
                2,
                notice("p", ("1.0", "v1"), ("3.0", "v3")),
                "announces version 3.0 of \"p\", which the log does not seal before it",
            ),
        ] {
            let mut links = good.clone();
            links.iter_mut().find(|(j, _)| *j == i).unwrap().1 = link;
            let got = failures_of(&links, &log);
            assert!(got.len() == 1 && got[0].contains(why), "{why}: {got:?}");
        }

        // A notice before the version it announces does not count.
        let mut late = log.clone();
        late.swap(1, 2);
        let got = failures_of(&[(1, notice("p", ("1.0", "v1"), ("2.0", "v2")))], &late);
        assert!(got[0].contains("does not seal before it"), "{got:?}");
        // The version it replaces need not be sealed (it may not be published yet).
        assert!(failures_of(&[(2, notice("p", ("0.9", "v0"), ("2.0", "v2")))], &log).is_empty());
    }

    /// An index entry must name what its artifact is; a relabelled entry
    /// says what the index claims and what the artifact is.
    #[test]
    fn artifacts_must_be_what_the_index_labels_them() {
        let version = br#"{"document":"p","type":"policypress.version/v1","version":"2.0"}"#;
        let notice =
            br#"{"document":"p","new":{"version":"2.0"},"type":"policypress.change-notice/v1"}"#;
        let rel = br#"{"relationship":"duo","type":"policypress.relationship/v1"}"#;
        assert_eq!(
            artifact_matches(&entry("version", Some("p"), Some("2.0"), None), version),
            Ok(())
        );
        assert_eq!(
            artifact_matches(
                &entry("change-notice", Some("p"), Some("2.0"), None),
                notice
            ),
            Ok(())
        );
        assert_eq!(
            artifact_matches(&entry("relationship", None, None, Some("duo")), rel),
            Ok(())
        );
        for (e, artifact, why) in [
            (
                entry("version", Some("p"), Some("1.0"), None),
                &version[..],
                "the index says it seals version \"1.0\" of document \"p\", but the artifact is version \"2.0\" of document \"p\"",
            ),
            (
                entry("version", Some("p"), Some("2.0"), None),
                &notice[..],
                "but the artifact is the change notice of version \"2.0\"",
            ),
            (
                entry("version", Some("p"), Some("2.0"), Some("duo")),
                &version[..],
                "version \"2.0\" of document \"p\" (and relationship \"duo\")",
            ),
            (
                entry("relationship", None, None, Some("ggd")),
                &rel[..],
                "a state of relationship \"ggd\"",
            ),
            (
                entry("version", Some("p"), Some("2.0"), None),
                &br#"{"type":"policypress.other/v1"}"#[..],
                "unknown type \"policypress.other/v1\"",
            ),
        ] {
            let got = artifact_matches(&e, artifact).unwrap_err();
            assert!(got.contains(why), "{got}");
        }
        let mut unnumbered = entry("relationship", None, None, Some("duo"));
        unnumbered.state = Some(0);
        assert!(artifact_matches(&unnumbered, rel).is_err());
        let mut numbered = entry("version", Some("p"), Some("2.0"), None);
        numbered.state = Some(1);
        assert!(artifact_matches(&numbered, version).is_err());
    }
}
