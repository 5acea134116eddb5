//! What is coming for a school — versions of its documents that take
//! effect, processors and recipients that start or stop — as a list on the
//! school's page and as an iCalendar file a parent can subscribe to
//! (`/{lang}/schools/<school>/calendar.ics`), both from
//! [`crate::asof::SiteAsOf::happenings_from`].
//!
//! The calendar is as reproducible as the pages: event ids are made from
//! what the event is (never from the clock), and its `DTSTAMP` is the as-of
//! date, so the same content and date give the same bytes.

use super::Renderer;
use super::views::{DateView, TextView};
use crate::i18n::UiKey;
use crate::ical::{ICal, basic_date};
use crate::model::{Date, School};
use crate::output::OutputFile;
use crate::routes::{Calendar, Route};
use crate::upcoming::Happening;

/// One thing coming for a school, as its page and its calendar show it.
#[derive(Debug, Clone, serde::Serialize)]
pub(super) struct ComingItem {
    /// The first day it applies.
    pub date: DateView,
    /// What happens, in a few words: "Privacy statement version 2.1 takes effect".
    pub title: TextView,
    /// More about it: what changed, what for, the last day.
    pub detail: Option<TextView>,
    /// The page that shows it.
    pub url: String,
    /// A material change.
    pub material: bool,
    /// What the calendar event is, for its id.
    #[serde(skip)]
    key: String,
    #[serde(skip)]
    day: Date,
}

