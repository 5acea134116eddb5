//! The site as plain data: organisations, schools, documents with their
//! versions, relationships and free pages, and the questions readers ask of
//! them ("which version is in force on this date?").
//!
//! No I/O and no clock: the as-of date is always passed in, so the same
//! content and date give the same answers everywhere.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::countries::Country;

pub use time::Date;

/// A language code from `site.languages`, e.g. `nl`.
pub type Lang = String;

/// A human text: the same in every language, or one string per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A language-neutral value (a name, an address): gets no `lang` of its own.
    Neutral(String),
    /// Per language; always holds the site's default language.
    PerLang(BTreeMap<Lang, String>),
}

/// A text resolved for one reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized<'a> {
    pub text: &'a str,
    /// The language the text is in, when it is not neutral.
    pub lang: Option<&'a str>,
    /// True when the reader's language was missing and the default was used.
    pub fallback: bool,
}

impl Text {
    /// The text for `lang`, falling back to `default` (see [`in_language`]).
    pub fn get<'a>(&'a self, lang: &str, default: &'a str) -> Localized<'a> {
        match self {
            Text::Neutral(s) => Localized {
                text: s,
                lang: None,
                fallback: false,
            },
            Text::PerLang(map) => {
                let found = in_language(map, lang, default)
                    .or_else(|| {
                        map.iter().next().map(|(l, s)| InLanguage {
                            value: s,
                            lang: l.as_str(),
                            fell_back: true,
                        })
                    })
                    .expect("bug: a per-language text without the default language");
                Localized {
                    text: found.value,
                    lang: Some(found.lang),
                    fallback: found.fell_back,
                }
            }
        }
    }

    /// The languages this text is written in (empty for a neutral text).
    pub fn languages(&self) -> Vec<&str> {
        match self {
            Text::Neutral(_) => Vec::new(),
            Text::PerLang(map) => map.keys().map(String::as_str).collect(),
        }
    }
}

/// One language's entry of something written per language (a text, a
/// version's bodies), as [`in_language`] found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InLanguage<'a, T> {
    pub value: &'a T,
    /// The language `value` is written in.
    pub lang: &'a str,
    /// True when the reader's language was missing and the default was used.
    pub fell_back: bool,
}

/// The one language fallback of the site: the entry for the reader's
/// `lang`, else the one for the site's `default` language (marked as a
/// fallback, so pages can say so and set `lang`); `None` when neither is
/// there. Texts, version bodies and free pages all fall back through here.
pub fn in_language<'a, T>(
    map: &'a BTreeMap<Lang, T>,
    lang: &str,
    default: &str,
) -> Option<InLanguage<'a, T>> {
    if let Some((l, value)) = map.get_key_value(lang) {
        return Some(InLanguage {
            value,
            lang: l,
            fell_back: false,
        });
    }
    map.get_key_value(default).map(|(l, value)| InLanguage {
        value,
        lang: l,
        fell_back: true,
    })
}

/// The same day `years` later; 29 February becomes 28 February. When a
/// document's review is due.
pub fn add_years(d: Date, years: u32) -> Date {
    let y = d.year() + years as i32;
    Date::from_calendar_date(y, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(y, d.month(), 28))
        .expect("bug: the 28th exists in every month")
}

/// A version number `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, ordered numerically.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersionNumber {
    parts: [u32; 3],
    /// As written in the folder name; also the version's URL segment.
    text: String,
}

