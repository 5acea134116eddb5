//! `policypress verify`: checks a published log and everything it seals —
//! the checkpoint's signature, the tiles against its root, every artifact
//! against its log entry, signature and bundle, every inclusion proof —
//! that the log holds one truth per version (what each entry seals is read
//! from its signed artifact: one text per version, one notice per version,
//! one state of each number per relationship, no artifact twice, no
//! version back-dated), that each relationship's states and each change
//! notice link to what the log sealed before them, that the pages and API
//! of a built site show each sealed version as sealed, and that the log
//! grew from the checkpoint seen last time (so a rewritten, truncated or
//! forked log is caught). Works on a folder or a URL; reports for people
//! or as JSON.

mod cross;
mod html;
mod index;
mod pages;
pub mod proof;
mod spill;
pub mod state;
mod time;

use std::sync::Mutex;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::canonical;
use crate::sign;
use crate::tlog::{self, Checkpoint, TileHashReader, TileSource, merkle};
use crate::transparency::{self as tr, Artifact};

pub use pages::check_page;

/// Largest file fetched: tiles are 8 KiB, bundles and artifacts small.
const MAX_FILE: u64 = 64 << 20;
/// Largest checkpoint read.
const MAX_CHECKPOINT: u64 = 1 << 20;
/// Largest artifact or bundle read (and sealed by `publish`).
pub const MAX_ARTIFACT: u64 = 16 << 20;
/// The largest log verified unless `--max-entries` says otherwise.
pub const DEFAULT_MAX_ENTRIES: u64 = 10_000_000;
/// How long a whole verify may take unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// The most bytes a published file of this kind may have (by its path
/// below `transparency/`): a checkpoint 1 MiB, a hash tile 32 bytes per
/// hash, an entry bundle 2 + 64 KiB per entry, an artifact or bundle
/// 16 MiB; the index, which is streamed, none of its own (see `index`);
/// anything else (pages) [`MAX_FILE`].
fn cap_for(rel: &str) -> u64 {
    let w = tlog::tiles::TILE_WIDTH;
    let width = || {
        rel.rsplit_once(".p/")
            .and_then(|(_, n)| n.parse::<u64>().ok())
            .filter(|n| (1..w).contains(n))
            .unwrap_or(w)
    };
    if rel == format!("{}/checkpoint", tr::LOG_DIR) {
        MAX_CHECKPOINT
    } else if rel.starts_with(&format!("{}/tile/entries/", tr::LOG_DIR)) {
        width() * (2 + 65_536)
    } else if rel.starts_with(&format!("{}/tile/", tr::LOG_DIR)) {
        32 * width()
    } else if rel.starts_with("artifacts/") || rel.starts_with("bundles/") {
        MAX_ARTIFACT
    } else if rel == tr::INDEX_FILE || rel == tr::PENDING_INDEX_FILE {
        // Streamed, never held: bounded per entry and by the number of
        // entries verify reads (see `index`).
        u64::MAX
    } else {
        MAX_FILE
    }
}
/// Largest key file given on the command line.
const MAX_KEY_FILE: u64 = 64 << 10;

/// Where the published files come from; paths are relative to the
/// `transparency/` folder.
pub trait Source: Sync {
    /// The file's bytes, `Ok(None)` when it does not exist.
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String>;
    /// A file of the built site around the log (pages, the API), by its
    /// path from the site's root; `Ok(None)` when it does not exist, or
    /// when there is no site around the log.
    fn get_site(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        let _ = rel;
        Ok(None)
    }
    /// The file as a stream, for a file too large to hold (the index);
    /// `Ok(None)` when it does not exist. Read errors name the file.
    fn open(&self, rel: &str) -> Result<Option<Box<dyn std::io::Read + '_>>, String> {
        Ok(self
            .get(rel)?
            .map(|b| Box::new(std::io::Cursor::new(b)) as Box<dyn std::io::Read>))
    }
    /// For messages: where the files are.
    fn describe(&self) -> String;
    /// The site as asked for, by which its state is remembered: the URL
    /// without query, or the folder's real path.
    fn site(&self) -> String {
        self.describe()
    }
    /// The time by which every fetch must have ended.
    fn set_deadline(&self, until: Instant) {
        let _ = until;
    }
}

/// A `transparency/` folder on disk; the folder around it is the site.
pub struct DirSource(pub PathBuf);

/// Reads `rel` below `base`, at most `cap` bytes: no part of the path may
/// be a symbolic link and the file must be a regular file, so a host
/// cannot point verify at a device or at a secret elsewhere. Errors name
/// the path, never what the file holds.
fn read_file(base: &Path, rel: &str, cap: u64) -> Result<Option<Vec<u8>>, String> {
    let Some(p) = own_file(base, rel)? else {
        return Ok(None);
    };
    read_capped(&p, cap)
        .map(Some)
        .map_err(|e| format!("reading {}: {e}", p.display()))
}

/// The path of `rel` below `base` when it is a regular file reached
/// through no symbolic link; `Ok(None)` when there is none.
fn own_file(base: &Path, rel: &str) -> Result<Option<PathBuf>, String> {
    let mut p = base.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, c) in parts.iter().enumerate() {
        p.push(c);
        let meta = match fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("reading {}: {e}", p.display())),
        };
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{} is a symbolic link; verify reads only the site's own files",
                p.display()
            ));
        }
        let last = i + 1 == parts.len();
        if last && !meta.is_file() {
            return Err(format!("{} is not a regular file", p.display()));
        }
        if !last && !meta.is_dir() {
            return Ok(None);
        }
    }
    Ok(Some(p))
}

/// A stream that fails, naming `what`, at its first error or past `cap`
/// bytes (the error never quotes what was read).
struct Capped<R> {
    inner: R,
    left: u64,
    what: String,
}

impl<R: std::io::Read> std::io::Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self
            .inner
            .read(buf)
            .map_err(|e| std::io::Error::other(format!("reading {}: {e}", self.what)))?;
        self.left = self
            .left
            .checked_sub(n as u64)
            .ok_or_else(|| std::io::Error::other(format!("reading {}: too large", self.what)))?;
        Ok(n)
    }
}

/// Refuses a path (from the untrusted index, API or pages) that could
/// leave the folder, or, over HTTP, the log: `..`, an absolute path or
/// URL, and anything a server decodes or reads as more than a path
/// (`%2e%2e`, a query, a fragment, a backslash, control characters).
fn check_rel(rel: &str) -> Result<(), String> {
    let odd =
        |c: char| matches!(c, '%' | '?' | '#' | '\\' | ':') || c.is_control() || c.is_whitespace();
    if rel
        .split('/')
        .any(|c| c == ".." || c == "." || c.is_empty())
        || rel.contains(odd)
    {
        return Err(format!("refusing the path {rel:?}"));
    }
    Ok(())
}

impl Source for DirSource {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        read_file(&self.0, rel, cap_for(rel))
    }

    fn open(&self, rel: &str) -> Result<Option<Box<dyn std::io::Read + '_>>, String> {
        check_rel(rel)?;
        let Some(p) = own_file(&self.0, rel)? else {
            return Ok(None);
        };
        let f = fs::File::open(&p).map_err(|e| format!("reading {}: {e}", p.display()))?;
        if !f.metadata().is_ok_and(|m| m.is_file()) {
            return Err(format!("{} is not a regular file", p.display()));
        }
        Ok(Some(Box::new(Capped {
            inner: f,
            left: cap_for(rel),
            what: p.display().to_string(),
        })))
    }

    fn get_site(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        match self.0.parent() {
            Some(site) => read_file(site, rel, MAX_FILE),
            None => Ok(None),
        }
    }

    fn describe(&self) -> String {
        self.0.display().to_string()
    }

    fn site(&self) -> String {
        fs::canonicalize(&self.0)
            .unwrap_or_else(|_| self.0.clone())
            .display()
            .to_string()
    }
}

/// Published files held in memory, keyed by their path below
/// `transparency/` (and, for the site around it, from the site's root),
/// read with the same path rules as a folder: for tests and the fuzz
/// targets, which drive the whole of [`verify`] without disk.
#[derive(Debug, Clone, Default)]
pub struct MemorySource {
    /// The files of `transparency/`.
    pub log: BTreeMap<String, Vec<u8>>,
    /// The files of the site around it.
    pub site: BTreeMap<String, Vec<u8>>,
}

impl Source for MemorySource {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        Ok(self.log.get(rel).cloned())
    }

    fn get_site(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        Ok(self.site.get(rel).cloned())
    }

    fn describe(&self) -> String {
        "files in memory".into()
    }
}

/// A published `transparency/` folder on a web server, and the site it is
/// part of.
pub struct HttpSource {
    base: String,
    agent: ureq::Agent,
    deadline: Mutex<Option<Instant>>,
}

/// Redirects followed for one file.
const MAX_REDIRECTS: usize = 5;

/// The scheme and authority (`https://host:port`) of a URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..url.len() - rest.len() + end])
}

