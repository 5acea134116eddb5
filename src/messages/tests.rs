//! Every message of the catalog, read in both languages.

use super::catalog::{
    self, Choice, Expected, Found, Holder, LockFolderFault, LockedFolder, Message, Noun, Part,
    Reason, SyntaxKind,
};
use super::say::{self, Say};
use super::{Language, Rule, Wording};
use crate::upcoming::Happening;

/// One sample of every message, each variant at least once.
fn messages() -> Vec<Message> {
    use Message::*;
    let s = |t: &str| t.to_string();
    let v = |t: &[&str]| t.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        CannotReadFile {
            error: s("permission denied"),
        },
        CannotReadFolder {
            error: s("permission denied"),
        },
        FileTooLarge { mib: s("20.0") },
        NotUtf8,
        NameNotUnicode,
        LinkOutside {
            target: s("/etc/passwd"),
        },
        LinkBroken,
        EmptyFile,
        Syntax {
            kind: SyntaxKind::UnclosedList,
            detail: s("missing comma"),
        },
        Syntax {
            kind: SyntaxKind::UnclosedQuote,
            detail: s("invalid basic string"),
        },
        Syntax {
            kind: SyntaxKind::DuplicateKey(s("name")),
            detail: s("duplicate key"),
        },
        Syntax {
            kind: SyntaxKind::UnclosedTableName,
            detail: s("unclosed table"),
        },
        Syntax {
            kind: SyntaxKind::UnclosedInlineTable,
            detail: s("unclosed inline table"),
        },
        Syntax {
            kind: SyntaxKind::Unquoted,
            detail: s("string values must be quoted"),
        },
        Syntax {
            kind: SyntaxKind::NoEquals,
            detail: s("key with no value"),
        },
        Syntax {
            kind: SyntaxKind::BadDate,
            detail: s("invalid date"),
        },
        Syntax {
            kind: SyntaxKind::Other,
            detail: s("invalid"),
        },
        MissingKey {
            part: Part::SchoolFile,
            key: s("board"),
            example: s("\"slug\""),
        },
        UnknownKey {
            key: s("bord"),
            part: Part::DpoTable,
            suggestion: Some(s("board")),
            english: false,
            takes: v(&["name"]),
        },
        UnknownKey {
            key: s("telefoon"),
            part: Part::OrganisationFile,
            suggestion: Some(s("phone")),
            english: true,
            takes: v(&["phone"]),
        },
        UnknownKey {
            key: s("x"),
            part: Part::Agreement,
            suggestion: None,
            english: false,
            takes: v(&["name", "signed"]),
        },
        WrongType {
            key: s("name"),
            expected: Expected::QuotedText,
            found: Found(s("integer")),
            example: s("\"…\""),
        },
        EmptyValue {
            key: s("base_url"),
            example: s("\"https://…\""),
        },
        EmptyText { key: s("address") },
        QuotedBoolean { key: s("material") },
        OutOfRange {
            key: s("review_every_years"),
            min: 1,
            max: 20,
        },
        TimeNotDate { key: s("since") },
        DateWithTime {
            key: s("since"),
            date: s("2024-01-01"),
        },
        ImpossibleDate {
            key: s("since"),
            date: s("2024-02-30"),
        },
        QuotedDate {
            key: s("since"),
            text: s("2024-01-01"),
            looks_like_date: true,
        },
        QuotedDate {
            key: s("since"),
            text: s("januari"),
            looks_like_date: false,
        },
        NotASlug {
            key: s("board"),
            value: s("De Linde"),
            suggestion: s("de-linde"),
        },
        UnknownReference {
            key: s("board"),
            noun: Noun::Organisation,
            slug: s("x"),
            suggestion: Some(s("y")),
            add: s("content/organisations/x.toml"),
        },
        UnknownReference {
            key: s("documents"),
            noun: Noun::Document,
            slug: s("x"),
            suggestion: None,
            add: s("content/documents/x/document.toml"),
        },
        UnknownStatementVersion {
            version: s("9.9"),
            document: s("d"),
            known: v(&["1.0"]),
        },
        TextLanguageNotListed {
            key: s("title"),
            lang: s("de"),
            languages: v(&["nl", "en"]),
        },
        EmptyLanguageText {
            key: s("title"),
            lang: s("en"),
        },
        NoDefaultLanguageText {
            key: s("title"),
            default: s("nl"),
        },
        InvalidEmail {
            key: s("email"),
            value: s("x"),
        },
        InvalidUrl {
            key: s("website"),
            value: s("x"),
        },
        InvalidVersionNumber { value: s("v1") },
        NotOneOf {
            of: Choice::DocumentKind,
            value: s("x"),
            suggestion: None,
            english: false,
        },
        NotOneOf {
            of: Choice::RelationshipKind,
            value: s("verwerker"),
            suggestion: Some(s("processor")),
            english: true,
        },
        NotOneOf {
            of: Choice::EvaluationMethod,
            value: s("auditt"),
            suggestion: Some(s("audit")),
            english: false,
        },
        NotOneOf {
            of: Choice::ComplianceStatus,
            value: s("x"),
            suggestion: None,
            english: false,
        },
        NotALegalBasis {
            value: s("gerechtvaardigd-belang"),
            suggestion: Some(s("legitimate-interests")),
            english: true,
            bases: v(&["consent"]),
        },
        NotALegalBasis {
            value: s("consnt"),
            suggestion: Some(s("consent")),
            english: false,
            bases: v(&["consent"]),
        },
        NotALegalBasis {
            value: s("x"),
            suggestion: None,
            english: false,
            bases: v(&["consent"]),
        },
        BadSchools,
        EmptyPurposes,
        VersionWithUrl,
        StatementBoth,
        StatementNeither,
        UntilBeforeSince,
        ChangeNotAfter {
            from: s("2020-01-01"),
            before: s("2020-08-01"),
        },
        ChangeAfterUntil {
            from: s("2025-01-01"),
            until: s("2024-07-31"),
        },
        EmptyChange,
        AnnouncedAfterFrom,
        BadKvk { value: s("1") },
        BadBrin { value: s("1") },
        EmptyDpo,
        LanguagesNotList,
        NotALanguageCode { code: s("NL") },
        LanguageTwice { code: s("nl") },
        BadBaseUrl { value: s("x") },
        BadOrigin,
        BadPublicKey {
            path: s("transparency/publisher.pub"),
        },
        BadTsaUrl { value: s("x") },
        TsaWithoutCertificates {
            url: s("https://tsa.example/"),
            file: s("transparency/tsa/tsa.example.pem"),
            why: s("missing"),
        },
        NoKnownIssues,
        UnknownRuleName {
            value: s("bare-urls"),
            suggestion: Some(s("bare-url")),
        },
        UnknownRuleName {
            value: s("x"),
            suggestion: None,
        },
        CannotAllow {
            rule: Rule::Placeholder,
        },
        NoContentFolder { root: s("/tmp/x") },
        NoSiteToml,
        NoVersionToml,
        NoDocumentToml,
        NoVersions,
        NoDefaultBody {
            noun: Noun::Document,
            default: s("nl"),
        },
        NoDefaultBody {
            noun: Noun::Page,
            default: s("nl"),
        },
        IgnoredInVersion { name: s("x.txt") },
        IgnoredInDocument { name: s("x.txt") },
        IgnoredFolder { hint: true },
        IgnoredFolder { hint: false },
        NotToml { name: s("x.txt") },
        NotAFolder {
            name: s("x.md"),
            noun: Noun::Page,
        },
        NotAFolder {
            name: s("x.md"),
            noun: Noun::Document,
        },
        Stranger { name: s("x") },
        BadName {
            name: s("De Linde.toml"),
            folder: false,
            suggestion: s("de-linde"),
        },
        BadName {
            name: s("De Linde"),
            folder: true,
            suggestion: s("de-linde"),
        },
        ReservedSlug {
            slug: s("register"),
            noun: Noun::Relationship,
        },
        BadVersionFolder { name: s("v1.0") },
        BodyLanguageNotListed {
            name: s("de.md"),
            lang: s("de"),
            languages: v(&["nl", "en"]),
        },
        EmptyBody { default: false },
        EmptyBody { default: true },
        EffectiveBeforePublished,
        ApprovedAfterPublished,
        SameEffectiveDate {
            first: s("1.0"),
            second: s("1.1"),
        },
        EffectiveOutOfOrder {
            later: s("1.1"),
            earlier: s("1.0"),
        },
        NoSummary { version: s("1.1") },
        EmptySummary { version: s("1.1") },
        NoShort {
            document: s("privacyverklaring"),
            version: s("2.0"),
        },
        LateEntryOnNewest { version: s("1.1") },
        ShortNotice {
            version: s("1.1"),
            days: 12,
            needed: 30,
            move_to: s("2024-06-19"),
        },
        RelationshipShortNotice {
            relationship: s("bloom"),
            from: s("2027-03-01"),
            days: 12,
            needed: 30,
        },
        MaybeMaterial {
            version: s("1.1"),
            document: s("d"),
            reasons: vec![
                Reason::NewParty {
                    kind: "processor",
                    name: s("Wolk"),
                    relationship: s("r"),
                    since: s("2024-01-01"),
                },
                Reason::NewParty {
                    kind: "recipient",
                    name: s("DUO"),
                    relationship: s("r"),
                    since: s("2024-01-01"),
                },
                Reason::NewParty {
                    kind: "joint-controller",
                    name: s("X"),
                    relationship: s("r"),
                    since: s("2024-01-01"),
                },
                Reason::NewPurpose {
                    purpose: s("p"),
                    relationship: s("r"),
                    since: s("2024-01-01"),
                },
                Reason::NewCategory {
                    category: s("c"),
                    relationship: s("r"),
                    since: s("2024-01-01"),
                },
                Reason::NewSubProcessor {
                    slug: s("s"),
                    relationship: s("r"),
                    since: s("2024-01-01"),
                },
                Reason::OutsideEea {
                    place: s("VS"),
                    relationship: s("r"),
                    since: s("2024-01-01"),
                },
            ],
        },
        UnchangedText {
            version: s("1.1"),
            previous: s("1.0"),
        },
        SchoolOfOtherBoard {
            school: s("a"),
            board: s("b"),
            controller: s("c"),
        },
        DangerousHtmlUrl {
            attr: s("href"),
            url: s("javascript:x"),
        },
        DangerousUrl {
            image: true,
            url: s("javascript:x"),
        },
        DangerousUrl {
            image: false,
            url: s("javascript:x"),
        },
        ImageWithoutAlt,
        LinkWithoutText,
        VagueLinkText {
            text: s("klik hier"),
        },
        BareUrl {
            url: s("https://x.nl"),
        },
        RawHtml { tag: s("<br>") },
        ClickHereWithoutLink {
            phrase: s("klik hier"),
        },
        TitleInVersion,
        SecondTitle,
        PageWithoutTitle,
        HeadingSkipped {
            level: 4,
            previous: 2,
        },
        ReviewOverdue {
            document: s("d"),
            due: s("2024-01-01"),
            version: s("1.0"),
            effective: s("2020-01-01"),
            years: 4,
        },
        ReviewDueSoon {
            document: s("d"),
            due: s("2024-01-01"),
        },
        VersionNotTranslated {
            version: s("1.0"),
            document: s("d"),
            missing: v(&["en", "de"]),
            default: s("nl"),
        },
        PageNotTranslated {
            page: s("contact"),
            missing: v(&["en"]),
        },
        TextNotTranslated {
            key: s("title"),
            missing: v(&["en"]),
        },
        NoAgreement {
            relationship: s("r"),
        },
        NoLocation {
            relationship: s("r"),
        },
        UnknownCountry {
            value: s("UK"),
            suggestion: Some(s("GB")),
        },
        UnknownCountry {
            value: s("EU"),
            suggestion: None,
        },
        NoCountries,
        FreeTextLocation,
        TransferWithoutBasis {
            countries: vec![s("Verenigde Staten")],
        },
        OutsideEeaWithCountries,
        LocationNotCountries,
        NoDataCategories {
            relationship: s("r"),
        },
        NoDataSubjects {
            relationship: s("r"),
        },
        NoRetention {
            relationship: s("r"),
        },
        EmptySection {
            heading: s("## Leeg"),
        },
        NoDpo {
            organisation: s("bestuur"),
        },
        NoAccessibility,
        PublicBodyLegitimateInterests {
            relationship: s("r"),
            controller: s("c"),
        },
        Placeholder {
            text: s("[VUL IN]"),
            key: Some(s("since")),
            draft: false,
            publishing: true,
        },
        Placeholder {
            text: s("[VUL IN]"),
            key: None,
            draft: true,
            publishing: false,
        },
        Placeholder {
            text: s("[FILL IN]"),
            key: None,
            draft: false,
            publishing: false,
        },
        NoTransparencyLog,
        NoLogName {
            host: s("privacy.example.nl"),
        },
        OutputHoldsSite { out: s("x") },
        OutputInsideSources {
            out: s("x"),
            folder: s("content"),
        },
        OutputIsASite { out: s("x") },
        FileExists,
        NewSlug {
            slug: s("De Linde"),
            noun: Noun::School,
            suggestion: s("de-linde"),
        },
        NoSiteHere { root: s("/tmp") },
        SiteTomlUnreadable,
        NoSuchDocument { document: s("d") },
        CannotOpenSite {
            site: s("x"),
            error: s("e"),
        },
        NoContentToServe { root: s("x") },
        BindsToNetwork { bind: s("0.0.0.0") },
        CannotListen {
            address: s("127.0.0.1:1"),
            error: s("e"),
        },
        CannotReadAddress { error: s("e") },
        CannotWatch {
            root: s("x"),
            error: s("e"),
        },
        WatchingStopped,
        ServerStopped { error: s("e") },
        CannotStartServer { error: s("e") },
        LockHeld {
            kind: LockedFolder::Site,
            folder: s("/srv/site"),
            holder: Some(Holder {
                pid: s("4242"),
                command: s("policypress build"),
                started: s("2026-12-04 08:30:12 UTC"),
            }),
            lock: s("/run/user/1000/policypress/site-0123456789abcdef.lock"),
        },
        LockHeld {
            kind: LockedFolder::Output,
            folder: s("/srv/site/public"),
            holder: None,
            lock: s("/tmp/policypress-1000/output-0123456789abcdef.lock"),
        },
        UnsafeLockFolder {
            folder: s("/tmp/policypress-1000"),
            fault: LockFolderFault::Link,
        },
        UnsafeLockFolder {
            folder: s("/tmp/policypress-1000"),
            fault: LockFolderFault::NotAFolder,
        },
        UnsafeLockFolder {
            folder: s("/tmp/policypress-1000"),
            fault: LockFolderFault::Owner {
                owner: 1001,
                me: 1000,
            },
        },
        UnsafeLockFolder {
            folder: s("/tmp/policypress-1000"),
            fault: LockFolderFault::Writable { mode: 0o777 },
        },
        LockFileIsALink {
            lock: s("/tmp/policypress-1000/site-0123456789abcdef.lock"),
        },
    ]
}