impl VersionNumber {
    /// Parses `1.0`, `2.1`, `1.10.2`. Leading zeros (`01.0`) and anything else are refused.
    pub fn parse(s: &str) -> Option<VersionNumber> {
        let pieces: Vec<&str> = s.split('.').collect();
        if !(2..=3).contains(&pieces.len()) {
            return None;
        }
        let mut parts = [0u32; 3];
        for (i, p) in pieces.iter().enumerate() {
            let ok = !p.is_empty()
                && p.len() <= 9
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'));
            if !ok {
                return None;
            }
            parts[i] = p.parse().ok()?;
        }
        Some(VersionNumber {
            parts,
            text: s.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn parts(&self) -> [u32; 3] {
        self.parts
    }
}

impl PartialOrd for VersionNumber {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for VersionNumber {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts
            .cmp(&other.parts)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `content/site.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    pub title: Text,
    /// Always ends in `/`.
    pub base_url: String,
    /// The first is the default.
    pub languages: Vec<Lang>,
    pub publisher: String,
    pub theme: String,
    pub material_notice_days: u32,
    pub unsafe_html: bool,
    pub transparency: Option<TransparencyConfig>,
    pub accessibility: Option<AccessibilityConfig>,
    /// The `[rights]` table: how the rights block on school and
    /// relationship pages is adapted. `None`: as the theme words it.
    pub rights: Option<RightsConfig>,
}

/// The `[rights]` table: where readers send a request about their data and
/// which part of which statement explains their rights. Every key is
/// optional; the block is shown without the table as well.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RightsConfig {
    /// Where a request goes first, instead of the school's (or its
    /// board's) e-mail address.
    pub contact: Option<String>,
    /// The document whose rights section the block links to, instead of
    /// the first privacy statement that applies.
    pub document: Option<String>,
    /// The heading anchor of the rights section in that document, per
    /// language, instead of the first `##` heading about rights.
    pub section: Option<Text>,
    /// A sentence added at the end of the block, e.g. from which age a
    /// pupil uses these rights alone.
    pub note: Option<Text>,
}

/// The `[accessibility]` table: what the generated accessibility statement
/// (toegankelijkheidsverklaring) says beyond what the build guarantees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessibilityConfig {
    /// Where readers report a problem.
    pub contact: String,
    /// When the site was last evaluated; also the statement's date.
    pub evaluated: Date,
    pub method: EvaluationMethod,
    pub status: ComplianceStatus,
    /// Known problems, each in words a reader understands.
    pub known_issues: Vec<Text>,
    /// The audit report, when there is one.
    pub report_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluationMethod {
    /// Assessed by the publisher itself.
    SelfAssessment,
    /// Audited by an independent party.
    Audit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplianceStatus {
    Compliant,
    PartiallyCompliant,
    NonCompliant,
}

impl ComplianceStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::Compliant => "compliant",
            Self::PartiallyCompliant => "partially-compliant",
            Self::NonCompliant => "non-compliant",
        }
    }
}

impl SiteConfig {
    pub fn default_lang(&self) -> &str {
        &self.languages[0]
    }

    /// The timestamp authorities `[transparency]` names (none without a log).
    pub fn timestamp_authorities(&self) -> &[String] {
        self.transparency
            .as_ref()
            .map_or(&[], |t| t.timestamp_authorities.as_slice())
    }

    /// The path part of `base_url`, e.g. `/` or `/privacy/`.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// `scheme://host[:port]` of `base_url`.
    pub fn origin(&self) -> &str {
        let path = self.base_path();
        &self.base_url[..self.base_url.len() - path.len()]
    }
}

/// The `[transparency]` table of `site.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransparencyConfig {
    pub origin: String,
    pub public_key: String,
    /// The RFC 3161 timestamp authorities `publish` asks, by URL; each
    /// one's certificate chain is committed as
    /// `transparency/tsa/<crate::tsa::file_name>`.
    pub timestamp_authorities: Vec<String>,
}

/// A functionaris gegevensbescherming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dpo {
    pub name: Option<Text>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A legal entity, or a category of recipients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub slug: String,
    pub name: Text,
    pub kvk: Option<String>,
    pub address: Option<Text>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub description: Option<Text>,
    pub dpo: Option<Dpo>,
    /// Where it processes data, for when it is a sub-processor.
    pub location: Option<Places>,
    pub file: PathBuf,
}

