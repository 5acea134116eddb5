//! Rewriting finished HTML pages in one streaming pass, so templates and
//! Markdown can both write site-root URLs and plain tables, and every page
//! still works under a sub-path and reads well with a screen reader.
//!
//! This runs on every page of a large site, so it is one `lol_html` pass with
//! a handful of selectors, over what is left of the page once the parts
//! finished already (Markdown bodies and comparisons, see [`mark_finished`])
//! are set aside.

use std::borrow::Cow;

use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, rewrite_str};

/// Where the site lives and how external links are announced.
#[derive(Debug, Clone, Copy)]
pub struct RewriteOptions<'a> {
    /// The path the site is served under, e.g. `/` or `/privacy/`.
    pub base_path: &'a str,
    /// The site's own origin, e.g. `https://privacy.example.nl`.
    pub site_origin: &'a str,
    /// Visually hidden text appended to external links, e.g. `(externe link)`.
    pub external_label: &'a str,
    /// The label of a footnote's link back to where it is referenced, with
    /// `{n}` for the reference, e.g. `Terug naar verwijzing {n}` (the
    /// Markdown renderer writes it in English); empty leaves it as it is.
    pub footnote_back_label: &'a str,
}

/// Attributes that hold a URL a page may point at its own site with.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "srcset", "action", "poster"];

const EXTERNAL_REL: &[&str] = &["external", "noopener", "noreferrer"];

/// What finishing does, worked out once from [`RewriteOptions`]: the pass
/// over a page and the Markdown renderer (which finishes bodies as it
/// writes them, see [`mark_finished`]) share it, so both decide alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finish {
    /// The base path without its trailing slash; `None` at the root.
    prefix: Option<String>,
    /// The site's own host, normalised.
    own_host: Option<String>,
    /// The visually hidden text appended to external links, as HTML.
    span: Option<String>,
    /// The footnote back-link label with `{n}`, or empty.
    footnote_back_label: String,
}

impl Finish {
    pub fn new(opts: &RewriteOptions) -> Finish {
        Finish {
            prefix: base_prefix(opts.base_path),
            own_host: authority(opts.site_origin).map(|a| normalise_authority(&a)),
            span: (!opts.external_label.is_empty()).then(|| {
                format!(
                    "<span class=\"visually-hidden\"> {}</span>",
                    crate::escape::html(opts.external_label)
                )
            }),
            footnote_back_label: if opts.footnote_back_label.contains("{n}") {
                opts.footnote_back_label.to_string()
            } else {
                String::new()
            },
        }
    }

    /// `url` with the base path in front if it is root-relative (`/x`).
    pub fn url<'u>(&self, url: &'u str) -> Cow<'u, str> {
        match &self.prefix {
            Some(prefix) if is_root_relative(url) => {
                Cow::Owned(format!("{prefix}{}", url.trim_start()))
            }
            _ => Cow::Borrowed(url),
        }
    }

    /// Whether a link to `href` (decoded) leaves the site.
    pub fn is_external(&self, href: &str) -> bool {
        http_authority(href).is_some_and(|host| {
            self.own_host.as_deref() != Some(normalise_authority(&host).as_str())
        })
    }

    /// `existing` `rel` tokens with those of an external link added.
    pub fn external_rel(existing: &str) -> String {
        let mut tokens: Vec<&str> = existing.split_ascii_whitespace().collect();
        for token in EXTERNAL_REL {
            if !tokens.iter().any(|t| t.eq_ignore_ascii_case(token)) {
                tokens.push(token);
            }
        }
        tokens.join(" ")
    }

    /// The HTML appended inside an external link, if any.
    pub fn external_span(&self) -> Option<&str> {
        self.span.as_deref()
    }

    /// The label of footnote back-link `n` (`1`, `1-2`), unless the
    /// renderer's own is kept.
    pub fn footnote_back_label(&self, n: &str) -> Option<String> {
        (!self.footnote_back_label.is_empty()).then(|| self.footnote_back_label.replace("{n}", n))
    }
}