fn lines() -> Vec<Say> {
    use Say::*;
    let s = |t: &str| t.to_string();
    vec![
        ErrorLabel,
        WarningLabel,
        HintLabel,
        Counts {
            errors: 1,
            warnings: 2,
            acknowledged: 0,
        },
        Counts {
            errors: 0,
            warnings: 1,
            acknowledged: 3,
        },
        NothingWritten,
        Built {
            pages: 3,
            millis: 10,
            out: s("public"),
        },
        ChangesOn {
            date: s("2027-01-01"),
            what: vec![
                Happening::TakesEffect {
                    document: s("d"),
                    version: s("2.0"),
                },
                Happening::Starts {
                    relationship: s("r"),
                },
                Happening::Ends {
                    relationship: s("r"),
                    last_day: time::macros::date!(2026 - 12 - 31),
                },
                Happening::Changes {
                    relationship: s("r"),
                    state: 2,
                },
                Happening::Published {
                    document: s("d"),
                    version: s("3.0"),
                },
                Happening::ReviewDue { document: s("d") },
            ],
        },
        NoChangeByItself,
        Created { path: s("x") },
        NextSite { dir: s("x") },
        NextDocument { slug: s("x") },
        NextVersion { number: s("1.1") },
        NextSchool,
        NextRelationship,
        Serving {
            url: s("http://127.0.0.1:1111/"),
        },
        DoesNotBuildYet,
        DraftsShown,
        Changed {
            path: s("x"),
            more: 0,
        },
        Changed {
            path: s("x"),
            more: 2,
        },
        BuiltFiles {
            files: 3,
            millis: 10,
            warnings: 1,
        },
        Rebuilt {
            millis: 10,
            pages: 1,
            warnings: 0,
        },
        ErrorsFixed,
        NotRebuilt { errors: 2 },
        LostTrack,
        OverlayTitle { errors: 1 },
        OverlayIntro,
        NotBuilt,
        NoBrowser {
            command: s("xdg-open"),
            error: s("e"),
            url: s("http://x"),
        },
        AuditSchool {
            name: s("De Linde"),
            slug: s("de-linde"),
        },
        AuditNoSchool,
        AuditNothing,
        AuditNoAgreement {
            party: s("P"),
            relationship: s("r"),
        },
        AuditNoLocation {
            party: s("P"),
            relationship: s("r"),
        },
        AuditSubProcessorNoLocation {
            sub: s("s"),
            party: s("P"),
            relationship: s("r"),
        },
        AuditNoBijsluiter {
            party: s("P"),
            relationship: s("r"),
        },
        AuditNoDpia {
            party: s("P"),
            relationship: s("r"),
            categories: vec![s("health")],
        },
        AuditTransfer {
            party: s("P"),
            relationship: s("r"),
            countries: vec![s("US")],
        },
        AuditSubProcessorTransfer {
            sub: s("s"),
            party: s("P"),
            relationship: s("r"),
            countries: vec![s("US")],
        },
        AuditCounts {
            items: 2,
            schools: 1,
        },
    ]
}