impl Organisation {
    /// Where it processes data, for when it is a sub-processor.
    pub fn location(&self) -> Option<&Places> {
        self.location.as_ref()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct School {
    pub slug: String,
    pub name: Text,
    pub board: String,
    pub brin: Option<String>,
    pub address: Option<Text>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// `None`: every document of its board.
    pub documents: Option<Vec<String>>,
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocumentKind {
    Statement,
    Regulation,
    Cookies,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        Self::Statement,
        Self::Regulation,
        Self::Cookies,
        Self::Other,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Statement => "statement",
            Self::Regulation => "regulation",
            Self::Cookies => "cookies",
            Self::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub slug: String,
    pub title: Text,
    pub owner: String,
    pub kind: DocumentKind,
    pub review_every_years: Option<u32>,
    /// Ordered by version number, which is also the order of effective dates.
    pub versions: Vec<Version>,
    pub file: PathBuf,
}

/// One language's text of a version or page: normalised Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub source: String,
    pub file: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub number: VersionNumber,
    /// When it was (or will be) published; `None` for a draft, which is
    /// never published or sealed until the editor gives it a date.
    pub published: Option<Date>,
    pub effective: Date,
    pub material: bool,
    pub approved_by: Option<Text>,
    pub approved_on: Option<Date>,
    pub summary: Option<Text>,
    /// Why a material change takes effect with less notice than required.
    pub urgent: Option<Text>,
    /// Why this version is entered after a version that takes effect later
    /// was already published (sealed): readers are told, and the log
    /// accepts it only with this said.
    pub late_entry: Option<Text>,
    /// The text in short, in plain words, shown above the table of
    /// contents (a layered notice). Not part of what is sealed: the text
    /// itself is what binds.
    pub short: Option<Text>,
    pub bodies: BTreeMap<Lang, Body>,
    pub file: PathBuf,
}

impl Version {
    /// Whether it is published on `date`: it has a publication date, and
    /// that date has come.
    pub fn published_by(&self, date: Date) -> bool {
        self.published.is_some_and(|p| p <= date)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationshipKind {
    Processor,
    Recipient,
    JointController,
}

impl RelationshipKind {
    pub const ALL: [RelationshipKind; 3] =
        [Self::Processor, Self::Recipient, Self::JointController];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Processor => "processor",
            Self::Recipient => "recipient",
            Self::JointController => "joint-controller",
        }
    }
}

/// AVG art. 6(1) a–f.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LegalBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

impl LegalBasis {
    pub const ALL: [LegalBasis; 6] = [
        Self::Consent,
        Self::Contract,
        Self::LegalObligation,
        Self::VitalInterests,
        Self::PublicTask,
        Self::LegitimateInterests,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.key() == s)
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::Contract => "contract",
            Self::LegalObligation => "legal-obligation",
            Self::VitalInterests => "vital-interests",
            Self::PublicTask => "public-task",
            Self::LegitimateInterests => "legitimate-interests",
        }
    }

    /// The article of the AVG, e.g. `6(1)(e)`.
    pub fn article(self) -> &'static str {
        match self {
            Self::Consent => "6(1)(a)",
            Self::Contract => "6(1)(b)",
            Self::LegalObligation => "6(1)(c)",
            Self::VitalInterests => "6(1)(d)",
            Self::PublicTask => "6(1)(e)",
            Self::LegitimateInterests => "6(1)(f)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchoolSelection {
    /// Every school whose board is the controller.
    All,
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub name: Text,
    pub signed: Option<Date>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementRef {
    Document {
        document: String,
        /// Pinned version; `None` follows the version in force.
        version: Option<VersionNumber>,
    },
    Url(String),
}

/// Where a relationship's data is processed (`location`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The older form, free text ("EU", "Nederland"): shown as written;
    /// whether it is outside the EEA is what `outside_eea` says.
    Text(Text),
    /// `{ countries = […], transfer = "…" }`.
    Places(Places),
}

impl Location {
    /// The countries, when the location names them.
    pub fn places(&self) -> Option<&Places> {
        match self {
            Location::Places(p) => Some(p),
            Location::Text(_) => None,
        }
    }
}

/// Countries where data is processed, by their ISO 3166-1 alpha-2 codes,
/// and the basis of a transfer outside the EEA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// At least one, each a known code (see [`crate::countries`]), in the
    /// order written.
    pub countries: Vec<&'static Country>,
    pub transfer: Option<Transfer>,
}

impl Places {
    /// The countries outside the EEA, in the order written.
    pub fn outside_eea(&self) -> Vec<&'static Country> {
        self.countries.iter().copied().filter(|c| !c.eea).collect()
    }

    /// Whether data goes to a country outside the EEA.
    pub fn leaves_eea(&self) -> bool {
        self.countries.iter().any(|c| !c.eea)
    }

    /// Data goes outside the EEA and the location gives no basis for it.
    pub fn transfer_without_basis(&self) -> bool {
        self.leaves_eea() && self.transfer.is_none()
    }
}

