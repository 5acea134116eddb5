//! Reads a site folder (`content/…`) into the model, checking everything the
//! content format promises: keys, types, dates, slugs, references between
//! files, version order and languages. All findings are collected.
//!
//! One reader per kind of file (`site`, `organisation`, `school`,
//! `document`, `version`, `relationship`, `page`) reads its keys through
//! the table reader (`table`) with the shared field readers (`fields`);
//! what needs more than one file is checked once everything is read
//! (`checks`); `folders` walks the folders; `placeholders` finds the
//! `[VUL IN]` that `policypress new` leaves for editors to fill in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::messages::{Message, Part, Rule};
use crate::model::{Lang, Site, SiteConfig, Text, VersionNumber};
use crate::source::{self, DirEntry, SourceFile, read_text, relative};

mod checks;
mod document;
mod fields;
mod folders;
mod location;
mod organisation;
mod page;
mod placeholders;
mod relationship;
mod school;
mod site;
mod table;
mod version;

#[cfg(test)]
mod doc_keys;

use checks::Pending;
use table::{Table, TomlFile};

/// What a site is read for, which decides how a placeholder left in it
/// counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To be published (`build`, `check`, `publish`): a placeholder is an
    /// error, except in a draft.
    Publication,
    /// To be looked at (`serve`, `build --drafts`): a placeholder is a
    /// warning.
    Preview,
}

/// Reading state shared across files.
struct Loader<'r> {
    root: &'r Path,
    purpose: Purpose,
    langs: Option<Vec<Lang>>,
    diags: Vec<Diagnostic>,
    pending: Pending,
    /// The warnings acknowledged with `allow`, by the folder they cover
    /// (empty: the whole site).
    allowed: Vec<(PathBuf, Rule)>,
    /// Where each version file's `effective` date is, for the checks of
    /// version order and notice periods.
    effective_at: BTreeMap<PathBuf, EffectiveAt>,
    /// The bytes of one file given in memory instead of on disk ([`read_one`]).
    given: Option<(PathBuf, Vec<u8>)>,
    /// Every key the readers asked for, dotted below the top table.
    #[cfg(test)]
    asked: Vec<String>,
}

/// Where a version file's `effective` date is written.
struct EffectiveAt {
    /// The file's text.
    text: String,
    effective: Range<usize>,
}

/// What a reader made of a TOML file, and whether the file is free of errors.
struct TomlRead<R> {
    value: R,
    clean: bool,
}

impl<R> TomlRead<Option<R>> {
    /// What the reader made, if the file is free of errors.
    fn if_clean(self) -> Option<R> {
        self.value.filter(|_| self.clean)
    }
}

/// Reads and validates the site in `root` for publication. Returns the
/// model when there are no errors; the diagnostics always (warnings
/// included).
pub fn load(root: &Path) -> (Option<Site>, Diagnostics) {
    load_for(root, Purpose::Publication)
}

/// [`load`], for `purpose`.
pub fn load_for(root: &Path, purpose: Purpose) -> (Option<Site>, Diagnostics) {
    let read = read_site(root, purpose);
    let site = read
        .site
        .filter(|_| read.config_read && !read.diags.has_errors());
    (site, read.diags)
}

/// What [`load_partial`] could make of a site.
pub struct Partial {
    /// Every file that read without errors, when there is a `content/`
    /// folder. Without a readable site.toml its configuration is made up
    /// (the languages `nl` and `en`), and only its texts mean anything.
    pub site: Option<Site>,
    /// Whether the configuration is site.toml's own.
    pub config_read: bool,
    /// Whether the site read without errors.
    pub complete: bool,
}

/// Reads the site in `root` for publication, keeping what could be read of
/// a site with errors, so that `check` can lint it too. Its diagnostics are
/// those of [`load`].
pub fn load_partial(root: &Path) -> Partial {
    let read = read_site(root, Purpose::Publication);
    Partial {
        complete: read.config_read && !read.diags.has_errors(),
        site: read.site,
        config_read: read.config_read,
    }
}

/// Everything read of a site, with or without errors.
struct ReadSite {
    site: Option<Site>,
    config_read: bool,
    diags: Diagnostics,
}