/// Finishes a page: prefixes root-relative URLs with the base path, marks
/// links to other sites, and gives table header cells their scope.
///
/// Parts wrapped by [`mark_finished`] (bodies the Markdown renderer has
/// finished already) are taken as they are, unwrapped, and the pass runs
/// over the rest only: most of a policy page is its text, so this spares
/// most of the work.
///
/// If the rewriter refuses the input (it does not for HTML this site
/// produces), the page is returned unchanged rather than lost.
#[cfg(test)]
pub(crate) fn finish_page(html: &str, opts: &RewriteOptions) -> String {
    finish_html(html, &Finish::new(opts))
}

/// [`finish_page`] with the options worked out.
pub(crate) fn finish_html(html: &str, finish: &Finish) -> String {
    let (start, end) = markers();
    if memchr::memmem::find(html.as_bytes(), start.as_bytes()).is_none()
        && memchr::memmem::find(html.as_bytes(), end.as_bytes()).is_none()
    {
        return rewrite(html, finish);
    }
    // The rest of the page, with one start marker where each finished part
    // was: comments pass the rewriter untouched, so they show where the
    // parts go back.
    let mut rest = String::with_capacity(html.len() / 2);
    let mut parts: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(s) = memchr::memmem::find(&html.as_bytes()[at..], start.as_bytes()) {
        let open = at + s;
        let inner = open + start.len();
        push_without(&mut rest, &html[at..open], end);
        match memchr::memmem::find(&html.as_bytes()[inner..], end.as_bytes()) {
            Some(e) => {
                rest.push_str(start);
                parts.push(&html[inner..inner + e]);
                at = inner + e + end.len();
            }
            // A template cut the part short (its end marker is gone), so
            // where it ends is unknown: what follows is finished like the
            // rest of the page, that part a second time (on a sub-path site
            // its links get the base path twice). HTML cut short is broken
            // anyway; the page around it stays right.
            None => at = inner,
        }
    }
    push_without(&mut rest, &html[at..], end);
    let rewritten = rewrite(&rest, finish);
    let mut out =
        String::with_capacity(rewritten.len() + parts.iter().map(|p| p.len()).sum::<usize>());
    let mut parts = parts.into_iter();
    let mut pieces = rewritten.split(start);
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        // As many markers come out as went in: nothing here handles comments.
        out.push_str(parts.next().unwrap_or_default());
        out.push_str(piece);
    }
    out
}

/// Wraps HTML that is finished already (by the Markdown renderer, for the
/// page's options) so that [`finish_page`] leaves it as it is. The markers
/// carry a number drawn once per process, so no text can forge them, and
/// they never reach the output.
pub(crate) fn mark_finished(html: &str) -> String {
    let (start, end) = markers();
    let mut out = String::with_capacity(start.len() + html.len() + end.len());
    out.push_str(start);
    out.push_str(html);
    out.push_str(end);
    out
}

fn markers() -> (&'static str, &'static str) {
    static MARKERS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let (start, end) = MARKERS.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let nonce = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        (
            format!("<!--policypress:finished:{nonce:016x}-->"),
            format!("<!--/policypress:finished:{nonce:016x}-->"),
        )
    });
    (start, end)
}

/// Appends `text` without any stray `marker` in it.
fn push_without(out: &mut String, text: &str, marker: &str) {
    let mut pieces = text.split(marker);
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    pieces.for_each(|p| out.push_str(p));
}

