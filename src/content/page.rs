//! Reads `content/pages/<slug>/`: free pages such as the accessibility
//! statement, one `<lang>.md` per language, titled by their first heading.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Loader, folders, placeholders, version};
use crate::messages::{Message, Noun};
use crate::model::Page;
use crate::source::list_dir;

/// Reads every page folder of `dir`.
pub(super) fn read_all(l: &mut Loader, dir: &Path) -> BTreeMap<String, Page> {
    let mut out = BTreeMap::new();
    for entry in folders::slug_folders(l, dir, Noun::Page) {
        let rel = l.rel(&entry.path);
        let mut bodies = BTreeMap::new();
        // A file that could not be read has its own error, and is not
        // also "missing".
        let mut present = Vec::new();
        for file in list_dir(l.root, &entry.path, &mut l.diags) {
            if !file.is_dir {
                present.push(file.name.clone());
            }
            if let Some((lang, body)) = version::body(l, &file) {
                placeholders::in_body(l, &body, false);
                bodies.insert(lang, body);
            }
        }
        let default = l.langs.as_ref().and_then(|l| l.first()).cloned();
        if let Some(default) = default
            && !bodies.contains_key(&default)
        {
            if !present.contains(&format!("{default}.md")) {
                let m = Message::NoDefaultBody {
                    noun: Noun::Page,
                    default,
                };
                l.diags.push(m.error().in_file(rel));
            }
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
