//! Editor lint for `check`: mistakes that do not stop a build but that a
//! reader, a data-protection officer or an auditor would notice — missing
//! translations, reviews coming due, relationships without an agreement or a
//! location, a board without a data-protection officer or relying on
//! legitimate interests, a site without an accessibility statement, empty
//! sections, a new version whose text did not change.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::history::Delta;
use crate::i18n::iso;
use crate::messages::Message;
use crate::model::*;

/// Text that `policypress new` writes for the editor to replace.
pub(crate) const PLACEHOLDER: &str = "[VUL IN]";

/// The same in an English text.
pub(crate) const PLACEHOLDER_EN: &str = "[FILL IN]";

/// Every placeholder: nothing that holds one is published.
pub(crate) const PLACEHOLDERS: [&str; 2] = [PLACEHOLDER, PLACEHOLDER_EN];

/// All lint findings for a site (also one read only in part, when it has
/// errors: what could be read is linted all the same).
pub(crate) fn lint(root: &Path, site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(review_warnings(root, site, as_of, true));
    missing_translations(root, site, &mut out);
    relationships(root, site, as_of, &mut out);
    controllers(root, site, &mut out);
    accessibility(site, &mut out);
    timestamp_authorities(root, site, &mut out);
    unchanged_texts(site, &mut out);
    short_summaries(root, site, as_of, &mut out);
    empty_sections(site, &mut out);
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
        let t = Timeline::new(doc, as_of, |v| v.published_by(as_of), |_| false);
        let Some(current) = t.in_force() else {
            continue;
        };
        let v = current.version;
        let due = add_years(v.effective, years);
        let d = if due <= as_of {
            Message::ReviewOverdue {
                document: doc.slug.clone(),
                due: iso(due),
                version: v.number.to_string(),
                effective: iso(v.effective),
                years,
            }
        } else if due_soon && (due - as_of).whole_days() <= 90 {
            Message::ReviewDueSoon {
                document: doc.slug.clone(),
                due: iso(due),
            }
        } else {
            continue;
        };
        out.push(at_key(root, &doc.file, "review_every_years", d.warning()));
    }
    out
}

