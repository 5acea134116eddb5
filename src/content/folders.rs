//! Walks the folders of `content/`: which entries are items (a
//! `<slug>.toml`, a `<slug>/` folder), which are ignored with a warning,
//! and which have names that are not slugs.

use std::collections::BTreeMap;
use std::path::Path;

use super::Loader;
use crate::diag::Diagnostic;
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
        l.diags.push(
            Diagnostic::warning("a folder here is ignored")
                .in_file(rel)
                .hint("this folder holds one <slug>.toml file per item"),
        );
        return None;
    }
    let Some(stem) = entry.name.strip_suffix(".toml") else {
        l.diags.push(
            Diagnostic::warning(format!(
                "`{}` is not a .toml file and is ignored",
                entry.name
            ))
            .in_file(rel)
            .hint("this folder holds one <slug>.toml file per item"),
        );
        return None;
    };
    if !is_slug(stem) {
        l.diags.push(
            Diagnostic::error(format!(
                "the file name `{}` is not a valid slug",
                entry.name
            ))
            .in_file(rel)
            .hint(format!(
                "file names are lowercase letters, digits and hyphens; rename it to `{}.toml`",
                source::suggest_slug(stem)
            )),
        );
        return None;
    }
    Some(stem.to_string())
}

/// The folders of `dir` whose names are valid slugs, one per document or
/// page (`what`, kept as `layout`); files there, and folders with other
/// names, are reported.
pub(super) fn slug_folders(l: &mut Loader, dir: &Path, what: &str, layout: &str) -> Vec<DirEntry> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in list_dir(l.root, dir, &mut l.diags) {
        let rel = l.rel(&entry.path);
        if !entry.is_dir {
            l.diags.push(
                Diagnostic::warning(format!(
                    "`{}` is ignored: each {what} is a folder",
                    entry.name
                ))
                .in_file(rel)
                .hint(format!("put {what}s in {layout}")),
            );
        } else if !is_slug(&entry.name) {
            l.diags.push(
                Diagnostic::error(format!(
                    "the folder name `{}` is not a valid slug",
                    entry.name
                ))
                .in_file(rel)
                .hint(format!(
                    "folder names are lowercase letters, digits and hyphens; rename it to `{}`",
                    source::suggest_slug(&entry.name)
                )),
            );
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
            l.diags.push(
                Diagnostic::warning(format!("`{}` is not part of a site and is ignored", entry.name))
                    .in_file(relative(l.root, &entry.path))
                    .hint("content/ holds site.toml and the folders organisations, schools, documents, relationships and pages"),
            );
        }
    }
}
