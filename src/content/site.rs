//! Reads `content/site.toml`: the site's title, address, languages and
//! publisher, and its `[markdown]`, `[transparency]` and `[accessibility]`
//! tables. It is read first: its languages are what every text of the
//! other files is checked against.

use std::path::Path;

use toml::Spanned;
use toml::de::DeValue;

use super::Loader;
use super::placeholders::is_placeholder;
use super::table::{Table, TomlFile, Val, closest};
use crate::diag::Severity;
use crate::messages::{Choice, Message, Part, Rule};
use crate::model::{
    AccessibilityConfig, ComplianceStatus, EvaluationMethod, Lang, RightsConfig, SiteConfig,
    TransparencyConfig,
};

/// Where the publisher's public key is, relative to the site: the only
/// value `[transparency] public_key` may have.
const PUBLIC_KEY_PATH: &str = "transparency/publisher.pub";

/// Reads `site.toml`; its languages become the loader's once they are valid.
pub(super) fn read(l: &mut Loader, path: &Path) -> Option<SiteConfig> {
    let read = l.toml(path, Part::SiteFile, config)?;
    let (languages, config) = read.value;
    if !languages.is_empty() {
        l.langs = Some(languages);
    }
    config.filter(|_| read.clean)
}

/// When site.toml gives no configuration and says nothing is wrong, a
/// placeholder stands where a value is needed: nothing can be shown
/// without one, so even a preview stops there.
pub(super) fn no_config(l: &mut Loader, path: &Path) {
    let rel = l.rel(path);
    let in_file = |d: &crate::diag::Diagnostic| d.file.as_deref() == Some(rel.as_path());
    if l.diags.iter().any(|d| d.is_error() && in_file(d)) {
        return;
    }
    for d in l.diags.iter_mut() {
        if d.rule == Rule::Placeholder && in_file(d) {
            d.severity = Severity::Error;
        }
    }
}

/// The languages read, and the configuration when nothing it needs is wrong.
fn config(t: &mut Table) -> (Vec<Lang>, Option<SiteConfig>) {
    // Asked for in the documented order, which the hint for an unknown key
    // lists; the languages are read first all the same, since the title
    // and every other text are checked against them.
    let title = t.get("title");
    let base_url = t.get("base_url");
    let languages = languages(t);
    t.langs = (!languages.is_empty()).then(|| languages.clone());
    let title_example = "{ nl = \"Privacy bij …\", en = \"Privacy at …\" }";
    t.opt("allow", TomlFile::allow);
    let title = t
        .required(title, "title", title_example)
        .and_then(|v| t.text(v, "title"));
    let base_url = t
        .required(base_url, "base_url", "\"https://privacy.example.nl/\"")
        .and_then(|v| self::base_url(t, v, "base_url"));
    let publisher = t.req(
        "publisher",
        "\"slug-of-the-board\"",
        TomlFile::organisation_ref,
    );
    let theme = t.opt_or("theme", "default".to_string(), |f, v, key| {
        f.slug(v, key).map(Spanned::into_inner)
    });
    let material_notice_days = t.opt_or("material_notice_days", 30, |f, v, key| {
        f.integer(v, key, 0..=3650)
    });
    let unsafe_html = t
        .table(
            "markdown",
            Part::MarkdownTable,
            "{ unsafe_html = false }",
            |m| m.opt("unsafe_html", TomlFile::boolean),
        )
        .unwrap_or(false);
    let transparency = t.table(
        "transparency",
        Part::TransparencyTable,
        "{ origin = \"privacy.example.nl/log\" }",
        transparency,
    );
    let accessibility = t.table(
        "accessibility",
        Part::AccessibilityTable,
        "{ contact = \"webredactie@example.nl\", evaluated = 2026-10-14 }",
        accessibility,
    );
    let rights = t.table(
        "rights",
        Part::RightsTable,
        "{ contact = \"privacy@example.nl\" }",
        rights,
    );
    let config = match (title, base_url, publisher, theme, material_notice_days) {
        (Some(title), Some(base_url), Some(publisher), Some(theme), Some(days))
            if !languages.is_empty() =>
        {
            Some(SiteConfig {
                title,
                base_url,
                languages: languages.clone(),
                publisher: publisher.into_inner(),
                theme,
                material_notice_days: days,
                unsafe_html,
                transparency,
                accessibility,
                rights,
            })
        }
        _ => None,
    };
    (languages, config)
}