fn missing_translations(root: &Path, site: &Site, out: &mut Vec<Diagnostic>) {
    let langs = &site.config.languages;
    let default = site.config.default_lang();
    for doc in site.documents.values() {
        text_langs(root, langs, &doc.file, "title", &doc.title, out);
        for v in &doc.versions {
            // Without the default language's text the version is an
            // error of its own; the others fall back to it.
            let missing: Vec<String> = langs
                .iter()
                .filter(|l| *l != default && !v.bodies.contains_key(*l))
                .cloned()
                .collect();
            if !missing.is_empty() {
                let folder = v.file.parent().unwrap_or(Path::new(""));
                let m = Message::VersionNotTranslated {
                    version: v.number.to_string(),
                    document: doc.slug.clone(),
                    missing,
                    default: default.to_string(),
                };
                out.push(m.warning().in_file(folder.to_path_buf()));
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
        let missing: Vec<String> = langs
            .iter()
            .filter(|l| !page.bodies.contains_key(*l))
            .cloned()
            .collect();
        if let (false, Some(body)) = (missing.is_empty(), page.bodies.get(default)) {
            let folder = body.file.parent().unwrap_or(Path::new(""));
            let m = Message::PageNotTranslated {
                page: page.slug.clone(),
                missing,
            };
            out.push(m.warning().in_file(folder.to_path_buf()));
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
fn missing_langs(langs: &[Lang], t: &Text) -> Option<Vec<String>> {
    let Text::PerLang(map) = t else { return None };
    let missing: Vec<String> = langs
        .iter()
        .filter(|l| !map.contains_key(*l))
        .cloned()
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
        let m = Message::TextNotTranslated {
            key: key.to_string(),
            missing,
        };
        out.push(at_key(root, file, key, m.warning()));
    }
}

fn relationships(root: &Path, site: &Site, as_of: Date, out: &mut Vec<Diagnostic>) {
    for base in site.relationships.values() {
        if base.state(as_of) == RelationshipState::Ended {
            continue;
        }
        short_notice(site, base, as_of, out);
        // What is missing is asked of the terms in force now.
        let r = &base.on(as_of);
        let relationship = || r.slug.clone();
        let processor = r.kind == RelationshipKind::Processor;
        let mut found = Vec::new();
        if processor && r.agreement.is_none() {
            found.push(Message::NoAgreement {
                relationship: relationship(),
            });
        }
        if processor && r.location.is_none() {
            found.push(Message::NoLocation {
                relationship: relationship(),
            });
        }
        if r.data_categories.is_empty() {
            found.push(Message::NoDataCategories {
                relationship: relationship(),
            });
        }
        if r.data_subjects.is_empty() {
            found.push(Message::NoDataSubjects {
                relationship: relationship(),
            });
        }
        if r.retention.is_none() {
            found.push(Message::NoRetention {
                relationship: relationship(),
            });
        }
        for m in found {
            out.push(at_key(root, &r.file, "kind", m.warning()));
        }
        // AVG art. 6(1), last sentence: point (f) does not apply to
        // processing by public authorities in the performance of their
        // tasks, and a school board is one.
        if r.legal_basis == LegalBasis::LegitimateInterests && is_school_board(site, &r.controller)
        {
            let m = Message::PublicBodyLegitimateInterests {
                relationship: relationship(),
                controller: r.controller.clone(),
            };
            out.push(at_key(root, &r.file, "legal_basis", m.warning()));
        }
    }
}

/// A new sub-processor, purpose or transfer outside the EEA needs
/// `material_notice_days` of notice (AVG art. 28(2): the school is told
/// ahead, and parents can object only when they can see it). The notice is
/// counted from `announced`, or, for a change still to come that does not
/// say when it was announced, from the day of the check.
fn short_notice(site: &Site, r: &Relationship, as_of: Date, out: &mut Vec<Diagnostic>) {
    let needed = i64::from(site.config.material_notice_days);
    for st in r.states() {
        let Some(c) = st.change else { continue };
        if c.urgent.is_some() || !st.deltas.iter().any(Delta::needs_notice) {
            continue;
        }
        let told = match c.announced {
            Some(a) => a,
            None if c.from > as_of => as_of,
            None => continue,
        };
        let days = (c.from - told).whole_days();
        if days < needed {
            let m = Message::RelationshipShortNotice {
                relationship: r.slug.clone(),
                from: c.from.to_string(),
                days,
                needed,
            };
            out.push(m.warning().in_file(r.file.clone()).at(c.line, 1));
        }
    }
}

/// Whether the organisation `slug` is the board of a school.
fn is_school_board(site: &Site, slug: &str) -> bool {
    site.schools.values().any(|s| s.board == slug)
}

/// Every controller a school board is — a school's board, or the site's
/// publisher — names its data-protection officer, whom a public authority
/// must appoint (AVG art. 37(1)(a)). A processor acting as the controller
/// of its own sub-processing need not have one.
fn controllers(root: &Path, site: &Site, out: &mut Vec<Diagnostic>) {
    for org in site.organisations.values() {
        let board = is_school_board(site, &org.slug) || org.slug == site.config.publisher;
        if board && org.dpo.is_none() {
            let m = Message::NoDpo {
                organisation: org.slug.clone(),
            };
            out.push(at_key(root, &org.file, "name", m.warning()));
        }
    }
}

/// A site has an accessibility statement: generated from `[accessibility]`,
/// or a page of its own.
fn accessibility(site: &Site, out: &mut Vec<Diagnostic>) {
    let own_page = site
        .pages
        .keys()
        .any(|slug| slug.contains("toegankelijk") || slug.contains("accessib"));
    if site.config.accessibility.is_none() && !own_page {
        out.push(
            Message::NoAccessibility
                .warning()
                .in_file("content/site.toml"),
        );
    }
}

/// Each configured timestamp authority needs its committed certificate
/// chain: without it, no token it gives can be checked.
fn timestamp_authorities(root: &Path, site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(t) = &site.config.transparency else {
        return;
    };
    for (url, file, why) in missing_tsa_chains(root, &t.timestamp_authorities) {
        out.push(at_key(
            root,
            Path::new("content/site.toml"),
            "timestamp_authorities",
            Message::TsaWithoutCertificates { url, file, why }.error(),
        ));
    }
}

/// The configured TSAs whose chain file is missing or unreadable: (URL,
/// the file it should be, why it is not usable).
pub(crate) fn missing_tsa_chains(root: &Path, urls: &[String]) -> Vec<(String, String, String)> {
    urls.iter()
        .filter_map(
            |url| match crate::transparency::read_committed_chain(root, url)? {
                Ok(_) => None,
                Err((file, why)) => Some((url.clone(), file, why)),
            },
        )
        .collect()
}

/// A version whose every text is the same as the version's before it was
/// most likely made with `policypress new version` and not edited yet.
fn unchanged_texts(site: &Site, out: &mut Vec<Diagnostic>) {
    for doc in site.documents.values() {
        for pair in doc.versions.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let same = !b.bodies.is_empty()
                && a.bodies.len() == b.bodies.len()
                && b.bodies.iter().all(|(lang, body)| {
                    a.bodies
                        .get(lang)
                        .is_some_and(|old| old.source == body.source && !body.source.is_empty())
                });
            if same {
                let folder = b.file.parent().unwrap_or(Path::new(""));
                let m = Message::UnchangedText {
                    version: b.number.to_string(),
                    previous: a.number.to_string(),
                };
                out.push(m.warning().in_file(folder.to_path_buf()));
            }
        }
    }
}

/// Every version of a privacy statement that readers meet now or later —
/// the one in force, announced ones and drafts — says in short what the
/// text says (`short`), as a layered notice does (WP260 rev.01 §35–38).
/// Older versions are left alone: nobody reads them first.
fn short_summaries(root: &Path, site: &Site, as_of: Date, out: &mut Vec<Diagnostic>) {
    for doc in site.documents.values() {
        if doc.kind != DocumentKind::Statement {
            continue;
        }
        let t = Timeline::new(doc, as_of, |v| v.published_by(as_of), |_| false);
        let from = t.in_force().map(|e| e.version.effective);
        for v in &doc.versions {
            if v.short.is_some() || from.is_some_and(|f| v.effective < f) {
                continue;
            }
            let m = Message::NoShort {
                document: doc.slug.clone(),
                version: v.number.to_string(),
            };
            out.push(at_key(root, &v.file, "effective", m.warning()));
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
    let m = Message::EmptySection {
        heading: text.to_string(),
    };
    m.warning()
        .in_file(body.file.clone())
        .at_line_col(&body.source, line as u32, 1)
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
                rights: None,
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
