//! The comparison of two versions of a document: their texts compared
//! word by word (in the reader's language when both have it), with an
//! outline of the sections that changed.

use std::sync::Arc;

use super::env::sv;
use super::parts::numbered_heading;
use super::print::Printed;
use super::views::{DiffView, Link, OutlineView, RewrittenView};
use super::{Page, Renderer};
use crate::compare::{self, Labels, SectionChange};
use crate::i18n::UiKey;
use crate::model::{VersionNumber, VersionStatus};
use crate::rewrite::mark_finished;
use crate::routes::{Feed, Route};

/// Two versions compared (`route` is the comparison's own, for the link
/// to it in another language).
pub(super) fn compare(
    r: &Renderer,
    route: &Route,
    slug: &str,
    from: &VersionNumber,
    to: &VersionNumber,
    lang: &str,
) -> Page {
    let t = r
        .asof
        .timeline(slug)
        .expect("bug: a comparison route to a document without a timeline");
    let doc = t.document;
    let entry = |n: &VersionNumber| {
        t.entry(n)
            .expect("bug: a comparison route with a version that is not shown")
    };
    let (fe, te) = (entry(from), entry(to));
    let ui = r.ui(lang);
    let has = |v: &VersionNumber, l: &str| r.bodies.version(slug, v, l).is_some();
    let dl = r.default_lang();
    let (diff, missing) = match (has(from, lang), has(to, lang)) {
        (true, true) => (r.diff_view(slug, from, to, lang, lang), None),
        (false, false) => (r.diff_view(slug, from, to, dl, lang), None),
        (has_from, _) => {
            // One text is in the reader's language, the other is not:
            // comparing across languages would show everything changed.
            let lacking = if has_from { to } else { from };
            let text = ui.fill(
                UiKey::CompareMissing,
                &[
                    ("version", lacking.as_str()),
                    ("language", ui.language_name(lang)),
                ],
            );
            let other = (has(from, dl) && has(to, dl)).then(|| Link {
                title: r
                    .plain(&ui.fill(UiKey::CompareInOther, &[("language", ui.language_name(dl))])),
                url: route.path(dl),
            });
            (
                None,
                Some(minijinja::context! { text => text, other => sv(other) }),
            )
        }
    };
    let heading = r.text(&doc.title, lang);
    let sub = ui.fill(
        UiKey::CompareHeading,
        &[("from", from.as_str()), ("to", to.as_str())],
    );
    let description = format!("{}: {sub}", heading.text);
    let data = minijinja::context! {
        document => sv(r.document_summary(doc, lang)),
        from => sv(r.version_view(doc, fe, lang)),
        to => sv(r.version_view(doc, te, lang)),
        subheading => sub.clone(),
        diff => sv(diff),
        missing => missing,
    };
    let mut page = Page::new(heading, description, data)
        .with_draft(fe.status == VersionStatus::Draft || te.status == VersionStatus::Draft)
        .with_feeds(vec![Feed::Document(slug.to_string())]);
    page.printed = Printed {
        permalink: None,
        version: Some(sub.clone()),
        effective: None,
        unsealed: [from, to]
            .iter()
            .any(|n| r.asof.version_seal(slug, n).is_none()),
        seals: [from, to]
            .into_iter()
            .filter_map(|n| {
                let seal = r.asof.version_seal(slug, n)?;
                Some((n.clone(), seal.sha256.to_string()))
            })
            .collect(),
    };
    page.title_prefix = Some(sub);
    page
}

impl Renderer<'_> {
    /// The words a comparison marks changes with, in `lang`.
    fn compare_labels(&self, lang: &str) -> Labels {
        let ui = self.ui(lang);
        Labels {
            added: ui.get(UiKey::CompareAdded).to_string(),
            removed: ui.get(UiKey::CompareRemoved).to_string(),
            unchanged_one: ui.get(UiKey::CompareUnchangedOne).to_string(),
            unchanged_many: ui.get(UiKey::CompareUnchangedMany).to_string(),
        }
    }

    /// The comparison of two versions' texts in `body_lang`, for a reader
    /// of `lang`; from the comparison cache when `serve` keeps one.
    fn diff_view(
        &self,
        slug: &str,
        from: &VersionNumber,
        to: &VersionNumber,
        body_lang: &str,
        lang: &str,
    ) -> Option<DiffView> {
        let a = self.bodies.version(slug, from, body_lang)?;
        let b = self.bodies.version(slug, to, body_lang)?;
        let labels = self.compare_labels(lang);
        let c = match self.comparisons {
            Some(cache) => cache.get(slug, &a.html, &b.html, &labels, &self.word_counts),
            None => Arc::new(compare::compare_counted(
                &a.html,
                &b.html,
                &labels,
                &self.word_counts,
            )),
        };
        let ui = self.ui(lang);
        let other = (body_lang != lang).then_some(body_lang);
        Some(DiffView {
            identical: c.identical(),
            outline_numbered: c
                .outline
                .iter()
                .filter_map(|o| o.heading.as_deref())
                .any(|h| numbered_heading(h.rsplit(" › ").next().unwrap_or(h))),
            outline: c
                .outline
                .iter()
                .map(|o| OutlineView {
                    text: o
                        .heading
                        .clone()
                        .unwrap_or_else(|| ui.get(UiKey::CompareIntro).to_string()),
                    url: format!("#{}", o.id),
                    change_label: ui
                        .get(match o.change {
                            SectionChange::Changed => UiKey::CompareSectionChanged,
                            SectionChange::Added => UiKey::CompareSectionAdded,
                            SectionChange::Removed => UiKey::CompareSectionRemoved,
                        })
                        .to_string(),
                    change: o.change,
                })
                .collect(),
            html: mark_finished(&c.html),
            rewritten: c.rewritten.as_ref().map(|w| RewrittenView {
                old: mark_finished(&w.old_html),
                new: mark_finished(&w.new_html),
                note: ui.fill(
                    UiKey::CompareRewritten,
                    &[
                        ("from", from.as_str()),
                        ("to", to.as_str()),
                        ("percent", &w.shared_percent.to_string()),
                    ],
                ),
            }),
            id: compare::INTRO_ID.to_string(),
            lang: other.map(str::to_string),
            note: other.map(|body_lang| {
                ui.fill(
                    UiKey::CompareFallback,
                    &[
                        ("language", ui.language_name(body_lang)),
                        ("reader_language", ui.language_name(lang)),
                    ],
                )
            }),
        })
    }
}
