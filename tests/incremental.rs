//! `serve` rebuilds incrementally: it reuses rendered bodies, comparisons
//! and whole pages of the last good build. A preview that shows a stale
//! page is worse than a slow one, so after every edit of a random sequence
//! — texts, version data, organisations, schools, relationships, site.toml,
//! theme overrides, new and deleted versions, broken content and its fix,
//! a first publish into the log — the incremental rebuild must give exactly
//! the files a fresh full build of the same content gives, byte for byte,
//! or exactly the same errors.
//!
//! A failure prints its seed; rerun it with `INCREMENTAL_SEED=<seed>`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use policypress::BuildOptions;
use policypress::site::{self, BuildCache, Built};
use time::macros::date;

mod common;
use common::copy_tree;

const OPTS: BuildOptions = BuildOptions {
    as_of: date!(2026 - 11 - 25),
    drafts: true,
    preview: true,
};

const ORIGIN: &str = "privacy.waterlinie.example/log";

/// A small deterministic generator (xorshift64*), so a seed replays a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn word(&mut self) -> &'static str {
        const WORDS: &[&str] = &[
            "leerlingen",
            "ouders",
            "gegevens",
            "bewaartermijn",
            "verwerker",
            "toestemming",
            "school",
            "inzage",
        ];
        WORDS[self.below(WORDS.len())]
    }
}

/// Turns a good file's text into a broken one.
type Breaks = Box<dyn Fn(&str) -> String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    BodyText,
    VersionToml,
    DocumentTitle,
    Organisation,
    School,
    Relationship,
    SiteToml,
    ThemeTemplate,
    ThemeCss,
    ThemeStrings,
    RemoveThemeOverride,
    FreePage,
    AddVersion,
    DeleteVersion,
    InvalidThenFix,
    Touch,
}

const EVERY_EDIT: &[Edit] = &[
    Edit::BodyText,
    Edit::VersionToml,
    Edit::DocumentTitle,
    Edit::Organisation,
    Edit::School,
    Edit::Relationship,
    Edit::SiteToml,
    Edit::ThemeTemplate,
    Edit::ThemeCss,
    Edit::ThemeStrings,
    Edit::RemoveThemeOverride,
    Edit::FreePage,
    Edit::AddVersion,
    Edit::DeleteVersion,
    Edit::InvalidThenFix,
    Edit::Touch,
];

/// Files below `dir` whose names end in `suffix`, sorted.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Version folders of a document, sorted by number.
fn versions(doc: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(doc)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    let key = |p: &PathBuf| -> Vec<u32> {
        p.file_name()
            .unwrap()
            .to_string_lossy()
            .split('.')
            .map(|n| n.parse().unwrap_or(0))
            .collect()
    };
    v.sort_by_key(key);
    v
}