/// The basis of a transfer of personal data outside the EEA (AVG chapter V).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Transfer {
    /// An adequacy decision of the European Commission (art. 45).
    Adequacy,
    /// Standard contractual clauses (art. 46(2)(c)).
    Scc,
    /// Binding corporate rules (art. 47).
    Bcr,
    /// A derogation for a specific situation (art. 49).
    Derogation,
}

impl Transfer {
    pub const ALL: [Transfer; 4] = [Self::Adequacy, Self::Scc, Self::Bcr, Self::Derogation];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == s)
    }

    /// The value as written in the files.
    pub fn key(self) -> &'static str {
        match self {
            Self::Adequacy => "adequacy",
            Self::Scc => "scc",
            Self::Bcr => "bcr",
            Self::Derogation => "derogation",
        }
    }

    /// The article of the AVG it rests on.
    pub fn article(self) -> &'static str {
        match self {
            Self::Adequacy => "45",
            Self::Scc => "46(2)(c)",
            Self::Bcr => "47",
            Self::Derogation => "49",
        }
    }
}

/// A special category of personal data (AVG art. 9), data on criminal
/// convictions (art. 10), or a national identification number (the BSN or
/// onderwijsnummer, art. 87 and UAVG art. 46).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecialCategory {
    Health,
    Ethnicity,
    Religion,
    Political,
    TradeUnion,
    Genetic,
    Biometric,
    SexLife,
    Criminal,
    NationalId,
}

impl SpecialCategory {
    pub const ALL: [SpecialCategory; 10] = [
        Self::Health,
        Self::Ethnicity,
        Self::Religion,
        Self::Political,
        Self::TradeUnion,
        Self::Genetic,
        Self::Biometric,
        Self::SexLife,
        Self::Criminal,
        Self::NationalId,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == s)
    }

    /// The value as written in the files.
    pub fn key(self) -> &'static str {
        match self {
            Self::Health => "health",
            Self::Ethnicity => "ethnicity",
            Self::Religion => "religion",
            Self::Political => "political",
            Self::TradeUnion => "trade-union",
            Self::Genetic => "genetic",
            Self::Biometric => "biometric",
            Self::SexLife => "sex-life",
            Self::Criminal => "criminal",
            Self::NationalId => "national-id",
        }
    }

    /// The article of the AVG that governs it.
    pub fn article(self) -> &'static str {
        match self {
            Self::Criminal => "10",
            Self::NationalId => "87",
            _ => "9",
        }
    }
}

/// A data protection impact assessment (AVG art. 35).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dpia {
    /// The day it was completed.
    pub done: Date,
    /// Where it, or a summary of it, can be read.
    pub url: Option<String>,
}

/// The product's privacybijsluiter (the description of the product that
/// comes with the Model Verwerkersovereenkomst of the Privacyconvenant
/// Onderwijs), or a document of another site that plays its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bijsluiter {
    pub url: String,
    /// Its version, as the supplier numbers it.
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub slug: String,
    pub kind: RelationshipKind,
    pub controller: String,
    pub party: String,
    pub schools: SchoolSelection,
    pub purposes: Vec<Text>,
    pub data_subjects: Vec<Text>,
    pub data_categories: Vec<Text>,
    pub legal_basis: LegalBasis,
    pub retention: Option<Text>,
    pub location: Option<Location>,
    pub agreement: Option<Agreement>,
    pub statement: Option<StatementRef>,
    pub sub_processors: Vec<String>,
    /// Special categories of data (and criminal data, national ids)
    /// processed, in the order written, each once.
    pub special_categories: Vec<SpecialCategory>,
    pub dpia: Option<Dpia>,
    pub bijsluiter: Option<Bijsluiter>,
    pub since: Date,
    /// Inclusive.
    pub until: Option<Date>,
    /// `true` when the data goes to a country outside the EEA (a transfer,
    /// AVG chapter V).
    pub outside_eea: bool,
    /// Its history: from each change's `from` on, the keys it gives replace
    /// the ones before. Ordered by `from`, each after `since` and the one
    /// before. The fields above are the first state.
    pub changes: Vec<RelationshipChange>,
    pub file: PathBuf,
}

