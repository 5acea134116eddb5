//! Every finding about a site, in Dutch and English side by side. To add
//! one: a variant of [`Message`] with a doc comment, and its arm in
//! [`Message::texts`] with its rule and both wordings; then a sample of it
//! in the test (`tests.rs`), which fails until there is one.
//!
//! The Dutch is written for communications staff (B1, addressing the
//! reader as "u", as the default theme does); keys, values and file names
//! stay as they are written in the files, between backticks.

use super::{Rule, Texts, Wording, commas, listed, only, said};

/// What a TOML file or table is called in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    SiteFile,
    OrganisationFile,
    SchoolFile,
    DocumentFile,
    VersionFile,
    RelationshipFile,
    MarkdownTable,
    TransparencyTable,
    AccessibilityTable,
    RightsTable,
    DpoTable,
    Agreement,
    StatementReference,
    /// A structured `location`.
    Location,
    /// A relationship's `dpia`.
    Dpia,
    /// A relationship's `bijsluiter`.
    Bijsluiter,
    ChangeTable,
}

impl Part {
    fn en(self) -> &'static str {
        match self {
            Part::SiteFile => "site.toml",
            Part::OrganisationFile => "an organisation file",
            Part::SchoolFile => "a school file",
            Part::DocumentFile => "document.toml",
            Part::VersionFile => "version.toml",
            Part::RelationshipFile => "a relationship file",
            Part::MarkdownTable => "the [markdown] table",
            Part::TransparencyTable => "the [transparency] table",
            Part::AccessibilityTable => "the [accessibility] table",
            Part::RightsTable => "the [rights] table",
            Part::DpoTable => "the [dpo] table",
            Part::Agreement => "the agreement",
            Part::Location => "the location",
            Part::Dpia => "the DPIA",
            Part::Bijsluiter => "the privacybijsluiter",
            Part::StatementReference => "the statement reference",
            Part::ChangeTable => "a [[change]] table",
        }
    }

    fn nl(self) -> &'static str {
        match self {
            Part::SiteFile => "site.toml",
            Part::OrganisationFile => "een organisatiebestand",
            Part::SchoolFile => "een schoolbestand",
            Part::DocumentFile => "document.toml",
            Part::VersionFile => "version.toml",
            Part::RelationshipFile => "een relatiebestand",
            Part::MarkdownTable => "het onderdeel [markdown]",
            Part::TransparencyTable => "het onderdeel [transparency]",
            Part::AccessibilityTable => "het onderdeel [accessibility]",
            Part::RightsTable => "het onderdeel [rights]",
            Part::DpoTable => "het onderdeel [dpo]",
            Part::Agreement => "de verwerkersovereenkomst (`agreement`)",
            Part::Location => "de plaats van verwerking (`location`)",
            Part::Dpia => "de DPIA (`dpia`)",
            Part::Bijsluiter => "de privacybijsluiter (`bijsluiter`)",
            Part::StatementReference => "de verwijzing naar de privacyverklaring (`statement`)",
            Part::ChangeTable => "een [[change]]-tabel",
        }
    }
}

/// A kind of item that a slug names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Organisation,
    School,
    Document,
    Page,
    Relationship,
}

impl Noun {
    fn en(self) -> &'static str {
        match self {
            Noun::Organisation => "organisation",
            Noun::School => "school",
            Noun::Document => "document",
            Noun::Page => "page",
            Noun::Relationship => "relationship",
        }
    }

    /// With its article, as it follows a verb: "de school", "het document".
    fn nl_the(self) -> &'static str {
        match self {
            Noun::Organisation => "de organisatie",
            Noun::School => "de school",
            Noun::Document => "het document",
            Noun::Page => "de pagina",
            Noun::Relationship => "de relatie",
        }
    }

    /// The pronoun that refers back to it: "die", "dat".
    fn nl_that(self) -> &'static str {
        match self {
            Noun::Document => "dat",
            _ => "die",
        }
    }

    fn nl(self) -> &'static str {
        match self {
            Noun::Organisation => "organisatie",
            Noun::School => "school",
            Noun::Document => "document",
            Noun::Page => "pagina",
            Noun::Relationship => "relatie",
        }
    }

    fn nl_plural(self) -> &'static str {
        match self {
            Noun::Organisation => "organisaties",
            Noun::School => "scholen",
            Noun::Document => "documenten",
            Noun::Page => "pagina's",
            Noun::Relationship => "relaties",
        }
    }
}

/// A key whose value is one of a few words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A document's `kind`.
    DocumentKind,
    /// A relationship's `kind`.
    RelationshipKind,
    /// `[accessibility] method`.
    EvaluationMethod,
    /// `[accessibility] status`.
    ComplianceStatus,
    /// A location's `transfer`.
    Transfer,
    /// One of a relationship's `special_categories`.
    SpecialCategory,
}

impl Choice {
    /// The key.
    pub fn key(self) -> &'static str {
        match self {
            Choice::DocumentKind | Choice::RelationshipKind => "kind",
            Choice::EvaluationMethod => "method",
            Choice::ComplianceStatus => "status",
            Choice::Transfer => "transfer",
            Choice::SpecialCategory => "special_categories",
        }
    }

    /// The values it allows. (`const` so that the register's columns can
    /// name them without a second list.)
    pub const fn values(self) -> &'static [&'static str] {
        match self {
            Choice::DocumentKind => &["statement", "regulation", "cookies", "other"],
            Choice::RelationshipKind => &["processor", "recipient", "joint-controller"],
            Choice::EvaluationMethod => &["self", "audit"],
            Choice::ComplianceStatus => &["compliant", "partially-compliant", "non-compliant"],
            Choice::Transfer => &["adequacy", "scc", "bcr", "derogation"],
            Choice::SpecialCategory => &[
                "health",
                "ethnicity",
                "religion",
                "political",
                "trade-union",
                "genetic",
                "biometric",
                "sex-life",
                "criminal",
                "national-id",
            ],
        }
    }

    /// What the values mean: Dutch, English.
    fn hint(self) -> (&'static str, &'static str) {
        match self {
            Choice::DocumentKind => (
                "een privacyverklaring is een \"statement\", een privacyreglement een \"regulation\"",
                "a privacyverklaring is a \"statement\", a privacyreglement a \"regulation\"",
            ),
            Choice::RelationshipKind => (
                "een verwerker (\"processor\") werkt namens het bestuur; een ontvanger (\"recipient\") zoals DUO krijgt gegevens voor een eigen taak",
                "a processor (verwerker) works on the board's behalf; a recipient (ontvanger) such as DUO receives data for its own tasks",
            ),
            Choice::EvaluationMethod => (
                "\"self\": u heeft de site zelf beoordeeld; \"audit\": een onafhankelijke partij deed dat",
                "\"self\": you assessed the site yourselves; \"audit\": an independent party did",
            ),
            Choice::ComplianceStatus => (
                "zeg in hoeverre de site voldoet aan WCAG 2.2 niveau AA",
                "say how far the site meets WCAG 2.2 level AA",
            ),
            Choice::Transfer => (
                "de grondslag van doorgifte buiten de EER (AVG hoofdstuk V): een adequaatheidsbesluit (\"adequacy\"), modelcontractbepalingen (\"scc\"), bindende bedrijfsvoorschriften (\"bcr\") of een uitzondering van art. 49 (\"derogation\")",
                "the basis of a transfer outside the EEA (GDPR chapter V): an adequacy decision (\"adequacy\"), standard contractual clauses (\"scc\"), binding corporate rules (\"bcr\") or a derogation of art. 49 (\"derogation\")",
            ),
            Choice::SpecialCategory => (
                "de bijzondere persoonsgegevens van AVG art. 9 en 10 en het BSN of onderwijsnummer (\"national-id\")",
                "the special categories of GDPR art. 9 and 10, and the BSN or onderwijsnummer (\"national-id\")",
            ),
        }
    }
}

/// The kind of value a key needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    QuotedText,
    TrueOrFalse,
    WholeNumber,
    Date,
    Table,
    List,
    ListOfTexts,
    Text,
}

impl Expected {
    fn en(self) -> &'static str {
        match self {
            Expected::QuotedText => "text between double quotes",
            Expected::TrueOrFalse => "true or false",
            Expected::WholeNumber => "a whole number",
            Expected::Date => "a date",
            Expected::Table => "a table",
            Expected::List => "a list",
            Expected::ListOfTexts => "a list of texts",
            Expected::Text => "a text",
        }
    }

    fn nl(self) -> &'static str {
        match self {
            Expected::QuotedText => "tekst tussen dubbele aanhalingstekens",
            Expected::TrueOrFalse => "true of false",
            Expected::WholeNumber => "een heel getal",
            Expected::Date => "een datum",
            Expected::Table => "een tabel",
            Expected::List => "een lijst",
            Expected::ListOfTexts => "een lijst van teksten",
            Expected::Text => "een tekst",
        }
    }
}

/// The kind of value a key was given, as TOML names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found(pub String);

impl Found {
    fn en(&self) -> String {
        match self.0.as_str() {
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

    /// As it follows "geen": "getal", "lijst".
    fn nl(&self) -> String {
        match self.0.as_str() {
            "integer" => "getal".into(),
            "float" => "kommagetal".into(),
            "boolean" => "true/false".into(),
            "datetime" => "datum".into(),
            "array" => "lijst".into(),
            "table" => "tabel".into(),
            "string" => "tekst".into(),
            other => other.into(),
        }
    }
}

/// What is wrong in a TOML file that does not parse, as far as the first
/// mistake tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxKind {
    /// A list (`[`) that is not closed with `]`.
    UnclosedList,
    /// A table name (`[dpo`) without its `]`.
    UnclosedTableName,
    /// An inline table (`{`) that is not closed with `}`.
    UnclosedInlineTable,
    /// Text without its closing `"`.
    UnclosedQuote,
    /// Text without quotes.
    Unquoted,
    /// A key without `=`.
    NoEquals,
    /// A key written twice.
    DuplicateKey(String),
    /// A date that does not exist.
    BadDate,
    /// Anything else.
    Other,
}

/// Which folder a build lock is taken on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockedFolder {
    Site,
    Output,
}

/// What makes a folder unfit to keep the build locks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockFolderFault {
    /// A symbolic link, wherever it leads.
    Link,
    /// Something other than a folder.
    NotAFolder,
    /// Someone else's folder.
    Owner { owner: u32, me: u32 },
    /// A folder that the group or others may write into (`mode`).
    Writable { mode: u32 },
}

/// Who holds a build lock, as its lock file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: String,
    pub command: String,
    /// `2026-12-04 08:30:12 UTC`.
    pub started: String,
}

/// Why a version marked not material may be material after all, found in
/// the relationship `relationship` that started on `since`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A party the owner did not share data with before.
    NewParty {
        /// `processor`, `recipient` or `joint-controller`.
        kind: &'static str,
        name: String,
        relationship: String,
        since: String,
    },
    NewPurpose {
        purpose: String,
        relationship: String,
        since: String,
    },
    NewCategory {
        category: String,
        relationship: String,
        since: String,
    },
    NewSubProcessor {
        slug: String,
        relationship: String,
        since: String,
    },
    /// Processing in a place that may be outside the EU/EEA.
    OutsideEea {
        place: String,
        relationship: String,
        since: String,
    },
}

impl Reason {
    fn en(&self) -> String {
        let from = |r: &str, s: &str| format!("relationship \"{r}\", since {s}");
        match self {
            Reason::NewParty {
                kind,
                name,
                relationship,
                since,
            } => format!(
                "a new {} {name} ({})",
                kind.replace('-', " "),
                from(relationship, since)
            ),
            Reason::NewPurpose {
                purpose,
                relationship,
                since,
            } => format!(
                "a new purpose \"{purpose}\" ({})",
                from(relationship, since)
            ),
            Reason::NewCategory {
                category,
                relationship,
                since,
            } => format!(
                "a new data category \"{category}\" ({})",
                from(relationship, since)
            ),
            Reason::NewSubProcessor {
                slug,
                relationship,
                since,
            } => format!(
                "a new sub-processor \"{slug}\" ({})",
                from(relationship, since)
            ),
            Reason::OutsideEea {
                place,
                relationship,
                since,
            } => format!(
                "processing in \"{place}\", which may be outside the EU/EEA ({})",
                from(relationship, since)
            ),
        }
    }

    fn nl(&self) -> String {
        let from = |r: &str, s: &str| format!("relatie \"{r}\", sinds {s}");
        match self {
            Reason::NewParty {
                kind,
                name,
                relationship,
                since,
            } => {
                let kind = match *kind {
                    "processor" => "nieuwe verwerker",
                    "recipient" => "nieuwe ontvanger",
                    _ => "nieuwe gezamenlijke verwerkingsverantwoordelijke",
                };
                format!("een {kind} {name} ({})", from(relationship, since))
            }
            Reason::NewPurpose {
                purpose,
                relationship,
                since,
            } => format!(
                "een nieuw doel \"{purpose}\" ({})",
                from(relationship, since)
            ),
            Reason::NewCategory {
                category,
                relationship,
                since,
            } => format!(
                "een nieuwe soort gegevens \"{category}\" ({})",
                from(relationship, since)
            ),
            Reason::NewSubProcessor {
                slug,
                relationship,
                since,
            } => format!(
                "een nieuwe subverwerker \"{slug}\" ({})",
                from(relationship, since)
            ),
            Reason::OutsideEea {
                place,
                relationship,
                since,
            } => format!(
                "verwerking in \"{place}\", mogelijk buiten de EU/EER ({})",
                from(relationship, since)
            ),
        }
    }
}

