//! An organisation's page: its details, and its part in the site as a
//! controller, processor or recipient, sub-processor, document owner and
//! school board.

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::model::Relationship;

/// An organisation and its part in the site.
pub(super) fn organisation(r: &Renderer, slug: &str, lang: &str) -> Page {
    let org = r.org_view(&r.site.organisations[slug], lang);
    let roles = r.asof.relationships_of_organisation(slug);
    let views = |list: Vec<&Relationship>| -> Vec<_> {
        list.into_iter()
            .map(|x| r.relationship_view(x, lang))
            .collect()
    };
    let documents: Vec<_> = r
        .asof
        .documents_owned_by(slug)
        .into_iter()
        .map(|d| r.document_summary(d, lang))
        .collect();
    let schools: Vec<_> = r
        .asof
        .schools_of_board(slug)
        .into_iter()
        .map(|s| r.school_summary(s, lang))
        .collect();
    let description = r
        .ui(lang)
        .fill(UiKey::OrganisationDescription, &[("name", &org.name.text)]);
    let heading = org.name.clone();
    let data = minijinja::context! {
        org => sv(org),
        as_controller => sv(views(roles.as_controller)),
        as_party => sv(views(roles.as_party)),
        as_sub => sv(views(roles.as_sub_processor)),
        documents => sv(documents),
        schools => sv(schools),
    };
    Page::new(heading, description, data)
}
