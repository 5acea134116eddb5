//! Reads a site folder (`content/…`) into the model, checking everything the
//! content format promises: keys, types, dates, slugs, references between
//! files, version order and languages. All findings are collected.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::Spanned;
use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::source::{self, DirEntry, is_slug, list_dir, read_text, relative};
use crate::toml_read::{Table, TomlFile};

/// Where the publisher's public key is, relative to the site: the only
/// value `[transparency] public_key` may have.
const PUBLIC_KEY_PATH: &str = "transparency/publisher.pub";

/// A reference from one file to another's slug, checked once all are read.
struct PendingRef {
    kind: RefKind,
    slug: String,
    /// The diagnostic to report if the slug does not exist, already located.
    at: Diagnostic,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Organisation,
    School,
    Document,
}

impl RefKind {
    fn noun(self) -> &'static str {
        match self {
            RefKind::Organisation => "organisation",
            RefKind::School => "school",
            RefKind::Document => "document",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            RefKind::Organisation => "content/organisations/",
            RefKind::School => "content/schools/",
            RefKind::Document => "content/documents/",
        }
    }
}

/// Reading state shared across files.
struct Loader<'r> {
    root: &'r Path,
    langs: Option<Vec<Lang>>,
    diags: Vec<Diagnostic>,
    refs: Vec<PendingRef>,
    /// Spans of `effective` and `published` per version file, for the order checks.
    version_spans: BTreeMap<PathBuf, (String, Range<usize>, Range<usize>)>,
    /// A pinned statement version to check once documents are read.
    statement_pins: Vec<(String, VersionNumber, Diagnostic)>,
    /// The bytes of one file given in memory instead of on disk ([`read_one`]).
    given: Option<(PathBuf, Vec<u8>)>,
}

/// Reads and validates the site in `root`. Returns the model when there are
/// no errors; the diagnostics always (warnings included).
pub fn load(root: &Path) -> (Option<Site>, Diagnostics) {
    let mut l = Loader {
        root,
        langs: None,
        diags: Vec::new(),
        refs: Vec::new(),
        version_spans: BTreeMap::new(),
        statement_pins: Vec::new(),
        given: None,
    };
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
        l.site_config(&site_toml)
    } else {
        l.diags.push(
            Diagnostic::error("there is no content/site.toml")
                .in_file(l.rel(&site_toml))
                .hint("create it with title, base_url, languages and publisher; see the README"),
        );
        None
    };
    let organisations = l.read_all(&content.join("organisations"), Loader::organisation);
    let schools = l.read_all(&content.join("schools"), Loader::school);
    let relationships = l.read_all(&content.join("relationships"), Loader::relationship);
    let documents = l.documents(&content.join("documents"));
    let pages = l.pages(&content.join("pages"));

    for entry in list_dir(root, &content, &mut l.diags) {
        let known = [
            "site.toml",
            "organisations",
            "schools",
            "documents",
            "relationships",
            "pages",
        ];
        if !known.contains(&entry.name.as_str()) {
            l.diags.push(
                Diagnostic::warning(format!("`{}` is not part of a site and is ignored", entry.name))
                    .in_file(relative(root, &entry.path))
                    .hint("content/ holds site.toml and the folders organisations, schools, documents, relationships and pages"),
            );
        }
    }

    l.check_refs(&organisations, &schools, &documents);
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
    l.check_site(&site);
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
    let root = Path::new("/nonexistent-site");
    let path = root.join(kind.path());
    let mut l = Loader {
        root,
        langs: (kind != FileKind::Site).then(|| vec!["nl".to_string(), "en".to_string()]),
        diags: Vec::new(),
        refs: Vec::new(),
        version_spans: BTreeMap::new(),
        statement_pins: Vec::new(),
        given: Some((path.clone(), bytes)),
    };
    let mut body = None;
    match kind {
        FileKind::Site => {
            l.site_config(&path);
        }
        FileKind::Organisation => {
            l.organisation("example", &path);
        }
        FileKind::School => {
            l.school("example", &path);
        }
        FileKind::Document => {
            l.document_file("example", &path, Vec::new());
        }
        FileKind::Version => {
            if let Some(v) = l.version_file(
                VersionNumber::parse("1.0").expect("bug: 1.0 is a version number"),
                &path,
                BTreeMap::new(),
            ) {
                l.check_versions(&[v]);
            }
        }
        FileKind::Relationship => {
            l.relationship("example", &path);
        }
        FileKind::Body => {
            let entry = DirEntry {
                name: "nl.md".to_string(),
                path,
                is_dir: false,
            };
            body = l.body(&entry).map(|(_, b)| b.source);
        }
    }
    ReadOne {
        diagnostics: l.diags.into(),
        body,
    }
}

impl<'r> Loader<'r> {
    fn rel(&self, p: &Path) -> PathBuf {
        relative(self.root, p)
    }

    fn read(&mut self, path: &Path) -> Option<source::SourceFile> {
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

    fn finish(&mut self, file: TomlFile) {
        self.diags.extend(file.diags);
    }

    /// Parses a content file read with [`Loader::read`]; on a syntax error
    /// its diagnostics are kept and `None` comes back. `langs`: the site's
    /// languages, `None` while reading `site.toml`.
    fn parse<'s>(
        &mut self,
        src: &'s source::SourceFile,
        langs: Option<&'s [Lang]>,
    ) -> Option<(TomlFile<'s>, Spanned<DeTable<'s>>)> {
        let (f, doc) = TomlFile::parse(&src.rel, &src.text, langs);
        match doc {
            Some(doc) => Some((f, doc)),
            None => {
                self.finish(f);
                None
            }
        }
    }

    fn reference(&mut self, file: &TomlFile, kind: RefKind, slug: &Spanned<String>, key: &str) {
        let at = file.diag_at(
            Diagnostic::error(format!(
                "`{key}` names the {} \"{}\", which does not exist",
                kind.noun(),
                slug.get_ref()
            )),
            slug.span(),
        );
        self.refs.push(PendingRef {
            kind,
            slug: slug.get_ref().clone(),
            at,
        });
    }

