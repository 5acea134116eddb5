//! `sitemap.xml`, with every page in every language and its alternates,
//! and the `robots.txt` that points to it.

use crate::asof::SiteAsOf;
use crate::escape;
use crate::routes::Route;

/// Every route in every language, each with its `hreflang` alternates
/// (the same as the page's own `<link rel="alternate">`s).
pub(super) fn sitemap(asof: &SiteAsOf, routes: &[Route]) -> String {
    let cfg = &asof.site.config;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for route in routes {
        for lang in &cfg.languages {
            s.push_str("  <url>\n    <loc>");
            escape::xml_into(&mut s, &asof.url(route, lang));
            s.push_str("</loc>\n");
            for alt in &cfg.languages {
                s.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
                s.push_str(alt);
                s.push_str("\" href=\"");
                escape::xml_into(&mut s, &asof.url(route, alt));
                s.push_str("\"/>\n");
            }
            s.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"");
            escape::xml_into(&mut s, &asof.url(route, cfg.default_lang()));
            s.push_str("\"/>\n  </url>\n");
        }
    }
    s.push_str("</urlset>\n");
    s
}

/// Lets every crawler in and names the sitemap.
pub(super) fn robots(asof: &SiteAsOf) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        asof.absolute("/sitemap.xml")
    )
}
