//! Atom 1.0 feeds (RFC 4287) of changes, so parents, staff and data-protection
//! officers can follow a site, one document or one school in a feed reader.
//!
//! Everything in a feed is derived from content and the as-of date, never
//! from the clock: entry ids are `tag:` URIs (RFC 4151) made from the site's
//! host, the date of the change and what changed, so they never change once
//! the change is published.

use crate::escape;
use crate::i18n::iso;
use crate::model::Date;

/// A feed ready to be written.
#[derive(Debug, Clone)]
pub(super) struct Feed {
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
pub(super) struct Entry {
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
pub(super) fn date_time(d: Date) -> String {
    format!("{}T00:00:00Z", iso(d))
}

/// A `tag:` URI: `tag:privacy.example.nl,2019-03-15:documents/x/1.0/nl`.
pub(super) fn tag_uri(base_url: &str, date: Date, specific: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = after_scheme.split('/').next().unwrap_or("");
    // Neither user info nor a port belongs in a tag's authority name.
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    format!("tag:{host},{}:{specific}", iso(date))
}

impl Feed {
    /// The feed as an Atom document.
    pub(super) fn to_xml(&self) -> String {
        let size: usize = self
            .entries
            .iter()
            .map(|e| 400 + e.title.len() + e.url.len() + e.content_html.len() * 5 / 4)
            .sum();
        let mut s = String::with_capacity(1024 + size);
        // Text between fixed parts, escaped as it is appended.
        let mut put = |parts: &[&str]| {
            for (i, part) in parts.iter().enumerate() {
                if i % 2 == 0 {
                    s.push_str(part);
                } else {
                    escape::xml_into(&mut s, part);
                }
            }
        };
        put(&["<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"]);
        put(&[
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
            &self.lang,
            "\">\n  <id>",
            &self.self_url,
            "</id>\n  <title>",
            &self.title,
            "</title>\n  <updated>",
            &date_time(self.updated),
            "</updated>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"",
            &self.self_url,
            "\"/>\n  <link rel=\"alternate\" type=\"text/html\" hreflang=\"",
            &self.lang,
            "\" href=\"",
            &self.page_url,
            "\"/>\n  <author><name>",
            &self.author,
            "</name></author>\n  <generator>policypress</generator>\n",
        ]);
        for e in &self.entries {
            put(&[
                "  <entry>\n    <id>",
                &e.id,
                "</id>\n    <title>",
                &e.title,
                "</title>\n    <published>",
                &date_time(e.published),
                "</published>\n    <updated>",
                &date_time(e.updated),
                "</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"",
                &e.url,
                "\"/>\n",
            ]);
            for (url, title) in &e.related {
                put(&[
                    "    <link rel=\"related\" type=\"text/html\" title=\"",
                    title,
                    "\" href=\"",
                    url,
                    "\"/>\n",
                ]);
            }
            put(&[
                "    <content type=\"html\">",
                &e.content_html,
                "</content>\n  </entry>\n",
            ]);
        }
        put(&["</feed>\n"]);
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
            escape::xml("a & <b> \"c\"\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot;"
        );
    }
}
