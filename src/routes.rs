//! Every page of a site has a route: where it lives, in each language, and
//! where it sits in the site (its parent, for breadcrumbs and the menu).
//! Links, language switchers, `hreflang` alternates, feeds, the API and the
//! sitemap are all made from routes, and every absolute URL through
//! [`absolute`], so they cannot disagree.

use crate::model::VersionNumber;

/// A page, independent of language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    Home,
    Documents,
    Document(String),
    /// One version of a document: (document, version).
    Version(String, VersionNumber),
    /// A document's change log: every version, newest first.
    Changes(String),
    /// Two versions of a document compared: (document, from, to).
    Compare(String, VersionNumber, VersionNumber),
    /// Every change on the site, newest first.
    SiteChanges,
    Schools,
    School(String),
    /// A school's own account of one relationship: (school, relationship).
    SchoolRelationship(String, String),
    Relationships,
    Relationship(String),
    Organisations,
    Organisation(String),
    /// A free page from `content/pages/<slug>/`.
    Page(String),
    /// The accessibility statement generated from site.toml.
    Accessibility,
    /// How to verify the transparency log (only when the site has one).
    Verify,
    /// Whom to contact about privacy and how to use one's rights (made
    /// when the site has no free page `contact` of its own).
    Contact,
    /// Short explanations of the words the pages use (processor,
    /// recipient, legal basis, material change).
    Glossary,
    /// About this site: who publishes it, the date it shows, its languages,
    /// the program and version that made it, and its log.
    About,
    /// Searching the texts of the documents.
    Search,
    /// The register of processing (AVG art. 30): every relationship with
    /// every field, in force, announced and ended.
    Register,
    /// One school's register of processing.
    SchoolRegister(String),
}

impl Route {
    /// The root-relative URL path in `lang`, always ending in `/`.
    pub fn path(&self, lang: &str) -> String {
        match self {
            Route::Home => format!("/{lang}/"),
            Route::Documents => format!("/{lang}/documents/"),
            Route::Document(d) => format!("/{lang}/documents/{d}/"),
            Route::Version(d, v) => format!("/{lang}/documents/{d}/{v}/"),
            // Neither `changes` nor `compare` parses as a version number,
            // so these never collide with a version's page.
            Route::Changes(d) => format!("/{lang}/documents/{d}/changes/"),
            Route::Compare(d, a, b) => format!("/{lang}/documents/{d}/compare/{a}-{b}/"),
            Route::SiteChanges => format!("/{lang}/changes/"),
            Route::Schools => format!("/{lang}/schools/"),
            Route::School(s) => format!("/{lang}/schools/{s}/"),
            Route::SchoolRelationship(s, r) => format!("/{lang}/schools/{s}/{r}/"),
            Route::Relationships => format!("/{lang}/relationships/"),
            Route::Relationship(r) => format!("/{lang}/relationships/{r}/"),
            Route::Organisations => format!("/{lang}/organisations/"),
            Route::Organisation(o) => format!("/{lang}/organisations/{o}/"),
            Route::Page(p) => format!("/{lang}/pages/{p}/"),
            Route::Accessibility => format!("/{lang}/accessibility/"),
            Route::Verify => format!("/{lang}/verify/"),
            Route::About => format!("/{lang}/about/"),
            Route::Search => format!("/{lang}/search/"),
            Route::Contact => format!("/{lang}/contact/"),
            Route::Glossary => format!("/{lang}/glossary/"),
            Route::Register => format!("/{lang}/{REGISTER}/"),
            // `register` is reserved, so no relationship's page at the
            // school is here.
            Route::SchoolRegister(s) => format!("/{lang}/schools/{s}/{REGISTER}/"),
        }
    }

    /// The absolute URL in `lang` of a site hosted at `base_url`.
    pub fn url(&self, base_url: &str, lang: &str) -> String {
        absolute(base_url, &self.path(lang))
    }

    /// The file in the output folder that serves this route.
    pub fn file(&self, lang: &str) -> String {
        format!("{}index.html", &self.path(lang)[1..])
    }

