//! Reads `content/pages/<slug>/`: free pages such as the accessibility
//! statement, one `<lang>.md` per language, titled by their first heading.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Loader, folders, version};
use crate::diag::Diagnostic;
use crate::model::Page;
use crate::source::list_dir;

/// Reads every page folder of `dir`.
pub(super) fn read_all(l: &mut Loader, dir: &Path) -> BTreeMap<String, Page> {
    let mut out = BTreeMap::new();
    for entry in folders::slug_folders(l, dir, "page", "content/pages/<slug>/nl.md") {
        let rel = l.rel(&entry.path);
        let mut bodies = BTreeMap::new();
        for file in list_dir(l.root, &entry.path, &mut l.diags) {
            if let Some((lang, body)) = version::body(l, &file) {
                bodies.insert(lang, body);
            }
        }
        let default = l.langs.as_ref().and_then(|l| l.first()).cloned();
        if let Some(default) = default
            && !bodies.contains_key(&default)
        {
            l.diags.push(
                Diagnostic::error(format!(
                    "this page has no text in the default language (`{default}.md`)"
                ))
                .in_file(rel)
                .hint(format!("add {default}.md with a `#` heading as its title")),
            );
            continue;
        }
        out.insert(
            entry.name.clone(),
            Page {
                slug: entry.name.clone(),
                bodies,
            },
        );
    }
    out
}