/// Replaces the line starting with `key =` (or appends one).
fn set_key(file: &Path, key: &str, value: &str) {
    let text = fs::read_to_string(file).unwrap();
    let prefix = format!("{key} =");
    let mut found = false;
    let mut out: Vec<String> = text
        .lines()
        .map(|l| {
            if !found && l.starts_with(&prefix) {
                found = true;
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    if !found {
        // Before the first table, so the key stays at the top level.
        let at = out
            .iter()
            .position(|l| l.starts_with('['))
            .unwrap_or(out.len());
        out.insert(at, format!("{key} = {value}"));
    }
    fs::write(file, out.join("\n") + "\n").unwrap();
}

fn get_key(file: &Path, key: &str) -> Option<String> {
    let prefix = format!("{key} = ");
    fs::read_to_string(file)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(&prefix).map(str::to_string))
}

struct Run {
    seed: u64,
    rng: Rng,
    dir: tempfile::TempDir,
    cache: BuildCache,
    /// A lean cache, as `serve` uses, and the files it gave (with the ones
    /// it left out as unchanged filled in from before).
    lean_cache: BuildCache,
    lean_view: BTreeMap<String, Vec<u8>>,
    /// The last good full build, by path.
    last_good: Option<BTreeMap<String, Vec<u8>>>,
    step: usize,
    /// Pages the incremental builds took over from the last build unchanged.
    reused: usize,
    /// Builds that succeeded, and that failed (both ways alike).
    good: usize,
    bad: usize,
    /// Whether the last build failed.
    broken: bool,
    /// The publisher's keys, once the site has a log.
    keys: Option<(policypress::sign::ArtifactKey, policypress::tlog::Signer)>,
}

impl Run {
    fn new(seed: u64) -> Run {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &dir.path().join("content"),
        );
        Run {
            seed,
            rng: Rng(seed.max(1)),
            dir,
            cache: BuildCache::default(),
            lean_cache: BuildCache::lean(),
            lean_view: BTreeMap::new(),
            last_good: None,
            step: 0,
            reused: 0,
            good: 0,
            bad: 0,
            broken: false,
            keys: None,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    /// Builds incrementally and from scratch and demands the same result.
    fn check(&mut self, what: &str) {
        self.step += 1;
        let context = format!("seed {} step {} ({what})", self.seed, self.step);
        let full = site::build(self.root(), OPTS);
        let incremental = site::build_cached(self.dir.path(), OPTS, &mut self.cache);
        let lean = site::build_cached(self.dir.path(), OPTS, &mut self.lean_cache);
        match (full, incremental, lean) {
            (Ok(full), Ok(inc), Ok(lean)) => {
                let b = by_path(&full);
                same_files(&context, "incremental build", &by_path(&inc), &b);
                assert_eq!(inc.pages, full.pages, "{context}: page count");
                // What the build says is unchanged (serve then skips it) is
                // exactly what the last good build had there.
                if let Some(last) = &self.last_good {
                    for path in &inc.unchanged {
                        assert_eq!(
                            last.get(path),
                            b.get(path),
                            "{context}: {path} is said to be unchanged, but it changed"
                        );
                    }
                } else {
                    assert!(inc.unchanged.is_empty(), "{context}: nothing to reuse yet");
                }
                // The lean build, as serve uses it: the files it leaves out
                // are taken from what it gave before.
                let mut view = by_path(&lean);
                for path in &lean.unchanged {
                    assert!(
                        !view.contains_key(path),
                        "{context}: {path} is both made and said to be unchanged"
                    );
                    let before = self.lean_view.get(path).unwrap_or_else(|| {
                        panic!("{context}: {path} is said to be unchanged, but the last build had no such file")
                    });
                    view.insert(path.clone(), before.clone());
                }
                same_files(&context, "lean incremental build", &view, &b);
                self.reused += inc.unchanged.len();
                self.good += 1;
                self.last_good = Some(b);
                self.lean_view = view;
                self.broken = false;
                eprintln!("  {context}: same files");
            }
            (Err(full), Err(inc), Err(lean)) => {
                let show = |d: policypress::diag::Diagnostics| -> Vec<String> {
                    d.sorted().iter().map(|d| d.to_string()).collect()
                };
                let full = show(full);
                assert_eq!(show(inc), full, "{context}: the errors differ");
                assert_eq!(show(lean), full, "{context}: the errors differ (lean)");
                self.bad += 1;
                self.broken = true;
                eprintln!("  {context}: failed alike");
            }
            (full, inc, lean) => panic!(
                "{context}: a full build {}, the incremental build {}, the lean one {}",
                outcome(&full),
                outcome(&inc),
                outcome(&lean)
            ),
        }
    }

    /// Every source file of the site, by path.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        files(self.root(), "")
            .into_iter()
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect()
    }

    /// Puts the site back as `snapshot` found it.
    fn restore(&mut self, snapshot: &BTreeMap<PathBuf, Vec<u8>>) {
        for dir in ["content", "themes", "transparency"] {
            let _ = fs::remove_dir_all(self.root().join(dir));
        }
        for (p, bytes) in snapshot {
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    }

    /// Makes `edit`; one that leaves the site broken (a deleted version
    /// that a relationship names, say) is undone, so the run goes on
    /// with a site that builds.
    fn edit_or_undo(&mut self, edit: Edit) {
        let before = self.snapshot();
        self.edit(edit);
        if self.broken {
            self.restore(&before);
            self.check("undone");
        }
    }

    fn edit(&mut self, edit: Edit) {
        let n = self.step;
        let content = self.content();
        match edit {
            Edit::BodyText => {
                let bodies = files(&content.join("documents"), ".md");
                let file = self.rng.pick(&bodies).clone();
                let mut text = fs::read_to_string(&file).unwrap();
                if self.rng.below(2) == 0 {
                    text.push_str(&format!(
                        "\nEen nieuwe alinea {n} over {} en {}.\n",
                        self.rng.word(),
                        self.rng.word()
                    ));
                } else {
                    let w = self.rng.word();
                    text = text.replacen(" de ", &format!(" de {w} "), 1);
                }
                fs::write(&file, text).unwrap();
                self.check(&format!("body text of {}", rel(&file)));
            }
            Edit::VersionToml => {
                let tomls = files(&content.join("documents"), "version.toml");
                let file = self.rng.pick(&tomls).clone();
                if self.rng.below(2) == 0 {
                    let w = self.rng.word();
                    set_key(
                        &file,
                        "summary",
                        &format!("{{ nl = \"Wijziging {n}: {w}.\", en = \"Change {n}: {w}.\" }}"),
                    );
                    self.check(&format!("summary in {}", rel(&file)));
                } else {
                    // A day or a few earlier: it stays in order with the
                    // other versions and keeps its notice period.
                    let published = get_key(&file, "published").unwrap();
                    let d = time::Date::parse(
                        &published,
                        time::macros::format_description!("[year]-[month]-[day]"),
                    )
                    .unwrap();
                    let earlier = d - time::Duration::days(1 + self.rng.below(10) as i64);
                    set_key(&file, "published", &earlier.to_string());
                    self.check(&format!("published date in {}", rel(&file)));
                }
            }
            Edit::DocumentTitle => {
                let tomls = files(&content.join("documents"), "document.toml");
                let file = self.rng.pick(&tomls).clone();
                set_key(
                    &file,
                    "title",
                    &format!("{{ nl = \"Document {n}\", en = \"Document {n}\" }}"),
                );
                self.check(&format!("title in {}", rel(&file)));
            }
            Edit::Organisation => {
                let tomls = files(&content.join("organisations"), ".toml");
                let file = self.rng.pick(&tomls).clone();
                let w = self.rng.word();
                set_key(&file, "name", &format!("\"Organisatie {n} {w}\""));
                self.check(&format!("name in {}", rel(&file)));
            }
            Edit::School => {
                let tomls = files(&content.join("schools"), ".toml");
                let file = self.rng.pick(&tomls).clone();
                let (key, value) = match self.rng.below(3) {
                    0 => ("name", format!("\"Basisschool {n}\"")),
                    1 => ("address", format!("\"Schoolstraat {n}, 1234 AB Plaats\"")),
                    _ => ("brin", format!("\"{:02}ZZ\"", n % 100)),
                };
                set_key(&file, key, &value);
                self.check(&format!("{key} in {}", rel(&file)));
            }
            Edit::Relationship => {
                let tomls = files(&content.join("relationships"), ".toml");
                let file = self.rng.pick(&tomls).clone();
                match self.rng.below(5) {
                    0 => set_key(&file, "location", &format!("\"Regio {n}\"")),
                    1 => set_key(&file, "until", "2026-11-01"),
                    2 => set_key(
                        &file,
                        "retention",
                        &format!("{{ nl = \"{n} jaar\", en = \"{n} years\" }}"),
                    ),
                    3 => {
                        let value = if self.rng.below(2) == 0 {
                            "\"all\""
                        } else {
                            "[]"
                        };
                        set_key(&file, "schools", value)
                    }
                    _ => {
                        // The processor's statement, pinned to a version
                        // (which may be one that is not shown: then the
                        // edit is an error and is undone).
                        let docs = files(&content.join("documents"), "document.toml");
                        let doc = self.rng.pick(&docs).parent().unwrap().to_path_buf();
                        let version = self.rng.pick(&versions(&doc)).clone();
                        set_key(
                            &file,
                            "statement",
                            &format!(
                                "{{ document = \"{}\", version = \"{}\" }}",
                                doc.file_name().unwrap().to_string_lossy(),
                                version.file_name().unwrap().to_string_lossy()
                            ),
                        );
                    }
                }
                self.check(&format!("relationship {}", rel(&file)));
            }
            Edit::SiteToml => {
                let file = content.join("site.toml");
                set_key(
                    &file,
                    "title",
                    &format!("{{ nl = \"Privacy {n}\", en = \"Privacy {n}\" }}"),
                );
                // Bodies are finished for the base path: moving the site
                // must not leave them as they were.
                let base = if n.is_multiple_of(2) { "" } else { "privacy/" };
                set_key(
                    &file,
                    "base_url",
                    &format!("\"https://privacy.waterlinie.example/{base}\""),
                );
                self.check("title and base_url in site.toml");
            }
            Edit::ThemeTemplate => {
                let defaults = files(
                    &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates"),
                    ".html",
                );
                let from = self.rng.pick(&defaults).clone();
                let name = from.file_name().unwrap().to_owned();
                let to = self.root().join("themes/default/templates").join(&name);
                let text = fs::read_to_string(&from).unwrap();
                // Visible in every page the template makes: a line after the
                // <body> of the base layout, or after the first block start.
                let text = match text.find("<body>") {
                    Some(at) => format!("{}<p>Thema {n}</p>{}", &text[..at + 6], &text[at + 6..]),
                    None => text.replacen("%}\n", &format!("%}}\n<p>Thema {n}</p>\n"), 2),
                };
                fs::create_dir_all(to.parent().unwrap()).unwrap();
                fs::write(&to, text).unwrap();
                self.check(&format!("theme template {}", name.to_string_lossy()));
            }
            Edit::ThemeCss => {
                let from =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css");
                let to = self.root().join("themes/default/static/style.css");
                let css = fs::read_to_string(from).unwrap();
                fs::create_dir_all(to.parent().unwrap()).unwrap();
                fs::write(&to, format!("{css}\n/* edit {n} */ body {{ margin: 0 }}\n")).unwrap();
                self.check("theme stylesheet");
            }
            Edit::ThemeStrings => {
                let from =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/nl.toml");
                let to = self.root().join("themes/default/i18n/nl.toml");
                let text = fs::read_to_string(from).unwrap();
                let text = text
                    .replacen(
                        "skip_to_content = \"Naar de inhoud\"",
                        &format!("skip_to_content = \"Naar de inhoud ({n})\""),
                        1,
                    )
                    // Part of the finished bodies, not only of the pages.
                    .replacen(
                        "external_link = \"(externe link)\"",
                        &format!("external_link = \"(externe link {n})\""),
                        1,
                    );
                fs::create_dir_all(to.parent().unwrap()).unwrap();
                fs::write(&to, text).unwrap();
                self.check("theme strings nl.toml");
            }
            Edit::RemoveThemeOverride => {
                let overrides = files(&self.root().join("themes"), "");
                if overrides.is_empty() {
                    return self.edit(Edit::ThemeCss);
                }
                let file = self.rng.pick(&overrides).clone();
                fs::remove_file(&file).unwrap();
                self.check(&format!("removed {}", rel(&file)));
            }
            Edit::FreePage => {
                let pages = files(&content.join("pages"), ".md");
                let file = self.rng.pick(&pages).clone();
                let mut text = fs::read_to_string(&file).unwrap();
                if self.rng.below(2) == 0 {
                    // The title of a free page is its first heading, and it
                    // is in every page's footer.
                    text = text.replacen("# ", &format!("# ({n}) "), 1);
                } else {
                    text.push_str(&format!("\nBel ons over {} ({n}).\n", self.rng.word()));
                }
                fs::write(&file, text).unwrap();
                self.check(&format!("free page {}", rel(&file)));
            }
            Edit::AddVersion => {
                let by_as_of = self.rng.below(2) == 0;
                self.add_version(by_as_of);
            }
            Edit::DeleteVersion => {
                let docs = files(&content.join("documents"), "document.toml");
                let candidates: Vec<PathBuf> = docs
                    .iter()
                    .map(|d| d.parent().unwrap().to_path_buf())
                    .filter(|d| versions(d).len() > 1)
                    .collect();
                if candidates.is_empty() {
                    return self.edit(Edit::AddVersion);
                }
                let doc = self.rng.pick(&candidates).clone();
                let all = versions(&doc);
                // Mostly the newest (undoing an addition); sometimes one in
                // the middle of the history.
                let victim = if self.rng.below(3) == 0 {
                    self.rng.pick(&all).clone()
                } else {
                    all.last().unwrap().clone()
                };
                fs::remove_dir_all(&victim).unwrap();
                self.check(&format!("deleted version {}", rel(&victim)));
            }
            Edit::Touch => {
                // Saved without a change, as editors do.
                let all = files(&content, "");
                let file = self.rng.pick(&all).clone();
                let bytes = fs::read(&file).unwrap();
                fs::write(&file, bytes).unwrap();
                self.check(&format!("saved {} unchanged", rel(&file)));
            }
            Edit::InvalidThenFix => {
                let (file, broken): (PathBuf, Breaks) = match self.rng.below(5) {
                    0 => (
                        self.rng
                            .pick(&files(&content.join("documents"), "version.toml"))
                            .clone(),
                        Box::new(|t: &str| format!("{t}\nwrong_key = 1\n")),
                    ),
                    1 => (
                        self.rng
                            .pick(&files(&content.join("documents"), ".md"))
                            .clone(),
                        Box::new(|t: &str| format!("# A heading that is not allowed\n\n{t}")),
                    ),
                    2 => (
                        self.rng
                            .pick(&files(&content.join("relationships"), ".toml"))
                            .clone(),
                        Box::new(|t: &str| t.replace("party = \"", "party = \"nobody-")),
                    ),
                    3 => (
                        self.rng
                            .pick(&files(&content.join("organisations"), ".toml"))
                            .clone(),
                        Box::new(|t: &str| t.replacen("name = ", "name = 12 #", 1)),
                    ),
                    _ => {
                        let to = self.root().join("themes/default/templates/page.html");
                        if !to.exists() {
                            fs::create_dir_all(to.parent().unwrap()).unwrap();
                            fs::copy(
                                Path::new(env!("CARGO_MANIFEST_DIR"))
                                    .join("themes/default/templates/page.html"),
                                &to,
                            )
                            .unwrap();
                            self.check("theme override page.html, unchanged");
                        }
                        (to, Box::new(|t: &str| format!("{t}\n{{% if %}}\n")))
                    }
                };
                let good = fs::read_to_string(&file).unwrap();
                fs::write(&file, broken(&good)).unwrap();
                self.check(&format!("broken {}", rel(&file)));
                fs::write(&file, good).unwrap();
                self.check(&format!("fixed {}", rel(&file)));
            }
        }
    }

    /// Adds a version after the newest of a random document: published by
    /// the as-of date (announced, and sealed by the next publish) when
    /// `by_as_of`, else after it (a draft).
    fn add_version(&mut self, by_as_of: bool) {
        let n = self.step;
        let content = self.content();
        let docs = files(&content.join("documents"), "document.toml");
        let doc = self.rng.pick(&docs).parent().unwrap().to_path_buf();
        let all = versions(&doc);
        let last = all.last().unwrap();
        let major: u32 = last
            .file_name()
            .unwrap()
            .to_string_lossy()
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let effective = get_key(&last.join("version.toml"), "effective").unwrap();
        let effective = time::Date::parse(
            &effective,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap();
        let dir = doc.join(format!("{}.0", major + 1));
        fs::create_dir_all(&dir).unwrap();
        let published = if by_as_of {
            OPTS.as_of - time::Duration::days(5)
        } else {
            OPTS.as_of.max(effective) + time::Duration::days(5)
        };
        fs::write(
            dir.join("version.toml"),
            format!(
                "published = {published}\neffective = {}\nmaterial = false\nsummary = {{ nl = \"Nieuw {n}\", en = \"New {n}\" }}\n",
                published.max(effective) + time::Duration::days(40)
            ),
        )
        .unwrap();
        let body = fs::read_to_string(last.join("nl.md")).unwrap();
        fs::write(
            dir.join("nl.md"),
            format!("{body}\n## Nieuw in versie {}.0\n\nTekst {n}.\n", major + 1),
        )
        .unwrap();
        if self.rng.below(2) == 0 && last.join("en.md").exists() {
            let body = fs::read_to_string(last.join("en.md")).unwrap();
            fs::write(dir.join("en.md"), format!("{body}\nText {n}.\n")).unwrap();
        }
        self.check(&format!("new version {}", rel(&dir)));
    }

    /// Creates keys and a log, and seals every published version: the
    /// versions become sealed, and the verification page appears.
    /// The first time, the log's configuration and public keys are written
    /// too; later, only the sealed state changes.
    fn publish(&mut self) {
        use policypress::sign;
        use policypress::transparency::{self as tr, Sealed};
        let root = self.root().to_path_buf();
        if self.keys.is_none() {
            let toml = root.join("content/site.toml");
            let mut s = fs::read_to_string(&toml).unwrap();
            s.push_str(&format!("\n[transparency]\norigin = \"{ORIGIN}\"\n"));
            fs::write(&toml, s).unwrap();
            let artifact = sign::ArtifactKey::generate().unwrap();
            let checkpoint = policypress::tlog::Signer::generate(ORIGIN).unwrap();
            let t = root.join("transparency");
            fs::create_dir_all(&t).unwrap();
            fs::write(t.join(sign::PUBLIC_KEY_FILE), artifact.public_pem()).unwrap();
            fs::write(
                t.join(sign::VERIFIER_KEY_FILE),
                format!("{}\n", checkpoint.verifier().to_key_string()),
            )
            .unwrap();
            self.keys = Some((artifact, checkpoint));
        }
        let (artifact, checkpoint) = self.keys.as_ref().unwrap();
        let (site, diags) = policypress::content::load(&root);
        let Some(site) = site else {
            // Broken content cannot be published; the run goes on without.
            return self.check(&format!("publish refused: {diags:?}"));
        };
        let sealed = Sealed::load(&root, ORIGIN).unwrap();
        let pending = tr::plan(&site, sealed.as_ref(), OPTS.as_of).unwrap();
        let sealed_now = pending.len();
        if sealed_now > 0 {
            tr::seal(
                &root,
                ORIGIN,
                sealed.as_ref(),
                pending,
                artifact,
                checkpoint,
            )
            .unwrap();
        }
        self.check(&format!("published {sealed_now} new entries into the log"));
    }
}

fn rel(p: &Path) -> String {
    let s = p.to_string_lossy();
    match s.find("/content/") {
        Some(i) => s[i + 1..].to_string(),
        None => s.into_owned(),
    }
}

fn outcome(r: &Result<Built, policypress::diag::Diagnostics>) -> String {
    match r {
        Ok(_) => "succeeded".to_string(),
        Err(d) => format!("failed: {d:?}"),
    }
}

/// Asserts that `made` holds exactly the files of the full build `full`.
fn same_files(
    context: &str,
    what: &str,
    made: &BTreeMap<String, Vec<u8>>,
    full: &BTreeMap<String, Vec<u8>>,
) {
    let extra: Vec<_> = made.keys().filter(|k| !full.contains_key(*k)).collect();
    let missing: Vec<_> = full.keys().filter(|k| !made.contains_key(*k)).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{context}: the {what} made {extra:?} that a full build does not, and missed {missing:?}"
    );
    for (path, bytes) in full {
        if made[path] != *bytes {
            panic!(
                "{context}: {path} from the {what} differs from a full build:\n--- {what}\n{}\n--- full build\n{}",
                first_difference(&made[path], bytes),
                first_difference(bytes, &made[path]),
            );
        }
    }
}

fn by_path(b: &Built) -> BTreeMap<String, Vec<u8>> {
    b.files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect()
}

/// A little of `a` around where it first differs from `b`.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(200);
    String::from_utf8_lossy(&a[from..(at + 200).min(a.len())]).into_owned()
}

/// One run: every kind of edit once in a random order, some more at random,
/// a first publish, a few edits after it, and a publish of a new version.
fn run(seed: u64) -> Run {
    let mut r = Run::new(seed);
    r.check("first build");
    let mut plan = EVERY_EDIT.to_vec();
    for i in (1..plan.len()).rev() {
        let j = r.rng.below(i + 1);
        plan.swap(i, j);
    }
    for _ in 0..6 {
        let e = *r.rng.pick(EVERY_EDIT);
        plan.push(e);
    }
    for e in plan {
        r.edit_or_undo(e);
    }
    r.publish();
    for _ in 0..3 {
        let e = *r.rng.pick(&[
            Edit::BodyText,
            Edit::Organisation,
            Edit::Relationship,
            Edit::AddVersion,
            Edit::ThemeCss,
        ]);
        r.edit_or_undo(e);
    }
    // Only the sealed state changes: the new version is sealed.
    r.add_version(true);
    r.publish();
    r
}

#[test]
fn incremental_rebuilds_equal_full_builds_after_every_edit() {
    let seeds: Vec<u64> = match std::env::var("INCREMENTAL_SEED") {
        Ok(s) => vec![s.parse().expect("INCREMENTAL_SEED is a number")],
        Err(_) => {
            // Two fixed runs and one new each time, printed for replay.
            let fresh = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(7, |d| d.as_nanos() as u64);
            vec![1, 2, fresh]
        }
    };
    for seed in seeds {
        eprintln!("incremental: seed {seed}");
        let r = run(seed);
        eprintln!(
            "incremental: seed {seed}: {} good builds, {} failed alike, {} pages reused",
            r.good, r.bad, r.reused
        );
        // The run must have exercised both paths: pages taken over from the
        // last build, and builds that failed and were then fixed.
        assert!(r.reused > 0, "seed {seed}: no page was ever reused");
        assert!(r.bad > 0, "seed {seed}: no edit broke the site");
    }
}

#[test]
fn a_text_edit_reuses_the_pages_of_other_documents() {
    let mut r = Run::new(1);
    r.check("first build");
    let file = r.content().join("documents/privacyreglement/2.0/nl.md");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\nEen nieuwe alinea.\n");
    fs::write(&file, text).unwrap();
    r.check("body text");
    let built = site::build_cached(r.dir.path(), OPTS, &mut r.cache).unwrap();
    // Nothing changed since: every file is the last build's.
    assert_eq!(built.unchanged.len(), built.files.len());
    // And after another edit, the other documents' pages are reused while
    // the edited version's page is made again with the new text.
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\nNog een alinea.\n");
    fs::write(&file, text).unwrap();
    let built = site::build_cached(r.dir.path(), OPTS, &mut r.cache).unwrap();
    assert!(
        built
            .unchanged
            .contains("nl/documents/privacyverklaring/2.1/index.html")
    );
    assert!(
        !built
            .unchanged
            .contains("nl/documents/privacyreglement/2.0/index.html")
    );
    let page = built
        .files
        .iter()
        .find(|f| f.path == "nl/documents/privacyreglement/2.0/index.html")
        .unwrap();
    assert!(String::from_utf8_lossy(&page.bytes).contains("Nog een alinea."));
}
