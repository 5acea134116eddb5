//! Reads `content/relationships/<slug>.toml`: what a controller shares with
//! a processor or recipient, for which schools, on which legal basis, under
//! which agreement and statement.

use std::path::Path;

use toml::Spanned;
use toml::de::DeValue;

use super::Loader;
use super::checks::RefKind;
use super::location::relationship_location;
use super::placeholders::is_placeholder;
use super::table::{Table, TomlFile, Val, closest, dutch_form};
use crate::messages::Expected;
use crate::messages::{Choice, Message, Part};
use crate::model::{
    Agreement, Bijsluiter, Date, Dpia, LegalBasis, Location, Relationship, RelationshipChange,
    RelationshipKind, SchoolSelection, SpecialCategory, StatementRef, TermsChange, Text,
};

/// How a `dpia` table is written.
const DPIA_EXAMPLE: &str = "{ done = 2025-03-01, url = \"https://…\" }";
/// How a `bijsluiter` table is written.
const BIJSLUITER_EXAMPLE: &str = "{ url = \"https://…\", version = \"2.0\" }";

/// Reads the relationship `slug` from `path`.
pub(super) fn read(l: &mut Loader, slug: &str, path: &Path) -> Option<Relationship> {
    l.toml(path, Part::RelationshipFile, |t| relationship(t, slug))?
        .if_clean()
}

fn relationship(t: &mut Table, slug: &str) -> Option<Relationship> {
    let kind = t.req("kind", "\"processor\"", kind);
    let controller = t.req(
        "controller",
        "\"slug-of-the-board\"",
        TomlFile::organisation_ref,
    );
    let party = t.req(
        "party",
        "\"slug-of-the-processor\"",
        TomlFile::organisation_ref,
    );
    let schools = t.req("schools", "\"all\"", schools);
    let purposes = purposes(t);
    let data_subjects = t
        .opt("data_subjects", TomlFile::text_list)
        .unwrap_or_default();
    let data_categories = t
        .opt("data_categories", TomlFile::text_list)
        .unwrap_or_default();
    let legal_basis = t.req("legal_basis", "\"public-task\"", legal_basis);
    let retention = t.opt("retention", TomlFile::text);
    let location = relationship_location(t);
    let agreement = t.table(
        "agreement",
        Part::Agreement,
        "{ name = \"Model Verwerkersovereenkomst 4.0\", signed = 2023-05-01 }",
        agreement,
    );
    let statement = t.table(
        "statement",
        Part::StatementReference,
        "{ document = \"slug\", version = \"2.1\" }",
        statement,
    );
    let sub_processors = t
        .opt("sub_processors", TomlFile::organisation_refs)
        .unwrap_or_default();
    let special_categories = t
        .opt("special_categories", special_categories)
        .unwrap_or_default();
    let dpia = t.table("dpia", Part::Dpia, DPIA_EXAMPLE, dpia);
    let bijsluiter = t.table(
        "bijsluiter",
        Part::Bijsluiter,
        BIJSLUITER_EXAMPLE,
        bijsluiter,
    );
    let since = t.req("since", "2020-08-01", TomlFile::date);
    let until = t.opt("until", |f, v, key| until(f, v, key, since));
    let outside_eea = t.opt_or("outside_eea", false, TomlFile::boolean);
    outside_eea_beside_countries(t, location.as_ref());
    let changes = changes(t, since, until);
    Some(Relationship {
        slug: slug.to_string(),
        kind: kind?,
        controller: controller?.into_inner(),
        party: party?.into_inner(),
        schools: schools?,
        purposes: purposes?,
        data_subjects,
        data_categories,
        legal_basis: legal_basis?,
        retention,
        location,
        agreement,
        statement,
        sub_processors: sub_processors
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        special_categories,
        dpia,
        bijsluiter,
        since: since?,
        until,
        outside_eea: outside_eea?,
        changes: changes?,
        file: t.rel.to_path_buf(),
    })
}

