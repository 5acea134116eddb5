//! Reading content files the same way on every machine: a UTF-8 BOM is
//! dropped, CRLF becomes LF, text and file names become Unicode NFC, and a
//! symbolic link is followed only when it stays inside the site folder.
//!
//! What is sealed in the log is built from this normalised text, so a
//! Windows checkout or a macOS file name does not change a sealed version.

use std::path::{Path, PathBuf};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::diag::Diagnostic;
use crate::messages::Message;

/// The largest content file accepted, in bytes.
pub(crate) const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// A content file's normalised text.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Relative to the site folder, for messages.
    pub rel: PathBuf,
    pub text: String,
}

/// An entry of a content folder.
#[derive(Debug, Clone)]
pub(crate) struct DirEntry {
    /// The file name in NFC.
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The path of `path` relative to `root`, for messages.
pub(crate) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Normalises text as described in the module documentation.
pub fn normalise(text: &str) -> String {
    normalise_owned(text.to_string())
}

/// [`normalise`], without copying text that needs no change: `serve`
/// reads every content file on every save.
fn normalise_owned(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    nfc(text)
}

/// NFC, without copying when the text is already normalised.
pub(crate) fn nfc(text: String) -> String {
    // Every character below U+0300 is in NFC whatever surrounds it, and in
    // UTF-8 those are exactly the texts without a byte from 0xCC up: most
    // Dutch and English text, checked much faster than character by
    // character.
    if text.bytes().fold(0, u8::max) < 0xCC {
        return text;
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Reads a content file: size limit, UTF-8 check, normalisation.
pub(crate) fn read_text(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = relative(root, path);
    let unreadable = |e: std::io::Error| {
        let m = Message::CannotReadFile {
            error: e.to_string(),
        };
        m.error().in_file(rel.clone())
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len(), rel));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    decode(bytes, &rel).map(|text| SourceFile { rel, text })
}

/// Checks and normalises a content file's bytes as [`read_text`] does after
/// reading them from disk: the size limit, UTF-8, normalisation.
pub(crate) fn read_bytes(
    root: &Path,
    path: &Path,
    bytes: Vec<u8>,
) -> Result<SourceFile, Diagnostic> {
    let rel = relative(root, path);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64, rel));
    }
    decode(bytes, &rel).map(|text| SourceFile { rel, text })
}

fn too_large(len: u64, rel: PathBuf) -> Diagnostic {
    let m = Message::FileTooLarge {
        mib: format!("{:.1}", len as f64 / (1024.0 * 1024.0)),
    };
    m.error().in_file(rel)
}

/// Decodes UTF-8, pointing at the first invalid byte, and normalises.
pub(crate) fn decode(bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(normalise_owned(s)),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let line = before.matches('\n').count() as u32 + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            Err(Message::NotUtf8
                .error()
                .in_file(rel.to_path_buf())
                .at(line, column))
        }
    }
}

/// Lists a folder in name order, skipping hidden files and editor leftovers.
/// Symbolic links pointing outside `root` are reported and skipped.
pub(crate) fn list_dir(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<DirEntry> {
    let rel = relative(root, dir);
    let reader = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => {
            let m = Message::CannotReadFolder {
                error: e.to_string(),
            };
            diags.push(m.error().in_file(rel));
            return Vec::new();
        }
    };
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::new();
    for entry in reader {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let m = Message::CannotReadFolder {
                    error: e.to_string(),
                };
                diags.push(m.error().in_file(rel.clone()));
                continue;
            }
        };
        let path = entry.path();
        let Some(raw_name) = entry.file_name().to_str().map(str::to_string) else {
            diags.push(
                Message::NameNotUnicode
                    .error()
                    .in_file(relative(root, &path)),
            );
            continue;
        };
        if is_ignored(&raw_name) {
            continue;
        }
        let name = nfc(raw_name);
        let link_meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                let m = Message::CannotReadFile {
                    error: e.to_string(),
                };
                diags.push(m.error().in_file(relative(root, &path)));
                continue;
            }
        };
        let is_dir = if link_meta.file_type().is_symlink() {
            match std::fs::canonicalize(&path) {
                Ok(target) if target.starts_with(&canonical_root) => target.is_dir(),
                Ok(target) => {
                    let m = Message::LinkOutside {
                        target: target.display().to_string(),
                    };
                    diags.push(m.error().in_file(relative(root, &path)));
                    continue;
                }
                Err(_) => {
                    diags.push(Message::LinkBroken.error().in_file(relative(root, &path)));
                    continue;
                }
            }
        } else {
            link_meta.is_dir()
        };
        out.push(DirEntry { name, path, is_dir });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Hidden files, editor swap and backup files, and OS metadata are not content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// True for `[a-z0-9]+(-[a-z0-9]+)*`.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A slug suggestion for a name that is not one, for hints.
pub(crate) fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_' || c == '.')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_bom_crlf_and_nfd() {
        let nfd = "\u{feff}Cafe\u{301}\r\nregel 2\r\n";
        assert_eq!(normalise(nfd), "Caf\u{e9}\nregel 2\n");
    }

    #[test]
    fn text_below_u0300_is_already_nfc() {
        // The fast path of `nfc` relies on this.
        let all: String = (1..0x300u32).filter_map(char::from_u32).collect();
        assert!(all.bytes().all(|b| b < 0xCC));
        assert_eq!(is_nfc_quick(all.chars()), IsNormalized::Yes);
        // And the first byte it does not pass is a combining mark's.
        assert_eq!(nfc("e\u{301}".to_string()), "\u{e9}");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let bytes = b"title = \"ok\"\nname = \"caf\xe9\"\n".to_vec();
        let d = decode(bytes, Path::new("content/site.toml")).unwrap_err();
        assert_eq!(d.location().unwrap(), "content/site.toml:2:12");
    }

    #[test]
    fn slugs() {
        for ok in ["a", "de-linde", "obs-12", "2b"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "De-Linde", "de linde", "-a", "a-", "a--b", "é", "a_b"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(suggest_slug("De Linde (Ede)"), "de-linde-ede");
        assert_eq!(suggest_slug("Café"), "cafe");
    }
}
