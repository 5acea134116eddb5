//! Reads `content/organisations/<slug>.toml`: a board, vendor, platform or
//! authority, or a category of recipients, with its `[dpo]` table.

use std::path::Path;

use super::Loader;
use super::table::{Table, TomlFile, Val};
use crate::model::{Dpo, Organisation};

/// Reads the organisation `slug` from `path`.
pub(super) fn read(l: &mut Loader, slug: &str, path: &Path) -> Option<Organisation> {
    l.toml(path, "an organisation file", |t| organisation(t, slug))?
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
        "the [dpo] table",
        "{ name = \"…\", email = \"fg@example.nl\" }",
        dpo,
    );
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
        file: t.rel.to_path_buf(),
    })
}

/// `kvk`: a KvK number, eight digits between quotes.
fn kvk(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    let s = f.string(v, key, "\"12345678\"")?;
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s);
    }
    f.error(
        v.span(),
        format!("a KvK number has 8 digits, not \"{s}\""),
        "write it between quotes, e.g. kvk = \"12345678\"",
    );
    None
}

/// The `[dpo]` table: the functionaris gegevensbescherming, with at least
/// a name or an e-mail address.
fn dpo(t: &mut Table) -> Option<Dpo> {
    let name = t.opt("name", TomlFile::text);
    let email = t.opt("email", TomlFile::email);
    let phone = t.opt("phone", TomlFile::phone);
    if name.is_none() && email.is_none() {
        let span = t.span();
        t.error(
            span,
            "the [dpo] table needs at least a name or an e-mail address",
            "add email = \"fg@example.nl\"",
        );
    }
    Some(Dpo { name, email, phone })
}
