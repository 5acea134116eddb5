//! What `verify` remembers between runs: per site asked for, the log it
//! served; per log (its origin), the keys it was signed with and the last
//! checkpoint seen. Kept so that a log that was rewritten, or a site that
//! starts serving another log or other keys, is caught the next time.
//!
//! Layout below the state folder (`~/.local/state/policypress/`):
//! `sites/<name>.json` and `logs/<name>/{checkpoint,log.vkey,publisher.pub}`,
//! where each name is the site or origin written so that two different
//! ones never share a file and none can leave the folder ([`file_name`]).
//! Earlier versions kept `origins/<origin with every odd character as _>/`;
//! that state is read when a log has none of its own and carried over.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::sign;
use crate::tlog;

/// Longest file name written; longer names end in a digest instead.
const MAX_NAME: usize = 120;

/// A site or origin as one file name: lowercase letters, digits, `-` and
/// `_` are kept, every other byte is written `%XX` (so `a/b`, `a_b`, `A`
/// and `..` all differ and none is a path); a long name is cut and ends in
/// `~` and the SHA-256 of the whole (`~` is never kept, so a cut name
/// never equals a whole one).
pub fn file_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        return "%".into();
    }
    if out.len() > MAX_NAME {
        // `out` is ASCII; never cut inside a %XX.
        let mut cut = MAX_NAME - 65;
        while out[..cut].rfind('%').is_some_and(|p| p + 3 > cut) {
            cut -= 1;
        }
        let digest = sign::hex(&Sha256::digest(s.as_bytes()));
        return format!("{}~{digest}", &out[..cut]);
    }
    out
}

/// What is remembered of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    /// The site as asked for: its URL without query, or its folder's real path.
    pub site: String,
    /// The origin of the log it served.
    pub origin: String,
}

/// What is remembered of a log.
#[derive(Debug, Clone, Default)]
pub struct LogRecord {
    /// The log's verifier key, as a note key string.
    pub log_key: Option<String>,
    /// The publisher's public key (DER).
    pub publisher_key: Option<Vec<u8>>,
    /// The last checkpoint seen (note bytes).
    pub checkpoint: Option<Vec<u8>>,
    /// Where the state was carried over from, when it was read from the
    /// layout of an earlier version.
    pub carried_from: Option<PathBuf>,
}

impl LogRecord {
    /// Whether anything is remembered.
    pub fn is_known(&self) -> bool {
        self.log_key.is_some() || self.publisher_key.is_some() || self.checkpoint.is_some()
    }
}

/// The state folder.
#[derive(Debug, Clone)]
pub struct State {
    root: PathBuf,
}

fn read_opt(p: &Path) -> Result<Option<Vec<u8>>, String> {
    match fs::read(p) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("reading the remembered state {}: {e}", p.display())),
    }
}