fn read_site(root: &Path, purpose: Purpose) -> ReadSite {
    let mut l = Loader::new(root, purpose, None, None);
    let content = root.join("content");
    if !content.is_dir() {
        l.diags.push(
            Message::NoContentFolder {
                root: root.display().to_string(),
            }
            .error(),
        );
        return ReadSite {
            site: None,
            config_read: false,
            diags: l.diags.into(),
        };
    }
    let site_toml = content.join("site.toml");
    let config = if site_toml.is_file() {
        site::read(&mut l, &site_toml)
    } else {
        l.diags
            .push(Message::NoSiteToml.error().in_file(l.rel(&site_toml)));
        None
    };
    if config.is_none() {
        site::no_config(&mut l, &site_toml);
    }
    let organisations =
        folders::read_all(&mut l, &content.join("organisations"), organisation::read);
    let schools = folders::read_all(&mut l, &content.join("schools"), school::read);
    let relationships =
        folders::read_all(&mut l, &content.join("relationships"), relationship::read);
    let documents = document::read_all(&mut l, &content.join("documents"));
    let pages = page::read_all(&mut l, &content.join("pages"));
    folders::report_strangers(&mut l, &content);

    checks::references(&mut l, &organisations, &schools, &documents);
    checks::reserved_slugs(&mut l, &schools, &relationships);
    let config_read = config.is_some();
    let site = Site {
        config: config.unwrap_or_else(stand_in_config),
        organisations,
        schools,
        documents,
        relationships,
        pages,
    };
    if config_read {
        checks::site(&mut l, &site);
    }
    let mut diags: Diagnostics = l.diags.into();
    for (scope, rule) in l.allowed {
        diags.allow(scope, rule);
    }
    ReadSite {
        site: Some(site),
        config_read,
        diags,
    }
}

/// The configuration of a site whose site.toml cannot be read, so that
/// what the other files say can still be checked.
fn stand_in_config() -> SiteConfig {
    SiteConfig {
        title: Text::Neutral(String::new()),
        base_url: "https://example.invalid/".to_string(),
        languages: vec!["nl".to_string(), "en".to_string()],
        publisher: String::new(),
        theme: "default".to_string(),
        material_notice_days: 30,
        unsafe_html: false,
        transparency: None,
        accessibility: None,
        rights: None,
    }
}

/// A kind of content file, for [`read_one`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `content/site.toml`
    Site,
    /// `content/organisations/<slug>.toml`
    Organisation,
    /// `content/schools/<slug>.toml`
    School,
    /// `content/documents/<doc>/document.toml`
    Document,
    /// `content/documents/<doc>/<version>/version.toml`
    Version,
    /// `content/relationships/<slug>.toml`
    Relationship,
    /// `content/documents/<doc>/<version>/nl.md`
    Body,
}

impl FileKind {
    /// Every kind, in the order of the content format.
    pub const ALL: [FileKind; 7] = [
        FileKind::Site,
        FileKind::Organisation,
        FileKind::School,
        FileKind::Document,
        FileKind::Version,
        FileKind::Relationship,
        FileKind::Body,
    ];

    /// Where a file of this kind lives in a site with the languages `nl`
    /// and `en`, relative to the site folder.
    pub fn path(self) -> &'static str {
        match self {
            FileKind::Site => "content/site.toml",
            FileKind::Organisation => "content/organisations/example.toml",
            FileKind::School => "content/schools/example.toml",
            FileKind::Document => "content/documents/example/document.toml",
            FileKind::Version => "content/documents/example/1.0/version.toml",
            FileKind::Relationship => "content/relationships/example.toml",
            FileKind::Body => "content/documents/example/1.0/nl.md",
        }
    }
}

/// What [`read_one`] made of a file.
#[derive(Debug)]
pub struct ReadOne {
    /// Everything reported about the file.
    pub diagnostics: Diagnostics,
    /// The normalised text of a body, when it was read.
    pub body: Option<String>,
}

/// Reads one file's bytes as a content file of `kind` in a site with the
/// languages `nl` and `en`, through the same reading and checking code as
/// [`load`], without touching the disk. References to other files are not
/// checked (there are none). Used by the fuzzers and by tests that feed one
/// file at a time.
pub fn read_one(kind: FileKind, bytes: Vec<u8>) -> ReadOne {
    let (l, body) = read_given(kind, bytes);
    ReadOne {
        diagnostics: l.diags.into(),
        body,
    }
}

