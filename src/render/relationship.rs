//! A relationship's own page: what a processor, recipient or joint
//! controller does for its controller, and for which schools.

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;

/// A relationship's own page.
pub(super) fn relationship(r: &Renderer, slug: &str, lang: &str) -> Page {
    let rel = r.relationship_view(&r.site.relationships[slug], lang);
    let heading = r.ui(lang).fill(
        UiKey::RelationshipHeading,
        &[
            ("party", &rel.party.name.text),
            ("controller", &rel.controller.name.text),
        ],
    );
    let description = heading.clone();
    Page::new(
        r.plain(&heading),
        description,
        minijinja::context! { rel => sv(rel) },
    )
}
