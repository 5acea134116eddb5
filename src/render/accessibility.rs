//! The accessibility statement (toegankelijkheidsverklaring) generated
//! from `[accessibility]` in site.toml and what every page guarantees.

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::model::EvaluationMethod;

/// The accessibility statement.
pub(super) fn statement(r: &Renderer, lang: &str) -> Page {
    let site = r.site;
    let ui = r.ui(lang);
    let a = site
        .config
        .accessibility
        .as_ref()
        .expect("bug: an accessibility route without [accessibility]");
    let site_title = r.text(&site.config.title, lang);
    let method = match a.method {
        EvaluationMethod::SelfAssessment => UiKey::AccessibilityMethodSelf,
        EvaluationMethod::Audit => UiKey::AccessibilityMethodAudit,
    };
    let issues: Vec<_> = a.known_issues.iter().map(|t| r.text(t, lang)).collect();
    let data = minijinja::context! {
        contact => &a.contact,
        evaluated => sv(r.date(a.evaluated, lang)),
        status => a.status.key(),
        status_text => ui.get(UiKey::compliance(a.status)),
        method_text => ui.fill(method, &[("date", &ui.date(a.evaluated))]),
        issues => sv(issues),
        report_url => &a.report_url,
        site_address => &site.config.base_url,
        publisher => sv(r.publisher_view(lang)),
    };
    Page::new(
        r.label(UiKey::AccessibilityTitle, lang),
        ui.fill(
            UiKey::AccessibilityDescription,
            &[("site", &site_title.text)],
        ),
        data,
    )
}
