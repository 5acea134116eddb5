//! Atom 1.0 feeds (RFC 4287) of changes, so parents, staff and data-protection
//! officers can follow a site, one document or one school in a feed reader.
//!
//! Everything in a feed is derived from content and the as-of date, never
//! from the clock: entry ids are `tag:` URIs (RFC 4151) made from the site's
//! host, the date of the change and what changed, so they never change once
//! the change is published.

use crate::i18n::iso;
use crate::model::Date;

/// A feed ready to be written.
#[derive(Debug, Clone)]
pub struct Feed {
    pub lang: String,
    /// The feed's own absolute URL, also its id.
    pub self_url: String,
    /// The page the feed follows.
    pub page_url: String,
    pub title: String,
    pub author: String,
    /// When the newest entry changed, or the as-of date for an empty feed.
    pub updated: Date,
    pub entries: Vec<Entry>,
}

/// One change.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub published: Date,
    pub updated: Date,
    /// The page of the change (`rel="alternate"`).
    pub url: String,
    /// Further pages, e.g. the comparison (`rel="related"`): (url, title).
    pub related: Vec<(String, String)>,
    /// HTML, escaped into the feed as `type="html"`.
    pub content_html: String,
}

/// `2019-04-01T00:00:00Z`: Atom needs a time; a change counts from the start of its day.
pub fn date_time(d: Date) -> String {
    format!("{}T00:00:00Z", iso(d))
}

/// A `tag:` URI: `tag:privacy.example.nl,2019-03-15:documents/x/1.0/nl`.
pub fn tag_uri(base_url: &str, date: Date, specific: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = after_scheme.split('/').next().unwrap_or("");
    // Neither user info nor a port belongs in a tag's authority name.
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    format!("tag:{host},{}:{specific}", iso(date))
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            _ => out.push(c),
        }
    }
    out
}

impl Feed {
    /// The feed as an Atom document.
    pub fn to_xml(&self) -> String {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        s.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(&self.lang)
        ));
        s.push_str(&format!("  <id>{}</id>\n", escape(&self.self_url)));
        s.push_str(&format!("  <title>{}</title>\n", escape(&self.title)));
        s.push_str(&format!(
            "  <updated>{}</updated>\n",
            date_time(self.updated)
        ));
        s.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&self.self_url)
        ));
        s.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n",
            escape(&self.lang),
            escape(&self.page_url)
        ));
        s.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(&self.author)
        ));
        s.push_str("  <generator>policypress</generator>\n");
        for e in &self.entries {
            s.push_str("  <entry>\n");
            s.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
            s.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
            s.push_str(&format!(
                "    <published>{}</published>\n",
                date_time(e.published)
            ));
            s.push_str(&format!(
                "    <updated>{}</updated>\n",
                date_time(e.updated)
            ));
            s.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&e.url)
            ));
            for (url, title) in &e.related {
                s.push_str(&format!(
                    "    <link rel=\"related\" type=\"text/html\" title=\"{}\" href=\"{}\"/>\n",
                    escape(title),
                    escape(url)
                ));
            }
            s.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape(&e.content_html)
            ));
            s.push_str("  </entry>\n");
        }
        s.push_str("</feed>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn tag_uris_use_the_host_only() {
        assert_eq!(
            tag_uri(
                "https://privacy.example.nl:8443/sub/",
                date!(2019 - 03 - 15),
                "documents/x/1.0/nl"
            ),
            "tag:privacy.example.nl,2019-03-15:documents/x/1.0/nl"
        );
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("a & <b> \"c\"\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot;"
        );
    }
}