impl HttpSource {
    /// `base` is the URL of the `transparency/` folder, ending in `/`.
    pub fn new(base: &str) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            // Redirects are followed here, by hand, to the same host only.
            .max_redirects(0)
            .build()
            .into();
        HttpSource {
            base: base.to_string(),
            agent,
            deadline: Mutex::new(None),
        }
    }

    fn fetch(&self, url: &str, cap: u64) -> Result<Option<Vec<u8>>, String> {
        let Some((url, mut resp)) = self.response(url)? else {
            return Ok(None);
        };
        resp.body_mut()
            .with_config()
            .limit(cap)
            .read_to_vec()
            .map(Some)
            .map_err(|e| match e {
                // Said as in a folder: the cap of its kind.
                ureq::Error::BodyExceedsLimit(_) => {
                    format!("reading {url}: larger than {cap} bytes")
                }
                e => format!("reading {url}: {e}"),
            })
    }

    /// The answer of the server for `url` once redirects on the same host
    /// were followed, and the URL that gave it; `None` for 404 and 410.
    fn response(
        &self,
        url: &str,
    ) -> Result<Option<(String, ureq::http::Response<ureq::Body>)>, String> {
        let home = authority(&self.base)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let mut url = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let deadline = *self.deadline.lock().expect("bug: a fetch panicked");
            let left = match deadline {
                Some(d) => d
                    .checked_duration_since(Instant::now())
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| format!("fetching {url}: out of time (--timeout)"))?,
                None => Duration::from_secs(30),
            };
            let resp = self
                .agent
                .get(&url)
                .config()
                .timeout_global(Some(left.min(Duration::from_secs(30))))
                .build()
                .call()
                .map_err(|e| format!("fetching {url}: {e}"))?;
            match resp.status().as_u16() {
                200 => return Ok(Some((url, resp))),
                404 | 410 => return Ok(None),
                301 | 302 | 303 | 307 | 308 => {
                    let to = resp
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .ok_or_else(|| format!("fetching {url}: a redirect without a location"))?;
                    let next = if to.starts_with("http://") || to.starts_with("https://") {
                        to.to_string()
                    } else if to.starts_with("//") {
                        return Err(format!("fetching {url}: a redirect to another host"));
                    } else if to.starts_with('/') {
                        format!("{}{to}", authority(&url).unwrap_or_default())
                    } else {
                        let dir = &url[..url.rfind('/').map_or(url.len(), |i| i + 1)];
                        format!("{dir}{to}")
                    };
                    // The same scheme, host and port only: a redirect
                    // elsewhere (another site, a cloud metadata address,
                    // the reader's own network) is not followed.
                    if authority(&next).map(str::to_ascii_lowercase).as_deref() != Some(&home) {
                        return Err(format!(
                            "fetching {url}: the server redirects to another host ({}); verify follows redirects on the same host only",
                            authority(&next).unwrap_or("?")
                        ));
                    }
                    url = next;
                }
                s => return Err(format!("fetching {url}: the server answered {s}")),
            }
        }
        Err(format!(
            "fetching {url}: more than {MAX_REDIRECTS} redirects"
        ))
    }
}

impl Source for HttpSource {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        self.fetch(&format!("{}{rel}", self.base), cap_for(rel))
    }

    fn open(&self, rel: &str) -> Result<Option<Box<dyn std::io::Read + '_>>, String> {
        check_rel(rel)?;
        let Some((url, resp)) = self.response(&format!("{}{rel}", self.base))? else {
            return Ok(None);
        };
        let reader = resp
            .into_body()
            .into_with_config()
            .limit(cap_for(rel))
            .reader();
        Ok(Some(Box::new(Capped {
            inner: reader,
            left: u64::MAX,
            what: url,
        })))
    }

    fn get_site(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        check_rel(rel)?;
        match self.base.strip_suffix(&format!("{}/", tr::DIR)) {
            Some(site) => self.fetch(&format!("{site}{rel}"), MAX_FILE),
            None => Ok(None),
        }
    }

    fn describe(&self) -> String {
        self.base.clone()
    }

    fn set_deadline(&self, until: Instant) {
        *self.deadline.lock().expect("bug: a fetch panicked") = Some(until);
    }
}

/// Roots of earlier trees (one per publish) kept in memory at most.
const CACHED_ROOTS: usize = 4096;

/// Threads that check entries at most: each holds a tile reader's cache
/// (at most 8 MiB) and the entries it checks, so verify's memory does not
/// grow with the number of processors.
const MAX_THREADS: usize = 8;

/// Hash tiles kept in memory at most (8 KiB each); beyond, the cache
/// starts again, so memory stays bounded whatever the log's size.
const CACHED_TILES: usize = 2048;

/// Tiles read through a [`Source`]. Hash tiles are kept in a bounded
/// cache; entry bundles are never kept (each is read, checked and let go).
/// Every tile is pinned to what the host served first by its SHA-256, so a
/// tile fetched again (after the cache let it go) cannot differ from the
/// one that was checked against the checkpoint.
struct Tiles<'a> {
    src: &'a dyn Source,
    cache: Mutex<BTreeMap<String, Option<Vec<u8>>>>,
    pinned: Mutex<std::collections::HashMap<String, Option<[u8; 32]>>>,
}

impl<'a> Tiles<'a> {
    fn new(src: &'a dyn Source) -> Self {
        Tiles {
            src,
            cache: Mutex::new(BTreeMap::new()),
            pinned: Mutex::new(std::collections::HashMap::new()),
        }
    }
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
        let digest = b.as_deref().map(sha2::Sha256::digest_bytes);
        match self
            .pinned
            .lock()
            .expect("bug: a tile reader panicked")
            .entry(path.to_string())
        {
            std::collections::hash_map::Entry::Occupied(first) => {
                if *first.get() != digest {
                    return Err(tlog::Error::Corrupt(format!(
                        "{path} changed while verify read the log: the host served two different tiles"
                    )));
                }
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(digest);
            }
        }
        if !path.starts_with("tile/entries/") {
            let mut cache = self.cache.lock().expect("bug: a tile reader panicked");
            if cache.len() >= CACHED_TILES {
                cache.clear();
            }
            cache.insert(path.to_string(), b.clone());
        }
        Ok(b)
    }
}

/// What to trust and compare with.
#[derive(Debug, Default)]
pub struct Options {
    /// Key files given with the deprecated `--key`: a note verifier key or
    /// a PEM public key, the role read from the file.
    pub keys: Vec<PathBuf>,
    /// The log's note verifier key (`--log-key`).
    pub log_key: Option<PathBuf>,
    /// The publisher's PEM public key (`--publisher-key`).
    pub publisher_key: Option<PathBuf>,
    /// Origins of logs the reader accepts as new at a remembered site, or
    /// with new keys (`--accept-new-log`).
    pub accept_new_log: Vec<String>,
    /// First use is a failure (`--require-known`).
    pub require_known: bool,
    /// The largest log verified (`--max-entries`); `None`: [`DEFAULT_MAX_ENTRIES`].
    pub max_entries: Option<u64>,
    /// How long the whole verify may take (`--timeout`); `None`: [`DEFAULT_TIMEOUT`].
    pub timeout: Option<Duration>,
    /// A checkpoint seen earlier (note bytes), given on the command line.
    pub checkpoint: Option<PathBuf>,
    /// Where checkpoints and keys seen before are remembered per origin;
    /// `None`: nothing remembered.
    pub state_dir: Option<PathBuf>,
    /// Findings about time (sealed late, a notice not proven in time, no
    /// timestamp) fail (`--strict`).
    pub strict: bool,
}

/// The result of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The check passed.
    Ok,
    /// Something the reader should know that is no failure (keys trusted
    /// on first use, what was not checked).
    Note,
    /// The check failed: `verify` exits with 1.
    Failed,
}

/// One check and what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked: `keys`, `earlier-logs`, `checkpoint`, `tiles`, `index`,
    /// `entries`, `one-truth`, `links`, `order`, `pages`, `api`,
    /// `history` or `remembered`.
    pub check: &'static str,
    pub result: Outcome,
    pub message: String,
    /// The log entries it concerns, by index.
    pub entries: Entries,
}

/// Log positions in the order given, kept as runs of consecutive ones: the
/// positions a check of a whole log concerns are mostly one run, so a
/// million of them take a few bytes, not eight megabytes. Serialised as
/// the list of positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries(Vec<(u64, u64)>);

impl Entries {
    /// Adds `i` after the positions already there.
    pub fn push(&mut self, i: u64) {
        match self.0.last_mut() {
            Some(run) if run.1 == i => run.1 += 1,
            _ => self.0.push((i, i + 1)),
        }
    }
    /// How many positions.
    pub fn len(&self) -> usize {
        self.0.iter().map(|(a, b)| (b - a) as usize).sum()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The positions, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().flat_map(|&(a, b)| a..b)
    }
}

impl FromIterator<u64> for Entries {
    fn from_iter<T: IntoIterator<Item = u64>>(iter: T) -> Self {
        let mut e = Entries::default();
        for i in iter {
            e.push(i);
        }
        e
    }
}