/// `[[change]]`: the relationship's history, each table with its `from`
/// and the keys that change from that day. Each `from` is after `since`
/// and the one before, and not after `until`.
fn changes(
    t: &mut Table,
    since: Option<Date>,
    until: Option<Date>,
) -> Option<Vec<RelationshipChange>> {
    let mut out = Vec::new();
    let mut ok = true;
    let mut last = since;
    let read = t.tables(
        "change",
        Part::ChangeTable,
        "[[change]]\nfrom = 2027-03-01",
        |c| change(c),
    )?;
    for (span, c) in read {
        // A change left out without an error (its `from` still a
        // placeholder, in the preview) is not shown yet.
        let Some(c) = c else {
            ok &= !t.has_errors();
            continue;
        };
        if let Some(before) = last
            && c.from <= before
        {
            t.error(
                span.clone(),
                Message::ChangeNotAfter {
                    from: c.from.to_string(),
                    before: before.to_string(),
                },
            );
            ok = false;
        }
        if let Some(u) = until
            && c.from > u
        {
            t.error(
                span,
                Message::ChangeAfterUntil {
                    from: c.from.to_string(),
                    until: u.to_string(),
                },
            );
            ok = false;
        }
        last = Some(c.from);
        out.push(c);
    }
    ok.then_some(out)
}

/// One `[[change]]` table.
fn change(t: &mut Table) -> Option<RelationshipChange> {
    let from = t.req("from", "2027-03-01", TomlFile::date);
    let announced = t.opt("announced", TomlFile::date);
    let urgent = t.opt("urgent", TomlFile::text);
    let terms = TermsChange {
        purposes: t.opt("purposes", TomlFile::text_list),
        data_subjects: t.opt("data_subjects", TomlFile::text_list),
        data_categories: t.opt("data_categories", TomlFile::text_list),
        legal_basis: t.opt("legal_basis", legal_basis),
        retention: t.opt("retention", TomlFile::text),
        location: relationship_location(t),
        outside_eea: t.opt("outside_eea", TomlFile::boolean),
        agreement: t.table(
            "agreement",
            Part::Agreement,
            "{ name = \"Model Verwerkersovereenkomst 4.0\", signed = 2023-05-01 }",
            agreement,
        ),
        statement: t.table(
            "statement",
            Part::StatementReference,
            "{ document = \"slug\", version = \"2.1\" }",
            statement,
        ),
        sub_processors: t
            .opt("sub_processors", TomlFile::organisation_refs)
            .map(|l| l.into_iter().map(Spanned::into_inner).collect()),
        special_categories: t.opt("special_categories", special_categories),
        dpia: t.table("dpia", Part::Dpia, DPIA_EXAMPLE, dpia),
        bijsluiter: t.table(
            "bijsluiter",
            Part::Bijsluiter,
            BIJSLUITER_EXAMPLE,
            bijsluiter,
        ),
    };
    outside_eea_beside_countries(t, terms.location.as_ref());
    let span = t.span();
    if terms.is_empty() {
        t.error(span.clone(), Message::EmptyChange);
    }
    let from = from?;
    if let Some(a) = announced
        && a > from
    {
        t.error(span.clone(), Message::AnnouncedAfterFrom);
        return None;
    }
    if t.has_errors() {
        return None;
    }
    let line = 1 + t.src[..span.start.min(t.src.len())].matches('\n').count() as u32;
    Some(RelationshipChange {
        from,
        announced,
        urgent,
        terms,
        line,
    })
}

/// `kind`: processor, recipient or joint controller.
fn kind(f: &mut TomlFile, v: Val, key: &str) -> Option<RelationshipKind> {
    if is_placeholder(v) {
        return None;
    }
    let s = f.string(v, key, "\"processor\"")?;
    let k = RelationshipKind::parse(&s);
    if k.is_none() {
        let dutch = match dutch_form(&s).as_str() {
            "verwerker" => Some("processor"),
            "ontvanger" | "derde" => Some("recipient"),
            "gezamenlijk-verwerkingsverantwoordelijke"
            | "gezamenlijke-verwerkingsverantwoordelijke"
            | "gezamenlijk-verantwoordelijke" => Some("joint-controller"),
            _ => None,
        };
        let suggestion = dutch.or_else(|| closest(&s, Choice::RelationshipKind.values()));
        let m = Message::NotOneOf {
            of: Choice::RelationshipKind,
            suggestion: suggestion.map(str::to_string),
            english: dutch.is_some(),
            value: s,
        };
        f.error(v.span(), m);
    }
    k
}

