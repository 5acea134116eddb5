//! Reads a site folder (`content/…`) into the model, checking everything the
//! content format promises: keys, types, dates, slugs, references between
//! files, version order and languages. All findings are collected.
//!
//! One reader per kind of file (`site`, `organisation`, `school`,
//! `document`, `version`, `relationship`, `page`) reads its keys through
//! the table reader (`table`) with the shared field readers (`fields`);
//! what needs more than one file is checked once everything is read
//! (`checks`); `folders` walks the folders.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Lang, Site, VersionNumber};
use crate::source::{self, DirEntry, SourceFile, read_text, relative};

mod checks;
mod document;
mod fields;
mod folders;
mod organisation;
mod page;
mod relationship;
mod school;
mod site;
mod table;
mod version;

#[cfg(test)]
mod doc_keys;

use checks::Pending;
use table::{Table, TomlFile};

/// Reading state shared across files.
struct Loader<'r> {
    root: &'r Path,
    langs: Option<Vec<Lang>>,
    diags: Vec<Diagnostic>,
    pending: Pending,
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

/// Reads and validates the site in `root`. Returns the model when there are
/// no errors; the diagnostics always (warnings included).
pub fn load(root: &Path) -> (Option<Site>, Diagnostics) {
    let mut l = Loader::new(root, None, None);
    let content = root.join("content");
    if !content.is_dir() {
        l.diags.push(
            Diagnostic::error(format!("there is no content/ folder in {}", root.display()))
                .hint("run policypress in the site folder, pass --site DIR, or create a site with `policypress new site DIR`"),
        );
        return (None, l.diags.into());
    }
    let site_toml = content.join("site.toml");
    let config = if site_toml.is_file() {
        site::read(&mut l, &site_toml)
    } else {
        l.diags.push(
            Diagnostic::error("there is no content/site.toml")
                .in_file(l.rel(&site_toml))
                .hint("create it with title, base_url, languages and publisher; see the README"),
        );
        None
    };
    let organisations =
        folders::read_all(&mut l, &content.join("organisations"), organisation::read);
    let schools = folders::read_all(&mut l, &content.join("schools"), school::read);
    let relationships =
        folders::read_all(&mut l, &content.join("relationships"), relationship::read);
    let documents = document::read_all(&mut l, &content.join("documents"));
    let pages = page::read_all(&mut l, &content.join("pages"));
    folders::report_strangers(&mut l, &content);

    checks::references(&mut l, &organisations, &schools, &documents);
    let Some(config) = config else {
        return (None, l.diags.into());
    };
    let site = Site {
        config,
        organisations,
        schools,
        documents,
        relationships,
        pages,
    };
    checks::site(&mut l, &site);
    let diags: Diagnostics = l.diags.into();
    if diags.has_errors() {
        (None, diags)
    } else {
        (Some(site), diags)
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
    let mut l = Loader::new(root, langs, Some((path.clone(), bytes)));
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
            body = version::body(&mut l, &entry).map(|(_, b)| b.source);
        }
    }
    (l, body)
}

impl<'r> Loader<'r> {
    fn new(root: &'r Path, langs: Option<Vec<Lang>>, given: Option<(PathBuf, Vec<u8>)>) -> Self {
        Loader {
            root,
            langs,
            diags: Vec::new(),
            pending: Pending::default(),
            effective_at: BTreeMap::new(),
            given,
            #[cfg(test)]
            asked: Vec::new(),
        }
    }

    /// A loader for part of the site, to be [merged](Self::merge) back.
    fn fork(&self) -> Loader<'r> {
        Loader::new(self.root, self.langs.clone(), self.given.clone())
    }

    /// Adds what `other` found after what this one found.
    fn merge(&mut self, other: Loader<'r>) {
        self.diags.extend(other.diags);
        self.pending.extend(other.pending);
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

    /// Reads the TOML file at `path` with `read`, which gets its top-level
    /// table (named `what` in messages), and keeps everything found.
    /// `None` when the file cannot be read or is not TOML (reported).
    fn toml<R>(
        &mut self,
        path: &Path,
        what: &'static str,
        read: impl FnOnce(&mut Table) -> R,
    ) -> Option<TomlRead<R>> {
        let src = self.read(path)?;
        let (mut file, doc) = TomlFile::parse(&src.rel, &src.text, self.langs.clone());
        let value = doc.map(|doc| file.read_top(&doc, what, read));
        let clean = !file.has_errors();
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
