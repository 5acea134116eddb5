//! What changed: the change items that change logs, the home page, school
//! pages and feeds list, and the site-wide change log page.

use super::env::sv;
use super::parts::material_key;
use super::views::ChangeItem;
use super::{Page, Renderer};
use crate::asof::{Change, Event};
use crate::history::Delta;
use crate::i18n::UiKey;
use crate::model::{Relationship, Text};
use crate::routes::{Feed, Route};

impl Renderer<'_> {
    /// One change as change logs and feeds show it to a reader of `lang`.
    pub(super) fn change_item(&self, c: &Change, lang: &str) -> ChangeItem {
        let ui = self.ui(lang);
        let url = c.route().path(lang);
        let (key, day) = (c.key(), c.date);
        let date = self.date(c.date, lang);
        match &c.event {
            Event::Version { document, entry } => {
                let v = entry.version;
                let label = if entry.previous.is_none() {
                    UiKey::ChangeFirstVersion
                } else {
                    UiKey::ChangeNewVersion
                };
                ChangeItem {
                    date,
                    kind: "version".into(),
                    label: ui.fill(
                        label,
                        &[
                            ("version", v.number.as_str()),
                            ("date", &ui.date(v.effective)),
                        ],
                    ),
                    title: self.text(&document.title, lang),
                    url,
                    material: c.is_material(),
                    summary: v.summary.as_ref().map(|s| self.text(s, lang)),
                    material_label: Some(ui.get(material_key(entry)).to_string()),
                    compare_url: entry.previous.map(|p| {
                        Route::Compare(document.slug.clone(), p.number.clone(), v.number.clone())
                            .path(lang)
                    }),
                    effective: Some(self.date(v.effective, lang)),
                    urgent: v.urgent.as_ref().map(|u| self.text(u, lang)),
                    key,
                    day,
                }
            }
            Event::Started(r) | Event::Ended(r) => {
                let (kind, label) = match &c.event {
                    Event::Started(_) => {
                        ("relationship-start", UiKey::relationship_started(r.kind))
                    }
                    _ => ("relationship-end", UiKey::relationship_ended(r.kind)),
                };
                let label = match (&c.event, c.announced) {
                    (Event::Started(_), true) => ui.fill(
                        UiKey::ChangeAnnounced,
                        &[
                            ("what", &lower_first(ui.get(label))),
                            ("date", &ui.date(r.since)),
                        ],
                    ),
                    (_, true) => ui.fill(UiKey::ChangeAnnouncedEnd, &[("date", &ui.date(c.date))]),
                    _ => ui.get(label).to_string(),
                };
                ChangeItem {
                    date,
                    kind: kind.into(),
                    label,
                    title: self.org_ref(&r.party, lang).name,
                    url,
                    material: false,
                    summary: None,
                    material_label: None,
                    compare_url: None,
                    effective: c.announced.then(|| self.date(c.date, lang)),
                    urgent: None,
                    key,
                    day,
                }
            }
            Event::Changed {
                relationship: r, ..
            } => {
                let state = c.state().expect("bug: a relationship change has its state");
                let what = self.deltas_text(r, &state.deltas, lang);
                let from = ui.date(state.from);
                let label = if c.announced {
                    ui.fill(UiKey::ChangeAnnounced, &[("what", &what), ("date", &from)])
                } else {
                    ui.fill(
                        UiKey::ChangeRelationship,
                        &[("what", &upper_first(&what)), ("date", &from)],
                    )
                };
                ChangeItem {
                    date,
                    kind: "relationship-change".into(),
                    label,
                    title: self.org_ref(&r.party, lang).name,
                    url,
                    material: c.is_material(),
                    summary: None,
                    material_label: None,
                    compare_url: None,
                    effective: Some(self.date(state.from, lang)),
                    urgent: state
                        .change
                        .and_then(|ch| ch.urgent.as_ref())
                        .map(|u| self.text(u, lang)),
                    key,
                    day,
                }
            }
        }
    }

    /// What changed in a relationship's state, in words: "new sub-processor
    /// Spotler for Bloom; another location: EU".
    pub(super) fn deltas_text(&self, r: &Relationship, deltas: &[Delta], lang: &str) -> String {
        deltas
            .iter()
            .map(|d| self.delta_text(r, d, lang))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// One thing that changed, in words.
    pub(super) fn delta_text(&self, r: &Relationship, d: &Delta, lang: &str) -> String {
        let ui = self.ui(lang);
        let party = self.org_ref(&r.party, lang).name.text;
        let org = |slug: &str, key| {
            let name = self.org_ref(slug, lang).name.text;
            ui.fill(key, &[("name", &name), ("party", &party)])
        };
        let text = |t: &Text, key| ui.fill(key, &[("text", &self.text(t, lang).text)]);
        let dash = "–".to_string();
        match d {
            Delta::SubProcessorAdded(s) => org(s, UiKey::DeltaSubProcessorAdded),
            Delta::SubProcessorRemoved(s) => org(s, UiKey::DeltaSubProcessorRemoved),
            Delta::PurposeAdded(t) => text(t, UiKey::DeltaPurposeAdded),
            Delta::PurposeRemoved(t) => text(t, UiKey::DeltaPurposeRemoved),
            Delta::DataCategoryAdded(t) => text(t, UiKey::DeltaDataCategoryAdded),
            Delta::DataCategoryRemoved(t) => text(t, UiKey::DeltaDataCategoryRemoved),
            Delta::DataSubjectAdded(t) => text(t, UiKey::DeltaDataSubjectAdded),
            Delta::DataSubjectRemoved(t) => text(t, UiKey::DeltaDataSubjectRemoved),
            Delta::LegalBasis(b) => ui.fill(
                UiKey::DeltaLegalBasis,
                &[("text", ui.get(UiKey::legal_basis(*b)))],
            ),
            Delta::Retention(_) => ui.get(UiKey::DeltaRetention).to_string(),
            Delta::Location(l) => ui.fill(
                UiKey::DeltaLocation,
                &[(
                    "text",
                    &l.as_ref()
                        .map_or(dash, |l| self.location_view(l, lang).text),
                )],
            ),
            Delta::TransferStarted => ui.get(UiKey::DeltaTransferStarted).to_string(),
            Delta::TransferEnded => ui.get(UiKey::DeltaTransferEnded).to_string(),
            Delta::Agreement(a) => ui.fill(
                UiKey::DeltaAgreement,
                &[(
                    "text",
                    &a.as_ref().map_or(dash, |a| self.text(&a.name, lang).text),
                )],
            ),
            Delta::Statement(_) => ui.get(UiKey::DeltaStatement).to_string(),
            Delta::SpecialCategoryAdded(c) => ui.fill(
                UiKey::DeltaSpecialCategoryAdded,
                &[("text", ui.get(UiKey::special_category(*c)))],
            ),
            Delta::SpecialCategoryRemoved(c) => ui.fill(
                UiKey::DeltaSpecialCategoryRemoved,
                &[("text", ui.get(UiKey::special_category(*c)))],
            ),
            Delta::Dpia(d) => ui.fill(
                UiKey::DeltaDpia,
                &[(
                    "text",
                    &d.as_ref().map_or(dash, |d| self.date(d.done, lang).text),
                )],
            ),
            Delta::Bijsluiter(_) => ui.get(UiKey::DeltaBijsluiter).to_string(),
        }
    }

    /// Changes as a reader of `lang` sees them, in the order given.
    pub(super) fn change_items<'c, 'm: 'c>(
        &self,
        changes: impl IntoIterator<Item = &'c Change<'m>>,
        lang: &str,
    ) -> Vec<ChangeItem> {
        changes
            .into_iter()
            .map(|c| self.change_item(c, lang))
            .collect()
    }
}

/// Every change on the site, newest first.
pub(super) fn site_changes(r: &Renderer, lang: &str) -> Page {
    let ui = r.ui(lang);
    let site_title = r.text(&r.site.config.title, lang);
    let changes = r.change_items(r.asof.changes(), lang);
    Page::new(
        r.label(UiKey::SiteChanges, lang),
        ui.fill(UiKey::SiteChangesDescription, &[("site", &site_title.text)]),
        minijinja::context! { changes => sv(changes) },
    )
    .with_feeds(vec![Feed::Site, Feed::Material])
}

/// `text` with its first letter small: a label inside a sentence.
fn lower_first(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// `text` with its first letter a capital: a label that starts a line.
pub(super) fn upper_first(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
