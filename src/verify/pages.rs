//! Whether a built site shows each sealed version as it was sealed: the
//! text of each of its pages (compared as text, see [`super::html`]), of
//! its document's page while it is in force, and its entry in the API
//! (`api/v1/documents/<doc>.json`). A page edited on
//! the host fails with the page's path and the first line that differs.
//!
//! Pages are looked for in every language the artifact has a text in, the
//! API says the site has, and the pages found link to as alternates. A
//! version with no page at all is not shown by this build (a site folder,
//! or a build for an earlier date) and is only counted.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::Value;

use super::{Entries, Report, Source, html};
use crate::i18n::iso;
use crate::markdown::{self, BodyKind, MarkdownOptions};
use crate::model::VersionNumber;
use crate::routes::Route;
use crate::transparency::artifact::{VersionArtifact, is_language};

/// The API folder of a built site.
const API: &str = "api/v1";

/// At most this many languages are tried per version, whatever a hostile
/// API or page claims.
const MAX_LANGUAGES: usize = 64;

/// A sealed version that verified, to look for on the site.
pub(super) struct Shown {
    pub pos: u64,
    /// `#i artifact`, for messages.
    pub label: String,
    pub sha256: String,
    /// The artifact's path, to read its texts again.
    pub artifact: String,
    /// The languages of its texts.
    pub languages: Vec<String>,
    /// Its document and version number (what the index labels it, which
    /// the artifact was checked to say).
    pub document: String,
    pub number: VersionNumber,
}

impl Shown {
    /// The version with its texts, read again from its artifact and held
    /// to the digest the log sealed (verify keeps versions without their
    /// texts, so that its memory does not grow with the log).
    fn with_texts(&self, src: &dyn Source) -> Result<VersionArtifact, String> {
        use sha2::Digest as _;
        let bytes = src
            .get(&self.artifact)?
            .ok_or_else(|| format!("{}: the artifact is missing", self.label))?;
        if crate::sign::hex(&sha2::Sha256::digest(&bytes)) != self.sha256 {
            return Err(format!(
                "{}: the artifact changed while verify read the site",
                self.label
            ));
        }
        match crate::transparency::Artifact::parse(&bytes) {
            Ok(crate::transparency::Artifact::Version(v)) => Ok(*v),
            _ => Err(format!(
                "{}: the artifact changed while verify read the site",
                self.label
            )),
        }
    }
}

/// What was found of one version.
#[derive(Default)]
struct Found {
    report: Report,
    pages: usize,
    in_api: bool,
}

/// Positions, one bit each, listed in ascending order whatever order
/// they were added in.
#[derive(Default)]
struct Positions(Vec<u64>);

