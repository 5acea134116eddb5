//! Reading TOML content files field by field, so that every mistake in a
//! file is reported at once with its exact line and column: unknown keys
//! (with a "did you mean"), missing keys, wrong types and impossible dates.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::Diagnostic;
use crate::model::{Date, Lang, Text};
use crate::source::is_slug;

/// One TOML file being read: its text, its path and the findings so far.
pub struct TomlFile<'a> {
    pub rel: &'a Path,
    pub src: &'a str,
    /// The site's languages, once known; `None` while reading `site.toml`.
    pub langs: Option<&'a [Lang]>,
    pub diags: Vec<Diagnostic>,
}

/// A table of a TOML file with the keys it allows.
pub struct Table<'t, 'i> {
    pub map: &'t DeTable<'i>,
    pub span: Range<usize>,
    /// Where a missing key is reported: the table header or the file start.
    pub what: &'static str,
}

impl<'t, 'i> Table<'t, 'i> {
    /// A file's top-level table; a missing key is reported at the start of
    /// the file, named `what` ("a school file").
    pub fn top(doc: &'t Spanned<DeTable<'i>>, what: &'static str) -> Self {
        Table {
            map: doc.get_ref(),
            span: 0..0,
            what,
        }
    }
}

pub type Val<'t, 'i> = &'t Spanned<DeValue<'i>>;

impl<'a> TomlFile<'a> {
    /// Parses the document; a syntax error is reported and yields `None`.
    pub fn parse(
        rel: &'a Path,
        src: &'a str,
        langs: Option<&'a [Lang]>,
    ) -> (Self, Option<Spanned<DeTable<'a>>>) {
        let mut file = TomlFile {
            rel,
            src,
            langs,
            diags: Vec::new(),
        };
        if src.trim().is_empty() {
            file.diags.push(
                Diagnostic::error("this file is empty")
                    .in_file(rel.to_path_buf())
                    .at(1, 1)
                    .hint("fill in the required keys; `policypress new` writes a starting point"),
            );
            return (file, None);
        }
        let (table, errors) = DeTable::parse_recoverable(src);
        if errors.is_empty() {
            return (file, Some(table));
        }
        for e in errors.iter().take(10) {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().trim_end_matches('.').to_string();
            // A date that does not exist (2019-02-30) is a syntax error to
            // the TOML parser; the editor needs to hear about the calendar.
            let hint = if msg.contains("date") || msg.contains("day") || msg.contains("month") {
                "this date does not exist: check the day and the month (February has 28 days, 29 in a leap year); write dates as YYYY-MM-DD"
            } else {
                "check quotes, `=` signs and brackets on this line; text goes between double quotes, dates without quotes (2019-04-01)"
            };
            file.diags.push(
                Diagnostic::error(format!("this is not valid TOML: {msg}"))
                    .in_file(rel.to_path_buf())
                    .at_span(src, span)
                    .hint(hint),
            );
        }
        (file, None)
    }

    pub fn error(&mut self, span: Range<usize>, msg: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::error(msg)
            .in_file(self.rel.to_path_buf())
            .at_span(self.src, span)
            .hint(hint);
        self.diags.push(d);
    }

    pub fn warning(&mut self, span: Range<usize>, msg: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::warning(msg)
            .in_file(self.rel.to_path_buf())
            .at_span(self.src, span)
            .hint(hint);
        self.diags.push(d);
    }

    /// A diagnostic pointing at `span`, for checks made later.
    pub fn diag_at(&self, d: Diagnostic, span: Range<usize>) -> Diagnostic {
        d.in_file(self.rel.to_path_buf()).at_span(self.src, span)
    }

    /// Reports keys that `allowed` does not list.
    pub fn check_keys(&mut self, t: &Table, allowed: &[&str]) {
        for (k, _) in t.map.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                let hint = match closest(key, allowed) {
                    Some(s) => format!("did you mean `{s}`? Otherwise remove this line"),
                    None => format!(
                        "remove this line; {} takes: {}",
                        t.what,
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.error(k.span(), format!("unknown key `{key}` in {}", t.what), hint);
            }
        }
    }

    pub fn get<'t, 'i>(&self, t: &Table<'t, 'i>, key: &str) -> Option<Val<'t, 'i>> {
        t.map
            .iter()
            .find(|(k, _)| {
                let s: &str = k.get_ref();
                s == key
            })
            .map(|(_, v)| v)
    }