/// The one `lol_html` pass.
fn rewrite(html: &str, finish: &Finish) -> String {
    let mut settings = RewriteStrSettings::new().with_strict(false);
    if let Some(prefix) = finish.prefix.as_deref() {
        settings = settings.append_element_content_handler(element!(
            "[href], [src], [srcset], [action], [poster]",
            move |el| {
                prefix_urls(el, prefix);
                Ok(())
            }
        ));
    }
    settings = settings.append_element_content_handler(element!("a[href]", move |el| {
        mark_external(el, finish);
        Ok(())
    }));
    // The scope selectors make the rewriter track open elements; a page
    // without header cells (most of them, once the bodies are set aside)
    // spares that.
    if has_th(html) {
        settings = settings
            .append_element_content_handler(element!("thead th:not([scope])", |el| {
                set_scope(el, "col");
                Ok(())
            }))
            .append_element_content_handler(element!(
                "tbody > tr > th:first-child:not([scope])",
                |el| {
                    set_scope(el, "row");
                    Ok(())
                }
            ))
            // A table written without <tbody> has its rows directly in <table>.
            .append_element_content_handler(element!(
                "table > tr > th:first-child:not([scope])",
                |el| {
                    set_scope(el, "row");
                    Ok(())
                }
            ));
    }
    // Only pages with footnotes pay for one more selector.
    if !finish.footnote_back_label.is_empty()
        && memchr::memmem::find(html.as_bytes(), b"data-footnote-backref").is_some()
    {
        settings = settings.append_element_content_handler(element!(
            "a[data-footnote-backref-idx]",
            move |el| {
                if let Some(label) = el
                    .get_attribute("data-footnote-backref-idx")
                    .and_then(|n| finish.footnote_back_label(&n))
                {
                    // A valid attribute name and any text: cannot fail.
                    let _ = el.set_attribute("aria-label", &label.replace('&', "&amp;"));
                }
                Ok(())
            }
        ));
    }
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// Whether `html` may have a `<th>` start tag: `<th` in any case, followed
/// by what ends a tag name. Text that only looks like one (in a comment, a
/// script) answers yes, which costs time, never a missed cell.
fn has_th(html: &str) -> bool {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|at| {
        bytes.get(at + 1..at + 4).is_some_and(|t| {
            t[..2].eq_ignore_ascii_case(b"th")
                && matches!(t[2], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
        })
    })
}

fn set_scope(el: &mut Element<'_, '_>, scope: &str) {
    // `scope` is a valid attribute name; setting it cannot fail.
    let _ = el.set_attribute("scope", scope);
}

/// The base path without its trailing slash, or `None` when the site is at
/// the root and nothing needs prefixing.
fn base_prefix(base_path: &str) -> Option<String> {
    let trimmed = base_path.trim().trim_matches('/');
    if trimmed.is_empty() {
        None
    } else {
        Some(format!("/{trimmed}"))
    }
}

/// `/x` but not `//x` (protocol-relative, another host).
fn is_root_relative(url: &str) -> bool {
    let url = url.trim_start();
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
}

fn prefix_urls(el: &mut Element<'_, '_>, prefix: &str) {
    for name in URL_ATTRIBUTES {
        // lol_html hands out attribute values as written; templates escape
        // `/` as `&#x2f;`, so the value is decoded before it is looked at.
        let Some(value) = el
            .get_attribute(name)
            .map(|v| crate::charref::decode_attribute(&v).into_owned())
        else {
            continue;
        };
        let new = if *name == "srcset" {
            prefix_srcset(&value, prefix)
        } else if is_root_relative(&value) {
            Some(format!("{prefix}{}", value.trim_start()))
        } else {
            None
        };
        if let Some(new) = new {
            // set_attribute escapes `"` but not `&`; a decoded `&` must not
            // be read back as the start of an entity.
            let _ = el.set_attribute(name, &new.replace('&', "&amp;"));
        }
    }
}

/// Prefixes every root-relative candidate of a `srcset`; `None` if none is.
fn prefix_srcset(srcset: &str, prefix: &str) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = srcset
        .split(',')
        .map(|candidate| {
            let trimmed = candidate.trim_start();
            if is_root_relative(trimmed) {
                changed = true;
                let lead = &candidate[..candidate.len() - trimmed.len()];
                format!("{lead}{prefix}{trimmed}")
            } else {
                candidate.to_string()
            }
        })
        .collect();
    changed.then(|| parts.join(","))
}