/// `languages`: a list of distinct language codes, at least one; the codes
/// that are wrong are reported and left out.
fn languages(t: &mut Table) -> Vec<Lang> {
    let mut languages = Vec::new();
    let Some(v) = t.require("languages", "[\"nl\", \"en\"]") else {
        return languages;
    };
    let items = match v.get_ref() {
        DeValue::Array(items) if !items.is_empty() => items,
        _ => {
            t.error(v.span(), Message::LanguagesNotList);
            return languages;
        }
    };
    for item in items.iter() {
        let Some(code) = t.string(item, "languages", "[\"nl\", \"en\"]") else {
            continue;
        };
        if !is_language_code(&code) {
            t.error(item.span(), Message::NotALanguageCode { code });
        } else if languages.contains(&code) {
            t.error(item.span(), Message::LanguageTwice { code });
        } else {
            languages.push(code);
        }
    }
    languages
}

/// A language code such as `nl`, `en` or `pt-br`.
fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.split('-').next().unwrap_or("").len())
        && code.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `base_url`: a full web address without query or fragment; it gets a
/// closing `/`.
fn base_url(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    if is_placeholder(v) {
        // Reported as a placeholder; a preview can go on without it.
        return Some("https://example.invalid/".to_string());
    }
    let s = f.nonempty_string(v, key, "\"https://privacy.example.nl/\"")?;
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !s.contains(['?', '#', ' ']) => {
            Some(if s.ends_with('/') { s } else { format!("{s}/") })
        }
        _ => {
            f.error(v.span(), Message::BadBaseUrl { value: s });
            None
        }
    }
}

/// The `[transparency]` table.
fn transparency(t: &mut Table) -> Option<TransparencyConfig> {
    let origin = t.req("origin", "\"privacy.example.nl/log\"", origin);
    // The log's files sit beside each other under fixed names, so
    // verifiers find them; another path would be silently ignored.
    let public_key = t.opt_or("public_key", PUBLIC_KEY_PATH.to_string(), public_key);
    let timestamp_authorities = t.opt_or("timestamp_authorities", Vec::new(), tsa_urls);
    Some(TransparencyConfig {
        origin: origin?,
        public_key: public_key?,
        timestamp_authorities: timestamp_authorities?,
    })
}

/// `origin`: the log's name in its checkpoints.
fn origin(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    if is_placeholder(v) {
        return None;
    }
    let s = f.nonempty_string(v, key, "\"privacy.example.nl/log\"")?;
    if s.contains(char::is_whitespace) || s.contains('+') || s.contains("://") {
        f.error(v.span(), Message::BadOrigin);
        return None;
    }
    Some(s)
}

/// `timestamp_authorities`: a list of http(s) URLs, each once, each with a
/// host to name its certificate file after.
fn tsa_urls(f: &mut TomlFile, v: Val, key: &str) -> Option<Vec<String>> {
    let toml::de::DeValue::Array(items) = v.get_ref() else {
        f.error(
            v.span(),
            Message::BadTsaUrl {
                value: String::new(),
            },
        );
        return None;
    };
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(url) = f.web_url(item, key) else {
            ok = false;
            continue;
        };
        let named = crate::tsa::file_name(&url);
        let twice = named.is_some() && out.iter().any(|u| crate::tsa::file_name(u) == named);
        if named.is_none() || twice {
            f.error(item.span(), Message::BadTsaUrl { value: url });
            ok = false;
            continue;
        }
        out.push(url);
    }
    ok.then_some(out)
}