/// One `[[change]]` of a relationship: the terms that change on `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationshipChange {
    /// The first day of the new state.
    pub from: Date,
    /// When the controller told schools and parents (optional): what the
    /// notice of the change is counted from.
    pub announced: Option<Date>,
    /// Why the change takes effect with less notice than
    /// `material_notice_days`.
    pub urgent: Option<Text>,
    pub terms: TermsChange,
    /// Where the `[[change]]` is written: its line, 1-based.
    pub line: u32,
}

/// The keys a `[[change]]` gives; `None` keeps the value before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermsChange {
    pub purposes: Option<Vec<Text>>,
    pub data_subjects: Option<Vec<Text>>,
    pub data_categories: Option<Vec<Text>>,
    pub legal_basis: Option<LegalBasis>,
    pub retention: Option<Text>,
    pub location: Option<Location>,
    pub outside_eea: Option<bool>,
    pub agreement: Option<Agreement>,
    pub statement: Option<StatementRef>,
    pub sub_processors: Option<Vec<String>>,
    pub special_categories: Option<Vec<SpecialCategory>>,
    pub dpia: Option<Dpia>,
    pub bijsluiter: Option<Bijsluiter>,
}

impl TermsChange {
    /// Whether it gives no key at all.
    pub fn is_empty(&self) -> bool {
        *self == TermsChange::default()
    }
}

/// Where a relationship stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationshipState {
    Upcoming,
    Active,
    Ended,
}

impl RelationshipState {
    /// The state as pages (a class name) and the API write it.
    pub fn key(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Active => "active",
            Self::Ended => "ended",
        }
    }
}

impl Relationship {
    /// Where the data is processed.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// Whether data goes to a country outside the EEA: derived from the
    /// countries of a structured location, else what `outside_eea` says.
    pub fn leaves_eea(&self) -> bool {
        match &self.location {
            Some(Location::Places(p)) => p.leaves_eea(),
            _ => self.outside_eea,
        }
    }

    /// The basis of a transfer outside the EEA, when the location gives one.
    pub fn transfer(&self) -> Option<Transfer> {
        self.location
            .as_ref()
            .and_then(Location::places)
            .and_then(|p| p.transfer)
    }

    /// The special categories of data processed (AVG art. 9, 10, 87).
    pub fn special_categories(&self) -> &[SpecialCategory] {
        &self.special_categories
    }

    /// The DPIA, when one is recorded.
    pub fn dpia(&self) -> Option<&Dpia> {
        self.dpia.as_ref()
    }

    /// The product's privacybijsluiter, when one is recorded.
    pub fn bijsluiter(&self) -> Option<&Bijsluiter> {
        self.bijsluiter.as_ref()
    }

    pub fn state(&self, as_of: Date) -> RelationshipState {
        if self.since > as_of {
            RelationshipState::Upcoming
        } else if self.until.is_some_and(|u| u < as_of) {
            RelationshipState::Ended
        } else {
            RelationshipState::Active
        }
    }
}

/// A free page, e.g. the accessibility statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub slug: String,
    pub bodies: BTreeMap<Lang, Body>,
}

/// The whole site's content, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub config: SiteConfig,
    pub organisations: BTreeMap<String, Organisation>,
    pub schools: BTreeMap<String, School>,
    pub documents: BTreeMap<String, Document>,
    pub relationships: BTreeMap<String, Relationship>,
    pub pages: BTreeMap<String, Page>,
}

/// Where a version stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionStatus {
    /// Without a publication date, published after the as-of date, or not
    /// sealed: shown only as a draft.
    Draft,
    /// Published, takes effect later.
    Announced,
    InForce,
    /// Was in force, replaced by a later version.
    Superseded,
}

/// The versions of one document as a reader sees them on the as-of date.
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    pub document: &'a Document,
    /// Every shown version, oldest first, with its status and when a later
    /// version replaced it.
    pub entries: Vec<TimelineEntry<'a>>,
}

#[derive(Debug, Clone)]
pub struct TimelineEntry<'a> {
    pub version: &'a Version,
    pub status: VersionStatus,
    /// The effective date of the next shown version, if any.
    pub superseded_on: Option<Date>,
    /// The previous shown version, for comparisons.
    pub previous: Option<&'a Version>,
}