    /// A required key; its absence is reported.
    pub fn req<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
        example: &str,
    ) -> Option<Val<'t, 'i>> {
        let v = self.get(t, key);
        if v.is_none() {
            let at = t.span.start..t.span.start;
            self.error(
                at,
                format!("{} is missing the required key `{key}`", t.what),
                format!("add a line like: {key} = {example}"),
            );
        }
        v
    }

    fn type_error(&mut self, v: Val, key: &str, expected: &str, example: &str) {
        let got = v.get_ref().type_str();
        self.error(
            v.span(),
            format!("`{key}` must be {expected}, not {}", article(got)),
            format!("write it like: {key} = {example}"),
        );
    }

    pub fn string(&mut self, v: Val, key: &str, example: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(crate::source::nfc(s.to_string())),
            _ => {
                self.type_error(v, key, "text between double quotes", example);
                None
            }
        }
    }

    pub fn nonempty_string(&mut self, v: Val, key: &str, example: &str) -> Option<String> {
        let s = self.string(v, key, example)?;
        if s.trim().is_empty() {
            self.error(
                v.span(),
                format!("`{key}` is empty"),
                format!("write it like: {key} = {example}"),
            );
            return None;
        }
        Some(s)
    }

    pub fn boolean(&mut self, v: Val, key: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            DeValue::String(s) if matches!(s.as_ref(), "true" | "false" | "ja" | "nee") => {
                self.error(
                    v.span(),
                    format!("`{key}` must be true or false, without quotes"),
                    format!("write it like: {key} = true"),
                );
                None
            }
            _ => {
                self.type_error(v, key, "true or false", "true");
                None
            }
        }
    }

    pub fn integer(
        &mut self,
        v: Val,
        key: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        let DeValue::Integer(i) = v.get_ref() else {
            self.type_error(v, key, "a whole number", &range.start().to_string());
            return None;
        };
        let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
        let n = i64::from_str_radix(digits.trim_start_matches('+'), i.radix()).ok();
        match n
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| range.contains(n))
        {
            Some(n) => Some(n),
            None => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` must be a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                    format!("write it like: {key} = {}", range.start()),
                );
                None
            }
        }
    }

    /// A TOML date (`2019-04-01`), checked to be a real calendar date.
    pub fn date(&mut self, v: Val, key: &str) -> Option<Date> {
        let example = "2019-04-01";
        match v.get_ref() {
            DeValue::Datetime(dt) => {
                let Some(d) = dt.date else {
                    self.error(
                        v.span(),
                        format!("`{key}` must be a date, not a time"),
                        format!("write it like: {key} = {example}"),
                    );
                    return None;
                };
                if dt.time.is_some() || dt.offset.is_some() {
                    self.error(
                        v.span(),
                        format!("`{key}` must be a date without a time"),
                        format!(
                            "write only the date: {key} = {:04}-{:02}-{:02}",
                            d.year, d.month, d.day
                        ),
                    );
                    return None;
                }
                let date = time::Month::try_from(d.month)
                    .ok()
                    .and_then(|m| Date::from_calendar_date(i32::from(d.year), m, d.day).ok());
                if date.is_none() {
                    self.error(
                        v.span(),
                        format!(
                            "`{key}` is not a date that exists: {:04}-{:02}-{:02}",
                            d.year, d.month, d.day
                        ),
                        "check the day and the month (written as year-month-day)",
                    );
                }
                date
            }
            DeValue::String(s) => {
                let hint = if looks_like_date(s) {
                    format!("write the date without quotes: {key} = {s}")
                } else {
                    format!("write the date as year-month-day, without quotes: {key} = {example}")
                };
                self.error(v.span(), format!("`{key}` must be a date, not text"), hint);
                None
            }
            _ => {
                self.type_error(v, key, "a date", example);
                None
            }
        }
    }

    /// A slug value, e.g. `board = "scholengroep-voorbeeld"`.
    pub fn slug(&mut self, v: Val, key: &str) -> Option<Spanned<String>> {
        let s = self.string(v, key, "\"slug-of-the-file\"")?;
        if !is_slug(&s) {
            self.error(
                v.span(),
                format!(
                    "`{key}` must be a slug (lowercase letters, digits and hyphens), not \"{s}\""
                ),
                format!(
                    "use the file name without .toml, e.g. \"{}\"",
                    crate::source::suggest_slug(&s)
                ),
            );
            return None;
        }
        Some(Spanned::new(v.span(), s))
    }

    pub fn slug_list(&mut self, v: Val, key: &str) -> Vec<Spanned<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error(v, key, "a list", "[\"slug-one\", \"slug-two\"]");
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.slug(item, key))
            .collect()
    }

    /// A text value: a plain string, or a table keyed by language that holds
    /// the default language and no language the site does not list.
    pub fn text(&mut self, v: Val, key: &str) -> Option<Text> {
        match v.get_ref() {
            DeValue::String(s) => {
                if s.trim().is_empty() {
                    self.error(
                        v.span(),
                        format!("`{key}` is empty"),
                        "write the text, or remove the line if it is optional",
                    );
                    return None;
                }
                Some(Text::Neutral(crate::source::nfc(s.to_string())))
            }
            DeValue::Table(map) => {
                let mut out = std::collections::BTreeMap::new();
                let mut ok = true;
                for (k, val) in map.iter() {
                    let lang: &str = k.get_ref();
                    if let Some(langs) = self.langs
                        && !langs.iter().any(|l| l == lang)
                    {
                        self.error(
                            k.span(),
                            format!("`{key}` has a text for the language `{lang}`, which site.toml does not list"),
                            format!("the site's languages are: {}; add `{lang}` to `languages` in content/site.toml, or remove this text", langs.join(", ")),
                        );
                        ok = false;
                        continue;
                    }
                    match val.get_ref() {
                        DeValue::String(s) if !s.trim().is_empty() => {
                            out.insert(lang.to_string(), crate::source::nfc(s.to_string()));
                        }
                        DeValue::String(_) => {
                            self.error(val.span(), format!("the `{lang}` text of `{key}` is empty"), "write the text, or remove this language so the default language is shown");
                            ok = false;
                        }
                        _ => {
                            self.type_error(
                                val,
                                &format!("{key}.{lang}"),
                                "text between double quotes",
                                "\"…\"",
                            );
                            ok = false;
                        }
                    }
                }
                if let Some(default) = self.langs.and_then(|l| l.first())
                    && !out.contains_key(default)
                    && ok
                {
                    self.error(
                        v.span(),
                        format!("`{key}` has no text in the default language `{default}`"),
                        format!("add {default} = \"…\"; the default language is the first in `languages` in content/site.toml"),
                    );
                    return None;
                }
                if out.is_empty() {
                    if ok {
                        self.error(
                            v.span(),
                            format!("`{key}` is empty"),
                            format!("write it like: {key} = {{ nl = \"…\", en = \"…\" }}"),
                        );
                    }
                    return None;
                }
                ok.then_some(Text::PerLang(out))
            }
            _ => {
                self.type_error(v, key, "a text", "{ nl = \"…\", en = \"…\" }");
                None
            }
        }
    }

    pub fn text_list(&mut self, v: Val, key: &str) -> Vec<Text> {
        match v.get_ref() {
            DeValue::Array(items) => items.iter().filter_map(|i| self.text(i, key)).collect(),
            _ => {
                self.type_error(v, key, "a list of texts", "[{ nl = \"…\", en = \"…\" }]");
                Vec::new()
            }
        }
    }

    /// A nested table, e.g. `[dpo]` or `agreement = { … }`.
    pub fn table<'t, 'i>(
        &mut self,
        v: Val<'t, 'i>,
        key: &str,
        what: &'static str,
        example: &str,
    ) -> Option<Table<'t, 'i>> {
        match v.get_ref() {
            DeValue::Table(map) => Some(Table {
                map,
                span: v.span(),
                what,
            }),
            _ => {
                self.type_error(v, key, "a table", example);
                None
            }
        }
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-'
}

fn article(type_str: &str) -> String {
    match type_str {
        "integer" => "a number".into(),
        "float" => "a decimal number".into(),
        "boolean" => "true/false".into(),
        "datetime" => "a date".into(),
        "array" => "a list".into(),
        "table" => "a table".into(),
        "string" => "text".into(),
        other => other.into(),
    }
}

/// The allowed key nearest to a misspelt one, if it is near enough.
pub fn closest<'a>(key: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(&key.to_lowercase(), c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(closest("bord", &["name", "board", "brin"]), Some("board"));
        assert_eq!(closest("colour", &["name", "board", "brin"]), None);
    }
}
