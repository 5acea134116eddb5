//! Reads `location`: where data is processed, as the countries (ISO 3166-1
//! alpha-2 codes) and the basis of a transfer outside the EEA —
//! `location = { countries = ["NL", "US"], transfer = "scc" }` — on a
//! relationship, in its `[[change]]` tables and on an organisation (for
//! when it is a sub-processor). A relationship's older free-text form
//! still reads, with a warning that shows the new one.

use toml::de::DeValue;

use super::placeholders::is_placeholder;
use super::table::{Table, TomlFile, Val, closest};
use crate::countries;
use crate::messages::{Choice, Expected, Message, Part};
use crate::model::{Location, Places, Transfer};

/// The example the messages show.
const EXAMPLE: &str = "{ countries = [\"NL\"] }";

/// Whether `v` is the structured form: a table with `countries` or
/// `transfer` (a text table's keys are language codes), or an empty one
/// (which is then missing its `countries`).
fn is_places(v: Val) -> bool {
    match v.get_ref() {
        DeValue::Table(m) => {
            m.is_empty()
                || m.iter().any(|(k, _)| {
                    let k: &str = k.get_ref();
                    k == "countries" || k == "transfer"
                })
        }
        _ => false,
    }
}

/// A relationship's `location` (also in a `[[change]]`): the countries, or
/// free text with a warning that shows the structured form.
pub(super) fn relationship_location(t: &mut Table) -> Option<Location> {
    let v = t.get("location")?;
    if is_places(v) {
        return t
            .table("location", Part::Location, EXAMPLE, places)
            .map(Location::Places);
    }
    let text = t.text(v, "location")?;
    if !is_placeholder(v) {
        t.warning(v.span(), Message::FreeTextLocation);
    }
    Some(Location::Text(text))
}

/// An organisation's `location`: only the structured form (the key is
/// newer than free text).
pub(super) fn organisation_location(t: &mut Table) -> Option<Places> {
    let v = t.get("location")?;
    if !is_places(v) {
        if !is_placeholder(v) {
            t.error(v.span(), Message::LocationNotCountries);
        }
        return None;
    }
    t.table("location", Part::Location, EXAMPLE, places)
}

/// `{ countries, transfer }`; warns when data leaves the EEA on no basis.
fn places(t: &mut Table) -> Option<Places> {
    let countries = t.req("countries", "[\"NL\"]", country_list);
    let transfer = t.opt("transfer", transfer);
    // A basis not filled in yet is reported as a placeholder, a wrong one
    // as such: neither is also a transfer without a basis.
    let transfer_given = t.get("transfer").is_some();
    let countries = countries?;
    let places = Places {
        countries,
        transfer,
    };
    if places.transfer_without_basis() && !transfer_given {
        let outside = places.outside_eea();
        let names = outside.iter().map(|c| c.code.to_string()).collect();
        let span = t.span();
        t.warning(span, Message::TransferWithoutBasis { countries: names });
    }
    Some(places)
}

/// `countries`: at least one known ISO 3166-1 alpha-2 code, each once.
fn country_list(f: &mut TomlFile, v: Val, key: &str) -> Option<Vec<&'static countries::Country>> {
    let DeValue::Array(items) = v.get_ref() else {
        f.type_error(v, key, Expected::List, "[\"NL\", \"IE\"]");
        return None;
    };
    let mut out: Vec<&'static countries::Country> = Vec::new();
    let mut ok = true;
    let mut to_come = false;
    for item in items {
        if is_placeholder(item) {
            to_come = true;
            continue;
        }
        let Some(s) = f.string(item, key, "\"NL\"") else {
            ok = false;
            continue;
        };
        match countries::lookup(&s) {
            Some(c) => {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            None => {
                let suggestion = countries::suggest(&s).map(str::to_string);
                f.error(
                    item.span(),
                    Message::UnknownCountry {
                        value: s,
                        suggestion,
                    },
                );
                ok = false;
            }
        }
    }
    if !ok || to_come {
        return None;
    }
    if out.is_empty() {
        f.error(v.span(), Message::NoCountries);
        return None;
    }
    Some(out)
}

/// `transfer`: the basis of a transfer outside the EEA.
fn transfer(f: &mut TomlFile, v: Val, key: &str) -> Option<Transfer> {
    if is_placeholder(v) {
        return None;
    }
    let s = f.string(v, key, "\"scc\"")?;
    let t = Transfer::parse(&s);
    if t.is_none() {
        let dutch = match s.to_lowercase().as_str() {
            "adequaatheidsbesluit" | "adequaat" | "passend" => Some("adequacy"),
            "modelcontractbepalingen" | "standard-contractual-clauses" | "sccs" => Some("scc"),
            "bindende-bedrijfsvoorschriften" | "binding-corporate-rules" | "bcrs" => Some("bcr"),
            "uitzondering" | "art-49" | "art. 49" => Some("derogation"),
            _ => None,
        };
        let suggestion = dutch.or_else(|| closest(&s, Choice::Transfer.values()));
        f.error(
            v.span(),
            Message::NotOneOf {
                of: Choice::Transfer,
                suggestion: suggestion.map(str::to_string),
                english: dutch.is_some_and(|d| d != s.to_lowercase()),
                value: s,
            },
        );
    }
    t
}