fn mark_external(el: &mut Element<'_, '_>, finish: &Finish) {
    let Some(href) = el
        .get_attribute("href")
        .map(|v| crate::charref::decode_attribute(&v).into_owned())
    else {
        return;
    };
    if !finish.is_external(&href) {
        return;
    }
    if el
        .get_attribute("class")
        .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == "no-external-mark"))
    {
        return;
    }
    let existing = el.get_attribute("rel").unwrap_or_default();
    let _ = el.set_attribute("rel", &Finish::external_rel(&existing));
    if let Some(span) = finish.external_span()
        && el.can_have_content()
    {
        el.append(span, ContentType::Html);
    }
}

/// The authority (`host[:port]`) of an `http:` or `https:` URL.
fn http_authority(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme_end = url.find(':')?;
    let scheme = &url[..scheme_end];
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    authority(url)
}

/// The authority of an absolute URL: what follows `scheme://` up to the path.
fn authority(url: &str) -> Option<String> {
    let after_scheme = &url[url.find("://")? + 3..];
    let end = after_scheme
        .find(['/', '?', '#', '\\'])
        .unwrap_or(after_scheme.len());
    let authority = &after_scheme[..end];
    // Userinfo (`user@host`) is not part of where the link goes.
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (!host.is_empty()).then(|| host.to_string())
}

