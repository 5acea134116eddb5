//! The frame around every page, made from its route: the `<title>`,
//! breadcrumbs, main menu, language switcher, `hreflang` alternates and
//! feeds; and the chrome every page of one language shares (interface
//! strings, the site's title, publisher and footer links), made once.

use super::env::sv;
use super::views::{Alternate, FeedLink, LangLink, Link, NavItem, PageMeta, TextView};
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::routes::{Feed, Route};

/// The template values every page of one language shares.
pub(super) struct Chrome {
    pub ui: minijinja::Value,
    pub site: minijinja::Value,
}

/// The main menu, in order, before its last entry, the contact page
/// ([`Renderer::menu`]).
const MENU: [Route; 6] = [
    Route::Home,
    Route::Documents,
    Route::Schools,
    Route::Relationships,
    Route::Register,
    Route::Organisations,
];

impl Renderer<'_> {
    /// The frame of `page`, the page of `route` in `lang`, and the page's
    /// own data for its template.
    pub(super) fn frame(
        &self,
        route: &Route,
        lang: &str,
        page: Page,
    ) -> (PageMeta, minijinja::Value) {
        let cfg = &self.site.config;
        let site_title = self.text(&cfg.title, lang).text;
        let mut alternates: Vec<Alternate> = cfg
            .languages
            .iter()
            .map(|l| Alternate {
                hreflang: l.clone(),
                href: self.asof.url(route, l),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: self.asof.url(route, cfg.default_lang()),
        });
        // The page's own part of its title, before the site's: its heading
        // (or what names it better, e.g. a version), after what the
        // page adds in front (which versions a comparison compares).
        let mut own = if *route == Route::Home {
            site_title.clone()
        } else {
            page.title
                .clone()
                .unwrap_or_else(|| page.heading.text.clone())
        };
        if let Some(prefix) = &page.title_prefix {
            own = format!("{prefix} – {own}");
        }
        let print = self.print_view(route, lang, &page.printed, &own, &site_title);
        let title = if *route == Route::Home {
            own.clone()
        } else {
            format!("{own} – {site_title}")
        };
        let crumbs = route.crumbs();
        // The menu marks the part of the site the page is in: its ancestor
        // just below the home page, or the page itself at the top.
        let section = crumbs.get(1).unwrap_or(route);
        let meta = PageMeta {
            lang: lang.to_string(),
            title,
            heading: page.heading,
            description: page.description,
            url: route.path(lang),
            canonical: self.asof.url(route, lang),
            alternates,
            languages: cfg
                .languages
                .iter()
                .map(|l| LangLink {
                    code: l.clone(),
                    name: self.ui(l).language_name(l).to_string(),
                    url: route.path(l),
                    current: l == lang,
                })
                .collect(),
            breadcrumbs: crumbs.iter().map(|r| self.link(r, lang)).collect(),
            crumb: self.link_title(route, lang),
            nav: self
                .menu()
                .iter()
                .map(|r| NavItem {
                    current: section == r,
                    url: r.path(lang),
                    title: self.link_title(r, lang).text,
                })
                .collect(),
            draft: page.draft && self.asof.opts.drafts,
            as_of: self.date(self.asof.as_of(), lang),
            feeds: page.feeds.iter().map(|f| self.feed_link(f, lang)).collect(),
            print,
            sources: self.sources(route, lang),
        };
        (meta, page.data)
    }

    /// The main menu: the site's parts, then "Contact" (the site's own
    /// contact page, or the generated one).
    pub(super) fn menu(&self) -> Vec<Route> {
        let mut menu = MENU.to_vec();
        menu.push(self.asof.contact_route());
        menu
    }

    /// A link to `route`, named by [`Renderer::link_title`].
    pub(super) fn link(&self, route: &Route, lang: &str) -> Link {
        Link {
            title: self.link_title(route, lang),
            url: route.path(lang),
        }
    }

    /// What a link to `route` says: in breadcrumbs, the menu and the
    /// footer.
    pub(super) fn link_title(&self, route: &Route, lang: &str) -> TextView {
        let ui = self.ui(lang);
        match route {
            Route::Home => self.label(UiKey::NavHome, lang),
            Route::Documents => self.label(UiKey::NavDocuments, lang),
            Route::Schools => self.label(UiKey::NavSchools, lang),
            Route::Relationships => self.label(UiKey::NavRelationships, lang),
            Route::Organisations => self.label(UiKey::NavOrganisations, lang),
            Route::SiteChanges => self.label(UiKey::SiteChanges, lang),
            Route::Accessibility => self.label(UiKey::AccessibilityTitle, lang),
            Route::Verify => self.label(UiKey::VerifyTitle, lang),
            Route::About => self.label(UiKey::AboutTitle, lang),
            Route::Search => self.label(UiKey::SearchTitle, lang),
            Route::Contact => self.label(UiKey::ContactTitle, lang),
            Route::Glossary => self.label(UiKey::GlossaryTitle, lang),
            Route::Register => self.label(UiKey::NavRegister, lang),
            Route::SchoolRegister(_) => self.label(UiKey::NavRegister, lang),
            Route::Changes(_) => self.label(UiKey::ChangeLog, lang),
            Route::Document(d) => self.text(&self.site.documents[d].title, lang),
            Route::Version(_, n) => {
                self.plain(&ui.fill(UiKey::VersionHeading, &[("version", n.as_str())]))
            }
            Route::Compare(_, a, b) => self.plain(&ui.fill(
                UiKey::CompareHeading,
                &[("from", a.as_str()), ("to", b.as_str())],
            )),
            Route::School(s) => self.text(&self.site.schools[s].name, lang),
            Route::SchoolRelationship(_, r) | Route::Relationship(r) => {
                self.org_ref(&self.site.relationships[r].party, lang).name
            }
            Route::Organisation(o) => self.org_ref(o, lang).name,
            Route::Page(slug) => self.page_title(slug, lang),
        }
    }

    /// The free pages and the accessibility statement, for the footer and
    /// the home page.
    pub(super) fn page_links(&self, lang: &str) -> Vec<Link> {
        let accessibility = self
            .site
            .config
            .accessibility
            .as_ref()
            .map(|_| self.link(&Route::Accessibility, lang));
        self.site
            .pages
            .keys()
            .map(|slug| self.link(&Route::Page(slug.clone()), lang))
            .chain(accessibility)
            .collect()
    }

    /// A feed as a page offers it.
    pub(super) fn feed_link(&self, feed: &Feed, lang: &str) -> FeedLink {
        FeedLink {
            title: self.feed_title(feed, lang),
            url: feed.path(lang),
        }
    }

    /// What every page of `lang` shares: its interface strings and the
    /// site (title, publisher, footer links).
    pub(super) fn make_chrome(&self, lang: &str) -> Chrome {
        let site = self.site;
        Chrome {
            ui: sv(self.ui(lang).all()),
            site: minijinja::context! {
                title => sv(self.text(&site.config.title, lang)),
                base_url => &site.config.base_url,
                publisher => sv(self.asof.publisher().map(|o| self.org_ref(&o.slug, lang))),
                pages => sv(self.page_links(lang)),
                verify_url => self.asof.log().map(|_| Route::Verify.path(lang)),
                about_url => Route::About.path(lang),
                search_url => Route::Search.path(lang),
                glossary_url => Route::Glossary.path(lang),
            },
        }
    }
}