impl From<Vec<u64>> for Entries {
    fn from(v: Vec<u64>) -> Self {
        v.into_iter().collect()
    }
}

impl Serialize for Entries {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The outcome: every check, in order; for people, one line each.
#[derive(Debug, Default)]
pub struct Report {
    /// The lines `verify` prints: `ok`, `note` or `FAILED` and the message.
    pub lines: Vec<String>,
    /// The messages of the failed checks.
    pub failures: Vec<String>,
    /// Every check with its result and entries.
    pub checks: Vec<Check>,
    /// The log's origin and size, once its checkpoint was read.
    pub log: Option<(String, u64)>,
    /// The keys trusted on first use, when nothing vouched for them.
    pub first_use: Option<FirstUse>,
    /// A usage error (keys whose role is ambiguous): `verify` exits 2.
    pub usage: Option<String>,
    /// Failures beyond the first [`MAX_LISTED`] of a check: counted, not
    /// listed, so that a log failing everywhere does not fill memory.
    pub unlisted: BTreeMap<&'static str, u64>,
    /// How many failures of each check are listed.
    listed: BTreeMap<&'static str, usize>,
    /// Failures told only by a count, at the end.
    unlisted_told: u64,
}

/// The failures of one check listed at most.
pub const MAX_LISTED: usize = 1000;

/// Keys trusted because the site published them, the first time it was
/// verified: what the reader should compare with the publisher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstUse {
    /// The log's note verifier key, as the verify page shows it.
    pub log_key: Option<String>,
    /// The SHA-256 of the publisher's key, as the verify page shows it.
    pub publisher_key: Option<String>,
}

impl FirstUse {
    /// The keys with their fingerprints, in words.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(k) = &self.log_key {
            parts.push(format!("the log key {k}"));
        }
        if let Some(k) = &self.publisher_key {
            parts.push(format!("the publisher key with SHA-256 {k}"));
        }
        parts.join(" and ")
    }
}

impl Report {
    fn push(
        &mut self,
        check: &'static str,
        result: Outcome,
        entries: impl Into<Entries>,
        s: String,
    ) {
        let tag = match result {
            Outcome::Ok => "ok     ",
            Outcome::Note => "note   ",
            Outcome::Failed => {
                let listed = self.listed.entry(check).or_default();
                if *listed >= MAX_LISTED {
                    *self.unlisted.entry(check).or_default() += 1;
                    return;
                }
                *listed += 1;
                self.failures.push(s.clone());
                "FAILED "
            }
        };
        self.lines.push(format!("{tag} {s}"));
        self.checks.push(Check {
            check,
            result,
            message: s,
            entries: entries.into(),
        });
    }
    fn ok(&mut self, check: &'static str, s: impl Into<String>) {
        self.push(check, Outcome::Ok, Vec::new(), s.into());
    }
    fn ok_for(&mut self, check: &'static str, entries: impl Into<Entries>, s: impl Into<String>) {
        self.push(check, Outcome::Ok, entries, s.into());
    }
    fn note(&mut self, check: &'static str, s: impl Into<String>) {
        self.push(check, Outcome::Note, Vec::new(), s.into());
    }
    pub(crate) fn fail(
        &mut self,
        check: &'static str,
        entries: impl Into<Entries>,
        s: impl Into<String>,
    ) {
        self.push(check, Outcome::Failed, entries, s.into());
    }
    fn merge(&mut self, other: Report) {
        for c in other.checks {
            self.push(c.check, c.result, c.entries, c.message);
        }
        for (check, n) in other.unlisted {
            *self.unlisted.entry(check).or_default() += n;
        }
    }

    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// How many checks failed, listed or not.
    pub fn failure_count(&self) -> u64 {
        self.failures.len() as u64 + self.unlisted.values().sum::<u64>() + self.unlisted_told
    }

    /// Says, after the failures listed, how many more of each check failed.
    fn tell_unlisted(&mut self) {
        for (check, n) in std::mem::take(&mut self.unlisted) {
            let s = format!(
                "and {n} more failure{} of the {check} check, not listed (the first {MAX_LISTED} are)",
                if n == 1 { "" } else { "s" }
            );
            self.lines.push(format!("FAILED  {s}"));
            self.checks.push(Check {
                check,
                result: Outcome::Failed,
                message: s,
                entries: Entries::default(),
            });
            // Counted, as the failures it stands for.
            self.unlisted_told += n;
        }
    }

    /// The report as one JSON object: the target, whether it verified, the
    /// log, the number of failures and every check.
    pub fn to_json(&self, target: &str) -> String {
        #[derive(Serialize)]
        struct Log<'a> {
            origin: &'a str,
            size: u64,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            target: &'a str,
            verified: bool,
            log: Option<Log<'a>>,
            failures: u64,
            first_use: Option<&'a FirstUse>,
            checks: &'a [Check],
        }
        let mut s = serde_json::to_string_pretty(&Json {
            target,
            verified: self.passed(),
            log: self.log.as_ref().map(|(origin, size)| Log {
                origin,
                size: *size,
            }),
            failures: self.failure_count(),
            first_use: self.first_use.as_ref(),
            checks: &self.checks,
        })
        .expect("bug: a report always serialises");
        s.push('\n');
        s
    }
}

/// Checks the published files in `src`.
pub fn verify(src: &dyn Source, opts: &Options) -> Report {
    let mut r = Report::default();
    let until = Instant::now() + opts.timeout.unwrap_or(DEFAULT_TIMEOUT);
    src.set_deadline(until);
    let timed = Timed { src, until };
    let threads = rayon::current_num_threads().min(MAX_THREADS);
    let outcome = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| run(&timed, opts, &mut r)),
        Err(_) => run(&timed, opts, &mut r),
    };
    if let Err((check, e)) = outcome {
        r.fail(check, Vec::new(), e);
    }
    r.tell_unlisted();
    r
}

/// A source that refuses every read after the deadline, so a slow host
/// (or a huge folder) cannot keep verify busy for ever.
struct Timed<'a> {
    src: &'a dyn Source,
    until: Instant,
}

impl Timed<'_> {
    fn in_time(&self) -> Result<(), String> {
        if Instant::now() >= self.until {
            return Err(
                "out of time: verify stopped at its deadline (raise it with --timeout)".into(),
            );
        }
        Ok(())
    }
}

impl Source for Timed<'_> {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        self.in_time()?;
        self.src.get(rel)
    }
    fn open(&self, rel: &str) -> Result<Option<Box<dyn std::io::Read + '_>>, String> {
        self.in_time()?;
        Ok(self
            .src
            .open(rel)?
            .map(|inner| Box::new(InTime { inner, timed: self }) as Box<dyn std::io::Read + '_>))
    }
    fn get_site(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        self.in_time()?;
        self.src.get_site(rel)
    }
    fn describe(&self) -> String {
        self.src.describe()
    }
    fn site(&self) -> String {
        self.src.site()
    }
}

/// A stream that stops at the deadline.
struct InTime<'a, R> {
    inner: R,
    timed: &'a Timed<'a>,
}

impl<R: std::io::Read> std::io::Read for InTime<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.timed.in_time().map_err(std::io::Error::other)?;
        self.inner.read(buf)
    }
}

