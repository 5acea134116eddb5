//! The one iCalendar (RFC 5545) writer: content lines ending in CRLF,
//! folded so no line is longer than 75 octets (never inside a UTF-8
//! character), and TEXT values escaped. Calendar programs are strict in
//! different ways, so everything written follows the RFC to the letter.

use crate::model::Date;

/// A calendar being written, line by line.
#[derive(Debug, Default)]
pub(crate) struct ICal {
    out: String,
}

/// The longest a physical line may be, in octets, without its CRLF
/// (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

impl ICal {
    pub(crate) fn new() -> ICal {
        ICal::default()
    }

    /// A property whose value is written as it is (`VERSION:2.0`,
    /// `DTSTART;VALUE=DATE:20270101`): for values that are not TEXT.
    pub(crate) fn raw(&mut self, name: &str, value: &str) -> &mut Self {
        self.line(&format!("{name}:{value}"));
        self
    }

    /// A property with a TEXT value, escaped.
    pub(crate) fn text(&mut self, name: &str, value: &str) -> &mut Self {
        self.line(&format!("{name}:{}", escape_text(value)));
        self
    }

    /// A property with a DATE value: `name;VALUE=DATE:YYYYMMDD`.
    pub(crate) fn date(&mut self, name: &str, d: Date) -> &mut Self {
        self.raw(&format!("{name};VALUE=DATE"), &basic_date(d))
    }

    /// The calendar as bytes.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Writes one content line, folded.
    fn line(&mut self, content: &str) {
        fold_into(&mut self.out, content);
    }
}

/// Folds one content line into `out`: at most 75 octets a line, each
/// continuation starting with a space (which counts towards its 75), and
/// never splitting a UTF-8 character; every line ends in CRLF.
fn fold_into(out: &mut String, content: &str) {
    let mut used = 0;
    for ch in content.chars() {
        let n = ch.len_utf8();
        if used + n > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(ch);
        used += n;
    }
    out.push_str("\r\n");
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma
/// escaped, line breaks as `\n`. Other control characters are not allowed
/// in TEXT and are left out.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A date in the basic format iCalendar writes: `YYYYMMDD`.
pub(crate) fn basic_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn lines(bytes: &[u8]) -> Vec<&str> {
        let s = std::str::from_utf8(bytes).expect("bug: the writer writes UTF-8");
        assert!(s.ends_with("\r\n"), "the last line ends in CRLF");
        s.strip_suffix("\r\n").unwrap_or(s).split("\r\n").collect()
    }

    /// Undoes folding, as a reader does: a CRLF followed by one space goes.
    fn unfold(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec())
            .expect("bug: UTF-8")
            .replace("\r\n ", "")
    }

    #[test]
    fn every_line_ends_in_crlf_and_no_bare_lf_is_left() {
        let mut c = ICal::new();
        c.raw("BEGIN", "VCALENDAR")
            .text("SUMMARY", "regel een\nregel twee\r\nregel drie")
            .raw("END", "VCALENDAR");
        let b = c.finish();
        let s = String::from_utf8(b.clone()).unwrap();
        assert_eq!(s.matches('\n').count(), s.matches("\r\n").count());
        assert_eq!(
            lines(&b),
            [
                "BEGIN:VCALENDAR",
                "SUMMARY:regel een\\nregel twee\\nregel drie",
                "END:VCALENDAR"
            ]
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a,b;c\\d\te\u{7}f"),
            "a\\,b\\;c\\\\d ef",
            "comma, semicolon, backslash escaped; tab a space; other controls gone"
        );
        // Colons and quotes need no escape in a TEXT value.
        assert_eq!(escape_text("tijd: \"nu\""), "tijd: \"nu\"");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let long = "é".repeat(100) + &"x".repeat(100) + "€🙂";
        let mut c = ICal::new();
        c.text("DESCRIPTION", &long);
        let b = c.finish();
        for (i, l) in lines(&b).iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets: {l:?}", l.len());
            assert!(
                i == 0 || l.starts_with(' '),
                "a continuation starts with a space"
            );
        }
        assert!(lines(&b).len() > 3);
        assert_eq!(unfold(&b), format!("DESCRIPTION:{long}\r\n"));
        // A line of exactly 75 octets is not folded; 76 is.
        let mut c = ICal::new();
        c.raw("X", &"y".repeat(73));
        assert_eq!(lines(&c.finish()).len(), 1);
        let mut c = ICal::new();
        c.raw("X", &"y".repeat(74));
        let b = c.finish();
        assert_eq!(lines(&b), [format!("X:{}", "y".repeat(73)), " y".into()]);
    }

    #[test]
    fn dates_are_written_in_the_basic_format() {
        let mut c = ICal::new();
        c.date("DTSTART", date!(2027 - 01 - 05));
        assert_eq!(lines(&c.finish()), ["DTSTART;VALUE=DATE:20270105"]);
    }
}
