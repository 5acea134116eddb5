//! Every kind of page the renderer knows is made for at least one site the
//! tests build (the fixtures, the example site, and a sealed copy of a
//! fixture for the verification page), so a page type that is declared but
//! never routed fails here rather than going unnoticed. The list of kinds
//! is a `match` without a catch-all and a struct taken apart without `..`:
//! a new `Route` variant does not compile until it is named in both.

use std::fs;
use std::path::Path;
use std::process::Command;

use policypress::Route;
use policypress::{BuildOptions, SiteAsOf};

mod common;
use common::{copy_tree, date, example_site, fixture};

/// Which kinds of page were seen.
#[derive(Default)]
struct Seen {
    home: bool,
    documents: bool,
    document: bool,
    version: bool,
    changes: bool,
    compare: bool,
    site_changes: bool,
    schools: bool,
    school: bool,
    school_relationship: bool,
    relationships: bool,
    relationship: bool,
    organisations: bool,
    organisation: bool,
    page: bool,
    accessibility: bool,
    verify: bool,
    about: bool,
    search: bool,
    contact: bool,
    glossary: bool,
    register: bool,
    school_register: bool,
}

impl Seen {
    fn mark(&mut self, route: &Route) {
        match route {
            Route::Home => self.home = true,
            Route::Documents => self.documents = true,
            Route::Document(_) => self.document = true,
            Route::Version(..) => self.version = true,
            Route::Changes(_) => self.changes = true,
            Route::Compare(..) => self.compare = true,
            Route::SiteChanges => self.site_changes = true,
            Route::Schools => self.schools = true,
            Route::School(_) => self.school = true,
            Route::SchoolRelationship(..) => self.school_relationship = true,
            Route::Relationships => self.relationships = true,
            Route::Relationship(_) => self.relationship = true,
            Route::Organisations => self.organisations = true,
            Route::Organisation(_) => self.organisation = true,
            Route::Page(_) => self.page = true,
            Route::Accessibility => self.accessibility = true,
            Route::Verify => self.verify = true,
            Route::About => self.about = true,
            Route::Search => self.search = true,
            Route::Contact => self.contact = true,
            Route::Glossary => self.glossary = true,
            Route::Register => self.register = true,
            Route::SchoolRegister(_) => self.school_register = true,
        }
    }

    /// The kinds no site made.
    fn missing(&self) -> Vec<&'static str> {
        let Seen {
            home,
            documents,
            document,
            version,
            changes,
            compare,
            site_changes,
            schools,
            school,
            school_relationship,
            relationships,
            relationship,
            organisations,
            organisation,
            page,
            accessibility,
            verify,
            about,
            search,
            contact,
            glossary,
            register,
            school_register,
        } = self;
        [
            ("Home", home),
            ("Documents", documents),
            ("Document", document),
            ("Version", version),
            ("Changes", changes),
            ("Compare", compare),
            ("SiteChanges", site_changes),
            ("Schools", schools),
            ("School", school),
            ("SchoolRelationship", school_relationship),
            ("Relationships", relationships),
            ("Relationship", relationship),
            ("Organisations", organisations),
            ("Organisation", organisation),
            ("Page", page),
            ("Accessibility", accessibility),
            ("Verify", verify),
            ("About", about),
            ("Search", search),
            ("Contact", contact),
            ("Glossary", glossary),
            ("Register", register),
            ("SchoolRegister", school_register),
        ]
        .into_iter()
        .filter(|(_, seen)| !**seen)
        .map(|(name, _)| name)
        .collect()
    }
}

/// The routes of the site in `root` on `as_of`, with its log if it has one.
fn routes(root: &Path, as_of: &str) -> Vec<Route> {
    let (site, diags) = policypress::content::load(root);
    let site = site.unwrap_or_else(|| panic!("{} does not load: {diags:?}", root.display()));
    let (seals, _, problems) = policypress::transparency::for_build(root, &site);
    assert!(problems.is_empty(), "{}: {problems:?}", root.display());
    let opts = BuildOptions {
        as_of: date(as_of),
        drafts: false,
        preview: false,
    };
    SiteAsOf::new(&site, opts, seals.as_ref()).routes()
}

/// A copy of the `basic` fixture sealed into a log through the command
/// line, as a publisher does it.
fn sealed_site(dir: &Path) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic").join("content"), &site.join("content"));
    let toml = site.join("content/site.toml");
    let mut t = fs::read_to_string(&toml).unwrap();
    t.push_str("\n[transparency]\norigin = \"privacy.lindenhof.example/log\"\n");
    fs::write(&toml, t).unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_policypress"))
            .args(args)
            .env("POLICYPRESS_KEY_PASSWORD", "pw")
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_STATE_HOME", dir.join("state"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let s = site.to_str().unwrap();
    run(&["keygen", "--site", s]);
    run(&["publish", "--site", s, "--as-of", common::AS_OF]);
    site
}

#[test]
fn every_kind_of_page_is_made_for_some_site() {
    let mut seen = Seen::default();
    let mut sites: Vec<(std::path::PathBuf, &str)> = Vec::new();
    for entry in fs::read_dir(fixture("")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("content/site.toml").is_file() {
            sites.push((dir, common::AS_OF));
        }
    }
    sites.push((example_site(), "2026-11-25"));
    let tmp = tempfile::tempdir().unwrap();
    sites.push((sealed_site(tmp.path()), common::AS_OF));
    for (root, as_of) in &sites {
        for route in routes(root, as_of) {
            seen.mark(&route);
        }
    }
    let missing = seen.missing();
    assert!(
        missing.is_empty(),
        "no site of the tests has a page of these kinds: {missing:?}; add one to a fixture"
    );
}
