//! The theme: templates, static files and interface strings. The default
//! theme is built into the binary; a site may override any of its files from
//! its own `themes/<name>/` folder, or supply a whole theme of its own.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::i18n::Strings;
use crate::model::SiteConfig;
use crate::source::{list_dir, relative};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
pub const DEFAULT_FILES: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/document.html",
    "templates/version.html",
    "templates/school.html",
    "templates/school_relationship.html",
    "templates/relationship.html",
    "templates/organisation.html",
    "templates/page.html",
    "templates/list.html",
    "templates/404.html",
    "templates/root.html",
    "templates/accessibility.html",
    "templates/changes.html",
    "templates/compare.html",
    "templates/site_changes.html",
    "templates/verify.html",
    "static/style.css",
    "i18n/nl.toml",
    "i18n/en.toml",
);

/// A theme ready to render with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    /// `base.html` → source.
    pub templates: BTreeMap<String, String>,
    /// `style.css` → bytes, published under `/static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    pub strings: BTreeMap<String, Strings>,
}

impl Theme {
    /// Loads the built-in default theme, then the site's own theme folder
    /// over it. Problems are reported as diagnostics.
    pub fn load(root: &Path, config: &SiteConfig, diags: &mut Vec<Diagnostic>) -> Theme {
        let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_FILES
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        let dir = root.join("themes").join(&config.theme);
        if dir.is_dir() {
            collect(root, &dir, &dir, &mut files, diags);
        } else if config.theme != "default" {
            diags.push(
                Diagnostic::error(format!("the theme \"{}\" does not exist", config.theme))
                    .in_file("content/site.toml")
                    .hint(format!(
                        "create themes/{}/ in the site folder, or use theme = \"default\"",
                        config.theme
                    )),
            );
        }
        let mut theme = Theme::default();
        for (path, bytes) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(s) => {
                        theme
                            .templates
                            .insert(name.to_string(), crate::source::normalise(&s));
                    }
                    Err(_) => diags.push(
                        Diagnostic::error("this template is not valid UTF-8")
                            .in_file(format!("themes/{}/{path}", config.theme)),
                    ),
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                theme.statics.insert(name.to_string(), bytes);
            } else if let Some(file) = path.strip_prefix("i18n/") {
                let Some(lang) = file.strip_suffix(".toml") else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes).into_owned();
                match Strings::parse(lang, &text) {
                    Ok(s) => {
                        theme.strings.insert(lang.to_string(), s);
                    }
                    Err(e) => diags.push(
                        Diagnostic::error(format!("the interface strings are not valid: {e}"))
                            .in_file(format!("themes/{}/{path}", config.theme))
                            .hint("compare with themes/default/i18n/en.toml"),
                    ),
                }
            }
        }
        for lang in &config.languages {
            if !theme.strings.contains_key(lang) {
                diags.push(
                    Diagnostic::warning(format!(
                        "the theme has no interface strings for the language `{lang}`; English is used"
                    ))
                    .in_file("content/site.toml")
                    .hint(format!(
                        "add themes/{}/i18n/{lang}.toml, translated from themes/default/i18n/en.toml",
                        config.theme
                    )),
                );
                if let Some(en) = theme.strings.get("en").cloned() {
                    let mut s = en;
                    s.lang = lang.clone();
                    s.written_in = "en".to_string();
                    theme.strings.insert(lang.clone(), s);
                }
            }
        }
        theme
    }
}

fn collect(
    root: &Path,
    base: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, Vec<u8>>,
    diags: &mut Vec<Diagnostic>,
) {
    for entry in list_dir(root, dir, diags) {
        if entry.is_dir {
            collect(root, base, &entry.path, files, diags);
            continue;
        }
        let rel = relative(base, &entry.path);
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read(&entry.path) {
            Ok(bytes) => {
                files.insert(key, bytes);
            }
            Err(e) => diags.push(
                Diagnostic::error(format!("could not read this theme file: {e}"))
                    .in_file(relative(root, &entry.path)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of themes/default must be embedded, or a site built
    /// outside this repository would miss it.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = BTreeMap::new();
        collect(&dir, &dir, &dir, &mut on_disk, &mut Vec::new());
        let embedded: Vec<&str> = DEFAULT_FILES.iter().map(|(p, _)| *p).collect();
        for path in on_disk.keys() {
            assert!(
                embedded.contains(&path.as_str()),
                "{path} is not embedded in theme.rs"
            );
        }
    }
}
