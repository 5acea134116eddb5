//! The countries of ISO 3166-1 by their alpha-2 code, with their names in
//! English and Dutch and whether they belong to the European Economic Area:
//! what a structured `location` is checked against, and what decides
//! whether data leaves the EEA (a transfer, AVG chapter V). The list is
//! data, kept in `data/countries.tsv` (its header cites the standard).

use std::sync::OnceLock;

/// The committed list, read once.
const DATA: &str = include_str!("../data/countries.tsv");

/// One country or territory of ISO 3166-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// The alpha-2 code, e.g. `NL`.
    pub code: &'static str,
    /// A member of the EEA (the EU, Iceland, Liechtenstein, Norway).
    pub eea: bool,
    /// Its short name in English.
    pub en: &'static str,
    /// Its short name in Dutch.
    pub nl: &'static str,
}

impl Country {
    /// Its name in `lang`: Dutch for `nl`, English for every other
    /// language (the list has no other names).
    pub fn name(&self, lang: &str) -> &'static str {
        if lang == "nl" { self.nl } else { self.en }
    }
}

/// Every country of the list, ordered by code.
pub fn all() -> &'static [Country] {
    static ALL: OnceLock<Vec<Country>> = OnceLock::new();
    ALL.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let mut cols = l.split('\t');
                let mut next = || {
                    cols.next()
                        .expect("bug: data/countries.tsv has four columns on every line")
                };
                Country {
                    code: next(),
                    eea: next() == "eea",
                    en: next(),
                    nl: next(),
                }
            })
            .collect()
    })
}

/// The country with the alpha-2 code `code` (upper case, as ISO 3166-1
/// writes it).
pub fn lookup(code: &str) -> Option<&'static Country> {
    let all = all();
    all.binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &all[i])
}

/// The code a mistaken value most likely meant: the same code in other
/// letters (`nl`), a code used elsewhere for an ISO one (`UK` for `GB`,
/// `EL` for `GR`, as the EU writes Greece), or a country written out in
/// English or Dutch (`Nederland`).
pub fn suggest(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let upper = v.to_uppercase();
    match upper.as_str() {
        "UK" => return Some("GB"),
        "EL" => return Some("GR"),
        _ => {}
    }
    if let Some(c) = lookup(&upper) {
        return Some(c.code);
    }
    let folded = v.to_lowercase();
    all()
        .iter()
        .find(|c| c.en.to_lowercase() == folded || c.nl.to_lowercase() == folded)
        .map(|c| c.code)
        .or(match folded.as_str() {
            "usa" | "vs" | "verenigde staten van amerika" | "united states of america" => {
                Some("US")
            }
            "holland" => Some("NL"),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_every_code_once_in_order() {
        let all = all();
        // ISO 3166-1 assigns 249 alpha-2 codes.
        assert_eq!(all.len(), 249);
        for w in all.windows(2) {
            assert!(w[0].code < w[1].code, "{} before {}", w[0].code, w[1].code);
        }
        for c in all {
            assert!(
                c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                c.code
            );
            assert!(!c.en.is_empty() && !c.nl.is_empty(), "{}", c.code);
            // Names are joined with commas on the pages.
            assert!(!c.en.contains(',') && !c.nl.contains(','), "{}", c.code);
        }
    }

    #[test]
    fn the_eea_is_the_eu_with_iceland_liechtenstein_and_norway() {
        let eea: Vec<&str> = all().iter().filter(|c| c.eea).map(|c| c.code).collect();
        assert_eq!(eea.len(), 30);
        for code in ["NL", "IE", "DE", "IS", "LI", "NO", "HR"] {
            assert!(lookup(code).unwrap().eea, "{code}");
        }
        for code in ["US", "GB", "CH", "BQ", "CW", "IN"] {
            assert!(!lookup(code).unwrap().eea, "{code}");
        }
    }

    #[test]
    fn names_and_suggestions() {
        let us = lookup("US").unwrap();
        assert_eq!(us.name("nl"), "Verenigde Staten");
        assert_eq!(us.name("en"), "United States");
        assert_eq!(us.name("de"), "United States");
        assert_eq!(lookup("nl"), None);
        assert_eq!(lookup("XX"), None);
        assert_eq!(suggest("nl"), Some("NL"));
        assert_eq!(suggest("UK"), Some("GB"));
        assert_eq!(suggest("EL"), Some("GR"));
        assert_eq!(suggest("Nederland"), Some("NL"));
        assert_eq!(suggest("ierland"), Some("IE"));
        assert_eq!(suggest("USA"), Some("US"));
        assert_eq!(suggest("EU"), None);
    }
}
