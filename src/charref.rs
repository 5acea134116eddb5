//! HTML character references (`&amp;`, `&#x2f;`, `&#47`, `&notin;`) read
//! the way a browser reads them, in one place: the checks that refuse
//! `javascript:` links and the finishing of links must see a URL as the
//! browser will, however it is spelled, and a comparison must show the text
//! the reader sees.
//!
//! The rules are those of the HTML standard's tokenizer ("character
//! reference state" and the states after it):
//!
//! - **Named** references come from the standard's table of 2,231 names
//!   (taken from the `entities` crate, generated from the standard's
//!   `entities.json`; the table is closed, the standard never adds to it).
//!   The longest name in the table that the text starts with is taken.
//!   Most names need their `;`; 106 old ones (`amp`, `lt`, `nbsp`, `eacute`,
//!   …) are also read without it, so `&notit;` is `¬it;`.
//! - In an **attribute value**, such an old name without `;` followed by
//!   `=` or a letter or digit is left as written: `?a=1&copy=2` keeps
//!   `&copy`. In **text** it is read anyway.
//! - **Numeric** references, `&#` and decimal digits or `&#x`/`&#X` and hex
//!   digits, are read with or without a closing `;`, with any number of
//!   leading zeros. `&#` or `&#x` without digits is left as written.
//! - A number that cannot be a character becomes U+FFFD: zero (NUL), a
//!   surrogate, or above U+10FFFF. 0x80–0x9F are read as Windows-1252
//!   (`&#x80;` is `€`), as browsers always have; the other numbers are the
//!   code point they name, controls and noncharacters included.
//! - Anything else after `&` is left as written.

use std::borrow::Cow;
use std::sync::LazyLock;

use foldhash::HashMap;

/// Where a piece of HTML stands, which decides how an old name without `;`
/// is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Text between tags.
    Text,
    /// An attribute value.
    Attribute,
}

/// Decodes the character references of text between tags.
pub(crate) fn decode_text(s: &str) -> Cow<'_, str> {
    decode(s, Context::Text)
}

/// Decodes the character references of an attribute value as written.
pub(crate) fn decode_attribute(s: &str) -> Cow<'_, str> {
    decode(s, Context::Attribute)
}

/// Decodes every character reference in `s` as a browser would in
/// `context`; borrows `s` when it has no `&`.
pub(crate) fn decode(s: &str, context: Context) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', s.as_bytes()) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    loop {
        // `rest` starts with `&`.
        let after = &rest[1..];
        let consumed = match after.as_bytes().first() {
            Some(b'#') => numeric(&after[1..], &mut out).map(|n| n + 1),
            Some(b) if b.is_ascii_alphanumeric() => named(after, context, &mut out),
            _ => None,
        };
        rest = match consumed {
            Some(n) => &after[n..],
            None => {
                out.push('&');
                after
            }
        };
        match memchr::memchr(b'&', rest.as_bytes()) {
            Some(next) => {
                out.push_str(&rest[..next]);
                rest = &rest[next..];
            }
            None => {
                out.push_str(rest);
                return Cow::Owned(out);
            }
        }
    }
}

/// Reads the digits of a numeric reference (`s` follows `&#`) into `out`;
/// how many bytes it took, or `None` when there are no digits.
fn numeric(s: &str, out: &mut String) -> Option<usize> {
    let bytes = s.as_bytes();
    let (radix, start) = match bytes.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = bytes[start..]
        .iter()
        .take_while(|b| (**b as char).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    // Past U+10FFFF every number means the same (U+FFFD), so the value
    // stops growing there, however many digits follow.
    let value = bytes[start..start + digits].iter().fold(0u32, |v, b| {
        let d = (*b as char).to_digit(radix).unwrap_or(0);
        v.saturating_mul(radix).saturating_add(d).min(0x11_0000)
    });
    out.push(character(value));
    let end = start + digits;
    Some(if bytes.get(end) == Some(&b';') {
        end + 1
    } else {
        end
    })
}

/// The character a numeric reference stands for.
fn character(value: u32) -> char {
    const REPLACEMENT: char = '\u{FFFD}';
    match value {
        0 => REPLACEMENT,
        0x80..=0x9F => WINDOWS_1252[(value - 0x80) as usize],
        _ => char::from_u32(value).unwrap_or(REPLACEMENT),
    }
}

/// What 0x80–0x9F stand for in a numeric reference: the Windows-1252
/// characters, where that encoding has one; otherwise the C1 control itself.
const WINDOWS_1252: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// The longest name of the table, without its `;`.
const LONGEST_NAME: usize = 31;

/// The longest of the old names that are read without `;`.
const LONGEST_OLD_NAME: usize = 6;

/// The standard's table, by name as written after `&` (`amp;`, and for
/// the old names also `amp`).
static NAMES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut names = HashMap::with_capacity_and_hasher(entities::ENTITIES.len(), Default::default());
    names.extend(
        entities::ENTITIES
            .iter()
            .map(|e| (&e.entity[1..], e.characters)),
    );
    names
});

/// The names every HTML writer uses (Markdown and templates write only
/// these), looked up without the table.
fn common(name: &str) -> Option<&'static str> {
    match name {
        "amp" => Some("&"),
        "lt" => Some("<"),
        "gt" => Some(">"),
        "quot" => Some("\""),
        _ => None,
    }
}

