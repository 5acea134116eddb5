//! What a reader can do about their data, in plain words, where they look
//! for it: the rights block on every school and relationship page (whom
//! to ask, the rights section of the statement in force, withdrawing
//! consent or objecting as the legal basis allows, a complaint to the
//! Autoriteit Persoonsgegevens), the contact page, and the glossary of the
//! words those pages use.

use serde::Serialize;

use super::env::sv;
use super::views::{Link, OrgView, TextView};
use super::{Page, Renderer};
use crate::i18n::UiKey;
use crate::model::{Document, DocumentKind, LegalBasis, Relationship, RelationshipState, School};
use crate::routes::Route;

/// The rights block of one page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RightsView {
    /// Who is asked first (the school, or its board), by name.
    pub ask_name: TextView,
    /// Where a request goes first.
    pub ask_email: Option<String>,
    pub ask_phone: Option<String>,
    /// The board's data-protection officer, the next to ask.
    pub dpo_name: Option<TextView>,
    pub dpo_email: Option<String>,
    pub dpo_phone: Option<String>,
    /// The rights section of the statement in force.
    pub statement: Option<Link>,
    /// What the reader may do, by legal basis, each naming the parties it
    /// concerns: withdraw consent, object, or why they cannot object.
    pub actions: Vec<RightsAction>,
    /// The site's own sentence from `[rights] note`.
    pub note: Option<TextView>,
}

/// One thing the legal bases let a reader do (or why not): a heading,
/// and a paragraph per legal basis with the parties it concerns.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RightsAction {
    /// `withdraw`, `object` or `none`: also the heading's id.
    pub kind: &'static str,
    pub heading: String,
    pub bases: Vec<RightsBasis>,
}

/// What one legal basis means for the reader, and whom it concerns.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RightsBasis {
    /// The legal basis, as in the content files (`consent` …).
    pub basis: &'static str,
    pub text: String,
    /// Which processors and recipients it concerns, in words.
    pub parties: String,
}

