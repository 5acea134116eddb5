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
use super::placeholders::is_placeholder;
use super::table::{TomlFile, Val, closest};
use crate::messages::{Expected, Found, Message, Rule};
use crate::model::{Date, Text, VersionNumber};
use crate::source::{is_slug, nfc, suggest_slug};

impl TomlFile<'_> {
    /// Reports that `key` holds the wrong kind of value.
    pub(super) fn type_error(&mut self, v: Val, key: &str, expected: Expected, example: &str) {
        let found = Found(v.get_ref().type_str().to_string());
        self.error(
            v.span(),
            Message::WrongType {
                key: key.to_string(),
                expected,
                found,
                example: example.to_string(),
            },
        );
    }

    /// Text between double quotes, as it is (NFC).
    pub(super) fn string(&mut self, v: Val, key: &str, example: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(nfc(s.to_string())),
            _ => {
                self.type_error(v, key, Expected::QuotedText, example);
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
                Message::EmptyValue {
                    key: key.to_string(),
                    example: example.to_string(),
                },
            );
            return None;
        }
        Some(s)
    }

    /// `true` or `false`, without quotes.
    pub(super) fn boolean(&mut self, v: Val, key: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ if is_placeholder(v) => None,
            DeValue::String(s) if matches!(s.as_ref(), "true" | "false" | "ja" | "nee") => {
                self.error(
                    v.span(),
                    Message::QuotedBoolean {
                        key: key.to_string(),
                    },
                );
                None
            }
            _ => {
                self.type_error(v, key, Expected::TrueOrFalse, "true");
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
            if !is_placeholder(v) {
                self.type_error(v, key, Expected::WholeNumber, &range.start().to_string());
            }
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
                    Message::OutOfRange {
                        key: key.to_string(),
                        min: *range.start(),
                        max: *range.end(),
                    },
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
                        Message::TimeNotDate {
                            key: key.to_string(),
                        },
                    );
                    return None;
                };
                if dt.time.is_some() || dt.offset.is_some() {
                    self.error(
                        v.span(),
                        Message::DateWithTime {
                            key: key.to_string(),
                            date: format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
                        },
                    );
                    return None;
                }
                let date = time::Month::try_from(d.month)
                    .ok()
                    .and_then(|m| Date::from_calendar_date(i32::from(d.year), m, d.day).ok());
                if date.is_none() {
                    self.error(
                        v.span(),
                        Message::ImpossibleDate {
                            key: key.to_string(),
                            date: format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
                        },
                    );
                }
                date
            }
            _ if is_placeholder(v) => None,
            DeValue::String(s) => {
                self.error(
                    v.span(),
                    Message::QuotedDate {
                        key: key.to_string(),
                        text: s.to_string(),
                        looks_like_date: looks_like_date(s),
                    },
                );
                None
            }
            _ => {
                self.type_error(v, key, Expected::Date, example);
                None
            }
        }
    }

    /// A slug value, e.g. `theme = "default"`.
    pub(super) fn slug(&mut self, v: Val, key: &str) -> Option<Spanned<String>> {
        if is_placeholder(v) {
            return None;
        }
        let s = self.string(v, key, "\"slug-of-the-file\"")?;
        if !is_slug(&s) {
            self.error(
                v.span(),
                Message::NotASlug {
                    key: key.to_string(),
                    suggestion: suggest_slug(&s),
                    value: s,
                },
            );
            return None;
        }
        Some(Spanned::new(v.span(), s))
    }

    /// A list of slugs; the ones that are not slugs are reported and left
    /// out. `None` when the value is not a list.
    pub(super) fn slug_list(&mut self, v: Val, key: &str) -> Option<Vec<Spanned<String>>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error(v, key, Expected::List, "[\"slug-one\", \"slug-two\"]");
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
        // The place only: the message is made once it is known what to
        // suggest instead.
        let at = self.diag_at(Message::EmptyFile.error(), slug.span());
        self.pending
            .refer(kind, slug.get_ref().clone(), key.to_string(), at);
    }

    /// The slug of an organisation, e.g. `board = "scholengroep-voorbeeld"`.
    pub(super) fn organisation_ref(&mut self, v: Val, key: &str) -> Option<Spanned<String>> {
        let slug = self.slug(v, key)?;
        self.refer(RefKind::Organisation, &slug, key);
        Some(slug)
    }

    /// The slug of a document, e.g. `document = "privacyverklaring"`.
    pub(super) fn document_ref(&mut self, v: Val, key: &str) -> Option<String> {
        let slug = self.slug(v, key)?;
        self.refer(RefKind::Document, &slug, key);
        Some(slug.into_inner())
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
                        Message::EmptyText {
                            key: key.to_string(),
                        },
                    );
                    return None;
                }
                Some(Text::Neutral(nfc(s.to_string())))
            }
            DeValue::Table(map) => self.text_per_language(v, map, key),
            _ => {
                self.type_error(v, key, Expected::Text, "{ nl = \"…\", en = \"…\" }");
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
                let m = Message::TextLanguageNotListed {
                    key: key.to_string(),
                    lang: lang.to_string(),
                    languages: langs.clone(),
                };
                self.error(k.span(), m);
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
                        Message::EmptyLanguageText {
                            key: key.to_string(),
                            lang: lang.to_string(),
                        },
                    );
                    ok = false;
                }
                _ => {
                    self.type_error(val, &format!("{key}.{lang}"), Expected::QuotedText, "\"…\"");
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
                Message::NoDefaultLanguageText {
                    key: key.to_string(),
                    default,
                },
            );
            return None;
        }
        if out.is_empty() {
            if ok {
                self.error(
                    v.span(),
                    Message::EmptyValue {
                        key: key.to_string(),
                        example: "{ nl = \"…\", en = \"…\" }".to_string(),
                    },
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
                self.type_error(
                    v,
                    key,
                    Expected::ListOfTexts,
                    "[{ nl = \"…\", en = \"…\" }]",
                );
                None
            }
        }
    }

    /// An e-mail address.
    pub(super) fn email(&mut self, v: Val, key: &str) -> Option<String> {
        if is_placeholder(v) {
            return None;
        }
        let s = self.string(v, key, "\"privacy@example.nl\"")?;
        let valid = s.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        }) && !s.contains(char::is_whitespace)
            && s.matches('@').count() == 1;
        if !valid {
            self.error(
                v.span(),
                Message::InvalidEmail {
                    key: key.to_string(),
                    value: s,
                },
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
        if is_placeholder(v) {
            return None;
        }
        let s = self.string(v, key, "\"https://example.nl\"")?;
        let lower = s.trim().to_ascii_lowercase();
        let valid = (lower.starts_with("https://") || lower.starts_with("http://"))
            && lower.len() > "https://".len()
            && !s.contains(char::is_whitespace);
        if !valid {
            self.error(
                v.span(),
                Message::InvalidUrl {
                    key: key.to_string(),
                    value: s,
                },
            );
            return None;
        }
        Some(s)
    }

    /// A version number between quotes, e.g. `version = "2.1"`.
    pub(super) fn version_number(&mut self, v: Val, key: &str) -> Option<VersionNumber> {
        if is_placeholder(v) {
            return None;
        }
        let s = self.string(v, key, "\"2.1\"")?;
        let n = VersionNumber::parse(&s);
        if n.is_none() {
            self.error(v.span(), Message::InvalidVersionNumber { value: s });
        }
        n
    }

    /// `allow = ["bare-url", …]`: the warnings the file acknowledges, kept
    /// in [`TomlFile::allowed`]. A name that is no rule, or names a rule
    /// that cannot be acknowledged, is an error.
    pub(super) fn allow(&mut self, v: Val, key: &str) -> Option<()> {
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error(v, key, Expected::List, "[\"bare-url\"]");
            return None;
        };
        let allowable: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.can_allow())
            .map(|r| r.id())
            .collect();
        for item in items.iter() {
            let Some(name) = self.string(item, key, "[\"bare-url\"]") else {
                continue;
            };
            match Rule::from_id(name.trim()) {
                Some(rule) if rule.can_allow() => self.allowed.push(rule),
                Some(rule) => self.error(item.span(), Message::CannotAllow { rule }),
                None => {
                    let m = Message::UnknownRuleName {
                        suggestion: closest(&name, &allowable).map(str::to_string),
                        value: name,
                    };
                    self.error(item.span(), m);
                }
            }
        }
        Some(())
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-'
}
