//! One error type for the log, so a failed publish or verify says what was
//! being done, to which path, and why.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Everything that can go wrong while writing, reading or verifying the log.
#[derive(Debug)]
pub enum Error {
    /// A filesystem call failed: `action` says what was being done to `path`.
    Io {
        /// What was being done, e.g. "reading tile".
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A tile or entry bundle that the tree needs is not there.
    MissingTile {
        /// The tile path, relative to the log's prefix (`tile/0/001.p/3`).
        path: String,
    },
    /// A tile or entry bundle has the wrong size or a broken encoding.
    MalformedTile {
        /// The tile path, relative to the log's prefix.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A signed note is not well formed (C2SP signed-note).
    MalformedNote(String),
    /// A checkpoint body is not well formed (C2SP tlog-checkpoint).
    MalformedCheckpoint(String),
    /// A verifier or signer key string is not well formed.
    MalformedKey(String),
    /// A signature by a known key did not verify.
    InvalidSignature {
        /// The key name of the failing signature.
        name: String,
        /// Its key ID.
        key_id: u32,
    },
    /// No signature by any known key was found on a note.
    NoKnownSignature,
    /// The checkpoint belongs to another log.
    OriginMismatch {
        /// The origin this log was opened with.
        expected: String,
        /// The origin found in the checkpoint.
        found: String,
    },
    /// An index or tree size outside the tree was asked for.
    OutOfRange(String),
    /// An inclusion or consistency proof, or a root, did not check out.
    ProofFailed(String),
    /// An entry cannot be stored (entry bundles hold at most 65,535 bytes per entry).
    EntryTooLarge {
        /// Position of the entry in the batch that was appended.
        position: usize,
        /// Its length in bytes.
        len: usize,
    },
    /// The tiles on disk do not agree with the checkpoint.
    Corrupt(String),
}

impl Error {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn tile(path: &str, reason: impl Into<String>) -> Self {
        Error::MalformedTile {
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "{action} {}: {source}", path.display()),
            Error::MissingTile { path } => write!(f, "log tile {path} is missing"),
            Error::MalformedTile { path, reason } => {
                write!(f, "log tile {path} is malformed: {reason}")
            }
            Error::MalformedNote(why) => write!(f, "malformed signed note: {why}"),
            Error::MalformedCheckpoint(why) => write!(f, "malformed checkpoint: {why}"),
            Error::MalformedKey(why) => write!(f, "malformed key: {why}"),
            Error::InvalidSignature { name, key_id } => {
                write!(f, "signature by key {name}+{key_id:08x} does not verify")
            }
            Error::NoKnownSignature => {
                write!(f, "note carries no valid signature by a known key")
            }
            Error::OriginMismatch { expected, found } => write!(
                f,
                "checkpoint is for log {found:?}, but this log is {expected:?}"
            ),
            Error::OutOfRange(why) => write!(f, "out of range: {why}"),
            Error::ProofFailed(why) => write!(f, "verification failed: {why}"),
            Error::EntryTooLarge { position, len } => write!(
                f,
                "entry {position} of the batch is {len} bytes; a log entry may be at most 65535 bytes"
            ),
            Error::Corrupt(why) => write!(f, "log storage is inconsistent: {why}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Result with the log's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