impl Positions {
    fn insert(&mut self, p: u64) {
        let (w, b) = ((p / 64) as usize, p % 64);
        if self.0.len() <= w {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << b;
    }
    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    fn entries(&self) -> Entries {
        (0..self.0.len() as u64 * 64)
            .filter(|&p| self.0[(p / 64) as usize] & (1 << (p % 64)) != 0)
            .collect()
    }
}

/// Checks the pages and API entries of the sealed versions, given one
/// document at a time (all its versions, in log order, or why they could
/// not be read again), so that only one document's versions are held;
/// adds the outcome to `r`.
pub(super) fn check<I>(src: &dyn Source, documents: I, r: &mut Report)
where
    I: Iterator<Item = Result<Vec<Shown>, (Vec<u64>, String)>>,
{
    let mut site_languages: Option<Vec<String>> = None;
    let mut api_failures = Report::default();
    let mut doc_reports = Report::default();
    // What is found of each version, kept only when something failed, to
    // report in log order.
    let mut found_reports: Vec<(u64, Report)> = Vec::new();
    // Failures beyond those, counted (see `Report::unlisted`).
    let mut unlisted: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut with_pages = Positions::default();
    let mut in_api = Positions::default();
    let (mut pages, mut doc_pages, mut total) = (0, 0, 0);
    for versions in documents {
        let versions = match versions {
            Ok(v) => v,
            Err((entries, why)) => {
                total += entries.len();
                doc_reports.fail("pages", entries, why);
                continue;
            }
        };
        let Some(doc) = versions.first().map(|v| v.document.clone()) else {
            continue;
        };
        total += versions.len();
        let site_languages = site_languages.get_or_insert_with(|| read_site_languages(src));
        let path = api_file(&doc);
        let api = match src.get_site(&path) {
            Ok(Some(bytes)) => serde_json::from_slice::<Value>(&bytes)
                .map(Some)
                .map_err(|e| format!("{path} is not JSON ({e})")),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        };
        if let Err(e) = &api {
            api_failures.fail(
                "api",
                versions.iter().map(|v| v.pos).collect::<Entries>(),
                e.clone(),
            );
        }
        let api = api.ok().flatten();
        // In parallel, a bounded number at a time: what is found of each
        // version is kept only until it is counted.
        for chunk in versions.chunks(1024) {
            let found: Vec<Found> = chunk
                .par_iter()
                .map(|v| one_version(src, v, api.as_ref(), site_languages))
                .collect();
            for (v, f) in chunk.iter().zip(found) {
                if f.pages > 0 {
                    with_pages.insert(v.pos);
                }
                if f.in_api {
                    in_api.insert(v.pos);
                }
                pages += f.pages;
                if !f.report.checks.is_empty() {
                    found_reports.push((v.pos, f.report));
                    // Those of the first versions are listed, the rest
                    // counted: a site failing everywhere does not fill
                    // memory.
                    if found_reports.len() >= 2 * super::MAX_LISTED {
                        found_reports.sort_by_key(|(pos, _)| *pos);
                        for (_, f) in found_reports.drain(super::MAX_LISTED..) {
                            for c in f.checks {
                                *unlisted.entry(c.check).or_default() += 1;
                            }
                        }
                    }
                }
            }
        }
        // The document's page shows the version in force, as sealed.
        let shown: Vec<&Shown> = versions.iter().collect();
        let (report, n) = document_pages(src, &doc, &shown, site_languages);
        doc_pages += n;
        doc_reports.merge(report);
    }
    if total == 0 {
        return;
    }
    r.merge(api_failures);
    let failures = r.failure_count();
    r.merge(doc_reports);
    found_reports.sort_by_key(|(pos, _)| *pos);
    for (_, f) in found_reports {
        r.merge(f);
    }
    for (check, n) in unlisted {
        *r.unlisted.entry(check).or_default() += n;
    }
    let failed = r.failure_count() > failures;
    let shown_pages = with_pages.len();
    if shown_pages == 0 && !failed {
        r.note(
            "pages",
            "no page of a sealed version is here (a site folder, or a site built before they were published): pages not checked",
        );
        return;
    }
    if !failed {
        r.ok_for(
            "pages",
            with_pages.entries(),
            format!("{pages} pages of {shown_pages} sealed versions show the sealed text"),
        );
        if doc_pages > 0 {
            r.ok_for(
                "pages",
                with_pages.entries(),
                format!("{doc_pages} document pages show the text of a sealed version"),
            );
        }
        let n_api = in_api.len();
        if n_api > 0 {
            r.ok_for(
                "api",
                in_api.entries(),
                format!("the API says of {n_api} sealed versions what their artifacts say"),
            );
        }
    }
    let missing = total - shown_pages;
    if missing > 0 && shown_pages > 0 {
        r.note(
            "pages",
            format!(
                "{missing} sealed version{} not shown by this build (no page here)",
                if missing == 1 { " is" } else { "s are" }
            ),
        );
    }
}

/// The languages the site's API says it has.
fn read_site_languages(src: &dyn Source) -> Vec<String> {
    match src.get_site(&format!("{API}/index.json")) {
        Ok(Some(bytes)) => serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| {
                v.pointer("/site/languages")?.as_array().map(|l| {
                    l.iter()
                        .filter_map(Value::as_str)
                        .filter(|l| is_language(l))
                        .map(str::to_string)
                        .collect()
                })
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn api_file(doc: &str) -> String {
    format!("{API}/documents/{doc}.json")
}

/// The pages of one version in every language it may be shown in, and its
/// API entry.
fn one_version(
    src: &dyn Source,
    v: &Shown,
    api: Option<&Value>,
    site_languages: &[String],
) -> Found {
    let mut out = Found::default();
    let number = v.number.as_str();
    let entry = api.and_then(|a| {
        a.get("versions")?
            .as_array()?
            .iter()
            .enumerate()
            .find(|(_, e)| e.get("number").and_then(Value::as_str) == Some(number))
    });
    if let Some((i, e)) = entry {
        out.in_api = true;
        // The artifact is read again (and held to its digest) only for a
        // version the site shows.
        if let Err(why) = v.with_texts(src).and_then(|a| check_api(e, i == 0, v, &a)) {
            out.report.fail(
                "api",
                vec![v.pos],
                format!(
                    "{}: {}: version {number}: {why}",
                    v.label,
                    api_file(&v.document)
                ),
            );
        }
    }
    // The languages to look in, in a stable order; the pages found add
    // the languages they link to.
    let mut queue: Vec<String> = v.languages.to_vec();
    queue.extend(site_languages.iter().cloned());
    if let Some(pages) = entry.and_then(|(_, e)| e.get("pages")?.as_object().cloned()) {
        queue.extend(pages.keys().filter(|l| is_language(l)).cloned());
    }
    let mut seen = BTreeSet::new();
    let mut k = 0;
    // Its texts, read when a page is found.
    let mut full = None;
    while k < queue.len() && seen.len() < MAX_LANGUAGES {
        let lang = queue[k].clone();
        k += 1;
        if !seen.insert(lang.clone()) {
            continue;
        }
        let path = Route::Version(v.document.clone(), v.number.clone()).file(&lang);
        let page = match src.get_site(&path) {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            Err(e) => {
                out.report
                    .fail("pages", vec![v.pos], format!("{}: {e}", v.label));
                continue;
            }
        };
        out.pages += 1;
        let page = String::from_utf8_lossy(&page);
        queue.extend(
            html::alternates(&page)
                .into_iter()
                .filter(|l| is_language(l)),
        );
        if full.is_none() {
            full = Some(v.with_texts(src));
        }
        let checked = match full.as_ref().expect("bug: just read") {
            Ok(version) => check_page(&page, &lang, version, &v.sha256),
            Err(e) => {
                out.report.fail("pages", vec![v.pos], e.clone());
                break;
            }
        };
        if let Err(why) = checked {
            out.report
                .fail("pages", vec![v.pos], format!("{}: {path}:{why}", v.label));
        }
    }
    out
}

/// The pages of a document (which show the version in force, if any) in
/// every language its versions may be shown in: each must show the text of
/// a sealed version of the document, the one it marks (or, in pages built
/// before the marker, any). The failures, and how many pages were checked.
fn document_pages(
    src: &dyn Source,
    doc: &str,
    shown: &[&Shown],
    site_languages: &[String],
) -> (Report, usize) {
    let mut r = Report::default();
    let entries: Vec<u64> = shown.iter().map(|v| v.pos).collect();
    let mut queue: Vec<String> = shown
        .iter()
        .flat_map(|v| v.languages.iter().cloned())
        .chain(site_languages.iter().cloned())
        .collect();
    let mut seen = BTreeSet::new();
    let mut checked = 0;
    let mut k = 0;
    while k < queue.len() && seen.len() < MAX_LANGUAGES {
        let lang = queue[k].clone();
        k += 1;
        if !seen.insert(lang.clone()) {
            continue;
        }
        let path = Route::Document(doc.to_string()).file(&lang);
        let page = match src.get_site(&path) {
            Ok(Some(b)) => String::from_utf8_lossy(&b).into_owned(),
            Ok(None) => continue,
            Err(e) => {
                r.fail("pages", entries.clone(), e);
                continue;
            }
        };
        queue.extend(
            html::alternates(&page)
                .into_iter()
                .filter(|l| is_language(l)),
        );
        // No text: no version is in force.
        let Some(body) = html::find_body(&page) else {
            continue;
        };
        checked += 1;
        let outcome = match &body.sealed {
            Some(marked) => match shown.iter().find(|v| &v.sha256 == marked) {
                Some(v) => v
                    .with_texts(src)
                    .and_then(|full| check_page(&page, &lang, &full, &v.sha256))
                    .map_err(|e| (v.pos, e)),
                None => Err((
                    shown.last().map_or(0, |v| v.pos),
                    format!(
                        "{}: the page marks its text as the artifact with SHA-256 {marked}, which is no sealed version of {doc:?}",
                        body.line
                    ),
                )),
            },
            None => {
                // Built before pages marked their text: it must be one of
                // the sealed versions, the latest sealed first.
                let mut first_error = None;
                let mut matched = false;
                for v in shown.iter().rev() {
                    match v
                        .with_texts(src)
                        .and_then(|full| check_page(&page, &lang, &full, &v.sha256))
                    {
                        Ok(()) => {
                            matched = true;
                            break;
                        }
                        Err(e) => {
                            first_error.get_or_insert((v.pos, e));
                        }
                    }
                }
                match (matched, first_error) {
                    (false, Some(e)) => Err(e),
                    _ => Ok(()),
                }
            }
        };
        if let Err((pos, why)) = outcome {
            r.fail(
                "pages",
                vec![pos],
                format!("{}: {path}:{why}", super::label_of(shown, pos)),
            );
        }
    }
    (r, checked)
}

/// Whether a version page shows the sealed text. The error completes
/// "<page>:", starting with a line number where there is one.
pub fn check_page(page: &str, lang: &str, v: &VersionArtifact, sha256: &str) -> Result<(), String> {
    let body = html::find_body(page).ok_or(
        " the page has no element that holds the version's text (one marked data-sealed, or div.prose in <main>)",
    )?;
    if let Some(marked) = &body.sealed
        && marked != sha256
    {
        return Err(format!(
            "{}: the page says it shows the artifact with SHA-256 {marked}, not the sealed one ({sha256})",
            body.line
        ));
    }
    let text_lang = body.lang.as_deref().unwrap_or(lang);
    let Some(source) = v.bodies.get(text_lang) else {
        return Err(format!(
            "{}: the page shows a text in {text_lang:?}, which the sealed version does not have",
            body.line
        ));
    };
    let shown = html::words(body.html, body.line);
    let mut first = None;
    // Raw HTML is shown as text, or (when the site allows it) as HTML;
    // which one the site chose is not sealed, so either may match.
    for unsafe_html in [false, true] {
        if unsafe_html && !source.contains('<') {
            break;
        }
        let opts = MarkdownOptions {
            kind: BodyKind::Version,
            unsafe_html,
        };
        let sealed = html::words(&markdown::render(source, &opts).html, 1);
        match html::first_difference(&sealed, &shown) {
            None => return Ok(()),
            Some(i) => {
                first.get_or_insert((sealed, i));
            }
        }
    }
    let (sealed, i) = first.expect("bug: a text that did not match has a difference");
    let line = match shown.words.get(i) {
        Some((_, b)) => shown.blocks[*b],
        None => shown.blocks.last().copied().unwrap_or(body.line),
    };
    Err(format!(
        "{line}: the text shown is not the sealed text: the page has {}, the sealed text {}",
        excerpt(&shown, i),
        excerpt(&sealed, i)
    ))
}

/// The words around word `i` in its block, quoted; "nothing more" past the
/// end.
fn excerpt(w: &html::Words, i: usize) -> String {
    let Some(&(_, b)) = w.words.get(i) else {
        return "nothing more".into();
    };
    let block: Vec<(usize, &str)> = w
        .words
        .iter()
        .enumerate()
        .filter(|(_, (_, wb))| *wb == b)
        .map(|(k, (word, _))| (k, word.as_str()))
        .collect();
    let at = block.iter().position(|(k, _)| *k == i).unwrap_or(0);
    let from = at.saturating_sub(6);
    let to = (at + 9).min(block.len());
    let mut s: String = block[from..to]
        .iter()
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ");
    if from > 0 {
        s.insert_str(0, "… ");
    }
    if to < block.len() {
        s.push_str(" …");
    }
    format!("{s:?}")
}

/// Whether a version's API entry says what its artifact says, field by
/// field where the API has the field. `first`: it is the first version the
/// API lists (which the API never calls a material change).
fn check_api(e: &Value, first: bool, v: &Shown, a: &VersionArtifact) -> Result<(), String> {
    let text = |x: &Option<Value>| x.clone().unwrap_or(Value::Null);
    let date = |d: Option<crate::model::Date>| d.map_or(Value::Null, |d| Value::String(iso(d)));
    let fields: [(&str, Value); 8] = [
        ("published", date(Some(a.published))),
        ("effective", date(Some(a.effective))),
        ("approved_by", text(&a.approved_by)),
        ("approved_on", date(a.approved_on)),
        ("summary", text(&a.summary)),
        ("urgent", text(&a.urgent)),
        ("late_entry", text(&a.late_entry)),
        (
            "languages",
            Value::Array(v.languages.iter().cloned().map(Value::String).collect()),
        ),
    ];
    for (name, sealed) in fields {
        if let Some(shown) = e.get(name)
            && *shown != sealed
        {
            return Err(format!(
                "`{name}` is {shown}, the sealed version has {sealed}"
            ));
        }
    }
    match e.get("material") {
        Some(Value::Bool(true)) if !a.material => {
            return Err("`material` is true, the sealed version is not a material change".into());
        }
        Some(Value::Bool(false)) if a.material && !first => {
            return Err("`material` is false, the sealed version is a material change".into());
        }
        Some(Value::Bool(_)) | None => {}
        Some(other) => return Err(format!("`material` is {other}, not true or false")),
    }
    // The seal fields, when the site fills them in.
    let seal: [(&str, Value); 3] = [
        ("sealed", Value::Bool(true)),
        (
            "artifact_digest",
            Value::String(format!("sha256:{}", v.sha256)),
        ),
        ("log_index", Value::from(v.pos)),
    ];
    for (name, sealed) in seal {
        if let Some(shown) = e.get(name).filter(|x| !x.is_null())
            && *shown != sealed
        {
            return Err(format!("`{name}` is {shown}, the log has {sealed}"));
        }
    }
    Ok(())
}
