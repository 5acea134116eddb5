//! The register of processing (AVG art. 30), of the site and of each
//! school: every entry with every field that is shown on a page, in force,
//! announced and ended; and its CSV download next to the page.

use serde::Serialize;

use super::env::sv;
use super::views::TextView;
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::model::RelationshipKind;
use crate::output::OutputFile;
use crate::register::{self, COLUMNS, Cell, Entry, Link, Row, Section, Words};
use crate::routes::{REGISTER_CSV, Route};

/// One value of a field, linked where it has a page.
#[derive(Debug, Clone, Serialize)]
struct ValueView {
    text: TextView,
    url: Option<String>,
}

/// One field of an entry: its label and values.
#[derive(Debug, Clone, Serialize)]
struct FieldView {
    id: &'static str,
    label: String,
    values: Vec<ValueView>,
    /// Nothing is recorded.
    missing: bool,
}

#[derive(Debug, Clone, Serialize)]
struct EntryView {
    id: String,
    party: TextView,
    url: String,
    fields: Vec<FieldView>,
}

#[derive(Debug, Clone, Serialize)]
struct SectionView {
    key: &'static str,
    heading: String,
    entries: Vec<EntryView>,
}

/// The site path of the CSV next to the register page of `route`.
pub(crate) fn csv_path(route: &Route, lang: &str) -> Option<String> {
    matches!(route, Route::Register | Route::SchoolRegister(_))
        .then(|| format!("{}{REGISTER_CSV}", route.path(lang)))
}

/// The site path of the JSON of the register of `school` (of the site
/// when `None`).
pub(crate) fn json_path(school: Option<&str>) -> String {
    match school {
        Some(s) => format!("/{}/register/{s}.json", crate::api::ROOT),
        None => format!("/{}/register.json", crate::api::ROOT),
    }
}

/// The register of the site, or of one school.
pub(super) fn register(r: &Renderer, school: Option<&str>, lang: &str) -> Page {
    let ui = r.ui(lang);
    let school = school.map(|s| &r.site.schools[s]);
    let entries = register::entries(r.asof, school);
    let sections: Vec<SectionView> = Section::ALL
        .into_iter()
        .map(|section| SectionView {
            key: section.key(),
            heading: ui.get(section.label()).to_string(),
            entries: entries
                .iter()
                .filter(|e| e.section == section)
                .map(|e| entry_view(r, e, school.is_some(), lang))
                .collect(),
        })
        .collect();
    let (heading, description) = match school {
        Some(s) => {
            let name = r.text(&s.name, lang).text;
            (
                r.plain(&ui.fill(UiKey::SchoolRegisterTitle, &[("school", &name)])),
                ui.fill(UiKey::SchoolRegisterDescription, &[("school", &name)]),
            )
        }
        None => (
            r.label(UiKey::RegisterTitle, lang),
            ui.get(UiKey::RegisterDescription).to_string(),
        ),
    };
    let route = match school {
        Some(s) => Route::SchoolRegister(s.slug.clone()),
        None => Route::Register,
    };
    let data = minijinja::context! {
        intro => ui.fill(UiKey::RegisterIntro, &[("date", &ui.date(r.asof.as_of()))]),
        sections => sv(sections),
        csv => csv_path(&route, lang),
        json => json_path(school.map(|s| s.slug.as_str())),
        jsonld => school.is_none().then(|| format!("/{}/register.jsonld", crate::api::ROOT)),
        api => format!("/{}/index.json", crate::api::ROOT),
    };
    Page::new(heading, description, data)
}