/// The name of a variant, from its debug form.
fn variant(debug: &str) -> &str {
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// English words that give away an untranslated Dutch text, and back.
const ENGLISH: &[&str] = &[
    " the ",
    " is not ",
    " must ",
    " does not ",
    " cannot ",
    " with ",
];
const DUTCH: &[&str] = &[" het ", " niet ", " moet ", " geen ", " voor ", " wordt "];

fn check_wording(what: &str, nl: &Wording, en: &Wording) {
    assert!(!nl.message.trim().is_empty(), "{what}: no Dutch");
    assert!(!en.message.trim().is_empty(), "{what}: no English");
    assert_ne!(nl.message, en.message, "{what}: the Dutch is the English");
    assert_eq!(
        nl.hint.is_some(),
        en.hint.is_some(),
        "{what}: a hint in one language only"
    );
    if let (Some(n), Some(e)) = (&nl.hint, &en.hint) {
        assert!(!n.trim().is_empty() && !e.trim().is_empty(), "{what}");
        assert_ne!(n, e, "{what}: the Dutch hint is the English");
    }
    let nl_all = format!("{} {}", nl.message, nl.hint.as_deref().unwrap_or(""));
    let en_all = format!("{} {}", en.message, en.hint.as_deref().unwrap_or(""));
    for word in ENGLISH {
        assert!(
            !nl_all.contains(word),
            "{what}: English in the Dutch: {nl_all}"
        );
    }
    for word in DUTCH {
        assert!(
            !en_all.contains(word),
            "{what}: Dutch in the English: {en_all}"
        );
    }
}

#[test]
fn every_message_is_written_in_every_language() {
    let samples = messages();
    for name in catalog::VARIANTS {
        assert!(
            samples.iter().any(|m| variant(&format!("{m:?}")) == *name),
            "no sample of Message::{name} in messages/tests.rs"
        );
    }
    for m in &samples {
        let t = m.texts();
        check_wording(&format!("{m:?}"), &t.nl, &t.en);
        assert_eq!(t.get(Language::Nl), &t.nl);
    }
}

#[test]
fn every_line_is_written_in_every_language() {
    let samples = lines();
    for name in say::VARIANTS {
        assert!(
            samples.iter().any(|m| variant(&format!("{m:?}")) == *name),
            "no sample of Say::{name} in messages/tests.rs"
        );
    }
    for line in &samples {
        let (nl, en) = (line.text(Language::Nl), line.text(Language::En));
        check_wording(
            &format!("{line:?}"),
            &Wording {
                message: nl,
                hint: None,
            },
            &Wording {
                message: en,
                hint: None,
            },
        );
    }
}

#[test]
fn rule_ids_are_kebab_case_and_distinct() {
    let mut seen = std::collections::HashSet::new();
    for r in Rule::ALL {
        let id = r.id();
        assert!(
            id.split('-')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase())),
            "{id}"
        );
        assert!(seen.insert(id), "{id} twice");
        assert_eq!(Rule::from_id(id), Some(*r));
    }
    // Placeholders and errors are never acknowledged.
    assert!(!Rule::Placeholder.can_allow());
    assert!(Rule::BareUrl.can_allow());
}