/// A check that could not go on, and why.
type Abort = (&'static str, String);

/// Turns an error into an [`Abort`] of `check`.
fn at(check: &'static str) -> impl Fn(String) -> Abort {
    move |e| (check, e)
}

fn need(src: &dyn Source, rel: &str) -> Result<Vec<u8>, String> {
    src.get(rel)?
        .ok_or_else(|| format!("{rel} is missing from {}", src.describe()))
}

/// What one entry that verified seals, and the size of the log after the
/// publish that sealed it (its bundle's tree): held while its bundle is
/// checked, then reduced to what the checks across entries keep.
struct Verified {
    /// Only what the checks across entries compare (see [`what_is_compared`]).
    artifact: Artifact,
    /// The languages of a version's texts.
    languages: Vec<String>,
    publish_end: u64,
    /// The earliest time its bundle's timestamps prove.
    sealed_at: Option<crate::tsa::Stamp>,
}

/// What the check of one entry reports, and, when it verified, what it
/// seals and its artifact's digest.
type Checked = (Report, Option<(Verified, [u8; 32])>);

fn run(src: &dyn Source, opts: &Options, r: &mut Report) -> Result<(), Abort> {
    let note_bytes = need(src, &format!("{}/checkpoint", tr::LOG_DIR)).map_err(at("checkpoint"))?;
    let (text, _) = tlog::note::split(&note_bytes).map_err(|e| {
        (
            "checkpoint",
            format!("the checkpoint is not a signed note: {e}"),
        )
    })?;
    let origin = text.lines().next().unwrap_or_default().to_string();
    let given = given_keys(opts, &origin).map_err(|e| {
        r.usage = Some(e.clone());
        ("keys", e)
    })?;
    let site_id = src.site();
    let store = opts.state_dir.as_ref().map(state::State::new);
    let accepted = opts.accept_new_log.contains(&origin);
    let (site_rec, mut known) = match &store {
        Some(st) => (
            st.site(&site_id).map_err(at("remembered"))?,
            st.log(&origin).map_err(at("remembered"))?,
        ),
        None => (None, state::LogRecord::default()),
    };
    if let Some(from) = &known.carried_from {
        r.note(
            "remembered",
            format!(
                "carried over what an earlier version of policypress remembered of this log ({})",
                from.display()
            ),
        );
    }

    // A remembered site that now serves another log.
    if let Some(rec) = &site_rec
        && rec.origin != origin
    {
        if !accepted {
            return Err((
                "remembered",
                format!(
                    "a new log at a remembered site: {site_id} served the log {:?} when last verified, it now serves {origin:?}; check with the publisher (not through this site) that it started a new log, then run again with --accept-new-log {origin}",
                    rec.origin
                ),
            ));
        }
        r.note(
            "remembered",
            format!(
                "accepted the new log {origin:?} at {site_id} (it served {:?} before), as --accept-new-log asks",
                rec.origin
            ),
        );
    }

    // Which keys to trust: given, remembered, or the site's own (first use).
    let site_vkey =
        String::from_utf8_lossy(&need(src, sign::VERIFIER_KEY_FILE).map_err(at("keys"))?)
            .trim()
            .to_string();
    let site_pub = sign::parse_public_pem(&String::from_utf8_lossy(
        &need(src, sign::PUBLIC_KEY_FILE).map_err(at("keys"))?,
    ))
    .map_err(|why| ("keys", format!("{} {why}", sign::PUBLIC_KEY_FILE)))?;
    let same_vkey = |a: &str, b: &str| {
        tlog::Verifier::parse(a)
            .ok()
            .is_some_and(|x| tlog::Verifier::parse(b).ok().as_ref() == Some(&x))
    };
    // Keys the log rotated itself (key transitions in the log, each signed
    // by the keys before it) are followed, not reported as changed.
    // The index, read once as a stream and kept on disk (it lists every
    // entry; see `index`).
    let max = opts.max_entries.unwrap_or(DEFAULT_MAX_ENTRIES);
    let index_read = read_index(src, tr::INDEX_FILE, max).and_then(|i| {
        i.ok_or_else(|| {
            (
                "index",
                format!("{} is missing from {}", tr::INDEX_FILE, src.describe()),
            )
        })
    });
    let chain = key_chain(src, index_read.as_ref().ok(), &origin).map_err(at("keys"))?;
    let rotated = match (&known.log_key, &known.publisher_key) {
        (Some(v), Some(p)) => rotation_leads(&chain, v, p, &site_vkey, &site_pub),
        _ => false,
    };
    // New keys at a remembered log: named, and only taken when the reader
    // accepted the log anew (then its history starts again).
    let mut changed = Vec::new();
    if let Some(old) = &known.log_key {
        let now = given.log.as_deref().unwrap_or(&site_vkey);
        if !same_vkey(old, now) {
            changed.push(format!("the log key was {old}, it is now {now}"));
        }
    }
    if let Some(old) = &known.publisher_key {
        let now = given.publisher.as_deref().unwrap_or(&site_pub);
        if old != now {
            changed.push(format!(
                "the publisher key was SHA-256 {}, it is now {}",
                sign::key_hint(old),
                sign::key_hint(now)
            ));
        }
    }
    if !changed.is_empty() && !rotated {
        if accepted {
            r.note(
                "remembered",
                format!(
                    "accepted new keys for the log {origin:?} ({}), as --accept-new-log asks; its history is compared from now on",
                    changed.join("; ")
                ),
            );
            known = state::LogRecord::default();
        } else {
            r.fail(
                "keys",
                Vec::new(),
                format!(
                    "new keys for a remembered log: {}; the keys remembered for {origin:?} stay trusted. If the publisher announced new keys (check with them, not through this site), run again with --accept-new-log {origin}",
                    changed.join("; ")
                ),
            );
        }
    }
    let mut first_use = Vec::new();
    let vkey = match (&given.log, &known.log_key) {
        (Some(k), _) => k.clone(),
        (None, Some(k)) => k.clone(),
        (None, None) => {
            first_use.push("log");
            site_vkey.clone()
        }
    };
    let public_der = match (&given.publisher, &known.publisher_key) {
        (Some(k), _) => k.clone(),
        (None, Some(k)) => k.clone(),
        (None, None) => {
            first_use.push("publisher");
            site_pub.clone()
        }
    };
    if !first_use.is_empty() {
        let fp = FirstUse {
            log_key: (first_use.contains(&"log")).then(|| vkey.clone()),
            publisher_key: (first_use.contains(&"publisher")).then(|| sign::key_hint(&public_der)),
        };
        let what = fp.describe();
        if opts.require_known {
            r.fail(
                "keys",
                Vec::new(),
                format!(
                    "first use of this log, and --require-known was given: nothing remembered vouches for {what}; give the keys with --log-key and --publisher-key, or verify once without --require-known after comparing them with the publisher"
                ),
            );
        } else {
            r.note(
                "keys",
                format!(
                    "trusting on first use {what} as published by the site; compare {} with the site's verification page (…/verify/) and with the publisher directly, or pass --log-key and --publisher-key with keys you obtained separately",
                    if first_use.len() == 1 { "it" } else { "them" }
                ),
            );
        }
        r.first_use = Some(fp);
    }
    // Keys rotated since: follow the key transitions from the keys
    // trusted to the keys the site shows now.
    let (vkey, public_der) = follow_rotations(&chain, vkey, public_der, &site_vkey, &site_pub, r);
    let verifier =
        tlog::Verifier::parse(&vkey).map_err(|e| ("keys", format!("the checkpoint key: {e}")))?;
    // The same key however its key ID is spelt (Go reads upper-case hex too).
    if tlog::Verifier::parse(&site_vkey).ok().as_ref() != Some(&verifier) {
        r.fail(
            "keys",
            Vec::new(),
            format!(
                "the site's {} is not the trusted checkpoint key: the key file was swapped",
                sign::VERIFIER_KEY_FILE
            ),
        );
    }
    if site_pub != public_der {
        r.fail(
            "keys",
            Vec::new(),
            format!(
                "the site's {} is not the trusted publisher key: the key file was swapped",
                sign::PUBLIC_KEY_FILE
            ),
        );
    }
    if verifier.name() != origin {
        return Err((
            "checkpoint",
            format!(
                "the checkpoint names the log {origin:?}, the trusted key belongs to {:?}",
                verifier.name()
            ),
        ));
    }
    let cp = tlog::verify_checkpoint(&note_bytes, &origin, std::slice::from_ref(&verifier))
        .map_err(|e| {
            (
                "checkpoint",
                format!("the checkpoint's signature does not verify with the trusted key: {e}"),
            )
        })?;
    if cp.size > max {
        return Err((
            "checkpoint",
            format!(
                "the checkpoint claims {} entries, more than the {max} verify reads; if the log is really that large, raise the limit with --max-entries",
                cp.size
            ),
        ));
    }
    r.log = Some((origin.clone(), cp.size));
    r.ok(
        "checkpoint",
        format!(
            "checkpoint of {origin}: {} entries, signed by {}",
            cp.size,
            verifier.to_key_string()
        ),
    );

    earlier_logs(src, r);

    // Every tile, hash tiles and entry bundles, against the checkpoint's
    // root, one at a time.
    let tiles = Tiles::new(src);
    tlog::audit_tiles(&tiles, &cp).map_err(|e| {
        (
            "tiles",
            format!("the tiles do not match the checkpoint: {e}"),
        )
    })?;
    r.ok("tiles", "every tile recomputes to the checkpoint's root");

    let mut index = index_read?;
    // A publish that died after its checkpoint, before renaming its index,
    // left the index that matches the checkpoint beside the old one.
    if index.len < cp.size
        && let Ok(Some(pending)) = read_index(src, tr::PENDING_INDEX_FILE, max)
        && pending.len == cp.size
    {
        r.note(
            "index",
            format!(
                "{} is behind the checkpoint; {} (left by a publish that was interrupted) matches it and is used",
                tr::INDEX_FILE,
                tr::PENDING_INDEX_FILE
            ),
        );
        index = pending;
    }
    if index.schema != tr::INDEX_SCHEMA {
        r.fail(
            "index",
            Vec::new(),
            format!(
                "{} has the schema {:?}, not {}",
                tr::INDEX_FILE,
                index.schema,
                tr::INDEX_SCHEMA
            ),
        );
    }
    if index.origin != origin {
        r.fail(
            "index",
            Vec::new(),
            format!("{} is for another log ({:?})", tr::INDEX_FILE, index.origin),
        );
    }
    if index.len > cp.size {
        r.fail(
            "index",
            Vec::new(),
            format!(
                "{} lists {} entries but the log has {}: entries {}.. are not in the log",
                tr::INDEX_FILE,
                index.len,
                cp.size,
                cp.size
            ),
        );
    } else if index.len < cp.size {
        r.fail(
            "index",
            Vec::new(),
            format!(
                "{} lists {} entries but the log has {}: some log entries are unaccounted for",
                tr::INDEX_FILE,
                index.len,
                cp.size
            ),
        );
    }

    // Checkpoints seen before (the remembered one and any given): read now,
    // since the publishes they separate matter to the order of versions;
    // compared with this one at the end. A given one adds to what is
    // checked, it never stands in for the remembered one.
    let mut old: Vec<(Vec<u8>, String)> = Vec::new();
    if let Some(b) = &known.checkpoint {
        old.push((
            b.clone(),
            "the checkpoint remembered from the last verify".to_string(),
        ));
    }
    if let Some(f) = &opts.checkpoint {
        old.push((
            read_capped(f, MAX_CHECKPOINT)
                .map_err(|e| ("history", format!("reading {}: {e}", f.display())))?,
            f.display().to_string(),
        ));
    }
    let eras = eras(&chain, &verifier, &public_der);
    // A checkpoint seen before the keys were rotated is signed by the
    // keys of its time.
    let all_verifiers: Vec<tlog::Verifier> = eras.iter().map(|e| e.verifier.clone()).collect();
    let old_cps: Vec<Result<Checkpoint, String>> = old
        .iter()
        .map(|(bytes, what)| {
            tlog::verify_checkpoint(bytes, &origin, &all_verifiers)
                .map_err(|e| format!("{what} is not a checkpoint of this log: {e}"))
        })
        .collect();
    check_handovers(src, &index, &chain, &eras, &origin, r);

    let roots: Mutex<BTreeMap<u64, merkle::Hash>> = Mutex::new(BTreeMap::new());
    let notes = Mutex::new(BTreeMap::new());
    let n = index.len.min(cp.size);
    let tsa = time::trust(src, &index, r);
    let ctx = EntryContext {
        src,
        eras: &eras,
        cp: &cp,
        roots: &roots,
        notes: &notes,
        tsa: &tsa,
    };
    let old_sizes: Vec<u64> = old_cps
        .iter()
        .filter_map(|o| o.as_ref().ok().map(|o| o.size))
        .filter(|s| *s <= cp.size)
        .collect();
    // The log is read one entry bundle at a time, with the index entries
    // that go with it (each bundle was checked against the tiles above, and
    // is pinned to what was checked); its entries are independent: checked
    // in parallel, reported in order. Of each, the checks across entries
    // keep a fixed-size record (see `cross`), and nothing else is kept.
    let mut cross = cross::Cross::new(&index, &old_sizes).map_err(at("entries"))?;
    let mut timing = time::Timing::new(&index).map_err(|e| ("entries", spill::tmp_err(e)))?;
    for t in tlog::tiles::entry_bundles_for_size(cp.size) {
        let first = t.index * tlog::tiles::TILE_WIDTH;
        if first >= n {
            break;
        }
        let leaves = tlog::tiles::fetch(&tiles, &t)
            .and_then(|bytes| tlog::tiles::decode_entry_bundle(&t, &bytes))
            .map_err(|e| ("tiles", format!("reading log entries: {e}")))?;
        let last = (first + leaves.len() as u64).min(n);
        let entries = index
            .entries(first, last)
            .map_err(|e| ("index", format!("{}: {e}", tr::INDEX_FILE)))?;
        let outcomes: Vec<Checked> = entries
            .par_iter()
            .zip(&leaves[..entries.len()])
            .enumerate()
            // Each thread its own hash reader (it caches decoded tiles, a
            // bounded number); the tile bytes are fetched once for all.
            .map_init(
                || TileHashReader::new(&tiles, cp.size),
                |reader, (k, (e, leaf))| {
                    let i = first + k as u64;
                    let mut out = Report::default();
                    let label = format!("#{i} {}", e.artifact);
                    let verified = if e.index != i {
                        out.fail(
                            "entries",
                            vec![i],
                            format!("{label}: the index numbers it {}", e.index),
                        );
                        None
                    } else {
                        check_entry(&ctx, e, leaf, reader, &label, &mut out)
                    };
                    (out, verified)
                },
            )
            .collect();
        for ((o, v), e) in outcomes.into_iter().zip(&entries) {
            r.merge(o);
            if let Some((v, digest)) = v {
                timing
                    .add(e.index, &v, r)
                    .map_err(|e| ("entries", spill::tmp_err(e)))?;
                cross
                    .add(e.index, digest, e.state, &v)
                    .map_err(at("entries"))?;
            }
        }
    }
    if !cross.verified.is_empty() {
        r.ok_for(
            "entries",
            cross.verified.clone(),
            format!(
                "{} of {} entries: artifact digest, P-256 signature, well-formed artifact, bundle and inclusion proof",
                cross.verified.len(),
                cp.size
            ),
        );
    }
    let (documents, languages) = cross.finish(r).map_err(at("entries"))?;
    timing
        .finish(opts.strict, r)
        .map_err(|e| ("entries", spill::tmp_err(e)))?;
    // The pages of each document, one document at a time.
    let shown = documents.map(|d| {
        let (doc, versions) = d.map_err(|e| (Vec::new(), e))?;
        shown_versions(src, &index, &doc, &versions, &languages)
    });
    pages::check(src, shown, r);

    // Consistency with the checkpoints seen before.
    if old.is_empty() {
        r.note(
            "history",
            "no earlier checkpoint to compare with; this one is remembered for next time",
        );
    }
    for ((_, what), o) in old.iter().zip(&old_cps) {
        match o {
            Err(e) => r.fail("history", Vec::new(), e.clone()),
            Ok(o) => consistency(&tiles, o, &cp, what, r),
        }
    }

    if r.passed()
        && let Some(st) = &store
    {
        // Never move the remembered checkpoint back (it cannot be larger
        // than a log that passed, but a given one must not replace it).
        let grew = known.checkpoint.as_ref().is_none_or(|b| {
            tlog::note::split(b)
                .ok()
                .and_then(|(t, _)| Checkpoint::parse(t).ok())
                .is_none_or(|o| o.size <= cp.size)
        });
        match st.save(
            &site_id,
            &origin,
            &verifier.to_key_string(),
            &public_der,
            grew.then_some(&note_bytes[..]),
        ) {
            Ok(dir) => r.note(
                "remembered",
                format!(
                    "remembered this checkpoint and the keys in {}",
                    dir.display()
                ),
            ),
            Err(e) => r.note(
                "remembered",
                format!("could not remember the checkpoint: {e}"),
            ),
        }
    }
    Ok(())
}

/// Tells of the logs the site closed before this one (`logs.json`): each
/// stays published, and is checked on its own.
fn earlier_logs(src: &dyn Source, r: &mut Report) {
    let bytes = match src.get(tr::logs::LOGS_FILE) {
        Ok(Some(b)) => b,
        Ok(None) => return,
        Err(e) => {
            r.fail("earlier-logs", Vec::new(), e);
            return;
        }
    };
    match tr::logs::parse(&bytes) {
        Ok(earlier) => {
            for e in earlier {
                r.note(
                    "earlier-logs",
                    format!(
                        "the site closed its earlier log {} at {} entries on {}, because {}; it is continued by {}. Check it with `policypress verify` of {}/",
                        e.origin,
                        e.size,
                        e.closed,
                        e.reason.describe(),
                        e.next,
                        src.describe().trim_end_matches('/').to_string() + "/" + &e.folder
                    ),
                );
            }
        }
        Err(why) => r.fail(
            "earlier-logs",
            Vec::new(),
            format!("{} is damaged: {why}", tr::logs::LOGS_FILE),
        ),
    }
}

/// Keys given on the command line, by role.
#[derive(Debug, Default)]
struct GivenKeys {
    /// The log's note verifier key.
    log: Option<String>,
    /// The publisher's public key (DER).
    publisher: Option<Vec<u8>>,
}

/// Reads a key file given on the command line (small, text).
fn read_key_file(p: &Path) -> Result<String, String> {
    let b = read_capped(p, MAX_KEY_FILE).map_err(|e| format!("reading {}: {e}", p.display()))?;
    String::from_utf8(b).map_err(|_| format!("{} is not a key file (not text)", p.display()))
}

/// The keys given with `--log-key`, `--publisher-key` and the deprecated
/// `--key`, whose role is read from the file: a PEM key is the
/// publisher's, a note key the log's when it names this log. Anything
/// else is a usage error: a note key for another name may be a witness's
/// key, which must never stand in for the log's.
fn given_keys(opts: &Options, origin: &str) -> Result<GivenKeys, String> {
    let mut g = GivenKeys::default();
    if let Some(p) = &opts.log_key {
        let text = read_key_file(p)?;
        if text.contains("-----BEGIN") {
            return Err(format!(
                "{} is a PEM key, not a log key (a note verifier key such as log.vkey); give it with --publisher-key",
                p.display()
            ));
        }
        tlog::Verifier::parse(text.trim())
            .map_err(|e| format!("{} is not a log key: {e}", p.display()))?;
        g.log = Some(text.trim().to_string());
    }
    if let Some(p) = &opts.publisher_key {
        let text = read_key_file(p)?;
        g.publisher = Some(
            sign::parse_public_pem(&text)
                .map_err(|why| format!("{} is not a publisher key: it {why}", p.display()))?,
        );
    }
    for p in &opts.keys {
        let text = read_key_file(p)?;
        if text.contains("-----BEGIN") {
            if g.publisher.is_some() {
                return Err(format!(
                    "--key {} is a second publisher key: which one to trust is ambiguous; give one with --publisher-key",
                    p.display()
                ));
            }
            g.publisher = Some(
                sign::parse_public_pem(&text).map_err(|why| format!("{} {why}", p.display()))?,
            );
        } else {
            let v = tlog::Verifier::parse(text.trim())
                .map_err(|e| format!("{} is not a key: {e}", p.display()))?;
            if v.name() != origin {
                return Err(format!(
                    "--key {} is a note key for {:?}, not for this log ({origin:?}): it may be a witness's key, which never stands in for the log's; if it is the log's key, give it with --log-key",
                    p.display(),
                    v.name()
                ));
            }
            if g.log.is_some() {
                return Err(format!(
                    "--key {} is a second log key: which one to trust is ambiguous; give one with --log-key",
                    p.display()
                ));
            }
            g.log = Some(text.trim().to_string());
        }
    }
    Ok(g)
}

/// Reads an index as a stream into a file of its own (see `index`), at
/// most `max` entries; `Ok(None)` when there is none.
fn read_index(src: &dyn Source, rel: &str, max: u64) -> Result<Option<index::IndexFile>, Abort> {
    let Some(stream) = src.open(rel).map_err(at("index"))? else {
        return Ok(None);
    };
    index::IndexFile::read(stream, max)
        .map(Some)
        .map_err(|e| ("index", format!("{rel} is unreadable: {e}")))
}

/// The label of the shown version at log position `pos`.
fn label_of(shown: &[&pages::Shown], pos: u64) -> String {
    shown
        .iter()
        .find(|v| v.pos == pos)
        .map_or_else(|| format!("#{pos}"), |v| v.label.clone())
}

/// The first-truth versions of `doc` (positions and languages), read again
/// from the index, to look for on the site. Their artifacts are read again
/// only where the site shows them; that of a version whose languages were
/// not kept (see `cross`) is read here, held to its sealed digest.
fn shown_versions(
    src: &dyn Source,
    index: &index::IndexFile,
    doc: &str,
    versions: &[cross::Dated],
    languages: &cross::Languages,
) -> Result<Vec<pages::Shown>, (Vec<u64>, String)> {
    let positions: Vec<u64> = versions.iter().map(|d| d.pos).collect();
    let entries = index
        .entries_at(&positions)
        .map_err(|e| (positions.clone(), format!("{}: {e}", tr::INDEX_FILE)))?;
    entries
        .into_par_iter()
        .zip(versions)
        .map(|(e, d)| {
            let label = format!("#{} {}", e.index, e.artifact);
            let changed = || {
                (
                    vec![e.index],
                    format!("{label}: the artifact changed while verify read the site"),
                )
            };
            let number = e
                .version
                .as_deref()
                .and_then(crate::model::VersionNumber::parse)
                .ok_or_else(changed)?;
            let langs = match languages.of(d) {
                Some(l) => l,
                None => {
                    let bytes = src
                        .get(&e.artifact)
                        .map_err(|why| (vec![e.index], format!("{label}: {why}")))?
                        .ok_or_else(changed)?;
                    if sign::hex(&sha2::Sha256::digest_bytes(&bytes)) != e.sha256 {
                        return Err(changed());
                    }
                    match Artifact::parse(&bytes).map(without_texts) {
                        Ok((Artifact::Version(_), l)) => l,
                        _ => return Err(changed()),
                    }
                }
            };
            Ok(pages::Shown {
                pos: e.index,
                label,
                sha256: e.sha256,
                artifact: e.artifact,
                languages: langs,
                document: doc.to_string(),
                number,
            })
        })
        .collect()
}

/// Reads at most `cap` bytes of a regular file: more is an error, and so
/// is anything that is not a regular file (a device, a FIFO).
fn read_capped(p: &Path, cap: u64) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let f = fs::File::open(p).map_err(|e| e.to_string())?;
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut b = Vec::new();
    f.take(cap.saturating_add(1))
        .read_to_end(&mut b)
        .map_err(|e| e.to_string())?;
    if b.len() as u64 > cap {
        return Err(format!("larger than {} bytes", cap));
    }
    Ok(b)
}