    fn site_config(&mut self, path: &Path) -> Option<SiteConfig> {
        let src = self.read(path)?;
        let (mut f, doc) = self.parse(&src, None)?;
        let t = Table::top(&doc, "site.toml");
        f.check_keys(
            &t,
            &[
                "title",
                "base_url",
                "languages",
                "publisher",
                "theme",
                "material_notice_days",
                "markdown",
                "transparency",
                "accessibility",
            ],
        );

        // Languages first: every text in the site is checked against them.
        let mut languages = Vec::new();
        if let Some(v) = f.req(&t, "languages", "[\"nl\", \"en\"]") {
            match v.get_ref() {
                toml::de::DeValue::Array(items) if !items.is_empty() => {
                    for item in items.iter() {
                        let Some(code) = f.string(item, "languages", "[\"nl\", \"en\"]") else {
                            continue;
                        };
                        let valid = (2..=3).contains(&code.split('-').next().unwrap_or("").len())
                            && code.split('-').all(|p| {
                                !p.is_empty()
                                    && p.bytes()
                                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                            });
                        if !valid {
                            f.error(
                                item.span(),
                                format!("\"{code}\" is not a language code"),
                                "use lowercase codes such as \"nl\", \"en\", \"de\", \"pl\"",
                            );
                        } else if languages.contains(&code) {
                            f.error(
                                item.span(),
                                format!("the language \"{code}\" is listed twice"),
                                "list each language once",
                            );
                        } else {
                            languages.push(code);
                        }
                    }
                }
                _ => f.error(
                    v.span(),
                    "`languages` must be a list of at least one language code",
                    "write it like: languages = [\"nl\", \"en\"]",
                ),
            }
        }
        let languages_ok = !languages.is_empty();
        if languages_ok {
            self.langs = Some(languages.clone());
        }
        let langs = self.langs.clone();
        f.langs = langs.as_deref();

        let title = f
            .req(
                &t,
                "title",
                "{ nl = \"Privacy bij …\", en = \"Privacy at …\" }",
            )
            .and_then(|v| f.text(v, "title"));
        let base_url = f.req(&t, "base_url", "\"https://privacy.example.nl/\"").and_then(|v| {
            let s = f.nonempty_string(v, "base_url", "\"https://privacy.example.nl/\"")?;
            let lower = s.to_ascii_lowercase();
            let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
            match rest {
                Some(r) if !r.is_empty() && !r.starts_with('/') && !s.contains(['?', '#', ' ']) => {
                    Some(if s.ends_with('/') { s } else { format!("{s}/") })
                }
                _ => {
                    f.error(v.span(), format!("`base_url` must be a full web address, not \"{s}\""), "write where public/ will be hosted, e.g. base_url = \"https://privacy.example.nl/\"");
                    None
                }
            }
        });
        let publisher = f
            .req(&t, "publisher", "\"slug-of-the-board\"")
            .and_then(|v| f.slug(v, "publisher"));
        if let Some(p) = &publisher {
            self.reference(&f, RefKind::Organisation, p, "publisher");
        }
        let theme = match f.get(&t, "theme") {
            Some(v) => f.slug(v, "theme").map(|s| s.into_inner()),
            None => Some("default".to_string()),
        };
        let material_notice_days = match f.get(&t, "material_notice_days") {
            Some(v) => f.integer(v, "material_notice_days", 0..=3650),
            None => Some(30),
        };
        let mut unsafe_html = false;
        if let Some(v) = f.get(&t, "markdown")
            && let Some(mt) = f.table(
                v,
                "markdown",
                "the [markdown] table",
                "{ unsafe_html = false }",
            )
        {
            f.check_keys(&mt, &["unsafe_html"]);
            if let Some(u) = f.get(&mt, "unsafe_html") {
                unsafe_html = f.boolean(u, "unsafe_html").unwrap_or(false);
            }
        }
        let mut transparency = None;
        if let Some(v) = f.get(&t, "transparency")
            && let Some(tt) = f.table(
                v,
                "transparency",
                "the [transparency] table",
                "{ origin = \"privacy.example.nl/log\" }",
            )
        {
            f.check_keys(&tt, &["origin", "public_key"]);
            let origin = f.req(&tt, "origin", "\"privacy.example.nl/log\"").and_then(|o| {
                let s = f.nonempty_string(o, "origin", "\"privacy.example.nl/log\"")?;
                if s.contains(char::is_whitespace) || s.contains('+') || s.contains("://") {
                    f.error(o.span(), "`origin` must be a name without spaces, `+` or a scheme", "use the host and path of the log, e.g. origin = \"privacy.example.nl/log\"");
                    return None;
                }
                Some(s)
            });
            // The log's files sit beside each other under fixed names, so
            // verifiers find them; another path would be silently ignored.
            let public_key = match f.get(&tt, "public_key") {
                Some(k) => f
                    .nonempty_string(k, "public_key", "\"transparency/publisher.pub\"")
                    .and_then(|path| {
                        if path.trim_start_matches("./") == PUBLIC_KEY_PATH {
                            return Some(PUBLIC_KEY_PATH.to_string());
                        }
                        f.error(
                            k.span(),
                            format!("`public_key` must be \"{PUBLIC_KEY_PATH}\""),
                            "the transparency log keeps its keys under fixed names in transparency/ (publisher.pub, log.vkey), where verifiers look for them; leave public_key out",
                        );
                        None
                    }),
                None => Some(PUBLIC_KEY_PATH.to_string()),
            };
            if let (Some(origin), Some(public_key)) = (origin, public_key) {
                transparency = Some(TransparencyConfig { origin, public_key });
            }
        }
        let accessibility = f
            .get(&t, "accessibility")
            .and_then(|v| accessibility(&mut f, v));
        let ok = f.diags.iter().all(|d| !d.is_error());
        self.finish(f);
        match (title, base_url, publisher, theme, material_notice_days) {
            (Some(title), Some(base_url), Some(publisher), Some(theme), Some(days))
                if ok && languages_ok =>
            {
                Some(SiteConfig {
                    title,
                    base_url,
                    languages,
                    publisher: publisher.into_inner(),
                    theme,
                    material_notice_days: days,
                    unsafe_html,
                    transparency,
                    accessibility,
                })
            }
            _ => None,
        }
    }

