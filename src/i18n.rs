//! The words of the interface in each language (from the theme's
//! `i18n/<lang>.toml`) and dates written as readers of that language expect
//! them: "1 april 2019", "1 April 2019".

use std::collections::BTreeMap;

use crate::model::Date;

/// The interface strings of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strings {
    pub lang: String,
    /// The language the strings are written in: `lang`, unless the theme
    /// had none for `lang` and English stands in.
    pub written_in: String,
    map: BTreeMap<String, String>,
    months: Vec<String>,
    /// Names of languages, written in this language: `nl` → "Dutch".
    language_names: BTreeMap<String, String>,
}

impl Strings {
    /// Parses a theme's `i18n/<lang>.toml`: a `months` list, a
    /// `[language_names]` table and plain `key = "text"` lines.
    pub fn parse(lang: &str, src: &str) -> Result<Strings, String> {
        let value: toml::Table = toml::from_str(src).map_err(|e| e.to_string())?;
        let mut s = Strings {
            lang: lang.to_string(),
            written_in: lang.to_string(),
            ..Default::default()
        };
        for (k, v) in value {
            match (k.as_str(), v) {
                ("months", toml::Value::Array(items)) => {
                    s.months = items
                        .into_iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect();
                    if s.months.len() != 12 {
                        return Err("`months` must list 12 month names".into());
                    }
                }
                ("language_names", toml::Value::Table(t)) => {
                    for (code, name) in t {
                        if let Some(n) = name.as_str() {
                            s.language_names.insert(code, n.to_string());
                        }
                    }
                }
                (_, toml::Value::String(text)) => {
                    s.map.insert(k, text);
                }
                (k, _) => return Err(format!("`{k}` must be text")),
            }
        }
        if s.months.is_empty() {
            return Err("`months` is missing".into());
        }
        Ok(s)
    }

    /// The string for `key`; a missing key shows as itself, so it is noticed.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// Fills `{name}` placeholders. A value is put in as it is: a `{name}`
    /// inside it is not filled in turn.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill_in(self.get(key), |name| {
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        })
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }

    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// The name of a language in this language, e.g. "Nederlands" or "Dutch".
    pub fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.language_names.get(code).map_or(code, String::as_str)
    }

    /// "1 april 2019" / "1 April 2019", following the `date_format` string
    /// (`{day} {month} {year}` by default).
    pub fn date(&self, d: Date) -> String {
        let month = &self.months[usize::from(u8::from(d.month())) - 1];
        let format = self
            .map
            .get("date_format")
            .map_or("{day} {month} {year}", String::as_str);
        // Pages show many dates; the numbers are written without going
        // through `format!`.
        let mut day = String::with_capacity(2);
        push_digits(&mut day, u32::from(d.day()), 1);
        let year = match u32::try_from(d.year()) {
            Ok(year) => {
                let mut s = String::with_capacity(4);
                push_digits(&mut s, year, 1);
                s
            }
            Err(_) => d.year().to_string(),
        };
        fill_in(format, |name| match name {
            "day" => Some(day.as_str()),
            "month" => Some(month.as_str()),
            "year" => Some(year.as_str()),
            _ => None,
        })
    }
}

/// `text` with each `{name}` that `value` knows replaced, in one pass;
/// unknown placeholders and lone braces are kept as written.
fn fill_in<'v>(text: &str, value: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after
            .find(['{', '}'])
            .filter(|&end| after.as_bytes()[end] == b'}')
            .and_then(|end| Some((end, value(&after[..end])?)));
        match filled {
            Some((end, v)) => {
                out.push_str(v);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// ISO 8601 (`2019-04-01`), for `<time datetime>` and machines.
pub fn iso(d: Date) -> String {
    let mut s = String::with_capacity(10);
    match u32::try_from(d.year()) {
        Ok(year) if year <= 9999 => push_digits(&mut s, year, 4),
        _ => s.push_str(&format!("{:04}", d.year())),
    }
    s.push('-');
    push_digits(&mut s, u32::from(u8::from(d.month())), 2);
    s.push('-');
    push_digits(&mut s, u32::from(d.day()), 2);
    s
}

/// Appends `n` in decimal, padded with zeros to `width` digits. Pages write
/// tens of thousands of dates; this spares `format!` for each.
fn push_digits(s: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = at.min(digits.len().saturating_sub(width));
    s.extend(digits[start..].iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const NL: &str = r#"
months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
in_force = "Geldig"
greeting = "Hallo {name}"
[language_names]
en = "Engels"
"#;

    #[test]
    fn dates_read_naturally() {
        let s = Strings::parse("nl", NL).unwrap();
        assert_eq!(s.date(date!(2019 - 04 - 01)), "1 april 2019");
        assert_eq!(iso(date!(2019 - 04 - 01)), "2019-04-01");
        assert_eq!(iso(date!(0987 - 12 - 31)), "0987-12-31");
        assert_eq!(iso(date!(-0044 - 03 - 15)), "-044-03-15");
        assert_eq!(s.date(date!(0987 - 12 - 31)), "31 december 987");
        assert_eq!(s.date(date!(2026 - 11 - 25)), "25 november 2026");
        let mut n = String::new();
        push_digits(&mut n, 4_294_967_295, 1);
        push_digits(&mut n, 0, 3);
        assert_eq!(n, "4294967295000");
        assert_eq!(s.fill("greeting", &[("name", "Anna")]), "Hallo Anna");
        assert_eq!(s.language_name("en"), "Engels");
        assert_eq!(s.get("nope"), "nope");
    }

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        let s = Strings::parse("nl", NL).unwrap();
        // A value that looks like a placeholder is not filled again.
        assert_eq!(s.fill("greeting", &[("name", "{name}")]), "Hallo {name}");
        assert_eq!(
            fill_in("{a}{b} {c} {{a}} {a", |n| (n == "a").then_some("x")),
            "x{b} {c} {x} {a"
        );
        assert_eq!(fill_in("", |_| Some("x")), "");
        assert_eq!(fill_in("}{", |_| Some("x")), "}{");
    }
}