fn consistency(tiles: &Tiles, old: &Checkpoint, new: &Checkpoint, what: &str, r: &mut Report) {
    if old.size > new.size {
        r.fail(
            "history",
            Vec::new(),
            format!(
                "the log was rolled back: {what} has {} entries, the log now {}",
                old.size, new.size
            ),
        );
    } else if old.size == new.size && old.root != new.root {
        r.fail(
            "history",
            Vec::new(),
            format!(
                "the log was forked or rewritten: {what} has the same size ({}) but another root",
                old.size
            ),
        );
    } else {
        match tlog::verify_consistency(tiles, old, new) {
            Ok(()) => r.ok(
                "history",
                format!(
                    "the log grew from {what} ({} entries) without changing any of them",
                    old.size
                ),
            ),
            Err(e) => r.fail(
                "history",
                Vec::new(),
                format!(
                    "the log was rewritten: it is not an extension of {what} ({} entries): {e}",
                    old.size
                ),
            ),
        }
    }
}

/// What every entry's check needs besides the entry.
struct EntryContext<'a> {
    src: &'a dyn Source,
    /// The keys of the log over time, oldest first.
    eras: &'a [Era],
    cp: &'a Checkpoint,
    roots: &'a Mutex<BTreeMap<u64, merkle::Hash>>,
    /// The checkpoints bundles carry that verified, by the SHA-256 of
    /// their note (one per publish, shared by every bundle it sealed), with
    /// their size and root: a note is verified once, not once per bundle.
    notes: &'a Mutex<BTreeMap<[u8; 32], (u64, merkle::Hash)>>,
    /// The timestamp authorities the log's site policies seal.
    tsa: &'a crate::tsa::Trust,
}