impl<'a> Timeline<'a> {
    /// Builds the timeline; `shown` decides which versions a reader may see
    /// (published by the as-of date, sealed, or everything with `--drafts`),
    /// `is_draft` which of those are drafts.
    pub fn new(
        document: &'a Document,
        as_of: Date,
        shown: impl Fn(&Version) -> bool,
        is_draft: impl Fn(&Version) -> bool,
    ) -> Timeline<'a> {
        let visible: Vec<&Version> = document.versions.iter().filter(|v| shown(v)).collect();
        // The version in force is the last non-draft one that has taken effect.
        let in_force = visible
            .iter()
            .rposition(|v| !is_draft(v) && v.effective <= as_of);
        let mut entries = Vec::with_capacity(visible.len());
        for (i, v) in visible.iter().enumerate() {
            let superseded_on = visible.get(i + 1).map(|n| n.effective);
            let status = if is_draft(v) {
                VersionStatus::Draft
            } else if Some(i) == in_force {
                VersionStatus::InForce
            } else if v.effective > as_of {
                VersionStatus::Announced
            } else {
                VersionStatus::Superseded
            };
            entries.push(TimelineEntry {
                version: v,
                status,
                superseded_on,
                previous: i.checked_sub(1).map(|p| visible[p]),
            });
        }
        Timeline { document, entries }
    }

    pub fn in_force(&self) -> Option<&TimelineEntry<'a>> {
        self.entries
            .iter()
            .find(|e| e.status == VersionStatus::InForce)
    }

    pub fn announced(&self) -> impl Iterator<Item = &TimelineEntry<'a>> {
        self.entries
            .iter()
            .filter(|e| e.status == VersionStatus::Announced)
    }

    pub fn entry(&self, number: &VersionNumber) -> Option<&TimelineEntry<'a>> {
        self.entries.iter().find(|e| &e.version.number == number)
    }
}

impl Site {
    /// Frees the Markdown of every body. A one-off `build` needs it only
    /// until the bodies are rendered and sealed; at 10,000 pages it is a
    /// third of the peak memory. Afterwards every `Body::source` is empty.
    pub fn drop_sources(&mut self) {
        let versions = self
            .documents
            .values_mut()
            .flat_map(|d| d.versions.iter_mut().flat_map(|v| v.bodies.values_mut()));
        let pages = self.pages.values_mut().flat_map(|p| p.bodies.values_mut());
        for body in versions.chain(pages) {
            body.source = String::new();
        }
    }

    /// The schools a relationship covers.
    pub fn schools_of(&self, rel: &Relationship) -> Vec<&School> {
        match &rel.schools {
            SchoolSelection::All => self
                .schools
                .values()
                .filter(|s| s.board == rel.controller)
                .collect(),
            SchoolSelection::List(list) => {
                list.iter().filter_map(|s| self.schools.get(s)).collect()
            }
        }
    }