impl Renderer<'_> {
    /// The rights block for a page about `relationships` of `controller`
    /// (a board), seen from `school` when the page is a school's.
    pub(super) fn rights_view(
        &self,
        controller: &str,
        school: Option<&School>,
        relationships: &[&Relationship],
        lang: &str,
    ) -> RightsView {
        let site = self.site;
        let cfg = site.config.rights.as_ref();
        let board = site.organisations.get(controller);
        let (ask_name, own_email, own_phone) = match (school, board) {
            (Some(s), _) if s.email.is_some() => {
                (self.text(&s.name, lang), s.email.clone(), s.phone.clone())
            }
            (Some(s), Some(b)) => (self.text(&s.name, lang), b.email.clone(), s.phone.clone()),
            (Some(s), None) => (self.text(&s.name, lang), None, s.phone.clone()),
            (None, Some(b)) => (self.text(&b.name, lang), b.email.clone(), b.phone.clone()),
            (None, None) => (self.plain(controller), None, None),
        };
        let ask_email = cfg.and_then(|c| c.contact.clone()).or(own_email);
        let dpo = board.and_then(|b| b.dpo.as_ref());
        RightsView {
            ask_name,
            ask_email,
            ask_phone: own_phone,
            dpo_name: dpo
                .and_then(|d| d.name.as_ref())
                .map(|n| self.text(n, lang)),
            dpo_email: dpo.and_then(|d| d.email.clone()),
            dpo_phone: dpo.and_then(|d| d.phone.clone()),
            statement: self.rights_statement(controller, school, lang),
            actions: self.rights_actions(relationships, lang),
            note: cfg
                .and_then(|c| c.note.as_ref())
                .map(|n| self.text(n, lang)),
        }
    }

    /// What each legal basis among `relationships` lets a reader do, in
    /// the order of AVG art. 6(1), with the parties it concerns.
    fn rights_actions(&self, relationships: &[&Relationship], lang: &str) -> Vec<RightsAction> {
        let ui = self.ui(lang);
        let mut out = Vec::new();
        for basis in LegalBasis::ALL {
            let mut parties: Vec<String> = relationships
                .iter()
                .filter(|r| r.legal_basis == basis)
                .map(|r| self.org_ref(&r.party, lang).name.text)
                .collect();
            parties.dedup();
            if parties.is_empty() {
                continue;
            }
            let mut parties = ui.fill(
                UiKey::RightsParties,
                &[("parties", &in_words(&parties, ui.get(UiKey::ListAnd)))],
            );
            // A name may end in a full stop already ("B.V.").
            if !parties.ends_with('.') {
                parties.push('.');
            }
            let (kind, heading, text) = match basis {
                LegalBasis::Consent => (
                    "withdraw",
                    UiKey::RightsConsentHeading,
                    UiKey::RightsConsent,
                ),
                LegalBasis::PublicTask => (
                    "object",
                    UiKey::RightsObjectHeading,
                    UiKey::RightsObjectTask,
                ),
                LegalBasis::LegitimateInterests => (
                    "object",
                    UiKey::RightsObjectHeading,
                    UiKey::RightsObjectInterest,
                ),
                LegalBasis::LegalObligation => (
                    "none",
                    UiKey::RightsNoObjectionHeading,
                    UiKey::RightsNoObjectionLegalObligation,
                ),
                LegalBasis::Contract => (
                    "none",
                    UiKey::RightsNoObjectionHeading,
                    UiKey::RightsNoObjectionContract,
                ),
                LegalBasis::VitalInterests => (
                    "none",
                    UiKey::RightsNoObjectionHeading,
                    UiKey::RightsNoObjectionVitalInterests,
                ),
            };
            let item = RightsBasis {
                basis: basis.key(),
                text: ui.get(text).to_string(),
                parties,
            };
            match out.iter_mut().find(|a: &&mut RightsAction| a.kind == kind) {
                Some(action) => action.bases.push(item),
                None => out.push(RightsAction {
                    kind,
                    heading: ui.get(heading).to_string(),
                    bases: vec![item],
                }),
            }
        }
        // What the reader can do comes before what they cannot.
        out.sort_by_key(|a| match a.kind {
            "withdraw" => 0,
            "object" => 1,
            _ => 2,
        });
        out
    }

    /// A link to the rights section of the statement in force: the
    /// document `[rights] document` names, else the first privacy
    /// statement that applies to the school (or that the controller
    /// owns, or any on the site); the section `[rights] section` names,
    /// else the first `##` heading about rights.
    fn rights_statement(
        &self,
        controller: &str,
        school: Option<&School>,
        lang: &str,
    ) -> Option<Link> {
        let site = self.site;
        let cfg = site.config.rights.as_ref();
        let is_statement = |d: &&Document| d.kind == DocumentKind::Statement;
        let in_force = |d: &&Document| {
            self.asof
                .timeline(&d.slug)
                .is_some_and(|t| t.in_force().is_some())
        };
        let doc = match cfg.and_then(|c| c.document.as_deref()) {
            Some(slug) => site.documents.get(slug).filter(in_force),
            None => school
                .map(|s| site.documents_of(s))
                .unwrap_or_default()
                .into_iter()
                .chain(self.asof.documents_owned_by(controller))
                .chain(site.documents.values())
                .filter(is_statement)
                .find(in_force),
        }?;
        let entry = self.asof.timeline(&doc.slug)?.in_force()?;
        let v = entry.version;
        let section = match cfg.and_then(|c| c.section.as_ref()) {
            Some(s) => Some(self.text(s, lang).text),
            None => self
                .bodies
                .version_in(&doc.slug, &v.number, lang, self.default_lang())
                .and_then(|found| {
                    let word = self.ui(found.lang).get(UiKey::RightsSectionWord);
                    found
                        .value
                        .toc
                        .iter()
                        .find(|e| e.level == 2 && e.text.to_lowercase().contains(word))
                        .map(|e| e.id.clone())
                }),
        };
        let title = self.text(&doc.title, lang);
        let label = self
            .ui(lang)
            .fill(UiKey::RightsReadAll, &[("title", &title.text)]);
        let mut url = Route::Version(doc.slug.clone(), v.number.clone()).path(lang);
        if let Some(id) = section.filter(|s| !s.is_empty()) {
            url.push('#');
            url.push_str(&id);
        }
        Some(Link {
            title: TextView {
                text: label,
                lang: title.lang,
                note: title.note,
            },
            url,
        })
    }
}