    /// The template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            Route::Home => "home.html",
            Route::Documents | Route::Schools | Route::Relationships | Route::Organisations => {
                "list.html"
            }
            Route::Document(_) => "document.html",
            Route::Version(..) => "version.html",
            Route::Changes(_) => "changes.html",
            Route::Compare(..) => "compare.html",
            Route::SiteChanges => "site_changes.html",
            Route::School(_) => "school.html",
            Route::SchoolRelationship(..) => "school_relationship.html",
            Route::Relationship(_) => "relationship.html",
            Route::Organisation(_) => "organisation.html",
            Route::Page(_) => "page.html",
            Route::Accessibility => "accessibility.html",
            Route::Verify => "verify.html",
            Route::About => "about.html",
            Route::Search => "search.html",
            Route::Contact => "contact.html",
            Route::Glossary => "glossary.html",
            Route::Register | Route::SchoolRegister(_) => "register.html",
        }
    }

    /// The page a reader goes up to from this one: what the breadcrumbs
    /// show, one level up. Only the home page has none.
    pub fn parent(&self) -> Option<Route> {
        Some(match self {
            Route::Home => return None,
            Route::Documents
            | Route::SiteChanges
            | Route::Schools
            | Route::Relationships
            | Route::Organisations
            | Route::Page(_)
            | Route::Accessibility
            | Route::Verify
            | Route::About
            | Route::Search => Route::Home,
            Route::Contact | Route::Glossary | Route::Register => Route::Home,
            Route::SchoolRegister(s) => Route::School(s.clone()),
            Route::Document(_) => Route::Documents,
            Route::Version(d, _) | Route::Changes(d) => Route::Document(d.clone()),
            Route::Compare(d, ..) => Route::Changes(d.clone()),
            Route::School(_) => Route::Schools,
            Route::SchoolRelationship(s, _) => Route::School(s.clone()),
            Route::Relationship(_) => Route::Relationships,
            Route::Organisation(_) => Route::Organisations,
        })
    }

    /// Every page above this one, from the home page down to its parent:
    /// the breadcrumbs before the page itself.
    pub fn crumbs(&self) -> Vec<Route> {
        let mut up = Vec::new();
        let mut at = self.parent();
        while let Some(r) = at {
            at = r.parent();
            up.push(r);
        }
        up.reverse();
        up
    }
}

/// The segment of the register's pages.
const REGISTER: &str = "register";

/// The file name of a register's CSV download, next to its page.
pub(crate) const REGISTER_CSV: &str = "register.csv";

/// The fixed segments of the site's URLs. A school or relationship whose
/// slug is one of them would take the place of a page (a school's
/// relationship `register` is its register's page), so `check` refuses
/// them. Names with a dot cannot be slugs; they are listed so the list is
/// the whole truth.
pub(crate) const RESERVED_SEGMENTS: &[&str] = &[
    "about",
    "accessibility",
    "api",
    "calendar.ics",
    "changes",
    "compare",
    "contact",
    "documents",
    "feed.xml",
    "glossary",
    "index.html",
    "material.xml",
    "organisations",
    "pages",
    REGISTER,
    REGISTER_CSV,
    "relationships",
    "schools",
    "search",
    "static",
    "verify",
];

/// An Atom feed of changes, one per language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Feed {
    /// Every change on the site.
    Site,
    /// Material changes only.
    Material,
    Document(String),
    School(String),
}

impl Feed {
    /// The root-relative URL path in `lang`.
    pub(crate) fn path(&self, lang: &str) -> String {
        match self {
            Feed::Site => format!("/{lang}/feed.xml"),
            Feed::Material => format!("/{lang}/material.xml"),
            Feed::Document(d) => format!("/{lang}/documents/{d}/feed.xml"),
            Feed::School(s) => format!("/{lang}/schools/{s}/feed.xml"),
        }
    }

    /// The absolute URL in `lang` of a site hosted at `base_url`.
    pub(crate) fn url(&self, base_url: &str, lang: &str) -> String {
        absolute(base_url, &self.path(lang))
    }

    /// The file in the output folder.
    pub(crate) fn file(&self, lang: &str) -> String {
        self.path(lang)[1..].to_string()
    }
}

/// A school's calendar of what is coming (iCalendar), one per language:
/// the school's slug.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Calendar(pub String);

impl Calendar {
    /// The root-relative URL path in `lang`.
    pub(crate) fn path(&self, lang: &str) -> String {
        format!("/{lang}/schools/{}/calendar.ics", self.0)
    }

    /// The absolute URL in `lang` of a site hosted at `base_url`.
    pub(crate) fn url(&self, base_url: &str, lang: &str) -> String {
        absolute(base_url, &self.path(lang))
    }

    /// The file in the output folder.
    pub(crate) fn file(&self, lang: &str) -> String {
        self.path(lang)[1..].to_string()
    }
}

