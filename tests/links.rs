//! Every link of every built page works: internal `href`/`src` values lead
//! to a file of the output (under the base path of `base_url`), fragments
//! exist in their target page, and every page carries what a reader and a
//! search engine need to find the other languages: `<html lang>`, a title,
//! one `<h1>`, a language switcher to the same page, `hreflang` alternates
//! with `x-default`, and an entry with alternates in sitemap.xml.

mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use lol_html::{RewriteStrSettings, element, rewrite_str, text};

use common::{AS_OF, build, decode_entities, example_site, fixture};

/// What one page says about itself and where it points.
#[derive(Default, Debug)]
struct PageFacts {
    html_lang: Option<String>,
    title: String,
    h1: usize,
    ids: BTreeSet<String>,
    /// (element, attribute, decoded URL)
    urls: Vec<(String, String, String)>,
    /// hreflang → href of `<link rel=alternate>`
    alternates: BTreeMap<String, String>,
    /// lang → href of the language switcher's links
    switcher: BTreeMap<String, String>,
    refresh: Option<String>,
}

fn facts(html: &str) -> PageFacts {
    let f = RefCell::new(PageFacts::default());
    let in_switcher = RefCell::new(false);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("html", |el| {
            f.borrow_mut().html_lang = el.get_attribute("lang");
            Ok(())
        }))
        .append_element_content_handler(text!("title", |t| {
            f.borrow_mut().title.push_str(t.as_str());
            Ok(())
        }))
        .append_element_content_handler(element!("h1", |_| {
            f.borrow_mut().h1 += 1;
            Ok(())
        }))
        .append_element_content_handler(element!("[id]", |el| {
            let id = decode_entities(&el.get_attribute("id").unwrap_or_default());
            let fresh = f.borrow_mut().ids.insert(id.clone());
            assert!(fresh, "the id \"{id}\" is used twice");
            Ok(())
        }))
        .append_element_content_handler(element!("[href], [src]", |el| {
            for attr in ["href", "src"] {
                if let Some(v) = el.get_attribute(attr) {
                    f.borrow_mut().urls.push((
                        el.tag_name(),
                        attr.to_string(),
                        decode_entities(&v),
                    ));
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!("link[rel=alternate][hreflang]", |el| {
            let lang = el.get_attribute("hreflang").unwrap_or_default();
            let href = decode_entities(&el.get_attribute("href").unwrap_or_default());
            f.borrow_mut().alternates.insert(lang, href);
            Ok(())
        }))
        .append_element_content_handler(element!("nav.lang-switch a[lang]", |el| {
            *in_switcher.borrow_mut() = true;
            let lang = el.get_attribute("lang").unwrap_or_default();
            let href = decode_entities(&el.get_attribute("href").unwrap_or_default());
            f.borrow_mut().switcher.insert(lang, href);
            Ok(())
        }))
        .append_element_content_handler(element!("meta[http-equiv=refresh]", |el| {
            let content = decode_entities(&el.get_attribute("content").unwrap_or_default());
            let url = content
                .split_once("url=")
                .map(|(_, u)| u.trim().to_string());
            f.borrow_mut().refresh = url;
            Ok(())
        }));
    rewrite_str(html, settings).expect("the page parses as HTML");
    f.into_inner()
}

/// A built site and where it is hosted.
struct Site {
    name: String,
    files: BTreeMap<String, Vec<u8>>,
    /// e.g. `https://example.org`
    origin: String,
    /// e.g. `/privacy/`
    base: String,
    langs: Vec<String>,
}

fn site(name: &str, root: &Path, as_of: &str, base_url: &str, langs: &[&str]) -> Site {
    let (origin, base) = {
        let after = &base_url[base_url.find("://").unwrap() + 3..];
        let slash = after.find('/').unwrap();
        (
            base_url[..base_url.len() - after.len() + slash].to_string(),
            after[slash..].to_string(),
        )
    };
    Site {
        name: name.to_string(),
        files: build(root, as_of, false),
        origin,
        base,
        langs: langs.iter().map(|s| s.to_string()).collect(),
    }
}

/// The output file a URL path (without the base path) is served from.
fn file_for(path: &str) -> String {
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Resolves `url` as found on the page `page` (an output file path) to an
/// output file and fragment; `None` for URLs that leave the site.
fn resolve(s: &Site, page: &str, url: &str) -> Result<Option<(String, Option<String>)>, String> {
    let (url, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(f.to_string())),
        None => (url, None),
    };
    let url = url.split('?').next().unwrap_or("");
    let lower = url.to_ascii_lowercase();
    let path = if url.is_empty() {
        return Ok(Some((page.to_string(), fragment)));
    } else if let Some(rest) = url.strip_prefix(&s.origin) {
        rest.to_string()
    } else if lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
    {
        return Ok(None);
    } else if url.starts_with("//")
        || lower.contains(':') && !lower.contains('/') && lower.find(':') < lower.find('/')
    {
        return Err(format!("unexpected URL {url}"));
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        // Relative to the page's folder, on the hosted path.
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        let mut parts: Vec<String> = format!("{}{dir}", s.base)
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        for seg in url.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p.to_string()),
            }
        }
        let trailing = if url.ends_with('/') { "/" } else { "" };
        format!("/{}{trailing}", parts.join("/"))
    };
    let Some(inside) = path.strip_prefix(&s.base) else {
        return Err(format!("{url} is not under the base path {}", s.base));
    };
    Ok(Some((file_for(inside), fragment)))
}