/// `items` as a sentence lists them: "a, b and c".
pub(super) fn in_words(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// The relationships of `school` a reader's rights depend on now.
pub(super) fn active_of<'s>(r: &Renderer<'s>, school: &School) -> Vec<&'s Relationship> {
    r.site
        .relationships_of(school)
        .into_iter()
        .filter(|x| x.state(r.asof.as_of()) == RelationshipState::Active)
        .collect()
}

/// The contact page: whom to ask at each school and board, and the
/// rights block for everything the site's schools do now.
pub(super) fn contact(r: &Renderer, lang: &str) -> Page {
    let site = r.site;
    let ui = r.ui(lang);
    let site_title = r.text(&site.config.title, lang).text;
    let schools: Vec<_> = site
        .schools
        .values()
        .map(|s| {
            minijinja::context! {
                name => sv(r.text(&s.name, lang)),
                url => Route::School(s.slug.clone()).path(lang),
                email => s.email.clone().or_else(|| site.organisations.get(&s.board).and_then(|b| b.email.clone())),
                phone => s.phone.clone(),
            }
        })
        .collect();
    let mut boards: Vec<&str> = site.schools.values().map(|s| s.board.as_str()).collect();
    boards.push(&site.config.publisher);
    boards.sort_unstable();
    boards.dedup();
    let boards: Vec<OrgView> = boards
        .into_iter()
        .filter_map(|b| site.organisations.get(b))
        .map(|o| r.org_view(o, lang))
        .collect();
    let active: Vec<&Relationship> = site
        .relationships
        .values()
        .filter(|x| x.state(r.asof.as_of()) == RelationshipState::Active)
        .collect();
    let rights = r.rights_view(&site.config.publisher, None, &active, lang);
    let description = ui.fill(UiKey::ContactDescription, &[("site", &site_title)]);
    let data = minijinja::context! {
        schools => sv(schools),
        boards => sv(boards),
        rights => sv(rights),
    };
    Page::new(r.label(UiKey::ContactTitle, lang), description, data)
}

/// The glossary: the words the pages use, in plain language.
pub(super) fn glossary(r: &Renderer, lang: &str) -> Page {
    let ui = r.ui(lang);
    let terms: Vec<_> = [
        (
            "processor",
            UiKey::GlossaryProcessor,
            UiKey::GlossaryProcessorText,
        ),
        (
            "recipient",
            UiKey::GlossaryRecipient,
            UiKey::GlossaryRecipientText,
        ),
        (
            "legal-basis",
            UiKey::GlossaryLegalBasis,
            UiKey::GlossaryLegalBasisText,
        ),
        (
            "material-change",
            UiKey::GlossaryMaterialChange,
            UiKey::GlossaryMaterialChangeText,
        ),
    ]
    .into_iter()
    .map(|(id, term, text)| {
        minijinja::context! {
            id => id,
            term => ui.get(term),
            text => ui.get(text),
        }
    })
    .collect();
    let description = ui.get(UiKey::GlossaryDescription).to_string();
    Page::new(
        r.label(UiKey::GlossaryTitle, lang),
        description,
        minijinja::context! { terms => terms },
    )
}
