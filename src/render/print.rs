//! What a page says about itself on paper: a printed page can be read
//! away from the site, so every sheet names where the page lives, which
//! version and date it shows and, for a sealed version, the digest that
//! proves its text (the running header and footer), and the last sheet
//! says it all again in full.

use std::fmt::Write as _;

use super::Renderer;
use super::views::{DigestView, PrintView};
use crate::i18n::UiKey;
use crate::model::{Date, VersionNumber};
use crate::routes::Route;

/// What a page family knows about the version it shows, for print.
#[derive(Debug, Default)]
pub(super) struct Printed {
    /// The page that keeps showing what this one shows today: a
    /// document's page shows whichever version is in force, its version's
    /// page always the same text. `None`: the page itself.
    pub permalink: Option<Route>,
    /// "Versie 2.0", or which versions a comparison compares.
    pub version: Option<String>,
    /// When the version shown takes effect.
    pub effective: Option<Date>,
    /// The digests of the sealed versions shown, by version number.
    pub seals: Vec<(VersionNumber, String)>,
    /// The page shows versions that are not sealed.
    pub unsealed: bool,
}

impl Renderer<'_> {
    /// What the page of `route`, with `p` from its family, prints in its
    /// header, footer and colophon; `title` is its `<title>` without the
    /// site's title, which is `site_title`.
    pub(super) fn print_view(
        &self,
        route: &Route,
        lang: &str,
        p: &Printed,
        title: &str,
        site_title: &str,
    ) -> PrintView {
        let ui = self.ui(lang);
        let url = self.asof.url(p.permalink.as_ref().unwrap_or(route), lang);
        let as_of = self.date(self.asof.as_of(), lang);
        let digests: Vec<DigestView> = p
            .seals
            .iter()
            .map(|(number, sha256)| DigestView {
                label: ui.fill(UiKey::PrintDigest, &[("version", number.as_str())]),
                sha256: sha256.clone(),
            })
            .collect();

        // The running header and footer are the page's own @page rules:
        // margin boxes can only show text CSS gives them. The footer: the
        // permanent link; the version and the date the page describes;
        // each digest, on a line of its own.
        let mut css = String::from("@page {\n");
        let _ = writeln!(css, "  @top-left {{ content: {}; }}", css_string(title));
        let _ = writeln!(
            css,
            "  @top-right {{ content: {}; }}",
            css_string(site_title)
        );
        let as_of_text = ui.fill(UiKey::AsOf, &[("date", &as_of.text)]);
        let mut footer = format!("{url}\n");
        if let Some(version) = &p.version {
            let _ = write!(footer, "{version} · ");
        }
        footer.push_str(&as_of_text);
        for (number, sha256) in &p.seals {
            let _ = write!(footer, "\nSHA-256 {number}: {sha256}");
        }
        let _ = writeln!(
            css,
            "  @bottom-left {{ content: {}; }}",
            css_string(&footer)
        );
        let _ = writeln!(
            css,
            "  @bottom-right {{ content: {}; }}",
            css_counters(ui.get(UiKey::PrintPage))
        );
        css.push('}');
        let style_source = style_source(&css);

        PrintView {
            url,
            version: p.version.clone(),
            effective: p.effective.map(|d| self.date(d, lang)),
            digests,
            unsealed: p.unsealed && self.asof.log().is_none(),
            css,
            style_source,
        }
    }
}

/// The Content-Security-Policy source that allows exactly the `<style>`
/// element holding `css`: the base64 of its SHA-256 (CSP Level 3, "hash
/// source"). The page's policy then needs no `'unsafe-inline'`, so markup
/// that reached a page (raw HTML allowed by `unsafe_html`) can add neither
/// a script nor a style.
fn style_source(css: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(css.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `s` as a CSS string, safe inside `<style>`: quotes and backslashes
/// escaped, line breaks as `\A`, and `<`, `>` and `&` as escapes so no
/// text can close the element.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\A "),
            '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An interface string with `{page}` and `{pages}` ("Pagina {page} van
/// {pages}") as CSS content: its text as strings, the placeholders as the
/// page counters.
fn css_counters(text: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        let (counter, len) = if tail.starts_with("{pages}") {
            ("counter(pages)", "{pages}".len())
        } else if tail.starts_with("{page}") {
            ("counter(page)", "{page}".len())
        } else {
            parts.push(css_string(&rest[..=at]));
            rest = &rest[at + 1..];
            continue;
        };
        if at > 0 {
            parts.push(css_string(&rest[..at]));
        }
        parts.push(counter.to_string());
        rest = &tail[len..];
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(css_string(rest));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::{css_counters, css_string};

    #[test]
    fn strings_cannot_leave_the_style_element() {
        assert_eq!(
            css_string("a\"b\\c</style><script>&\nx"),
            "\"a\\\"b\\\\c\\3c /style\\3e \\3c script\\3e \\26 \\A x\""
        );
    }

    #[test]
    fn page_numbers_become_counters() {
        assert_eq!(
            css_counters("Pagina {page} van {pages}"),
            "\"Pagina \" counter(page) \" van \" counter(pages)"
        );
        assert_eq!(
            css_counters("{page}/{pages}"),
            "counter(page) \"/\" counter(pages)"
        );
        assert_eq!(css_counters("p. {x}"), "\"p. {\" \"x}\"");
    }
}
