//! The register of processing (AVG art. 30) as a data-protection officer
//! reads it: every relationship in force on the as-of date, and those that
//! are announced or ended, one row per relationship × school.
//!
//! Every form of the register — its pages, the CSV downloads, the JSON of
//! the API and the JSON-LD in the Data Privacy Vocabulary — is made from the
//! rows and columns here: a field added to a relationship becomes a column
//! in [`COLUMNS`], and every form shows it.

use std::collections::BTreeMap;

use crate::asof::SiteAsOf;
use crate::countries::Country;
use crate::history::StateStatus;
use crate::i18n::{Strings, UiKey, iso};
use crate::messages::Choice;
use crate::model::*;
use crate::routes::Route;

/// Where an entry of the register stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Section {
    /// In force on the as-of date.
    InForce,
    /// Still to come: a relationship that starts later, or new terms of
    /// one in force.
    Announced,
    /// Over: the last terms of a relationship that ended.
    Ended,
}

impl Section {
    pub(crate) const ALL: [Section; 3] = [Section::InForce, Section::Announced, Section::Ended];

    /// Its name in the JSON, the JSON-LD and the pages' ids.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Section::InForce => "in-force",
            Section::Announced => "announced",
            Section::Ended => "ended",
        }
    }

    /// What readers call it.
    pub(crate) fn label(self) -> UiKey {
        match self {
            Section::InForce => UiKey::RegisterInForce,
            Section::Announced => UiKey::RegisterAnnounced,
            Section::Ended => UiKey::RegisterEnded,
        }
    }
}

/// One relationship with the terms of one of its states: what the register
/// records once, for every school it covers.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub section: Section,
    pub relationship: &'a Relationship,
    /// The state's number (1 for the base table).
    pub state: usize,
    /// The terms of that state.
    pub terms: Relationship,
    /// The first and last day of these terms (`to` open when they last).
    pub from: Date,
    pub to: Option<Date>,
    /// The schools it covers (of the school asked for only, on a school's
    /// register).
    pub schools: Vec<&'a School>,
}

impl Entry<'_> {
    /// Its id in the JSON-LD and on the pages: the relationship's slug, and
    /// the first day of its terms for an announced state.
    pub(crate) fn id(&self) -> String {
        match self.section {
            Section::Announced if self.state > 1 => {
                format!("{}-{}", self.relationship.slug, iso(self.from))
            }
            _ => self.relationship.slug.clone(),
        }
    }
}

/// One row of the register: an entry for one school, or for none when the
/// relationship covers no school (it applies to the board itself).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<'e, 'a> {
    pub entry: &'e Entry<'a>,
    pub school: Option<&'a School>,
}

/// The entries of the register on the as-of date, of the whole site or of
/// one school: in force, announced, ended; in each by relationship.
pub(crate) fn entries<'a>(asof: &SiteAsOf<'a>, school: Option<&'a School>) -> Vec<Entry<'a>> {
    let site = asof.site;
    let as_of = asof.as_of();
    let mut out = Vec::new();
    // A school's register covers the relationships that cover it, found
    // once (asking for each relationship made a school's register take the
    // square of the site's relationships).
    let relationships: Vec<&Relationship> = match school {
        Some(s) => site.relationships_of(s),
        None => site.relationships.values().collect(),
    };
    for rel in relationships {
        let schools: Vec<&School> = match school {
            Some(s) => vec![s],
            None => site.schools_of(rel),
        };
        let ended = rel.state(as_of) == RelationshipState::Ended;
        let states = rel.states();
        let last = states.len();
        for st in states {
            let section = match rel.state_status(st.number, st.from, as_of) {
                StateStatus::Current => Section::InForce,
                StateStatus::Announced => Section::Announced,
                StateStatus::Past if ended && st.number == last => Section::Ended,
                StateStatus::Past => continue,
            };
            out.push(Entry {
                section,
                relationship: rel,
                state: st.number,
                terms: st.terms,
                from: st.from,
                to: st.to,
                schools: schools.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.section, &a.relationship.slug, a.from).cmp(&(b.section, &b.relationship.slug, b.from))
    });
    out
}

/// The rows of `entries`: one per entry and school it covers, one for an
/// entry that covers none.
pub(crate) fn rows<'e, 'a>(entries: &'e [Entry<'a>]) -> Vec<Row<'e, 'a>> {
    entries
        .iter()
        .flat_map(|e| {
            let schools: Vec<Option<&School>> = if e.schools.is_empty() {
                vec![None]
            } else {
                e.schools.iter().copied().map(Some).collect()
            };
            schools
                .into_iter()
                .map(move |school| Row { entry: e, school })
        })
        .collect()
}

