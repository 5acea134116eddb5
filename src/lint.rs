//! Editor lint for `check`: mistakes that do not stop a build but that a
//! reader, a data-protection officer or an auditor would notice — missing
//! translations, reviews coming due, relationships without an agreement or a
//! location, empty sections, placeholder text left in place.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::i18n::iso;
use crate::model::*;

/// Text that `policypress new` writes for the editor to replace.
pub(crate) const PLACEHOLDER: &str = "[VUL IN]";

/// All lint findings for a site that loaded without errors.
pub(crate) fn lint(root: &Path, site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(review_warnings(root, site, as_of, true));
    missing_translations(root, site, &mut out);
    relationships(root, site, as_of, &mut out);
    empty_sections(site, &mut out);
    placeholders(root, site, &mut out);
    out
}

/// Overdue reviews (and, with `due_soon`, reviews due within 90 days).
pub(crate) fn review_warnings(
    root: &Path,
    site: &Site,
    as_of: Date,
    due_soon: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in site.documents.values() {
        let Some(years) = doc.review_every_years else {
            continue;
        };
        let t = Timeline::new(doc, as_of, |v| v.published <= as_of, |_| false);
        let Some(current) = t.in_force() else {
            continue;
        };
        let v = current.version;
        let due = add_years(v.effective, years);
        let d = if due <= as_of {
            Diagnostic::warning(format!(
                "the review of \"{}\" is overdue since {}: version {} took effect on {} and the document is re-adopted every {} year(s)",
                doc.slug,
                iso(due),
                v.number,
                iso(v.effective),
                years
            ))
        } else if due_soon && (due - as_of).whole_days() <= 90 {
            Diagnostic::warning(format!(
                "the review of \"{}\" is due on {}, within 90 days",
                doc.slug,
                iso(due)
            ))
        } else {
            continue;
        };
        let d = d.hint("re-adopt the document as a new version (`policypress new version DOC`), even when the text stays the same");
        out.push(at_key(root, &doc.file, "review_every_years", d));
    }
    out
}

fn missing_translations(root: &Path, site: &Site, out: &mut Vec<Diagnostic>) {
    let langs = &site.config.languages;
    let default = site.config.default_lang();
    for doc in site.documents.values() {
        text_langs(root, langs, &doc.file, "title", &doc.title, out);
        for v in &doc.versions {
            let missing: Vec<&str> = langs
                .iter()
                .map(String::as_str)
                .filter(|l| !v.bodies.contains_key(*l))
                .collect();
            if !missing.is_empty() {
                let folder = v.file.parent().unwrap_or(Path::new(""));
                out.push(
                    Diagnostic::warning(format!(
                        "version {} of \"{}\" has no text in {}; readers of that language see the {default} text",
                        v.number,
                        doc.slug,
                        missing.join(", ")
                    ))
                    .in_file(folder.to_path_buf())
                    .hint(format!(
                        "add {} to translate it",
                        missing.iter().map(|l| format!("{l}.md")).collect::<Vec<_>>().join(" and ")
                    )),
                );
            }
            if let Some(s) = &v.summary {
                text_langs(root, langs, &v.file, "summary", s, out);
            }
            if let Some(a) = &v.approved_by {
                text_langs(root, langs, &v.file, "approved_by", a, out);
            }
        }
    }
    for page in site.pages.values() {
        let missing: Vec<&str> = langs
            .iter()
            .map(String::as_str)
            .filter(|l| !page.bodies.contains_key(*l))
            .collect();
        if let (false, Some(body)) = (missing.is_empty(), page.bodies.get(default)) {
            let folder = body.file.parent().unwrap_or(Path::new(""));
            out.push(
                Diagnostic::warning(format!(
                    "the page \"{}\" has no text in {}",
                    page.slug,
                    missing.join(", ")
                ))
                .in_file(folder.to_path_buf())
                .hint(format!(
                    "add {} to translate it",
                    missing
                        .iter()
                        .map(|l| format!("{l}.md"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                )),
            );
        }
    }
    for r in site.relationships.values() {
        for (key, list) in [
            ("purposes", &r.purposes),
            ("data_subjects", &r.data_subjects),
            ("data_categories", &r.data_categories),
        ] {
            if let Some(t) = list.iter().find(|t| missing_langs(langs, t).is_some()) {
                text_langs(root, langs, &r.file, key, t, out);
            }
        }
    }
}

/// The languages a per-language text lacks, if any.
fn missing_langs<'a>(langs: &'a [Lang], t: &Text) -> Option<Vec<&'a str>> {
    let Text::PerLang(map) = t else { return None };
    let missing: Vec<&str> = langs
        .iter()
        .map(String::as_str)
        .filter(|l| !map.contains_key(*l))
        .collect();
    (!missing.is_empty()).then_some(missing)
}

