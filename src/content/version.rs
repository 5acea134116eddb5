//! Reads `content/documents/<doc>/<version>/`: a version's `version.toml`
//! and its Markdown bodies, one `<lang>.md` per language (free pages have
//! bodies too).

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{Table, TomlFile};
use super::{EffectiveAt, Loader};
use crate::diag::Diagnostic;
use crate::model::{Body, Lang, Version, VersionNumber};
use crate::source::{DirEntry, list_dir};

/// A version folder: its bodies, then its `version.toml`.
pub(super) fn read_folder(l: &mut Loader, number: VersionNumber, dir: &Path) -> Option<Version> {
    let mut bodies = BTreeMap::new();
    let mut has_toml = false;
    for entry in list_dir(l.root, dir, &mut l.diags) {
        if entry.name == "version.toml" {
            has_toml = true;
            continue;
        }
        if let Some((lang, body)) = body(l, &entry) {
            bodies.insert(lang, body);
        }
    }
    if !has_toml {
        l.diags.push(
            Diagnostic::error("this version folder has no version.toml")
                .in_file(l.rel(dir))
                .hint("add version.toml with published, effective and material"),
        );
        return None;
    }
    let default = l.langs.as_ref().and_then(|l| l.first()).cloned();
    if let Some(default) = &default
        && !bodies.contains_key(default)
    {
        l.diags.push(
            Diagnostic::error(format!(
                "this version has no text in the default language (`{default}.md`)"
            ))
            .in_file(l.rel(dir))
            .hint(format!("add {default}.md; other languages fall back to it")),
        );
    }
    read_file(l, number, &dir.join("version.toml"), bodies)
}

/// A `version.toml`, with the bodies read from its folder.
pub(super) fn read_file(
    l: &mut Loader,
    number: VersionNumber,
    path: &Path,
    bodies: BTreeMap<Lang, Body>,
) -> Option<Version> {
    let read = l.toml(path, "version.toml", |t| version(t, number, bodies))?;
    let (version, effective_at) = read.value;
    if let Some(at) = effective_at {
        l.effective_at.insert(l.rel(path), at);
    }
    version.filter(|_| read.clean)
}

/// The version, and where its `effective` date is written when both dates
/// are there.
fn version(
    t: &mut Table,
    number: VersionNumber,
    bodies: BTreeMap<Lang, Body>,
) -> (Option<Version>, Option<EffectiveAt>) {
    let published_v = t.require("published", "2019-03-15");
    let published = published_v.and_then(|v| t.date(v, "published"));
    let effective_v = t.require("effective", "2019-04-01");
    let effective = effective_v.and_then(|v| t.date(v, "effective"));
    let material = t.req("material", "false", TomlFile::boolean);
    let approved_by = t.opt("approved_by", TomlFile::text);
    let approved_on_v = t.get("approved_on");
    let approved_on = approved_on_v.and_then(|v| t.date(v, "approved_on"));
    let summary = t.opt("summary", TomlFile::text);
    let urgent = t.opt("urgent", TomlFile::text);
    let late_entry = t.opt("late_entry", TomlFile::text);
    if let (Some(p), Some(e), Some(ev)) = (published, effective, effective_v)
        && e < p
    {
        t.warning(
            ev.span(),
            "this version took effect before it was published",
            "that is fine when history is entered afterwards; otherwise check the dates",
        );
    }
    if let (Some(a), Some(p), Some(av)) = (approved_on, published, approved_on_v)
        && a > p
    {
        t.warning(
            av.span(),
            "this version was approved after it was published",
            "check `approved_on` and `published`",
        );
    }
    let effective_at = published_v.and(effective_v).map(|ev| EffectiveAt {
        text: t.src.to_string(),
        effective: ev.span(),
    });
    let version = match (published, effective, material) {
        (Some(published), Some(effective), Some(material)) => Some(Version {
            number,
            published,
            effective,
            material,
            approved_by,
            approved_on,
            summary,
            urgent,
            late_entry,
            bodies,
            file: t.rel.to_path_buf(),
        }),
        _ => None,
    };
    (version, effective_at)
}

/// A `<lang>.md` file of a version or page: its language and text.
pub(super) fn body(l: &mut Loader, entry: &DirEntry) -> Option<(Lang, Body)> {
    let rel = l.rel(&entry.path);
    let Some(lang) = entry.name.strip_suffix(".md") else {
        l.diags.push(
            Diagnostic::warning(format!("`{}` is ignored", entry.name))
                .in_file(rel)
                .hint("texts are Markdown files named after their language, e.g. nl.md and en.md"),
        );
        return None;
    };
    if entry.is_dir {
        l.diags
            .push(Diagnostic::warning("a folder here is ignored").in_file(rel));
        return None;
    }
    if let Some(langs) = &l.langs
        && !langs.iter().any(|l| l == lang)
    {
        l.diags.push(
            Diagnostic::error(format!("`{}` is a text in the language `{lang}`, which site.toml does not list", entry.name))
                .in_file(rel)
                .hint(format!("the site's languages are: {}; rename the file or add the language to content/site.toml", langs.join(", "))),
        );
        return None;
    }
    let src = l.read(&entry.path)?;
    if src.text.trim().is_empty() {
        l.diags.push(
            Diagnostic::error("this text is empty")
                .in_file(rel)
                .at(1, 1)
                .hint("write the text, or delete the file so the default language is shown"),
        );
        return None;
    }
    Some((
        lang.to_string(),
        Body {
            source: src.text,
            file: src.rel,
        },
    ))
}