    /// Reads every `<slug>.toml` of a folder with `read_one`.
    fn read_all<T>(
        &mut self,
        dir: &Path,
        read_one: fn(&mut Self, &str, &Path) -> Option<T>,
    ) -> BTreeMap<String, T> {
        let mut out = BTreeMap::new();
        if !dir.exists() {
            return out;
        }
        for entry in list_dir(self.root, dir, &mut self.diags) {
            let Some(slug) = self.slug_of_file(&entry) else {
                continue;
            };
            if let Some(item) = read_one(self, &slug, &entry.path) {
                out.insert(slug, item);
            }
        }
        out
    }

    fn slug_of_file(&mut self, entry: &DirEntry) -> Option<String> {
        let rel = self.rel(&entry.path);
        if entry.is_dir {
            self.diags.push(
                Diagnostic::warning("a folder here is ignored")
                    .in_file(rel)
                    .hint("this folder holds one <slug>.toml file per item"),
            );
            return None;
        }
        let Some(stem) = entry.name.strip_suffix(".toml") else {
            self.diags.push(
                Diagnostic::warning(format!(
                    "`{}` is not a .toml file and is ignored",
                    entry.name
                ))
                .in_file(rel)
                .hint("this folder holds one <slug>.toml file per item"),
            );
            return None;
        };
        if !is_slug(stem) {
            self.diags.push(
                Diagnostic::error(format!(
                    "the file name `{}` is not a valid slug",
                    entry.name
                ))
                .in_file(rel)
                .hint(format!(
                    "file names are lowercase letters, digits and hyphens; rename it to `{}.toml`",
                    source::suggest_slug(stem)
                )),
            );
            return None;
        }
        Some(stem.to_string())
    }

    fn dpo(&mut self, f: &mut TomlFile, t: &Table) -> Option<Dpo> {
        let v = f.get(t, "dpo")?;
        let dt = f.table(
            v,
            "dpo",
            "the [dpo] table",
            "{ name = \"…\", email = \"fg@example.nl\" }",
        )?;
        f.check_keys(&dt, &["name", "email", "phone"]);
        let name = f.get(&dt, "name").and_then(|v| f.text(v, "name"));
        let email = f.get(&dt, "email").and_then(|v| email(f, v, "email"));
        let phone = f
            .get(&dt, "phone")
            .and_then(|v| f.nonempty_string(v, "phone", "\"030 123 45 67\""));
        if name.is_none() && email.is_none() {
            f.error(
                v.span(),
                "the [dpo] table needs at least a name or an e-mail address",
                "add email = \"fg@example.nl\"",
            );
        }
        Some(Dpo { name, email, phone })
    }