/// The hint about the encoding of text files, which two messages share.
const DANGEROUS_EN: &str = "javascript:, vbscript:, data: and file: URLs are not allowed; link to an https: page or a file in the site instead";
const DANGEROUS_NL: &str = "adressen met javascript:, vbscript:, data: of file: zijn niet toegestaan; link naar een https:-pagina of naar een bestand in de site";

/// Declares the findings, and (for the test) the name of every variant.
macro_rules! messages {
    ($( $(#[doc = $doc:literal])+ $name:ident $({ $($field:ident : $ty:ty),* $(,)? })? ),+ $(,)?) => {
        /// A finding about a site, with what it needs to be worded.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Message {
            $( $(#[doc = $doc])+ $name $({ $($field: $ty),* })?, )+
        }

        /// The name of every variant, in order.
        #[cfg(test)]
        pub(super) const VARIANTS: &[&str] = &[$(stringify!($name)),+];
    };
}

messages! {
    // ---------------------------------------------------- reading files
    /// A file that cannot be read.
    CannotReadFile { error: String },
    /// A folder that cannot be listed.
    CannotReadFolder { error: String },
    /// A file over the size limit, in MiB.
    FileTooLarge { mib: String },
    /// A file that is not UTF-8.
    NotUtf8,
    /// A file name that is not Unicode.
    NameNotUnicode,
    /// A symbolic link to `target`, outside the site.
    LinkOutside { target: String },
    /// A symbolic link to nothing.
    LinkBroken,

    // ---------------------------------------------------- TOML
    /// A TOML file with nothing in it.
    EmptyFile,
    /// A TOML file that does not parse; `detail` is the parser's English.
    Syntax { kind: SyntaxKind, detail: String },
    /// A required key that is not there; `example` is a value to copy.
    MissingKey { part: Part, key: String, example: String },
    /// A key nobody asked for. `suggestion` is the nearest known key;
    /// `english` says that `key` is the Dutch word for it.
    UnknownKey { key: String, part: Part, suggestion: Option<String>, english: bool, takes: Vec<String> },

    // ---------------------------------------------------- values
    /// A value of the wrong kind.
    WrongType { key: String, expected: Expected, found: Found, example: String },
    /// An empty value of a key with an example.
    EmptyValue { key: String, example: String },
    /// An empty text.
    EmptyText { key: String },
    /// `true` or `false` between quotes.
    QuotedBoolean { key: String },
    /// A number out of its range.
    OutOfRange { key: String, min: u32, max: u32 },
    /// A time where a date goes.
    TimeNotDate { key: String },
    /// A date with a time.
    DateWithTime { key: String, date: String },
    /// A date that does not exist.
    ImpossibleDate { key: String, date: String },
    /// A date between quotes (`text`); `looks_like_date`: written like one.
    QuotedDate { key: String, text: String, looks_like_date: bool },
    /// A value that must be a slug.
    NotASlug { key: String, value: String, suggestion: String },
    /// A slug of an item that does not exist; `add` is the file to add.
    UnknownReference { key: String, noun: Noun, slug: String, suggestion: Option<String>, add: String },
    /// A version a relationship's statement names, which its document
    /// does not have.
    UnknownStatementVersion { version: String, document: String, known: Vec<String> },
    /// A text for a language that site.toml does not list.
    TextLanguageNotListed { key: String, lang: String, languages: Vec<String> },
    /// One language's text of a table is empty.
    EmptyLanguageText { key: String, lang: String },
    /// A text without the default language.
    NoDefaultLanguageText { key: String, default: String },
    /// Not an e-mail address.
    InvalidEmail { key: String, value: String },
    /// Not a web address.
    InvalidUrl { key: String, value: String },
    /// Not a version number.
    InvalidVersionNumber { value: String },
    /// A value that is not one of those `of` allows; `suggestion` is the
    /// one meant, `english` says that `value` is the Dutch word for it.
    NotOneOf { of: Choice, value: String, suggestion: Option<String>, english: bool },
    /// An unknown legal basis.
    NotALegalBasis { value: String, suggestion: Option<String>, english: bool, bases: Vec<String> },
    /// `schools` that is neither "all" nor a list.
    BadSchools,
    /// `purposes = []`.
    EmptyPurposes,
    /// `statement` with `url` and `version`.
    VersionWithUrl,
    /// `statement` with both `document` and `url`.
    StatementBoth,
    /// `statement` with neither.
    StatementNeither,
    /// `until` before `since`.
    UntilBeforeSince,
    /// A `[[change]]` whose `from` is not after `since` or the change before.
    ChangeNotAfter { from: String, before: String },
    /// A `[[change]]` whose `from` is after the relationship's `until`.
    ChangeAfterUntil { from: String, until: String },
    /// A `[[change]]` that changes nothing.
    EmptyChange,
    /// A `[[change]]` announced after it takes effect.
    AnnouncedAfterFrom,
    /// A country code that ISO 3166-1 does not assign; `suggestion` is the
    /// code meant.
    UnknownCountry { value: String, suggestion: Option<String> },
    /// `location = { countries = [] }`.
    NoCountries,
    /// A relationship's `location` as free text.
    FreeTextLocation,
    /// A location outside the EEA without `transfer`; `countries` are the
    /// names of the countries outside it.
    TransferWithoutBasis { countries: Vec<String> },
    /// `outside_eea` beside a location that names its countries.
    OutsideEeaWithCountries,
    /// An organisation's `location` that does not name countries.
    LocationNotCountries,
    /// A KvK number that is not 8 digits.
    BadKvk { value: String },
    /// A BRIN code that is not one.
    BadBrin { value: String },
    /// A `[dpo]` without name or e-mail.
    EmptyDpo,
    /// `languages` that is not a list of codes.
    LanguagesNotList,
    /// Not a language code.
    NotALanguageCode { code: String },
    /// A language listed twice.
    LanguageTwice { code: String },
    /// A `base_url` that is not a full web address.
    BadBaseUrl { value: String },
    /// An `origin` with spaces, `+` or a scheme.
    BadOrigin,
    /// A `public_key` other than its one path.
    BadPublicKey { path: String },
    /// A `timestamp_authorities` entry that is not a list of URLs, each
    /// with its own host (and port).
    BadTsaUrl { value: String },
    /// A timestamp authority without its certificates in `transparency/tsa/`.
    TsaWithoutCertificates { url: String, file: String, why: String },
    /// A partially compliant site without known issues.
    NoKnownIssues,
    /// An `allow` entry that is no rule; `suggestion` is the nearest.
    UnknownRuleName { value: String, suggestion: Option<String> },
    /// An `allow` entry naming a rule that cannot be acknowledged.
    CannotAllow { rule: Rule },

    // ---------------------------------------------------- folders
    /// No content/ folder in `root`.
    NoContentFolder { root: String },
    /// No content/site.toml.
    NoSiteToml,
    /// A version folder without version.toml.
    NoVersionToml,
    /// A document folder without document.toml.
    NoDocumentToml,
    /// A document without versions.
    NoVersions,
    /// A version or page without its default-language text.
    NoDefaultBody { noun: Noun, default: String },
    /// A file in a version or page folder that is not `<lang>.md`.
    IgnoredInVersion { name: String },
    /// A file in a document folder that is not a version folder.
    IgnoredInDocument { name: String },
    /// A folder where files go; `hint` says what the folder holds.
    IgnoredFolder { hint: bool },
    /// A file in a folder of `<slug>.toml` files that is not one.
    NotToml { name: String },
    /// A file where one folder per `noun` goes.
    NotAFolder { name: String, noun: Noun },
    /// An entry of content/ that is not part of a site.
    Stranger { name: String },
    /// A file or folder name that is not a slug; `suggestion` is one.
    BadName { name: String, folder: bool, suggestion: String },
    /// A school or relationship whose slug is a fixed segment of the
    /// site's URLs (`register`, `changes` …), so its page would take the
    /// place of another.
    ReservedSlug { slug: String, noun: Noun },
    /// A folder name that is not a version number.
    BadVersionFolder { name: String },
    /// `<name>.md` in a language site.toml does not list.
    BodyLanguageNotListed { name: String, lang: String, languages: Vec<String> },
    /// A Markdown file with nothing in it; `default`: in the default
    /// language, which the others fall back to (so deleting it is no way
    /// out).
    EmptyBody { default: bool },

    // ---------------------------------------------------- versions
    /// `effective` before `published`.
    EffectiveBeforePublished,
    /// `approved_on` after `published`.
    ApprovedAfterPublished,
    /// Two versions with one effective date.
    SameEffectiveDate { first: String, second: String },
    /// A later version number that takes effect earlier.
    EffectiveOutOfOrder { later: String, earlier: String },
    /// A published version after the first without a summary.
    NoSummary { version: String },
    /// A draft after the first without a summary yet.
    EmptySummary { version: String },
    /// A privacy statement's version readers meet now or next without a
    /// summary in plain words (`short`).
    NoShort { document: String, version: String },
    /// `late_entry` on the newest version of a document.
    LateEntryOnNewest { version: String },
    /// A material change with too little notice; `move_to` is the
    /// earliest effective date that would do.
    ShortNotice { version: String, days: i64, needed: i64, move_to: String },
    /// A new sub-processor, purpose or transfer of a relationship that
    /// takes effect with less notice than `material_notice_days`.
    RelationshipShortNotice { relationship: String, from: String, days: i64, needed: i64 },
    /// A version marked not material that may be.
    MaybeMaterial { version: String, document: String, reasons: Vec<Reason> },
    /// A version with the same text as the one before it.
    UnchangedText { version: String, previous: String },
    /// A school of another board in a relationship.
    SchoolOfOtherBoard { school: String, board: String, controller: String },

    // ---------------------------------------------------- Markdown
    /// A dangerous URL in raw HTML.
    DangerousHtmlUrl { attr: String, url: String },
    /// A link or image to a dangerous URL.
    DangerousUrl { image: bool, url: String },
    /// An image without alt text.
    ImageWithoutAlt,
    /// A link without text.
    LinkWithoutText,
    /// A link text that says nothing.
    VagueLinkText { text: String },
    /// A link whose text is its address.
    BareUrl { url: String },
    /// "klik hier" without a link.
    ClickHereWithoutLink { phrase: String },
    /// An HTML tag in Markdown, shown to readers as text.
    RawHtml { tag: String },
    /// A `#` heading in a version's text.
    TitleInVersion,
    /// A second `#` heading in a page.
    SecondTitle,
    /// A page without a `#` heading.
    PageWithoutTitle,
    /// A heading that skips a level.
    HeadingSkipped { level: u8, previous: u8 },

    // ---------------------------------------------------- check's lint
    /// A review that is overdue.
    ReviewOverdue { document: String, due: String, version: String, effective: String, years: u32 },
    /// A review due within 90 days.
    ReviewDueSoon { document: String, due: String },
    /// A version without texts in some languages.
    VersionNotTranslated { version: String, document: String, missing: Vec<String>, default: String },
    /// A page without texts in some languages.
    PageNotTranslated { page: String, missing: Vec<String> },
    /// A text table without some languages.
    TextNotTranslated { key: String, missing: Vec<String> },
    /// A processor relationship without an agreement.
    NoAgreement { relationship: String },
    /// A processor relationship without a location.
    NoLocation { relationship: String },
    /// A relationship without data categories.
    NoDataCategories { relationship: String },
    /// A relationship without data subjects.
    NoDataSubjects { relationship: String },
    /// A relationship without a retention period.
    NoRetention { relationship: String },
    /// A heading with nothing under it.
    EmptySection { heading: String },
    /// A board without a DPO.
    NoDpo { organisation: String },
    /// No `[accessibility]`.
    NoAccessibility,
    /// A school board relying on legitimate interests.
    PublicBodyLegitimateInterests { relationship: String, controller: String },
    /// A placeholder left in; `key` is the TOML key it is in (none in a
    /// text), `draft` whether it is in a draft, `publishing` whether it
    /// stops the command.
    Placeholder { text: String, key: Option<String>, draft: bool, publishing: bool },

    // ---------------------------------------------------- commands
    /// A site without a transparency log.
    NoTransparencyLog,
    /// site.toml has no `[transparency]`; `host` is the site's host.
    NoLogName { host: String },
    /// An output folder that holds the site.
    OutputHoldsSite { out: String },
    /// An output folder inside content/, themes/ or transparency/.
    OutputInsideSources { out: String, folder: String },
    /// An output folder that is a site folder.
    OutputIsASite { out: String },
    /// `new` would overwrite a file.
    FileExists,
    /// `new` with a slug that is not one.
    NewSlug { slug: String, noun: Noun, suggestion: String },
    /// No site where `new` needs one.
    NoSiteHere { root: String },
    /// site.toml cannot be read.
    SiteTomlUnreadable,
    /// `new version` of a document that does not exist.
    NoSuchDocument { document: String },
    /// The preview cannot open the site folder.
    CannotOpenSite { site: String, error: String },
    /// The preview's site has no content/ folder.
    NoContentToServe { root: String },
    /// The preview is reachable from the network.
    BindsToNetwork { bind: String },
    /// The preview cannot listen.
    CannotListen { address: String, error: String },
    /// The preview cannot read its address.
    CannotReadAddress { error: String },
    /// The preview cannot watch the site.
    CannotWatch { root: String, error: String },
    /// Watching stopped.
    WatchingStopped,
    /// The preview's server stopped.
    ServerStopped { error: String },
    /// The preview's server thread did not start.
    CannotStartServer { error: String },
    /// Another policypress holds the lock on `folder`, in the lock file
    /// `lock`; `holder` when its lock file says who.
    LockHeld { kind: LockedFolder, folder: String, holder: Option<Holder>, lock: String },
    /// The folder the build locks would be kept in is not fit for them.
    UnsafeLockFolder { folder: String, fault: LockFolderFault },
    /// A symbolic link where a lock file should be.
    LockFileIsALink { lock: String },
}

impl Message {
    /// The rule and both wordings.
    pub fn texts(&self) -> Texts {
        use Message::*;
        let (rule, nl, en) = match self {
            // ------------------------------------------------ reading files
            CannotReadFile { error } => (
                Rule::UnreadableFile,
                only(format!("dit bestand kan niet worden gelezen: {error}")),
                only(format!("could not read this file: {error}")),
            ),
            CannotReadFolder { error } => (
                Rule::UnreadableFile,
                only(format!("deze map kan niet worden gelezen: {error}")),
                only(format!("could not read this folder: {error}")),
            ),
            FileTooLarge { mib } => (
                Rule::UnreadableFile,
                said(
                    format!(
                        "dit bestand is {mib} MiB; een inhoudsbestand mag hoogstens 5 MiB zijn"
                    ),
                    "deel de tekst op, of kijk of hier het goede bestand is bewaard",
                ),
                said(
                    format!("this file is {mib} MiB; a content file may be at most 5 MiB"),
                    "split the text, or check that the right file was saved here",
                ),
            ),
            NotUtf8 => (
                Rule::UnreadableFile,
                said(
                    "dit bestand is geen geldige UTF-8-tekst",
                    "bewaar het bestand met de codering UTF-8 (in de meeste editors: “Opslaan als…”, kies dan UTF-8)",
                ),
                said(
                    "this file is not valid UTF-8 text",
                    "save the file with the encoding UTF-8 (in most editors: “Save as…”, then choose UTF-8)",
                ),
            ),
            NameNotUnicode => (
                Rule::UnreadableFile,
                said(
                    "deze bestandsnaam is geen geldige Unicode",
                    "geef het bestand een naam met letters, cijfers en streepjes",
                ),
                said(
                    "this file name is not valid Unicode",
                    "rename the file using letters, digits and hyphens",
                ),
            ),
            LinkOutside { target } => (
                Rule::LinkOutsideSite,
                said(
                    format!(
                        "dit is een koppeling naar {target}, en dat staat buiten de map van de site"
                    ),
                    "kopieer het bestand naar de map van de site in plaats van ernaar te koppelen",
                ),
                said(
                    format!("this is a link to {target}, which is outside the site folder"),
                    "copy the file into the site folder instead of linking to it",
                ),
            ),
            LinkBroken => (
                Rule::LinkOutsideSite,
                said(
                    "deze koppeling wijst naar een bestand dat niet bestaat",
                    "haal de koppeling weg of laat haar wijzen naar een bestand in de map van de site",
                ),
                said(
                    "this link points to a file that does not exist",
                    "remove the link or make it point to a file in the site folder",
                ),
            ),

            // ------------------------------------------------ TOML
            EmptyFile => (
                Rule::EmptyFile,
                said(
                    "dit bestand is leeg",
                    "vul de verplichte velden in; `policypress new` maakt een beginbestand voor u",
                ),
                said(
                    "this file is empty",
                    "fill in the required keys; `policypress new` writes a starting point",
                ),
            ),
            Syntax { kind, detail } => (Rule::TomlSyntax, syntax_nl(kind), syntax_en(kind, detail)),
            MissingKey { part, key, example } => (
                Rule::MissingKey,
                said(
                    format!("in {} ontbreekt het verplichte veld `{key}`", part.nl()),
                    format!("voeg een regel toe zoals: {key} = {example}"),
                ),
                said(
                    format!("{} is missing the required key `{key}`", part.en()),
                    format!("add a line like: {key} = {example}"),
                ),
            ),
            UnknownKey {
                key,
                part,
                suggestion,
                english,
                takes,
            } => {
                let takes_en = commas(&takes.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>());
                let (nl_hint, en_hint) = match (suggestion, english) {
                    (Some(s), true) => (
                        format!("schrijf `{s}`: de namen van velden zijn Engels"),
                        format!("write `{s}`: keys are English words"),
                    ),
                    (Some(s), false) => (
                        format!("bedoelt u `{s}`? Haal anders deze regel weg"),
                        format!("did you mean `{s}`? Otherwise remove this line"),
                    ),
                    (None, _) => (
                        format!("haal deze regel weg; {} kent: {takes_en}", part.nl()),
                        format!("remove this line; {} takes: {takes_en}", part.en()),
                    ),
                };
                (
                    Rule::UnknownKey,
                    said(format!("onbekend veld `{key}` in {}", part.nl()), nl_hint),
                    said(format!("unknown key `{key}` in {}", part.en()), en_hint),
                )
            }

            // ------------------------------------------------ values
            WrongType {
                key,
                expected,
                found,
                example,
            } => (
                Rule::WrongType,
                said(
                    format!("`{key}` moet {} zijn, geen {}", expected.nl(), found.nl()),
                    format!("schrijf het zo: {key} = {example}"),
                ),
                said(
                    format!("`{key}` must be {}, not {}", expected.en(), found.en()),
                    format!("write it like: {key} = {example}"),
                ),
            ),
            EmptyValue { key, example } => (
                Rule::EmptyValue,
                said(
                    format!("`{key}` is leeg"),
                    format!("schrijf het zo: {key} = {example}"),
                ),
                said(
                    format!("`{key}` is empty"),
                    format!("write it like: {key} = {example}"),
                ),
            ),
            EmptyText { key } => (
                Rule::EmptyValue,
                said(
                    format!("`{key}` is leeg"),
                    "schrijf de tekst, of haal de regel weg als het veld niet verplicht is",
                ),
                said(
                    format!("`{key}` is empty"),
                    "write the text, or remove the line if it is optional",
                ),
            ),
            QuotedBoolean { key } => (
                Rule::WrongType,
                said(
                    format!("`{key}` moet true of false zijn, zonder aanhalingstekens"),
                    format!("schrijf het zo: {key} = true"),
                ),
                said(
                    format!("`{key}` must be true or false, without quotes"),
                    format!("write it like: {key} = true"),
                ),
            ),
            OutOfRange { key, min, max } => (
                Rule::OutOfRange,
                said(
                    format!("`{key}` moet een heel getal van {min} tot en met {max} zijn"),
                    format!("schrijf het zo: {key} = {min}"),
                ),
                said(
                    format!("`{key}` must be a whole number from {min} to {max}"),
                    format!("write it like: {key} = {min}"),
                ),
            ),
            TimeNotDate { key } => (
                Rule::DateFormat,
                said(
                    format!("`{key}` moet een datum zijn, geen tijd"),
                    format!("schrijf het zo: {key} = 2019-04-01"),
                ),
                said(
                    format!("`{key}` must be a date, not a time"),
                    format!("write it like: {key} = 2019-04-01"),
                ),
            ),
            DateWithTime { key, date } => (
                Rule::DateFormat,
                said(
                    format!("`{key}` moet een datum zonder tijd zijn"),
                    format!("schrijf alleen de datum: {key} = {date}"),
                ),
                said(
                    format!("`{key}` must be a date without a time"),
                    format!("write only the date: {key} = {date}"),
                ),
            ),
            ImpossibleDate { key, date } => (
                Rule::ImpossibleDate,
                said(
                    format!("`{key}` is geen datum die bestaat: {date}"),
                    "kijk de dag en de maand na (geschreven als jaar-maand-dag)",
                ),
                said(
                    format!("`{key}` is not a date that exists: {date}"),
                    "check the day and the month (written as year-month-day)",
                ),
            ),
            QuotedDate {
                key,
                text,
                looks_like_date,
            } => {
                let (nl_hint, en_hint) = if *looks_like_date {
                    (
                        format!("schrijf de datum zonder aanhalingstekens: {key} = {text}"),
                        format!("write the date without quotes: {key} = {text}"),
                    )
                } else {
                    (
                        format!(
                            "schrijf de datum als jaar-maand-dag, zonder aanhalingstekens: {key} = 2019-04-01"
                        ),
                        format!(
                            "write the date as year-month-day, without quotes: {key} = 2019-04-01"
                        ),
                    )
                };
                (
                    Rule::QuotedDate,
                    said(format!("`{key}` moet een datum zijn, geen tekst"), nl_hint),
                    said(format!("`{key}` must be a date, not text"), en_hint),
                )
            }
            NotASlug {
                key,
                value,
                suggestion,
            } => (
                Rule::InvalidSlug,
                said(
                    format!(
                        "`{key}` moet een slug zijn (kleine letters, cijfers en streepjes), niet \"{value}\""
                    ),
                    format!("gebruik de bestandsnaam zonder .toml, bijvoorbeeld \"{suggestion}\""),
                ),
                said(
                    format!(
                        "`{key}` must be a slug (lowercase letters, digits and hyphens), not \"{value}\""
                    ),
                    format!("use the file name without .toml, e.g. \"{suggestion}\""),
                ),
            ),
            UnknownReference {
                key,
                noun,
                slug,
                suggestion,
                add,
            } => {
                let (nl_hint, en_hint) = match suggestion {
                    Some(s) => (
                        format!("bedoelt u \"{s}\"? Maak anders {add} aan"),
                        format!("did you mean \"{s}\"? Otherwise add {add}"),
                    ),
                    None => (
                        format!("maak {add} aan, of verbeter de slug"),
                        format!("add {add}, or correct the slug"),
                    ),
                };
                (
                    Rule::UnknownReference,
                    said(
                        format!(
                            "`{key}` noemt {} \"{slug}\", maar {} bestaat niet",
                            noun.nl_the(),
                            noun.nl_that()
                        ),
                        nl_hint,
                    ),
                    said(
                        format!(
                            "`{key}` names the {} \"{slug}\", which does not exist",
                            noun.en()
                        ),
                        en_hint,
                    ),
                )
            }
            UnknownStatementVersion {
                version,
                document,
                known,
            } => (
                Rule::UnknownReference,
                said(
                    format!(
                        "`statement.version` noemt versie {version} van \"{document}\", maar die bestaat niet"
                    ),
                    format!("de versies zijn: {}", commas(known)),
                ),
                said(
                    format!(
                        "`statement.version` names version {version} of \"{document}\", which does not exist"
                    ),
                    format!("its versions are: {}", commas(known)),
                ),
            ),
            TextLanguageNotListed {
                key,
                lang,
                languages,
            } => (
                Rule::UnknownLanguage,
                said(
                    format!(
                        "`{key}` heeft een tekst in de taal `{lang}`, maar die staat niet in site.toml"
                    ),
                    format!(
                        "de talen van de site zijn: {}; zet `{lang}` bij `languages` in content/site.toml, of haal deze tekst weg",
                        commas(languages)
                    ),
                ),
                said(
                    format!(
                        "`{key}` has a text for the language `{lang}`, which site.toml does not list"
                    ),
                    format!(
                        "the site's languages are: {}; add `{lang}` to `languages` in content/site.toml, or remove this text",
                        commas(languages)
                    ),
                ),
            ),
            EmptyLanguageText { key, lang } => (
                Rule::EmptyValue,
                said(
                    format!("de `{lang}`-tekst van `{key}` is leeg"),
                    "schrijf de tekst, of haal deze taal weg; dan ziet de lezer de standaardtaal",
                ),
                said(
                    format!("the `{lang}` text of `{key}` is empty"),
                    "write the text, or remove this language so the default language is shown",
                ),
            ),
            NoDefaultLanguageText { key, default } => (
                Rule::MissingDefaultLanguage,
                said(
                    format!("`{key}` heeft geen tekst in de standaardtaal `{default}`"),
                    format!(
                        "voeg {default} = \"…\" toe; de standaardtaal is de eerste bij `languages` in content/site.toml"
                    ),
                ),
                said(
                    format!("`{key}` has no text in the default language `{default}`"),
                    format!(
                        "add {default} = \"…\"; the default language is the first in `languages` in content/site.toml"
                    ),
                ),
            ),
            InvalidEmail { key, value } => (
                Rule::InvalidEmail,
                said(
                    format!("\"{value}\" is geen e-mailadres"),
                    format!("schrijf het zo: {key} = \"privacy@example.nl\""),
                ),
                said(
                    format!("\"{value}\" is not an e-mail address"),
                    format!("write it like: {key} = \"privacy@example.nl\""),
                ),
            ),
            InvalidUrl { key, value } => (
                Rule::InvalidUrl,
                said(
                    format!("\"{value}\" is geen webadres"),
                    format!(
                        "schrijf het volledige adres, met https:// ervoor, bijvoorbeeld {key} = \"https://example.nl\""
                    ),
                ),
                said(
                    format!("\"{value}\" is not a web address"),
                    format!(
                        "write the full address, starting with https://, e.g. {key} = \"https://example.nl\""
                    ),
                ),
            ),
            InvalidVersionNumber { value } => (
                Rule::InvalidVersionNumber,
                said(
                    format!("\"{value}\" is geen versienummer"),
                    "schrijf het zo: \"2.1\" (MAJOR.MINOR of MAJOR.MINOR.PATCH)",
                ),
                said(
                    format!("\"{value}\" is not a version number"),
                    "write it like \"2.1\" (MAJOR.MINOR or MAJOR.MINOR.PATCH)",
                ),
            ),
            NotOneOf {
                of,
                value,
                suggestion,
                english,
            } => {
                let key = of.key();
                let quoted: Vec<String> = of.values().iter().map(|a| format!("\"{a}\"")).collect();
                let (nl_hint, en_hint) = match (suggestion, english) {
                    (Some(s), true) => (
                        format!("schrijf \"{s}\": de waarden zijn Engelse woorden"),
                        format!("write \"{s}\": the values are English words"),
                    ),
                    (Some(s), false) => (
                        format!("bedoelt u \"{s}\"?"),
                        format!("did you mean \"{s}\"?"),
                    ),
                    (None, _) => {
                        let (nl, en) = of.hint();
                        (nl.to_string(), en.to_string())
                    }
                };
                (
                    Rule::InvalidValue,
                    said(
                        format!(
                            "`{key}` moet {} zijn, niet \"{value}\"",
                            listed(&quoted, "of")
                        ),
                        nl_hint,
                    ),
                    said(
                        format!("`{key}` must be {}, not \"{value}\"", listed(&quoted, "or")),
                        en_hint,
                    ),
                )
            }
            NotALegalBasis {
                value,
                suggestion,
                english,
                bases,
            } => {
                let all = commas(bases);
                let (nl_hint, en_hint) = match (suggestion, english) {
                    (Some(s), true) => (
                        format!(
                            "schrijf \"{s}\"; de grondslagen van AVG art. 6 lid 1 heten: {all}"
                        ),
                        format!("write \"{s}\"; the bases of AVG art. 6(1) are written: {all}"),
                    ),
                    (Some(s), false) => (
                        format!(
                            "bedoelt u \"{s}\"? De grondslagen van AVG art. 6 lid 1 zijn: {all}"
                        ),
                        format!("did you mean \"{s}\"? The bases of AVG art. 6(1) are: {all}"),
                    ),
                    (None, _) => (
                        format!("gebruik een van de grondslagen van AVG art. 6 lid 1: {all}"),
                        format!("use one of the bases of AVG art. 6(1): {all}"),
                    ),
                };
                (
                    Rule::InvalidValue,
                    said(format!("\"{value}\" is geen grondslag"), nl_hint),
                    said(format!("\"{value}\" is not a legal basis"), en_hint),
                )
            }
            BadSchools => (
                Rule::WrongType,
                said(
                    "`schools` moet \"all\" zijn of een lijst van slugs van scholen",
                    "schrijf schools = \"all\" voor alle scholen van het bestuur, of schools = [\"de-linde\", \"het-baken\"]",
                ),
                said(
                    "`schools` must be \"all\" or a list of school slugs",
                    "write schools = \"all\" for every school of the board, or schools = [\"de-linde\", \"het-baken\"]",
                ),
            ),
            EmptyPurposes => (
                Rule::EmptyValue,
                said(
                    "`purposes` is leeg",
                    "noem minstens één doel: waarom de gegevens worden verwerkt",
                ),
                said(
                    "`purposes` is empty",
                    "name at least one purpose: why the data is processed",
                ),
            ),
            VersionWithUrl => (
                Rule::StatementReference,
                said(
                    "`version` hoort bij `document`, niet bij `url`",
                    "haal `version` weg, of noem het document van de privacyverklaring",
                ),
                said(
                    "`version` goes with `document`, not with `url`",
                    "remove `version`, or name the statement's document",
                ),
            ),
            StatementBoth => (
                Rule::StatementReference,
                said(
                    "`statement` heeft zowel `document` als `url`",
                    "houd er één over: een document van deze site, of het adres van de eigen privacyverklaring van de verwerker",
                ),
                said(
                    "`statement` has both `document` and `url`",
                    "keep one: a document of this site, or the address of the processor's own statement",
                ),
            ),
            StatementNeither => (
                Rule::StatementReference,
                said(
                    "`statement` heeft `document` of `url` nodig",
                    "schrijf statement = { document = \"slug\", version = \"2.1\" } of statement = { url = \"https://…\" }",
                ),
                said(
                    "`statement` needs `document` or `url`",
                    "write statement = { document = \"slug\", version = \"2.1\" } or statement = { url = \"https://…\" }",
                ),
            ),
            ChangeNotAfter { from, before } => (
                Rule::ChangeOrder,
                said(
                    format!("deze wijziging geldt vanaf {from}, maar dat is niet na {before}"),
                    "elke `[[change]]` begint na `since` en na de wijziging ervoor; zet ze op volgorde van `from`".to_string(),
                ),
                said(
                    format!("this change applies from {from}, which is not after {before}"),
                    "each `[[change]]` starts after `since` and after the change before it; put them in the order of `from`".to_string(),
                ),
            ),
            ChangeAfterUntil { from, until } => (
                Rule::ChangeOrder,
                said(
                    format!("deze wijziging geldt vanaf {from}, na het einde van de relatie ({until})"),
                    "een wijziging na `until` gaat nooit in: haal haar weg of verschuif `until`".to_string(),
                ),
                said(
                    format!("this change applies from {from}, after the relationship ends ({until})"),
                    "a change after `until` never takes effect: remove it or move `until`".to_string(),
                ),
            ),
            EmptyChange => (
                Rule::EmptyChange,
                said(
                    "deze `[[change]]` verandert niets",
                    "geef naast `from` de sleutels die vanaf die dag anders zijn, zoals sub_processors = [\"…\"]",
                ),
                said(
                    "this `[[change]]` changes nothing",
                    "give, next to `from`, the keys that are different from that day, such as sub_processors = [\"…\"]",
                ),
            ),
            AnnouncedAfterFrom => (
                Rule::ChangeOrder,
                said(
                    "`announced` ligt na `from`",
                    "`announced` is de dag waarop scholen en ouders het hoorden; dat is voor of op de dag dat de wijziging ingaat",
                ),
                said(
                    "`announced` is after `from`",
                    "`announced` is the day schools and parents were told; that is on or before the day the change takes effect",
                ),
            ),
            UntilBeforeSince => (
                Rule::UntilBeforeSince,
                said(
                    "`until` ligt voor `since`",
                    "`until` is de laatste dag van de relatie en kan niet voor de eerste dag liggen",
                ),
                said(
                    "`until` is before `since`",
                    "`until` is the last day of the relationship and cannot be before its first day",
                ),
            ),
            UnknownCountry { value, suggestion } => {
                let (nl_hint, en_hint) = match suggestion {
                    Some(s) => (
                        format!("bedoelt u \"{s}\"? Landen worden geschreven met hun code van twee hoofdletters uit ISO 3166-1"),
                        format!("did you mean \"{s}\"? Countries are written as their two-letter code of ISO 3166-1"),
                    ),
                    None => (
                        "schrijf de code van twee hoofdletters uit ISO 3166-1, zoals \"NL\", \"IE\" of \"US\"; een gebied zoals de EU is geen land: noem de landen".to_string(),
                        "write the two-letter code of ISO 3166-1, such as \"NL\", \"IE\" or \"US\"; a region such as the EU is not a country: name the countries".to_string(),
                    ),
                };
                (
                    Rule::UnknownCountry,
                    said(format!("\"{value}\" is geen landcode"), nl_hint),
                    said(format!("\"{value}\" is not a country code"), en_hint),
                )
            }
            NoCountries => (
                Rule::EmptyValue,
                said(
                    "`countries` is leeg",
                    "noem minstens één land waar de gegevens worden verwerkt: countries = [\"NL\"]",
                ),
                said(
                    "`countries` is empty",
                    "name at least one country where the data is processed: countries = [\"NL\"]",
                ),
            ),
            FreeTextLocation => (
                Rule::FreeTextLocation,
                said(
                    "`location` is vrije tekst: niet na te gaan of de gegevens de EER verlaten",
                    "noem de landen met hun code uit ISO 3166-1, en buiten de EER de grondslag van de doorgifte: location = { countries = [\"NL\", \"US\"], transfer = \"scc\" } (transfer: \"adequacy\", \"scc\", \"bcr\" of \"derogation\"); dan is outside_eea niet meer nodig",
                ),
                said(
                    "`location` is free text: whether the data leaves the EEA cannot be told",
                    "name the countries by their ISO 3166-1 codes, and outside the EEA the basis of the transfer: location = { countries = [\"NL\", \"US\"], transfer = \"scc\" } (transfer: \"adequacy\", \"scc\", \"bcr\" or \"derogation\"); outside_eea is then no longer needed",
                ),
            ),
            TransferWithoutBasis { countries } => (
                Rule::TransferWithoutBasis,
                said(
                    format!(
                        "gegevens gaan buiten de EER ({}) zonder grondslag voor de doorgifte",
                        commas(countries)
                    ),
                    "zeg op welke grondslag (AVG hoofdstuk V): transfer = \"adequacy\" (adequaatheidsbesluit), \"scc\" (modelcontractbepalingen), \"bcr\" (bindende bedrijfsvoorschriften) of \"derogation\" (uitzondering van art. 49)",
                ),
                said(
                    format!(
                        "data goes outside the EEA ({}) without a basis for the transfer",
                        commas(countries)
                    ),
                    "say on which basis (GDPR chapter V): transfer = \"adequacy\" (adequacy decision), \"scc\" (standard contractual clauses), \"bcr\" (binding corporate rules) or \"derogation\" (a derogation of art. 49)",
                ),
            ),
            OutsideEeaWithCountries => (
                Rule::InvalidValue,
                said(
                    "`outside_eea` naast een `location` met landen",
                    "haal outside_eea weg: of de gegevens de EER verlaten volgt uit de landen",
                ),
                said(
                    "`outside_eea` beside a `location` that names its countries",
                    "remove outside_eea: whether the data leaves the EEA follows from the countries",
                ),
            ),
            LocationNotCountries => (
                Rule::WrongType,
                said(
                    "`location` van een organisatie noemt de landen",
                    "schrijf location = { countries = [\"IE\", \"US\"], transfer = \"scc\" }, met de codes uit ISO 3166-1",
                ),
                said(
                    "an organisation's `location` names the countries",
                    "write location = { countries = [\"IE\", \"US\"], transfer = \"scc\" }, with the codes of ISO 3166-1",
                ),
            ),
            BadKvk { value } => (
                Rule::InvalidValue,
                said(
                    format!("een KvK-nummer heeft 8 cijfers, dit is \"{value}\""),
                    "schrijf het tussen aanhalingstekens, bijvoorbeeld kvk = \"12345678\"",
                ),
                said(
                    format!("a KvK number has 8 digits, not \"{value}\""),
                    "write it between quotes, e.g. kvk = \"12345678\"",
                ),
            ),
            BadBrin { value } => (
                Rule::InvalidValue,
                said(
                    format!(
                        "een BRIN-code bestaat uit twee cijfers en twee hoofdletters, dit is \"{value}\""
                    ),
                    "schrijf het zo: brin = \"12AB\"",
                ),
                said(
                    format!("a BRIN code is two digits and two capital letters, not \"{value}\""),
                    "write it like: brin = \"12AB\"",
                ),
            ),
            EmptyDpo => (
                Rule::MissingKey,
                said(
                    "het onderdeel [dpo] heeft minstens een naam of een e-mailadres nodig",
                    "voeg email = \"fg@example.nl\" toe",
                ),
                said(
                    "the [dpo] table needs at least a name or an e-mail address",
                    "add email = \"fg@example.nl\"",
                ),
            ),
            LanguagesNotList => (
                Rule::WrongType,
                said(
                    "`languages` moet een lijst van minstens één taalcode zijn",
                    "schrijf het zo: languages = [\"nl\", \"en\"]",
                ),
                said(
                    "`languages` must be a list of at least one language code",
                    "write it like: languages = [\"nl\", \"en\"]",
                ),
            ),
            NotALanguageCode { code } => (
                Rule::InvalidValue,
                said(
                    format!("\"{code}\" is geen taalcode"),
                    "gebruik codes in kleine letters, zoals \"nl\", \"en\", \"de\", \"pl\"",
                ),
                said(
                    format!("\"{code}\" is not a language code"),
                    "use lowercase codes such as \"nl\", \"en\", \"de\", \"pl\"",
                ),
            ),
            LanguageTwice { code } => (
                Rule::InvalidValue,
                said(
                    format!("de taal \"{code}\" staat er twee keer"),
                    "noem iedere taal één keer",
                ),
                said(
                    format!("the language \"{code}\" is listed twice"),
                    "list each language once",
                ),
            ),
            BadBaseUrl { value } => (
                Rule::InvalidUrl,
                said(
                    format!("`base_url` moet een volledig webadres zijn, niet \"{value}\""),
                    "schrijf waar public/ komt te staan, bijvoorbeeld base_url = \"https://privacy.example.nl/\"",
                ),
                said(
                    format!("`base_url` must be a full web address, not \"{value}\""),
                    "write where public/ will be hosted, e.g. base_url = \"https://privacy.example.nl/\"",
                ),
            ),
            BadOrigin => (
                Rule::InvalidValue,
                said(
                    "`origin` moet een naam zijn zonder spaties, `+` of schema",
                    "gebruik de host en het pad van het logboek, bijvoorbeeld origin = \"privacy.example.nl/log\"",
                ),
                said(
                    "`origin` must be a name without spaces, `+` or a scheme",
                    "use the host and path of the log, e.g. origin = \"privacy.example.nl/log\"",
                ),
            ),
            BadTsaUrl { value } => (
                Rule::InvalidValue,
                said(
                    format!("`timestamp_authorities` moet een lijst van adressen zijn, elk met een eigen host; {value:?} is dat niet"),
                    "schrijf elke tijdstempeldienst (RFC 3161) één keer, met zijn adres, bijvoorbeeld timestamp_authorities = [\"https://tsa.example.org/tsr\"]",
                ),
                said(
                    format!("`timestamp_authorities` must be a list of addresses, each with its own host; {value:?} is not"),
                    "write each timestamp authority (RFC 3161) once, by its address, e.g. timestamp_authorities = [\"https://tsa.example.org/tsr\"]",
                ),
            ),
            TsaWithoutCertificates { url, file, why } => (
                Rule::TransparencyLog,
                said(
                    format!("de tijdstempeldienst {url} heeft geen certificaten in {file} ({why})"),
                    format!("vraag de certificaatketen bij de dienst op (zijn certificaat, dan de tussenliggende, dan de root, in PEM) en leg die vast als {file}: publish en verify vertrouwen alleen tijdstempels van vastgelegde diensten"),
                ),
                said(
                    format!("the timestamp authority {url} has no certificates in {file} ({why})"),
                    format!("get the authority's certificate chain (its certificate, then any intermediates, then the root, in PEM) and commit it as {file}: publish and verify trust only timestamps from committed authorities"),
                ),
            ),
            BadPublicKey { path } => (
                Rule::InvalidValue,
                said(
                    format!("`public_key` moet \"{path}\" zijn"),
                    "het transparantielogboek bewaart zijn sleutels onder vaste namen in transparency/ (publisher.pub, log.vkey), waar controleprogramma's ze zoeken; laat public_key weg",
                ),
                said(
                    format!("`public_key` must be \"{path}\""),
                    "the transparency log keeps its keys under fixed names in transparency/ (publisher.pub, log.vkey), where verifiers look for them; leave public_key out",
                ),
            ),
            NoKnownIssues => (
                Rule::NoKnownIssues,
                said(
                    "de site voldoet gedeeltelijk, maar `known_issues` is leeg",
                    "noem wat nog niet aan WCAG voldoet, zodat lezers het weten: known_issues = [{ nl = \"…\", en = \"…\" }]",
                ),
                said(
                    "the site is partially compliant but `known_issues` is empty",
                    "list what does not meet WCAG yet, so readers know: known_issues = [{ nl = \"…\", en = \"…\" }]",
                ),
            ),
            UnknownRuleName { value, suggestion } => {
                let (nl_hint, en_hint) = match suggestion {
                    Some(s) => (
                        format!("bedoelt u \"{s}\"? De namen staan bij iedere waarschuwing in `check --format json` (\"rule\")"),
                        format!("did you mean \"{s}\"? Each warning's rule is named in `check --format json` (\"rule\")"),
                    ),
                    None => (
                        "gebruik de naam die `check --format json` bij de waarschuwing geeft (\"rule\")".to_string(),
                        "use the name `check --format json` gives the warning (\"rule\")".to_string(),
                    ),
                };
                (
                    Rule::UnknownRule,
                    said(
                        format!("\"{value}\" is geen naam van een waarschuwing"),
                        nl_hint,
                    ),
                    said(format!("\"{value}\" is not the name of a warning"), en_hint),
                )
            }
            CannotAllow { rule } => (
                Rule::UnknownRule,
                said(
                    format!("\"{rule}\" kan niet worden geaccepteerd met `allow`"),
                    "alleen waarschuwingen die een mens mag beoordelen, kunnen op `allow` staan; fouten en [VUL IN] moet u oplossen",
                ),
                said(
                    format!("\"{rule}\" cannot be acknowledged with `allow`"),
                    "only warnings a person may judge can be allowed; errors and [VUL IN] must be fixed",
                ),
            ),

            // ------------------------------------------------ folders
            NoContentFolder { root } => (
                Rule::NoSite,
                said(
                    format!("er is geen map content/ in {root}"),
                    "start policypress in de map van de site, geef --site MAP op, of maak een site met `policypress new site MAP`",
                ),
                said(
                    format!("there is no content/ folder in {root}"),
                    "run policypress in the site folder, pass --site DIR, or create a site with `policypress new site DIR`",
                ),
            ),
            NoSiteToml => (
                Rule::MissingFile,
                said(
                    "er is geen content/site.toml",
                    "maak het aan met title, base_url, languages en publisher; zie de README",
                ),
                said(
                    "there is no content/site.toml",
                    "create it with title, base_url, languages and publisher; see the README",
                ),
            ),
            NoVersionToml => (
                Rule::MissingFile,
                said(
                    "deze versiemap heeft geen version.toml",
                    "voeg version.toml toe met effective en material, en published zodra de versie gepubliceerd wordt",
                ),
                said(
                    "this version folder has no version.toml",
                    "add version.toml with published, effective and material",
                ),
            ),
            NoDocumentToml => (
                Rule::MissingFile,
                said(
                    "deze documentmap heeft geen document.toml",
                    "voeg document.toml toe met title, owner en kind",
                ),
                said(
                    "this document folder has no document.toml",
                    "add document.toml with title, owner and kind",
                ),
            ),
            NoVersions => (
                Rule::MissingFile,
                said(
                    "dit document heeft geen versies",
                    "voeg een versiemap toe, zoals 1.0/, met version.toml en nl.md",
                ),
                said(
                    "this document has no versions",
                    "add a version folder such as 1.0/ with version.toml and nl.md",
                ),
            ),
            NoDefaultBody { noun, default } => {
                let (nl, en) = match noun {
                    Noun::Page => (
                        said(
                            format!(
                                "deze pagina heeft geen tekst in de standaardtaal (`{default}.md`)"
                            ),
                            format!("voeg {default}.md toe, met een kop met `#` als titel"),
                        ),
                        said(
                            format!(
                                "this page has no text in the default language (`{default}.md`)"
                            ),
                            format!("add {default}.md with a `#` heading as its title"),
                        ),
                    ),
                    _ => (
                        said(
                            format!(
                                "deze versie heeft geen tekst in de standaardtaal (`{default}.md`)"
                            ),
                            format!("voeg {default}.md toe; de andere talen vallen erop terug"),
                        ),
                        said(
                            format!(
                                "this version has no text in the default language (`{default}.md`)"
                            ),
                            format!("add {default}.md; other languages fall back to it"),
                        ),
                    ),
                };
                (Rule::MissingDefaultLanguage, nl, en)
            }
            IgnoredInVersion { name } => (
                Rule::IgnoredFile,
                said(
                    format!("`{name}` wordt overgeslagen"),
                    "teksten zijn Markdown-bestanden met de taal als naam, bijvoorbeeld nl.md en en.md",
                ),
                said(
                    format!("`{name}` is ignored"),
                    "texts are Markdown files named after their language, e.g. nl.md and en.md",
                ),
            ),
            IgnoredInDocument { name } => (
                Rule::IgnoredFile,
                said(
                    format!("`{name}` wordt overgeslagen"),
                    "in een documentmap staan document.toml en één map per versie, bijvoorbeeld 1.0/",
                ),
                said(
                    format!("`{name}` is ignored"),
                    "a document folder holds document.toml and one folder per version, e.g. 1.0/",
                ),
            ),
            IgnoredFolder { hint } => {
                if *hint {
                    (
                        Rule::IgnoredFile,
                        said(
                            "een map op deze plek wordt overgeslagen",
                            "in deze map staat per onderdeel één bestand <slug>.toml",
                        ),
                        said(
                            "a folder here is ignored",
                            "this folder holds one <slug>.toml file per item",
                        ),
                    )
                } else {
                    (
                        Rule::IgnoredFile,
                        only("een map op deze plek wordt overgeslagen"),
                        only("a folder here is ignored"),
                    )
                }
            }
            NotToml { name } => (
                Rule::IgnoredFile,
                said(
                    format!("`{name}` is geen .toml-bestand en wordt overgeslagen"),
                    "in deze map staat per onderdeel één bestand <slug>.toml",
                ),
                said(
                    format!("`{name}` is not a .toml file and is ignored"),
                    "this folder holds one <slug>.toml file per item",
                ),
            ),
            NotAFolder { name, noun } => {
                let layout = match noun {
                    Noun::Page => "content/pages/<slug>/nl.md",
                    _ => "content/documents/<slug>/document.toml",
                };
                (
                    Rule::IgnoredFile,
                    said(
                        format!(
                            "`{name}` wordt overgeslagen: ieder(e) {} is een map",
                            noun.nl()
                        ),
                        format!("zet {} in {layout}", noun.nl_plural()),
                    ),
                    said(
                        format!("`{name}` is ignored: each {} is a folder", noun.en()),
                        format!("put {}s in {layout}", noun.en()),
                    ),
                )
            }
            Stranger { name } => (
                Rule::IgnoredFile,
                said(
                    format!("`{name}` hoort niet bij een site en wordt overgeslagen"),
                    "in content/ staan site.toml en de mappen organisations, schools, documents, relationships en pages",
                ),
                said(
                    format!("`{name}` is not part of a site and is ignored"),
                    "content/ holds site.toml and the folders organisations, schools, documents, relationships and pages",
                ),
            ),
            BadName {
                name,
                folder,
                suggestion,
            } => {
                let (nl, en) = if *folder {
                    (
                        said(
                            format!("de mapnaam `{name}` is geen geldige slug"),
                            format!(
                                "mapnamen bestaan uit kleine letters, cijfers en streepjes; noem de map `{suggestion}`"
                            ),
                        ),
                        said(
                            format!("the folder name `{name}` is not a valid slug"),
                            format!(
                                "folder names are lowercase letters, digits and hyphens; rename it to `{suggestion}`"
                            ),
                        ),
                    )
                } else {
                    (
                        said(
                            format!("de bestandsnaam `{name}` is geen geldige slug"),
                            format!(
                                "bestandsnamen bestaan uit kleine letters, cijfers en streepjes; noem het bestand `{suggestion}.toml`"
                            ),
                        ),
                        said(
                            format!("the file name `{name}` is not a valid slug"),
                            format!(
                                "file names are lowercase letters, digits and hyphens; rename it to `{suggestion}.toml`"
                            ),
                        ),
                    )
                };
                (Rule::InvalidSlug, nl, en)
            }
            ReservedSlug { slug, noun } => (
                Rule::ReservedSlug,
                said(
                    format!(
                        "{} `{slug}` heeft een naam die de site zelf gebruikt: `{slug}` is een van de vaste delen van de adressen van de site (zoals `register`, `changes` en `search`)",
                        noun.nl_the()
                    ),
                    format!(
                        "geef het bestand een andere naam, bijvoorbeeld `{slug}-1.toml`, en pas de verwijzingen ernaar aan"
                    ),
                ),
                said(
                    format!(
                        "the {} `{slug}` has a name the site itself uses: `{slug}` is one of the fixed parts of the site's addresses (such as `register`, `changes` and `search`)",
                        noun.en()
                    ),
                    format!(
                        "give the file another name, e.g. `{slug}-1.toml`, and change the references to it"
                    ),
                ),
            ),
            BadVersionFolder { name } => (
                Rule::InvalidVersionNumber,
                said(
                    format!("de mapnaam `{name}` is geen versienummer"),
                    "noem versiemappen MAJOR.MINOR of MAJOR.MINOR.PATCH, bijvoorbeeld 1.0, 2.1 of 2.1.1, zonder voorloopnullen of `v`",
                ),
                said(
                    format!("the folder name `{name}` is not a version number"),
                    "name version folders MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 1.0, 2.1 or 2.1.1, without leading zeros or a `v`",
                ),
            ),
            BodyLanguageNotListed {
                name,
                lang,
                languages,
            } => (
                Rule::UnknownLanguage,
                said(
                    format!(
                        "`{name}` is een tekst in de taal `{lang}`, maar die staat niet in site.toml"
                    ),
                    format!(
                        "de talen van de site zijn: {}; geef het bestand een andere naam of zet de taal in content/site.toml",
                        commas(languages)
                    ),
                ),
                said(
                    format!(
                        "`{name}` is a text in the language `{lang}`, which site.toml does not list"
                    ),
                    format!(
                        "the site's languages are: {}; rename the file or add the language to content/site.toml",
                        commas(languages)
                    ),
                ),
            ),
            EmptyBody { default: false } => (
                Rule::EmptyFile,
                said(
                    "deze tekst is leeg",
                    "schrijf de tekst, of verwijder het bestand; dan ziet de lezer de standaardtaal",
                ),
                said(
                    "this text is empty",
                    "write the text, or delete the file so the default language is shown",
                ),
            ),
            EmptyBody { default: true } => (
                Rule::EmptyFile,
                said(
                    "deze tekst is leeg",
                    "schrijf de tekst: dit is de standaardtaal, waarop de andere talen terugvallen",
                ),
                said(
                    "this text is empty",
                    "write the text: this is the default language, which the other languages fall back to",
                ),
            ),

            // ------------------------------------------------ versions
            EffectiveBeforePublished => (
                Rule::EffectiveBeforePublished,
                said(
                    "deze versie trad in werking voordat ze werd gepubliceerd",
                    "dat is goed als u de geschiedenis achteraf invoert; kijk anders de datums na",
                ),
                said(
                    "this version took effect before it was published",
                    "that is fine when history is entered afterwards; otherwise check the dates",
                ),
            ),
            ApprovedAfterPublished => (
                Rule::ApprovedAfterPublished,
                said(
                    "deze versie is vastgesteld nadat ze werd gepubliceerd",
                    "kijk `approved_on` en `published` na",
                ),
                said(
                    "this version was approved after it was published",
                    "check `approved_on` and `published`",
                ),
            ),
            SameEffectiveDate { first, second } => (
                Rule::EffectiveDateOrder,
                said(
                    format!("versie {first} en {second} treden op dezelfde datum in werking"),
                    "iedere versie heeft een eigen datum van inwerkingtreding nodig; vervangt de ene de andere, haal dan de oudere map weg voordat die gepubliceerd is",
                ),
                said(
                    format!("versions {first} and {second} take effect on the same date"),
                    "each version needs its own effective date; if one replaces the other, remove the older folder before it is published",
                ),
            ),
            EffectiveOutOfOrder { later, earlier } => (
                Rule::EffectiveDateOrder,
                said(
                    format!("versie {later} treedt eerder in werking dan versie {earlier}"),
                    "de versienummers moeten de volgorde van de data van inwerkingtreding volgen; nummer de mappen anders of verbeter de datum",
                ),
                said(
                    format!("version {later} takes effect before version {earlier}"),
                    "version numbers must follow the order of the effective dates; renumber the folders or correct the date",
                ),
            ),
            NoSummary { version } => (
                Rule::MissingSummary,
                said(
                    format!("versie {version} heeft geen `summary`"),
                    "iedere versie na de eerste zegt wat er veranderd is: summary = { nl = \"…\", en = \"…\" }",
                ),
                said(
                    format!("version {version} has no `summary`"),
                    "every version after the first says what changed: summary = { nl = \"…\", en = \"…\" }",
                ),
            ),
            NoShort { document, version } => (
                Rule::NoShort,
                said(
                    format!(
                        "versie {version} van privacyverklaring \"{document}\" heeft geen korte samenvatting (`short`)"
                    ),
                    "vertel in een paar zinnen in gewone woorden wat er in de tekst staat; dat komt boven de inhoudsopgave: short = { nl = \"…\", en = \"…\" }",
                ),
                said(
                    format!(
                        "version {version} of privacy statement \"{document}\" has no summary in plain words (`short`)"
                    ),
                    "say in a few plain sentences what the text says; it is shown above the table of contents: short = { nl = \"…\", en = \"…\" }",
                ),
            ),
            EmptySummary { version } => (
                Rule::EmptySummary,
                said(
                    format!("de samenvatting (`summary`) van concept {version} is nog leeg"),
                    "schrijf wat er veranderd is voordat u `published` toevoegt: summary = { nl = \"…\", en = \"…\" }",
                ),
                said(
                    format!("the summary of draft {version} is still empty"),
                    "say what changed before you add `published`: summary = { nl = \"…\", en = \"…\" }",
                ),
            ),
            LateEntryOnNewest { version } => (
                Rule::LateEntryOnNewest,
                said(
                    format!(
                        "versie {version} zegt dat ze te laat is ingevoerd, maar er is geen versie die daarna in werking treedt"
                    ),
                    "`late_entry` is voor een versie die wordt ingevoerd nadat een latere versie al gepubliceerd is; haal het weg bij de nieuwste versie",
                ),
                said(
                    format!(
                        "version {version} says it is a late entry, but no version takes effect after it"
                    ),
                    "`late_entry` is for a version entered after a later version was published; remove it from the newest version",
                ),
            ),
            ShortNotice {
                version,
                days,
                needed,
                move_to,
            } => (
                Rule::ShortNotice,
                said(
                    format!(
                        "versie {version} is een wezenlijke wijziging die {} voor de inwerkingtreding is gepubliceerd; dat moet minstens {needed} dagen zijn",
                        super::nl_count(usize::try_from(*days).unwrap_or(0), "dag", "dagen")
                    ),
                    format!(
                        "zet `effective` op {move_to} of later, of geef de reden in urgent = {{ nl = \"…\" }}; die leest de lezer dan ook"
                    ),
                ),
                said(
                    format!(
                        "version {version} is a material change published {days} day(s) before it takes effect; at least {needed} are needed"
                    ),
                    format!(
                        "move `effective` to {move_to} or later, or give the reason in urgent = {{ nl = \"…\" }}; readers are told it"
                    ),
                ),
            ),
            RelationshipShortNotice {
                relationship,
                from,
                days,
                needed,
            } => (
                Rule::RelationshipShortNotice,
                said(
                    format!(
                        "de wijziging van {relationship} vanaf {from} (een nieuwe subverwerker, een nieuw doel of doorgifte buiten de EER) is {} van tevoren aangekondigd; dat moet minstens {needed} dagen zijn",
                        super::nl_count(usize::try_from(*days).unwrap_or(0), "dag", "dagen")
                    ),
                    "kondig de wijziging eerder aan (`announced`), schuif `from` op, of geef de reden in urgent = { nl = \"…\" }".to_string(),
                ),
                said(
                    format!(
                        "the change of {relationship} from {from} (a new sub-processor, purpose or transfer outside the EEA) is announced {days} day(s) ahead; at least {needed} are needed"
                    ),
                    "announce it earlier (`announced`), move `from` later, or give the reason in urgent = { nl = \"…\" }".to_string(),
                ),
            ),
            MaybeMaterial {
                version,
                document,
                reasons,
            } => (
                Rule::MaybeMaterial,
                said(
                    format!(
                        "versie {version} van \"{document}\" is niet als wezenlijk gemarkeerd, maar sinds de vorige versie in werking trad is er {}",
                        reasons
                            .iter()
                            .map(Reason::nl)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    "een nieuw doel, nieuwe gegevens, nieuwe ontvangers of subverwerkers en verwerking buiten de EU/EER zijn voorbeelden van wezenlijke wijzigingen (EDPB WP260 rev.01 §29–30); is deze wijziging wezenlijk, zet dan material = true en kondig haar op tijd aan",
                ),
                said(
                    format!(
                        "version {version} of \"{document}\" is marked not material, but since the previous version took effect there is {}",
                        reasons
                            .iter()
                            .map(Reason::en)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    "new purposes, data, recipients, sub-processors or processing outside the EU/EEA are examples of material changes (EDPB WP260 rev.01 §29–30); if this change is material, set material = true and announce it in time",
                ),
            ),
            UnchangedText { version, previous } => (
                Rule::UnchangedText,
                said(
                    format!(
                        "de tekst van versie {version} is precies dezelfde als die van versie {previous}"
                    ),
                    "pas de tekst aan in de Markdown-bestanden van deze versie; wordt het document opnieuw vastgesteld zonder wijzigingen, zeg dat dan in `summary` en zet allow = [\"unchanged-text\"] in version.toml",
                ),
                said(
                    format!(
                        "the text of version {version} is exactly the same as that of version {previous}"
                    ),
                    "edit the Markdown files of this version; if the document is re-adopted without changes, say so in `summary` and put allow = [\"unchanged-text\"] in version.toml",
                ),
            ),
            SchoolOfOtherBoard {
                school,
                board,
                controller,
            } => (
                Rule::SchoolOfOtherBoard,
                said(
                    format!(
                        "de school \"{school}\" hoort bij \"{board}\", niet bij de verwerkingsverantwoordelijke \"{controller}\""
                    ),
                    "de verwerkingsverantwoordelijke voor de gegevens van een school is haar bestuur; kijk `controller` en `schools` na",
                ),
                said(
                    format!(
                        "the school \"{school}\" belongs to \"{board}\", not to the controller \"{controller}\""
                    ),
                    "the controller of a school's data is its board; check `controller` and `schools`",
                ),
            ),

            // ------------------------------------------------ Markdown
            DangerousHtmlUrl { attr, url } => (
                Rule::DangerousUrl,
                said(
                    format!("HTML in de tekst heeft een gevaarlijk adres in `{attr}`: `{url}`"),
                    DANGEROUS_NL,
                ),
                said(
                    format!("raw HTML has a dangerous URL in `{attr}`: `{url}`"),
                    DANGEROUS_EN,
                ),
            ),
            DangerousUrl { image, url } => {
                let (nl, en) = if *image {
                    ("een afbeelding", "an image")
                } else {
                    ("een link", "a link")
                };
                (
                    Rule::DangerousUrl,
                    said(
                        format!("{nl} met een gevaarlijk adres: `{url}`"),
                        DANGEROUS_NL,
                    ),
                    said(format!("{en} with a dangerous URL: `{url}`"), DANGEROUS_EN),
                )
            }
            ImageWithoutAlt => (
                Rule::ImageWithoutAlt,
                said(
                    "afbeelding zonder alt-tekst",
                    "beschrijf tussen de haken wat de afbeelding laat zien: ![Logo van de school](logo.png)",
                ),
                said(
                    "image without alt text",
                    "describe what the image shows between the brackets: ![Logo of the school](logo.png)",
                ),
            ),
            LinkWithoutText => (
                Rule::LinkWithoutText,
                said(
                    "link zonder tekst",
                    "schrijf tussen de haken waar de link naartoe gaat, bijvoorbeeld [de privacyverklaring van Bloom](https://…)",
                ),
                said(
                    "link without text",
                    "write between the brackets where the link goes, e.g. [the privacy statement of Bloom](https://…)",
                ),
            ),
            VagueLinkText { text } => (
                Rule::VagueLinkText,
                said(
                    format!("de linktekst `{text}` zegt niet waar de link naartoe gaat"),
                    "wie een schermlezer gebruikt, hoort links vaak los van de zin; noem de bestemming, bijvoorbeeld [de privacyverklaring van Bloom](https://…)",
                ),
                said(
                    format!("link text `{text}` does not say where the link goes"),
                    "screen-reader users often list links out of context; name the destination, e.g. [the privacy statement of Bloom](https://…)",
                ),
            ),
            BareUrl { url } => (
                Rule::BareUrl,
                said(
                    format!("de linktekst is een los webadres: `{url}`"),
                    "een voorgelezen webadres is moeilijk te volgen; noem de bestemming, bijvoorbeeld [de website van de Autoriteit Persoonsgegevens](https://…)",
                ),
                said(
                    format!("link text is a bare URL: `{url}`"),
                    "a URL read aloud is hard to follow; name the destination, e.g. [the website of the Autoriteit Persoonsgegevens](https://…)",
                ),
            ),
            ClickHereWithoutLink { phrase } => (
                Rule::ClickHereWithoutLink,
                said(
                    format!(
                        "hier staat `{phrase}`, maar er is geen link: de link is waarschijnlijk verloren gegaan"
                    ),
                    "maak er een link van die zegt waar hij naartoe gaat, bijvoorbeeld [de privacyverklaring van Bloom](https://…), of herschrijf de zin",
                ),
                said(
                    format!("`{phrase}` with no link: the link seems to have been lost"),
                    "make it a link that says where it goes, e.g. [the privacy statement of Bloom](https://…), or rewrite the sentence",
                ),
            ),
            RawHtml { tag } => (
                Rule::RawHtml,
                said(
                    format!("deze HTML staat als tekst op de pagina, met de tags erbij: `{tag}`"),
                    "schrijf het in Markdown: **vet**, *schuin*, [linktekst](https://…), een witregel voor een nieuwe alinea; wilt u HTML-code laten zien, zet die dan tussen backticks (`…`)",
                ),
                said(
                    format!("this HTML is shown to readers as text, tags and all: `{tag}`"),
                    "write it in Markdown: **bold**, *italic*, [link text](https://…), a blank line for a new paragraph; to show HTML code as code, put it between backticks (`…`)",
                ),
            ),
            TitleInVersion => (
                Rule::HeadingStructure,
                said(
                    "een kop met één `#` in de tekst van een versie",
                    "de titel van de pagina komt uit document.toml; begin koppen met ##",
                ),
                said(
                    "a `#` heading in a version body",
                    "the page title comes from document.toml; start headings at ##",
                ),
            ),
            SecondTitle => (
                Rule::HeadingStructure,
                said(
                    "een tweede kop met één `#`; een pagina heeft één titel",
                    "de eerste kop met `#` is de titel van de pagina; gebruik ## voor de onderdelen",
                ),
                said(
                    "a second `#` heading; a page has one title",
                    "the first `#` heading is the page title; use ## for sections",
                ),
            ),
            PageWithoutTitle => (
                Rule::HeadingStructure,
                said(
                    "de pagina heeft geen titel",
                    "begin de pagina met de titel als kop met `#`, bijvoorbeeld `# Toegankelijkheid`",
                ),
                said(
                    "the page has no title",
                    "start the page with its title as a `#` heading, e.g. `# Toegankelijkheid`",
                ),
            ),
            HeadingSkipped { level, previous } => {
                let (l, p) = ("#".repeat(*level as usize), "#".repeat(*previous as usize));
                (
                    Rule::HeadingLevelSkipped,
                    said(
                        format!("een kopniveau is overgeslagen: `{l}` volgt op `{p}`"),
                        "wie een schermlezer gebruikt, springt van kop naar kop; sla geen niveau over (## en dan ###)",
                    ),
                    said(
                        format!("heading level skipped: `{l}` follows `{p}`"),
                        "screen-reader users navigate by heading level; do not skip levels (## then ###)",
                    ),
                )
            }

            // ------------------------------------------------ lint
            ReviewOverdue {
                document,
                due,
                version,
                effective,
                years,
            } => (
                Rule::ReviewOverdue,
                said(
                    format!(
                        "de herziening van \"{document}\" is over tijd sinds {due}: versie {version} trad in werking op {effective} en het document wordt {} opnieuw vastgesteld",
                        if *years == 1 {
                            "ieder jaar".to_string()
                        } else {
                            format!("om de {years} jaar")
                        }
                    ),
                    REVIEW_NL,
                ),
                said(
                    format!(
                        "the review of \"{document}\" is overdue since {due}: version {version} took effect on {effective} and the document is re-adopted every {years} year(s)"
                    ),
                    REVIEW_EN,
                ),
            ),
            ReviewDueSoon { document, due } => (
                Rule::ReviewDueSoon,
                said(
                    format!(
                        "de herziening van \"{document}\" moet klaar zijn op {due}, binnen 90 dagen"
                    ),
                    REVIEW_NL,
                ),
                said(
                    format!("the review of \"{document}\" is due on {due}, within 90 days"),
                    REVIEW_EN,
                ),
            ),
            VersionNotTranslated {
                version,
                document,
                missing,
                default,
            } => (
                Rule::MissingTranslation,
                said(
                    format!(
                        "versie {version} van \"{document}\" heeft geen tekst in het {}; lezers in die taal zien de tekst in het {}",
                        listed(&language_names(missing), "en"),
                        language_name(default)
                    ),
                    format!(
                        "voeg {} toe om de tekst te vertalen",
                        listed(&md_files(missing), "en")
                    ),
                ),
                said(
                    format!(
                        "version {version} of \"{document}\" has no text in {}; readers of that language see the {default} text",
                        commas(missing)
                    ),
                    format!("add {} to translate it", md_files(missing).join(" and ")),
                ),
            ),
            PageNotTranslated { page, missing } => (
                Rule::MissingTranslation,
                said(
                    format!(
                        "de pagina \"{page}\" heeft geen tekst in het {}",
                        listed(&language_names(missing), "en")
                    ),
                    format!(
                        "voeg {} toe om de pagina te vertalen",
                        listed(&md_files(missing), "en")
                    ),
                ),
                said(
                    format!("the page \"{page}\" has no text in {}", commas(missing)),
                    format!("add {} to translate it", md_files(missing).join(" and ")),
                ),
            ),
            TextNotTranslated { key, missing } => {
                let first = missing.first().map_or("", String::as_str);
                (
                    Rule::MissingTranslation,
                    said(
                        format!(
                            "`{key}` heeft geen tekst in het {}",
                            listed(&language_names(missing), "en")
                        ),
                        format!(
                            "voeg {first} = \"…\" toe aan de tabel; tot dan ziet de lezer de standaardtaal"
                        ),
                    ),
                    said(
                        format!("`{key}` has no text in {}", commas(missing)),
                        format!(
                            "add {first} = \"…\" to the table; until then the default language is shown"
                        ),
                    ),
                )
            }
            NoAgreement { relationship } => (
                Rule::NoAgreement,
                said(
                    format!(
                        "de verwerkersrelatie \"{relationship}\" noemt geen verwerkersovereenkomst"
                    ),
                    "die is verplicht volgens de AVG (art. 28); voeg toe: agreement = { name = \"Model Verwerkersovereenkomst 4.0\", signed = 2023-05-01 }",
                ),
                said(
                    format!(
                        "the processor relationship \"{relationship}\" names no data processing agreement"
                    ),
                    "AVG art. 28 requires one; add agreement = { name = \"Model Verwerkersovereenkomst 4.0\", signed = 2023-05-01 }",
                ),
            ),
            NoLocation { relationship } => (
                Rule::NoLocation,
                said(
                    format!(
                        "de verwerkersrelatie \"{relationship}\" zegt niet waar de gegevens worden verwerkt"
                    ),
                    "voeg de landen toe met hun code uit ISO 3166-1: location = { countries = [\"NL\"] }; lezers en de FG hebben dat nodig om doorgifte buiten de EER te beoordelen",
                ),
                said(
                    format!(
                        "the processor relationship \"{relationship}\" does not say where the data is processed"
                    ),
                    "add the countries by their ISO 3166-1 codes: location = { countries = [\"NL\"] }; readers and the DPO need it to judge transfers outside the EEA",
                ),
            ),
            NoDataCategories { relationship } => (
                Rule::NoDataCategories,
                said(
                    format!(
                        "de relatie \"{relationship}\" zegt niet welke persoonsgegevens worden gedeeld"
                    ),
                    "voeg toe: data_categories = [{ nl = \"naam en groep\", en = \"name and class\" }]",
                ),
                said(
                    format!(
                        "the relationship \"{relationship}\" does not say which personal data is shared"
                    ),
                    "add data_categories = [{ nl = \"naam en groep\", en = \"name and class\" }]",
                ),
            ),
            NoDataSubjects { relationship } => (
                Rule::NoDataSubjects,
                said(
                    format!("de relatie \"{relationship}\" zegt niet van wie de gegevens zijn"),
                    "voeg toe: data_subjects = [{ nl = \"leerlingen\", en = \"pupils\" }]",
                ),
                said(
                    format!(
                        "the relationship \"{relationship}\" does not say whose data is shared"
                    ),
                    "add data_subjects = [{ nl = \"leerlingen\", en = \"pupils\" }]",
                ),
            ),
            NoRetention { relationship } => (
                Rule::NoRetention,
                said(
                    format!("de relatie \"{relationship}\" noemt geen bewaartermijn"),
                    "voeg retention = { nl = \"…\", en = \"…\" } toe: hoe lang de gegevens worden bewaard",
                ),
                said(
                    format!("the relationship \"{relationship}\" gives no retention period"),
                    "add retention = { nl = \"…\", en = \"…\" }: how long the data is kept (bewaartermijn)",
                ),
            ),
            EmptySection { heading } => (
                Rule::EmptySection,
                said(
                    format!("het onderdeel `{heading}` is leeg"),
                    "schrijf de tekst, of haal de kop weg",
                ),
                said(
                    format!("the section `{heading}` is empty"),
                    "write its text, or remove the heading",
                ),
            ),
            NoDpo { organisation } => (
                Rule::NoDpo,
                said(
                    format!(
                        "\"{organisation}\" is verwerkingsverantwoordelijke maar noemt geen functionaris gegevensbescherming"
                    ),
                    "een schoolbestuur moet een FG aanwijzen (AVG art. 37); lezers moeten weten hoe ze die bereiken. Voeg toe:\n\n    [dpo]\n    name = \"…\"\n    email = \"fg@…\"",
                ),
                said(
                    format!(
                        "\"{organisation}\" is a controller but names no data protection officer"
                    ),
                    "a school board must appoint a DPO (functionaris gegevensbescherming, AVG art. 37), and readers must know how to reach them; add\n\n    [dpo]\n    name = \"…\"\n    email = \"fg@…\"",
                ),
            ),
            NoAccessibility => (
                Rule::NoAccessibilityStatement,
                said(
                    "de site heeft geen toegankelijkheidsverklaring: site.toml heeft geen onderdeel [accessibility]",
                    "voeg toe:\n\n    [accessibility]\n    contact = \"webredactie@…\"\n    evaluated = 2026-10-14\n\nDan maakt policypress de verklaring in iedere taal. Overheidsorganisaties, en veel schoolbesturen, moeten er een publiceren",
                ),
                said(
                    "the site has no accessibility statement: site.toml has no [accessibility] table",
                    "add\n\n    [accessibility]\n    contact = \"webredactie@…\"\n    evaluated = 2026-10-14\n\nand policypress makes the statement in every language. Public bodies, and many school boards, must publish one",
                ),
            ),
            PublicBodyLegitimateInterests {
                relationship,
                controller,
            } => (
                Rule::PublicBodyLegitimateInterests,
                said(
                    format!(
                        "de relatie \"{relationship}\" gebruikt gerechtvaardigd belang als grondslag, maar \"{controller}\" is een schoolbestuur"
                    ),
                    "een overheidsorgaan mag voor zijn publieke taak geen beroep doen op gerechtvaardigd belang (AVG art. 6 lid 1); voor onderwijs is dat meestal \"public-task\" of \"legal-obligation\"",
                ),
                said(
                    format!(
                        "the relationship \"{relationship}\" relies on legitimate interests, but \"{controller}\" is a school board"
                    ),
                    "a public authority cannot rely on legitimate interests for its public tasks (AVG art. 6(1)); for education it is usually \"public-task\" or \"legal-obligation\"",
                ),
            ),
            Placeholder {
                text,
                key,
                draft,
                publishing,
            } => {
                let (nl_message, en_message) = match key {
                    Some(k) => (
                        format!("`{k}` is nog niet ingevuld: hier staat {text}"),
                        format!("`{k}` is not filled in yet: it says {text}"),
                    ),
                    None => (
                        format!("hier staat nog {text}: deze tekst is nog niet ingevuld"),
                        format!("{text} is still here: this text is not filled in yet"),
                    ),
                };
                let (nl_hint, en_hint) = if *draft {
                    (
                        format!(
                            "deze versie is een concept (ze heeft nog geen `published`); vervang {text} voordat u `published` toevoegt"
                        ),
                        format!(
                            "this version is a draft (it has no `published` yet); replace {text} before you add `published`"
                        ),
                    )
                } else if *publishing {
                    (
                        format!(
                            "vervang {text} door wat hier hoort; zolang er nog {text} staat, wordt er niets gepubliceerd"
                        ),
                        format!(
                            "replace {text} with what belongs here; nothing is published while {text} is left"
                        ),
                    )
                } else {
                    (
                        format!("vervang {text} door wat hier hoort voordat u publiceert"),
                        format!("replace {text} with what belongs here before publishing"),
                    )
                };
                (
                    Rule::Placeholder,
                    said(nl_message, nl_hint),
                    said(en_message, en_hint),
                )
            }

            // ------------------------------------------------ commands
            NoTransparencyLog => (
                Rule::NoTransparencyLog,
                said(
                    "deze site heeft nog geen transparantielogboek: iedere versie wordt zonder handtekening gepubliceerd en lezers kunnen haar niet controleren",
                    "maak een sleutel met `policypress keygen` en leg de versies vast met `policypress publish`",
                ),
                said(
                    "this site has no transparency log yet: every version is published unsigned and readers cannot verify it",
                    "create a signing key with `policypress keygen` and seal the versions with `policypress publish`",
                ),
            ),
            NoLogName { host } => (
                Rule::MissingKey,
                said(
                    "content/site.toml heeft geen onderdeel [transparency], dus het logboek heeft geen naam",
                    format!("voeg toe\n\n    [transparency]\n    origin = \"{host}/log\""),
                ),
                said(
                    "content/site.toml has no [transparency] table, so the log has no name",
                    format!("add\n\n    [transparency]\n    origin = \"{host}/log\""),
                ),
            ),
            OutputHoldsSite { out } => (
                Rule::OutputFolder,
                said(format!("de uitvoermap {out} bevat de site zelf"), OUTPUT_NL),
                said(
                    format!("the output folder {out} contains the site itself"),
                    OUTPUT_EN,
                ),
            ),
            OutputInsideSources { out, folder } => (
                Rule::OutputFolder,
                said(
                    format!(
                        "de uitvoermap {out} staat in de map {folder}/ van de site, die dan zou worden vervangen"
                    ),
                    OUTPUT_NL,
                ),
                said(
                    format!(
                        "the output folder {out} is inside the site's {folder}/ folder, which would be replaced"
                    ),
                    OUTPUT_EN,
                ),
            ),
            OutputIsASite { out } => (
                Rule::OutputFolder,
                said(
                    format!("{out} lijkt de map van een site, geen uitvoermap"),
                    OUTPUT_NL,
                ),
                said(
                    format!("{out} looks like a site folder, not an output folder"),
                    OUTPUT_EN,
                ),
            ),
            FileExists => (
                Rule::FileExists,
                said(
                    "dit bestand bestaat al; `policypress new` overschrijft nooit een bestand",
                    "kies een andere naam, of bewerk het bestaande bestand",
                ),
                said(
                    "this file exists already; `policypress new` never overwrites a file",
                    "choose another name, or edit the existing file",
                ),
            ),
            NewSlug {
                slug,
                noun,
                suggestion,
            } => (
                Rule::InvalidSlug,
                said(
                    format!("\"{slug}\" is geen geldige slug voor een {}", noun.nl()),
                    format!(
                        "gebruik kleine letters, cijfers en streepjes, bijvoorbeeld \"{suggestion}\""
                    ),
                ),
                said(
                    format!("\"{slug}\" is not a valid {} slug", noun.en()),
                    format!("use lowercase letters, digits and hyphens, e.g. \"{suggestion}\""),
                ),
            ),
            NoSiteHere { root } => (
                Rule::NoSite,
                said(
                    format!("er is geen site in {root}"),
                    "start dit in de map van een site (met content/site.toml), of geef --site MAP op",
                ),
                said(
                    format!("there is no site in {root}"),
                    "run this in a site folder (one that holds content/site.toml), or pass --site DIR",
                ),
            ),
            SiteTomlUnreadable => (
                Rule::TomlSyntax,
                only("content/site.toml kan niet worden gelezen"),
                only("content/site.toml cannot be read"),
            ),
            NoSuchDocument { document } => (
                Rule::UnknownReference,
                said(
                    format!("er is geen document \"{document}\""),
                    format!(
                        "de map zou content/documents/{document}/ zijn; maak een document met `policypress new document {document}`"
                    ),
                ),
                said(
                    format!("there is no document \"{document}\""),
                    format!(
                        "its folder would be content/documents/{document}/; create a document with `policypress new document {document}`"
                    ),
                ),
            ),
            CannotOpenSite { site, error } => (
                Rule::Preview,
                said(
                    format!("de map van de site {site} kan niet worden geopend: {error}"),
                    "geef met --site de map op waar content/ in staat",
                ),
                said(
                    format!("cannot open the site folder {site}: {error}"),
                    "pass the folder that holds content/ with --site",
                ),
            ),
            NoContentToServe { root } => (
                Rule::NoSite,
                said(
                    format!("{root} heeft geen map content/"),
                    "geef met --site de map op waar content/ in staat, of maak een site met `policypress new site MAP`",
                ),
                said(
                    format!("{root} has no content/ folder"),
                    "pass the folder that holds content/ with --site, or create a site with `policypress new site DIR`",
                ),
            ),
            BindsToNetwork { bind } => (
                Rule::Preview,
                said(
                    format!(
                        "met --bind {bind} is de preview, concepten inbegrepen, te bereiken vanaf andere computers in het netwerk"
                    ),
                    "laat --bind weg om de preview op deze computer te houden (127.0.0.1)",
                ),
                said(
                    format!(
                        "--bind {bind} makes the preview, drafts included, reachable from other machines on the network"
                    ),
                    "leave out --bind to keep the preview on this computer (127.0.0.1)",
                ),
            ),
            CannotListen { address, error } => (
                Rule::Preview,
                said(
                    format!("de preview kan niet luisteren op {address}: {error}"),
                    "kies een andere poort met --port, of --port 0 voor een willekeurige vrije poort",
                ),
                said(
                    format!("cannot listen on {address}: {error}"),
                    "choose another port with --port, or --port 0 for any free one",
                ),
            ),
            CannotReadAddress { error } => (
                Rule::Preview,
                only(format!(
                    "het adres van de preview kan niet worden gelezen: {error}"
                )),
                only(format!(
                    "cannot read the address the preview listens on: {error}"
                )),
            ),
            CannotWatch { root, error } => (
                Rule::Preview,
                said(
                    format!("wijzigingen in {root} kunnen niet worden gevolgd: {error}"),
                    "de preview werkt zich niet vanzelf bij; verhoog op Linux fs.inotify.max_user_watches",
                ),
                said(
                    format!("cannot watch {root} for changes: {error}"),
                    "the preview will not update by itself; on Linux, raise fs.inotify.max_user_watches",
                ),
            ),
            WatchingStopped => (
                Rule::Preview,
                only("het volgen van de site is gestopt; de preview werkt zich niet meer bij"),
                only("watching the site stopped; the preview no longer updates"),
            ),
            ServerStopped { error } => (
                Rule::Preview,
                only(format!("de server van de preview is gestopt: {error}")),
                only(format!("the preview server stopped: {error}")),
            ),
            CannotStartServer { error } => (
                Rule::Preview,
                only(format!(
                    "de server van de preview kan niet starten: {error}"
                )),
                only(format!("cannot start the server thread: {error}")),
            ),
            LockHeld {
                kind,
                folder,
                holder,
                lock,
            } => {
                let (what_nl, what_en) = match kind {
                    LockedFolder::Site => ("de site", "the site"),
                    LockedFolder::Output => ("de uitvoermap", "the output folder"),
                };
                let (who_nl, who_en) = match holder {
                    Some(Holder {
                        pid,
                        command,
                        started,
                    }) => (
                        format!("proces {pid}, `{command}`, gestart {started}"),
                        format!("process {pid}, `{command}`, started {started}"),
                    ),
                    None => ("een ander proces".to_string(), "another process".to_string()),
                };
                (
                    Rule::BuildLock,
                    said(
                        format!("{what_nl} {folder} is in gebruik door een andere policypress: {who_nl}"),
                        format!(
                            "wacht tot die klaar is en start dit dan opnieuw (die houdt {lock} vast; de vergrendeling eindigt met dat proces)"
                        ),
                    ),
                    said(
                        format!("{what_en} {folder} is in use by another policypress: {who_en}"),
                        format!(
                            "wait until it is done and run this again (it holds {lock}; the lock ends with that process)"
                        ),
                    ),
                )
            }
            UnsafeLockFolder { folder, fault } => {
                let remove_nl = format!(
                    "verwijder haar (`rm {folder}`) en start dit opnieuw: policypress maakt de map dan zelf, alleen voor u; heeft u haar er niet neergezet, meld het dan aan de beheerder van deze computer"
                );
                let remove_en = format!(
                    "remove it (`rm {folder}`) and run this again: policypress then makes the folder itself, for you alone; if you did not put it there, tell the administrator of this computer"
                );
                let (nl, en) = match fault {
                    LockFolderFault::Link => (
                        said(
                            format!(
                                "de vergrendelmap {folder} is een koppeling (symbolic link); policypress bewaart zijn vergrendelingen alleen in een echte map van uzelf"
                            ),
                            remove_nl,
                        ),
                        said(
                            format!(
                                "the lock folder {folder} is a symbolic link; policypress keeps its locks only in a real folder of your own"
                            ),
                            remove_en,
                        ),
                    ),
                    LockFolderFault::NotAFolder => (
                        said(format!("de vergrendelmap {folder} is geen map"), remove_nl),
                        said(format!("the lock folder {folder} is not a folder"), remove_en),
                    ),
                    LockFolderFault::Owner { owner, me } => (
                        said(
                            format!(
                                "de vergrendelmap {folder} is van gebruiker {owner}, niet van u (gebruiker {me})"
                            ),
                            "een andere gebruiker heeft haar gemaakt, misschien om uw builds te hinderen: vraag de beheerder van deze computer haar te verwijderen, of zet TMPDIR op een map van uzelf",
                        ),
                        said(
                            format!(
                                "the lock folder {folder} belongs to user {owner}, not to you (user {me})"
                            ),
                            "another user made it, perhaps to get in the way of your builds: ask the administrator of this computer to remove it, or set TMPDIR to a folder of your own",
                        ),
                    ),
                    LockFolderFault::Writable { mode } => (
                        said(
                            format!(
                                "andere gebruikers kunnen schrijven in de vergrendelmap {folder} (de rechten zijn {mode:04o})"
                            ),
                            format!("maak haar alleen van u: `chmod 700 {folder}`, en start dit opnieuw"),
                        ),
                        said(
                            format!(
                                "other users can write into the lock folder {folder} (its mode is {mode:04o})"
                            ),
                            format!("make it yours alone: `chmod 700 {folder}`, and run this again"),
                        ),
                    ),
                };
                (Rule::BuildLock, nl, en)
            }
            LockFileIsALink { lock } => (
                Rule::BuildLock,
                said(
                    format!(
                        "het vergrendelbestand {lock} is een koppeling (symbolic link); policypress volgt die niet, en schrijft dus niets in het bestand waar zij naar wijst"
                    ),
                    format!(
                        "verwijder de koppeling (`rm {lock}`) en start dit opnieuw; policypress maakt het vergrendelbestand dan zelf"
                    ),
                ),
                said(
                    format!(
                        "the lock file {lock} is a symbolic link; policypress does not follow it, so it writes nothing to the file it points to"
                    ),
                    format!(
                        "remove the link (`rm {lock}`) and run this again; policypress then makes the lock file itself"
                    ),
                ),
            ),
        };
        Texts { rule, nl, en }
    }
}

const REVIEW_EN: &str = "re-adopt the document as a new version (`policypress new version DOC`), even when the text stays the same";
const REVIEW_NL: &str = "stel het document opnieuw vast als nieuwe versie (`policypress new version DOC`), ook als de tekst hetzelfde blijft";
const OUTPUT_EN: &str = "choose an output folder of its own, e.g. --out public";
const OUTPUT_NL: &str = "kies een eigen map voor de uitvoer, bijvoorbeeld --out public";

/// `nl.md`, `en.md` for the codes `missing`.
fn md_files(missing: &[String]) -> Vec<String> {
    missing.iter().map(|l| format!("{l}.md")).collect()
}

/// The Dutch name of a language, as it follows "in het": `Engels`; a code
/// policypress has no name for stays a code.
fn language_name(code: &str) -> String {
    match code {
        "nl" => "Nederlands",
        "en" => "Engels",
        "de" => "Duits",
        "fr" => "Frans",
        "es" => "Spaans",
        "pl" => "Pools",
        "tr" => "Turks",
        "ar" => "Arabisch",
        "uk" => "Oekraïens",
        "fy" => "Fries",
        "pap" => "Papiaments",
        other => return format!("`{other}`"),
    }
    .to_string()
}

fn language_names(codes: &[String]) -> Vec<String> {
    codes.iter().map(|c| language_name(c)).collect()
}

/// The English of a TOML syntax error: the parser's own words, and what to
/// do about the mistake it found.
fn syntax_en(kind: &SyntaxKind, detail: &str) -> Wording {
    let check = "check quotes, `=` signs and brackets on this line; text goes between double quotes, dates without quotes (2019-04-01)";
    let (message, hint) = match kind {
        SyntaxKind::UnclosedList => (
            "this is not valid TOML: a list that starts with `[` is not closed with `]`".to_string(),
            "end the list with `]` after its last item, e.g. languages = [\"nl\", \"en\"]".to_string(),
        ),
        SyntaxKind::UnclosedTableName => (
            "this is not valid TOML: a table name has no closing `]`".to_string(),
            "write the name of a table between brackets, e.g. [accessibility]".to_string(),
        ),
        SyntaxKind::UnclosedInlineTable => (
            "this is not valid TOML: a table that starts with `{` is not closed with `}` on this line".to_string(),
            "end it on the same line with `}`, e.g. title = { nl = \"…\", en = \"…\" }".to_string(),
        ),
        SyntaxKind::DuplicateKey(key) => (
            format!("this is not valid TOML: `{key}` is written twice"),
            "keep one of the two lines".to_string(),
        ),
        SyntaxKind::BadDate => (
            format!("this is not valid TOML: {detail}"),
            "this date does not exist: check the day and the month (February has 28 days, 29 in a leap year); write dates as YYYY-MM-DD".to_string(),
        ),
        SyntaxKind::UnclosedQuote
        | SyntaxKind::Unquoted
        | SyntaxKind::NoEquals
        | SyntaxKind::Other => (format!("this is not valid TOML: {detail}"), check.to_string()),
    };
    said(message, hint)
}

/// The Dutch of a TOML syntax error, in words for editors.
fn syntax_nl(kind: &SyntaxKind) -> Wording {
    let (message, hint) = match kind {
        SyntaxKind::UnclosedList => (
            "dit is geen geldige TOML: een lijst die begint met `[` wordt niet afgesloten met `]`".to_string(),
            "sluit de lijst af met `]` na het laatste item, bijvoorbeeld languages = [\"nl\", \"en\"]".to_string(),
        ),
        SyntaxKind::UnclosedTableName => (
            "dit is geen geldige TOML: de naam van een onderdeel heeft geen sluitende `]`".to_string(),
            "zet de naam van een onderdeel tussen vierkante haken, bijvoorbeeld [accessibility]".to_string(),
        ),
        SyntaxKind::UnclosedInlineTable => (
            "dit is geen geldige TOML: een tabel die begint met `{` wordt op deze regel niet afgesloten met `}`".to_string(),
            "sluit haar op dezelfde regel af met `}`, bijvoorbeeld title = { nl = \"…\", en = \"…\" }".to_string(),
        ),
        SyntaxKind::UnclosedQuote => (
            "dit is geen geldige TOML: de tekst heeft geen sluitend aanhalingsteken `\"`".to_string(),
            "zet aan het eind van de tekst een dubbel aanhalingsteken: name = \"Basisschool De Linde\"".to_string(),
        ),
        SyntaxKind::Unquoted => (
            "dit is geen geldige TOML: tekst moet tussen dubbele aanhalingstekens staan".to_string(),
            "schrijf tekst tussen dubbele aanhalingstekens (name = \"De Linde\") en datums zonder (2019-04-01)".to_string(),
        ),
        SyntaxKind::NoEquals => (
            "dit is geen geldige TOML: na de naam van het veld ontbreekt `=`".to_string(),
            "schrijf het veld, een `=` en dan de waarde, bijvoorbeeld name = \"De Linde\"".to_string(),
        ),
        SyntaxKind::DuplicateKey(key) => (
            format!("dit is geen geldige TOML: `{key}` staat er twee keer"),
            "houd een van de twee regels over".to_string(),
        ),
        SyntaxKind::BadDate => (
            "dit is geen geldige TOML: deze datum bestaat niet".to_string(),
            "kijk de dag en de maand na (februari heeft 28 dagen, 29 in een schrikkeljaar); schrijf datums als JJJJ-MM-DD".to_string(),
        ),
        SyntaxKind::Other => (
            "dit is geen geldige TOML".to_string(),
            "kijk op deze regel de aanhalingstekens, `=`-tekens en haken na; tekst staat tussen dubbele aanhalingstekens, datums zonder (2019-04-01)".to_string(),
        ),
    };
    said(message, hint)
}
