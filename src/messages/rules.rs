//! The rules: one stable English id for every kind of finding, as `check
//! --format json` writes it and `allow = [...]` names it, and whether an
//! editor may acknowledge it.

/// Declares the rules: variant, id, and whether `allow` may name it.
macro_rules! rules {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $id:literal, allow = $allow:literal; )+) => {
        /// A kind of finding. Its id never changes once released: scripts
        /// and `allow` lists name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Rule {
            /// Every rule, in the order of the catalog.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable English id, e.g. `bare-url`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)+
                }
            }

            /// Whether an editor may acknowledge findings of this rule with
            /// `allow = [...]`: only warnings about something a person may
            /// judge to be right, never an error and never a placeholder.
            pub fn can_allow(self) -> bool {
                match self {
                    $(Rule::$variant => $allow,)+
                }
            }
        }
    };
}

rules! {
    /// A message of a part of policypress whose messages are not in the
    /// catalog yet; it is shown in English.
    Other = "other", allow = false;
    /// A content file or text is empty.
    EmptyFile = "empty-file", allow = false;
    /// A TOML file is not valid TOML.
    TomlSyntax = "toml-syntax", allow = false;
    /// A required key is missing.
    MissingKey = "missing-key", allow = false;
    /// A key that the file does not take.
    UnknownKey = "unknown-key", allow = false;
    /// A value of the wrong kind (text for a date, a number for text …).
    WrongType = "wrong-type", allow = false;
    /// A value that is empty.
    EmptyValue = "empty-value", allow = false;
    /// A number outside the range its key allows.
    OutOfRange = "out-of-range", allow = false;
    /// A date written with a time, or a time instead of a date.
    DateFormat = "date-format", allow = false;
    /// A date that does not exist, such as 30 February.
    ImpossibleDate = "impossible-date", allow = false;
    /// A date between quotes.
    QuotedDate = "quoted-date", allow = false;
    /// A file name, folder name or reference that is not a slug.
    InvalidSlug = "invalid-slug", allow = false;
    /// A school or relationship named like a fixed part of the site's URLs.
    ReservedSlug = "reserved-slug", allow = false;
    /// A reference to a file or version that does not exist.
    UnknownReference = "unknown-reference", allow = false;
    /// A text or file in a language the site does not list.
    UnknownLanguage = "unknown-language", allow = false;
    /// A text or file missing in the site's default language.
    MissingDefaultLanguage = "missing-default-language", allow = false;
    /// An e-mail address that is not one.
    InvalidEmail = "invalid-email", allow = false;
    /// A web address that is not one.
    InvalidUrl = "invalid-url", allow = false;
    /// A version number (or version folder name) that is not one.
    InvalidVersionNumber = "invalid-version-number", allow = false;
    /// A value that is not one of those its key allows.
    InvalidValue = "invalid-value", allow = false;
    /// A file or folder the site needs is missing.
    MissingFile = "missing-file", allow = false;
    /// A relationship's `statement` is neither a document nor an address.
    StatementReference = "statement-reference", allow = false;
    /// A relationship that ends before it starts.
    UntilBeforeSince = "until-before-since", allow = false;
    /// A `[[change]]` of a relationship out of order, after its end, or
    /// announced after it takes effect.
    ChangeOrder = "change-order", allow = false;
    /// A `[[change]]` that changes nothing.
    EmptyChange = "empty-change", allow = false;
    /// Two versions that take effect on one date, or out of order.
    EffectiveDateOrder = "effective-date-order", allow = false;
    /// A published version after the first without a summary.
    MissingSummary = "missing-summary", allow = false;
    /// A material change announced with too little notice.
    ShortNotice = "short-notice", allow = false;
    /// A new sub-processor, purpose or transfer of a relationship announced
    /// with too little notice.
    RelationshipShortNotice = "relationship-short-notice", allow = false;
    /// A file that cannot be read: unreadable, too large, not UTF-8.
    UnreadableFile = "unreadable-file", allow = false;
    /// A symbolic link that points outside the site, or nowhere.
    LinkOutsideSite = "link-outside-site", allow = false;
    /// A link or image to a `javascript:`, `data:` … address.
    DangerousUrl = "dangerous-url", allow = false;
    /// A `#` heading where the page title comes from elsewhere, or a page
    /// without its title.
    HeadingStructure = "heading-structure", allow = false;
    /// `[VUL IN]` or `[FILL IN]` left in the content.
    Placeholder = "placeholder", allow = false;
    /// An `allow` list that names a rule that does not exist, or one that
    /// cannot be acknowledged.
    UnknownRule = "unknown-rule", allow = false;
    /// A private key in a folder that is published.
    PrivateKey = "private-key", allow = false;
    /// A problem with the site's transparency log.
    TransparencyLog = "transparency-log", allow = false;
    /// A problem with the site's theme.
    Theme = "theme", allow = false;
    /// A template that failed.
    Template = "template", allow = false;
    /// An output folder that would replace the site or its sources.
    OutputFolder = "output-folder", allow = false;
    /// No site where a command needs one.
    NoSite = "no-site", allow = false;
    /// `policypress new` would overwrite a file.
    FileExists = "file-exists", allow = false;
    /// The preview cannot start or go on.
    Preview = "preview", allow = false;
    /// The build lock: another policypress holds it, or its folder or
    /// file is not safe to use.
    BuildLock = "build-lock", allow = false;
    /// A file or folder that is ignored.
    IgnoredFile = "ignored-file", allow = true;
    /// A version that took effect before it was published.
    EffectiveBeforePublished = "effective-before-published", allow = true;
    /// A version approved after it was published.
    ApprovedAfterPublished = "approved-after-published", allow = true;
    /// A partially compliant site that lists no known issues.
    NoKnownIssues = "no-known-issues", allow = true;
    /// A version marked not material whose period added what is material.
    MaybeMaterial = "maybe-material", allow = true;
    /// A relationship that lists a school of another board.
    SchoolOfOtherBoard = "school-of-other-board", allow = true;
    /// An image without alt text.
    ImageWithoutAlt = "image-without-alt", allow = true;
    /// A link without text.
    LinkWithoutText = "link-without-text", allow = true;
    /// A link text such as "klik hier" that does not say where it goes.
    VagueLinkText = "vague-link-text", allow = true;
    /// A link whose text is its address.
    BareUrl = "bare-url", allow = true;
    /// A heading that skips a level.
    HeadingLevelSkipped = "heading-level-skipped", allow = true;
    /// "klik hier" as plain text: the link was lost.
    ClickHereWithoutLink = "click-here-without-link", allow = true;
    /// HTML in Markdown, which readers see as text, tags and all.
    RawHtml = "raw-html", allow = true;
    /// A document whose review is overdue.
    ReviewOverdue = "review-overdue", allow = true;
    /// A document whose review is due within 90 days.
    ReviewDueSoon = "review-due-soon", allow = true;
    /// A text or body missing in one of the site's languages.
    MissingTranslation = "missing-translation", allow = true;
    /// A processor relationship without a processing agreement.
    NoAgreement = "no-agreement", allow = true;
    /// A processor relationship that does not say where data is processed.
    NoLocation = "no-location", allow = true;
    /// A relationship that does not say which personal data is shared.
    NoDataCategories = "no-data-categories", allow = true;
    /// A relationship that does not say whose data is shared.
    NoDataSubjects = "no-data-subjects", allow = true;
    /// A relationship without a retention period.
    NoRetention = "no-retention", allow = true;
    /// A heading with nothing under it.
    EmptySection = "empty-section", allow = true;
    /// A controller (a school board) without a data-protection officer.
    NoDpo = "no-dpo", allow = true;
    /// A site without an `[accessibility]` table.
    NoAccessibilityStatement = "no-accessibility-statement", allow = true;
    /// A school board relying on legitimate interests.
    PublicBodyLegitimateInterests = "public-body-legitimate-interests", allow = true;
    /// A version whose text is the same as the version before it.
    UnchangedText = "unchanged-text", allow = true;
    /// A draft after the first version without a summary yet.
    EmptySummary = "empty-summary", allow = true;
    /// A privacy statement's version in force or to come without `short`.
    NoShort = "no-short", allow = true;
    /// A country code that ISO 3166-1 does not assign.
    UnknownCountry = "unknown-country", allow = false;
    /// A relationship's `location` written as free text rather than as
    /// countries.
    FreeTextLocation = "free-text-location", allow = false;
    /// Data processed outside the EEA without a transfer basis.
    TransferWithoutBasis = "transfer-without-basis", allow = false;
    /// `late_entry` on the newest version, which no later version follows.
    LateEntryOnNewest = "late-entry-on-newest", allow = false;
    /// A site without a transparency log.
    NoTransparencyLog = "no-transparency-log", allow = true;
}

impl Rule {
    /// The rule whose id is `id`.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
