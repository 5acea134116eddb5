//! What changed: the change items that change logs, the home page, school
//! pages and feeds list, and the site-wide change log page.

use super::env::sv;
use super::parts::material_key;
use super::views::ChangeItem;
use super::{Page, Renderer};
use crate::asof::{Change, Event};
use crate::i18n::UiKey;
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
                ChangeItem {
                    date,
                    kind: kind.into(),
                    label: ui.get(label).to_string(),
                    title: self.org_ref(&r.party, lang).name,
                    url,
                    material: false,
                    summary: None,
                    material_label: None,
                    compare_url: None,
                    effective: None,
                    urgent: None,
                    key,
                    day,
                }
            }
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
