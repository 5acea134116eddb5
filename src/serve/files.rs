//! The site as the preview serves it: the rendered files in memory, each
//! with a hash of its built bytes, and the mapping from a request URL to
//! one of those files. Nothing is read from disk at request time, so no URL
//! can reach a file outside the built site, however it is encoded.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::escape;

/// The URL path under which the preview's own endpoints live. A site's
/// paths are slugs (`a-z0-9-`), so they can never collide with it.
pub const OWN_PREFIX: &str = "/__policypress/";

/// One file as served.
#[derive(Debug, Clone)]
pub struct Served {
    /// The bytes sent: for HTML, the built page with the reload script.
    pub bytes: Arc<[u8]>,
    /// A hash of the built bytes (without the script): a tab whose page hash
    /// changes is reloaded.
    pub hash: u64,
}

/// A hash of built bytes, to tell whether a page changed between builds.
/// Not a security boundary: nothing depends on it but a reload.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Where a request goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A built file, by its path in the output, e.g. `nl/index.html`.
    File(String),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    /// The event stream; the query string follows.
    Events(String),
    /// The reload script.
    Script,
    /// Nothing (or something refused): the site's 404 page.
    NotFound,
}

/// Maps a request target to a file of the built site. `exists` says
/// whether the output has a file at a path.
///
/// Refused (404): anything but an origin-form path, `.` and `..` segments
/// and segments starting with a dot, empty segments, backslashes, NUL and
/// other control characters, and percent-encodings that decode to any of
/// those or to `/` or `%` (so double encoding cannot smuggle them past this
/// check either), or to invalid UTF-8.
pub fn resolve(target: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Target {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, q),
        None => (target, ""),
    };
    let path = path.split_once('#').map_or(path, |(p, _)| p);
    if !path.starts_with('/') {
        return Target::NotFound;
    }
    if path == "/__policypress/events" {
        return Target::Events(query.to_string());
    }
    if path == "/__policypress/live.js" {
        return Target::Script;
    }
    let Some(segments) = decode_segments(path) else {
        return Target::NotFound;
    };
    let base: Vec<&str> = base_path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() < base.len() || segments.iter().zip(&base).any(|(a, b)| a != b) {
        return Target::NotFound;
    }
    let rest = &segments[base.len()..];
    let folder = rest.is_empty() || path.ends_with('/');
    let joined = rest.join("/");
    let key = if folder {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined.clone()
    };
    if exists(&key) {
        return Target::File(key);
    }
    if !folder && exists(&format!("{joined}/index.html")) {
        return Target::Redirect(format!("{path}/"));
    }
    Target::NotFound
}

/// The decoded, checked segments of a path; `None` if any is refused. A
/// trailing slash gives no empty last segment.
fn decode_segments(path: &str) -> Option<Vec<String>> {
    let inner = path.strip_prefix('/')?;
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    for raw in inner.split('/') {
        if raw.is_empty() || raw.contains('\\') {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .ok()?
            .into_owned();
        let refused = decoded.is_empty()
            || decoded.starts_with('.')
            || decoded
                .chars()
                .any(|c| c == '/' || c == '\\' || c == '%' || c.is_control());
        if refused {
            return None;
        }
        out.push(decoded);
    }
    Some(out)
}

/// The content type for an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        // RFC 4180; `header=present` as RFC 7111 registers it.
        "csv" => "text/csv; charset=utf-8; header=present",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/vnd.microsoft.icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "pub" | "note" | "sig" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script to a page's `<head>` (or, for a fragment without
/// one, to its end). Only `serve` calls this: built output never has it.
pub fn inject_script(html: &str, page: &str, hash: &str) -> String {
    let tag = format!(
        "<script src=\"{OWN_PREFIX}live.js\" data-page=\"{}\" data-hash=\"{}\" defer></script>",
        escape::html(page),
        escape::html(hash)
    );
    let done = std::cell::Cell::new(false);
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .append_element_content_handler(element!("head", |el| {
            if !done.get() {
                el.append(&tag, ContentType::Html);
                done.set(true);
            }
            Ok(())
        }));
    match rewrite_str(html, settings) {
        Ok(out) if done.get() => out,
        Ok(out) => out + &tag,
        Err(_) => format!("{html}{tag}"),
    }
}

/// The built site as served, keyed by output path.
pub type FileMap = HashMap<String, Served>;

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        matches!(
            key,
            "index.html" | "nl/index.html" | "static/style.css" | "nl/documents/x/index.html"
        )
    }

    fn r(target: &str) -> Target {
        resolve(target, "/", site)
    }

    #[test]
    fn serves_pages_folders_and_files() {
        assert_eq!(r("/"), Target::File("index.html".into()));
        assert_eq!(r("/nl/"), Target::File("nl/index.html".into()));
        assert_eq!(r("/nl/?x=1"), Target::File("nl/index.html".into()));
        assert_eq!(r("/nl"), Target::Redirect("/nl/".into()));
        assert_eq!(
            r("/static/style.css"),
            Target::File("static/style.css".into())
        );
        assert_eq!(r("/n%6C/"), Target::File("nl/index.html".into()));
        assert_eq!(
            r("/__policypress/events?page=a"),
            Target::Events("page=a".into())
        );
    }

    #[test]
    fn refuses_every_spelling_of_traversal() {
        for t in [
            "/../etc/passwd",
            "/nl/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/nl%2f..%2f..%2fetc/passwd",
            "/nl%2F..%2F..%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/..%5c..%5cetc/passwd",
            "/..\\..\\etc\\passwd",
            "/nl/%00/index.html",
            "/nl%00",
            "//etc/passwd",
            "/.git/config",
            "/%c0%ae%c0%ae/etc/passwd",
            "http://127.0.0.1/index.html",
            "*",
            "etc/passwd",
        ] {
            assert_eq!(r(t), Target::NotFound, "{t}");
        }
    }

    #[test]
    fn a_site_under_a_sub_path_is_served_there_only() {
        let under = |t: &str| resolve(t, "/privacy/", site);
        assert_eq!(under("/privacy/nl/"), Target::File("nl/index.html".into()));
        assert_eq!(under("/privacy/"), Target::File("index.html".into()));
        assert_eq!(under("/nl/"), Target::NotFound);
    }

    #[test]
    fn script_goes_into_head_and_is_escaped() {
        let out = inject_script(
            "<!DOCTYPE html><html><head><title>t</title></head><body></body></html>",
            "nl/\"x\".html",
            "12",
        );
        assert!(out.contains("<title>t</title><script src=\"/__policypress/live.js\" data-page=\"nl/&quot;x&quot;.html\" data-hash=\"12\" defer></script></head>"), "{out}");
    }

    #[test]
    fn content_types_are_right() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("feed.atom"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("api/v1/site.json"), "application/json");
        assert_eq!(
            content_type("nl/schools/s/calendar.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(
            content_type("api/v1/register.jsonld"),
            "application/ld+json"
        );
        assert_eq!(
            content_type("nl/register/register.csv"),
            "text/csv; charset=utf-8; header=present"
        );
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("x"), "application/octet-stream");
    }
}
