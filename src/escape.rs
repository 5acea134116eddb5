//! Escaping text for HTML and XML. Every writer of markup that is not a
//! template (feeds, the sitemap, the preview's own pages, finishing) escapes
//! through here, so they agree on what is escaped.
//!
//! Only ASCII bytes are ever replaced, so the text is scanned as bytes and
//! copied in runs between them: no character is split, and long runs of
//! plain text cost one copy.

/// Hands `s` to `write` in pieces, with each byte `replace` names replaced
/// (by nothing, for a byte that must go). `replace` must only name ASCII
/// bytes.
pub(crate) fn escape_with<E>(
    s: &str,
    replace: impl Fn(u8) -> Option<&'static str>,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(replacement) = replace(b) {
            debug_assert!(b.is_ascii(), "only ASCII bytes may be replaced");
            write(&s[run..i])?;
            write(replacement)?;
            run = i + 1;
        }
    }
    write(&s[run..])
}

/// HTML text and double- or single-quoted attribute values: `&<>"'`.
pub(crate) fn html_byte(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// XML 1.0 text and attribute values: `&<>"`, and the control characters
/// XML does not allow at all left out.
pub(crate) fn xml_byte(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\t' | b'\n' | b'\r' => None,
        0..=0x1f => Some(""),
        _ => None,
    }
}

/// `s` escaped for HTML.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    html_into(&mut out, s);
    out
}

/// `s` escaped for HTML, appended to `out`.
pub(crate) fn html_into(out: &mut String, s: &str) {
    push_escaped(out, s, html_byte);
}

/// `s` escaped for XML.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    xml_into(&mut out, s);
    out
}

/// `s` escaped for XML, appended to `out`.
pub(crate) fn xml_into(out: &mut String, s: &str) {
    push_escaped(out, s, xml_byte);
}

fn push_escaped(out: &mut String, s: &str, replace: fn(u8) -> Option<&'static str>) {
    let _ = escape_with::<std::convert::Infallible>(s, replace, |piece| {
        out.push_str(piece);
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes_and_keeps_the_rest() {
        assert_eq!(
            html(r#"<a href="x">Tom & Jerry's</a> é/€"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; é/€"
        );
        assert_eq!(html(""), "");
        assert_eq!(html("\u{1}\t"), "\u{1}\t");
    }

    #[test]
    fn xml_drops_what_xml_forbids() {
        assert_eq!(xml("a\u{0}b\u{1f}c\td\ne\rf"), "abc\td\ne\rf");
        assert_eq!(xml("<'&\">"), "&lt;'&amp;&quot;&gt;");
        assert_eq!(xml("ë€𝄞"), "ë€𝄞");
    }

    #[test]
    fn pieces_stop_at_the_first_failure() {
        let mut seen = Vec::new();
        let r = escape_with("a&b&c", html_byte, |p| {
            seen.push(p.to_string());
            if seen.len() == 2 { Err(()) } else { Ok(()) }
        });
        assert!(r.is_err());
        assert_eq!(seen, ["a", "&amp;"]);
    }
}
