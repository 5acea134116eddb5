//! The Atom feeds of changes — the whole site, material changes only, one
//! document, one school — each with the same changes as the page it
//! follows, written by [`super::atom`].

use super::Renderer;
use super::atom;
use super::views::ChangeItem;
use crate::escape;
use crate::i18n::UiKey;
use crate::routes::{Feed, Route};

impl<'a> Renderer<'a> {
    /// Every feed of the site, in every language.
    pub(super) fn feed_jobs(&self) -> Vec<(Feed, &'a str)> {
        let s = self.site;
        let mut feeds = vec![Feed::Site, Feed::Material];
        feeds.extend(s.documents.keys().map(|d| Feed::Document(d.clone())));
        feeds.extend(s.schools.keys().map(|d| Feed::School(d.clone())));
        s.config
            .languages
            .iter()
            .flat_map(|lang| feeds.iter().map(|f| (f.clone(), lang.as_str())))
            .collect()
    }

    /// One feed: the same changes as the matching page lists.
    pub(super) fn feed(&self, f: &Feed, lang: &str) -> atom::Feed {
        let asof = self.asof;
        let changes = asof.changes();
        let (items, page) = match f {
            Feed::Site => (self.change_items(changes, lang), Route::SiteChanges),
            Feed::Material => (
                self.change_items(changes.iter().filter(|c| c.is_material()), lang),
                Route::SiteChanges,
            ),
            Feed::Document(d) => (
                self.change_items(asof.document_changes(d), lang),
                Route::Changes(d.clone()),
            ),
            Feed::School(slug) => (
                self.change_items(asof.school_changes(&self.site.schools[slug]), lang),
                Route::School(slug.clone()),
            ),
        };
        let author = asof.publisher().map_or_else(
            || self.text(&self.site.config.title, lang).text,
            |o| self.text(&o.name, lang).text,
        );
        let entries: Vec<atom::Entry> = items.iter().map(|c| self.entry(c, lang)).collect();
        atom::Feed {
            lang: lang.to_string(),
            self_url: asof.absolute(&f.path(lang)),
            page_url: asof.url(&page, lang),
            title: self.feed_title(f, lang),
            author,
            updated: entries
                .iter()
                .map(|e| e.updated)
                .max()
                .unwrap_or(asof.as_of()),
            entries,
        }
    }

    /// A change as a feed entry, its content a short HTML summary with
    /// links to the change's page and, for a new version, what changed.
    fn entry(&self, c: &ChangeItem, lang: &str) -> atom::Entry {
        let ui = self.ui(lang);
        let absolute = |path: &str| self.asof.absolute(path);
        let date = c.day;
        let mut html = format!("<p>{}</p>", escape::xml(&c.label));
        if let Some(e) = &c.effective {
            html.push_str(&format!(
                "<p>{}</p>",
                escape::xml(&ui.fill(UiKey::FeedEffective, &[("date", &e.text)]))
            ));
        }
        if let Some(m) = &c.material_label {
            html.push_str(&format!("<p><strong>{}</strong></p>", escape::xml(m)));
        }
        if let Some(sm) = &c.summary {
            html.push_str(&format!(
                "<p>{}: {}</p>",
                escape::xml(ui.get(UiKey::Summary)),
                escape::xml(&sm.text)
            ));
        }
        if let Some(u) = &c.urgent {
            html.push_str(&format!(
                "<p>{}: {}</p>",
                escape::xml(ui.get(UiKey::Urgent)),
                escape::xml(&u.text)
            ));
        }
        let read = if c.kind == "version" {
            ui.get(UiKey::FeedReadVersion)
        } else {
            ui.get(UiKey::FeedReadRelationship)
        };
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a>",
            escape::xml(&absolute(&c.url)),
            escape::xml(read)
        ));
        let mut related = Vec::new();
        if let Some(cu) = &c.compare_url {
            let label = ui.get(UiKey::FeedWhatChanged);
            html.push_str(&format!(
                " · <a href=\"{}\">{}</a>",
                escape::xml(&absolute(cu)),
                escape::xml(label)
            ));
            related.push((absolute(cu), label.to_string()));
        }
        html.push_str("</p>");
        let mut title = format!("{}: {}", c.title.text, c.label);
        if c.material {
            title.push_str(&format!(
                " ({})",
                ui.get(UiKey::MaterialChange).to_lowercase()
            ));
        }
        atom::Entry {
            id: atom::tag_uri(
                &self.site.config.base_url,
                date,
                &format!("{}/{lang}", c.key),
            ),
            title,
            published: date,
            updated: date,
            url: absolute(&c.url),
            related,
            content_html: html,
        }
    }

    /// A feed's title, also the name of its link on pages.
    pub(super) fn feed_title(&self, feed: &Feed, lang: &str) -> String {
        let ui = self.ui(lang);
        let site_title = self.text(&self.site.config.title, lang).text;
        match feed {
            Feed::Site => ui.fill(UiKey::FeedSiteTitle, &[("site", &site_title)]),
            Feed::Material => ui.fill(UiKey::FeedMaterialTitle, &[("site", &site_title)]),
            Feed::Document(d) => ui.fill(
                UiKey::FeedDocumentTitle,
                &[(
                    "title",
                    &self.text(&self.site.documents[d].title, lang).text,
                )],
            ),
            Feed::School(s) => ui.fill(
                UiKey::FeedSchoolTitle,
                &[("school", &self.text(&self.site.schools[s].name, lang).text)],
            ),
        }
    }
}
