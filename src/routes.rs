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
}

impl Route {
    /// The root-relative URL path in `lang`, always ending in `/`.
    pub fn path(&self, lang: &str) -> String {
        match self {
            Route::Home => format!("/{lang}/"),
            Route::Documents => format!("/{lang}/documents/"),
            Route::Document(d) => format!("/{lang}/documents/{d}/"),
            Route::Version(d, v) => format!("/{lang}/documents/{d}/{v}/"),
            Route::Schools => format!("/{lang}/schools/"),
            Route::School(s) => format!("/{lang}/schools/{s}/"),
            Route::SchoolRelationship(s, r) => format!("/{lang}/schools/{s}/{r}/"),
            Route::Relationships => format!("/{lang}/relationships/"),
            Route::Relationship(r) => format!("/{lang}/relationships/{r}/"),
            Route::Organisations => format!("/{lang}/organisations/"),
            Route::Organisation(o) => format!("/{lang}/organisations/{o}/"),
            Route::Page(p) => format!("/{lang}/pages/{p}/"),
            Route::Accessibility => format!("/{lang}/accessibility/"),
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
            Route::School(_) => "school.html",
            Route::SchoolRelationship(..) => "school_relationship.html",
            Route::Relationship(_) => "relationship.html",
            Route::Organisation(_) => "organisation.html",
            Route::Page(_) => "page.html",
            Route::Accessibility => "accessibility.html",
        }
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
    }
}