impl EntryContext<'_> {
    /// The keys that signed entry `i`.
    fn era(&self, i: u64) -> &Era {
        self.eras
            .iter()
            .rev()
            .find(|e| e.from <= i)
            .expect("bug: the first era starts at entry 0")
    }
}

/// The keys of a log from one entry on, until the next key transition
/// (which the keys before it sign).
struct Era {
    /// The first entry they sign.
    from: u64,
    key: Result<sign::P256Key, String>,
    hint: String,
    log_id: [u8; 32],
    verifier: tlog::Verifier,
}

/// The key transitions the index lists, read from their artifacts (which
/// are checked as every entry is, with the keys of their time).
fn key_chain(
    src: &dyn Source,
    index: Option<&index::IndexFile>,
    origin: &str,
) -> Result<Vec<(u64, tr::artifact::KeyTransition)>, String> {
    let Some(index) = index else {
        return Ok(Vec::new());
    };
    let mut chain = Vec::new();
    for e in &index.key_transitions {
        let bytes = need(src, &e.artifact)?;
        match Artifact::parse(&bytes) {
            Ok(Artifact::KeyTransition(t)) if t.origin == origin => chain.push((e.index, t)),
            Ok(Artifact::KeyTransition(t)) => {
                return Err(format!(
                    "key transition #{} is for the log {:?}, not {origin:?}",
                    e.index, t.origin
                ));
            }
            // What it is instead is reported with the entry.
            _ => {}
        }
    }
    Ok(chain)
}

/// Whether `a` and `b` are the same checkpoint key, however spelt.
fn same_vkey(a: &str, b: &str) -> bool {
    matches!((tlog::Verifier::parse(a), tlog::Verifier::parse(b)), (Ok(x), Ok(y)) if x == y)
}

/// Whether the key transitions lead from the keys `(vkey, public_der)` to
/// the keys the site shows. Their signatures are checked with the entries.
fn rotation_leads(
    chain: &[(u64, tr::artifact::KeyTransition)],
    vkey: &str,
    public_der: &[u8],
    site_vkey: &str,
    site_pub: &[u8],
) -> bool {
    let Some(start) = chain.iter().position(|(_, t)| {
        same_vkey(&t.previous.log_key, vkey) && t.previous.publisher_key == public_der
    }) else {
        return false;
    };
    let links = chain[start..]
        .windows(2)
        .all(|w| w[0].1.next == w[1].1.previous);
    let last = &chain[chain.len() - 1].1.next;
    links && same_vkey(&last.log_key, site_vkey) && last.publisher_key == site_pub
}