/// One entry with its fields. On the site's register, the schools it
/// covers are one field; on a school's, the school is the page's.
fn entry_view(r: &Renderer, e: &Entry, on_school: bool, lang: &str) -> EntryView {
    let row = Row {
        entry: e,
        school: if on_school {
            e.schools.first().copied()
        } else {
            None
        },
    };
    let words = Words {
        site: r.site,
        ui: r.ui(lang),
        lang,
    };
    let link_of = |id: &str| -> Option<String> {
        let c = COLUMNS.iter().find(|c| c.id == id)?;
        match (c.cell)(&row, r.site) {
            Cell::Link(Some(l)) => Some(href(&l, lang)),
            _ => None,
        }
    };
    let fields = COLUMNS
        .iter()
        .filter(|c| c.on_page && !(on_school && c.id == "school"))
        .filter_map(|c| {
            let cell = (c.cell)(&row, r.site);
            let values: Vec<ValueView> = match &cell {
                // Where data is processed, in the words of the other pages.
                _ if c.id == "location" => e
                    .terms
                    .location
                    .iter()
                    .map(|l| ValueView {
                        text: r.location_view(l, lang),
                        url: None,
                    })
                    .collect(),
                // A DPIA is missing only where special categories are
                // processed.
                Cell::Date(None) if c.id == "dpia" && !e.terms.special_categories().is_empty() => {
                    Vec::new()
                }
                // An open end is no gap in the record.
                Cell::Date(None) => return None,
                Cell::Date(Some(d)) => vec![ValueView {
                    text: r.plain(&r.date(*d, lang).text),
                    url: if c.id == "dpia" {
                        link_of("dpia_url")
                    } else {
                        None
                    },
                }],
                Cell::Text(t) => t
                    .iter()
                    .map(|t| ValueView {
                        text: r.text(t, lang),
                        url: match c.id {
                            "agreement" => link_of("agreement_url"),
                            "statement" => link_of("statement_url"),
                            _ => None,
                        },
                    })
                    .collect(),
                Cell::Texts(ts) => ts
                    .iter()
                    .map(|t| ValueView {
                        text: r.text(t, lang),
                        url: None,
                    })
                    .collect(),
                Cell::Organisations(list, located) => list
                    .iter()
                    .map(|s| {
                        let o = r.org_ref(s, lang);
                        let places = r
                            .site
                            .organisations
                            .get(*s)
                            .and_then(|o| o.location.as_ref())
                            .filter(|_| *located);
                        let mut text = o.name;
                        if let Some(p) = places {
                            text.text = format!("{} ({})", text.text, r.places_text(p, lang));
                        }
                        ValueView {
                            text,
                            url: Some(o.url),
                        }
                    })
                    .collect(),
                Cell::Special(list) => list
                    .iter()
                    .map(|c| plain(r, words.ui.get(UiKey::special_category(*c)).into()))
                    .collect(),
                Cell::Link(Some(l)) if c.id == "bijsluiter" => {
                    let mut text = words.ui.get(UiKey::BijsluiterLink).to_string();
                    if let Some(v) = e.terms.bijsluiter.as_ref().and_then(|b| b.version.as_ref()) {
                        text = format!(
                            "{text}, {}",
                            words.ui.fill(UiKey::BijsluiterVersion, &[("version", v)])
                        );
                    }
                    vec![ValueView {
                        text: r.plain(&text),
                        url: Some(href(l, lang)),
                    }]
                }
                Cell::Schools(list) => {
                    if list.is_empty() {
                        vec![plain(r, words.ui.get(UiKey::RegisterNoSchools).into())]
                    } else {
                        list.iter()
                            .map(|s| ValueView {
                                text: r.text(&s.name, lang),
                                url: Some(
                                    Route::SchoolRelationship(
                                        s.slug.clone(),
                                        e.relationship.slug.clone(),
                                    )
                                    .path(lang),
                                ),
                            })
                            .collect()
                    }
                }
                other => {
                    let s = words.cell(other);
                    if s.is_empty() {
                        Vec::new()
                    } else {
                        vec![plain(r, s)]
                    }
                }
            };
            let processor = e.terms.kind == RelationshipKind::Processor;
            let values = match (values.is_empty(), c.id) {
                (false, _) => values,
                // A statement elsewhere is named by its address.
                (true, "statement") if link_of("statement_url").is_some() => {
                    let url = link_of("statement_url");
                    vec![ValueView {
                        text: r.plain(url.as_deref().unwrap_or_default()),
                        url,
                    }]
                }
                // What only a processor has is no gap for a recipient.
                (true, "agreement" | "statement" | "sub_processors" | "bijsluiter")
                    if !processor =>
                {
                    return None;
                }
                (true, "statement_version" | "special_categories") => return None,
                (true, "sub_processors") => {
                    vec![plain(r, words.ui.get(UiKey::NoSubProcessors).into())]
                }
                (true, _) => values,
            };
            // The first terms start with the relationship, the last end
            // with it.
            if (c.id == "terms_from" && e.state == 1)
                || (c.id == "terms_until" && e.to == e.relationship.until)
            {
                return None;
            }
            Some(FieldView {
                id: c.id,
                label: words.ui.get(c.header).to_string(),
                missing: values.is_empty(),
                values,
            })
        })
        .collect();
    EntryView {
        id: e.id(),
        party: r.org_ref(&e.terms.party, lang).name,
        url: register::page_of(&row).path(lang),
        fields,
    }
}

fn plain(r: &Renderer, s: String) -> ValueView {
    ValueView {
        text: r.plain(&s),
        url: None,
    }
}

/// A link as the pages write it: a page of the site from the site's root.
fn href(l: &Link, lang: &str) -> String {
    match l {
        Link::Page(route) => route.path(lang),
        Link::External(u) => u.clone(),
    }
}

impl Renderer<'_> {
    /// The CSV download of the register of `route` in `lang`.
    pub(super) fn register_csv(&self, route: &Route, lang: &str) -> Option<OutputFile> {
        let path = csv_path(route, lang)?;
        let school = match route {
            Route::SchoolRegister(s) => Some(&self.site.schools[s]),
            _ => None,
        };
        let entries = register::entries(self.asof, school);
        let words = Words {
            site: self.site,
            ui: self.ui(lang),
            lang,
        };
        Some(OutputFile {
            path: path[1..].to_string(),
            bytes: words.csv(&register::rows(&entries)).into_bytes(),
        })
    }
}
