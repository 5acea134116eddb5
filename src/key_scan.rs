//! Refuses to publish a site folder that holds a private key where the
//! build would copy or render it into the output: a signing key that slips
//! into `content/`, a theme or `transparency/` would be on the public web
//! with the next upload, and every signature made with it worthless.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::source::{MAX_FILE_BYTES, relative};

/// What a private key looks like in a text file: PEM blocks of every kind
/// (`-----BEGIN PRIVATE KEY-----`, `RSA`, `EC`, `OPENSSH`, `ENCRYPTED`,
/// `ENCRYPTED SIGSTORE`, `ENCRYPTED COSIGN` …) and signed-note signer keys
/// (`PRIVATE+KEY+name+id+key`).
const PEM_START: &[u8] = b"-----BEGIN ";
const PEM_PRIVATE_END: &[u8] = b"PRIVATE KEY-----";
const NOTE_PRIVATE: &[u8] = b"PRIVATE+KEY+";

/// The folders whose files end up in the output, relative to the site.
const PUBLISHED: &[&str] = &["content", "themes", "transparency"];

/// Where in `bytes` a private key starts, if anywhere.
pub fn find_private_key(bytes: &[u8]) -> Option<usize> {
    if let Some(at) = find(bytes, NOTE_PRIVATE) {
        return Some(at);
    }
    let mut from = 0;
    while let Some(i) = find(&bytes[from..], PEM_START) {
        let start = from + i;
        let line_end = bytes[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |n| start + n);
        if find(&bytes[start..line_end], PEM_PRIVATE_END).is_some() {
            return Some(start);
        }
        from = start + PEM_START.len();
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    // Every build reads every published file through here, so the search
    // must not cost more than reading them did.
    memchr::memmem::find(hay, needle)
}

/// Checks every file under the published folders of the site in `root`;
/// one error per file that holds a private key. Files that cannot be read
/// are left to the readers that need them.
pub(crate) fn scan(root: &Path) -> Vec<Diagnostic> {
    let mut files = Vec::new();
    for dir in PUBLISHED {
        let mut stack: Vec<PathBuf> = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                // Symbolic links are not followed here: content/ refuses
                // links that leave the site, and a link inside the site
                // leads to a file that is scanned where it is.
                let Ok(kind) = e.file_type() else { continue };
                if kind.is_dir() {
                    stack.push(e.path());
                } else if kind.is_file() {
                    files.push((*dir, e.path()));
                }
            }
        }
    }
    // A large site has thousands of files: read them on every core.
    let mut out: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(dir, path)| {
            // A content file over the size limit is refused anyway;
            // reading it here would only cost memory.
            let too_large = *dir == "content"
                && std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_FILE_BYTES);
            if too_large {
                return None;
            }
            let bytes = std::fs::read(path).ok()?;
            let at = find_private_key(&bytes)?;
            Some(found(root, path, &bytes, at))
        })
        .collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

fn found(root: &Path, path: &Path, bytes: &[u8], at: usize) -> Diagnostic {
    let d = Diagnostic::error(
        "this file holds a private key, and everything in this folder is published",
    )
    .in_file(relative(root, path))
    .hint("move the key out of the site folder (keep it where `policypress keygen` put it) and make a new one: this key may already have been exposed, e.g. in the site's git history");
    // The position only: echoing the line would copy the key into the
    // terminal or the CI log.
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    d.at(line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_kind_of_private_key() {
        for key in [
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n-----END PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJr\n",
            "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n",
            "PRIVATE+KEY+privacy.example.nl/log+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n",
        ] {
            let text = format!("Some text.\n\n{key}");
            assert_eq!(find_private_key(text.as_bytes()), Some(12), "{key}");
        }
    }

    #[test]
    fn public_keys_and_prose_are_not_private_keys() {
        for text in [
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
            "privacy.example.nl/log+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n",
            "The private key stays with the publisher; only the PUBLIC KEY is here.\n",
            "-----BEGIN CERTIFICATE-----\nthen on the next line PRIVATE KEY-----\n",
        ] {
            assert_eq!(find_private_key(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn names_the_file_and_line() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("themes/default/static");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("key.pem"),
            "\n-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
        )
        .unwrap();
        std::fs::write(dir.join("style.css"), "body {}\n").unwrap();
        let found = scan(tmp.path());
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].location().as_deref(),
            Some("themes/default/static/key.pem:2:1")
        );
        assert!(
            !found[0].to_string().contains("BEGIN"),
            "the message must not repeat the key: {}",
            found[0]
        );
    }
}
