//! Reads `content/schools/<slug>.toml`: a school, its board and the
//! documents that apply to it.

use std::path::Path;

use toml::Spanned;

use super::Loader;
use super::placeholders::is_placeholder;
use super::table::{Table, TomlFile, Val};
use crate::messages::{Message, Part};
use crate::model::School;

/// Reads the school `slug` from `path`.
pub(super) fn read(l: &mut Loader, slug: &str, path: &Path) -> Option<School> {
    l.toml(path, Part::SchoolFile, |t| school(t, slug))?
        .if_clean()
}

fn school(t: &mut Table, slug: &str) -> Option<School> {
    let name = t.req("name", "\"Basisschool De Linde\"", TomlFile::text);
    let board = t.req("board", "\"slug-of-the-board\"", TomlFile::organisation_ref);
    let brin = t.opt("brin", brin);
    let address = t.opt("address", TomlFile::text);
    let email = t.opt("email", TomlFile::email);
    let phone = t.opt("phone", TomlFile::phone);
    let website = t.opt("website", TomlFile::web_url);
    let documents = t.opt("documents", TomlFile::document_refs);
    Some(School {
        slug: slug.to_string(),
        name: name?,
        board: board?.into_inner(),
        brin,
        address,
        email,
        phone,
        website,
        documents: documents.map(|d| d.into_iter().map(Spanned::into_inner).collect()),
        file: t.rel.to_path_buf(),
    })
}

/// `brin`: two digits, then two capitals or digits.
fn brin(f: &mut TomlFile, v: Val, key: &str) -> Option<String> {
    if is_placeholder(v) {
        return None;
    }
    let s = f.string(v, key, "\"00AA\"")?;
    let valid = s.len() == 4
        && s.bytes().take(2).all(|b| b.is_ascii_digit())
        && s.bytes()
            .skip(2)
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !valid {
        f.error(v.span(), Message::BadBrin { value: s });
        return None;
    }
    Some(s)
}
