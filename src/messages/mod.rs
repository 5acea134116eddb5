//! The words policypress says to editors, in Dutch and in English: every
//! finding about a site ([`Message`], with its stable English [`Rule`] id)
//! and every line a command prints about its own work ([`Say`]).
//!
//! Each message is written once, in both languages side by side
//! (`catalog.rs`, `say.rs`): its wording is a struct literal with a field
//! per language, so a message without a language does not compile, and a
//! test reads every message to make sure none is empty or left untranslated.
//! Rule ids are variants of [`Rule`], so code cannot misspell one; editors
//! name them in `allow = ["bare-url"]`, and `check --format json` writes
//! them, always in English.

mod catalog;
mod rules;
mod say;

pub use catalog::{
    Choice, Expected, Found, Holder, LockFolderFault, LockedFolder, Message, Noun, Part, Reason,
    SyntaxKind,
};
pub use rules::Rule;
pub use say::Say;

use crate::diag::{Diagnostic, Severity};

/// The languages messages are written in. `--lang` chooses one; otherwise
/// a site's default language when it is one of these, else English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Language {
    Nl,
    En,
}

impl Language {
    /// The language whose ISO 639-1 code is `code` (`nl`, `en`), if the
    /// catalog has it; a regional variant (`nl-be`) counts as its language.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.split('-').next().unwrap_or("") {
            "nl" => Some(Language::Nl),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The ISO 639-1 code, as a page's `lang` attribute writes it.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

/// A message in one language: what is wrong, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Wording {
    pub message: String,
    pub hint: Option<String>,
}

/// A message in every language of the catalog, with its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    pub rule: Rule,
    pub nl: Wording,
    pub en: Wording,
}

impl Texts {
    /// The wording in `lang`.
    pub fn get(&self, lang: Language) -> &Wording {
        match lang {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        }
    }
}

impl Message {
    /// The message as an error: the command fails.
    pub fn error(self) -> Diagnostic {
        Diagnostic::from_texts(Severity::Error, self.texts())
    }

    /// The message as a warning: reported, but nothing fails.
    pub fn warning(self) -> Diagnostic {
        Diagnostic::from_texts(Severity::Warning, self.texts())
    }

    /// The message with the severity `severity`.
    pub fn with_severity(self, severity: Severity) -> Diagnostic {
        Diagnostic::from_texts(severity, self.texts())
    }
}

/// The wording of a message with a hint.
fn said(message: impl Into<String>, hint: impl Into<String>) -> Wording {
    Wording {
        message: message.into(),
        hint: Some(hint.into()),
    }
}

/// The wording of a message without a hint.
fn only(message: impl Into<String>) -> Wording {
    Wording {
        message: message.into(),
        hint: None,
    }
}

/// `items` joined as a reader lists them: `a, b and c` / `a, b en c`.
fn listed(items: &[impl AsRef<str>], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} {and} {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// `items` joined with `, `, as lists of codes and keys are written.
fn commas(items: &[impl AsRef<str>]) -> String {
    items
        .iter()
        .map(|s| s.as_ref())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A count with its noun in English: `1 error`, `2 errors`.
fn en_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A count with its noun in Dutch: `1 fout`, `2 fouten`.
fn nl_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests;
