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
pub(crate) const DEFAULT_FILES: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/document.html",
    "templates/version.html",
    "templates/school.html",
    "templates/school_coming.html",
    "templates/school_relationship.html",
    "templates/relationship.html",
    "templates/register.html",
    "templates/relationship_history.html",
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
    "templates/about.html",
    "templates/search.html",
    "templates/rights.html",
    "templates/contact.html",
    "templates/glossary.html",
    "static/style.css",
    "static/search.js",
    "static/search.css",
    "i18n/nl.toml",
    "i18n/en.toml",
);

/// A theme ready to render with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Theme {
    /// `base.html` → source.
    pub templates: BTreeMap<String, String>,
    /// `style.css` → bytes, published under `/static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    pub strings: BTreeMap<String, Strings>,
}

impl Theme {
    /// Loads the built-in default theme, then the site's own theme folder
    /// over it. Problems are reported as diagnostics.
    pub(crate) fn load(root: &Path, config: &SiteConfig, diags: &mut Vec<Diagnostic>) -> Theme {
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
                    Ok(mut s) => {
                        if let Some(d) = upgrade_strings(&mut s, &path, &config.theme) {
                            diags.push(d);
                        }
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

/// A site's own strings file of a language the default theme has too may
/// be older than this version of policypress: the keys it lacks are taken
/// from the default theme's file (rather than failing every page that
/// shows them), with a warning that names them.
fn upgrade_strings(strings: &mut Strings, path: &str, theme: &str) -> Option<Diagnostic> {
    let (_, bytes) = DEFAULT_FILES.iter().find(|(p, _)| *p == path)?;
    let text = std::str::from_utf8(bytes).expect("bug: the default theme's strings are UTF-8");
    let defaults = Strings::parse(&strings.lang, text)
        .expect("bug: the default theme's strings are valid (tested)");
    let added = strings.add_missing(&defaults);
    if added.is_empty() {
        return None;
    }
    let mut names = added.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if added.len() > 5 {
        names.push_str(", …");
    }
    Some(
        Diagnostic::warning(format!(
            "this file lacks {} interface string(s) of the default theme ({names}); the default theme's are used",
            added.len()
        ))
        .in_file(format!("themes/{theme}/{path}"))
        .hint(format!(
            "copy the missing keys from the default theme's {path} and translate them as you like"
        )),
    )
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
    fn an_older_strings_file_gets_the_new_keys_with_a_warning() {
        let mut old = Strings::parse(
            "nl",
            "months = [\"januari\", \"februari\", \"maart\", \"april\", \"mei\", \"juni\", \"juli\", \"augustus\", \"september\", \"oktober\", \"november\", \"december\"]\nnav_home = \"Begin\"\n",
        )
        .unwrap();
        let d = upgrade_strings(&mut old, "i18n/nl.toml", "eigen").expect("a warning");
        assert_eq!(old.get(crate::i18n::UiKey::NavHome), "Begin");
        assert_eq!(old.get(crate::i18n::UiKey::AboutTitle), "Over deze site");
        let text = d.to_string();
        assert!(text.contains("themes/eigen/i18n/nl.toml"), "{text}");
        assert!(text.contains("about_as_of"), "{text}");
        // A language the default theme does not have is left as it is.
        assert!(upgrade_strings(&mut old, "i18n/fy.toml", "eigen").is_none());
    }

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

    /// Each stylesheet of the default theme closes every block it opens,
    /// and nests a block only inside an at-rule (`@media`, `@supports`, …):
    /// a lost `}` would otherwise nest every later rule under the one left
    /// open, and browsers, which read CSS nesting, would quietly apply
    /// none of them.
    #[test]
    fn the_stylesheets_close_every_block() {
        for (path, bytes) in DEFAULT_FILES.iter().filter(|(p, _)| p.ends_with(".css")) {
            let css = std::str::from_utf8(bytes).unwrap();
            // The selector or at-rule of each open block.
            let mut open: Vec<String> = Vec::new();
            let mut prelude = String::new();
            let mut rest = css;
            let mut line = 1;
            while let Some(c) = rest.chars().next() {
                if let Some(after) = rest.strip_prefix("/*") {
                    let end = after
                        .find("*/")
                        .unwrap_or_else(|| panic!("{path}:{line}: a comment is not closed"));
                    line += after[..end].matches('\n').count();
                    rest = &after[end + 2..];
                    continue;
                }
                match c {
                    '{' => {
                        let head = prelude.trim().to_string();
                        if let Some(outer) = open.last() {
                            assert!(
                                outer.starts_with('@'),
                                "{path}:{line}: `{head}` is nested in `{outer}`, which was not closed"
                            );
                        }
                        open.push(head);
                        prelude.clear();
                    }
                    '}' => {
                        assert!(open.pop().is_some(), "{path}:{line}: a `}}` closes nothing");
                        prelude.clear();
                    }
                    ';' => prelude.clear(),
                    '\n' => {
                        line += 1;
                        prelude.push(c);
                    }
                    _ => prelude.push(c),
                }
                rest = &rest[c.len_utf8()..];
            }
            assert!(
                open.is_empty(),
                "{path}: `{}` is not closed",
                open.join("` in `")
            );
        }
    }
}