/// The keys to check the site with: the trusted ones, or, when the log
/// rotated them since, the ones the key transitions lead to (a note says
/// so). Keys that no transition leads to stay as they are, and are
/// reported as swapped.
fn follow_rotations(
    chain: &[(u64, tr::artifact::KeyTransition)],
    vkey: String,
    public_der: Vec<u8>,
    site_vkey: &str,
    site_pub: &[u8],
    r: &mut Report,
) -> (String, Vec<u8>) {
    if same_vkey(&vkey, site_vkey) && public_der == site_pub
        || !rotation_leads(chain, &vkey, &public_der, site_vkey, site_pub)
    {
        return (vkey, public_der);
    }
    let Some(start) = chain.iter().position(|(_, t)| {
        same_vkey(&t.previous.log_key, &vkey) && t.previous.publisher_key == public_der
    }) else {
        return (vkey, public_der);
    };
    let entries: Vec<u64> = chain[start..].iter().map(|(i, _)| *i).collect();
    r.push(
        "keys",
        Outcome::Note,
        entries.clone(),
        format!(
            "the keys you trusted were rotated: followed key transition{} {} (entr{} {}), each signed by the keys before it, to the keys the site shows now ({})",
            if entries.len() == 1 { "" } else { "s" },
            chain[start..]
                .iter()
                .map(|(_, t)| t.number.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if entries.len() == 1 { "y" } else { "ies" },
            entries
                .iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", "),
            site_vkey
        ),
    );
    (site_vkey.to_string(), site_pub.to_vec())
}

/// The keys of each stretch of the log: before the first key transition,
/// after each. The last are the keys trusted now.
fn eras(
    chain: &[(u64, tr::artifact::KeyTransition)],
    verifier: &tlog::Verifier,
    public_der: &[u8],
) -> Vec<Era> {
    let era = |from: u64, der: &[u8], v: tlog::Verifier| Era {
        from,
        key: sign::P256Key::from_der(der),
        hint: sign::key_hint(der),
        log_id: tr::log_id(&v),
        verifier: v,
    };
    let mut out = Vec::new();
    let mut from = 0;
    for (i, t) in chain {
        let v = tlog::Verifier::parse(&t.previous.log_key)
            .expect("bug: a key transition's keys were checked when it was read");
        out.push(era(from, &t.previous.publisher_key, v));
        from = i + 1;
    }
    out.push(era(from, public_der, verifier.clone()));
    out
}

/// Each key transition hands over to the keys after it: it starts from
/// the keys of its stretch (the ones the transition before it named) and
/// the checkpoint of its bundle is signed by the next checkpoint key too.
fn check_handovers(
    src: &dyn Source,
    index: &index::IndexFile,
    chain: &[(u64, tr::artifact::KeyTransition)],
    eras: &[Era],
    origin: &str,
    r: &mut Report,
) {
    for (k, (i, t)) in chain.iter().enumerate() {
        let fail = |r: &mut Report, why: String| {
            r.fail(
                "keys",
                vec![*i],
                format!("key transition {} (#{i}): {why}", t.number),
            )
        };
        if t.number != k as u64 + 1 {
            fail(
                r,
                format!(
                    "it is numbered {}, but it is the log's transition {}",
                    t.number,
                    k + 1
                ),
            );
        }
        if k > 0 && chain[k - 1].1.next != t.previous {
            fail(
                r,
                "it does not start from the keys the transition before it named".into(),
            );
        }
        let (Some(_), Some(next)) = (eras.get(k), eras.get(k + 1)) else {
            continue;
        };
        let bundle = index
            .entry(*i)
            .and_then(|e| src.get(&e.bundle).ok().flatten())
            .and_then(|b| tr::Bundle::parse(&b).ok());
        let handed_over = bundle.is_some_and(|b| {
            tlog::verify_checkpoint(
                b.checkpoint_note.as_bytes(),
                origin,
                std::slice::from_ref(&next.verifier),
            )
            .is_ok()
        });
        if !handed_over {
            fail(
                r,
                "its checkpoint is not signed by the next checkpoint key it names".into(),
            );
        } else {
            r.ok_for(
                "keys",
                vec![*i],
                format!(
                    "key transition {} (#{i}) replaced the log's keys: it names the next keys, is signed by the ones it replaces, and its checkpoint by both; the entries before it are checked with the keys of their time",
                    t.number
                ),
            );
        }
    }
}

/// Checks one entry: its log entry, artifact (digest, signature, canonical
/// form, well-formed, what the index labels it) and bundle. What it seals,
/// when every check passed.
fn check_entry(
    ctx: &EntryContext<'_>,
    e: &tr::IndexEntry,
    leaf: &[u8],
    reader: &TileHashReader<&Tiles>,
    label: &str,
    r: &mut Report,
) -> Option<(Verified, [u8; 32])> {
    let i = e.index;
    let entry = match tr::parse_entry(leaf) {
        Ok(x) => x,
        Err(why) => return fail(r, i, format!("{label}: the log entry {why}")),
    };
    let bytes = match ctx.src.get(&e.artifact) {
        Ok(Some(b)) => b,
        Ok(None) => return fail(r, i, format!("{label}: the artifact is missing")),
        Err(err) => return fail(r, i, format!("{label}: {err}")),
    };
    let digest = sha2::Sha256::digest_bytes(&bytes);
    if digest != entry.digest {
        return fail(
            r,
            i,
            format!("{label}: the artifact was changed: its SHA-256 is not the one in the log"),
        );
    }
    if e.sha256 != sign::hex(&digest) {
        fail::<()>(
            r,
            i,
            format!("{label}: the index gives another digest than the log"),
        );
    }
    let key = match &ctx.era(i).key {
        Ok(k) => k,
        Err(why) => return fail(r, i, format!("{label}: the publisher key {why}")),
    };
    if entry.public_der != key.der() {
        return fail(
            r,
            i,
            format!("{label}: the log entry names another signing key"),
        );
    }
    if !key.verify(&bytes, &entry.signature) {
        return fail(
            r,
            i,
            format!("{label}: the signature does not verify with the publisher's key"),
        );
    }
    let artifact = if !canonical::is_canonical(&bytes) {
        fail(
            r,
            i,
            format!("{label}: the artifact is not canonical JSON (RFC 8785)"),
        )
    } else {
        match Artifact::parse(&bytes) {
            Ok(a) => match tr::label_matches(e, &a) {
                Ok(()) => Some(a),
                Err(why) => fail(r, i, format!("{label}: {why}")),
            },
            Err(why) => fail(r, i, format!("{label}: {why}")),
        }
    };
    let bundle_bytes = match ctx.src.get(&e.bundle) {
        Ok(Some(b)) => b,
        Ok(None) => return fail(r, i, format!("{label}: the bundle {} is missing", e.bundle)),
        Err(err) => return fail(r, i, format!("{label}: {err}")),
    };
    let (publish_end, sealed_at) = match check_bundle(&bundle_bytes, &entry, leaf, i, ctx, reader) {
        Ok(x) => x,
        Err(why) => return fail(r, i, format!("{label}: bundle {}: {why}", e.bundle)),
    };
    if !r.passed() {
        return None;
    }
    let (artifact, languages) = without_texts(artifact?);
    Some((
        Verified {
            artifact: what_is_compared(artifact),
            languages,
            publish_end,
            sealed_at,
        },
        digest,
    ))
}

/// A version without its texts, as the pages check holds the versions of
/// one document (it reads the texts again, one page at a time); and the
/// languages of the texts.
fn without_texts(a: Artifact) -> (Artifact, Vec<String>) {
    match a {
        Artifact::Version(mut v) => {
            let bodies = std::mem::take(&mut v.bodies);
            (Artifact::Version(v), bodies.into_keys().collect())
        }
        a => (a, Vec::new()),
    }
}

/// An artifact reduced to what the checks across entries compare (see
/// `cross`): a version without its texts, summary, approval and reasons,
/// so that the entries of a bundle in flight take little memory whatever
/// their artifacts hold. That a version is a late entry is kept, not why.
fn what_is_compared(a: Artifact) -> Artifact {
    match a {
        Artifact::Version(mut v) => {
            v.bodies = BTreeMap::new();
            v.summary = None;
            v.approved_by = None;
            v.urgent = v.urgent.map(|_| serde_json::Value::Bool(true));
            v.late_entry = v.late_entry.map(|_| serde_json::Value::Bool(true));
            Artifact::Version(v)
        }
        a => a,
    }
}

