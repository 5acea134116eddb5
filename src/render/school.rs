//! A school's pages: the school (its board, documents, processors and
//! recipients, changes) and its own account of each relationship that
//! covers it.

use super::env::sv;
use super::views::Link;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::model::RelationshipState;
use crate::routes::{Calendar, Feed, Route};

/// A school: board, documents, processors and recipients, changes.
pub(super) fn school(r: &Renderer, slug: &str, lang: &str) -> Page {
    let site = r.site;
    let school = &site.schools[slug];
    let board = site
        .organisations
        .get(&school.board)
        .map(|o| r.org_view(o, lang));
    let documents: Vec<_> = site
        .documents_of(school)
        .into_iter()
        .map(|d| r.document_summary(d, lang))
        .collect();
    let rels = site.relationships_of(school);
    // Each relationship links to the school's own page about it.
    let in_state = |state: RelationshipState| -> Vec<minijinja::Value> {
        rels.iter()
            .filter(|x| x.state(r.asof.as_of()) == state)
            .map(|x| {
                let mut v = r.relationship_view(x, lang);
                v.url = Route::SchoolRelationship(slug.to_string(), x.slug.clone()).path(lang);
                sv(v)
            })
            .collect()
    };
    let changes = r.change_items(r.asof.school_changes(school), lang);
    let coming = r.coming_for(school, lang);
    let summary = r.school_summary(school, lang);
    let contact = minijinja::context! {
        email => sv(&school.email),
        phone => sv(&school.phone),
        website => sv(&school.website),
    };
    let description = r
        .ui(lang)
        .fill(UiKey::SchoolDescription, &[("school", &summary.name.text)]);
    let heading = summary.name.clone();
    let rights = r.rights_view(
        &school.board,
        Some(school),
        &super::rights::active_of(r, school),
        lang,
    );
    let data = minijinja::context! {
        school => sv(summary),
        contact => sv(contact),
        rights => sv(rights),
        board => sv(board),
        documents => sv(documents),
        active => sv(in_state(RelationshipState::Active)),
        upcoming => sv(in_state(RelationshipState::Upcoming)),
        ended => sv(in_state(RelationshipState::Ended)),
        changes => sv(changes),
        coming => sv(coming),
        calendar => Calendar(slug.to_string()).path(lang),
        register => Route::SchoolRegister(slug.to_string()).path(lang),
        as_of => sv(r.date(r.asof.as_of(), lang)),
    };
    Page::new(heading, description, data).with_feeds(vec![Feed::School(slug.to_string())])
}

/// A school's own account of one relationship that covers it.
pub(super) fn school_relationship(
    r: &Renderer,
    school_slug: &str,
    rel_slug: &str,
    lang: &str,
) -> Page {
    let site = r.site;
    let ui = r.ui(lang);
    let school = &site.schools[school_slug];
    let rel = r.relationship_view(&site.relationships[rel_slug], lang);
    let summary = r.school_summary(school, lang);
    let board = site
        .organisations
        .get(&school.board)
        .map(|o| r.org_view(o, lang));
    let names = [
        ("party", rel.party.name.text.as_str()),
        ("school", summary.name.text.as_str()),
    ];
    let heading = r.plain(&ui.fill(UiKey::SchoolRelationshipHeading, &names));
    let description = ui.fill(UiKey::SchoolRelationshipDescription, &names);
    // The school's other active relationships, each on the school's page.
    let others: Vec<_> = site
        .relationships_of(school)
        .into_iter()
        .filter(|o| o.slug != rel_slug && o.state(r.asof.as_of()) == RelationshipState::Active)
        .map(|o| Link {
            title: r.org_ref(&o.party, lang).name,
            url: Route::SchoolRelationship(school_slug.to_string(), o.slug.clone()).path(lang),
        })
        .collect();
    let model_rel = &site.relationships[rel_slug];
    let rights = r.rights_view(&school.board, Some(school), &[model_rel], lang);
    let data = minijinja::context! {
        school => sv(summary),
        board => sv(board),
        rel => sv(rel),
        rights => sv(rights),
        others => sv(others),
    };
    Page::new(heading, description, data)
}
