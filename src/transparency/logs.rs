//! Earlier logs of a site. A log whose keys are lost, or may be in other
//! hands, cannot be continued: nobody can sign its next checkpoint, or
//! somebody else could. `keygen --new-log` closes it as it stands, keeps it
//! whole and verifiable in `transparency/logs/<n>/` (the same layout as
//! `transparency/`: keys, log, index, artifacts, bundles), and starts the
//! next log, under the next origin (`…/log2`), at the fixed names the
//! content format gives the current log. `logs.json` lists the earlier
//! logs, how far each went and why it was closed; `build` checks each one
//! and publishes it, and the verify page tells readers about it.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{DIR, INDEX_FILE, LOG_DIR, PENDING_INDEX_FILE, PublishError, Sealed};
use crate::diag::Diagnostic;
use crate::sign;

/// The folder below `transparency/` that holds the earlier logs.
pub const LOGS_DIR: &str = "logs";
/// The list of earlier logs below `transparency/`.
pub const LOGS_FILE: &str = "logs.json";
/// `schema` of [`LOGS_FILE`].
pub const LOGS_SCHEMA: &str = "policypress.earlier-logs/v1";
/// The folder below `transparency/` where a rotation keeps the public keys
/// that signed before it (`keys/<n>/`); moved with its log when the log
/// is closed.
pub const KEYS_DIR: &str = "keys";

/// Why a log was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// Its private keys (or their password) were lost.
    Lost,
    /// Its private keys may be known to someone else.
    Compromised,
}

impl Reason {
    /// In words, completing "closed because …".
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Lost => "its signing keys were lost",
            Reason::Compromised => "its signing keys may be known to someone else",
        }
    }
}

/// One closed log, as `logs.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierLog {
    /// 1 for the first log of the site.
    pub number: u32,
    /// Its origin, the name its checkpoints carry.
    pub origin: String,
    /// How many entries it has; it never grows again.
    pub size: u64,
    /// Its folder, relative to `transparency/`: `logs/<number>`.
    pub folder: String,
    /// The day it was closed (`YYYY-MM-DD`), as its publisher's clock said.
    pub closed: String,
    /// Why.
    pub reason: Reason,
    /// The origin of the log that continues it.
    pub next: String,
}

/// `logs.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogsFile {
    schema: String,
    earlier: Vec<EarlierLog>,
}

fn damaged(file: &Path, what: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("the list of earlier logs is damaged: {what}"))
        .in_file(file)
        .hint("restore transparency/ from version control; it is only ever written by `policypress keygen` and `policypress publish`")
}

/// The earlier logs of the `transparency/` folder `dir`, oldest first;
/// none when it has no `logs.json`.
pub fn read(dir: &Path) -> Result<Vec<EarlierLog>, Diagnostic> {
    let file = dir.join(LOGS_FILE);
    let bytes = match fs::read(&file) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(damaged(&file, format!("cannot read it ({e})"))),
    };
    parse(&bytes).map_err(|why| damaged(&file, why))
}

/// The earlier logs in the bytes of a `logs.json`, checked for shape: each
/// numbered in turn, in its own folder `logs/<number>`.
pub fn parse(bytes: &[u8]) -> Result<Vec<EarlierLog>, String> {
    let f: LogsFile = serde_json::from_slice(bytes).map_err(|e| format!("unreadable: {e}"))?;
    if f.schema != LOGS_SCHEMA {
        return Err(format!("its schema is {:?}, not {LOGS_SCHEMA}", f.schema));
    }
    for (i, e) in f.earlier.iter().enumerate() {
        let n = i as u32 + 1;
        if e.number != n || e.folder != format!("{LOGS_DIR}/{n}") {
            return Err(format!(
                "earlier log {i} is numbered {} in {:?}; it should be {n} in {LOGS_DIR}/{n}",
                e.number, e.folder
            ));
        }
    }
    Ok(f.earlier)
}

/// Every problem with the earlier logs of the site in `root`: each must
/// still be the log it was when it was closed (its checkpoint signed by
/// its own key, its tiles, index and artifacts whole, and of the size
/// `logs.json` records).
pub fn check(root: &Path) -> (Vec<EarlierLog>, Vec<Diagnostic>) {
    let dir = root.join(DIR);
    let earlier = match read(&dir) {
        Ok(e) => e,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut diags = Vec::new();
    for e in &earlier {
        match Sealed::load_dir(&dir.join(&e.folder), &e.origin) {
            Ok(s) if s.checkpoint.size == e.size => {}
            Ok(s) => diags.push(damaged(
                &dir.join(LOGS_FILE),
                format!(
                    "the earlier log {} was closed with {} entries, but {} holds {}",
                    e.origin, e.size, e.folder, s.checkpoint.size
                ),
            )),
            Err(d) => diags.push(d),
        }
    }
    (earlier, diags)
}

/// Puts back the current log of the `transparency/` folder `dir` when its
/// closing was interrupted: `logs/<n>/` exists but `logs.json` does not
/// list it yet, so it may hold part of the log. Whatever of the log was
/// moved there goes back to the fixed names, and the folder is removed.
/// Whether there was such a folder.
pub fn undo_unfinished_close(dir: &Path) -> Result<bool, PublishError> {
    let earlier = read(dir).map_err(|d| PublishError::Content(vec![d]))?;
    let dest = dir.join(LOGS_DIR).join((earlier.len() + 1).to_string());
    if !dest.exists() {
        return Ok(false);
    }
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        PublishError::Failed(format!("{what} {}: {e}", p.display()))
    };
    for name in LOG_FILES {
        let (from, to) = (dest.join(name), dir.join(name));
        if from.exists() {
            if to.exists() {
                return Err(PublishError::Failed(format!(
                    "{} and {} both exist: an interrupted `keygen --new-log` left two copies\n  = hint: restore transparency/ from version control",
                    from.display(),
                    to.display()
                )));
            }
            fs::rename(&from, &to).map_err(|e| fail("moving the log back to", &to, e))?;
        }
    }
    fs::remove_dir(&dest).map_err(|e| fail("removing", &dest, e))?;
    Ok(true)
}