/// A link a cell gives: a page of the site, or a document elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Link {
    Page(Route),
    External(String),
}

/// What a column says for a row, before it is written for one language
/// (pages, CSV) or for all (JSON).
#[derive(Debug, Clone)]
pub(crate) enum Cell<'r> {
    /// Language-neutral words or codes (a slug, a BRIN number, a version).
    Plain(Option<String>),
    Text(Option<&'r Text>),
    Texts(Vec<&'r Text>),
    Date(Option<Date>),
    /// Yes or no.
    Flag(bool),
    /// One of a fixed set of values: its key and what readers call it.
    Term(&'static str, UiKey),
    LegalBasis(LegalBasis),
    /// Organisations, by slug; with where each processes data (for
    /// sub-processors) when `true`.
    Organisations(Vec<&'r str>, bool),
    /// Countries, by ISO 3166-1 code.
    Countries(Vec<&'static Country>),
    /// The basis of a transfer outside the EEA, when one is recorded.
    Transfer(Option<Transfer>),
    /// Special categories of personal data (AVG art. 9, 10, 87).
    Special(&'r [SpecialCategory]),
    Schools(Vec<&'r School>),
    Link(Option<Link>),
}

/// The type of a column's values in the JSON, for its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Plain,
    Text,
    Texts,
    Date,
    Flag,
    Term(&'static [&'static str]),
    /// One of a fixed set of values, or none.
    OptTerm(&'static [&'static str]),
    /// A list of values of a fixed set.
    Terms(&'static [&'static str]),
    /// ISO 3166-1 alpha-2 codes.
    Countries,
    Organisations,
    Schools,
    Link,
}

/// A column of the register.
pub(crate) struct Column {
    /// Its key in the JSON, stable once released.
    pub id: &'static str,
    /// Its header on the pages and in the CSV.
    pub header: UiKey,
    pub kind: Kind,
    /// Shown on the register's pages (the links are shown with the cell
    /// they belong to, the ids are the entry's own).
    pub on_page: bool,
    pub cell: for<'r> fn(&Row<'r, '_>, &'r Site) -> Cell<'r>,
}

const STATUSES: &[&str] = &["in-force", "announced", "ended"];
const KINDS: &[&str] = Choice::RelationshipKind.values();
const TRANSFERS: &[&str] = Choice::Transfer.values();
const SPECIAL: &[&str] = Choice::SpecialCategory.values();

/// Every column of the register, in the order of the CSV.
pub(crate) const COLUMNS: &[Column] = &[
    Column {
        id: "status",
        header: UiKey::Status,
        kind: Kind::Term(STATUSES),
        on_page: false,
        cell: |r, _| Cell::Term(r.entry.section.key(), r.entry.section.label()),
    },
    Column {
        id: "school",
        header: UiKey::School,
        kind: Kind::Schools,
        on_page: true,
        cell: |r, _| {
            Cell::Schools(
                r.school
                    .map_or_else(|| r.entry.schools.clone(), |s| vec![s]),
            )
        },
    },
    Column {
        id: "brin",
        header: UiKey::Brin,
        kind: Kind::Plain,
        on_page: false,
        cell: |r, _| Cell::Plain(r.school.and_then(|s| s.brin.clone())),
    },
    Column {
        id: "relationship",
        header: UiKey::RegisterRelationship,
        kind: Kind::Plain,
        on_page: false,
        cell: |r, _| Cell::Plain(Some(r.entry.relationship.slug.clone())),
    },
    Column {
        id: "kind",
        header: UiKey::Role,
        kind: Kind::Term(KINDS),
        on_page: true,
        cell: |r, _| {
            let k = r.entry.terms.kind;
            Cell::Term(k.key(), UiKey::relationship_kind(k))
        },
    },
    Column {
        id: "party",
        header: UiKey::Party,
        kind: Kind::Organisations,
        on_page: false,
        cell: |r, _| Cell::Organisations(vec![r.entry.terms.party.as_str()], false),
    },
    Column {
        id: "controller",
        header: UiKey::Controller,
        kind: Kind::Organisations,
        on_page: true,
        cell: |r, _| Cell::Organisations(vec![r.entry.terms.controller.as_str()], false),
    },
    Column {
        id: "controller_dpo",
        header: UiKey::Dpo,
        kind: Kind::Plain,
        on_page: true,
        cell: |r, site| {
            let dpo = site
                .organisations
                .get(&r.entry.terms.controller)
                .and_then(|o| o.dpo.as_ref());
            Cell::Plain(dpo.and_then(|d| d.email.clone().or_else(|| d.phone.clone())))
        },
    },
    Column {
        id: "purposes",
        header: UiKey::Purposes,
        kind: Kind::Texts,
        on_page: true,
        cell: |r, _| Cell::Texts(r.entry.terms.purposes.iter().collect()),
    },
    Column {
        id: "data_subjects",
        header: UiKey::DataSubjects,
        kind: Kind::Texts,
        on_page: true,
        cell: |r, _| Cell::Texts(r.entry.terms.data_subjects.iter().collect()),
    },
    Column {
        id: "data_categories",
        header: UiKey::DataCategories,
        kind: Kind::Texts,
        on_page: true,
        cell: |r, _| Cell::Texts(r.entry.terms.data_categories.iter().collect()),
    },
    Column {
        id: "legal_basis",
        header: UiKey::LegalBasis,
        kind: Kind::Term(&[
            "consent",
            "contract",
            "legal-obligation",
            "vital-interests",
            "public-task",
            "legitimate-interests",
        ]),
        on_page: true,
        cell: |r, _| Cell::LegalBasis(r.entry.terms.legal_basis),
    },
    Column {
        id: "special_categories",
        header: UiKey::SpecialCategories,
        kind: Kind::Terms(SPECIAL),
        on_page: true,
        cell: |r, _| Cell::Special(r.entry.terms.special_categories()),
    },
    Column {
        id: "dpia",
        header: UiKey::Dpia,
        kind: Kind::Date,
        on_page: true,
        cell: |r, _| Cell::Date(r.entry.terms.dpia.as_ref().map(|d| d.done)),
    },
    Column {
        id: "dpia_url",
        header: UiKey::RegisterDpiaUrl,
        kind: Kind::Link,
        on_page: false,
        cell: |r, _| {
            Cell::Link(
                r.entry
                    .terms
                    .dpia
                    .as_ref()
                    .and_then(|d| d.url.clone())
                    .map(Link::External),
            )
        },
    },
    Column {
        id: "retention",
        header: UiKey::Retention,
        kind: Kind::Text,
        on_page: true,
        cell: |r, _| Cell::Text(r.entry.terms.retention.as_ref()),
    },
    Column {
        id: "location",
        header: UiKey::Location,
        kind: Kind::Text,
        on_page: true,
        // As written, when it is free text; the countries otherwise.
        cell: |r, _| {
            Cell::Text(match &r.entry.terms.location {
                Some(Location::Text(t)) => Some(t),
                _ => None,
            })
        },
    },
    Column {
        id: "countries",
        header: UiKey::RegisterCountries,
        kind: Kind::Countries,
        on_page: false,
        cell: |r, _| {
            Cell::Countries(
                r.entry
                    .terms
                    .location
                    .as_ref()
                    .and_then(Location::places)
                    .map(|p| p.countries.clone())
                    .unwrap_or_default(),
            )
        },
    },
    Column {
        id: "outside_eea",
        header: UiKey::RegisterOutsideEea,
        kind: Kind::Flag,
        on_page: true,
        cell: |r, _| Cell::Flag(r.entry.terms.leaves_eea()),
    },
    Column {
        id: "transfer",
        header: UiKey::RegisterTransfer,
        kind: Kind::OptTerm(TRANSFERS),
        on_page: false,
        cell: |r, _| Cell::Transfer(r.entry.terms.transfer()),
    },
    Column {
        id: "agreement",
        header: UiKey::Agreement,
        kind: Kind::Text,
        on_page: true,
        cell: |r, _| Cell::Text(r.entry.terms.agreement.as_ref().map(|a| &a.name)),
    },
    Column {
        id: "agreement_signed",
        header: UiKey::RegisterAgreementSigned,
        kind: Kind::Date,
        on_page: true,
        cell: |r, _| Cell::Date(r.entry.terms.agreement.as_ref().and_then(|a| a.signed)),
    },
    Column {
        id: "agreement_url",
        header: UiKey::RegisterAgreementUrl,
        kind: Kind::Link,
        on_page: false,
        cell: |r, _| {
            Cell::Link(
                r.entry
                    .terms
                    .agreement
                    .as_ref()
                    .and_then(|a| a.url.clone())
                    .map(Link::External),
            )
        },
    },
    Column {
        id: "statement",
        header: UiKey::ProcessorStatement,
        kind: Kind::Text,
        on_page: true,
        cell: |r, site| {
            Cell::Text(match &r.entry.terms.statement {
                Some(StatementRef::Document { document, .. }) => {
                    site.documents.get(document).map(|d| &d.title)
                }
                _ => None,
            })
        },
    },
    Column {
        id: "statement_version",
        header: UiKey::Version,
        kind: Kind::Plain,
        on_page: true,
        cell: |r, _| {
            Cell::Plain(match &r.entry.terms.statement {
                Some(StatementRef::Document {
                    version: Some(v), ..
                }) => Some(v.to_string()),
                _ => None,
            })
        },
    },
    Column {
        id: "statement_url",
        header: UiKey::RegisterStatementUrl,
        kind: Kind::Link,
        on_page: false,
        cell: |r, _| Cell::Link(statement_link(r.entry.terms.statement.as_ref())),
    },
    Column {
        id: "bijsluiter",
        header: UiKey::Bijsluiter,
        kind: Kind::Link,
        on_page: true,
        cell: |r, _| {
            Cell::Link(
                r.entry
                    .terms
                    .bijsluiter
                    .as_ref()
                    .map(|b| Link::External(b.url.clone())),
            )
        },
    },
    Column {
        id: "bijsluiter_version",
        header: UiKey::RegisterBijsluiterVersion,
        kind: Kind::Plain,
        on_page: false,
        cell: |r, _| {
            Cell::Plain(
                r.entry
                    .terms
                    .bijsluiter
                    .as_ref()
                    .and_then(|b| b.version.clone()),
            )
        },
    },
    Column {
        id: "sub_processors",
        header: UiKey::SubProcessors,
        kind: Kind::Organisations,
        on_page: true,
        cell: |r, _| {
            Cell::Organisations(
                r.entry
                    .terms
                    .sub_processors
                    .iter()
                    .map(String::as_str)
                    .collect(),
                true,
            )
        },
    },
    Column {
        id: "since",
        header: UiKey::Since,
        kind: Kind::Date,
        on_page: true,
        cell: |r, _| Cell::Date(Some(r.entry.relationship.since)),
    },
    Column {
        id: "until",
        header: UiKey::Until,
        kind: Kind::Date,
        on_page: true,
        cell: |r, _| Cell::Date(r.entry.relationship.until),
    },
    Column {
        id: "terms_from",
        header: UiKey::RegisterTermsFrom,
        kind: Kind::Date,
        on_page: true,
        cell: |r, _| Cell::Date(Some(r.entry.from)),
    },
    Column {
        id: "terms_until",
        header: UiKey::RegisterTermsUntil,
        kind: Kind::Date,
        on_page: true,
        cell: |r, _| Cell::Date(r.entry.to),
    },
    Column {
        id: "page",
        header: UiKey::RegisterPage,
        kind: Kind::Link,
        on_page: false,
        cell: |r, _| Cell::Link(Some(Link::Page(page_of(r)))),
    },
];

/// The page about a row: the school's own account of the relationship, or
/// the relationship's page when it covers no school.
pub(crate) fn page_of(r: &Row) -> Route {
    let slug = r.entry.relationship.slug.clone();
    match r.school {
        Some(s) => Route::SchoolRelationship(s.slug.clone(), slug),
        None => Route::Relationship(slug),
    }
}

/// Where the processor's statement is read: its page here (the pinned
/// version's, or the document's), or its address elsewhere.
pub(crate) fn statement_link(s: Option<&StatementRef>) -> Option<Link> {
    Some(match s? {
        StatementRef::Document {
            document,
            version: Some(v),
        } => Link::Page(Route::Version(document.clone(), v.clone())),
        StatementRef::Document {
            document,
            version: None,
        } => Link::Page(Route::Document(document.clone())),
        StatementRef::Url(u) => Link::External(u.clone()),
    })
}

/// Writes cells for readers of one language: the pages and the CSV.
pub(crate) struct Words<'w> {
    pub site: &'w Site,
    pub ui: &'w Strings,
    pub lang: &'w str,
}

