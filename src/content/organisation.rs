//! Reads `content/organisations/<slug>.toml`: a board, vendor, platform or
//! authority, or a category of recipients, with its `[dpo]` table.

use std::path::Path;

use super::Loader;
use super::location::organisation_location;
use super::placeholders::is_placeholder;
use super::table::{Table, TomlFile, Val};
use crate::messages::{Message, Part};
use crate::model::{Dpo, Organisation};

/// Reads the organisation `slug` from `path`.
pub(super) fn read(l: &mut Loader, slug: &str, path: &Path) -> Option<Organisation> {
    l.toml(path, Part::OrganisationFile, |t| organisation(t, slug))?
        .if_clean()
}

fn organisation(t: &mut Table, slug: &str) -> Option<Organisation> {
    let name = t.req("name", "\"Stichting …\"", TomlFile::text);
    let kvk = t.opt("kvk", kvk);
    let address = t.opt("address", TomlFile::text);
    let email = t.opt("email", TomlFile::email);
    let phone = t.opt("phone", TomlFile::phone);
    let website = t.opt("website", TomlFile::web_url);
    let description = t.opt("description", TomlFile::text);
    let dpo = t.table(
        "dpo",
        Part::DpoTable,
        "{ name = \"…\", email = \"fg@example.nl\" }",
        dpo,
    );
    let location = organisation_location(t);
    Some(Organisation {
        slug: slug.to_string(),
        name: name?,
        kvk,
        address,
        email,
        phone,
        website,
        description,
        dpo,
        location,
        file: t.rel.to_path_buf(),
    })
}

/// `kvk`: a KvK number, eight digits between quotes.
fn kvk(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    if is_placeholder(v) {
        return None;
    }
    let s = f.string(v, key, "\"12345678\"")?;
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s);
    }
    f.error(v.span(), Message::BadKvk { value: s });
    None
}

/// The `[dpo]` table: the functionaris gegevensbescherming, with at least
/// a name or an e-mail address.
fn dpo(t: &mut Table) -> Option<Dpo> {
    let name = t.opt("name", TomlFile::text);
    let email = t.opt("email", TomlFile::email);
    let phone = t.opt("phone", TomlFile::phone);
    // An address not filled in yet is reported as a placeholder.
    let email_to_come = t.get("email").is_some_and(is_placeholder);
    if name.is_none() && email.is_none() && !email_to_come {
        let span = t.span();
        t.error(span, Message::EmptyDpo);
    }
    Some(Dpo { name, email, phone })
}
