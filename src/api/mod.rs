//! The machine-readable side of a site: static JSON files under `/api/v1/`
//! describing every organisation, school, document (with all its versions)
//! and relationship, with the URL of each page in each language, and a JSON
//! Schema (draft 2020-12) at `/api/v1/schema.json` describing them all.
//!
//! The files are enough to answer "which version of document X was in force
//! on date D at school S" without a server: read `schools/S.json`, follow the
//! document to `documents/X.json`, and pick the version whose `effective` is
//! on or before D and whose `superseded_on` is after D (or null).
//!
//! Keys are written in a fixed order (struct order), and nothing depends on
//! the clock, so the same content and as-of date give the same bytes.

use std::collections::BTreeMap;

mod register;
mod schema;

use serde::Serialize;

pub(crate) use self::schema::schema;
use crate::asof::SiteAsOf;
use crate::history::Delta;
use crate::i18n::iso;
use crate::model::*;
use crate::output::OutputFile;
use crate::routes::{Calendar, Feed, Route};
use crate::upcoming::Happening;

/// The folder of the API in the output.
pub(crate) const ROOT: &str = "api/v1";

/// A text: one string for a language-neutral value, or one per language.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum TextJson {
    Neutral(String),
    PerLang(BTreeMap<String, String>),
}

fn text(t: &Text) -> TextJson {
    match t {
        Text::Neutral(s) => TextJson::Neutral(s.clone()),
        Text::PerLang(m) => TextJson::PerLang(m.clone()),
    }
}