/// Reads a named reference (`s` follows `&` and starts with a letter or
/// digit) into `out`; how many bytes it took, or `None` to leave the `&`
/// as written.
fn named(s: &str, context: Context, out: &mut String) -> Option<usize> {
    let bytes = s.as_bytes();
    let run = bytes
        .iter()
        .take(LONGEST_NAME + 1)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    // With its `;`, the whole run is the longest name it can be.
    if bytes.get(run) == Some(&b';')
        && run <= LONGEST_NAME
        && let Some(chars) = common(&s[..run]).or_else(|| NAMES.get(&s[..=run]).copied())
    {
        out.push_str(chars);
        return Some(run + 1);
    }
    // Otherwise the longest old name it starts with, if any.
    let len = (2..=run.min(LONGEST_OLD_NAME))
        .rev()
        .find(|&len| NAMES.contains_key(&s[..len]))?;
    let next = bytes.get(len);
    if context == Context::Attribute
        && next.is_some_and(|b| *b == b'=' || b.is_ascii_alphanumeric())
    {
        return None;
    }
    out.push_str(NAMES[&s[..len]]);
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        decode_text(s).into_owned()
    }

    fn attr(s: &str) -> String {
        decode_attribute(s).into_owned()
    }

    #[test]
    fn text_without_references_is_borrowed() {
        assert!(matches!(decode_text("geen verwijzingen"), Cow::Borrowed(_)));
        assert_eq!(text(""), "");
    }

    #[test]
    fn named_references_of_the_whole_table() {
        assert_eq!(
            text("AT&amp;T &lt;b&gt; &quot;x&quot; &apos;"),
            "AT&T <b> \"x\" '"
        );
        assert_eq!(
            text("&eacute;&euro;&nbsp;&colon;&Tab;&NewLine;"),
            "é€\u{a0}:\t\n"
        );
        assert_eq!(text("&CounterClockwiseContourIntegral;"), "∳");
        // Two characters for one name.
        assert_eq!(text("&acE;"), "\u{223E}\u{333}");
        // Names are case-sensitive; unknown names stay as written.
        assert_eq!(text("&COLON; &nope; &"), "&COLON; &nope; &");
    }

    #[test]
    fn old_names_without_semicolon() {
        assert_eq!(text("&amp &ampx &copy2025 &notit;"), "& &x ©2025 ¬it;");
        assert_eq!(text("&ltb"), "<b");
        // Only the old names: `colon` needs its `;`.
        assert_eq!(text("&colon &Tab x"), "&colon &Tab x");
        // In an attribute, not before `=` or a letter or digit.
        assert_eq!(attr("?a=1&copy=2&amp=3&ampx"), "?a=1&copy=2&amp=3&ampx");
        assert_eq!(attr("?a=1&copy;=2&amp-&amp"), "?a=1©=2&-&");
    }

    #[test]
    fn numeric_references_with_and_without_semicolon() {
        assert_eq!(text("&#106;&#x6A;&#X6a;&#106a&#x6Ag"), "jjjjajg");
        assert_eq!(attr("&#106avascript&#58"), "javascript:");
        assert_eq!(text("&#0000106;&#x00000000006A;"), "jj");
        // Hex digits run on: `&#x6Aa` is U+06AA, not `j` and `a`.
        assert_eq!(text("&#x6Aa"), "\u{6AA}");
        assert_eq!(text("&#; &#x; &#xg &# x"), "&#; &#x; &#xg &# x");
    }

    #[test]
    fn numbers_that_are_no_character() {
        assert_eq!(text("&#0;&#x0;"), "\u{FFFD}\u{FFFD}");
        assert_eq!(text("&#xD800;&#xDFFF;"), "\u{FFFD}\u{FFFD}");
        assert_eq!(
            text("&#x110000;&#99999999999999999999;"),
            "\u{FFFD}\u{FFFD}"
        );
        assert_eq!(text("&#x10FFFF;"), "\u{10FFFF}");
        assert_eq!(text("&#x80;&#x81;&#x9F;&#150;"), "€\u{81}Ÿ–");
        assert_eq!(text("&#13;&#1;&#x7F;"), "\r\u{1}\u{7F}");
    }

    #[test]
    fn the_windows_1252_table_matches_the_encoding() {
        // The five bytes Windows-1252 leaves undefined stay controls.
        for (i, c) in WINDOWS_1252.iter().enumerate() {
            let byte = 0x80 + i as u32;
            if [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(&byte) {
                assert_eq!(*c as u32, byte);
            } else {
                assert!(*c as u32 > 0x9F, "{byte:#x}");
            }
        }
    }

    #[test]
    fn the_table_is_complete_and_its_lengths_hold() {
        assert_eq!(NAMES.len(), 2231);
        let old: Vec<&&str> = NAMES.keys().filter(|k| !k.ends_with(';')).collect();
        assert_eq!(old.len(), 106);
        assert!(old.iter().all(|k| k.len() <= LONGEST_OLD_NAME));
        assert!(NAMES.keys().all(|k| k.len() <= LONGEST_NAME + 1));
    }

    #[test]
    fn multibyte_text_around_references() {
        assert_eq!(text("é&amp;ë&#233;€&"), "é&ëé€&");
        assert_eq!(text("&é"), "&é");
    }
}