/// The one way to make an absolute URL: a site path (`/nl/documents/`,
/// `/sitemap.xml`, as routes and templates write them, from the site's
/// root) under `base_url` (which ends in `/` and may have a path of its
/// own, e.g. `https://example.org/privacy/`).
pub(crate) fn absolute(base_url: &str, site_path: &str) -> String {
    let rest = site_path.strip_prefix('/').unwrap_or(site_path);
    let mut url = String::with_capacity(base_url.len() + rest.len());
    url.push_str(base_url);
    url.push_str(rest);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(n: &str) -> VersionNumber {
        VersionNumber::parse(n).expect("bug: a test version number is valid")
    }

    #[test]
    fn paths_and_files() {
        let r = Route::SchoolRelationship("de-linde".into(), "duo".into());
        assert_eq!(r.path("en"), "/en/schools/de-linde/duo/");
        assert_eq!(r.file("en"), "en/schools/de-linde/duo/index.html");
        assert_eq!(Route::Home.file("nl"), "nl/index.html");
        let c = Route::Compare("privacyverklaring".into(), v("2.0"), v("2.1"));
        assert_eq!(
            c.path("nl"),
            "/nl/documents/privacyverklaring/compare/2.0-2.1/"
        );
        assert_eq!(
            Feed::School("de-linde".into()).file("en"),
            "en/schools/de-linde/feed.xml"
        );
        let cal = Calendar("de-linde".into());
        assert_eq!(cal.file("nl"), "nl/schools/de-linde/calendar.ics");
        assert_eq!(
            cal.url("https://example.org/privacy/", "en"),
            "https://example.org/privacy/en/schools/de-linde/calendar.ics"
        );
    }

    #[test]
    fn absolute_urls_follow_the_base_path() {
        let base = "https://example.org/privacy/";
        assert_eq!(
            Route::Documents.url(base, "nl"),
            "https://example.org/privacy/nl/documents/"
        );
        assert_eq!(
            Feed::Site.url(base, "en"),
            "https://example.org/privacy/en/feed.xml"
        );
        assert_eq!(
            absolute(base, "/sitemap.xml"),
            "https://example.org/privacy/sitemap.xml"
        );
        assert_eq!(
            absolute("https://example.org/", "robots.txt"),
            "https://example.org/robots.txt"
        );
    }

    #[test]
    fn every_fixed_segment_of_an_address_is_reserved() {
        let v1 = v("1.0");
        let routes = [
            Route::Documents,
            Route::Changes("d".into()),
            Route::Compare("d".into(), v1.clone(), v("2.0")),
            Route::SiteChanges,
            Route::Schools,
            Route::Relationships,
            Route::Organisations,
            Route::Page("p".into()),
            Route::Accessibility,
            Route::Verify,
            Route::About,
            Route::Search,
            Route::Contact,
            Route::Glossary,
            Route::Register,
            Route::SchoolRegister("s".into()),
        ];
        let mut paths: Vec<String> = routes.iter().map(|r| r.path("nl")).collect();
        paths.push(Feed::Site.path("nl"));
        paths.push(Feed::Material.path("nl"));
        paths.push(Feed::School("s".into()).path("nl"));
        paths.push(Calendar("s".into()).path("nl"));
        paths.push(format!("{}{REGISTER_CSV}", Route::Register.path("nl")));
        for path in paths {
            for segment in path.split('/').skip(2).filter(|s| !s.is_empty()) {
                // The slugs and version numbers this test made up.
                if ["d", "p", "s", "1.0-2.0"].contains(&segment) {
                    continue;
                }
                assert!(
                    RESERVED_SEGMENTS.contains(&segment),
                    "{segment} of {path} is not reserved"
                );
            }
        }
    }

    #[test]
    fn breadcrumbs_come_from_the_parents() {
        let compare = Route::Compare("d".into(), v("1.0"), v("2.0"));
        assert_eq!(
            compare.crumbs(),
            [
                Route::Home,
                Route::Documents,
                Route::Document("d".into()),
                Route::Changes("d".into()),
            ]
        );
        let pair = Route::SchoolRelationship("s".into(), "r".into());
        assert_eq!(
            pair.crumbs(),
            [Route::Home, Route::Schools, Route::School("s".into())]
        );
        assert_eq!(Route::Home.crumbs(), []);
        assert_eq!(Route::Verify.crumbs(), [Route::Home]);
    }
}