/// Where data is processed, in words: the free text, or the names of the
/// countries in English and Dutch.
fn location_text(l: &Location) -> TextJson {
    match l {
        Location::Text(t) => text(t),
        Location::Places(p) => {
            let names = |lang: &str| {
                p.countries
                    .iter()
                    .map(|c| c.name(lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            TextJson::PerLang(BTreeMap::from([
                ("en".to_string(), names("en")),
                ("nl".to_string(), names("nl")),
            ]))
        }
    }
}

/// A country where data is processed.
#[derive(Serialize)]
struct CountryJson {
    code: &'static str,
    name: BTreeMap<&'static str, &'static str>,
    eea: bool,
}

/// The countries of a location and the basis of a transfer.
#[derive(Serialize)]
struct PlacesJson {
    countries: Vec<CountryJson>,
    outside_eea: bool,
    transfer: Option<&'static str>,
    transfer_article: Option<&'static str>,
}

fn places(p: &Places) -> PlacesJson {
    PlacesJson {
        countries: p
            .countries
            .iter()
            .map(|c| CountryJson {
                code: c.code,
                name: BTreeMap::from([("en", c.en), ("nl", c.nl)]),
                eea: c.eea,
            })
            .collect(),
        outside_eea: p.leaves_eea(),
        transfer: p.transfer.map(Transfer::key),
        transfer_article: p.transfer.map(Transfer::article),
    }
}

#[derive(Serialize)]
struct DpiaJson {
    done: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct BijsluiterJson {
    url: String,
    version: Option<String>,
}

/// An absolute URL per language.
type PerLang = BTreeMap<String, String>;

#[derive(Serialize)]
struct Ref {
    slug: String,
    api: String,
}

#[derive(Serialize)]
struct Named {
    slug: String,
    name: TextJson,
    api: String,
}

#[derive(Serialize)]
struct Index {
    resource: &'static str,
    api_version: u32,
    schema: String,
    as_of: String,
    next_change: Option<NextChangeJson>,
    site: SiteJson,
    pages: PerLang,
    feeds: BTreeMap<&'static str, PerLang>,
    organisations: Vec<Named>,
    schools: Vec<Named>,
    documents: Vec<Named>,
    relationships: Vec<Ref>,
    register: RegisterLinks,
}

/// Where a register of processing is, in every form.
#[derive(Serialize)]
struct RegisterLinks {
    json: String,
    /// The site's only: the register in the Data Privacy Vocabulary.
    #[serde(skip_serializing_if = "Option::is_none")]
    jsonld: Option<String>,
    pages: PerLang,
}

/// The first day after `as_of` on which the site changes by itself.
#[derive(Serialize)]
struct NextChangeJson {
    date: String,
    /// What readers may know in advance of that day.
    events: Vec<EventJson>,
}

#[derive(Serialize)]
struct EventJson {
    kind: &'static str,
    document: Option<Ref>,
    version: Option<String>,
    relationship: Option<Ref>,
}

#[derive(Serialize)]
struct SiteJson {
    title: TextJson,
    base_url: String,
    languages: Vec<String>,
    default_language: String,
    publisher: String,
}

#[derive(Serialize)]
struct DpoJson {
    name: Option<TextJson>,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Serialize)]
struct OrganisationJson {
    resource: &'static str,
    slug: String,
    name: TextJson,
    kvk: Option<String>,
    address: Option<TextJson>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    description: Option<TextJson>,
    dpo: Option<DpoJson>,
    /// Where it processes data, for when it is a sub-processor.
    location: Option<PlacesJson>,
    pages: PerLang,
    documents: Vec<Ref>,
    schools: Vec<Ref>,
    relationships_as_controller: Vec<Ref>,
    relationships_as_party: Vec<Ref>,
    relationships_as_sub_processor: Vec<Ref>,
}

#[derive(Serialize)]
struct SchoolRelationshipJson {
    slug: String,
    api: String,
    pages: PerLang,
}

#[derive(Serialize)]
struct SchoolJson {
    resource: &'static str,
    slug: String,
    name: TextJson,
    board: Ref,
    brin: Option<String>,
    address: Option<TextJson>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    pages: PerLang,
    feeds: PerLang,
    calendar: PerLang,
    /// The school's register of processing: its JSON and pages.
    register: RegisterLinks,
    documents: Vec<Ref>,
    relationships: Vec<SchoolRelationshipJson>,
}

#[derive(Serialize)]
struct VersionJson {
    number: String,
    published: String,
    effective: String,
    superseded_on: Option<String>,
    status: VersionStatus,
    material: bool,
    approved_by: Option<TextJson>,
    approved_on: Option<String>,
    summary: Option<TextJson>,
    urgent: Option<TextJson>,
    /// Why the version was entered after one that takes effect later.
    late_entry: Option<TextJson>,
    languages: Vec<String>,
    pages: PerLang,
    comparison_with_previous: Option<PerLang>,
    sealed: Option<bool>,
    artifact_digest: Option<String>,
    log_index: Option<u64>,
}

#[derive(Serialize)]
struct DocumentJson {
    resource: &'static str,
    slug: String,
    title: TextJson,
    owner: Ref,
    kind: &'static str,
    review_every_years: Option<u32>,
    pages: PerLang,
    change_log: PerLang,
    feeds: PerLang,
    schools: Vec<Ref>,
    in_force: Option<String>,
    announced: Vec<String>,
    versions: Vec<VersionJson>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum SchoolsJson {
    All(&'static str),
    List(Vec<String>),
}

#[derive(Serialize)]
struct AgreementJson {
    name: TextJson,
    signed: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum StatementJson {
    Document {
        document: Ref,
        version: Option<String>,
    },
    Url {
        url: String,
    },
}

#[derive(Serialize)]
struct RelationshipJson {
    resource: &'static str,
    slug: String,
    kind: &'static str,
    controller: Ref,
    party: Ref,
    schools: SchoolsJson,
    schools_covered: Vec<Ref>,
    /// The terms in force on the as-of date.
    #[serde(flatten)]
    terms: TermsJson,
    since: String,
    until: Option<String>,
    state: &'static str,
    pages: PerLang,
    sealed: Option<bool>,
    artifact_digest: Option<String>,
    log_index: Option<u64>,
    /// Every state, oldest first.
    states: Vec<StateJson>,
}

/// What a relationship's state says: the keys a `[[change]]` may change.
#[derive(Serialize)]
struct TermsJson {
    purposes: Vec<TextJson>,
    data_subjects: Vec<TextJson>,
    data_categories: Vec<TextJson>,
    legal_basis: &'static str,
    legal_basis_article: &'static str,
    retention: Option<TextJson>,
    location: Option<TextJson>,
    /// The countries, when the location names them.
    countries: Option<PlacesJson>,
    outside_eea: bool,
    transfer: Option<&'static str>,
    agreement: Option<AgreementJson>,
    statement: Option<StatementJson>,
    sub_processors: Vec<Ref>,
    special_categories: Vec<&'static str>,
    dpia: Option<DpiaJson>,
    bijsluiter: Option<BijsluiterJson>,
}

/// One state of a relationship.
#[derive(Serialize)]
struct StateJson {
    number: usize,
    from: String,
    to: Option<String>,
    status: &'static str,
    announced: Option<String>,
    changes: Vec<DeltaJson>,
    material: bool,
    urgent: Option<TextJson>,
    #[serde(flatten)]
    terms: TermsJson,
    sealed: Option<bool>,
    artifact_digest: Option<String>,
    log_index: Option<u64>,
}

/// One thing that changed from the state before.
#[derive(Serialize)]
struct DeltaJson {
    change: &'static str,
    /// The sub-processor added or removed.
    organisation: Option<Ref>,
    /// The purpose, data category or data subject added or removed, the
    /// new location or retention.
    text: Option<TextJson>,
}

/// Makes the URLs and references every file is full of.
struct Ctx<'r, 'a> {
    asof: &'r SiteAsOf<'a>,
}

impl Ctx<'_, '_> {
    fn api(&self, kind: &str, slug: &str) -> String {
        self.asof.absolute(&format!("/{ROOT}/{kind}/{slug}.json"))
    }

    fn pages(&self, route: &Route) -> PerLang {
        self.asof
            .site
            .config
            .languages
            .iter()
            .map(|l| (l.clone(), self.asof.url(route, l)))
            .collect()
    }

    fn feed(&self, f: &Feed) -> PerLang {
        let cfg = &self.asof.site.config;
        cfg.languages
            .iter()
            .map(|l| (l.clone(), f.url(&cfg.base_url, l)))
            .collect()
    }

    fn calendar(&self, school: &str) -> PerLang {
        let cfg = &self.asof.site.config;
        let cal = Calendar(school.to_string());
        cfg.languages
            .iter()
            .map(|l| (l.clone(), cal.url(&cfg.base_url, l)))
            .collect()
    }

    /// The first day the site changes by itself, with what readers may
    /// know of it in advance.
    fn next_change(&self) -> Option<NextChangeJson> {
        let (date, what) = self.asof.next_change()?;
        let events = what
            .iter()
            .filter(|h| h.is_public())
            .map(|h| EventJson {
                kind: match h {
                    Happening::TakesEffect { .. } => "takes-effect",
                    Happening::Starts { .. } => "starts",
                    Happening::Ends { .. } => "ends",
                    Happening::Changes { .. } => "changes",
                    Happening::Published { .. } => "published",
                    Happening::ReviewDue { .. } => "review-due",
                },
                document: h.document().map(|d| self.r("documents", d)),
                version: match h {
                    Happening::TakesEffect { version, .. } => Some(version.clone()),
                    _ => None,
                },
                relationship: h.relationship().map(|r| self.r("relationships", r)),
            })
            .collect();
        Some(NextChangeJson {
            date: iso(date),
            events,
        })
    }

    fn r(&self, kind: &str, slug: &str) -> Ref {
        Ref {
            slug: slug.to_string(),
            api: self.api(kind, slug),
        }
    }
}

fn json_file(path: String, v: &impl Serialize) -> OutputFile {
    let mut bytes = serde_json::to_vec_pretty(v).expect("bug: API views always serialise to JSON");
    bytes.push(b'\n');
    OutputFile { path, bytes }
}

/// Every file of the API.
pub(crate) fn files(asof: &SiteAsOf) -> Vec<OutputFile> {
    let c = Ctx { asof };
    let site = asof.site;
    let cfg = &site.config;
    let schema_url = asof.absolute(&format!("/{ROOT}/schema.json"));
    let mut out = Vec::new();
    let index = Index {
        resource: "index",
        api_version: 1,
        schema: schema_url.clone(),
        as_of: iso(asof.as_of()),
        next_change: c.next_change(),
        site: SiteJson {
            title: text(&cfg.title),
            base_url: cfg.base_url.clone(),
            languages: cfg.languages.clone(),
            default_language: cfg.default_lang().to_string(),
            publisher: cfg.publisher.clone(),
        },
        pages: c.pages(&Route::Home),
        feeds: BTreeMap::from([
            ("material", c.feed(&Feed::Material)),
            ("site", c.feed(&Feed::Site)),
        ]),
        organisations: site
            .organisations
            .values()
            .map(|o| Named {
                slug: o.slug.clone(),
                name: text(&o.name),
                api: c.api("organisations", &o.slug),
            })
            .collect(),
        schools: site
            .schools
            .values()
            .map(|s| Named {
                slug: s.slug.clone(),
                name: text(&s.name),
                api: c.api("schools", &s.slug),
            })
            .collect(),
        documents: site
            .documents
            .values()
            .map(|d| Named {
                slug: d.slug.clone(),
                name: text(&d.title),
                api: c.api("documents", &d.slug),
            })
            .collect(),
        relationships: site
            .relationships
            .keys()
            .map(|k| c.r("relationships", k))
            .collect(),
        register: RegisterLinks {
            json: asof.absolute(&format!("/{ROOT}/register.json")),
            jsonld: Some(asof.absolute(&format!("/{ROOT}/register.jsonld"))),
            pages: c.pages(&Route::Register),
        },
    };
    out.push(json_file(format!("{ROOT}/index.json"), &index));

    for o in site.organisations.values() {
        let roles = asof.relationships_of_organisation(&o.slug);
        let rels = |list: Vec<&Relationship>| -> Vec<Ref> {
            list.into_iter()
                .map(|x| c.r("relationships", &x.slug))
                .collect()
        };
        let j = OrganisationJson {
            resource: "organisation",
            slug: o.slug.clone(),
            name: text(&o.name),
            kvk: o.kvk.clone(),
            address: o.address.as_ref().map(text),
            email: o.email.clone(),
            phone: o.phone.clone(),
            website: o.website.clone(),
            description: o.description.as_ref().map(text),
            dpo: o.dpo.as_ref().map(|d| DpoJson {
                name: d.name.as_ref().map(text),
                email: d.email.clone(),
                phone: d.phone.clone(),
            }),
            location: o.location.as_ref().map(places),
            pages: c.pages(&Route::Organisation(o.slug.clone())),
            documents: asof
                .documents_owned_by(&o.slug)
                .into_iter()
                .map(|d| c.r("documents", &d.slug))
                .collect(),
            schools: asof
                .schools_of_board(&o.slug)
                .into_iter()
                .map(|s| c.r("schools", &s.slug))
                .collect(),
            relationships_as_controller: rels(roles.as_controller),
            relationships_as_party: rels(roles.as_party),
            relationships_as_sub_processor: rels(roles.as_sub_processor),
        };
        out.push(json_file(
            format!("{ROOT}/organisations/{}.json", o.slug),
            &j,
        ));
    }

    for s in site.schools.values() {
        let j = SchoolJson {
            resource: "school",
            slug: s.slug.clone(),
            name: text(&s.name),
            board: c.r("organisations", &s.board),
            brin: s.brin.clone(),
            address: s.address.as_ref().map(text),
            email: s.email.clone(),
            phone: s.phone.clone(),
            website: s.website.clone(),
            pages: c.pages(&Route::School(s.slug.clone())),
            feeds: c.feed(&Feed::School(s.slug.clone())),
            calendar: c.calendar(&s.slug),
            register: RegisterLinks {
                json: asof.absolute(&format!("/{ROOT}/register/{}.json", s.slug)),
                jsonld: None,
                pages: c.pages(&Route::SchoolRegister(s.slug.clone())),
            },
            documents: site
                .documents_of(s)
                .into_iter()
                .map(|d| c.r("documents", &d.slug))
                .collect(),
            relationships: site
                .relationships_of(s)
                .into_iter()
                .map(|x| SchoolRelationshipJson {
                    slug: x.slug.clone(),
                    api: c.api("relationships", &x.slug),
                    pages: c.pages(&Route::SchoolRelationship(s.slug.clone(), x.slug.clone())),
                })
                .collect(),
        };
        out.push(json_file(format!("{ROOT}/schools/{}.json", s.slug), &j));
    }

    for d in site.documents.values() {
        let Some(t) = asof.timeline(&d.slug) else {
            continue;
        };
        // Drafts are not part of the public record.
        let shown = asof.public_versions(&d.slug);
        let versions = shown
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let v = e.version;
                let prev = i.checked_sub(1).map(|p| shown[p].version);
                let seal = asof.version_seal(&d.slug, &v.number);
                VersionJson {
                    number: v.number.to_string(),
                    // Drafts, the versions without a date, are not listed.
                    published: v.published.map_or_else(String::new, iso),
                    effective: iso(v.effective),
                    superseded_on: shown.get(i + 1).map(|n| iso(n.version.effective)),
                    status: e.status,
                    material: v.material && prev.is_some(),
                    approved_by: v.approved_by.as_ref().map(text),
                    approved_on: v.approved_on.map(iso),
                    summary: v.summary.as_ref().map(text),
                    urgent: v.urgent.as_ref().map(text),
                    languages: v.bodies.keys().cloned().collect(),
                    pages: c.pages(&Route::Version(d.slug.clone(), v.number.clone())),
                    comparison_with_previous: prev.map(|p| {
                        c.pages(&Route::Compare(
                            d.slug.clone(),
                            p.number.clone(),
                            v.number.clone(),
                        ))
                    }),
                    late_entry: v.late_entry.as_ref().map(text),
                    sealed: asof.log().map(|_| seal.is_some()),
                    artifact_digest: seal.as_ref().map(|s| s.digest()),
                    log_index: seal.map(|s| s.index),
                }
            })
            .collect();
        let j = DocumentJson {
            resource: "document",
            slug: d.slug.clone(),
            title: text(&d.title),
            owner: c.r("organisations", &d.owner),
            kind: d.kind.key(),
            review_every_years: d.review_every_years,
            pages: c.pages(&Route::Document(d.slug.clone())),
            change_log: c.pages(&Route::Changes(d.slug.clone())),
            feeds: c.feed(&Feed::Document(d.slug.clone())),
            schools: site
                .schools_with(d)
                .into_iter()
                .map(|s| c.r("schools", &s.slug))
                .collect(),
            in_force: t.in_force().map(|e| e.version.number.to_string()),
            announced: t
                .announced()
                .map(|e| e.version.number.to_string())
                .collect(),
            versions,
        };
        out.push(json_file(format!("{ROOT}/documents/{}.json", d.slug), &j));
    }

    for x in site.relationships.values() {
        let seal = asof.relationship_seal(x);
        let now = asof.terms(x);
        let states = x
            .states()
            .iter()
            .map(|st| {
                let seal = asof.state_seal(x, st.number);
                StateJson {
                    number: st.number,
                    from: iso(st.from),
                    to: st.to.map(iso),
                    status: x.state_status(st.number, st.from, asof.as_of()).as_str(),
                    announced: st.change.and_then(|c| c.announced).map(iso),
                    changes: st.deltas.iter().map(|d| delta(&c, d)).collect(),
                    material: st.deltas.iter().any(Delta::is_material),
                    urgent: st.change.and_then(|c| c.urgent.as_ref()).map(text),
                    terms: terms(&c, &st.terms),
                    sealed: asof.log().map(|_| seal.is_some()),
                    artifact_digest: seal.as_ref().map(|s| s.digest()),
                    log_index: seal.map(|s| s.index),
                }
            })
            .collect();
        let j = RelationshipJson {
            resource: "relationship",
            slug: x.slug.clone(),
            kind: x.kind.key(),
            controller: c.r("organisations", &x.controller),
            party: c.r("organisations", &x.party),
            schools: match &x.schools {
                SchoolSelection::All => SchoolsJson::All("all"),
                SchoolSelection::List(l) => SchoolsJson::List(l.clone()),
            },
            schools_covered: site
                .schools_of(x)
                .into_iter()
                .map(|s| c.r("schools", &s.slug))
                .collect(),
            terms: terms(&c, now),
            since: iso(x.since),
            until: x.until.map(iso),
            state: x.state(asof.as_of()).key(),
            pages: c.pages(&Route::Relationship(x.slug.clone())),
            sealed: asof.log().map(|_| seal.is_some()),
            artifact_digest: seal.as_ref().map(|s| s.digest()),
            log_index: seal.map(|s| s.index),
            states,
        };
        out.push(json_file(
            format!("{ROOT}/relationships/{}.json", x.slug),
            &j,
        ));
    }

    out.extend(register::files(&c));
    out.push(json_file(
        format!("{ROOT}/schema.json"),
        &schema(&schema_url),
    ));
    out
}

/// The terms of one state of a relationship.
fn terms(c: &Ctx, x: &Relationship) -> TermsJson {
    TermsJson {
        purposes: x.purposes.iter().map(text).collect(),
        data_subjects: x.data_subjects.iter().map(text).collect(),
        data_categories: x.data_categories.iter().map(text).collect(),
        legal_basis: x.legal_basis.key(),
        legal_basis_article: x.legal_basis.article(),
        retention: x.retention.as_ref().map(text),
        location: x.location.as_ref().map(location_text),
        countries: x.location.as_ref().and_then(Location::places).map(places),
        outside_eea: x.leaves_eea(),
        transfer: x.transfer().map(Transfer::key),
        agreement: x.agreement.as_ref().map(|a| AgreementJson {
            name: text(&a.name),
            signed: a.signed.map(iso),
            url: a.url.clone(),
        }),
        statement: x.statement.as_ref().map(|s| match s {
            StatementRef::Document { document, version } => StatementJson::Document {
                document: c.r("documents", document),
                version: version.as_ref().map(ToString::to_string),
            },
            StatementRef::Url(u) => StatementJson::Url { url: u.clone() },
        }),
        sub_processors: x
            .sub_processors
            .iter()
            .map(|s| c.r("organisations", s))
            .collect(),
        special_categories: x.special_categories.iter().map(|c| c.key()).collect(),
        dpia: x.dpia.as_ref().map(|d| DpiaJson {
            done: iso(d.done),
            url: d.url.clone(),
        }),
        bijsluiter: x.bijsluiter.as_ref().map(|b| BijsluiterJson {
            url: b.url.clone(),
            version: b.version.clone(),
        }),
    }
}

/// One change between states, as the API writes it.
fn delta(c: &Ctx, d: &Delta) -> DeltaJson {
    let (organisation, t) = match d {
        Delta::SubProcessorAdded(s) | Delta::SubProcessorRemoved(s) => {
            (Some(c.r("organisations", s)), None)
        }
        Delta::PurposeAdded(t)
        | Delta::PurposeRemoved(t)
        | Delta::DataCategoryAdded(t)
        | Delta::DataCategoryRemoved(t)
        | Delta::DataSubjectAdded(t)
        | Delta::DataSubjectRemoved(t) => (None, Some(text(t))),
        Delta::Retention(l) => (None, l.as_ref().map(text)),
        Delta::Location(l) => (None, l.as_ref().map(location_text)),
        Delta::SpecialCategoryAdded(k) | Delta::SpecialCategoryRemoved(k) => {
            (None, Some(TextJson::Neutral(k.key().to_string())))
        }
        Delta::Dpia(d) => (None, d.as_ref().map(|d| TextJson::Neutral(iso(d.done)))),
        Delta::Bijsluiter(b) => (None, b.as_ref().map(|b| TextJson::Neutral(b.url.clone()))),
        Delta::Agreement(a) => (None, a.as_ref().map(|a| text(&a.name))),
        Delta::LegalBasis(_)
        | Delta::TransferStarted
        | Delta::TransferEnded
        | Delta::Statement(_) => (None, None),
    };
    DeltaJson {
        change: d.key(),
        organisation,
        text: t,
    }
}