impl Words<'_> {
    fn text(&self, t: &Text) -> String {
        t.get(self.lang, self.site.config.default_lang())
            .text
            .to_string()
    }

    fn org(&self, slug: &str) -> String {
        self.site
            .organisations
            .get(slug)
            .map_or_else(|| slug.to_string(), |o| self.text(&o.name))
    }

    /// The absolute URL of a link.
    pub(crate) fn url(&self, l: &Link) -> String {
        match l {
            Link::Page(route) => route.url(&self.site.config.base_url, self.lang),
            Link::External(u) => u.clone(),
        }
    }

    /// Countries in short: their names, those outside the EEA marked,
    /// and the basis of the transfer ("Ierland; Verenigde Staten (buiten
    /// de EER), met modelcontractbepalingen").
    pub(crate) fn places(&self, p: &Places) -> String {
        // "Buiten de EER" in the middle of a line.
        let label = self.ui.get(UiKey::RegisterOutsideEea);
        let mut first = label.chars();
        let outside = first.next().map_or_else(String::new, |c| {
            c.to_lowercase().chain(first).collect::<String>()
        });
        let mut s = p
            .countries
            .iter()
            .map(|c| {
                if c.eea {
                    c.name(self.lang).to_string()
                } else {
                    format!("{} ({outside})", c.name(self.lang))
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        if p.leaves_eea() {
            s.push_str(", ");
            s.push_str(self.ui.get(UiKey::transfer(p.transfer)));
        }
        s
    }

    /// A legal basis as readers know it, with its article.
    pub(crate) fn legal_basis(&self, b: LegalBasis) -> String {
        format!(
            "{} ({})",
            self.ui.get(UiKey::legal_basis(b)),
            self.ui.fill(UiKey::AvgArticle, &[("article", b.article())])
        )
    }

    /// A cell as one line of words: several values are separated by `; `,
    /// dates are ISO 8601 (what spreadsheets read as dates).
    pub(crate) fn cell(&self, c: &Cell) -> String {
        match c {
            Cell::Plain(s) => s.clone().unwrap_or_default(),
            Cell::Text(t) => t.map(|t| self.text(t)).unwrap_or_default(),
            Cell::Texts(ts) => ts
                .iter()
                .map(|t| self.text(t))
                .collect::<Vec<_>>()
                .join("; "),
            Cell::Date(d) => d.map(iso).unwrap_or_default(),
            Cell::Flag(b) => self
                .ui
                .get(if *b { UiKey::Yes } else { UiKey::No })
                .to_string(),
            Cell::Term(_, label) => self.ui.get(*label).to_string(),
            Cell::LegalBasis(b) => self.legal_basis(*b),
            Cell::Organisations(list, located) => list
                .iter()
                .map(|s| {
                    let places = self
                        .site
                        .organisations
                        .get(*s)
                        .and_then(|o| o.location.as_ref())
                        .filter(|_| *located);
                    match places {
                        Some(p) => format!("{} ({})", self.org(s), self.places(p)),
                        None => self.org(s),
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            Cell::Countries(list) => list
                .iter()
                .map(|c| c.name(self.lang))
                .collect::<Vec<_>>()
                .join("; "),
            Cell::Transfer(t) => t
                .map(|t| self.ui.get(UiKey::transfer(Some(t))).to_string())
                .unwrap_or_default(),
            Cell::Special(list) => list
                .iter()
                .map(|c| self.ui.get(UiKey::special_category(*c)))
                .collect::<Vec<_>>()
                .join("; "),
            Cell::Schools(list) => list
                .iter()
                .map(|s| self.text(&s.name))
                .collect::<Vec<_>>()
                .join("; "),
            Cell::Link(l) => l.as_ref().map(|l| self.url(l)).unwrap_or_default(),
        }
    }

    /// The register as CSV (RFC 4180): UTF-8 with a byte order mark so
    /// spreadsheet programs read it as UTF-8, CRLF line ends, the header
    /// row in this language, one row per relationship × school.
    pub(crate) fn csv(&self, rows: &[Row]) -> String {
        let mut out = String::from("\u{feff}");
        let header: Vec<String> = COLUMNS
            .iter()
            // Soft hyphens help a narrow page break long words; a
            // spreadsheet would show them.
            .map(|c| self.ui.get(c.header).replace('\u{ad}', ""))
            .collect();
        csv_line(&mut out, &header);
        for r in rows {
            let cells: Vec<String> = COLUMNS
                .iter()
                .map(|c| self.cell(&(c.cell)(r, self.site)))
                .collect();
            csv_line(&mut out, &cells);
        }
        out
    }
}

/// One CSV record: a field with a comma, quote or line break is quoted,
/// its quotes doubled; a line break inside a field is kept as CRLF.
fn csv_line(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(
                &f.replace('"', "\"\"")
                    .replace("\r\n", "\n")
                    .replace('\n', "\r\n"),
            );
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

/// A cell as JSON: texts in every language (a string when neutral),
/// dates ISO 8601, organisations and schools by slug and name, links as an
/// absolute URL (a page's per language).
pub(crate) fn cell_json(c: &Cell, site: &Site) -> serde_json::Value {
    use serde_json::{Value, json};
    let text = |t: &Text| match t {
        Text::Neutral(s) => Value::String(s.clone()),
        Text::PerLang(m) => json!(m),
    };
    let cfg = &site.config;
    match c {
        Cell::Plain(s) => json!(s),
        Cell::Text(t) => t.map_or(Value::Null, text),
        Cell::Texts(ts) => Value::Array(ts.iter().map(|t| text(t)).collect()),
        Cell::Date(d) => json!(d.map(iso)),
        Cell::Flag(b) => json!(b),
        Cell::Term(key, _) => json!(key),
        Cell::LegalBasis(b) => json!(b.key()),
        Cell::Countries(list) => Value::Array(list.iter().map(|c| json!(c.code)).collect()),
        Cell::Transfer(t) => json!(t.map(Transfer::key)),
        Cell::Special(list) => Value::Array(list.iter().map(|c| json!(c.key())).collect()),
        Cell::Organisations(list, _) => Value::Array(
            list.iter()
                .map(|s| {
                    let name = site
                        .organisations
                        .get(*s)
                        .map_or_else(|| Value::String(s.to_string()), |o| text(&o.name));
                    json!({ "slug": s, "name": name })
                })
                .collect(),
        ),
        Cell::Schools(list) => Value::Array(
            list.iter()
                .map(|s| json!({ "slug": s.slug, "name": text(&s.name) }))
                .collect(),
        ),
        Cell::Link(None) => Value::Null,
        Cell::Link(Some(Link::External(u))) => json!(u),
        Cell::Link(Some(Link::Page(route))) => json!(
            cfg.languages
                .iter()
                .map(|l| (l.clone(), route.url(&cfg.base_url, l)))
                .collect::<BTreeMap<_, _>>()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_as_rfc_4180_asks() {
        let mut out = String::new();
        csv_line(
            &mut out,
            &[
                "plain".into(),
                "a, b".into(),
                "say \"hi\"".into(),
                "two\nlines".into(),
                String::new(),
            ],
        );
        assert_eq!(
            out,
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\r\n"
        );
    }

    #[test]
    fn column_ids_are_unique_json_keys() {
        let mut ids: Vec<&str> = COLUMNS.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), COLUMNS.len());
        assert!(
            ids.iter()
                .all(|id| id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
    }
}
