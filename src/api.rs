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

use serde::Serialize;
use serde_json::{Value, json};

use crate::i18n::iso;
use crate::model::*;
use crate::render::{OutputFile, Renderer};
use crate::routes::{Feed, Route};

/// The folder of the API in the output.
pub const ROOT: &str = "api/v1";

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
    site: SiteJson,
    pages: PerLang,
    feeds: BTreeMap<&'static str, PerLang>,
    organisations: Vec<Named>,
    schools: Vec<Named>,
    documents: Vec<Named>,
    relationships: Vec<Ref>,
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
    purposes: Vec<TextJson>,
    data_subjects: Vec<TextJson>,
    data_categories: Vec<TextJson>,
    legal_basis: &'static str,
    legal_basis_article: &'static str,
    retention: Option<TextJson>,
    location: Option<TextJson>,
    agreement: Option<AgreementJson>,
    statement: Option<StatementJson>,
    sub_processors: Vec<Ref>,
    since: String,
    until: Option<String>,
    state: &'static str,
    pages: PerLang,
    sealed: Option<bool>,
    artifact_digest: Option<String>,
    log_index: Option<u64>,
}

struct Ctx<'r, 'a> {
    r: &'r Renderer<'a>,
}

impl Ctx<'_, '_> {
    fn site(&self) -> &Site {
        self.r.site
    }

    fn abs(&self, path: &str) -> String {
        format!("{}{}", self.site().config.base_url, &path[1..])
    }

    fn api(&self, kind: &str, slug: &str) -> String {
        self.abs(&format!("/{ROOT}/{kind}/{slug}.json"))
    }

    fn pages(&self, route: &Route) -> PerLang {
        self.site()
            .config
            .languages
            .iter()
            .map(|l| (l.clone(), self.abs(&route.path(l))))
            .collect()
    }