    /// The relationships that cover a school, in slug order.
    pub fn relationships_of<'a>(&'a self, school: &School) -> Vec<&'a Relationship> {
        self.relationships
            .values()
            .filter(|r| match &r.schools {
                SchoolSelection::All => r.controller == school.board,
                SchoolSelection::List(list) => list.contains(&school.slug),
            })
            .collect()
    }

    /// The documents that apply to a school: its own list, or every document
    /// of its board.
    pub fn documents_of<'a>(&'a self, school: &School) -> Vec<&'a Document> {
        match &school.documents {
            Some(list) => list.iter().filter_map(|d| self.documents.get(d)).collect(),
            None => self
                .documents
                .values()
                .filter(|d| d.owner == school.board)
                .collect(),
        }
    }

    /// The schools a document applies to.
    pub fn schools_with<'a>(&'a self, doc: &Document) -> Vec<&'a School> {
        self.schools
            .values()
            .filter(|s| match &s.documents {
                Some(list) => list.contains(&doc.slug),
                None => doc.owner == s.board,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// `check`'s messages, the register and the JSON schema list the values
    /// from `Choice`; the model parses them. A value added to one and not the
    /// other would be accepted and never shown, or offered and refused.
    #[test]
    fn the_model_and_the_messages_know_the_same_values() {
        use crate::messages::Choice;
        fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|&t| key(t)).collect()
        }
        assert_eq!(
            keys(&DocumentKind::ALL, DocumentKind::key),
            Choice::DocumentKind.values()
        );
        assert_eq!(
            keys(&RelationshipKind::ALL, RelationshipKind::key),
            Choice::RelationshipKind.values()
        );
        assert_eq!(
            keys(&Transfer::ALL, Transfer::key),
            Choice::Transfer.values()
        );
        assert_eq!(
            keys(&SpecialCategory::ALL, SpecialCategory::key),
            Choice::SpecialCategory.values()
        );
    }

    #[test]
    fn version_numbers_compare_numerically() {
        let a = VersionNumber::parse("1.9").unwrap();
        let b = VersionNumber::parse("1.10").unwrap();
        let c = VersionNumber::parse("1.10.1").unwrap();
        assert!(a < b && b < c);
        for bad in [
            "1", "1.", ".1", "01.0", "1.0.0.0", "1.a", "v1.0", "1.-1", "",
        ] {
            assert!(VersionNumber::parse(bad).is_none(), "{bad}");
        }
    }

    fn version(n: &str, published: Date, effective: Date) -> Version {
        Version {
            number: VersionNumber::parse(n).unwrap(),
            published: Some(published),
            effective,
            material: false,
            approved_by: None,
            approved_on: None,
            summary: None,
            urgent: None,
            late_entry: None,
            short: None,
            bodies: BTreeMap::new(),
            file: PathBuf::new(),
        }
    }

    #[test]
    fn timeline_marks_in_force_announced_and_superseded() {
        let doc = Document {
            slug: "d".into(),
            title: Text::Neutral("d".into()),
            owner: "o".into(),
            kind: DocumentKind::Statement,
            review_every_years: None,
            versions: vec![
                version("1.0", date!(2019 - 03 - 01), date!(2019 - 04 - 01)),
                version("2.0", date!(2023 - 06 - 01), date!(2023 - 08 - 01)),
                version("2.1", date!(2026 - 11 - 10), date!(2027 - 01 - 01)),
            ],
            file: PathBuf::new(),
        };
        let as_of = date!(2026 - 11 - 25);
        let t = Timeline::new(&doc, as_of, |v| v.published_by(as_of), |_| false);
        let st: Vec<_> = t.entries.iter().map(|e| e.status).collect();
        assert_eq!(
            st,
            [
                VersionStatus::Superseded,
                VersionStatus::InForce,
                VersionStatus::Announced
            ]
        );
        assert_eq!(t.entries[0].superseded_on, Some(date!(2023 - 08 - 01)));
        assert_eq!(t.in_force().unwrap().version.number.as_str(), "2.0");

        // Before 2.1 was published it is not shown at all.
        let early = date!(2026 - 11 - 01);
        let t = Timeline::new(&doc, early, |v| v.published_by(early), |_| false);
        assert_eq!(t.entries.len(), 2);

        // Before anything took effect, nothing is in force.
        let first = date!(2019 - 03 - 10);
        let t = Timeline::new(&doc, first, |v| v.published_by(first), |_| false);
        assert!(t.in_force().is_none());
        assert_eq!(t.entries[0].status, VersionStatus::Announced);
    }

    #[test]
    fn fallback_is_marked() {
        let t = Text::PerLang(BTreeMap::from([(
            "nl".to_string(),
            "leerlingen".to_string(),
        )]));
        let l = t.get("en", "nl");
        assert_eq!(
            (l.text, l.lang, l.fallback),
            ("leerlingen", Some("nl"), true)
        );
        let n = Text::Neutral("Bloom".into());
        assert_eq!(n.get("en", "nl").lang, None);
    }

    #[test]
    fn one_fallback_for_every_language_map() {
        let map = BTreeMap::from([("nl".to_string(), 1), ("en".to_string(), 2)]);
        let found = |lang| in_language(&map, lang, "nl").map(|f| (*f.value, f.lang, f.fell_back));
        assert_eq!(found("en"), Some((2, "en", false)));
        assert_eq!(found("de"), Some((1, "nl", true)));
        let only_en = BTreeMap::from([("en".to_string(), 2)]);
        assert!(in_language(&only_en, "de", "nl").is_none());
    }

    #[test]
    fn a_leap_day_review_falls_on_the_28th() {
        assert_eq!(add_years(date!(2020 - 02 - 29), 1), date!(2021 - 02 - 28));
        assert_eq!(add_years(date!(2020 - 02 - 29), 4), date!(2024 - 02 - 29));
    }
}
