//! Walks the folders of `content/`: which entries are items (a
//! `<slug>.toml`, a `<slug>/` folder), which are ignored with a warning,
//! and which have names that are not slugs.

use std::collections::BTreeMap;
use std::path::Path;

use super::Loader;
use crate::messages::{Message, Noun};
use crate::source::{self, DirEntry, is_slug, list_dir, relative};

/// What `content/` may hold.
const CONTENT_ENTRIES: [&str; 6] = [
    "site.toml",
    "organisations",
    "schools",
    "documents",
    "relationships",
    "pages",
];

/// Reads every `<slug>.toml` of a folder with `read_one`.
pub(super) fn read_all<T>(
    l: &mut Loader,
    dir: &Path,
    read_one: fn(&mut Loader, &str, &Path) -> Option<T>,
) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in list_dir(l.root, dir, &mut l.diags) {
        let Some(slug) = slug_of_file(l, &entry) else {
            continue;
        };
        if let Some(item) = read_one(l, &slug, &entry.path) {
            out.insert(slug, item);
        }
    }
    out
}

/// The slug of a `<slug>.toml` entry; other entries are reported.
fn slug_of_file(l: &mut Loader, entry: &DirEntry) -> Option<String> {
    let rel = l.rel(&entry.path);
    if entry.is_dir {
        let m = Message::IgnoredFolder { hint: true };
        l.diags.push(m.warning().in_file(rel));
        return None;
    }
    let Some(stem) = entry.name.strip_suffix(".toml") else {
        let m = Message::NotToml {
            name: entry.name.clone(),
        };
        l.diags.push(m.warning().in_file(rel));
        return None;
    };
    if !is_slug(stem) {
        let m = Message::BadName {
            name: entry.name.clone(),
            folder: false,
            suggestion: source::suggest_slug(stem),
        };
        l.diags.push(m.error().in_file(rel));
        return None;
    }
    Some(stem.to_string())
}

/// The folders of `dir` whose names are valid slugs, one per document or
/// page (`what`); files there, and folders with other names, are reported.
pub(super) fn slug_folders(l: &mut Loader, dir: &Path, what: Noun) -> Vec<DirEntry> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in list_dir(l.root, dir, &mut l.diags) {
        let rel = l.rel(&entry.path);
        if !entry.is_dir {
            let m = Message::NotAFolder {
                name: entry.name.clone(),
                noun: what,
            };
            l.diags.push(m.warning().in_file(rel));
        } else if !is_slug(&entry.name) {
            let m = Message::BadName {
                name: entry.name.clone(),
                folder: true,
                suggestion: source::suggest_slug(&entry.name),
            };
            l.diags.push(m.error().in_file(rel));
        } else {
            out.push(entry);
        }
    }
    out
}

/// Warns about entries of `content/` that are not part of a site.
pub(super) fn report_strangers(l: &mut Loader, content: &Path) {
    for entry in list_dir(l.root, content, &mut l.diags) {
        if !CONTENT_ENTRIES.contains(&entry.name.as_str()) {
            let m = Message::Stranger {
                name: entry.name.clone(),
            };
            l.diags
                .push(m.warning().in_file(relative(l.root, &entry.path)));
        }
    }
}