    fn feed(&self, f: &Feed) -> PerLang {
        self.site()
            .config
            .languages
            .iter()
            .map(|l| (l.clone(), self.abs(&f.path(l))))
            .collect()
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
pub fn files(r: &Renderer) -> Vec<OutputFile> {
    let c = Ctx { r };
    let site = r.site;
    let cfg = &site.config;
    let mut out = Vec::new();
    let index = Index {
        resource: "index",
        api_version: 1,
        schema: c.abs(&format!("/{ROOT}/schema.json")),
        as_of: iso(r.opts.as_of),
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
    };
    out.push(json_file(format!("{ROOT}/index.json"), &index));

    for o in site.organisations.values() {
        let rels = |f: &dyn Fn(&Relationship) -> bool| -> Vec<Ref> {
            site.relationships
                .values()
                .filter(|x| f(x))
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
            pages: c.pages(&Route::Organisation(o.slug.clone())),
            documents: site
                .documents
                .values()
                .filter(|d| d.owner == o.slug)
                .map(|d| c.r("documents", &d.slug))
                .collect(),
            schools: site
                .schools
                .values()
                .filter(|s| s.board == o.slug)
                .map(|s| c.r("schools", &s.slug))
                .collect(),
            relationships_as_controller: rels(&|x| x.controller == o.slug),
            relationships_as_party: rels(&|x| x.party == o.slug),
            relationships_as_sub_processor: rels(&|x| x.sub_processors.contains(&o.slug)),
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
        let Some(t) = r.timeline(&d.slug) else {
            continue;
        };
        // Drafts are not part of the public record.
        let shown: Vec<&TimelineEntry> = t
            .entries
            .iter()
            .filter(|e| e.status != VersionStatus::Draft)
            .collect();
        let versions = shown
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let v = e.version;
                let prev = i.checked_sub(1).map(|p| shown[p].version);
                VersionJson {
                    number: v.number.to_string(),
                    published: iso(v.published),
                    effective: iso(v.effective),
                    superseded_on: shown.get(i + 1).map(|n| iso(n.version.effective)),
                    status: e.status,
                    material: v.material && prev.is_some(),
                    approved_by: v.approved_by.as_ref().map(text),
                    approved_on: v.approved_on.map(iso),
                    summary: v.summary.as_ref().map(text),
                    urgent: v.urgent.as_ref().map(text),
                    languages: v.bodies.keys().cloned().collect(),
                    pages: c.pages(&Route::Version(d.slug.clone(), v.number.to_string())),
                    comparison_with_previous: prev.map(|p| {
                        c.pages(&Route::Compare(
                            d.slug.clone(),
                            p.number.to_string(),
                            v.number.to_string(),
                        ))
                    }),
                    sealed: None,
                    artifact_digest: None,
                    log_index: None,
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
            purposes: x.purposes.iter().map(text).collect(),
            data_subjects: x.data_subjects.iter().map(text).collect(),
            data_categories: x.data_categories.iter().map(text).collect(),
            legal_basis: x.legal_basis.key(),
            legal_basis_article: x.legal_basis.article(),
            retention: x.retention.as_ref().map(text),
            location: x.location.as_ref().map(text),
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
            since: iso(x.since),
            until: x.until.map(iso),
            state: match x.state(r.opts.as_of) {
                RelationshipState::Upcoming => "upcoming",
                RelationshipState::Active => "active",
                RelationshipState::Ended => "ended",
            },
            pages: c.pages(&Route::Relationship(x.slug.clone())),
            sealed: None,
            artifact_digest: None,
            log_index: None,
        };
        out.push(json_file(
            format!("{ROOT}/relationships/{}.json", x.slug),
            &j,
        ));
    }

    out.push(json_file(
        format!("{ROOT}/schema.json"),
        &schema(&c.abs(&format!("/{ROOT}/schema.json"))),
    ));
    out
}

/// The JSON Schema of every API file. Each file names its kind in
/// `resource`; the top level accepts any of them.
pub fn schema(id: &str) -> Value {
    let date = json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "A calendar date, YYYY-MM-DD." });
    let opt_date = json!({ "anyOf": [ { "$ref": "#/$defs/date" }, { "type": "null" } ] });
    let opt_text = json!({ "anyOf": [ { "$ref": "#/$defs/text" }, { "type": "null" } ] });
    let opt_str = json!({ "type": ["string", "null"] });
    let refs = json!({ "type": "array", "items": { "$ref": "#/$defs/ref" } });
    let texts = json!({ "type": "array", "items": { "$ref": "#/$defs/text" } });
    let sealing = |what: &str| {
        json!({
            "sealed": { "type": ["boolean", "null"], "description": format!("Whether this {what} is sealed in the site's transparency log; null until the site's log is read by the build.") },
            "artifact_digest": { "type": ["string", "null"], "pattern": "^sha256:[0-9a-f]{64}$", "description": format!("SHA-256 of the canonical artifact of this {what}, as logged; null when not sealed or not yet known.") },
            "log_index": { "type": ["integer", "null"], "minimum": 0, "description": "The index of the artifact's entry in the transparency log; null when not sealed or not yet known." }
        })
    };
    let object = |resource: &str, description: &str, props: Value| {
        let mut p = serde_json::Map::new();
        p.insert(
            "resource".into(),
            json!({ "const": resource, "description": "What this file describes." }),
        );
        if let Value::Object(m) = props {
            p.extend(m);
        }
        let required: Vec<String> = p.keys().cloned().collect();
        json!({
            "type": "object",
            "description": description,
            "properties": Value::Object(p),
            "required": required,
            "additionalProperties": false
        })
    };
    let mut version_props = json!({
        "number": { "type": "string", "pattern": "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?$", "description": "MAJOR.MINOR or MAJOR.MINOR.PATCH, compared numerically." },
        "published": { "$ref": "#/$defs/date", "description": "When the version was published (announced)." },
        "effective": { "$ref": "#/$defs/date", "description": "When the version takes (or took) effect. A version is in force on a date D when effective <= D and (superseded_on is null or D < superseded_on)." },
        "superseded_on": { "anyOf": [ { "$ref": "#/$defs/date" }, { "type": "null" } ], "description": "The effective date of the next version listed, i.e. the first day this version no longer applies; null for the newest version." },
        "status": { "enum": ["announced", "in-force", "superseded"], "description": "Where the version stands on the index's as_of date." },
        "material": { "type": "boolean", "description": "True for a material change (wezenlijke wijziging); always false for a first version." },
        "approved_by": opt_text,
        "approved_on": opt_date,
        "summary": { "anyOf": [ { "$ref": "#/$defs/text" }, { "type": "null" } ], "description": "What changed, per language." },
        "urgent": { "anyOf": [ { "$ref": "#/$defs/text" }, { "type": "null" } ], "description": "Why a material change takes effect with less notice than the site requires." },
        "languages": { "type": "array", "items": { "type": "string" }, "description": "The languages the text is written in." },
        "pages": { "$ref": "#/$defs/pages", "description": "The version's page per language." },
        "comparison_with_previous": { "anyOf": [ { "$ref": "#/$defs/pages" }, { "type": "null" } ], "description": "The page comparing this version with the previous one, per language." }
    });
    if let (Value::Object(m), Value::Object(s)) = (&mut version_props, sealing("version")) {
        m.extend(s);
    }
    let version_required: Vec<String> = version_props
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut rel_props = json!({
        "slug": { "$ref": "#/$defs/slug" },
        "kind": { "enum": ["processor", "recipient", "joint-controller"] },
        "controller": { "$ref": "#/$defs/ref" },
        "party": { "$ref": "#/$defs/ref", "description": "The processor or recipient." },
        "schools": { "anyOf": [ { "const": "all" }, { "type": "array", "items": { "$ref": "#/$defs/slug" } } ], "description": "As written in the content: \"all\" (every school of the controller) or a list." },
        "schools_covered": { "$ref": "#/$defs/refs", "description": "The schools this relationship covers." },
        "purposes": texts,
        "data_subjects": texts,
        "data_categories": texts,
        "legal_basis": { "enum": ["consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"], "description": "GDPR (AVG) Article 6(1) a–f." },
        "legal_basis_article": { "type": "string" },
        "retention": opt_text,
        "location": opt_text,
        "agreement": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "name": { "$ref": "#/$defs/text" }, "signed": opt_date, "url": opt_str }, "required": ["name", "signed", "url"], "additionalProperties": false } ] },
        "statement": { "anyOf": [
            { "type": "null" },
            { "type": "object", "properties": { "document": { "$ref": "#/$defs/ref" }, "version": opt_str }, "required": ["document", "version"], "additionalProperties": false, "description": "The processor's own statement on this site; version null follows the version in force." },
            { "type": "object", "properties": { "url": { "type": "string" } }, "required": ["url"], "additionalProperties": false }
        ] },
        "sub_processors": refs,
        "since": { "$ref": "#/$defs/date" },
        "until": { "anyOf": [ { "$ref": "#/$defs/date" }, { "type": "null" } ], "description": "Inclusive; null while it lasts." },
        "state": { "enum": ["upcoming", "active", "ended"], "description": "On the index's as_of date." },
        "pages": { "$ref": "#/$defs/pages" }
    });
    if let (Value::Object(m), Value::Object(s)) =
        (&mut rel_props, sealing("state of the relationship"))
    {
        m.extend(s);
    }
    let rel_schema = object(
        "relationship",
        "A controller's processor, recipient or joint controller.",
        rel_props,
    );
    let named = json!({ "type": "array", "items": { "type": "object", "properties": { "slug": { "$ref": "#/$defs/slug" }, "name": { "$ref": "#/$defs/text" }, "api": { "$ref": "#/$defs/url" } }, "required": ["slug", "name", "api"], "additionalProperties": false } });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": id,
        "title": "policypress API v1",
        "description": "Static JSON files under /api/v1/: index.json, organisations/<slug>.json, schools/<slug>.json, documents/<slug>.json and relationships/<slug>.json. Each file's `resource` says which definition it follows. To find which version of document X was in force on date D at school S: read schools/S.json and check that X is among its `documents`; read documents/X.json and take the version in `versions` with effective <= D and (superseded_on null or D < superseded_on). No such version means none was in force on D.",
        "oneOf": [
            { "$ref": "#/$defs/index" },
            { "$ref": "#/$defs/organisation" },
            { "$ref": "#/$defs/school" },
            { "$ref": "#/$defs/document" },
            { "$ref": "#/$defs/relationship" }
        ],
        "$defs": {
            "date": date,
            "slug": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
            "url": { "type": "string", "pattern": "^https?://", "description": "An absolute URL." },
            "text": { "anyOf": [
                { "type": "string", "description": "The same in every language (a name, an address)." },
                { "type": "object", "additionalProperties": { "type": "string" }, "minProperties": 1, "description": "Per language code; always holds the site's default language." }
            ] },
            "pages": { "type": "object", "additionalProperties": { "$ref": "#/$defs/url" }, "minProperties": 1, "description": "An absolute URL per language code." },
            "ref": { "type": "object", "properties": { "slug": { "$ref": "#/$defs/slug" }, "api": { "$ref": "#/$defs/url", "description": "The API file describing it." } }, "required": ["slug", "api"], "additionalProperties": false },
            "refs": refs,
            "version": {
                "type": "object",
                "description": "One published version of a document. Drafts are never listed.",
                "properties": version_props,
                "required": version_required,
                "additionalProperties": false
            },
            "index": object("index", "The entry point: the site and every organisation, school, document and relationship.", json!({
                "api_version": { "const": 1 },
                "schema": { "$ref": "#/$defs/url" },
                "as_of": { "$ref": "#/$defs/date", "description": "The date the site was built to show; every `status` and `state` is as of this date." },
                "site": { "type": "object", "properties": {
                    "title": { "$ref": "#/$defs/text" }, "base_url": { "$ref": "#/$defs/url" },
                    "languages": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                    "default_language": { "type": "string" }, "publisher": { "$ref": "#/$defs/slug" }
                }, "required": ["title", "base_url", "languages", "default_language", "publisher"], "additionalProperties": false },
                "pages": { "$ref": "#/$defs/pages" },
                "feeds": { "type": "object", "properties": { "material": { "$ref": "#/$defs/pages" }, "site": { "$ref": "#/$defs/pages" } }, "required": ["material", "site"], "additionalProperties": false, "description": "Atom feeds per language: every change, and material changes only." },
                "organisations": named,
                "schools": named,
                "documents": named,
                "relationships": refs
            })),
            "organisation": object("organisation", "A school board, vendor, platform or authority.", json!({
                "slug": { "$ref": "#/$defs/slug" }, "name": { "$ref": "#/$defs/text" },
                "kvk": opt_str, "address": opt_text, "email": opt_str, "phone": opt_str, "website": opt_str,
                "description": opt_text,
                "dpo": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "name": opt_text, "email": opt_str, "phone": opt_str }, "required": ["name", "email", "phone"], "additionalProperties": false } ], "description": "The data protection officer (functionaris gegevensbescherming)." },
                "pages": { "$ref": "#/$defs/pages" },
                "documents": refs, "schools": refs,
                "relationships_as_controller": refs, "relationships_as_party": refs, "relationships_as_sub_processor": refs
            })),
            "school": object("school", "A school, with the documents that apply to it and the relationships that cover it.", json!({
                "slug": { "$ref": "#/$defs/slug" }, "name": { "$ref": "#/$defs/text" },
                "board": { "$ref": "#/$defs/ref" },
                "brin": opt_str, "address": opt_text, "email": opt_str, "phone": opt_str, "website": opt_str,
                "pages": { "$ref": "#/$defs/pages" },
                "feeds": { "$ref": "#/$defs/pages", "description": "The Atom feed of changes for this school, per language." },
                "documents": { "$ref": "#/$defs/refs", "description": "The documents that apply to this school; follow `api` to find the version in force on a date." },
                "relationships": { "type": "array", "items": { "type": "object", "properties": { "slug": { "$ref": "#/$defs/slug" }, "api": { "$ref": "#/$defs/url" }, "pages": { "$ref": "#/$defs/pages", "description": "The school's own page about this relationship." } }, "required": ["slug", "api", "pages"], "additionalProperties": false } }
            })),
            "document": object("document", "A privacy statement or regulation with every published version, oldest first.", json!({
                "slug": { "$ref": "#/$defs/slug" }, "title": { "$ref": "#/$defs/text" },
                "owner": { "$ref": "#/$defs/ref" },
                "kind": { "enum": ["statement", "regulation", "cookies", "other"] },
                "review_every_years": { "type": ["integer", "null"], "minimum": 1 },
                "pages": { "$ref": "#/$defs/pages" },
                "change_log": { "$ref": "#/$defs/pages" },
                "feeds": { "$ref": "#/$defs/pages" },
                "schools": { "$ref": "#/$defs/refs", "description": "The schools this document applies to." },
                "in_force": { "type": ["string", "null"], "description": "The version in force on the index's as_of date." },
                "announced": { "type": "array", "items": { "type": "string" }, "description": "Published versions that take effect after as_of." },
                "versions": { "type": "array", "items": { "$ref": "#/$defs/version" }, "description": "Oldest first; ordered by effective date." }
            })),
            "relationship": rel_schema
        }
    })
}