impl Renderer<'_> {
    /// What is coming for `school`, from the as-of date on (what happens on
    /// the day itself included), earliest first.
    pub(super) fn coming_for(&self, school: &School, lang: &str) -> Vec<ComingItem> {
        let ui = self.ui(lang);
        self.asof
            .from_today()
            .iter()
            .filter(|u| u.what.is_public() && u.what.concerns(self.site, &school.slug))
            .filter_map(|u| {
                let (title, detail, url, material) = match &u.what {
                    Happening::TakesEffect { document, version } => {
                        let doc = self.site.documents.get(document)?;
                        let v = doc.versions.iter().find(|v| v.number.as_str() == version)?;
                        let name = self.text(&doc.title, lang);
                        let title = TextView {
                            text: ui.fill(
                                UiKey::ComingTakesEffect,
                                &[("document", &name.text), ("version", version)],
                            ),
                            ..name
                        };
                        let detail = v.summary.as_ref().map(|s| self.text(s, lang));
                        let route = Route::Version(document.clone(), v.number.clone());
                        (title, detail, route.path(lang), v.material)
                    }
                    Happening::Starts { relationship } | Happening::Ends { relationship, .. } => {
                        let rel = self.site.relationships.get(relationship)?;
                        let party = self.org_ref(&rel.party, lang).name;
                        let change = match &u.what {
                            Happening::Ends { .. } => UiKey::relationship_ended(rel.kind),
                            _ => UiKey::relationship_started(rel.kind),
                        };
                        let title = TextView {
                            text: ui.fill(
                                UiKey::ComingRelationship,
                                &[("change", ui.get(change)), ("party", &party.text)],
                            ),
                            ..party
                        };
                        let detail = match &u.what {
                            Happening::Ends { last_day, .. } => Some(self.plain(
                                &ui.fill(UiKey::ComingLastDay, &[("date", &ui.date(*last_day))]),
                            )),
                            _ => {
                                let purposes: Vec<TextView> =
                                    rel.purposes.iter().map(|p| self.text(p, lang)).collect();
                                let joined: Vec<&str> =
                                    purposes.iter().map(|p| p.text.as_str()).collect();
                                let joined = joined.join("; ");
                                purposes.into_iter().next().map(|first| TextView {
                                    text: joined,
                                    ..first
                                })
                            }
                        };
                        let route =
                            Route::SchoolRelationship(school.slug.clone(), relationship.clone());
                        (title, detail, route.path(lang), false)
                    }
                    Happening::Changes {
                        relationship,
                        state,
                    } => {
                        let rel = self.site.relationships.get(relationship)?;
                        let states = rel.states();
                        let st = states.iter().find(|s| s.number == *state)?;
                        let party = self.org_ref(&rel.party, lang).name;
                        let what =
                            super::changes::upper_first(&self.deltas_text(rel, &st.deltas, lang));
                        // The words name the party already ("new sub-processor
                        // X for Y").
                        let title = TextView {
                            text: what,
                            ..party
                        };
                        let route =
                            Route::SchoolRelationship(school.slug.clone(), relationship.clone());
                        let material = st.deltas.iter().any(|d| d.is_material());
                        (title, None, route.path(lang), material)
                    }
                    // Not public before they happen.
                    Happening::Published { .. } | Happening::ReviewDue { .. } => return None,
                };
                Some(ComingItem {
                    date: self.date(u.date, lang),
                    title,
                    detail,
                    url,
                    material,
                    key: u.what.key(),
                    day: u.date,
                })
            })
            .collect()
    }

    /// Every school's calendar, in every language.
    pub(super) fn calendars(&self) -> Vec<OutputFile> {
        let langs = &self.site.config.languages;
        self.site
            .schools
            .values()
            .flat_map(|s| {
                langs.iter().map(move |lang| OutputFile {
                    path: Calendar(s.slug.clone()).file(lang),
                    bytes: self.calendar(s, lang),
                })
            })
            .collect()
    }

    /// One school's calendar in `lang` (RFC 5545, with the calendar
    /// properties of RFC 7986).
    fn calendar(&self, school: &School, lang: &str) -> Vec<u8> {
        let ui = self.ui(lang);
        let asof = self.asof;
        let name = self.text(&school.name, lang).text;
        let page = asof.url(&Route::School(school.slug.clone()), lang);
        // Ids are unique to the site: its address without the scheme.
        let host = self
            .site
            .config
            .base_url
            .split_once("://")
            .map_or(self.site.config.base_url.as_str(), |(_, rest)| rest)
            .trim_end_matches('/');
        let stamp = format!("{}T000000Z", basic_date(asof.as_of()));
        let mut c = ICal::new();
        let title = ui.fill(UiKey::CalendarName, &[("school", &name)]);
        let description = ui.fill(UiKey::CalendarDescription, &[("school", &name)]);
        c.raw("BEGIN", "VCALENDAR")
            .raw("VERSION", "2.0")
            .raw("PRODID", "-//policypress//policypress//EN")
            .raw("CALSCALE", "GREGORIAN")
            .raw("METHOD", "PUBLISH")
            .text("NAME", &title)
            .text("X-WR-CALNAME", &title)
            .text("DESCRIPTION", &description)
            .text("X-WR-CALDESC", &description)
            .raw("URL;VALUE=URI", &page)
            .raw("REFRESH-INTERVAL;VALUE=DURATION", "P1D")
            .raw("X-PUBLISHED-TTL", "P1D");
        let items = self.coming_for(school, lang);
        for item in &items {
            let url = asof.absolute(&item.url);
            let mut text = item
                .detail
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default();
            if item.material {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(ui.get(UiKey::MaterialChange));
                text.push('.');
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&url);
            c.raw("BEGIN", "VEVENT")
                .text("UID", &format!("{}/{lang}@{host}", item.key))
                .raw("DTSTAMP", &stamp)
                .date("DTSTART", item.day)
                .date("DTEND", item.day.next_day().unwrap_or(item.day))
                .text("SUMMARY", &item.title.text)
                .text("DESCRIPTION", &text)
                .raw("URL;VALUE=URI", &url)
                .raw("CLASS", "PUBLIC")
                .raw("STATUS", "CONFIRMED")
                .raw("TRANSP", "TRANSPARENT")
                .raw("END", "VEVENT");
        }
        // The date the calendar describes, as a journal entry (calendar
        // programs do not show it as an appointment). It also keeps a
        // calendar with nothing coming valid: RFC 5545 wants at least one
        // component.
        let as_of = ui.date(asof.as_of());
        let status = if items.is_empty() {
            ui.get(UiKey::ComingNothing).to_string()
        } else {
            ui.fill(UiKey::CalendarCount, &[("count", &items.len().to_string())])
        };
        c.raw("BEGIN", "VJOURNAL")
            .text(
                "UID",
                &format!("as-of/schools/{}/{lang}@{host}", school.slug),
            )
            .raw("DTSTAMP", &stamp)
            .date("DTSTART", asof.as_of())
            .text("SUMMARY", &ui.fill(UiKey::AsOf, &[("date", &as_of)]))
            .text("DESCRIPTION", &format!("{status}\n\n{page}"))
            .raw("CLASS", "PUBLIC")
            .raw("STATUS", "FINAL")
            .raw("END", "VJOURNAL")
            .raw("END", "VCALENDAR");
        c.finish()
    }
}
