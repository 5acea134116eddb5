//! The words of the interface in each language (from the theme's
//! `i18n/<lang>.toml`) and dates written as readers of that language expect
//! them: "1 april 2019", "1 April 2019".
//!
//! Rust code names a string by its [`UiKey`], a type generated from the
//! default theme's `en.toml`, so a misspelt key does not compile; templates
//! keep naming strings as they always did (`ui.nav_home`).

use std::collections::BTreeMap;

use crate::model::{
    ComplianceStatus, Date, DocumentKind, LegalBasis, RelationshipKind, RelationshipState,
    SpecialCategory, Transfer, VersionStatus,
};

include!(concat!(env!("OUT_DIR"), "/ui_keys.rs"));

impl UiKey {
    /// The name of a kind of document: "Privacy statement".
    pub(crate) fn document_kind(kind: DocumentKind) -> UiKey {
        match kind {
            DocumentKind::Statement => UiKey::KindStatement,
            DocumentKind::Regulation => UiKey::KindRegulation,
            DocumentKind::Cookies => UiKey::KindCookies,
            DocumentKind::Other => UiKey::KindOther,
        }
    }

    /// The role of the party of a relationship: "Processor".
    pub(crate) fn relationship_kind(kind: RelationshipKind) -> UiKey {
        match kind {
            RelationshipKind::Processor => UiKey::RelProcessor,
            RelationshipKind::Recipient => UiKey::RelRecipient,
            RelationshipKind::JointController => UiKey::RelJointController,
        }
    }

    /// Where a relationship stands: "Active".
    pub(crate) fn relationship_state(state: RelationshipState) -> UiKey {
        match state {
            RelationshipState::Upcoming => UiKey::StateUpcoming,
            RelationshipState::Active => UiKey::StateActive,
            RelationshipState::Ended => UiKey::StateEnded,
        }
    }

    /// A relationship's start in a change log: "New processor".
    pub(crate) fn relationship_started(kind: RelationshipKind) -> UiKey {
        match kind {
            RelationshipKind::Processor => UiKey::ChangeStartProcessor,
            RelationshipKind::Recipient => UiKey::ChangeStartRecipient,
            RelationshipKind::JointController => UiKey::ChangeStartJointController,
        }
    }

    /// A relationship's end in a change log: "Processor ended".
    pub(crate) fn relationship_ended(kind: RelationshipKind) -> UiKey {
        match kind {
            RelationshipKind::Processor => UiKey::ChangeEndProcessor,
            RelationshipKind::Recipient => UiKey::ChangeEndRecipient,
            RelationshipKind::JointController => UiKey::ChangeEndJointController,
        }
    }

    /// A legal basis of the AVG: "Public task".
    pub(crate) fn legal_basis(basis: LegalBasis) -> UiKey {
        match basis {
            LegalBasis::Consent => UiKey::BasisConsent,
            LegalBasis::Contract => UiKey::BasisContract,
            LegalBasis::LegalObligation => UiKey::BasisLegalObligation,
            LegalBasis::VitalInterests => UiKey::BasisVitalInterests,
            LegalBasis::PublicTask => UiKey::BasisPublicTask,
            LegalBasis::LegitimateInterests => UiKey::BasisLegitimateInterests,
        }
    }

    /// The basis of a transfer outside the EEA, as it follows "outside
    /// the EEA, …": "with standard contractual clauses"; `None` when there
    /// is none.
    pub(crate) fn transfer(transfer: Option<Transfer>) -> UiKey {
        match transfer {
            Some(Transfer::Adequacy) => UiKey::TransferAdequacy,
            Some(Transfer::Scc) => UiKey::TransferScc,
            Some(Transfer::Bcr) => UiKey::TransferBcr,
            Some(Transfer::Derogation) => UiKey::TransferDerogation,
            None => UiKey::TransferNone,
        }
    }

    /// A special category of personal data: "health".
    pub(crate) fn special_category(c: SpecialCategory) -> UiKey {
        match c {
            SpecialCategory::Health => UiKey::SpecialHealth,
            SpecialCategory::Ethnicity => UiKey::SpecialEthnicity,
            SpecialCategory::Religion => UiKey::SpecialReligion,
            SpecialCategory::Political => UiKey::SpecialPolitical,
            SpecialCategory::TradeUnion => UiKey::SpecialTradeUnion,
            SpecialCategory::Genetic => UiKey::SpecialGenetic,
            SpecialCategory::Biometric => UiKey::SpecialBiometric,
            SpecialCategory::SexLife => UiKey::SpecialSexLife,
            SpecialCategory::Criminal => UiKey::SpecialCriminal,
            SpecialCategory::NationalId => UiKey::SpecialNationalId,
        }
    }