/// Records a failure of entry `i`; nothing of it is verified.
fn fail<T>(r: &mut Report, i: u64, why: String) -> Option<T> {
    r.fail("entries", vec![i], why);
    None
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

/// Checks a bundle against its log entry and the log; the size of the
/// tree its proof is for (the log's size after the publish that sealed it),
/// and the time its timestamps prove.
fn check_bundle(
    bytes: &[u8],
    entry: &tr::LogEntry,
    leaf: &[u8],
    index: u64,
    ctx: &EntryContext<'_>,
    reader: &TileHashReader<&Tiles>,
) -> Result<(u64, Option<crate::tsa::Stamp>), String> {
    let era = ctx.era(index);
    let (hint, log_id, verifier, cp, roots) = (
        era.hint.as_str(),
        &era.log_id,
        &era.verifier,
        ctx.cp,
        ctx.roots,
    );
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
    let stamp = time::check_tokens(&b.timestamps, &b.signature, ctx.tsa)?;
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
    // Keyed by the note's bytes and the key that must have signed it.
    use sha2::Digest;
    let note_key: [u8; 32] = sha2::Sha256::new()
        .chain_update(verifier.to_key_string())
        .chain_update([0])
        .chain_update(b.checkpoint_note.as_bytes())
        .finalize()
        .into();
    let seen = ctx
        .notes
        .lock()
        .expect("bug: a verifying thread panicked")
        .get(&note_key)
        .copied();
    let (bcp_size, bcp_root) = match seen {
        Some(s) => s,
        None => {
            let bcp = tlog::verify_checkpoint(
                b.checkpoint_note.as_bytes(),
                verifier.name(),
                std::slice::from_ref(verifier),
            )
            .map_err(|e| format!("its checkpoint does not verify: {e}"))?;
            let mut notes = ctx.notes.lock().expect("bug: a verifying thread panicked");
            if notes.len() >= CACHED_ROOTS {
                notes.clear();
            }
            notes.insert(note_key, (bcp.size, bcp.root));
            (bcp.size, bcp.root)
        }
    };
    if bcp_size != size || bcp_root != root {
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
            let mut roots = roots.lock().expect("bug: a verifying thread panicked");
            // One root per publish: a log of many publishes computes a
            // root again rather than keep them all.
            if roots.len() >= CACHED_ROOTS {
                roots.clear();
            }
            roots.insert(size, h);
            h
        }
    };
    if log_root != root {
        return Err(format!(
            "its checkpoint (size {size}) is not a state of this log: the log was rewritten or forked"
        ));
    }
    merkle::verify_inclusion(&tlog::leaf_hash(leaf), index, size, &b.proof, &root)
        .map(|()| (size, stamp))
        .map_err(|e| format!("its inclusion proof fails: {e}"))
}

/// The source for a command-line target: a URL, a built site folder (with
/// `transparency/`), a site folder, or a `transparency/` folder itself.
pub fn source_for(target: &str) -> Result<Box<dyn Source>, String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        // The site asked for is the URL without its query or fragment.
        let mut base = target
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        // A closed log is a folder below transparency/ of its own.
        if !base.contains("/transparency/") {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VersionNumber;
    use crate::transparency::artifact::{NoticeArtifact, VersionArtifact};
    use ::time::macros::date;

    fn entry(kind: &str, sha: &str) -> tr::IndexEntry {
        tr::IndexEntry {
            index: 0,
            kind: kind.into(),
            document: None,
            version: None,
            relationship: None,
            state: None,
            sha256: sha.into(),
            artifact: format!("artifacts/{sha}.json"),
            bundle: String::new(),
        }
    }

    fn version(v: &str) -> Verified {
        Verified {
            artifact: Artifact::Version(Box::new(VersionArtifact {
                schema: 1,
                document: "p".into(),
                version: VersionNumber::parse(v).unwrap(),
                published: date!(2020 - 01 - 01),
                effective: date!(2020 - 01 - 01),
                material: true,
                approved_by: None,
                approved_on: None,
                summary: None,
                urgent: None,
                late_entry: None,
                bodies: BTreeMap::new(),
            })),
            languages: Vec::new(),
            publish_end: 9,
            sealed_at: None,
        }
    }

    fn notice(from: (&str, &str), to: (&str, &str)) -> Verified {
        Verified {
            artifact: Artifact::Notice(NoticeArtifact {
                document: "p".into(),
                previous: (VersionNumber::parse(from.0).unwrap(), from.1.into()),
                new: (VersionNumber::parse(to.0).unwrap(), to.1.into()),
                published: date!(2020 - 01 - 01),
                effective: date!(2020 - 01 - 01),
            }),
            languages: Vec::new(),
            publish_end: 9,
            sealed_at: None,
        }
    }

    /// The failures of the notice checks over a log of versions 1.0 and
    /// 2.0 of "p" and, at 2, `n`.
    fn notice_failures(n: Verified, swap: bool) -> Vec<String> {
        let mut log = [
            (entry("version", "v1"), version("1.0")),
            (entry("version", "v2"), version("2.0")),
            (entry("change-notice", "n2"), n),
        ];
        if swap {
            log.swap(1, 2);
        }
        let entries: Vec<tr::IndexEntry> = log
            .iter()
            .enumerate()
            .map(|(i, (e, _))| tr::IndexEntry {
                index: i as u64,
                ..e.clone()
            })
            .collect();
        let idx = index::of_entries(entries, 10);
        let mut cross = cross::Cross::new(&idx, &[]).unwrap();
        for (i, (_, v)) in log.iter().enumerate() {
            cross.add(i as u64, [i as u8; 32], None, v).unwrap();
        }
        let mut r = Report::default();
        cross.finish(&mut r).unwrap();
        let links: Vec<&Check> = r.checks.iter().filter(|c| c.check == "links").collect();
        let failures: Vec<String> = links
            .iter()
            .filter(|c| c.result == Outcome::Failed)
            .map(|c| c.message.clone())
            .collect();
        if failures.is_empty() {
            assert!(
                links.iter().any(|c| c.result == Outcome::Ok),
                "{:?}",
                r.lines
            );
        }
        failures
    }

    #[test]
    fn notices_must_announce_and_replace_what_the_log_sealed() {
        assert_eq!(
            notice_failures(notice(("1.0", "v1"), ("2.0", "v2")), false),
            Vec::<String>::new()
        );
        for (n, why) in [
            (
                notice(("1.0", "v1"), ("2.0", "v9")),
                "#2 artifacts/n2.json: the notice announces another text of version 2.0 than the log sealed (#1)",
            ),
            (
                notice(("1.0", "v9"), ("2.0", "v2")),
                "the notice replaces another text of version 1.0 than the log sealed (#0)",
            ),
            (
                notice(("1.0", "v1"), ("3.0", "v3")),
                "the notice announces version 3.0 of \"p\", which the log does not seal before it",
            ),
        ] {
            let got = notice_failures(n, false);
            assert!(got.len() == 1 && got[0].contains(why), "{why}: {got:?}");
        }
        // A notice before the version it announces does not count.
        let got = notice_failures(notice(("1.0", "v1"), ("2.0", "v2")), true);
        assert!(got[0].contains("does not seal before it"), "{got:?}");
        // The version it replaces need not be sealed (it may not be published yet).
        assert!(notice_failures(notice(("0.9", "v0"), ("2.0", "v2")), false).is_empty());
    }

    #[test]
    fn failures_beyond_the_first_thousand_of_a_check_are_counted_not_kept() {
        let mut r = Report::default();
        let mut other = Report::default();
        for i in 0..1200u64 {
            r.fail("entries", vec![i], format!("#{i}: missing"));
            other.fail("entries", vec![i], format!("#{i}: missing"));
        }
        r.fail("pages", vec![1], "a page");
        r.merge(other);
        r.tell_unlisted();
        assert_eq!(r.failures.len(), MAX_LISTED + 1);
        assert_eq!(r.failure_count(), 2401);
        assert_eq!(
            r.lines.last().unwrap(),
            "FAILED  and 1400 more failures of the entries check, not listed (the first 1000 are)"
        );
        let v: serde_json::Value = serde_json::from_str(&r.to_json("site/")).unwrap();
        assert_eq!(v["failures"], 2401);
        assert_eq!(v["checks"].as_array().unwrap().len(), MAX_LISTED + 2);
        // Runs of positions are listed one by one.
        let e: Entries = vec![3, 4, 5, 9, 2].into();
        assert_eq!(e.0.len(), 3);
        assert_eq!(serde_json::to_string(&e).unwrap(), "[3,4,5,9,2]");
        assert_eq!(e.len(), 5);
    }

    #[test]
    fn the_json_report_lists_every_check_with_its_entries() {
        let mut r = Report {
            log: Some(("o.example/log".into(), 3)),
            ..Report::default()
        };
        r.ok("checkpoint", "checkpoint of o.example/log: 3 entries");
        r.note("keys", "trusting on first use");
        r.fail("one-truth", vec![0, 2], "#2 x: a second text");
        let v: serde_json::Value = serde_json::from_str(&r.to_json("site/")).unwrap();
        assert_eq!(v["target"], "site/");
        assert_eq!(v["verified"], false);
        assert_eq!(v["failures"], 1);
        assert_eq!(
            v["log"],
            serde_json::json!({"origin": "o.example/log", "size": 3})
        );
        assert_eq!(
            v["checks"][2],
            serde_json::json!({"check": "one-truth", "result": "failed", "message": "#2 x: a second text", "entries": [0, 2]})
        );
        assert_eq!(v["checks"][1]["result"], "note");
        assert_eq!(r.lines[2], "FAILED  #2 x: a second text");
    }
}
