//! The JSON Schema (draft 2020-12) of every file of the API, published at
//! `/api/v1/schema.json`: what each field means, so a reader of the API
//! needs no other documentation.

use serde_json::{Value, json};

use crate::messages::Choice;

/// The JSON Schema of every API file. Each file names its kind in
/// `resource`; the top level accepts any of them.
pub(crate) fn schema(id: &str) -> Value {
    let date = json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "A calendar date, YYYY-MM-DD." });
    let opt_date = json!({ "anyOf": [ { "$ref": "#/$defs/date" }, { "type": "null" } ] });
    let opt_text = json!({ "anyOf": [ { "$ref": "#/$defs/text" }, { "type": "null" } ] });
    let opt_str = json!({ "type": ["string", "null"] });
    let refs = json!({ "type": "array", "items": { "$ref": "#/$defs/ref" } });
    let texts = json!({ "type": "array", "items": { "$ref": "#/$defs/text" } });
    let sealing = |what: &str| {
        json!({
            "sealed": { "type": ["boolean", "null"], "description": format!("Whether this {what} is sealed in the site's transparency log; null when the site has no log.") },
            "artifact_digest": { "type": ["string", "null"], "pattern": "^sha256:[0-9a-f]{64}$", "description": format!("SHA-256 of the canonical artifact of this {what}, as logged; null when not sealed.") },
            "log_index": { "type": ["integer", "null"], "minimum": 0, "description": "The index of the artifact's entry in the transparency log; null when not sealed." }
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
        "late_entry": { "anyOf": [ { "$ref": "#/$defs/text" }, { "type": "null" } ], "description": "Why this version was entered after a version that takes effect later had been published; null for a version entered in order." },
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
    let mut terms_props = json!({
        "purposes": texts,
        "data_subjects": texts,
        "data_categories": texts,
        "legal_basis": { "enum": ["consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"], "description": "GDPR (AVG) Article 6(1) a–f." },
        "legal_basis_article": { "type": "string" },
        "retention": opt_text,
        "location": { "anyOf": [ { "$ref": "#/$defs/text" }, { "type": "null" } ], "description": "Where the data is processed, in words: the free text of the content, or the names of the countries (English and Dutch) when it names them." },
        "countries": { "anyOf": [ { "$ref": "#/$defs/places" }, { "type": "null" } ], "description": "The countries where the data is processed, when the content names them (ISO 3166-1 alpha-2); null for a free-text location or none." },
        "transfer": { "anyOf": [ { "$ref": "#/$defs/transfer" }, { "type": "null" } ], "description": "The basis of a transfer outside the EEA, when the location gives one." },
        "special_categories": { "type": "array", "items": { "enum": Choice::SpecialCategory.values() }, "description": "Special categories of personal data processed (GDPR art. 9), criminal data (art. 10) and national identification numbers (national-id: the BSN or onderwijsnummer)." },
        "dpia": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "done": { "$ref": "#/$defs/date" }, "url": opt_str }, "required": ["done", "url"], "additionalProperties": false } ], "description": "The data protection impact assessment (GDPR art. 35): when it was completed, and where it can be read." },
        "bijsluiter": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "url": { "type": "string" }, "version": opt_str }, "required": ["url", "version"], "additionalProperties": false } ], "description": "The product's privacybijsluiter (Privacyconvenant Onderwijs), or a document of another site in its place." },
        "agreement": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "name": { "$ref": "#/$defs/text" }, "signed": opt_date, "url": opt_str }, "required": ["name", "signed", "url"], "additionalProperties": false } ] },
        "statement": { "anyOf": [
            { "type": "null" },
            { "type": "object", "properties": { "document": { "$ref": "#/$defs/ref" }, "version": opt_str }, "required": ["document", "version"], "additionalProperties": false, "description": "The processor's own statement on this site; version null follows the version in force." },
            { "type": "object", "properties": { "url": { "type": "string" } }, "required": ["url"], "additionalProperties": false }
        ] },
        "sub_processors": refs,
        "outside_eea": { "type": "boolean", "description": "Whether data goes to a country outside the EEA (a transfer, GDPR chapter V): derived from `countries` when the content names them, else as the content says." }
    });
    let mut rel_props = json!({
        "slug": { "$ref": "#/$defs/slug" },
        "kind": { "enum": Choice::RelationshipKind.values() },
        "controller": { "$ref": "#/$defs/ref" },
        "party": { "$ref": "#/$defs/ref", "description": "The processor or recipient." },
        "schools": { "anyOf": [ { "const": "all" }, { "type": "array", "items": { "$ref": "#/$defs/slug" } } ], "description": "As written in the content: \"all\" (every school of the controller) or a list." },
        "schools_covered": { "$ref": "#/$defs/refs", "description": "The schools this relationship covers." },
        "states": { "type": "array", "items": { "$ref": "#/$defs/relationship_state" }, "description": "Every state of the relationship, oldest first: the first from `since`, then one for each change. The terms at the top level are those of the state in force on as_of (the first before it starts)." },
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
    let mut state_props = json!({
        "number": { "type": "integer", "minimum": 1 },
        "from": { "$ref": "#/$defs/date", "description": "The first day of this state." },
        "to": { "anyOf": [ { "$ref": "#/$defs/date" }, { "type": "null" } ], "description": "Its last day, inclusive; null for the last state of a relationship that has no end." },
        "status": { "enum": ["past", "current", "announced"], "description": "On the index's as_of date." },
        "announced": { "anyOf": [ { "$ref": "#/$defs/date" }, { "type": "null" } ], "description": "When schools and parents were told of the change, where the content says." },
        "changes": { "type": "array", "items": { "type": "object", "properties": {
            "change": { "enum": ["sub-processor-added", "sub-processor-removed", "purpose-added", "purpose-removed", "data-category-added", "data-category-removed", "data-subject-added", "data-subject-removed", "legal-basis", "retention", "location", "transfer-started", "transfer-ended", "agreement", "statement", "special-category-added", "special-category-removed", "dpia", "bijsluiter"] },
            "organisation": { "anyOf": [ { "$ref": "#/$defs/ref" }, { "type": "null" } ] },
            "text": { "anyOf": [ { "$ref": "#/$defs/text" }, { "type": "null" } ] }
        }, "required": ["change", "organisation", "text"], "additionalProperties": false }, "description": "What changed from the state before; empty for the first." },
        "material": { "type": "boolean", "description": "A new sub-processor, purpose or kind of data, or a transfer outside the EEA." },
        "urgent": opt_text
    });
    if let (Value::Object(m), Value::Object(t), Value::Object(s)) = (
        &mut state_props,
        terms_props.clone(),
        sealing("state of the relationship"),
    ) {
        m.extend(t);
        m.extend(s);
    }
    if let (Value::Object(m), Value::Object(t)) = (&mut rel_props, terms_props.take()) {
        m.extend(t);
    }
    let state_required: Vec<String> = state_props
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let state_schema = json!({
        "type": "object",
        "description": "One state of a relationship.",
        "properties": state_props,
        "required": state_required,
        "additionalProperties": false
    });
    let rel_schema = object(
        "relationship",
        "A controller's processor, recipient or joint controller.",
        rel_props,
    );
    let event = json!({ "type": "object", "properties": {
        "kind": { "enum": ["takes-effect", "starts", "ends", "changes"], "description": "takes-effect: a version of a document takes effect; starts: a relationship starts (its since); ends: a relationship has ended (the day after its until); changes: a relationship's terms change (a new state, see its states)." },
        "document": { "anyOf": [ { "$ref": "#/$defs/ref" }, { "type": "null" } ] },
        "version": opt_str,
        "relationship": { "anyOf": [ { "$ref": "#/$defs/ref" }, { "type": "null" } ] }
    }, "required": ["kind", "document", "version", "relationship"], "additionalProperties": false });
    let next_change = json!({ "anyOf": [ { "type": "null" }, { "type": "object", "properties": {
            "date": { "$ref": "#/$defs/date", "description": "The first day after as_of on which these files (and the pages) change by themselves: a version takes effect, a relationship starts, changes or ends, a version is published, a review falls due. A copy built before this day is out of date from this day on." },
            "events": { "type": "array", "items": event, "description": "What happens on that day that readers may know in advance. It may be empty: a version published that day or a review falling due is not listed." }
        }, "required": ["date", "events"], "additionalProperties": false } ],
        "description": "When the site changes next without an edit, so a host knows when to build again; null when nothing is dated after as_of." });
    let school_register = json!({ "type": "object", "properties": {
        "json": { "$ref": "#/$defs/url", "description": "The school's register of processing as JSON (resource register)." },
        "pages": { "$ref": "#/$defs/pages" }
    }, "required": ["json", "pages"], "additionalProperties": false });
    let transfer = json!({ "enum": Choice::Transfer.values(), "description": "The basis of a transfer outside the EEA (GDPR chapter V): an adequacy decision (art. 45), standard contractual clauses (art. 46(2)(c)), binding corporate rules (art. 47) or a derogation (art. 49)." });
    let places = json!({ "type": "object", "description": "Where data is processed: countries by their ISO 3166-1 alpha-2 codes, and the basis of a transfer outside the EEA.", "properties": {
                "countries": { "type": "array", "minItems": 1, "items": { "type": "object", "properties": {
                    "code": { "type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2." },
                    "name": { "type": "object", "properties": { "en": { "type": "string" }, "nl": { "type": "string" } }, "required": ["en", "nl"], "additionalProperties": false },
                    "eea": { "type": "boolean", "description": "A member of the European Economic Area." }
                }, "required": ["code", "name", "eea"], "additionalProperties": false } },
                "outside_eea": { "type": "boolean" },
                "transfer": { "anyOf": [ { "$ref": "#/$defs/transfer" }, { "type": "null" } ] },
                "transfer_article": { "type": ["string", "null"], "description": "The article of the GDPR the transfer rests on." }
            }, "required": ["countries", "outside_eea", "transfer", "transfer_article"], "additionalProperties": false });
    let organisation = object(
        "organisation",
        "A school board, vendor, platform or authority.",
        json!({
            "slug": { "$ref": "#/$defs/slug" }, "name": { "$ref": "#/$defs/text" },
            "kvk": opt_str, "address": opt_text, "email": opt_str, "phone": opt_str, "website": opt_str,
            "description": opt_text,
            "dpo": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "name": opt_text, "email": opt_str, "phone": opt_str }, "required": ["name", "email", "phone"], "additionalProperties": false } ], "description": "The data protection officer (functionaris gegevensbescherming)." },
            "location": { "anyOf": [ { "$ref": "#/$defs/places" }, { "type": "null" } ], "description": "Where it processes data, for when it is a sub-processor." },
            "pages": { "$ref": "#/$defs/pages" },
            "documents": refs, "schools": refs,
            "relationships_as_controller": refs, "relationships_as_party": refs, "relationships_as_sub_processor": refs
        }),
    );
    let school = object(
        "school",
        "A school, with the documents that apply to it and the relationships that cover it.",
        json!({
            "slug": { "$ref": "#/$defs/slug" }, "name": { "$ref": "#/$defs/text" },
            "board": { "$ref": "#/$defs/ref" },
            "brin": opt_str, "address": opt_text, "email": opt_str, "phone": opt_str, "website": opt_str,
            "pages": { "$ref": "#/$defs/pages" },
            "feeds": { "$ref": "#/$defs/pages", "description": "The Atom feed of changes for this school, per language." },
            "calendar": { "$ref": "#/$defs/pages", "description": "The iCalendar file (RFC 5545) of what is coming for this school — versions that take effect, relationships that start or end — per language." },
            "register": school_register,
            "documents": { "$ref": "#/$defs/refs", "description": "The documents that apply to this school; follow `api` to find the version in force on a date." },
            "relationships": { "type": "array", "items": { "type": "object", "properties": { "slug": { "$ref": "#/$defs/slug" }, "api": { "$ref": "#/$defs/url" }, "pages": { "$ref": "#/$defs/pages", "description": "The school's own page about this relationship." } }, "required": ["slug", "api", "pages"], "additionalProperties": false } }
        }),
    );
    let named = json!({ "type": "array", "items": { "type": "object", "properties": { "slug": { "$ref": "#/$defs/slug" }, "name": { "$ref": "#/$defs/text" }, "api": { "$ref": "#/$defs/url" } }, "required": ["slug", "name", "api"], "additionalProperties": false } });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": id,
        "title": "policypress API v1",
        "description": "Static JSON files under /api/v1/: index.json, organisations/<slug>.json, schools/<slug>.json, documents/<slug>.json, relationships/<slug>.json, register.json and register/<school>.json (and register.jsonld, JSON-LD in the Data Privacy Vocabulary, outside this schema). Each file's `resource` says which definition it follows. To find which version of document X was in force on date D at school S: read schools/S.json and check that X is among its `documents`; read documents/X.json and take the version in `versions` with effective <= D and (superseded_on null or D < superseded_on). No such version means none was in force on D.",
        "oneOf": [
            { "$ref": "#/$defs/index" },
            { "$ref": "#/$defs/organisation" },
            { "$ref": "#/$defs/school" },
            { "$ref": "#/$defs/document" },
            { "$ref": "#/$defs/relationship" },
            { "$ref": "#/$defs/register" }
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
            "transfer": transfer,
            "places": places,
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
                "next_change": next_change,
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
                "relationships": refs,
                "register": { "type": "object", "properties": {
                    "json": { "$ref": "#/$defs/url", "description": "The register of processing as JSON (resource register); each school's is register/<slug>.json." },
                    "jsonld": { "$ref": "#/$defs/url", "description": "The register of processing activities (GDPR Article 30) in the W3C Data Privacy Vocabulary, JSON-LD." },
                    "pages": { "$ref": "#/$defs/pages" }
                }, "required": ["json", "jsonld", "pages"], "additionalProperties": false }
            })),
            "organisation": organisation,
            "school": school,
            "document": object("document", "A privacy statement or regulation with every published version, oldest first.", json!({
                "slug": { "$ref": "#/$defs/slug" }, "title": { "$ref": "#/$defs/text" },
                "owner": { "$ref": "#/$defs/ref" },
                "kind": { "enum": Choice::DocumentKind.values() },
                "review_every_years": { "type": ["integer", "null"], "minimum": 1 },
                "pages": { "$ref": "#/$defs/pages" },
                "change_log": { "$ref": "#/$defs/pages" },
                "feeds": { "$ref": "#/$defs/pages" },
                "schools": { "$ref": "#/$defs/refs", "description": "The schools this document applies to." },
                "in_force": { "type": ["string", "null"], "description": "The version in force on the index's as_of date." },
                "announced": { "type": "array", "items": { "type": "string" }, "description": "Published versions that take effect after as_of." },
                "versions": { "type": "array", "items": { "$ref": "#/$defs/version" }, "description": "Oldest first; ordered by effective date." }
            })),
            "relationship": rel_schema,
            "relationship_state": state_schema,
            "register": super::register::schema()
        }
    })
}