#[test]
fn every_rule_has_a_message() {
    let used: std::collections::HashSet<Rule> = messages().iter().map(|m| m.texts().rule).collect();
    // Rules given to messages from outside the catalog.
    let outside = [
        Rule::Other,
        Rule::PrivateKey,
        Rule::TransparencyLog,
        Rule::Theme,
        Rule::Template,
    ];
    for r in Rule::ALL {
        assert!(
            used.contains(r) || outside.contains(r),
            "no message has the rule {r}"
        );
    }
}

#[test]
fn languages_by_code() {
    assert_eq!(Language::from_code("nl"), Some(Language::Nl));
    assert_eq!(Language::from_code("nl-be"), Some(Language::Nl));
    assert_eq!(Language::from_code("en"), Some(Language::En));
    assert_eq!(Language::from_code("de"), None);
    assert_eq!(Language::En.code(), "en");
}

#[test]
fn the_reference_lists_exactly_the_warnings_allow_takes() {
    let doc = include_str!("../../docs/content-format.md");
    let start = doc
        .find("\n## What `check` warns about\n")
        .expect("bug: the reference has a section on check's warnings");
    let section = &doc[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let listed = section
        .split("acknowledge with `allow`")
        .nth(1)
        .expect("bug: the section lists the warnings allow takes");
    let named: std::collections::BTreeSet<&str> = listed.split('`').skip(1).step_by(2).collect();
    let allowable: std::collections::BTreeSet<&str> = Rule::ALL
        .iter()
        .filter(|r| r.can_allow())
        .map(|r| r.id())
        .collect();
    assert_eq!(
        named, allowable,
        "docs/content-format.md and Rule::can_allow differ"
    );
}