fn text_langs(
    root: &Path,
    langs: &[Lang],
    file: &Path,
    key: &str,
    t: &Text,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(missing) = missing_langs(langs, t) {
        let d = Diagnostic::warning(format!("`{key}` has no text in {}", missing.join(", "))).hint(
            format!(
                "add {} = \"…\" to the table; until then the default language is shown",
                missing[0]
            ),
        );
        out.push(at_key(root, file, key, d));
    }
}

fn relationships(root: &Path, site: &Site, as_of: Date, out: &mut Vec<Diagnostic>) {
    for r in site.relationships.values() {
        if r.state(as_of) == RelationshipState::Ended {
            continue;
        }
        if r.kind == RelationshipKind::Processor && r.agreement.is_none() {
            out.push(at_key(
                root,
                &r.file,
                "kind",
                Diagnostic::warning(format!("the processor relationship \"{}\" names no data processing agreement", r.slug))
                    .hint("AVG art. 28 requires one; add agreement = { name = \"Model Verwerkersovereenkomst 4.0\", signed = 2023-05-01 }"),
            ));
        }
        if r.kind == RelationshipKind::Processor && r.location.is_none() {
            out.push(at_key(
                root,
                &r.file,
                "kind",
                Diagnostic::warning(format!("the processor relationship \"{}\" does not say where the data is processed", r.slug))
                    .hint("add location = \"EU\" (or the country); readers and the DPO need it to judge transfers outside the EU"),
            ));
        }
        if r.data_categories.is_empty() {
            out.push(at_key(
                root,
                &r.file,
                "kind",
                Diagnostic::warning(format!(
                    "the relationship \"{}\" does not say which personal data is shared",
                    r.slug
                ))
                .hint(
                    "add data_categories = [{ nl = \"naam en groep\", en = \"name and class\" }]",
                ),
            ));
        }
        if r.data_subjects.is_empty() {
            out.push(at_key(
                root,
                &r.file,
                "kind",
                Diagnostic::warning(format!(
                    "the relationship \"{}\" does not say whose data is shared",
                    r.slug
                ))
                .hint("add data_subjects = [{ nl = \"leerlingen\", en = \"pupils\" }]"),
            ));
        }
        if r.retention.is_none() {
            out.push(at_key(
                root,
                &r.file,
                "kind",
                Diagnostic::warning(format!("the relationship \"{}\" gives no retention period", r.slug))
                    .hint("add retention = { nl = \"…\", en = \"…\" }: how long the data is kept (bewaartermijn)"),
            ));
        }
    }
}