/// `schools`: `"all"` or a list of school slugs.
fn schools(f: &mut TomlFile, v: Val, key: &str) -> Option<SchoolSelection> {
    match v.get_ref() {
        DeValue::String(s) if s.as_ref() == "all" => Some(SchoolSelection::All),
        DeValue::Array(_) => {
            let list = f.school_refs(v, key)?;
            Some(SchoolSelection::List(
                list.into_iter().map(Spanned::into_inner).collect(),
            ))
        }
        _ if is_placeholder(v) => None,
        _ => {
            f.error(v.span(), Message::BadSchools);
            None
        }
    }
}

/// `purposes`: a list of at least one text.
fn purposes(t: &mut Table) -> Option<Vec<Text>> {
    let v = t.require("purposes", "[{ nl = \"…\", en = \"…\" }]")?;
    let list = t.text_list(v, "purposes");
    if list.as_ref().is_some_and(Vec::is_empty) {
        t.error_if_clean(v.span(), Message::EmptyPurposes);
    }
    list
}

/// `legal_basis`: one of the bases of AVG art. 6(1).
fn legal_basis(f: &mut TomlFile, v: Val, key: &str) -> Option<LegalBasis> {
    if is_placeholder(v) {
        return None;
    }
    let s = f.string(v, key, "\"public-task\"")?;
    let b = LegalBasis::parse(&s);
    if b.is_none() {
        let keys: Vec<&str> = LegalBasis::ALL.iter().map(|b| b.key()).collect();
        let dutch = dutch_legal_basis(&s);
        let m = Message::NotALegalBasis {
            suggestion: dutch.or_else(|| closest(&s, &keys)).map(str::to_string),
            english: dutch.is_some(),
            bases: keys.iter().map(|k| k.to_string()).collect(),
            value: s,
        };
        f.error(v.span(), m);
    }
    b
}

/// The legal basis a Dutch name stands for: `gerechtvaardigd belang` →
/// `legitimate-interests` (see the glossary of AVG art. 6(1)).
fn dutch_legal_basis(s: &str) -> Option<&'static str> {
    let s = dutch_form(s);
    let s = s.trim_start_matches("grondslag-");
    Some(match s {
        "toestemming" => "consent",
        "overeenkomst" | "uitvoering-van-een-overeenkomst" | "uitvoering-overeenkomst" => {
            "contract"
        }
        "wettelijke-verplichting" | "wettelijke-plicht" | "wet" => "legal-obligation",
        "vitaal-belang" | "vitale-belangen" => "vital-interests",
        "taak-van-algemeen-belang"
        | "algemeen-belang"
        | "publieke-taak"
        | "publiekrechtelijke-taak"
        | "openbaar-gezag"
        | "taak-van-algemeen-belang-of-openbaar-gezag" => "public-task",
        "gerechtvaardigd-belang" | "gerechtvaardigde-belangen" | "gerechtvaardigd-belangen" => {
            "legitimate-interests"
        }
        _ => return None,
    })
}

/// `agreement = { name, signed, url }`: the processing agreement.
fn agreement(t: &mut Table) -> Option<Agreement> {
    let name = t.req(
        "name",
        "\"Model Verwerkersovereenkomst 4.0\"",
        TomlFile::text,
    );
    let signed = t.opt("signed", TomlFile::date);
    let url = t.opt("url", TomlFile::web_url);
    Some(Agreement {
        name: name?,
        signed,
        url,
    })
}

/// `statement`: a document of this site, optionally pinned to a version,
/// or the address of the processor's own statement.
fn statement(t: &mut Table) -> Option<StatementRef> {
    let document = t.get("document");
    let version = t.get("version");
    let url = t.get("url");
    match (document, url) {
        (Some(d), None) => statement_document(t, d, version),
        (None, Some(u)) => {
            if version.is_some() {
                let span = t.span();
                t.error(span, Message::VersionWithUrl);
            }
            t.web_url(u, "url").map(StatementRef::Url)
        }
        (Some(_), Some(_)) => {
            let span = t.span();
            t.error(span, Message::StatementBoth);
            None
        }
        (None, None) => {
            let span = t.span();
            t.error(span, Message::StatementNeither);
            None
        }
    }
}

