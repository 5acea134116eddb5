//! A relationship's own page: what a processor, recipient or joint
//! controller does for its controller, and for which schools.

use super::env::sv;
use super::{Page, Renderer};
use crate::i18n::UiKey;

/// A relationship's own page.
pub(super) fn relationship(r: &Renderer, slug: &str, lang: &str) -> Page {
    let model = &r.site.relationships[slug];
    let rel = r.relationship_view(model, lang);
    let rights = r.rights_view(&model.controller, None, &[model], lang);
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
        minijinja::context! { rel => sv(rel), rights => sv(rights) },
    )
}