/// Lowercase, without a default port, so `HTTPS://Example.nl:443` is the
/// same site as `https://example.nl`.
fn normalise_authority(authority: &str) -> String {
    let lower = authority.to_ascii_lowercase();
    let lower = lower.trim_end_matches('.');
    lower
        .strip_suffix(":443")
        .or_else(|| lower.strip_suffix(":80"))
        .unwrap_or(lower)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(base: &str) -> RewriteOptions<'_> {
        RewriteOptions {
            base_path: base,
            site_origin: "https://privacy.example.nl",
            external_label: "(externe link)",
            footnote_back_label: "Terug naar verwijzing {n}",
        }
    }

    #[test]
    fn footnote_back_links_are_labelled_in_the_page_language() {
        let html = r##"<p>Tekst<sup class="footnote-ref"><a href="#fn-a" id="fnref-a" data-footnote-ref>1</a></sup></p><section class="footnotes" data-footnotes><ol><li id="fn-a"><p>Noot <a href="#fnref-a" class="footnote-backref" data-footnote-backref data-footnote-backref-idx="1" aria-label="Back to reference 1">↩</a> <a href="#fnref-a-2" class="footnote-backref" data-footnote-backref data-footnote-backref-idx="1-2" aria-label="Back to reference 1-2">↩<sup class="footnote-ref">2</sup></a></p></li></ol></section>"##;
        let out = finish_page(html, &opts("/"));
        assert!(
            out.contains(r#"aria-label="Terug naar verwijzing 1""#),
            "{out}"
        );
        assert!(
            out.contains(r#"aria-label="Terug naar verwijzing 1-2""#),
            "{out}"
        );
        assert!(!out.contains("Back to reference"), "{out}");
        // Without a label in the theme, comrak's own stays.
        let o = RewriteOptions {
            footnote_back_label: "",
            ..opts("/")
        };
        assert!(finish_page(html, &o).contains("Back to reference 1-2"));
    }

    #[test]
    fn root_relative_urls_get_the_base_path() {
        let html = r#"<a href="/nl/">NL</a><img src="/img/logo.png" alt="Logo"><form action="/zoek"></form><video poster="/p.jpg"></video><link href="/style.css">"#;
        let want = r#"<a href="/privacy/nl/">NL</a><img src="/privacy/img/logo.png" alt="Logo"><form action="/privacy/zoek"></form><video poster="/privacy/p.jpg"></video><link href="/privacy/style.css">"#;
        assert_eq!(finish_page(html, &opts("/privacy/")), want);
        assert_eq!(finish_page(html, &opts("/privacy")), want);
        assert_eq!(finish_page(html, &opts("privacy/")), want);
    }

    #[test]
    fn base_root_leaves_urls_alone() {
        let html = r#"<a href="/nl/">NL</a><img src="/x.png" alt="x">"#;
        assert_eq!(finish_page(html, &opts("/")), html);
        assert_eq!(finish_page(html, &opts("")), html);
    }

    #[test]
    fn escaped_template_urls_get_the_base_path_and_external_mark() {
        let html = r#"<a href="&#x2f;nl&#x2f;">t</a><a href="https:&#x2f;&#x2f;other.example&#x2f;?a=1&amp;b=2">x</a>"#;
        let out = finish_page(html, &opts("/privacy/"));
        assert!(out.contains(r#"href="/privacy/nl/""#), "{out}");
        assert!(
            out.contains(r#"rel="external noopener noreferrer""#),
            "{out}"
        );
        assert!(out.contains("other.example&#x2f;?a=1&amp;b=2"), "{out}");
    }

    #[test]
    fn root_itself_gets_the_base_path() {
        assert_eq!(
            finish_page(r#"<a href="/">Home</a>"#, &opts("/privacy/")),
            r#"<a href="/privacy/">Home</a>"#
        );
    }

    #[test]
    fn other_urls_are_left_alone() {
        let html = r##"<a href="//cdn.example.nl/x.js" class="no-external-mark">cdn</a><a href="mailto:fg@example.nl">mail</a><a href="#artikel-1">anker</a><a href="nl/relatief">rel</a><a href="https://privacy.example.nl/nl/">eigen</a><a href="tel:+31201234567">bel</a>"##;
        assert_eq!(finish_page(html, &opts("/privacy/")), html);
    }

    #[test]
    fn protocol_relative_is_not_prefixed() {
        let html = r#"<script src="//cdn.example.nl/x.js"></script>"#;
        assert_eq!(finish_page(html, &opts("/privacy/")), html);
    }

    #[test]
    fn srcset_candidates_are_prefixed() {
        let html =
            r#"<img srcset="/a.png 1x, /b.png 2x, https://cdn.example.nl/c.png 3x" alt="a">"#;
        assert_eq!(
            finish_page(html, &opts("/privacy/")),
            r#"<img srcset="/privacy/a.png 1x, /privacy/b.png 2x, https://cdn.example.nl/c.png 3x" alt="a">"#
        );
    }

    #[test]
    fn external_links_are_marked() {
        let html = r#"<a href="https://www.autoriteitpersoonsgegevens.nl/">AP</a>"#;
        assert_eq!(
            finish_page(html, &opts("/")),
            r#"<a href="https://www.autoriteitpersoonsgegevens.nl/" rel="external noopener noreferrer">AP<span class="visually-hidden"> (externe link)</span></a>"#
        );
    }

    #[test]
    fn external_rel_is_merged() {
        let html = r#"<a href="http://example.com" rel="nofollow noopener">x</a>"#;
        assert_eq!(
            finish_page(html, &opts("/")),
            r#"<a href="http://example.com" rel="nofollow noopener external noreferrer">x<span class="visually-hidden"> (externe link)</span></a>"#
        );
    }

    #[test]
    fn own_origin_in_any_spelling_is_not_external() {
        for href in [
            "https://privacy.example.nl/nl/",
            "HTTPS://Privacy.Example.NL:443/nl/",
            "http://privacy.example.nl",
            "https://privacy.example.nl?x=1",
        ] {
            let html = format!(r#"<a href="{href}">x</a>"#);
            assert_eq!(finish_page(&html, &opts("/privacy/")), html, "{href}");
        }
    }

    #[test]
    fn other_subdomain_and_userinfo_trick_are_external() {
        for href in [
            "https://example.nl/",
            "https://privacy.example.nl.evil.com/",
            "https://privacy.example.nl@evil.com/",
        ] {
            let html = format!(r#"<a href="{href}">x</a>"#);
            let out = finish_page(&html, &opts("/"));
            assert!(
                out.contains("rel=\"external noopener noreferrer\""),
                "{href}: {out}"
            );
        }
    }

    /// A link the browser takes to another site is marked however its
    /// address is spelled: references with and without `;`, named ones
    /// such as `&bsol;` (a backslash ends the host, so the site's own
    /// name after it is only a path).
    #[test]
    fn links_to_other_sites_are_marked_however_spelled() {
        for href in [
            "https&colon;//evil.example/",
            "&#x68;ttps://evil.example/",
            "&#104ttps://evil.example/",
            "https:&sol;&sol;evil.example/",
            "https://evil.example&bsol;@privacy.example.nl/",
            "https://evil.example&#92@privacy.example.nl/",
            "https://evil.example&#x5C;@privacy.example.nl/",
        ] {
            let html = format!(r#"<a href="{href}">x</a>"#);
            let out = finish_page(&html, &opts("/"));
            assert!(
                out.contains("rel=\"external noopener noreferrer\""),
                "{href}: {out}"
            );
        }
        // The site's own address in references is not another site.
        for href in [
            "https&colon;//privacy.example.nl/nl/",
            "&#104;ttps://privacy&period;example.nl/",
        ] {
            let html = format!(r#"<a href="{href}">x</a>"#);
            let out = finish_page(&html, &opts("/"));
            assert!(!out.contains("external"), "{href}: {out}");
        }
    }

    /// Root-relative addresses are found under references too, and an
    /// old name before `=` in a query stays as written.
    #[test]
    fn root_relative_urls_are_found_however_spelled() {
        for (href, want) in [
            ("&sol;nl&sol;", "/privacy/nl/"),
            ("&#47nl/", "/privacy/nl/"),
            ("/nl/?a=1&copy=2", "/privacy/nl/?a=1&amp;copy=2"),
        ] {
            let html = format!(r#"<a href="{href}">x</a>"#);
            let out = finish_page(&html, &opts("/privacy/"));
            assert!(out.contains(&format!(r#"href="{want}""#)), "{href}: {out}");
        }
        // `/&bsol;host` is another host to a browser, never a path here.
        let out = finish_page(
            r#"<a href="/&bsol;evil.example/">x</a>"#,
            &opts("/privacy/"),
        );
        assert!(!out.contains("/privacy/"), "{out}");
    }

    #[test]
    fn opted_out_links_are_not_marked() {
        let html = r#"<a class="btn no-external-mark" href="https://example.com">x</a>"#;
        assert_eq!(finish_page(html, &opts("/")), html);
    }

    #[test]
    fn external_label_is_escaped() {
        let o = RewriteOptions {
            external_label: "<b>&",
            ..opts("/")
        };
        assert_eq!(
            finish_page(r#"<a href="https://example.com">x</a>"#, &o),
            r#"<a href="https://example.com" rel="external noopener noreferrer">x<span class="visually-hidden"> &lt;b&gt;&amp;</span></a>"#
        );
    }

    #[test]
    fn table_header_cells_get_scope() {
        let html = "<table><thead><tr><th>Naam</th><th scope=\"colgroup\">Doel</th></tr></thead>\
                    <tbody><tr><th>Bloom</th><td>Leren</td><th>x</th></tr>\
                    <tr><th scope=\"row\">Spotler</th><td>Mail</td></tr></tbody></table>";
        assert_eq!(
            finish_page(html, &opts("/")),
            "<table><thead><tr><th scope=\"col\">Naam</th><th scope=\"colgroup\">Doel</th></tr></thead>\
             <tbody><tr><th scope=\"row\">Bloom</th><td>Leren</td><th>x</th></tr>\
             <tr><th scope=\"row\">Spotler</th><td>Mail</td></tr></tbody></table>"
        );
    }

    #[test]
    fn first_cell_of_row_without_tbody_gets_row_scope() {
        assert_eq!(
            finish_page("<table><tr><th>a</th><td>b</td></tr></table>", &opts("/")),
            "<table><tr><th scope=\"row\">a</th><td>b</td></tr></table>"
        );
    }

    #[test]
    fn finished_parts_are_kept_and_their_markers_dropped() {
        let body =
            r#"<p><a href="/nl/al-klaar/">al klaar</a> <a href="https://example.com">x</a></p>"#;
        let page = format!(
            r#"<nav><a href="/nl/">NL</a></nav>{}<footer><a href="https://ap.example/">AP</a></footer>{}"#,
            mark_finished(body),
            mark_finished("<p>twee</p>")
        );
        assert_eq!(
            finish_page(&page, &opts("/privacy/")),
            format!(
                r#"<nav><a href="/privacy/nl/">NL</a></nav>{body}<footer><a href="https://ap.example/" rel="external noopener noreferrer">AP<span class="visually-hidden"> (externe link)</span></a></footer><p>twee</p>"#
            )
        );
    }

    #[test]
    fn a_cut_finished_part_is_finished_like_the_rest() {
        let (start, end) = markers();
        // The end was cut off (a template truncated the body): what is
        // left is finished, and no marker reaches the page.
        let page = format!(r#"{start}<a href="/x/">x</a>"#);
        assert_eq!(
            finish_page(&page, &opts("/privacy/")),
            r#"<a href="/privacy/x/">x</a>"#
        );
        let page = format!(r#"<a href="/x/">x</a>{end}<p>y</p>{end}"#);
        assert_eq!(
            finish_page(&page, &opts("/privacy/")),
            r#"<a href="/privacy/x/">x</a><p>y</p>"#
        );
        // A finished part inside a table keeps the table's context intact.
        let page = format!(
            "<table><thead><tr><th>a</th>{}</tr></thead></table>",
            mark_finished("<th>b</th>")
        );
        assert_eq!(
            finish_page(&page, &opts("/")),
            "<table><thead><tr><th scope=\"col\">a</th><th>b</th></tr></thead></table>"
        );
    }

    #[test]
    fn markers_cannot_be_guessed_from_text() {
        let (start, end) = markers();
        assert!(start.starts_with("<!--policypress:finished:") && start.len() > 30);
        assert!(end.starts_with("<!--/policypress:finished:"));
        // Another guess at the number is just a comment.
        let page = r#"<!--policypress:finished:0000000000000000--><a href="/x/">x</a><!--/policypress:finished:0000000000000000-->"#;
        assert!(finish_page(page, &opts("/privacy/")).contains(r#"href="/privacy/x/""#));
    }

    #[test]
    fn header_cells_are_found_in_any_case() {
        for html in ["<th>", "<TH scope=x>", "<tH\n>", "<th/>", "x<th\tclass=a>"] {
            assert!(has_th(html), "{html:?}");
        }
        for html in [
            "",
            "<thead>",
            "<p>th</p>",
            "<tr><td>",
            "<t",
            "<th",
            "&lt;th>",
        ] {
            assert!(!has_th(html), "{html:?}");
        }
        // Without header cells the scope selectors are left out, and nothing
        // else changes.
        let html = r#"<table><tr><td>a</td></tr></table><a href="https://x.example/">x</a>"#;
        assert!(finish_page(html, &opts("/")).contains("rel=\"external"));
    }

    #[test]
    fn whole_page_in_one_pass() {
        let html = "<!doctype html><html lang=\"nl\"><head><link rel=\"stylesheet\" href=\"/s.css\"></head>\
                    <body><main id=\"main\"><p>Zie <a href=\"https://example.com/a?b=1&amp;c=2\">Example</a> en <a href=\"/nl/x/\">x</a>.</p></main></body></html>";
        assert_eq!(
            finish_page(html, &opts("/privacy/")),
            "<!doctype html><html lang=\"nl\"><head><link rel=\"stylesheet\" href=\"/privacy/s.css\"></head>\
             <body><main id=\"main\"><p>Zie <a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"external noopener noreferrer\">Example<span class=\"visually-hidden\"> (externe link)</span></a> en <a href=\"/privacy/nl/x/\">x</a>.</p></main></body></html>"
        );
    }
}