    /// Where a version stands: "In force".
    pub(crate) fn version_status(status: VersionStatus) -> UiKey {
        match status {
            VersionStatus::Draft => UiKey::StatusDraft,
            VersionStatus::Announced => UiKey::StatusAnnounced,
            VersionStatus::InForce => UiKey::StatusInForce,
            VersionStatus::Superseded => UiKey::StatusSuperseded,
        }
    }

    /// How accessible the site is, as the accessibility statement says it.
    pub(crate) fn compliance(status: ComplianceStatus) -> UiKey {
        match status {
            ComplianceStatus::Compliant => UiKey::AccessibilityStatusCompliant,
            ComplianceStatus::PartiallyCompliant => UiKey::AccessibilityStatusPartiallyCompliant,
            ComplianceStatus::NonCompliant => UiKey::AccessibilityStatusNonCompliant,
        }
    }
}

/// The interface strings of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Strings {
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
    pub(crate) fn parse(lang: &str, src: &str) -> Result<Strings, String> {
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

    /// The string for `key`. A site's own theme file may leave a key out;
    /// it then shows as itself, so it is noticed.
    pub(crate) fn get(&self, key: UiKey) -> &str {
        let key = key.as_str();
        self.map.get(key).map_or(key, String::as_str)
    }

    /// Fills `{name}` placeholders. A value is put in as it is: a `{name}`
    /// inside it is not filled in turn.
    pub(crate) fn fill(&self, key: UiKey, args: &[(&str, &str)]) -> String {
        fill_in(self.get(key), |name| {
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        })
    }

    /// Takes the strings of `defaults` whose keys this file lacks; returns
    /// those keys, in order.
    pub(crate) fn add_missing(&mut self, defaults: &Strings) -> Vec<String> {
        let mut added = Vec::new();
        for (k, v) in &defaults.map {
            if !self.map.contains_key(k) {
                self.map.insert(k.clone(), v.clone());
                added.push(k.clone());
            }
        }
        added
    }

    /// Every key of the file, including any a site's theme adds for its
    /// own templates.
    #[cfg(test)]
    fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }

    /// Every string by key: what templates see as `ui`.
    pub(crate) fn all(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// The name of a language in this language, e.g. "Nederlands" or "Dutch".
    pub(crate) fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.language_names.get(code).map_or(code, String::as_str)
    }

    /// "1 april 2019" / "1 April 2019", following the `date_format` string
    /// (`{day} {month} {year}` by default).
    pub(crate) fn date(&self, d: Date) -> String {
        let month = &self.months[usize::from(u8::from(d.month())) - 1];
        let format = self
            .map
            .get(UiKey::DateFormat.as_str())
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

impl Strings {
    /// A file's size as a reader of this language writes it: "812 bytes",
    /// "4.2 kB" / "4,2 kB", "37 kB", "1.3 MB" (decimal units, one decimal
    /// below ten, with the language's decimal separator).
    pub(crate) fn file_size(&self, bytes: u64) -> String {
        let sep = self.get(UiKey::DecimalSeparator);
        if bytes < 1_000 {
            return self.fill(UiKey::FileSizeBytes, &[("size", &bytes.to_string())]);
        }
        // Rounded half up, in integers so that the text never depends on
        // floating point; what would round to 1000 kB is 1.0 MB.
        let (key, unit) = if bytes < 999_500 {
            (UiKey::FileSizeKb, 1_000)
        } else {
            (UiKey::FileSizeMb, 1_000_000)
        };
        let tenths = (bytes * 10 + unit / 2) / unit;
        let size = if tenths < 100 {
            format!("{}{sep}{}", tenths / 10, tenths % 10)
        } else {
            ((bytes + unit / 2) / unit).to_string()
        };
        self.fill(key, &[("size", &size)])
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
pub(crate) fn iso(d: Date) -> String {
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
status_in_force = "Geldig"
footnote_back = "Terug naar {n}"
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
        assert_eq!(s.fill(UiKey::FootnoteBack, &[("n", "2")]), "Terug naar 2");
        assert_eq!(s.language_name("en"), "Engels");
        assert_eq!(s.get(UiKey::StatusInForce), "Geldig");
        assert_eq!(s.get(UiKey::NavHome), "nav_home");
    }

    #[test]
    fn file_sizes_read_as_each_language_writes_them() {
        let nl = Strings::parse(
            "nl",
            &format!(
                "{NL}\ndecimal_separator = \",\"\nfile_size_bytes = \"{{size}} bytes\"\nfile_size_kb = \"{{size}} kB\"\nfile_size_mb = \"{{size}} MB\"\n"
            )
            .replace("[language_names]\nen = \"Engels\"\n", ""),
        )
        .unwrap();
        for (n, want) in [
            (0, "0 bytes"),
            (999, "999 bytes"),
            (1_000, "1,0 kB"),
            (2_249, "2,2 kB"),
            (2_250, "2,3 kB"),
            (9_949, "9,9 kB"),
            (9_950, "10 kB"),
            (26_480, "26 kB"),
            (999_499, "999 kB"),
            (999_500, "1,0 MB"),
            (1_000_000, "1,0 MB"),
            (16 << 20, "17 MB"),
        ] {
            assert_eq!(nl.file_size(n), want, "{n}");
        }
    }

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        let s = Strings::parse("nl", NL).unwrap();
        // A value that looks like a placeholder is not filled again.
        assert_eq!(
            s.fill(UiKey::FootnoteBack, &[("n", "{n}")]),
            "Terug naar {n}"
        );
        assert_eq!(
            fill_in("{a}{b} {c} {{a}} {a", |n| (n == "a").then_some("x")),
            "x{b} {c} {x} {a"
        );
        assert_eq!(fill_in("", |_| Some("x")), "");
        assert_eq!(fill_in("}{", |_| Some("x")), "}{");
    }

    /// The keys of one strings file, or what is wrong with it.
    fn keys_of(path: &std::path::Path) -> std::collections::BTreeSet<String> {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        Strings::parse("xx", &text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn the_keys_in_rust_are_the_default_themes_english_keys() {
        let en =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.toml");
        let in_rust: std::collections::BTreeSet<String> =
            UiKey::ALL.iter().map(|k| k.as_str().to_string()).collect();
        assert_eq!(in_rust, keys_of(&en));
    }

    /// Every string of the default theme is shown somewhere: a template
    /// names it (`ui.key`) or Rust does (`UiKey::Key`). A string nothing
    /// shows is text every theme's translator works on for nothing, and
    /// goes stale unseen (one still named an option `verify` had dropped).
    #[test]
    fn every_string_of_the_default_theme_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        fn read_all(dir: &std::path::Path, ext: &str, into: &mut String) {
            for entry in std::fs::read_dir(dir)
                .expect("reading a source folder")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    read_all(&path, ext, into);
                } else if path.extension().is_some_and(|e| e == ext) {
                    into.push_str(&std::fs::read_to_string(&path).expect("reading a source"));
                }
            }
        }
        let (mut templates, mut rust) = (String::new(), String::new());
        read_all(
            &root.join("themes/default/templates"),
            "html",
            &mut templates,
        );
        read_all(&root.join("src"), "rs", &mut rust);
        let named_in = |text: &str, name: &str| {
            text.match_indices(name).any(|(at, _)| {
                !text[at + name.len()..]
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            })
        };
        let unused: Vec<&str> = UiKey::ALL
            .iter()
            .filter(|key| {
                !named_in(&templates, &format!("ui.{}", key.as_str()))
                    && !named_in(&rust, &format!("UiKey::{key:?}"))
            })
            .map(|key| key.as_str())
            .collect();
        assert!(
            unused.is_empty(),
            "strings of themes/default/i18n/en.toml that no template or code shows: {unused:?}"
        );
    }

    /// Every language file of every theme in this repository has exactly
    /// the keys of the default theme's `en.toml`: a missing one would show
    /// its key to readers of that language, an extra one is a typo or a
    /// leftover.
    #[test]
    fn every_themes_language_files_have_the_same_keys() {
        let themes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
        let want = keys_of(&themes.join("default/i18n/en.toml"));
        let mut problems = Vec::new();
        let mut checked = 0;
        for theme in std::fs::read_dir(&themes)
            .expect("reading themes/")
            .flatten()
        {
            let Ok(files) = std::fs::read_dir(theme.path().join("i18n")) else {
                continue;
            };
            for file in files.flatten().map(|f| f.path()) {
                if file.extension().is_none_or(|e| e != "toml") {
                    continue;
                }
                checked += 1;
                let have = keys_of(&file);
                let missing: Vec<_> = want.difference(&have).collect();
                let extra: Vec<_> = have.difference(&want).collect();
                if !missing.is_empty() || !extra.is_empty() {
                    problems.push(format!(
                        "{}: missing {missing:?}, not in en.toml {extra:?}",
                        file.display()
                    ));
                }
            }
        }
        assert!(
            checked >= 2,
            "no language files found under {}",
            themes.display()
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