fn check_site(s: &Site) -> Vec<String> {
    let mut problems = Vec::new();
    let pages: BTreeMap<&str, PageFacts> = s
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), facts(&String::from_utf8_lossy(b))))
        .collect();
    let sitemap =
        String::from_utf8_lossy(s.files.get("sitemap.xml").expect("sitemap.xml")).into_owned();
    let sitemap_entries = sitemap_entries(&sitemap);
    let mut bad = |page: &str, msg: String| problems.push(format!("{}: {page}: {msg}", s.name));

    // What the build uses inside to skip finished text never reaches a file.
    for (path, bytes) in &s.files {
        if memchr::memmem::find(bytes, b"policypress:finished").is_some() {
            bad(path, "a finishing marker was left in the file".into());
        }
    }
    for (page, f) in &pages {
        if f.html_lang.as_deref().is_none_or(str::is_empty) {
            bad(page, "no <html lang>".into());
        }
        if f.title.trim().is_empty() {
            bad(page, "no <title>".into());
        }
        if f.h1 != 1 {
            bad(page, format!("{} <h1> elements", f.h1));
        }
        let mut urls = f.urls.clone();
        if let Some(r) = &f.refresh {
            urls.push(("meta".into(), "refresh".into(), r.clone()));
        }
        for (tag, attr, url) in &urls {
            if *page == "404.html"
                && !url.starts_with('/')
                && !url.starts_with('#')
                && !url.contains("://")
                && !url.starts_with("mailto:")
            {
                bad(
                    page,
                    format!(
                        "<{tag} {attr}=\"{url}\"> is relative, but 404.html is served at any address"
                    ),
                );
            }
            match resolve(s, page, url) {
                Err(e) => bad(page, format!("<{tag} {attr}>: {e}")),
                Ok(None) => {}
                Ok(Some((file, fragment))) => {
                    match (pages.get(file.as_str()), s.files.contains_key(&file)) {
                        (_, false) => bad(
                            page,
                            format!(
                                "<{tag} {attr}=\"{url}\"> leads to {file}, which was not built"
                            ),
                        ),
                        (Some(target), true) => {
                            if let Some(frag) = fragment.filter(|f| !f.is_empty())
                                && !target.ids.contains(&frag)
                            {
                                bad(
                                    page,
                                    format!(
                                        "<{tag} {attr}=\"{url}\">: {file} has no id \"{frag}\""
                                    ),
                                );
                            }
                        }
                        (None, true) => {}
                    }
                }
            }
        }

        // Pages of a language: switcher, alternates, sitemap.
        let Some((lang, route)) = page.split_once('/') else {
            continue;
        };
        if !s.langs.iter().any(|l| l == lang) {
            continue;
        }
        if f.html_lang.as_deref() != Some(lang) {
            bad(
                page,
                format!("<html lang={:?}> in the {lang} tree", f.html_lang),
            );
        }
        let route = route.trim_end_matches("index.html");
        for other in &s.langs {
            let want_file = format!("{other}/{route}index.html");
            let want_url = format!("{}{other}/{route}", s.base);
            match f.switcher.get(other) {
                Some(href) if *href == want_url => {}
                Some(href) => bad(
                    page,
                    format!("the switcher leads to {href} for {other}, not {want_url}"),
                ),
                None => bad(page, format!("the switcher has no link for {other}")),
            }
            if !s.files.contains_key(&want_file) {
                bad(page, format!("there is no {want_file} for the switcher"));
            }
            let want_abs = format!("{}{want_url}", s.origin);
            if f.alternates.get(other) != Some(&want_abs) {
                bad(
                    page,
                    format!(
                        "hreflang={other} is {:?}, not {want_abs}",
                        f.alternates.get(other)
                    ),
                );
            }
        }
        let default = format!("{}{}{}/{route}", s.origin, s.base, s.langs[0]);
        if f.alternates.get("x-default") != Some(&default) {
            bad(
                page,
                format!(
                    "x-default is {:?}, not {default}",
                    f.alternates.get("x-default")
                ),
            );
        }
        let loc = format!("{}{}{lang}/{route}", s.origin, s.base);
        match sitemap_entries.get(&loc) {
            None => bad(page, format!("sitemap.xml does not list {loc}")),
            Some(alts) => {
                if alts != &f.alternates {
                    bad(
                        page,
                        format!(
                            "sitemap alternates {alts:?} differ from the page's {:?}",
                            f.alternates
                        ),
                    );
                }
            }
        }
    }
    for loc in sitemap_entries.keys() {
        let Some(rest) = loc.strip_prefix(&format!("{}{}", s.origin, s.base)) else {
            problems.push(format!(
                "{}: sitemap.xml lists {loc}, outside the site",
                s.name
            ));
            continue;
        };
        if !pages.contains_key(file_for(rest).as_str()) {
            problems.push(format!(
                "{}: sitemap.xml lists {loc}, which was not built",
                s.name
            ));
        }
    }
    problems
}