/// A heading followed by nothing, or directly by a heading of the same or a
/// higher level, leaves the reader with an empty section.
fn empty_sections(site: &Site, out: &mut Vec<Diagnostic>) {
    let bodies = site
        .documents
        .values()
        .flat_map(|d| d.versions.iter().flat_map(|v| v.bodies.values()))
        .chain(site.pages.values().flat_map(|p| p.bodies.values()));
    for body in bodies {
        let mut in_fence: Option<&str> = None;
        let mut open: Option<(usize, usize, String)> = None;
        for (i, line) in body.source.lines().enumerate() {
            let trimmed = line.trim_start();
            if let Some(f) = in_fence {
                if trimmed.starts_with(f) {
                    in_fence = None;
                }
                continue;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = Some(&trimmed[..3]);
                open = None;
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let level = atx_level(line);
            if let Some((at, open_level, text)) = open.take()
                && level.is_some_and(|l| l <= open_level)
            {
                out.push(empty_section(body, at, &text));
            }
            if let Some(l) = level {
                open = Some((i + 1, l, line.trim().to_string()));
            }
        }
        if let Some((at, level, text)) = open
            && level > 1
        {
            out.push(empty_section(body, at, &text));
        }
    }
}

fn empty_section(body: &Body, line: usize, text: &str) -> Diagnostic {
    Diagnostic::warning(format!("the section `{text}` is empty"))
        .in_file(body.file.clone())
        .at_line_col(&body.source, line as u32, 1)
        .hint("write its text, or remove the heading")
}

/// The level of an ATX heading line (`## Title` → 2), if it is one.
fn atx_level(line: &str) -> Option<usize> {
    if line.starts_with("    ") {
        return None;
    }
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    let rest = &t[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then_some(hashes)
}

fn placeholders(root: &Path, site: &Site, out: &mut Vec<Diagnostic>) {
    let mut files: Vec<&Path> = Vec::new();
    files.extend(site.organisations.values().map(|o| o.file.as_path()));
    files.extend(site.schools.values().map(|s| s.file.as_path()));
    files.extend(site.relationships.values().map(|r| r.file.as_path()));
    for d in site.documents.values() {
        files.push(&d.file);
        for v in &d.versions {
            files.push(&v.file);
            files.extend(v.bodies.values().map(|b| b.file.as_path()));
        }
    }
    files.extend(
        site.pages
            .values()
            .flat_map(|p| p.bodies.values().map(|b| b.file.as_path())),
    );
    for file in files {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        if let Some(offset) = text.find(PLACEHOLDER) {
            out.push(
                Diagnostic::warning("placeholder text is still here")
                    .in_file(file.to_path_buf())
                    .at_span(&text, offset..offset + PLACEHOLDER.len())
                    .hint(format!(
                        "replace {PLACEHOLDER} with the real text before publishing"
                    )),
            );
        }
    }
}

/// Points a diagnostic at the line where `key` is set in a TOML file.
pub(crate) fn at_key(root: &Path, file: &Path, key: &str, d: Diagnostic) -> Diagnostic {
    let d = d.in_file(file.to_path_buf());
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return d;
    };
    let text = crate::source::normalise(&text);
    let mut offset = 0;
    for line in text.split('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - t.len());
            return d.at_span(&text, start..start + key.len());
        }
        offset += line.len() + 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels() {
        assert_eq!(atx_level("## Doelen"), Some(2));
        assert_eq!(atx_level("#hashtag"), None);
        assert_eq!(atx_level("    ## code"), None);
        assert_eq!(atx_level("####### seven"), None);
    }

    #[test]
    fn finds_empty_sections() {
        let body = Body {
            source: "## Een\n\n## Twee\n\nTekst.\n\n### Drie\n".into(),
            file: "content/x/nl.md".into(),
        };
        let mut site_out = Vec::new();
        // Reuse the scanner through a one-body site-free path.
        let mut in_page = Page {
            slug: "x".into(),
            bodies: Default::default(),
        };
        in_page.bodies.insert("nl".into(), body);
        let site = Site {
            config: SiteConfig {
                title: Text::Neutral("t".into()),
                base_url: "https://e.nl/".into(),
                languages: vec!["nl".into()],
                publisher: "p".into(),
                theme: "default".into(),
                material_notice_days: 30,
                unsafe_html: false,
                transparency: None,
                accessibility: None,
            },
            organisations: Default::default(),
            schools: Default::default(),
            documents: Default::default(),
            relationships: Default::default(),
            pages: [("x".to_string(), in_page)].into(),
        };
        empty_sections(&site, &mut site_out);
        let lines: Vec<_> = site_out.iter().map(|d| d.position.unwrap().line).collect();
        assert_eq!(lines, vec![1, 7]);
    }
}