    fn organisation(&mut self, slug: &str, path: &Path) -> Option<Organisation> {
        let src = self.read(path)?;
        let langs = self.langs.clone();
        let (mut f, doc) = self.parse(&src, langs.as_deref())?;
        let t = Table::top(&doc, "an organisation file");
        f.check_keys(
            &t,
            &[
                "name",
                "kvk",
                "address",
                "email",
                "phone",
                "website",
                "description",
                "dpo",
            ],
        );
        let name = f
            .req(&t, "name", "\"Stichting …\"")
            .and_then(|v| f.text(v, "name"));
        let kvk = f.get(&t, "kvk").and_then(|v| {
            let s = f.string(v, "kvk", "\"12345678\"")?;
            if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
                Some(s)
            } else {
                f.error(
                    v.span(),
                    format!("a KvK number has 8 digits, not \"{s}\""),
                    "write it between quotes, e.g. kvk = \"12345678\"",
                );
                None
            }
        });
        let address = f.get(&t, "address").and_then(|v| f.text(v, "address"));
        let email = f.get(&t, "email").and_then(|v| email(&mut f, v, "email"));
        let phone = f
            .get(&t, "phone")
            .and_then(|v| f.nonempty_string(v, "phone", "\"030 123 45 67\""));
        let website = f
            .get(&t, "website")
            .and_then(|v| web_url(&mut f, v, "website"));
        let description = f
            .get(&t, "description")
            .and_then(|v| f.text(v, "description"));
        let dpo = self.dpo(&mut f, &t);
        let ok = !f.diags.iter().any(|d| d.is_error());
        self.finish(f);
        Some(Organisation {
            slug: slug.to_string(),
            name: name.filter(|_| ok)?,
            kvk,
            address,
            email,
            phone,
            website,
            description,
            dpo,
            file: src.rel,
        })
    }

    fn school(&mut self, slug: &str, path: &Path) -> Option<School> {
        let src = self.read(path)?;
        let langs = self.langs.clone();
        let (mut f, doc) = self.parse(&src, langs.as_deref())?;
        let t = Table::top(&doc, "a school file");
        f.check_keys(
            &t,
            &[
                "name",
                "board",
                "brin",
                "address",
                "email",
                "phone",
                "website",
                "documents",
            ],
        );
        let name = f
            .req(&t, "name", "\"Basisschool De Linde\"")
            .and_then(|v| f.text(v, "name"));
        let board = f
            .req(&t, "board", "\"slug-of-the-board\"")
            .and_then(|v| f.slug(v, "board"));
        if let Some(b) = &board {
            self.reference(&f, RefKind::Organisation, b, "board");
        }
        let brin = f.get(&t, "brin").and_then(|v| {
            let s = f.string(v, "brin", "\"00AA\"")?;
            let valid = s.len() == 4
                && s.bytes().take(2).all(|b| b.is_ascii_digit())
                && s.bytes()
                    .skip(2)
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if !valid {
                f.error(
                    v.span(),
                    format!("a BRIN code is two digits and two capital letters, not \"{s}\""),
                    "write it like: brin = \"12AB\"",
                );
                return None;
            }
            Some(s)
        });
        let address = f.get(&t, "address").and_then(|v| f.text(v, "address"));
        let email = f.get(&t, "email").and_then(|v| email(&mut f, v, "email"));
        let phone = f
            .get(&t, "phone")
            .and_then(|v| f.nonempty_string(v, "phone", "\"030 123 45 67\""));
        let website = f
            .get(&t, "website")
            .and_then(|v| web_url(&mut f, v, "website"));
        let documents = f.get(&t, "documents").map(|v| f.slug_list(v, "documents"));
        if let Some(docs) = &documents {
            for d in docs {
                self.reference(&f, RefKind::Document, d, "documents");
            }
        }
        let ok = !f.diags.iter().any(|d| d.is_error());
        self.finish(f);
        if !ok {
            return None;
        }
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
            file: src.rel,
        })
    }

    fn relationship(&mut self, slug: &str, path: &Path) -> Option<Relationship> {
        let src = self.read(path)?;
        let langs = self.langs.clone();
        let (mut f, doc) = self.parse(&src, langs.as_deref())?;
        let t = Table::top(&doc, "a relationship file");
        f.check_keys(
            &t,
            &[
                "kind",
                "controller",
                "party",
                "schools",
                "purposes",
                "data_subjects",
                "data_categories",
                "legal_basis",
                "retention",
                "location",
                "agreement",
                "statement",
                "sub_processors",
                "since",
                "until",
            ],
        );
        let kind = f.req(&t, "kind", "\"processor\"").and_then(|v| {
            let s = f.string(v, "kind", "\"processor\"")?;
            let k = RelationshipKind::parse(&s);
            if k.is_none() {
                f.error(v.span(), format!("`kind` must be \"processor\", \"recipient\" or \"joint-controller\", not \"{s}\""), "a processor (verwerker) works on the board's behalf; a recipient (ontvanger) such as DUO receives data for its own tasks");
            }
            k
        });
        let controller = f
            .req(&t, "controller", "\"slug-of-the-board\"")
            .and_then(|v| f.slug(v, "controller"));
        let party = f
            .req(&t, "party", "\"slug-of-the-processor\"")
            .and_then(|v| f.slug(v, "party"));
        for (s, key) in [(&controller, "controller"), (&party, "party")] {
            if let Some(s) = s {
                self.reference(&f, RefKind::Organisation, s, key);
            }
        }
        let schools = f.req(&t, "schools", "\"all\"").and_then(|v| match v.get_ref() {
            toml::de::DeValue::String(s) if s.as_ref() == "all" => Some(SchoolSelection::All),
            toml::de::DeValue::Array(_) => {
                let list = f.slug_list(v, "schools");
                for s in &list {
                    self.reference(&f, RefKind::School, s, "schools");
                }
                Some(SchoolSelection::List(list.into_iter().map(Spanned::into_inner).collect()))
            }
            _ => {
                f.error(v.span(), "`schools` must be \"all\" or a list of school slugs", "write schools = \"all\" for every school of the board, or schools = [\"de-linde\", \"het-baken\"]");
                None
            }
        });
        let purposes = f
            .req(&t, "purposes", "[{ nl = \"…\", en = \"…\" }]")
            .map(|v| f.text_list(v, "purposes"));
        if let (Some(p), Some(v)) = (&purposes, f.get(&t, "purposes"))
            && p.is_empty()
            && !f.diags.iter().any(|d| d.is_error())
        {
            f.error(
                v.span(),
                "`purposes` is empty",
                "name at least one purpose: why the data is processed",
            );
        }
        let data_subjects = f
            .get(&t, "data_subjects")
            .map(|v| f.text_list(v, "data_subjects"))
            .unwrap_or_default();
        let data_categories = f
            .get(&t, "data_categories")
            .map(|v| f.text_list(v, "data_categories"))
            .unwrap_or_default();
        let legal_basis = f.req(&t, "legal_basis", "\"public-task\"").and_then(|v| {
            let s = f.string(v, "legal_basis", "\"public-task\"")?;
            let b = LegalBasis::parse(&s);
            if b.is_none() {
                let keys: Vec<&str> = LegalBasis::ALL.iter().map(|b| b.key()).collect();
                let hint = match crate::toml_read::closest(&s, &keys) {
                    Some(k) => format!(
                        "did you mean \"{k}\"? The bases of AVG art. 6(1) are: {}",
                        keys.join(", ")
                    ),
                    None => format!("use one of the bases of AVG art. 6(1): {}", keys.join(", ")),
                };
                f.error(v.span(), format!("\"{s}\" is not a legal basis"), hint);
            }
            b
        });
        let retention = f.get(&t, "retention").and_then(|v| f.text(v, "retention"));
        let location = f.get(&t, "location").and_then(|v| f.text(v, "location"));
        let agreement = f.get(&t, "agreement").and_then(|v| {
            let at = f.table(
                v,
                "agreement",
                "the agreement",
                "{ name = \"Model Verwerkersovereenkomst 4.0\", signed = 2023-05-01 }",
            )?;
            f.check_keys(&at, &["name", "signed", "url"]);
            let name = f
                .req(&at, "name", "\"Model Verwerkersovereenkomst 4.0\"")
                .and_then(|n| f.text(n, "name"));
            let signed = f.get(&at, "signed").and_then(|d| f.date(d, "signed"));
            let url = f.get(&at, "url").and_then(|u| web_url(&mut f, u, "url"));
            Some(Agreement {
                name: name?,
                signed,
                url,
            })
        });
        let statement = f.get(&t, "statement").and_then(|v| {
            let st = f.table(v, "statement", "the statement reference", "{ document = \"slug\", version = \"2.1\" }")?;
            f.check_keys(&st, &["document", "version", "url"]);
            let doc = f.get(&st, "document");
            let url = f.get(&st, "url");
            match (doc, url) {
                (Some(d), None) => {
                    let document = f.slug(d, "document")?;
                    self.reference(&f, RefKind::Document, &document, "statement.document");
                    let version = match f.get(&st, "version") {
                        Some(vv) => {
                            let s = f.string(vv, "version", "\"2.1\"")?;
                            let Some(n) = VersionNumber::parse(&s) else {
                                f.error(vv.span(), format!("\"{s}\" is not a version number"), "write it like \"2.1\" (MAJOR.MINOR or MAJOR.MINOR.PATCH)");
                                return None;
                            };
                            let at = f.diag_at(Diagnostic::error(format!("`statement.version` names version {s} of \"{}\", which does not exist", document.get_ref())), vv.span());
                            self.statement_pins.push((document.get_ref().clone(), n.clone(), at));
                            Some(n)
                        }
                        None => None,
                    };
                    Some(StatementRef::Document { document: document.into_inner(), version })
                }
                (None, Some(u)) => {
                    if f.get(&st, "version").is_some() {
                        f.error(st.span.clone(), "`version` goes with `document`, not with `url`", "remove `version`, or name the statement's document");
                    }
                    web_url(&mut f, u, "url").map(StatementRef::Url)
                }
                (Some(_), Some(_)) => {
                    f.error(v.span(), "`statement` has both `document` and `url`", "keep one: a document of this site, or the address of the processor's own statement");
                    None
                }
                (None, None) => {
                    f.error(v.span(), "`statement` needs `document` or `url`", "write statement = { document = \"slug\", version = \"2.1\" } or statement = { url = \"https://…\" }");
                    None
                }
            }
        });
        let sub_processors = f
            .get(&t, "sub_processors")
            .map(|v| f.slug_list(v, "sub_processors"))
            .unwrap_or_default();
        for s in &sub_processors {
            self.reference(&f, RefKind::Organisation, s, "sub_processors");
        }
        let since = f
            .req(&t, "since", "2020-08-01")
            .and_then(|v| f.date(v, "since"));
        let until = f.get(&t, "until").and_then(|v| {
            let u = f.date(v, "until")?;
            if let Some(s) = since
                && u < s
            {
                f.error(v.span(), "`until` is before `since`", "`until` is the last day of the relationship and cannot be before its first day");
                return None;
            }
            Some(u)
        });
        let ok = !f.diags.iter().any(|d| d.is_error());
        self.finish(f);
        if !ok {
            return None;
        }
        Some(Relationship {
            slug: slug.to_string(),
            kind: kind?,
            controller: controller?.into_inner(),
            party: party?.into_inner(),
            schools: schools?,
            purposes: purposes?,
            data_subjects,
            data_categories,
            legal_basis: legal_basis?,
            retention,
            location,
            agreement,
            statement,
            sub_processors: sub_processors
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            since: since?,
            until,
            file: src.rel,
        })
    }

    /// The folders of `dir` whose names are valid slugs, one per document or
    /// page; files there, and folders with other names, are reported.
    fn slug_folders(&mut self, dir: &Path, what: &str, layout: &str) -> Vec<DirEntry> {
        if !dir.exists() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for entry in list_dir(self.root, dir, &mut self.diags) {
            let rel = self.rel(&entry.path);
            if !entry.is_dir {
                self.diags.push(
                    Diagnostic::warning(format!(
                        "`{}` is ignored: each {what} is a folder",
                        entry.name
                    ))
                    .in_file(rel)
                    .hint(format!("put {what}s in {layout}")),
                );
            } else if !is_slug(&entry.name) {
                self.diags.push(
                    Diagnostic::error(format!(
                        "the folder name `{}` is not a valid slug",
                        entry.name
                    ))
                    .in_file(rel)
                    .hint(format!(
                        "folder names are lowercase letters, digits and hyphens; rename it to `{}`",
                        source::suggest_slug(&entry.name)
                    )),
                );
            } else {
                out.push(entry);
            }
        }
        out
    }

    fn documents(&mut self, dir: &Path) -> BTreeMap<String, Document> {
        let entries = self.slug_folders(dir, "document", "content/documents/<slug>/document.toml");
        // Documents hold nearly all of a site's files: each is read by a
        // loader of its own, on every core, and the findings are merged in
        // name order, so they come out exactly as if read one by one.
        let read: Vec<_> = entries
            .par_iter()
            .map(|entry| {
                let mut own = self.fork();
                let doc = own.document(&entry.name, &entry.path);
                (own, doc)
            })
            .collect();
        let mut out = BTreeMap::new();
        for (entry, (own, doc)) in entries.iter().zip(read) {
            self.merge(own);
            if let Some(doc) = doc {
                out.insert(entry.name.clone(), doc);
            }
        }
        out
    }

    /// A loader for part of the site, to be [merged](Self::merge) back.
    fn fork(&self) -> Loader<'r> {
        Loader {
            root: self.root,
            langs: self.langs.clone(),
            diags: Vec::new(),
            refs: Vec::new(),
            version_spans: BTreeMap::new(),
            statement_pins: Vec::new(),
            given: self.given.clone(),
        }
    }

    fn merge(&mut self, other: Loader<'r>) {
        self.diags.extend(other.diags);
        self.refs.extend(other.refs);
        self.version_spans.extend(other.version_spans);
        self.statement_pins.extend(other.statement_pins);
    }

    fn document(&mut self, slug: &str, dir: &Path) -> Option<Document> {
        let path = dir.join("document.toml");
        let mut versions = Vec::new();
        let mut saw_toml = false;
        for entry in list_dir(self.root, dir, &mut self.diags) {
            if entry.name == "document.toml" {
                saw_toml = true;
                continue;
            }
            let rel = self.rel(&entry.path);
            if !entry.is_dir {
                self.diags.push(
                    Diagnostic::warning(format!("`{}` is ignored", entry.name))
                        .in_file(rel)
                        .hint("a document folder holds document.toml and one folder per version, e.g. 1.0/"),
                );
                continue;
            }
            let Some(number) = VersionNumber::parse(&entry.name) else {
                self.diags.push(
                    Diagnostic::error(format!("the folder name `{}` is not a version number", entry.name))
                        .in_file(rel)
                        .hint("name version folders MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 1.0, 2.1 or 2.1.1, without leading zeros or a `v`"),
                );
                continue;
            };
            if let Some(v) = self.version(number, &entry.path) {
                versions.push(v);
            }
        }
        if !saw_toml {
            self.diags.push(
                Diagnostic::error("this document folder has no document.toml")
                    .in_file(self.rel(dir))
                    .hint("add document.toml with title, owner and kind"),
            );
            return None;
        }
        self.document_file(slug, &path, versions)
    }

    /// A `document.toml`, with the versions read from its folder.
    fn document_file(
        &mut self,
        slug: &str,
        path: &Path,
        mut versions: Vec<Version>,
    ) -> Option<Document> {
        let src = self.read(path)?;
        let langs = self.langs.clone();
        let (mut f, doc) = self.parse(&src, langs.as_deref())?;
        let t = Table::top(&doc, "document.toml");
        f.check_keys(&t, &["title", "owner", "kind", "review_every_years"]);
        let title = f
            .req(
                &t,
                "title",
                "{ nl = \"Privacyverklaring\", en = \"Privacy statement\" }",
            )
            .and_then(|v| f.text(v, "title"));
        let owner = f
            .req(&t, "owner", "\"slug-of-the-board\"")
            .and_then(|v| f.slug(v, "owner"));
        if let Some(o) = &owner {
            self.reference(&f, RefKind::Organisation, o, "owner");
        }
        let kind = f.req(&t, "kind", "\"statement\"").and_then(|v| {
            let s = f.string(v, "kind", "\"statement\"")?;
            let k = DocumentKind::parse(&s);
            if k.is_none() {
                f.error(v.span(), format!("`kind` must be \"statement\", \"regulation\", \"cookies\" or \"other\", not \"{s}\""), "a privacyverklaring is a \"statement\", a privacyreglement a \"regulation\"");
            }
            k
        });
        let review_every_years = f
            .get(&t, "review_every_years")
            .and_then(|v| f.integer(v, "review_every_years", 1..=20));
        let ok = !f.diags.iter().any(|d| d.is_error());
        self.finish(f);
        versions.sort_by(|a, b| a.number.cmp(&b.number));
        if versions.is_empty() {
            self.diags.push(
                Diagnostic::error("this document has no versions")
                    .in_file(src.rel.clone())
                    .hint("add a version folder such as 1.0/ with version.toml and nl.md"),
            );
        }
        self.check_versions(&versions);
        if !ok {
            return None;
        }
        Some(Document {
            slug: slug.to_string(),
            title: title?,
            owner: owner?.into_inner(),
            kind: kind?,
            review_every_years,
            versions,
            file: src.rel,
        })
    }

    fn version(&mut self, number: VersionNumber, dir: &Path) -> Option<Version> {
        let path = dir.join("version.toml");
        let mut bodies = BTreeMap::new();
        let mut has_toml = false;
        for entry in list_dir(self.root, dir, &mut self.diags) {
            if entry.name == "version.toml" {
                has_toml = true;
                continue;
            }
            if let Some(body) = self.body(&entry) {
                bodies.insert(body.0, body.1);
            }
        }
        if !has_toml {
            self.diags.push(
                Diagnostic::error("this version folder has no version.toml")
                    .in_file(self.rel(dir))
                    .hint("add version.toml with published, effective and material"),
            );
            return None;
        }
        let default = self.langs.as_ref().and_then(|l| l.first()).cloned();
        if let Some(default) = &default
            && !bodies.contains_key(default)
        {
            self.diags.push(
                Diagnostic::error(format!(
                    "this version has no text in the default language (`{default}.md`)"
                ))
                .in_file(self.rel(dir))
                .hint(format!("add {default}.md; other languages fall back to it")),
            );
        }
        self.version_file(number, &path, bodies)
    }

    /// A `version.toml`, with the bodies read from its folder.
    fn version_file(
        &mut self,
        number: VersionNumber,
        path: &Path,
        bodies: BTreeMap<Lang, Body>,
    ) -> Option<Version> {
        let src = self.read(path)?;
        let langs = self.langs.clone();
        let (mut f, doc) = self.parse(&src, langs.as_deref())?;
        let t = Table::top(&doc, "version.toml");
        f.check_keys(
            &t,
            &[
                "published",
                "effective",
                "material",
                "approved_by",
                "approved_on",
                "summary",
                "urgent",
                "late_entry",
            ],
        );
        let published_v = f.req(&t, "published", "2019-03-15");
        let published = published_v.and_then(|v| f.date(v, "published"));
        let effective_v = f.req(&t, "effective", "2019-04-01");
        let effective = effective_v.and_then(|v| f.date(v, "effective"));
        let material = f
            .req(&t, "material", "false")
            .and_then(|v| f.boolean(v, "material"));
        let approved_by = f
            .get(&t, "approved_by")
            .and_then(|v| f.text(v, "approved_by"));
        let approved_on = f
            .get(&t, "approved_on")
            .and_then(|v| f.date(v, "approved_on"));
        let summary = f.get(&t, "summary").and_then(|v| f.text(v, "summary"));
        let urgent = f.get(&t, "urgent").and_then(|v| f.text(v, "urgent"));
        let late_entry = f
            .get(&t, "late_entry")
            .and_then(|v| f.text(v, "late_entry"));
        if let (Some(p), Some(e), Some(ev)) = (published, effective, effective_v)
            && e < p
        {
            f.warning(
                ev.span(),
                "this version took effect before it was published",
                "that is fine when history is entered afterwards; otherwise check the dates",
            );
        }
        if let (Some(a), Some(p), Some(av)) = (approved_on, published, f.get(&t, "approved_on"))
            && a > p
        {
            f.warning(
                av.span(),
                "this version was approved after it was published",
                "check `approved_on` and `published`",
            );
        }
        if let (Some(pv), Some(ev)) = (published_v, effective_v) {
            self.version_spans
                .insert(src.rel.clone(), (src.text.clone(), pv.span(), ev.span()));
        }
        let ok = !f.diags.iter().any(|d| d.is_error());
        self.finish(f);
        if !ok {
            return None;
        }
        Some(Version {
            number,
            published: published?,
            effective: effective?,
            material: material?,
            approved_by,
            approved_on,
            summary,
            urgent,
            late_entry,
            bodies,
            file: src.rel,
        })
    }

    /// A `<lang>.md` file of a version or page.
    fn body(&mut self, entry: &DirEntry) -> Option<(Lang, Body)> {
        let rel = self.rel(&entry.path);
        let Some(lang) = entry.name.strip_suffix(".md") else {
            self.diags.push(
                Diagnostic::warning(format!("`{}` is ignored", entry.name))
                    .in_file(rel)
                    .hint(
                        "texts are Markdown files named after their language, e.g. nl.md and en.md",
                    ),
            );
            return None;
        };
        if entry.is_dir {
            self.diags
                .push(Diagnostic::warning("a folder here is ignored").in_file(rel));
            return None;
        }
        if let Some(langs) = &self.langs
            && !langs.iter().any(|l| l == lang)
        {
            self.diags.push(
                Diagnostic::error(format!("`{}` is a text in the language `{lang}`, which site.toml does not list", entry.name))
                    .in_file(rel)
                    .hint(format!("the site's languages are: {}; rename the file or add the language to content/site.toml", langs.join(", "))),
            );
            return None;
        }
        let src = self.read(&entry.path)?;
        if src.text.trim().is_empty() {
            self.diags.push(
                Diagnostic::error("this text is empty")
                    .in_file(rel)
                    .at(1, 1)
                    .hint("write the text, or delete the file so the default language is shown"),
            );
            return None;
        }
        Some((
            lang.to_string(),
            Body {
                source: src.text,
                file: src.rel,
            },
        ))
    }

    fn pages(&mut self, dir: &Path) -> BTreeMap<String, Page> {
        let mut out = BTreeMap::new();
        for entry in self.slug_folders(dir, "page", "content/pages/<slug>/nl.md") {
            let rel = self.rel(&entry.path);
            let mut bodies = BTreeMap::new();
            for file in list_dir(self.root, &entry.path, &mut self.diags) {
                if let Some((lang, body)) = self.body(&file) {
                    bodies.insert(lang, body);
                }
            }
            let default = self.langs.as_ref().and_then(|l| l.first()).cloned();
            if let Some(default) = default
                && !bodies.contains_key(&default)
            {
                self.diags.push(
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

    /// Version order must follow effective dates; no two share one.
    fn check_versions(&mut self, versions: &[Version]) {
        for pair in versions.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let span = self.version_spans.get(&b.file).cloned();
            let locate = |d: Diagnostic| match &span {
                Some((src, _, eff)) => d.in_file(b.file.clone()).at_span(src, eff.clone()),
                None => d.in_file(b.file.clone()),
            };
            if a.effective == b.effective {
                self.diags.push(locate(Diagnostic::error(format!(
                    "versions {} and {} take effect on the same date",
                    a.number, b.number
                )))
                .hint("each version needs its own effective date; if one replaces the other, remove the older folder before it is published"));
            } else if b.effective < a.effective {
                self.diags.push(locate(Diagnostic::error(format!(
                    "version {} takes effect before version {}",
                    b.number, a.number
                )))
                .hint("version numbers must follow the order of the effective dates; renumber the folders or correct the date"));
            }
        }
        // A late entry comes before a version published ahead of it; the
        // newest version cannot be one.
        if let Some(v) = versions.last().filter(|v| v.late_entry.is_some()) {
            let mut d = Diagnostic::warning(format!(
                "version {} says it is a late entry, but no version takes effect after it",
                v.number
            ))
            .in_file(v.file.clone());
            if let Some((src, _, _)) = self.version_spans.get(&v.file)
                && let Some(line) = src.lines().position(|l| {
                    l.trim_start()
                        .strip_prefix("late_entry")
                        .is_some_and(|r| r.trim_start().starts_with('='))
                })
            {
                d = d.at_line_col(src, line as u32 + 1, 1);
            }
            self.diags.push(d.hint(
                "`late_entry` is for a version entered after a later version was published; remove it from the newest version",
            ));
        }
        if let Some(v) = versions.iter().skip(1).find(|v| v.summary.is_none()) {
            self.diags.push(
                Diagnostic::error(format!("version {} has no `summary`", v.number))
                    .in_file(v.file.clone())
                    .at(1, 1)
                    .hint("every version after the first says what changed: summary = { nl = \"…\", en = \"…\" }"),
            );
        }
    }

    fn check_refs(
        &mut self,
        orgs: &BTreeMap<String, Organisation>,
        schools: &BTreeMap<String, School>,
        docs: &BTreeMap<String, Document>,
    ) {
        for r in std::mem::take(&mut self.refs) {
            let (exists, known): (bool, Vec<&str>) = match r.kind {
                RefKind::Organisation => (
                    orgs.contains_key(&r.slug),
                    orgs.keys().map(String::as_str).collect(),
                ),
                RefKind::School => (
                    schools.contains_key(&r.slug),
                    schools.keys().map(String::as_str).collect(),
                ),
                RefKind::Document => (
                    docs.contains_key(&r.slug),
                    docs.keys().map(String::as_str).collect(),
                ),
            };
            if exists {
                continue;
            }
            // A file that failed to read is reported already; do not pile on.
            let folder_file = match r.kind {
                RefKind::Document => self.root.join("content/documents").join(&r.slug),
                RefKind::Organisation => self
                    .root
                    .join("content/organisations")
                    .join(format!("{}.toml", r.slug)),
                RefKind::School => self
                    .root
                    .join("content/schools")
                    .join(format!("{}.toml", r.slug)),
            };
            if folder_file.exists() {
                continue;
            }
            let hint = match crate::toml_read::closest(&r.slug, &known) {
                Some(s) => format!(
                    "did you mean \"{s}\"? Otherwise add {}{}",
                    r.kind.folder(),
                    file_for(r.kind, &r.slug)
                ),
                None => format!(
                    "add {}{}, or correct the slug",
                    r.kind.folder(),
                    file_for(r.kind, &r.slug)
                ),
            };
            self.diags.push(r.at.hint(hint));
        }
        for (doc, number, at) in std::mem::take(&mut self.statement_pins) {
            if let Some(d) = docs.get(&doc)
                && !d.versions.iter().any(|v| v.number == number)
            {
                let known: Vec<&str> = d.versions.iter().map(|v| v.number.as_str()).collect();
                self.diags
                    .push(at.hint(format!("its versions are: {}", known.join(", "))));
            }
        }
    }

    /// Checks that need the whole site: notice periods of material changes.
    fn check_site(&mut self, site: &Site) {
        for doc in site.documents.values() {
            for pair in doc.versions.windows(2) {
                let v = &pair[1];
                if !v.material {
                    continue;
                }
                let notice = (v.effective - v.published).whole_days();
                let needed = i64::from(site.config.material_notice_days);
                if notice < needed && v.urgent.is_none() {
                    let span = self.version_spans.get(&v.file).cloned();
                    let d = Diagnostic::error(format!(
                        "version {} is a material change published {} day(s) before it takes effect; at least {} are needed",
                        v.number,
                        notice.max(0),
                        needed
                    ));
                    let d = match &span {
                        Some((src, _, eff)) => d.in_file(v.file.clone()).at_span(src, eff.clone()),
                        None => d.in_file(v.file.clone()),
                    };
                    self.diags.push(d.hint(format!(
                        "move `effective` to {} or later, or give the reason in urgent = {{ nl = \"…\" }}; readers are told it",
                        v.published + time::Duration::days(needed)
                    )));
                }
            }
        }
        for sug in crate::notice::material_suggestions(site) {
            let mut d = Diagnostic::warning(format!(
                "version {} of \"{}\" is marked not material, but since the previous version took effect there is {}",
                sug.version,
                sug.document,
                sug.reasons.join("; ")
            ))
            .in_file(sug.file.clone());
            // Point at the `material` line the reader may want to change.
            if let Some((src, _, _)) = self.version_spans.get(&sug.file)
                && let Some(line) = src.lines().position(|l| {
                    l.trim_start()
                        .strip_prefix("material")
                        .is_some_and(|r| r.trim_start().starts_with('='))
                })
            {
                d = d.at_line_col(src, line as u32 + 1, 1);
            }
            self.diags.push(d.hint(
                "new purposes, data, recipients, sub-processors or processing outside the EU/EEA are examples of material changes (EDPB WP260 rev.01 §29–30); if this change is material, set material = true and announce it in time",
            ));
        }
        for rel in site.relationships.values() {
            if let SchoolSelection::List(list) = &rel.schools {
                for s in list {
                    // An unknown controller or board is reported already.
                    if let Some(school) = site.schools.get(s)
                        && school.board != rel.controller
                        && site.organisations.contains_key(&rel.controller)
                        && site.organisations.contains_key(&school.board)
                    {
                        self.diags.push(
                            Diagnostic::warning(format!(
                                "the school \"{s}\" belongs to \"{}\", not to the controller \"{}\"",
                                school.board, rel.controller
                            ))
                            .in_file(rel.file.clone())
                            .hint("the controller of a school's data is its board; check `controller` and `schools`"),
                        );
                    }
                }
            }
        }
    }
}

/// The `[accessibility]` table of site.toml.
fn accessibility(f: &mut TomlFile, v: crate::toml_read::Val) -> Option<AccessibilityConfig> {
    let t = f.table(
        v,
        "accessibility",
        "the [accessibility] table",
        "{ contact = \"webredactie@example.nl\", evaluated = 2026-10-14 }",
    )?;
    f.check_keys(
        &t,
        &[
            "contact",
            "evaluated",
            "method",
            "status",
            "known_issues",
            "report_url",
        ],
    );
    let contact = f
        .req(&t, "contact", "\"webredactie@example.nl\"")
        .and_then(|c| email(f, c, "contact"));
    let evaluated = f
        .req(&t, "evaluated", "2026-10-14")
        .and_then(|d| f.date(d, "evaluated"));
    let method = match f.get(&t, "method") {
        None => Some(EvaluationMethod::SelfAssessment),
        Some(m) => match f.string(m, "method", "\"self\"").as_deref() {
            Some("self") => Some(EvaluationMethod::SelfAssessment),
            Some("audit") => Some(EvaluationMethod::Audit),
            Some(other) => {
                f.error(m.span(), format!("`method` must be \"self\" or \"audit\", not \"{other}\""), "\"self\": you assessed the site yourselves; \"audit\": an independent party did");
                None
            }
            None => None,
        },
    };
    let status = match f.get(&t, "status") {
        None => Some(ComplianceStatus::Compliant),
        Some(s) => match f.string(s, "status", "\"compliant\"").as_deref() {
            Some("compliant") => Some(ComplianceStatus::Compliant),
            Some("partially-compliant") => Some(ComplianceStatus::PartiallyCompliant),
            Some("non-compliant") => Some(ComplianceStatus::NonCompliant),
            Some(other) => {
                f.error(s.span(), format!("`status` must be \"compliant\", \"partially-compliant\" or \"non-compliant\", not \"{other}\""), "say how far the site meets WCAG 2.2 level AA");
                None
            }
            None => None,
        },
    };
    let known_issues = f
        .get(&t, "known_issues")
        .map(|k| f.text_list(k, "known_issues"))
        .unwrap_or_default();
    if status == Some(ComplianceStatus::PartiallyCompliant) && known_issues.is_empty() {
        f.warning(v.span(), "the site is partially compliant but `known_issues` is empty", "list what does not meet WCAG yet, so readers know: known_issues = [{ nl = \"…\", en = \"…\" }]");
    }
    let report_url = f
        .get(&t, "report_url")
        .and_then(|u| web_url(f, u, "report_url"));
    Some(AccessibilityConfig {
        contact: contact?,
        evaluated: evaluated?,
        method: method?,
        status: status?,
        known_issues,
        report_url,
    })
}

fn file_for(kind: RefKind, slug: &str) -> String {
    match kind {
        RefKind::Document => format!("{slug}/document.toml"),
        _ => format!("{slug}.toml"),
    }
}

fn email(f: &mut TomlFile, v: crate::toml_read::Val, key: &str) -> Option<String> {
    let s = f.string(v, key, "\"privacy@example.nl\"")?;
    let valid = s.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    }) && !s.contains(char::is_whitespace)
        && s.matches('@').count() == 1;
    if !valid {
        f.error(
            v.span(),
            format!("\"{s}\" is not an e-mail address"),
            format!("write it like: {key} = \"privacy@example.nl\""),
        );
        return None;
    }
    Some(s)
}

fn web_url(f: &mut TomlFile, v: crate::toml_read::Val, key: &str) -> Option<String> {
    let s = f.string(v, key, "\"https://example.nl\"")?;
    let lower = s.trim().to_ascii_lowercase();
    let valid = (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
        && !s.contains(char::is_whitespace);
    if !valid {
        f.error(v.span(), format!("\"{s}\" is not a web address"), format!("write the full address, starting with https://, e.g. {key} = \"https://example.nl\""));
        return None;
    }
    Some(s)
}

/// The languages of the site a text lacks, for lint.
pub fn missing_languages<'a>(langs: &'a [Lang], have: &BTreeSet<&str>) -> Vec<&'a str> {
    langs
        .iter()
        .map(String::as_str)
        .filter(|l| !have.contains(l))
        .collect()
}