/// loc → (hreflang → href) from sitemap.xml.
fn sitemap_entries(xml: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for block in xml.split("<url>").skip(1) {
        let block = block.split("</url>").next().unwrap_or("");
        let loc = between(block, "<loc>", "</loc>").unwrap_or_default();
        let mut alts = BTreeMap::new();
        for link in block.split("<xhtml:link").skip(1) {
            let lang = between(link, "hreflang=\"", "\"").unwrap_or_default();
            let href = between(link, "href=\"", "\"").unwrap_or_default();
            alts.insert(decode_entities(&lang), decode_entities(&href));
        }
        let fresh = out.insert(decode_entities(&loc), alts).is_none();
        assert!(fresh, "sitemap.xml lists {loc} twice");
    }
    out
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let from = s.find(start)? + start.len();
    let to = s[from..].find(end)? + from;
    Some(s[from..to].to_string())
}

fn assert_links(s: Site) {
    let problems = check_site(&s);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn basic_links_work() {
    assert_links(site(
        "basic",
        &fixture("basic"),
        AS_OF,
        "https://privacy.lindenhof.example/",
        &["nl", "en"],
    ));
}

#[test]
fn subpath_links_work_under_the_base_path() {
    assert_links(site(
        "subpath",
        &fixture("subpath"),
        AS_OF,
        "https://example.org/privacy/",
        &["nl", "en"],
    ));
}

#[test]
fn three_languages_links_work() {
    assert_links(site(
        "three-languages",
        &fixture("three-languages"),
        AS_OF,
        "https://privacy.drieluik.example/",
        &["nl", "en", "de"],
    ));
}

#[test]
fn example_site_links_work() {
    assert_links(site(
        "example",
        &example_site(),
        "2026-11-25",
        "https://privacy.waterlinie.example/",
        &["nl", "en"],
    ));
}

#[test]
fn regulations_links_work() {
    // Numbered headings ("1. Leerlingen") give ids that start with a digit;
    // the contents, the comparison's outline and its folded passages link
    // to them.
    assert_links(site(
        "regulations",
        &fixture("regulations"),
        "2026-11-25",
        "https://privacy.rivierenland.example/",
        &["nl", "en"],
    ));
}

#[test]
fn rewrite_links_work() {
    // A rewritten version's comparison shows both texts whole: their
    // headings and footnotes keep unique ids and working links.
    assert_links(site(
        "rewrite",
        &fixture("rewrite"),
        "2026-11-25",
        "https://privacy.horizon.example/",
        &["nl", "en"],
    ));
}

#[test]
fn the_checker_finds_a_broken_link() {
    // The checks above must be able to fail.
    let mut s = site(
        "subpath",
        &fixture("subpath"),
        AS_OF,
        "https://example.org/privacy/",
        &["nl", "en"],
    );
    let page = "nl/pages/contact/index.html".to_string();
    let html = String::from_utf8(s.files[&page].clone()).unwrap();
    let broken = html
        .replacen(
            "href=\"/privacy/nl/documents/privacyverklaring/\"",
            "href=\"/nl/documents/privacyverklaring/\"",
            1,
        )
        .replacen(
            "</main>",
            "<a href=\"#nergens\">x</a><h1>twee</h1></main>",
            1,
        );
    assert_ne!(broken, html);
    s.files.insert(page, broken.into_bytes());
    let problems = check_site(&s).join("\n");
    assert!(problems.contains("not under the base path"), "{problems}");
    assert!(problems.contains("no id \"nergens\""), "{problems}");
    assert!(problems.contains("2 <h1> elements"), "{problems}");
}