/// [`read_one`], giving back the loader with everything it found.
fn read_given(kind: FileKind, bytes: Vec<u8>) -> (Loader<'static>, Option<String>) {
    let root = Path::new("/nonexistent-site");
    let path = root.join(kind.path());
    let langs = (kind != FileKind::Site).then(|| vec!["nl".to_string(), "en".to_string()]);
    let mut l = Loader::new(
        root,
        Purpose::Publication,
        langs,
        Some((path.clone(), bytes)),
    );
    let mut body = None;
    match kind {
        FileKind::Site => {
            site::read(&mut l, &path);
        }
        FileKind::Organisation => {
            organisation::read(&mut l, "example", &path);
        }
        FileKind::School => {
            school::read(&mut l, "example", &path);
        }
        FileKind::Document => {
            document::read_file(&mut l, "example", &path, Vec::new());
        }
        FileKind::Version => {
            let number = VersionNumber::parse("1.0").expect("bug: 1.0 is a version number");
            if let Some(v) = version::read_file(&mut l, number, &path, BTreeMap::new()) {
                checks::version_order(&mut l, &[v]);
            }
        }
        FileKind::Relationship => {
            relationship::read(&mut l, "example", &path);
        }
        FileKind::Body => {
            let entry = DirEntry {
                name: "nl.md".to_string(),
                path,
                is_dir: false,
            };
            body = version::body(&mut l, &entry).map(|(_, b)| {
                placeholders::in_body(&mut l, &b, false);
                b.source
            });
        }
    }
    (l, body)
}

impl<'r> Loader<'r> {
    fn new(
        root: &'r Path,
        purpose: Purpose,
        langs: Option<Vec<Lang>>,
        given: Option<(PathBuf, Vec<u8>)>,
    ) -> Self {
        Loader {
            root,
            purpose,
            langs,
            diags: Vec::new(),
            pending: Pending::default(),
            allowed: Vec::new(),
            effective_at: BTreeMap::new(),
            given,
            #[cfg(test)]
            asked: Vec::new(),
        }
    }

    /// A loader for part of the site, to be [merged](Self::merge) back.
    fn fork(&self) -> Loader<'r> {
        Loader::new(
            self.root,
            self.purpose,
            self.langs.clone(),
            self.given.clone(),
        )
    }

    /// Adds what `other` found after what this one found.
    fn merge(&mut self, other: Loader<'r>) {
        self.diags.extend(other.diags);
        self.pending.extend(other.pending);
        self.allowed.extend(other.allowed);
        self.effective_at.extend(other.effective_at);
        #[cfg(test)]
        self.asked.extend(other.asked);
    }

    fn rel(&self, p: &Path) -> PathBuf {
        relative(self.root, p)
    }

    /// Reads a content file's text; `None` when it cannot be (reported).
    fn read(&mut self, path: &Path) -> Option<SourceFile> {
        let result = match &self.given {
            Some((p, bytes)) if p == path => source::read_bytes(self.root, path, bytes.clone()),
            _ => read_text(self.root, path),
        };
        match result {
            Ok(f) => Some(f),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    /// How a placeholder counts: in a draft a warning, otherwise as the
    /// purpose says.
    fn placeholder_severity(&self, draft: bool) -> Severity {
        match (draft, self.purpose) {
            (false, Purpose::Publication) => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// Reads the TOML file at `path` with `read`, which gets its top-level
    /// table (named `what` in messages), and keeps everything found: the
    /// findings, references to check, acknowledged warnings (for the
    /// folder of a version.toml or document.toml, or the whole site) and
    /// placeholders. `None` when the file cannot be read or is not TOML
    /// (reported).
    fn toml<R>(
        &mut self,
        path: &Path,
        what: Part,
        read: impl FnOnce(&mut Table) -> R,
    ) -> Option<TomlRead<R>> {
        let src = self.read(path)?;
        let (mut file, doc) = TomlFile::parse(&src.rel, &src.text, self.langs.clone());
        let value = doc.as_ref().map(|doc| {
            // A version without `published` is a draft.
            let draft = what == Part::VersionFile
                && !doc.get_ref().iter().any(|(k, _)| {
                    let k: &str = k.get_ref();
                    k == "published"
                });
            let severity = self.placeholder_severity(draft);
            let value = file.read_top(doc, what, read);
            placeholders::in_toml(&mut file, doc, draft, severity);
            value
        });
        let clean = !file.has_errors();
        let scope = match what {
            Part::SiteFile => PathBuf::new(),
            _ => src.rel.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        for rule in std::mem::take(&mut file.allowed) {
            self.allowed.push((scope.clone(), rule));
        }
        self.keep(file);
        Some(TomlRead {
            value: value?,
            clean,
        })
    }

    /// Keeps what was found in a file.
    fn keep(&mut self, file: TomlFile) {
        self.diags.extend(file.diags);
        self.pending.extend(file.pending);
        #[cfg(test)]
        self.asked.extend(file.asked);
    }
}