/// `statement = { document, version }`: the version, when given, must be
/// one of the document's.
fn statement_document(t: &mut Table, d: Val, version: Option<Val>) -> Option<StatementRef> {
    let document = t.slug(d, "document")?;
    t.refer(RefKind::Document, &document, "statement.document");
    let version = match version {
        Some(v) => {
            let n = t.version_number(v, "version")?;
            // The place only: the message is made once the document's
            // versions are known.
            let at = t.diag_at(Message::EmptyFile.error(), v.span());
            t.pending.pin(document.get_ref().clone(), n.clone(), at);
            Some(n)
        }
        None => None,
    };
    Some(StatementRef::Document {
        document: document.into_inner(),
        version,
    })
}

/// `until`: the last day, not before `since`.
fn until(f: &mut TomlFile, v: Val, key: &str, since: Option<Date>) -> Option<Date> {
    let u = f.date(v, key)?;
    if let Some(s) = since
        && u < s
    {
        f.error(v.span(), Message::UntilBeforeSince);
        return None;
    }
    Some(u)
}

/// `outside_eea` in the same table as a location that names its countries:
/// the countries decide, so the key can only disagree with them.
fn outside_eea_beside_countries(t: &mut Table, location: Option<&Location>) {
    if let (Some(Location::Places(_)), Some(v)) = (location, t.get("outside_eea")) {
        t.error(v.span(), Message::OutsideEeaWithCountries);
    }
}

/// `special_categories`: the kinds of AVG art. 9 and 10 and national ids,
/// each once.
fn special_categories(f: &mut TomlFile, v: Val, key: &str) -> Option<Vec<SpecialCategory>> {
    let DeValue::Array(items) = v.get_ref() else {
        f.type_error(v, key, Expected::List, "[\"health\"]");
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        if is_placeholder(item) {
            continue;
        }
        let Some(s) = f.string(item, key, "\"health\"") else {
            ok = false;
            continue;
        };
        match SpecialCategory::parse(&s) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => {
                let dutch = dutch_special_category(&s);
                let m = Message::NotOneOf {
                    of: Choice::SpecialCategory,
                    suggestion: dutch
                        .or_else(|| closest(&s, Choice::SpecialCategory.values()))
                        .map(str::to_string),
                    english: dutch.is_some(),
                    value: s,
                };
                f.error(item.span(), m);
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// The special category a Dutch word stands for: `gezondheid` → `health`.
fn dutch_special_category(s: &str) -> Option<&'static str> {
    Some(match dutch_form(s).as_str() {
        "gezondheid" | "medisch" | "medische-gegevens" => "health",
        "ras" | "etniciteit" | "etnische-afkomst" | "ras-of-etnische-afkomst" => "ethnicity",
        "religie" | "godsdienst" | "levensovertuiging" => "religion",
        "politiek" | "politieke-opvattingen" => "political",
        "vakbond" | "vakbondslidmaatschap" => "trade-union",
        "genetisch" | "genetische-gegevens" => "genetic",
        "biometrisch" | "biometrische-gegevens" => "biometric",
        "seksueel-gedrag" | "seksuele-gerichtheid" | "seksueel-leven" => "sex-life",
        "strafrechtelijk" | "strafrechtelijke-gegevens" => "criminal",
        "bsn" | "burgerservicenummer" | "onderwijsnummer" | "pgn" => "national-id",
        _ => return None,
    })
}

/// `dpia = { done, url }`: when the DPIA was completed, and where it is.
fn dpia(t: &mut Table) -> Option<Dpia> {
    let done = t.req("done", "2025-03-01", TomlFile::date);
    let url = t.opt("url", TomlFile::web_url);
    Some(Dpia { done: done?, url })
}

/// `bijsluiter = { url, version }`: the product's privacybijsluiter.
fn bijsluiter(t: &mut Table) -> Option<Bijsluiter> {
    let url = t.req("url", "\"https://…\"", TomlFile::web_url);
    let version = t.opt("version", |f, v, key| {
        if is_placeholder(v) {
            return None;
        }
        f.nonempty_string(v, key, "\"2.0\"")
    });
    Some(Bijsluiter { url: url?, version })
}
