//! Free pages from `content/pages/<slug>/`: a Markdown text per language,
//! titled by its first `#` heading.

use std::sync::Arc;

use super::env::sv;
use super::views::TextView;
use super::{Page, Renderer};
use crate::markdown::Rendered;
use crate::model::InLanguage;

/// A free page.
pub(super) fn page(r: &Renderer, slug: &str, lang: &str) -> Page {
    let found = text(r, slug, lang);
    let heading = title(slug, &found, lang);
    let available = r.site.pages[slug].bodies.keys().cloned().collect();
    let body = r.rendered_body(found, available, lang);
    let description = heading.text.clone();
    Page::new(
        heading,
        description,
        minijinja::context! { body => sv(body) },
    )
}

impl Renderer<'_> {
    /// A free page's title for a reader of `lang`: what links to it say.
    pub(super) fn page_title(&self, slug: &str, lang: &str) -> TextView {
        title(slug, &text(self, slug, lang), lang)
    }
}

/// The page's text for a reader of `lang`, or in the default language.
fn text<'r>(r: &Renderer<'r>, slug: &str, lang: &str) -> InLanguage<'r, Arc<Rendered>> {
    r.bodies
        .page_in(slug, lang, r.default_lang())
        .expect("bug: a page without its default language")
}

/// The first `#` heading (the slug when there is none), marked with the
/// text's language when it is not the reader's.
fn title(slug: &str, found: &InLanguage<'_, Arc<Rendered>>, lang: &str) -> TextView {
    TextView {
        text: found
            .value
            .title
            .clone()
            .unwrap_or_else(|| slug.to_string()),
        lang: (found.lang != lang).then(|| found.lang.to_string()),
        note: None,
    }
}