/// The origin of the log after `origin`: `…/log` → `…/log2`, `…/log2` →
/// `…/log3`.
pub fn next_origin(origin: &str) -> String {
    let digits = origin.len() - origin.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (stem, number) = origin.split_at(digits);
    let n: u64 = number.parse().unwrap_or(1);
    format!("{stem}{}", n.saturating_add(1))
}

/// What `transparency/` holds of the current log, and is moved with it
/// when it is closed.
const LOG_FILES: [&str; 8] = [
    sign::PUBLIC_KEY_FILE,
    sign::VERIFIER_KEY_FILE,
    LOG_DIR,
    INDEX_FILE,
    PENDING_INDEX_FILE,
    "artifacts",
    "bundles",
    KEYS_DIR,
];

/// Closes the current log of the `transparency/` folder `dir` (already
/// read and checked as `sealed`): moves it whole into `logs/<n>/` and
/// records it in `logs.json` as continued by `next`. The fixed names are
/// free afterwards, for the next log's keys.
pub fn close_current(
    dir: &Path,
    sealed: &Sealed,
    reason: Reason,
    closed: &str,
    next: &str,
) -> Result<EarlierLog, PublishError> {
    let mut earlier = read(dir).map_err(|d| PublishError::Content(vec![d]))?;
    let number = earlier.len() as u32 + 1;
    let folder = format!("{LOGS_DIR}/{number}");
    let dest = dir.join(&folder);
    if dest.exists() {
        return Err(PublishError::Failed(format!(
            "{} exists but {} does not list it: an earlier `keygen --new-log` was interrupted\n  = hint: run `keygen --new-log` again, which puts the log back first",
            dest.display(),
            dir.join(LOGS_FILE).display()
        )));
    }
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        PublishError::Failed(format!("{what} {}: {e}", p.display()))
    };
    fs::create_dir_all(&dest).map_err(|e| fail("creating folder", &dest, e))?;
    for name in LOG_FILES {
        let from = dir.join(name);
        if from.exists() {
            let to: PathBuf = dest.join(name);
            fs::rename(&from, &to).map_err(|e| fail("moving the closed log into", &to, e))?;
            super::crash_point("new-log:moving");
        }
    }
    let e = EarlierLog {
        number,
        origin: sealed.checkpoint.origin.clone(),
        size: sealed.checkpoint.size,
        folder,
        closed: closed.to_string(),
        reason,
        next: next.to_string(),
    };
    earlier.push(e.clone());
    let file = LogsFile {
        schema: LOGS_SCHEMA.into(),
        earlier,
    };
    let mut bytes = serde_json::to_vec_pretty(&file).expect("bug: the list of logs serialises");
    bytes.push(b'\n');
    super::write_atomic(&dir.join(LOGS_FILE), &bytes)?;
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_origin_counts_on() {
        assert_eq!(
            next_origin("privacy.example.nl/log"),
            "privacy.example.nl/log2"
        );
        assert_eq!(
            next_origin("privacy.example.nl/log2"),
            "privacy.example.nl/log3"
        );
        assert_eq!(
            next_origin("privacy.example.nl/log9"),
            "privacy.example.nl/log10"
        );
        assert_eq!(next_origin("example.org/2026"), "example.org/2027");
    }

    #[test]
    fn a_list_out_of_turn_is_refused() {
        let one = |n: u32, folder: &str| {
            format!(
                r#"{{"schema":"{LOGS_SCHEMA}","earlier":[{{"number":{n},"origin":"a/log","size":3,"folder":"{folder}","closed":"2026-11-25","reason":"lost","next":"a/log2"}}]}}"#
            )
        };
        assert_eq!(parse(one(1, "logs/1").as_bytes()).unwrap().len(), 1);
        for bad in [one(2, "logs/2"), one(1, "../x"), one(1, "logs/2")] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
        assert!(parse(b"{\"schema\":\"x\",\"earlier\":[]}").is_err());
    }
}