/// `public_key`: [`PUBLIC_KEY_PATH`], the only value it may have.
fn public_key(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    let path = f.nonempty_string(v, key, "\"transparency/publisher.pub\"")?;
    if path.trim_start_matches("./") == PUBLIC_KEY_PATH {
        return Some(PUBLIC_KEY_PATH.to_string());
    }
    f.error(
        v.span(),
        Message::BadPublicKey {
            path: PUBLIC_KEY_PATH.to_string(),
        },
    );
    None
}

/// The `[accessibility]` table, from which the accessibility statement is made.
fn accessibility(t: &mut Table) -> Option<AccessibilityConfig> {
    let contact = t.req("contact", "\"webredactie@example.nl\"", TomlFile::email);
    let evaluated = t.req("evaluated", "2026-10-14", TomlFile::date);
    let method = t.opt_or("method", EvaluationMethod::SelfAssessment, method);
    let status = t.opt_or("status", ComplianceStatus::Compliant, status);
    let known_issues = t
        .opt("known_issues", TomlFile::text_list)
        .unwrap_or_default();
    if status == Some(ComplianceStatus::PartiallyCompliant) && known_issues.is_empty() {
        let span = t.span();
        t.warning(span, Message::NoKnownIssues);
    }
    let report_url = t.opt("report_url", TomlFile::web_url);
    Some(AccessibilityConfig {
        contact: contact?,
        evaluated: evaluated?,
        method: method?,
        status: status?,
        known_issues,
        report_url,
    })
}

/// The `[rights]` table, which adapts the rights block of school and
/// relationship pages.
fn rights(t: &mut Table) -> Option<RightsConfig> {
    let contact = t.opt("contact", TomlFile::email);
    let document = t.opt("document", TomlFile::document_ref);
    let section = t.opt("section", TomlFile::text);
    let note = t.opt("note", TomlFile::text);
    Some(RightsConfig {
        contact,
        document,
        section,
        note,
    })
}

/// `method`: who evaluated the site.
fn method(f: &mut TomlFile, v: Val, key: &str) -> Option<EvaluationMethod> {
    if is_placeholder(v) {
        return None;
    }
    match f.string(v, key, "\"self\"")?.as_str() {
        "self" => Some(EvaluationMethod::SelfAssessment),
        "audit" => Some(EvaluationMethod::Audit),
        other => {
            not_one_of(f, v, Choice::EvaluationMethod, other);
            None
        }
    }
}

/// Reports that `value` is not one of the values of `of`.
fn not_one_of(f: &mut TomlFile, v: Val, of: Choice, value: &str) {
    let dutch = match (of, value.trim().to_lowercase().as_str()) {
        (Choice::EvaluationMethod, "zelf" | "zelfevaluatie" | "eigen") => Some("self"),
        (Choice::EvaluationMethod, "extern" | "onderzoek") => Some("audit"),
        (Choice::ComplianceStatus, "voldoet") => Some("compliant"),
        (Choice::ComplianceStatus, "voldoet-gedeeltelijk" | "gedeeltelijk") => {
            Some("partially-compliant")
        }
        (Choice::ComplianceStatus, "voldoet-niet" | "niet") => Some("non-compliant"),
        _ => None,
    };
    let m = Message::NotOneOf {
        of,
        suggestion: dutch
            .or_else(|| closest(value, of.values()))
            .map(str::to_string),
        english: dutch.is_some(),
        value: value.to_string(),
    };
    f.error(v.span(), m);
}

/// `status`: how far the site meets WCAG 2.2 level AA.
fn status(f: &mut TomlFile, v: Val, key: &str) -> Option<ComplianceStatus> {
    if is_placeholder(v) {
        return None;
    }
    match f.string(v, key, "\"compliant\"")?.as_str() {
        "compliant" => Some(ComplianceStatus::Compliant),
        "partially-compliant" => Some(ComplianceStatus::PartiallyCompliant),
        "non-compliant" => Some(ComplianceStatus::NonCompliant),
        other => {
            not_one_of(f, v, Choice::ComplianceStatus, other);
            None
        }
    }
}