impl State {
    /// The state kept in `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        State { root: root.into() }
    }

    fn site_file(&self, site: &str) -> PathBuf {
        self.root
            .join("sites")
            .join(format!("{}.json", file_name(site)))
    }

    /// The folder of a log's state.
    pub fn log_dir(&self, origin: &str) -> PathBuf {
        self.root.join("logs").join(file_name(origin))
    }

    /// What is remembered of `site`.
    pub fn site(&self, site: &str) -> Result<Option<SiteRecord>, String> {
        let p = self.site_file(site);
        let Some(b) = read_opt(&p)? else {
            return Ok(None);
        };
        let rec: SiteRecord = serde_json::from_slice(&b)
            .map_err(|e| format!("the remembered state {} is damaged: {e}", p.display()))?;
        // A file of another site (it cannot be, but a name is not a proof).
        Ok((rec.site == site).then_some(rec))
    }

    /// What is remembered of the log `origin`: its own state, or else the
    /// state an earlier version of policypress kept for it.
    pub fn log(&self, origin: &str) -> Result<LogRecord, String> {
        let dir = self.log_dir(origin);
        let rec = LogRecord {
            log_key: read_opt(&dir.join(sign::VERIFIER_KEY_FILE))?
                .map(|b| String::from_utf8_lossy(&b).trim().to_string()),
            publisher_key: match read_opt(&dir.join(sign::PUBLIC_KEY_FILE))? {
                Some(b) => Some(
                    sign::parse_public_pem(&String::from_utf8_lossy(&b)).map_err(|why| {
                        format!("the remembered publisher key in {} {why}", dir.display())
                    })?,
                ),
                None => None,
            },
            checkpoint: read_opt(&dir.join("checkpoint"))?,
            carried_from: None,
        };
        if rec.is_known() {
            return Ok(rec);
        }
        Ok(self.earlier(origin))
    }

    /// The state of the layout before this one, when it is this log's:
    /// its folder name was lossy (`a/b` and `a_b` shared one), so only
    /// what names this very origin is taken.
    fn earlier(&self, origin: &str) -> LogRecord {
        let dir = self.root.join("origins").join(sign::safe_name(origin));
        if sign::safe_name(origin).trim_matches('.').is_empty() {
            return LogRecord::default();
        }
        let read = |name: &str| fs::read(dir.join(name)).ok();
        let log_key = read(sign::VERIFIER_KEY_FILE)
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .filter(|k| tlog::Verifier::parse(k).is_ok_and(|v| v.name() == origin));
        let checkpoint = read("checkpoint").filter(|b| {
            tlog::note::split(b)
                .ok()
                .and_then(|(t, _)| t.lines().next().map(|l| l == origin))
                .unwrap_or(false)
        });
        let publisher_key = log_key
            .as_ref()
            .and_then(|_| read(sign::PUBLIC_KEY_FILE))
            .and_then(|b| sign::parse_public_pem(&String::from_utf8_lossy(&b)).ok());
        let carried = log_key.is_some() || checkpoint.is_some();
        LogRecord {
            log_key,
            publisher_key,
            checkpoint,
            carried_from: carried.then_some(dir),
        }
    }

    /// Remembers `site` serving `origin`, the log's keys and, when given,
    /// its checkpoint; each file is written whole or not at all, the
    /// checkpoint after the keys and the site last.
    pub fn save(
        &self,
        site: &str,
        origin: &str,
        log_key: &str,
        publisher_der: &[u8],
        checkpoint: Option<&[u8]>,
    ) -> Result<PathBuf, String> {
        let dir = self.log_dir(origin);
        write_atomic(
            &dir.join(sign::VERIFIER_KEY_FILE),
            format!("{log_key}\n").as_bytes(),
        )?;
        write_atomic(
            &dir.join(sign::PUBLIC_KEY_FILE),
            sign::public_pem(publisher_der).as_bytes(),
        )?;
        if let Some(cp) = checkpoint {
            write_atomic(&dir.join("checkpoint"), cp)?;
        }
        let rec = SiteRecord {
            site: site.to_string(),
            origin: origin.to_string(),
        };
        let mut json = serde_json::to_vec_pretty(&rec).expect("bug: a site record serialises");
        json.push(b'\n');
        write_atomic(&self.site_file(site), &json)?;
        Ok(dir)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder
/// and a rename, so a reader (or a crash) sees the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .expect("bug: a state file always has a folder");
    fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = path
        .file_name()
        .expect("bug: a state file always has a name")
        .to_string_lossy();
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(format!("writing {}: {e}", tmp.display()));
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("replacing {}: {e}", path.display())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_collide_nor_leave_the_folder() {
        let names = [
            "a/b", "a_b", "a%2Fb", "A", "a", "..", ".", "", "%", "~", "a.b", "a-b",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for n in names {
            let f = file_name(n);
            assert!(seen.insert(f.clone()), "{n:?} collides as {f:?}");
            assert!(!f.contains('/') && !f.contains('\\') && f != "." && f != "..");
            assert!(!f.starts_with('.'), "{f}");
        }
        let long_a = "x".repeat(500) + "a";
        let long_b = "x".repeat(500) + "b";
        let (fa, fb) = (file_name(&long_a), file_name(&long_b));
        assert_ne!(fa, fb);
        assert!(fa.len() <= MAX_NAME && fb.len() <= MAX_NAME, "{}", fa.len());
        // A cut name never equals a whole one.
        assert!(fa.contains('~'));
        let odd = "é/".repeat(100);
        assert!(file_name(&odd).len() <= MAX_NAME);
    }

    #[test]
    fn a_site_and_a_log_are_remembered_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let st = State::new(dir.path());
        assert_eq!(st.site("https://a.example/").unwrap(), None);
        assert!(!st.log("a.example/log").unwrap().is_known());
        let signer = tlog::Signer::generate("a.example/log").unwrap();
        let vkey = signer.verifier().to_key_string();
        let key = sign::ArtifactKey::generate().unwrap();
        st.save(
            "https://a.example/",
            "a.example/log",
            &vkey,
            key.public_der(),
            Some(b"cp"),
        )
        .unwrap();
        assert_eq!(
            st.site("https://a.example/").unwrap().unwrap().origin,
            "a.example/log"
        );
        let rec = st.log("a.example/log").unwrap();
        assert_eq!(rec.log_key.as_deref(), Some(vkey.as_str()));
        assert_eq!(rec.publisher_key.as_deref(), Some(key.public_der()));
        assert_eq!(rec.checkpoint.as_deref(), Some(&b"cp"[..]));
        assert!(rec.carried_from.is_none());
        // Another origin that the old layout wrote to the same folder is another log.
        assert!(!st.log("a.example_log").unwrap().is_known());
    }
}
