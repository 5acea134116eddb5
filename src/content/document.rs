//! Reads `content/documents/<doc>/`: a document's `document.toml` and its
//! version folders. Documents hold nearly all of a site's files, so they
//! are read on every core.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::table::{Table, TomlFile, Val};
use super::{Loader, checks, folders, version};
use crate::diag::Diagnostic;
use crate::model::{Document, DocumentKind, Version, VersionNumber};
use crate::source::list_dir;

/// Reads every document folder of `dir`.
pub(super) fn read_all(l: &mut Loader, dir: &Path) -> BTreeMap<String, Document> {
    let entries =
        folders::slug_folders(l, dir, "document", "content/documents/<slug>/document.toml");
    // Each document is read by a loader of its own, and the findings are
    // merged in name order, so they come out exactly as if read one by one.
    let read: Vec<_> = entries
        .par_iter()
        .map(|entry| {
            let mut own = l.fork();
            let doc = read_folder(&mut own, &entry.name, &entry.path);
            (own, doc)
        })
        .collect();
    let mut out = BTreeMap::new();
    for (entry, (own, doc)) in entries.iter().zip(read) {
        l.merge(own);
        if let Some(doc) = doc {
            out.insert(entry.name.clone(), doc);
        }
    }
    out
}

/// A document folder: its version folders, then its `document.toml`.
fn read_folder(l: &mut Loader, slug: &str, dir: &Path) -> Option<Document> {
    let mut versions = Vec::new();
    let mut saw_toml = false;
    for entry in list_dir(l.root, dir, &mut l.diags) {
        if entry.name == "document.toml" {
            saw_toml = true;
            continue;
        }
        let rel = l.rel(&entry.path);
        if !entry.is_dir {
            l.diags.push(
                Diagnostic::warning(format!("`{}` is ignored", entry.name))
                    .in_file(rel)
                    .hint("a document folder holds document.toml and one folder per version, e.g. 1.0/"),
            );
            continue;
        }
        let Some(number) = VersionNumber::parse(&entry.name) else {
            l.diags.push(
                Diagnostic::error(format!("the folder name `{}` is not a version number", entry.name))
                    .in_file(rel)
                    .hint("name version folders MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 1.0, 2.1 or 2.1.1, without leading zeros or a `v`"),
            );
            continue;
        };
        if let Some(v) = version::read_folder(l, number, &entry.path) {
            versions.push(v);
        }
    }
    if !saw_toml {
        l.diags.push(
            Diagnostic::error("this document folder has no document.toml")
                .in_file(l.rel(dir))
                .hint("add document.toml with title, owner and kind"),
        );
        return None;
    }
    read_file(l, slug, &dir.join("document.toml"), versions)
}

/// A `document.toml`, with the versions read from its folder; checks their
/// order whether the file reads or not.
pub(super) fn read_file(
    l: &mut Loader,
    slug: &str,
    path: &Path,
    mut versions: Vec<Version>,
) -> Option<Document> {
    let read = l.toml(path, "document.toml", |t| document(t, slug))?;
    versions.sort_by(|a, b| a.number.cmp(&b.number));
    if versions.is_empty() {
        l.diags.push(
            Diagnostic::error("this document has no versions")
                .in_file(l.rel(path))
                .hint("add a version folder such as 1.0/ with version.toml and nl.md"),
        );
    }
    checks::version_order(l, &versions);
    let mut doc = read.if_clean()?;
    doc.versions = versions;
    Some(doc)
}

/// The document, without its versions.
fn document(t: &mut Table, slug: &str) -> Option<Document> {
    let title = t.req(
        "title",
        "{ nl = \"Privacyverklaring\", en = \"Privacy statement\" }",
        TomlFile::text,
    );
    let owner = t.req("owner", "\"slug-of-the-board\"", TomlFile::organisation_ref);
    let kind = t.req("kind", "\"statement\"", kind);
    let review_every_years = t.opt("review_every_years", |f, v, key| f.integer(v, key, 1..=20));
    Some(Document {
        slug: slug.to_string(),
        title: title?,
        owner: owner?.into_inner(),
        kind: kind?,
        review_every_years,
        versions: Vec::new(),
        file: t.rel.to_path_buf(),
    })
}

/// `kind`: statement, regulation, cookies or other.
fn kind(f: &mut TomlFile, v: Val, key: &str) -> Option<DocumentKind> {
    let s = f.string(v, key, "\"statement\"")?;
    let k = DocumentKind::parse(&s);
    if k.is_none() {
        f.error(v.span(), format!("`kind` must be \"statement\", \"regulation\", \"cookies\" or \"other\", not \"{s}\""), "a privacyverklaring is a \"statement\", a privacyreglement a \"regulation\"");
    }
    k
}
