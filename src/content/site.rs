//! Reads `content/site.toml`: the site's title, address, languages and
//! publisher, and its `[markdown]`, `[transparency]` and `[accessibility]`
//! tables. It is read first: its languages are what every text of the
//! other files is checked against.

use std::path::Path;

use toml::Spanned;
use toml::de::DeValue;

use super::Loader;
use super::table::{Table, TomlFile, Val};
use crate::model::{
    AccessibilityConfig, ComplianceStatus, EvaluationMethod, Lang, SiteConfig, TransparencyConfig,
};

/// Where the publisher's public key is, relative to the site: the only
/// value `[transparency] public_key` may have.
const PUBLIC_KEY_PATH: &str = "transparency/publisher.pub";

/// Reads `site.toml`; its languages become the loader's once they are valid.
pub(super) fn read(l: &mut Loader, path: &Path) -> Option<SiteConfig> {
    let read = l.toml(path, "site.toml", config)?;
    let (languages, config) = read.value;
    if !languages.is_empty() {
        l.langs = Some(languages);
    }
    config.filter(|_| read.clean)
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
            "the [markdown] table",
            "{ unsafe_html = false }",
            |m| m.opt("unsafe_html", TomlFile::boolean),
        )
        .unwrap_or(false);
    let transparency = t.table(
        "transparency",
        "the [transparency] table",
        "{ origin = \"privacy.example.nl/log\" }",
        transparency,
    );
    let accessibility = t.table(
        "accessibility",
        "the [accessibility] table",
        "{ contact = \"webredactie@example.nl\", evaluated = 2026-10-14 }",
        accessibility,
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
            t.error(
                v.span(),
                "`languages` must be a list of at least one language code",
                "write it like: languages = [\"nl\", \"en\"]",
            );
            return languages;
        }
    };
    for item in items.iter() {
        let Some(code) = t.string(item, "languages", "[\"nl\", \"en\"]") else {
            continue;
        };
        if !is_language_code(&code) {
            t.error(
                item.span(),
                format!("\"{code}\" is not a language code"),
                "use lowercase codes such as \"nl\", \"en\", \"de\", \"pl\"",
            );
        } else if languages.contains(&code) {
            t.error(
                item.span(),
                format!("the language \"{code}\" is listed twice"),
                "list each language once",
            );
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
            f.error(
                v.span(),
                format!("`base_url` must be a full web address, not \"{s}\""),
                "write where public/ will be hosted, e.g. base_url = \"https://privacy.example.nl/\"",
            );
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
    Some(TransparencyConfig {
        origin: origin?,
        public_key: public_key?,
    })
}

/// `origin`: the log's name in its checkpoints.
fn origin(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    let s = f.nonempty_string(v, key, "\"privacy.example.nl/log\"")?;
    if s.contains(char::is_whitespace) || s.contains('+') || s.contains("://") {
        f.error(
            v.span(),
            "`origin` must be a name without spaces, `+` or a scheme",
            "use the host and path of the log, e.g. origin = \"privacy.example.nl/log\"",
        );
        return None;
    }
    Some(s)
}

/// `public_key`: [`PUBLIC_KEY_PATH`], the only value it may have.
fn public_key(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    let path = f.nonempty_string(v, key, "\"transparency/publisher.pub\"")?;
    if path.trim_start_matches("./") == PUBLIC_KEY_PATH {
        return Some(PUBLIC_KEY_PATH.to_string());
    }
    f.error(
        v.span(),
        format!("`public_key` must be \"{PUBLIC_KEY_PATH}\""),
        "the transparency log keeps its keys under fixed names in transparency/ (publisher.pub, log.vkey), where verifiers look for them; leave public_key out",
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
        t.warning(span, "the site is partially compliant but `known_issues` is empty", "list what does not meet WCAG yet, so readers know: known_issues = [{ nl = \"…\", en = \"…\" }]");
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

/// `method`: who evaluated the site.
fn method(f: &mut TomlFile, v: Val, key: &str) -> Option<EvaluationMethod> {
    match f.string(v, key, "\"self\"")?.as_str() {
        "self" => Some(EvaluationMethod::SelfAssessment),
        "audit" => Some(EvaluationMethod::Audit),
        other => {
            f.error(
                v.span(),
                format!("`method` must be \"self\" or \"audit\", not \"{other}\""),
                "\"self\": you assessed the site yourselves; \"audit\": an independent party did",
            );
            None
        }
    }
}

/// `status`: how far the site meets WCAG 2.2 level AA.
fn status(f: &mut TomlFile, v: Val, key: &str) -> Option<ComplianceStatus> {
    match f.string(v, key, "\"compliant\"")?.as_str() {
        "compliant" => Some(ComplianceStatus::Compliant),
        "partially-compliant" => Some(ComplianceStatus::PartiallyCompliant),
        "non-compliant" => Some(ComplianceStatus::NonCompliant),
        other => {
            f.error(
                v.span(),
                format!("`status` must be \"compliant\", \"partially-compliant\" or \"non-compliant\", not \"{other}\""),
                "say how far the site meets WCAG 2.2 level AA",
            );
            None
        }
    }
}
