//! Reads `content/documents/<doc>/<version>/`: a version's `version.toml`
//! and its Markdown bodies, one `<lang>.md` per language (free pages have
//! bodies too).

use std::collections::BTreeMap;
use std::path::Path;

use toml::de::DeValue;

use super::table::{Table, TomlFile, Val};
use super::{EffectiveAt, Loader, placeholders};
use crate::messages::{Message, Noun, Part};
use crate::model::{Body, Lang, Version, VersionNumber};
use crate::source::{DirEntry, list_dir};

/// A version folder: its bodies, then its `version.toml`. A version
/// without `published` is a draft: its placeholders are warnings.
pub(super) fn read_folder(l: &mut Loader, number: VersionNumber, dir: &Path) -> Option<Version> {
    let mut bodies = BTreeMap::new();
    let mut has_toml = false;
    // Files there, read or not: one that could not be read has its own
    // error, and is not also "missing".
    let mut present = Vec::new();
    for entry in list_dir(l.root, dir, &mut l.diags) {
        if entry.name == "version.toml" {
            has_toml = true;
            continue;
        }
        if !entry.is_dir {
            present.push(entry.name.clone());
        }
        if let Some((lang, body)) = body(l, &entry) {
            bodies.insert(lang, body);
        }
    }
    if !has_toml {
        l.diags
            .push(Message::NoVersionToml.error().in_file(l.rel(dir)));
        return None;
    }
    let default = l.langs.as_ref().and_then(|l| l.first()).cloned();
    if let Some(default) = &default
        && !present.contains(&format!("{default}.md"))
    {
        let m = Message::NoDefaultBody {
            noun: Noun::Document,
            default: default.clone(),
        };
        l.diags.push(m.error().in_file(l.rel(dir)));
    }
    let texts: Vec<Body> = bodies.values().cloned().collect();
    let version = read_file(l, number, &dir.join("version.toml"), bodies);
    let draft = version.as_ref().is_some_and(|v| v.published.is_none());
    for body in &texts {
        placeholders::in_body(l, body, draft);
    }
    version
}

/// A `version.toml`, with the bodies read from its folder.
pub(super) fn read_file(
    l: &mut Loader,
    number: VersionNumber,
    path: &Path,
    bodies: BTreeMap<Lang, Body>,
) -> Option<Version> {
    let read = l.toml(path, Part::VersionFile, |t| version(t, number, bodies))?;
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
    // Without `published` the version is a draft, never published.
    let published_v = t.get("published");
    let published = published_v.and_then(|v| t.date(v, "published"));
    let effective_v = t.require("effective", "2019-04-01");
    let effective = effective_v.and_then(|v| t.date(v, "effective"));
    let material = t.req("material", "false", TomlFile::boolean);
    let approved_by = t.opt("approved_by", TomlFile::text);
    let approved_on_v = t.get("approved_on");
    let approved_on = approved_on_v.and_then(|v| t.date(v, "approved_on"));
    let summary_v = t.get("summary");
    // A draft's summary may still be empty; `check` says so.
    let summary = summary_v
        .filter(|v| published_v.is_some() || !blank_text(v))
        .and_then(|v| t.text(v, "summary"));
    let urgent = t.opt("urgent", TomlFile::text);
    let late_entry = t.opt("late_entry", TomlFile::text);
    let short = t.opt("short", TomlFile::text);
    t.opt("allow", TomlFile::allow);
    if let (Some(p), Some(e), Some(ev)) = (published, effective, effective_v)
        && e < p
    {
        t.warning(ev.span(), Message::EffectiveBeforePublished);
    }
    if let (Some(a), Some(p), Some(av)) = (approved_on, published, approved_on_v)
        && a > p
    {
        t.warning(av.span(), Message::ApprovedAfterPublished);
    }
    let effective_at = effective_v.map(|ev| EffectiveAt {
        text: t.src.to_string(),
        effective: ev.span(),
    });
    let published_ok = published.is_some() || published_v.is_none();
    let version = match (published_ok, effective, material) {
        (true, Some(effective), Some(material)) => Some(Version {
            number,
            published,
            effective,
            material,
            approved_by,
            approved_on,
            summary,
            urgent,
            late_entry,
            short,
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
        let m = Message::IgnoredInVersion {
            name: entry.name.clone(),
        };
        l.diags.push(m.warning().in_file(rel));
        return None;
    };
    if entry.is_dir {
        let m = Message::IgnoredFolder { hint: false };
        l.diags.push(m.warning().in_file(rel));
        return None;
    }
    if let Some(langs) = &l.langs
        && !langs.iter().any(|l| l == lang)
    {
        let m = Message::BodyLanguageNotListed {
            name: entry.name.clone(),
            lang: lang.to_string(),
            languages: langs.clone(),
        };
        l.diags.push(m.error().in_file(rel));
        return None;
    }
    let src = l.read(&entry.path)?;
    if src.text.trim().is_empty() {
        let default = l
            .langs
            .as_ref()
            .and_then(|ls| ls.first())
            .is_some_and(|d| d == lang);
        l.diags
            .push(Message::EmptyBody { default }.error().in_file(rel).at(1, 1));
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

/// Whether a text value is empty: `""`, or a table of empty texts.
fn blank_text(v: Val) -> bool {
    match v.get_ref() {
        DeValue::String(s) => s.trim().is_empty(),
        DeValue::Table(t) => t
            .iter()
            .all(|(_, v)| matches!(v.get_ref(), DeValue::String(s) if s.trim().is_empty())),
        _ => false,
    }
}
