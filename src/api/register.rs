//! The register of processing in the API: `register.json` (the site's) and
//! `register/<school>.json`, one object per row with a key per column of
//! [`crate::register::COLUMNS`]; and `register.jsonld`, the register of
//! processing activities (AVG art. 30) in the W3C Data Privacy Vocabulary,
//! using only the terms of `dpv-terms.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Ctx, ROOT, json_file};
use crate::asof::SiteAsOf;
use crate::i18n::iso;
use crate::model::*;
use crate::output::OutputFile;
use crate::register::{self, COLUMNS, Entry, Kind, Section};
use crate::routes::{REGISTER_CSV, Route};

/// The DPV terms the JSON-LD may use, with their namespaces.
#[derive(Deserialize)]
pub(crate) struct DpvTerms {
    pub namespaces: BTreeMap<String, String>,
    pub terms: BTreeSet<String>,
}

/// `dpv-terms.json`, read once.
pub(crate) static DPV: LazyLock<DpvTerms> = LazyLock::new(|| {
    serde_json::from_str(include_str!("dpv-terms.json"))
        .expect("bug: dpv-terms.json is valid and has namespaces and terms")
});

/// A DPV term as the JSON-LD writes it (compact, `dpv:Process`). Only the
/// committed terms may be used; a test walks the register of the example
/// site for any other.
fn t(term: &'static str) -> &'static str {
    debug_assert!(
        DPV.terms.contains(term),
        "bug: {term} is not in dpv-terms.json"
    );
    term
}

/// The register's files: its JSON, the site's and each school's, and its
/// JSON-LD.
pub(super) fn files(c: &Ctx) -> Vec<OutputFile> {
    let asof = c.asof;
    let mut out = vec![json_file(
        format!("{ROOT}/register.json"),
        &register_json(c, None),
    )];
    for s in asof.site.schools.values() {
        out.push(json_file(
            format!("{ROOT}/register/{}.json", s.slug),
            &register_json(c, Some(s)),
        ));
    }
    out.push(json_file(format!("{ROOT}/register.jsonld"), &jsonld(asof)));
    out
}

/// The register of the site, or of one school, as JSON.
fn register_json(c: &Ctx, school: Option<&School>) -> Value {
    let asof = c.asof;
    let site = asof.site;
    let entries = register::entries(asof, school);
    let rows: Vec<Value> = register::rows(&entries)
        .iter()
        .map(|r| {
            Value::Object(
                COLUMNS
                    .iter()
                    .map(|col| {
                        (
                            col.id.to_string(),
                            register::cell_json(&(col.cell)(r, site), site),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let route = match school {
        Some(s) => Route::SchoolRegister(s.slug.clone()),
        None => Route::Register,
    };
    let csv: BTreeMap<String, String> = site
        .config
        .languages
        .iter()
        .map(|l| {
            (
                l.clone(),
                asof.absolute(&format!("{}{REGISTER_CSV}", route.path(l))),
            )
        })
        .collect();
    json!({
        "resource": "register",
        "as_of": iso(asof.as_of()),
        "school": school.map(|s| c.r("schools", &s.slug)),
        "pages": c.pages(&route),
        "csv": csv,
        "jsonld": asof.absolute(&format!("/{ROOT}/register.jsonld")),
        "columns": COLUMNS.iter().map(|c| c.id).collect::<Vec<_>>(),
        "rows": rows,
    })
}

/// The schema of a register file, for `schema.json`: one property per
/// column, its type from the column's kind.
pub(super) fn schema() -> Value {
    let opt = |v: Value| json!({ "anyOf": [ v, { "type": "null" } ] });
    let props: Map<String, Value> = COLUMNS
        .iter()
        .map(|c| {
            let v = match c.kind {
                Kind::Plain => json!({ "type": ["string", "null"] }),
                Kind::Text => opt(json!({ "$ref": "#/$defs/text" })),
                Kind::Texts => json!({ "type": "array", "items": { "$ref": "#/$defs/text" } }),
                Kind::Date => opt(json!({ "$ref": "#/$defs/date" })),
                Kind::Flag => json!({ "type": "boolean" }),
                Kind::Term(values) => json!({ "enum": values }),
                Kind::OptTerm(values) => opt(json!({ "enum": values })),
                Kind::Terms(values) => json!({ "type": "array", "items": { "enum": values } }),
                Kind::Countries => json!({ "type": "array", "items": { "type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2." } }),
                Kind::Organisations | Kind::Schools => json!({ "type": "array", "items": {
                    "type": "object",
                    "properties": { "slug": { "$ref": "#/$defs/slug" }, "name": { "$ref": "#/$defs/text" } },
                    "required": ["slug", "name"],
                    "additionalProperties": false
                } }),
                Kind::Link => json!({ "anyOf": [
                    { "type": "null" },
                    { "$ref": "#/$defs/url", "description": "A document elsewhere." },
                    { "$ref": "#/$defs/pages", "description": "A page of this site, per language." }
                ] }),
            };
            (c.id.to_string(), v)
        })
        .collect();
    let required: Vec<&str> = COLUMNS.iter().map(|c| c.id).collect();
    json!({
        "type": "object",
        "description": "The register of processing (GDPR Article 30), of the site or of one school: one row per relationship and school it covers (one row with no school for a relationship of the board itself); the relationships in force on as_of, those announced (starting later, or with new terms from terms_from) and those ended. The CSV downloads hold the same rows and columns.",
        "properties": {
            "resource": { "const": "register" },
            "as_of": { "$ref": "#/$defs/date" },
            "school": { "anyOf": [ { "$ref": "#/$defs/ref" }, { "type": "null" } ], "description": "The school whose register this is; null for the whole site." },
            "pages": { "$ref": "#/$defs/pages" },
            "csv": { "$ref": "#/$defs/pages", "description": "The same register as CSV, with its header row in each language." },
            "jsonld": { "$ref": "#/$defs/url", "description": "The site's register in the W3C Data Privacy Vocabulary." },
            "columns": { "type": "array", "items": { "enum": required }, "description": "The keys of each row, in the order of the CSV's columns." },
            "rows": { "type": "array", "items": {
                "type": "object",
                "properties": props,
                "required": required,
                "additionalProperties": false
            } }
        },
        "required": ["resource", "as_of", "school", "pages", "csv", "jsonld", "columns", "rows"],
        "additionalProperties": false
    })
}

/// The register of processing activities in DPV, as JSON-LD with its
/// context inline: a `dpv:ROPA` of the publisher with a `dpv:Process` per
/// entry (a relationship with the terms of one state), and a node per
/// organisation with its roles.
fn jsonld(asof: &SiteAsOf) -> Value {
    let site = asof.site;
    let doc = asof.absolute(&format!("/{ROOT}/register.jsonld"));
    let org_id = |slug: &str| asof.absolute(&format!("/{ROOT}/organisations/{slug}.json"));
    let entries = register::entries(asof, None);
    // Each organisation's roles, gathered from the entries.
    let mut roles: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    roles
        .entry(site.config.publisher.clone())
        .or_default()
        .insert(t("dpv:DataController"));
    let mut processes = Vec::new();
    for e in &entries {
        processes.push(process(e, &doc, &org_id, &mut roles));
    }
    let mut graph = vec![json!({
        "@id": doc,
        "@type": t("dpv:ROPA"),
        t("dpv:hasDataController"): { "@id": org_id(&site.config.publisher) },
        t("dpv:hasProcess"): processes.iter().map(|p| json!({ "@id": p["@id"] })).collect::<Vec<_>>(),
    })];
    graph.extend(processes);
    for (slug, types) in roles {
        let mut node = Map::new();
        node.insert("@id".into(), json!(org_id(&slug)));
        node.insert("@type".into(), json!(types.into_iter().collect::<Vec<_>>()));
        if let Some(o) = site.organisations.get(&slug) {
            node.insert(t("dpv:hasName").into(), literal(&o.name));
            if let Some(kvk) = &o.kvk {
                node.insert(t("dpv:hasIdentifier").into(), json!(kvk));
            }
            if let Some(email) = &o.email {
                node.insert(t("dpv:hasContact").into(), json!(email));
            }
            // Where a sub-processor processes data, when recorded.
            if let Some(p) = &o.location {
                let mut types = vec![t("dpv:Location")];
                if p.leaves_eea() {
                    types.push(t("dpv:ThirdCountry"));
                }
                node.insert(
                    t("dpv:hasLocation").into(),
                    json!({
                        "@id": format!("{}#location", org_id(&slug)),
                        "@type": types,
                        t("dpv:hasCountry"): p.countries.iter().map(|c| json!({ "@id": format!("loc:{}", c.code) })).collect::<Vec<_>>(),
                    }),
                );
            }
        }
        graph.push(Value::Object(node));
    }
    let mut context = Map::new();
    for (prefix, iri) in &DPV.namespaces {
        context.insert(prefix.clone(), json!(iri));
    }
    json!({ "@context": context, "@graph": graph })
}

/// One entry as a `dpv:Process`.
fn process(
    e: &Entry,
    doc: &str,
    org_id: &dyn Fn(&str) -> String,
    roles: &mut BTreeMap<String, BTreeSet<&'static str>>,
) -> Value {
    let x = &e.terms;
    let id = format!("{doc}#{}", e.id());
    let mut p = Map::new();
    p.insert("@id".into(), json!(id));
    p.insert("@type".into(), json!(t("dpv:Process")));
    p.insert(
        t("dpv:hasActivityStatus").into(),
        json!({ "@id": match e.section {
            Section::InForce => t("dpv:ActivityOngoing"),
            Section::Announced => t("dpv:ActivityPlanned"),
            Section::Ended => t("dpv:ActivityCompleted"),
        } }),
    );
    let controller = e.relationship.controller.as_str();
    let party = e.relationship.party.as_str();
    roles
        .entry(controller.to_string())
        .or_default()
        .insert(t("dpv:DataController"));
    let mut controllers = vec![json!({ "@id": org_id(controller) })];
    match x.kind {
        RelationshipKind::Processor => {
            roles
                .entry(party.to_string())
                .or_default()
                .insert(t("dpv:DataProcessor"));
            p.insert(
                t("dpv:hasDataProcessor").into(),
                json!([{ "@id": org_id(party) }]),
            );
        }
        RelationshipKind::Recipient => {
            roles
                .entry(party.to_string())
                .or_default()
                .insert(t("dpv:Recipient"));
            p.insert(
                t("dpv:hasRecipient").into(),
                json!({ "@id": org_id(party) }),
            );
        }
        RelationshipKind::JointController => {
            roles
                .entry(party.to_string())
                .or_default()
                .insert(t("dpv:DataController"));
            controllers.push(json!({ "@id": org_id(party) }));
        }
    }
    p.insert(t("dpv:hasDataController").into(), json!(controllers));
    for s in &e.terms.sub_processors {
        roles
            .entry(s.clone())
            .or_default()
            .insert(t("dpv:DataSubProcessor"));
    }
    if !x.sub_processors.is_empty() {
        let processors = p
            .entry(t("dpv:hasDataProcessor"))
            .or_insert_with(|| json!([]));
        if let Value::Array(list) = processors {
            list.extend(x.sub_processors.iter().map(|s| json!({ "@id": org_id(s) })));
        }
    }
    let named = |what: &str, class: &'static str, texts: &[Text]| -> Vec<Value> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                json!({
                    "@id": format!("{id}-{what}-{}", i + 1),
                    "@type": class,
                    t("dpv:hasName"): literal(text),
                })
            })
            .collect()
    };
    p.insert(
        t("dpv:hasPurpose").into(),
        json!(named("purpose", t("dpv:Purpose"), &x.purposes)),
    );
    p.insert(
        t("dpv:hasPersonalData").into(),
        json!(named("data", t("dpv:PersonalData"), &x.data_categories)),
    );
    p.insert(
        t("dpv:hasDataSubject").into(),
        json!(named("subject", t("dpv:DataSubject"), &x.data_subjects)),
    );
    if let Some(r) = &x.retention {
        p.insert(
            t("dpv:hasStorageCondition").into(),
            json!({ "@id": format!("{id}-retention"), "@type": t("dpv:StorageDuration"), t("dpv:hasName"): literal(r) }),
        );
    }
    if x.location.is_some() || x.leaves_eea() {
        let mut types = vec![t("dpv:Location")];
        if x.leaves_eea() {
            types.push(t("dpv:ThirdCountry"));
        }
        let mut l = Map::new();
        l.insert("@id".into(), json!(format!("{id}-location")));
        l.insert("@type".into(), json!(types));
        match &x.location {
            Some(Location::Text(text)) => {
                l.insert(t("dpv:hasName").into(), literal(text));
            }
            Some(Location::Places(p)) => {
                // The countries of DPV's location extension, by their code.
                let countries: Vec<Value> = p
                    .countries
                    .iter()
                    .map(|c| json!({ "@id": format!("loc:{}", c.code) }))
                    .collect();
                l.insert(t("dpv:hasCountry").into(), json!(countries));
            }
            None => {}
        }
        p.insert(t("dpv:hasLocation").into(), Value::Object(l));
    }
    let mut bases = vec![json!({ "@id": legal_basis(x.legal_basis) })];
    if x.leaves_eea()
        && let Some(transfer) = x.transfer()
    {
        bases.push(json!({ "@id": transfer_basis(transfer) }));
    }
    p.insert(t("dpv:hasLegalBasis").into(), json!(bases));
    if !x.special_categories().is_empty() {
        let data = p
            .entry(t("dpv:hasPersonalData"))
            .or_insert_with(|| json!([]));
        if let Value::Array(list) = data {
            list.extend(x.special_categories().iter().map(|c| {
                json!({
                    "@id": format!("{id}-special-{}", c.key()),
                    "@type": t("dpv:SpecialCategoryPersonalData"),
                    t("dpv:hasName"): c.key(),
                })
            }));
        }
    }
    if let Some(d) = &x.dpia {
        let dpia_id = d.url.clone().unwrap_or_else(|| format!("{id}-dpia"));
        p.insert(
            t("dpv:hasImpactAssessment").into(),
            json!({ "@id": dpia_id, "@type": t("dpv:DPIA") }),
        );
    }
    if let Some(a) = &x.agreement {
        let agreement_id = a.url.clone().unwrap_or_else(|| format!("{id}-agreement"));
        p.insert(
            t("dpv:hasLegalMeasure").into(),
            json!({ "@id": agreement_id, "@type": t("dpv:DataProcessingAgreement"), t("dpv:hasName"): literal(&a.name) }),
        );
    }
    Value::Object(p)
}

/// The DPV term of a legal basis: the article of the AVG (GDPR) it is.
fn legal_basis(b: LegalBasis) -> &'static str {
    match b {
        LegalBasis::Consent => t("eu-gdpr:A6-1-a"),
        LegalBasis::Contract => t("eu-gdpr:A6-1-b"),
        LegalBasis::LegalObligation => t("eu-gdpr:A6-1-c"),
        LegalBasis::VitalInterests => t("eu-gdpr:A6-1-d"),
        LegalBasis::PublicTask => t("eu-gdpr:A6-1-e"),
        LegalBasis::LegitimateInterests => t("eu-gdpr:A6-1-f"),
    }
}

/// The DPV term of the basis of a transfer outside the EEA: the article
/// of the AVG for an adequacy decision, standard contractual clauses and
/// binding corporate rules; a derogation of art. 49 is one of several, so
/// it is the general term.
fn transfer_basis(t_: Transfer) -> &'static str {
    match t_ {
        Transfer::Adequacy => t("eu-gdpr:A45-3"),
        Transfer::Scc => t("eu-gdpr:A46-2-c"),
        Transfer::Bcr => t("eu-gdpr:A46-2-b"),
        Transfer::Derogation => t("dpv:DataTransferLegalBasis"),
    }
}

/// A text as JSON-LD: a plain literal when it is the same in every
/// language, else one language-tagged literal per language.
fn literal(text: &Text) -> Value {
    match text {
        Text::Neutral(s) => json!(s),
        Text::PerLang(m) => json!(
            m.iter()
                .map(|(l, s)| json!({ "@value": s, "@language": l }))
                .collect::<Vec<_>>()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_terms_are_all_in_a_dpv_namespace() {
        for term in &DPV.terms {
            let (prefix, name) = term.split_once(':').expect("bug: a compact term");
            assert!(DPV.namespaces.contains_key(prefix), "{term}");
            assert!(!name.is_empty());
        }
        for iri in DPV.namespaces.values() {
            assert!(iri.starts_with("https://w3id.org/dpv"), "{iri}");
        }
    }

    #[test]
    fn every_legal_basis_is_an_article_of_the_avg() {
        for b in LegalBasis::ALL {
            let term = legal_basis(b);
            let letter = b.article().chars().nth(5).expect("bug: 6(1)(x)");
            assert_eq!(term, format!("eu-gdpr:A6-1-{letter}"));
        }
    }
}
