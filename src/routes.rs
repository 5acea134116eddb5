//! Every page of a site has a route: where it lives, in each language.
//! Links, language switchers, `hreflang` alternates and the sitemap are all
//! made from routes, so they cannot disagree.

/// A page, independent of language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    Home,
    Documents,
    Document(String),
    Version(String, String),
    /// A document's change log: every version, newest first.
    Changes(String),
    /// Two versions of a document compared: (document, from, to).
    Compare(String, String, String),
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
    Page(String),
    /// The accessibility statement generated from site.toml.
    Accessibility,
    /// How to verify the transparency log (only when the site has one).
    Verify,
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
        }
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
        }
    }
}

/// An Atom feed of changes, one per language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feed {
    /// Every change on the site.
    Site,
    /// Material changes only.
    Material,
    Document(String),
    School(String),
}

impl Feed {
    /// The root-relative URL path in `lang`.
    pub fn path(&self, lang: &str) -> String {
        match self {
            Feed::Site => format!("/{lang}/feed.xml"),
            Feed::Material => format!("/{lang}/material.xml"),
            Feed::Document(d) => format!("/{lang}/documents/{d}/feed.xml"),
            Feed::School(s) => format!("/{lang}/schools/{s}/feed.xml"),
        }
    }

    /// The file in the output folder.
    pub fn file(&self, lang: &str) -> String {
        self.path(lang)[1..].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_files() {
        let r = Route::SchoolRelationship("de-linde".into(), "duo".into());
        assert_eq!(r.path("en"), "/en/schools/de-linde/duo/");
        assert_eq!(r.file("en"), "en/schools/de-linde/duo/index.html");
        assert_eq!(Route::Home.file("nl"), "nl/index.html");
        let c = Route::Compare("privacyverklaring".into(), "2.0".into(), "2.1".into());
        assert_eq!(
            c.path("nl"),
            "/nl/documents/privacyverklaring/compare/2.0-2.1/"
        );
        assert_eq!(
            Feed::School("de-linde".into()).file("en"),
            "en/schools/de-linde/feed.xml"
        );
    }
}
