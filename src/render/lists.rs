//! The four list pages: every document, school, relationship and
//! organisation, each through the same template.

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;

/// Every document, in reading order.
pub(super) fn documents(r: &Renderer, lang: &str) -> Page {
    let items = r
        .asof
        .documents_in_reading_order()
        .into_iter()
        .map(|d| sv(r.document_summary(d, lang)))
        .collect();
    list(
        r,
        lang,
        "documents",
        UiKey::NavDocuments,
        UiKey::NavDocumentsDescription,
        items,
    )
}

/// Every school.
pub(super) fn schools(r: &Renderer, lang: &str) -> Page {
    let items = r
        .site
        .schools
        .values()
        .map(|s| sv(r.school_summary(s, lang)))
        .collect();
    list(
        r,
        lang,
        "schools",
        UiKey::NavSchools,
        UiKey::NavSchoolsDescription,
        items,
    )
}

/// Every relationship.
pub(super) fn relationships(r: &Renderer, lang: &str) -> Page {
    let items = r
        .site
        .relationships
        .values()
        .map(|x| sv(r.relationship_view(x, lang)))
        .collect();
    list(
        r,
        lang,
        "relationships",
        UiKey::NavRelationships,
        UiKey::NavRelationshipsDescription,
        items,
    )
}

/// Every organisation.
pub(super) fn organisations(r: &Renderer, lang: &str) -> Page {
    let items = r
        .site
        .organisations
        .values()
        .map(|o| sv(r.org_view(o, lang)))
        .collect();
    list(
        r,
        lang,
        "organisations",
        UiKey::NavOrganisations,
        UiKey::NavOrganisationsDescription,
        items,
    )
}

/// A list page: `kind` tells the template how to lay out `items`.
fn list(
    r: &Renderer,
    lang: &str,
    kind: &str,
    heading: UiKey,
    description: UiKey,
    items: Vec<minijinja::Value>,
) -> Page {
    Page::new(
        r.label(heading, lang),
        r.ui(lang).get(description).to_string(),
        minijinja::context! { kind => sv(kind), items => sv(items) },
    )
}
