//! Reads `content/documents/<doc>/`: a document's `document.toml` and its
//! version folders. Documents hold nearly all of a site's files, so they
//! are read on every core.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::placeholders::is_placeholder;
use super::table::{Table, TomlFile, Val, closest, dutch_form};
use super::{Loader, checks, folders, version};
use crate::messages::{Choice, Message, Noun, Part};
use crate::model::{Document, DocumentKind, Version, VersionNumber};
use crate::source::list_dir;

/// Reads every document folder of `dir`.
pub(super) fn read_all(l: &mut Loader, dir: &Path) -> BTreeMap<String, Document> {
    let entries = folders::slug_folders(l, dir, Noun::Document);
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
            let m = Message::IgnoredInDocument {
                name: entry.name.clone(),
            };
            l.diags.push(m.warning().in_file(rel));
            continue;
        }
        let Some(number) = VersionNumber::parse(&entry.name) else {
            let m = Message::BadVersionFolder {
                name: entry.name.clone(),
            };
            l.diags.push(m.error().in_file(rel));
            continue;
        };
        if let Some(v) = version::read_folder(l, number, &entry.path) {
            versions.push(v);
        }
    }
    if !saw_toml {
        l.diags
            .push(Message::NoDocumentToml.error().in_file(l.rel(dir)));
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
    let read = l.toml(path, Part::DocumentFile, |t| document(t, slug))?;
    versions.sort_by(|a, b| a.number.cmp(&b.number));
    if versions.is_empty() {
        l.diags
            .push(Message::NoVersions.error().in_file(l.rel(path)));
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
    t.opt("allow", TomlFile::allow);
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
    if is_placeholder(v) {
        return None;
    }
    let s = f.string(v, key, "\"statement\"")?;
    let k = DocumentKind::parse(&s);
    if k.is_none() {
        let dutch = DUTCH_KINDS
            .iter()
            .find(|(nl, _)| *nl == dutch_form(&s))
            .map(|(_, en)| *en);
        let suggestion = dutch.or_else(|| closest(&s, Choice::DocumentKind.values()));
        let m = Message::NotOneOf {
            of: Choice::DocumentKind,
            suggestion: suggestion.map(str::to_string),
            english: dutch.is_some(),
            value: s,
        };
        f.error(v.span(), m);
    }
    k
}

/// The kinds of document as Dutch editors call them.
const DUTCH_KINDS: &[(&str, &str)] = &[
    ("privacyverklaring", "statement"),
    ("verklaring", "statement"),
    ("privacyreglement", "regulation"),
    ("reglement", "regulation"),
    ("cookieverklaring", "cookies"),
    ("cookiebeleid", "cookies"),
    ("anders", "other"),
    ("overig", "other"),
];
