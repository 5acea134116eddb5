//! The field readers every kind of file shares: texts, dates, slugs, lists,
//! references to other files, e-mail and web addresses, version numbers.
//! Each takes a value and the key it came from, reports what is wrong with
//! it where it is, and gives `None` then; each fits [`Table::opt`] and
//! [`Table::req`].
//!
//! [`Table::opt`]: super::table::Table::opt
//! [`Table::req`]: super::table::Table::req

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::checks::RefKind;
use super::table::{TomlFile, Val};
use crate::diag::Diagnostic;
use crate::model::{Date, Text, VersionNumber};
use crate::source::{is_slug, nfc, suggest_slug};

impl TomlFile<'_> {
    /// Reports that `key` holds the wrong kind of value.
    pub(super) fn type_error(&mut self, v: Val, key: &str, expected: &str, example: &str) {
        let got = v.get_ref().type_str();
        self.error(
            v.span(),
            format!("`{key}` must be {expected}, not {}", article(got)),
            format!("write it like: {key} = {example}"),
        );
    }

    /// Text between double quotes, as it is (NFC).
    pub(super) fn string(&mut self, v: Val, key: &str, example: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(nfc(s.to_string())),
            _ => {
                self.type_error(v, key, "text between double quotes", example);
                None
            }
        }
    }

    /// Text between double quotes that is not only white space.
    pub(super) fn nonempty_string(&mut self, v: Val, key: &str, example: &str) -> Option<String> {
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

    /// `true` or `false`, without quotes.
    pub(super) fn boolean(&mut self, v: Val, key: &str) -> Option<bool> {
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

    /// A whole number within `range`.
    pub(super) fn integer(
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
    pub(super) fn date(&mut self, v: Val, key: &str) -> Option<Date> {
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

    /// A slug value, e.g. `theme = "default"`.
    pub(super) fn slug(&mut self, v: Val, key: &str) -> Option<Spanned<String>> {
        let s = self.string(v, key, "\"slug-of-the-file\"")?;
        if !is_slug(&s) {
            self.error(
                v.span(),
                format!(
                    "`{key}` must be a slug (lowercase letters, digits and hyphens), not \"{s}\""
                ),
                format!(
                    "use the file name without .toml, e.g. \"{}\"",
                    suggest_slug(&s)
                ),
            );
            return None;
        }
        Some(Spanned::new(v.span(), s))
    }

    /// A list of slugs; the ones that are not slugs are reported and left
    /// out. `None` when the value is not a list.
    pub(super) fn slug_list(&mut self, v: Val, key: &str) -> Option<Vec<Spanned<String>>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error(v, key, "a list", "[\"slug-one\", \"slug-two\"]");
            return None;
        };
        Some(
            items
                .iter()
                .filter_map(|item| self.slug(item, key))
                .collect(),
        )
    }

    /// Records that `slug`, given as `key`, names a file of `kind`; whether
    /// that file exists is checked once every file is read.
    pub(super) fn refer(&mut self, kind: RefKind, slug: &Spanned<String>, key: &str) {
        let at = self.diag_at(
            Diagnostic::error(format!(
                "`{key}` names the {} \"{}\", which does not exist",
                kind.noun(),
                slug.get_ref()
            )),
            slug.span(),
        );
        self.pending.refer(kind, slug.get_ref().clone(), at);
    }

    /// The slug of an organisation, e.g. `board = "scholengroep-voorbeeld"`.
    pub(super) fn organisation_ref(&mut self, v: Val, key: &str) -> Option<Spanned<String>> {
        let slug = self.slug(v, key)?;
        self.refer(RefKind::Organisation, &slug, key);
        Some(slug)
    }

    /// A list of slugs of files of `kind`.
    fn refs(&mut self, v: Val, key: &str, kind: RefKind) -> Option<Vec<Spanned<String>>> {
        let list = self.slug_list(v, key)?;
        for slug in &list {
            self.refer(kind, slug, key);
        }
        Some(list)
    }

    /// A list of slugs of organisations.
    pub(super) fn organisation_refs(&mut self, v: Val, key: &str) -> Option<Vec<Spanned<String>>> {
        self.refs(v, key, RefKind::Organisation)
    }

    /// A list of slugs of schools.
    pub(super) fn school_refs(&mut self, v: Val, key: &str) -> Option<Vec<Spanned<String>>> {
        self.refs(v, key, RefKind::School)
    }

    /// A list of slugs of documents.
    pub(super) fn document_refs(&mut self, v: Val, key: &str) -> Option<Vec<Spanned<String>>> {
        self.refs(v, key, RefKind::Document)
    }

    /// A text value: a plain string, or a table keyed by language that holds
    /// the default language and no language the site does not list.
    pub(super) fn text(&mut self, v: Val, key: &str) -> Option<Text> {
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
                Some(Text::Neutral(nfc(s.to_string())))
            }
            DeValue::Table(map) => self.text_per_language(v, map, key),
            _ => {
                self.type_error(v, key, "a text", "{ nl = \"…\", en = \"…\" }");
                None
            }
        }
    }

    /// A text as a table keyed by language (`map`, the value `v`); every
    /// mistake in it is reported before `None` comes back.
    fn text_per_language(&mut self, v: Val, map: &DeTable, key: &str) -> Option<Text> {
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (k, val) in map.iter() {
            let lang: &str = k.get_ref();
            if let Some(langs) = &self.langs
                && !langs.iter().any(|l| l == lang)
            {
                let hint = format!(
                    "the site's languages are: {}; add `{lang}` to `languages` in content/site.toml, or remove this text",
                    langs.join(", ")
                );
                self.error(
                    k.span(),
                    format!("`{key}` has a text for the language `{lang}`, which site.toml does not list"),
                    hint,
                );
                ok = false;
                continue;
            }
            match val.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => {
                    out.insert(lang.to_string(), nfc(s.to_string()));
                }
                DeValue::String(_) => {
                    self.error(
                        val.span(),
                        format!("the `{lang}` text of `{key}` is empty"),
                        "write the text, or remove this language so the default language is shown",
                    );
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
        if let Some(default) = self.langs.as_ref().and_then(|l| l.first())
            && !out.contains_key(default)
            && ok
        {
            let default = default.clone();
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

    /// A list of texts; the ones that are wrong are reported and left out.
    /// `None` when the value is not a list.
    pub(super) fn text_list(&mut self, v: Val, key: &str) -> Option<Vec<Text>> {
        match v.get_ref() {
            DeValue::Array(items) => Some(items.iter().filter_map(|i| self.text(i, key)).collect()),
            _ => {
                self.type_error(v, key, "a list of texts", "[{ nl = \"…\", en = \"…\" }]");
                None
            }
        }
    }

    /// An e-mail address.
    pub(super) fn email(&mut self, v: Val, key: &str) -> Option<String> {
        let s = self.string(v, key, "\"privacy@example.nl\"")?;
        let valid = s.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        }) && !s.contains(char::is_whitespace)
            && s.matches('@').count() == 1;
        if !valid {
            self.error(
                v.span(),
                format!("\"{s}\" is not an e-mail address"),
                format!("write it like: {key} = \"privacy@example.nl\""),
            );
            return None;
        }
        Some(s)
    }

    /// A telephone number, as written.
    pub(super) fn phone(&mut self, v: Val, key: &str) -> Option<String> {
        self.nonempty_string(v, key, "\"030 123 45 67\"")
    }

    /// A full web address, starting with `https://` or `http://`.
    pub(super) fn web_url(&mut self, v: Val, key: &str) -> Option<String> {
        let s = self.string(v, key, "\"https://example.nl\"")?;
        let lower = s.trim().to_ascii_lowercase();
        let valid = (lower.starts_with("https://") || lower.starts_with("http://"))
            && lower.len() > "https://".len()
            && !s.contains(char::is_whitespace);
        if !valid {
            self.error(v.span(), format!("\"{s}\" is not a web address"), format!("write the full address, starting with https://, e.g. {key} = \"https://example.nl\""));
            return None;
        }
        Some(s)
    }

    /// A version number between quotes, e.g. `version = "2.1"`.
    pub(super) fn version_number(&mut self, v: Val, key: &str) -> Option<VersionNumber> {
        let s = self.string(v, key, "\"2.1\"")?;
        let n = VersionNumber::parse(&s);
        if n.is_none() {
            self.error(
                v.span(),
                format!("\"{s}\" is not a version number"),
                "write it like \"2.1\" (MAJOR.MINOR or MAJOR.MINOR.PATCH)",
            );
        }
        n
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
